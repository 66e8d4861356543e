package dev.kaftalk.app;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.regex.Pattern;

/**
 * A slow network from one page to the server on its next bridge socket, from the frame that registers its inbox on:
 * that frame and every one the page writes after it wait here, in order, until released, while the server's frames
 * reach the page as usual. Installed before the page opens the socket.
 */
final class HeldRegistration {

  private final Page page;
  private final Queue<String> held = new ArrayDeque<>();
  private WebSocketRoute server;
  private boolean registered;
  private boolean holding = true;

  private HeldRegistration(Page page) {
    this.page = page;
  }

  static HeldRegistration on(Page page) {
    HeldRegistration registration = new HeldRegistration(page);
    page.routeWebSocket(Pattern.compile("/websocket$"), socket -> {
      WebSocketRoute server = socket.connectToServer();
      registration.server = server;
      socket.onMessage(frame -> registration.written(frame.text()));
    });
    return registration;
  }

  /** Waits until the page wrote its register frame, which is held. */
  void awaitHeld() {
    page.waitForCondition(() -> registered);
  }

  /**
   * Sends on everything held, in order. Playwright calls the route's handlers only inside its own calls, so no frame
   * the page writes meanwhile overtakes them.
   */
  void release() {
    awaitHeld();
    holding = false;
    while (!held.isEmpty()) {
      server.send(held.poll());
    }
  }

  /** A SockJS client frame is a JSON array of bridge messages, each a JSON text. */
  private void written(String frame) {
    registered = registered || new JsonArray(frame).stream()
        .anyMatch(message -> "register".equals(new JsonObject((String) message).getString("type")));
    if (holding && registered) {
      held.add(frame);
    } else {
      server.send(frame);
    }
  }
}
