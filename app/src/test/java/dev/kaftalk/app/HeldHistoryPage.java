package dev.kaftalk.app;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;

import java.util.regex.Pattern;

/**
 * A slow answer to one page's next history page ({@code GET /api/rooms/{id}/messages}): the server answers it when it
 * is asked, but the answer reaches the page only once released (later requests go on as usual). Installed before the
 * request is made.
 */
final class HeldHistoryPage {

  private final Page page;
  private Route held;
  private APIResponse answer;

  private HeldHistoryPage(Page page) {
    this.page = page;
  }

  static HeldHistoryPage on(Page page) {
    HeldHistoryPage history = new HeldHistoryPage(page);
    page.route(Pattern.compile("/api/rooms/[^/]+/messages"), route -> {
      if (history.held == null && route.request().method().equals("GET")) {
        history.answer = route.fetch();
        history.held = route;
      } else {
        route.resume();
      }
    });
    return history;
  }

  /** Waits until the page asked for the page; its answer, as it stood then, is held. */
  void awaitAsked() {
    page.waitForCondition(() -> held != null);
  }

  /** Lets the answer, as the server gave it when asked, reach the page. */
  void release() {
    awaitAsked();
    held.fulfill(new Route.FulfillOptions().setResponse(answer));
  }
}
