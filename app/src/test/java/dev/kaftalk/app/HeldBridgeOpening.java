package dev.kaftalk.app;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A bridge socket slow to open on one page: SockJS asks {@code /eventbus/info} before it opens any transport, and
 * those answers wait here until released (the page's REST calls go on meanwhile). Installed before the page loads.
 */
final class HeldBridgeOpening {

  private final List<Route> held = new ArrayList<>();
  private boolean holding = true;

  private HeldBridgeOpening() {
  }

  static HeldBridgeOpening on(Page page) {
    HeldBridgeOpening opening = new HeldBridgeOpening();
    page.route(Pattern.compile("/eventbus/info"), route -> {
      if (opening.holding) {
        opening.held.add(route);
      } else {
        route.resume();
      }
    });
    return opening;
  }

  /** Lets the socket open: what was asked meanwhile goes on to the server. */
  void release() {
    holding = false;
    held.forEach(Route::resume);
    held.clear();
  }
}
