package dev.kaftalk.app;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The history pages ({@code GET /api/rooms/{id}/messages}) one page asks for from now on, and how many are answered. */
final class HistoryRequests {

  private static final Pattern HISTORY = Pattern.compile("/api/rooms/[^/]+/messages(\\?.*)?$");

  private final Page page;
  private final List<String> asked = new ArrayList<>();
  private int settled;

  private HistoryRequests(Page page) {
    this.page = page;
  }

  static HistoryRequests of(Page page) {
    HistoryRequests requests = new HistoryRequests(page);
    page.onRequest(request -> {
      if (isHistory(request)) {
        requests.asked.add(request.url());
      }
    });
    page.onRequestFinished(request -> requests.settled(request));
    page.onRequestFailed(request -> requests.settled(request));
    return requests;
  }

  /** Waits until the page asked for at least one page and has every one it asked for answered (or failed). */
  void awaitSettled() {
    page.waitForCondition(() -> !asked.isEmpty() && settled == asked.size());
  }

  /** The addresses asked for, in order. */
  List<String> asked() {
    return List.copyOf(asked);
  }

  private void settled(Request request) {
    if (isHistory(request)) {
      settled++;
    }
  }

  private static boolean isHistory(Request request) {
    return request.method().equals("GET") && HISTORY.matcher(request.url()).find();
  }
}
