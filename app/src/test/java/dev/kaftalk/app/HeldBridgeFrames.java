package dev.kaftalk.app;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.regex.Pattern;

/**
 * A slow network on one page's bridge socket: while held, what the server sends (answers and frames) waits here, in
 * order, until released. Installed before the page opens its socket.
 */
final class HeldBridgeFrames {

  private final Page page;
  private final Queue<String> held = new ArrayDeque<>();
  private WebSocketRoute socket;
  private String lastReplyAddress;
  /** The page's latest request when holding began: the answer waited for is to a request made after it. */
  private String askedBeforeHolding;
  private boolean holding;

  private HeldBridgeFrames(Page page) {
    this.page = page;
  }

  static HeldBridgeFrames on(Page page) {
    HeldBridgeFrames frames = new HeldBridgeFrames(page);
    page.routeWebSocket(Pattern.compile("/websocket$"), socket -> {
      frames.socket = socket;
      WebSocketRoute server = socket.connectToServer();
      server.onMessage(frame -> frames.arrived(frame.text()));
      socket.onMessage(frame -> {
        frames.asked(frame.text());
        server.send(frame.text());
      });
    });
    return frames;
  }

  void hold() {
    holding = true;
    askedBeforeHolding = lastReplyAddress;
  }

  /**
   * Waits until the page made a request since {@link #hold} and its answer is held, then sends on everything held in
   * order. Playwright calls the route's handlers only inside its own calls: a frame arriving while these are sent joins
   * the end of the queue, and none arrives between the last one sent and the end of holding.
   */
  void releaseOnceAnswered() {
    page.waitForCondition(() -> lastReplyAddress != null && !lastReplyAddress.equals(askedBeforeHolding)
        && held.stream().anyMatch(frame -> frame.contains(lastReplyAddress)));
    while (!held.isEmpty()) {
      socket.send(held.poll());
    }
    holding = false;
  }

  private void arrived(String frame) {
    if (holding) {
      held.add(frame);
    } else {
      socket.send(frame);
    }
  }

  /** A SockJS client frame is a JSON array of bridge messages, each a JSON text. */
  private void asked(String frame) {
    for (Object message : new JsonArray(frame)) {
      String replyAddress = new JsonObject((String) message).getString("replyAddress");
      if (replyAddress != null) {
        lastReplyAddress = replyAddress;
      }
    }
  }
}
