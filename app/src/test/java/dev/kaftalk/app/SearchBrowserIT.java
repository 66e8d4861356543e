package dev.kaftalk.app;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.Axe;
import dev.kaftalk.testing.browser.ChromiumExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.IntStream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.kaftalk.app.BrowserSteps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Search and permalinks in real Chromium (issue 15): a search from the header finds a message with its words
 * marked, opens it highlighted in its room, older than the newest page, and newer pages load on scrolling down until
 * they meet the live end with nothing missing or twice; the message's link opens it for another member in a fresh
 * browser on a phone. A miss and a bad operator say so. A message's own Copy link shows on hover and as Tab reaches
 * it, always on a phone, and copies the link that opens it.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class, ChromiumExtension.class})
class SearchBrowserIT {

  /** More than a history page (50), so the found message is not among the newest ones the room opens with. */
  private static final int FILLERS = 60;
  private static final String FOUND = "The Zürich deployment checklist is in the wiki";

  // The fillers are posted at once by one author.
  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.configured(config ->
      config.put("chat", new JsonObject().put("messagesPerSecond", 1000).put("messageBurst", 1000)));

  @Test
  void aSearchOpensTheMessageInItsRoomAndItsLinkOpensItForAnotherMember(Page alice, Vertx vertx) throws Exception {
    String room = SharedInfra.unique("ops");
    alice.setViewportSize(1366, 800);
    BrowserSteps.register(alice, app.url(), SharedInfra.unique("alice"));
    alice.getByTestId("create-room-name").fill(room);
    alice.getByTestId("create-room-submit").click();
    String roomId = alice.getByTestId("room-item-" + room).getAttribute("data-room-id");

    String bobName = SharedInfra.unique("bob");
    ChatClient bob = await(ChatClient.register(vertx, app.port(), bobName, BrowserSteps.PASSWORD));
    await(bob.join(roomId));
    BridgeConnection bobBridge = await(bob.connect());
    List<String> fillers = IntStream.rangeClosed(1, FILLERS).mapToObj(i -> "filler " + i).toList();
    await(post(bobBridge, roomId, FOUND).compose(v -> postAll(bobBridge, roomId, fillers)));
    assertThat(messageTexts(alice).last()).hasText("filler " + FILLERS);
    // Coming back later, the room opens at its newest page, which the message to find is not on.
    alice.reload();
    alice.getByTestId("room-item-" + room).click();
    assertThat(messageTexts(alice).last()).hasText("filler " + FILLERS);
    assertThat(messageTexts(alice).filter(new Locator.FilterOptions().setHasText(FOUND))).hasCount(0);

    alice.keyboard().press("Control+K");
    Locator input = alice.getByTestId("search-input");
    assertThat(input).isFocused();
    input.fill("zurich checklist");
    input.press("Enter");
    Locator hit = alice.getByTestId("search-result").first();
    assertThat(hit.getByTestId("search-result-room")).hasText("# " + room);
    assertThat(hit.getByTestId("search-result-author")).hasText(bobName);
    assertThat(hit.getByTestId("search-result-text")).hasText(FOUND);
    assertThat(hit.locator("mark")).hasText(new String[] {"Zürich", "checklist"});
    ChromiumExtension.screenshot(alice, "search-results-desktop");
    assertEquals(List.of(), Axe.violations(alice, "#search"), "the search box and its results");

    alice.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
    alice.getByTestId("search-copy-link").first().click();
    assertThat(alice.locator("[data-testid=toast][data-kind=info]")).containsText("Link copied.");
    String permalink = (String) alice.evaluate("() => navigator.clipboard.readText()");

    input.press("ArrowDown");
    assertThat(hit).isFocused();
    alice.keyboard().press("Enter");
    assertThat(alice.getByTestId("search-panel")).isHidden();
    assertEquals(permalink, alice.url(), "the address is the message's link");
    Locator highlighted = alice.locator("[data-testid=message][data-highlighted=true]");
    assertThat(highlighted.getByTestId("message-text")).hasText(FOUND);
    assertThat(highlighted).isInViewport();
    assertThat(highlighted).isFocused();
    assertThat(alice.getByTestId("jump-latest")).hasText("Jump to latest ↓");
    ChromiumExtension.screenshot(alice, "permalink-desktop");
    assertEquals(List.of(), Axe.violations(alice, "#room-view"), "the room with the highlighted message");

    // Live messages that arrive while the window is away from the live end show once it gets there, after the rest.
    await(post(bobBridge, roomId, "while alice reads back"));
    scrollToBottom(alice);
    assertThat(messageTexts(alice).last()).hasText("while alice reads back");
    List<String> shown = messageTexts(alice).allTextContents();
    assertEquals(fillers, shown.stream().filter(text -> text.startsWith("filler ")).toList(),
        "every filler once, in order, between the found message and the live end: " + shown);
    assertEquals(FOUND, shown.get(0));
    await(post(bobBridge, roomId, "live again"));
    assertThat(messageTexts(alice).last()).hasText("live again");
    assertThat(alice.getByTestId("jump-latest")).not().hasText("Jump to latest ↓");

    try (BrowserContext phoneContext = BrowserSteps.phone(alice.context().browser())) {
      Page phone = phoneContext.newPage();
      phone.navigate(permalink);
      BrowserSteps.logIn(phone, bobName);
      assertThat(phone.getByTestId("room-title")).containsText(room);
      Locator landed = phone.locator("[data-testid=message][data-highlighted=true]");
      assertThat(landed.getByTestId("message-text")).hasText(FOUND);
      assertThat(landed).isInViewport();
      ChromiumExtension.screenshot(phone, "permalink-phone");

      phone.getByTestId("search-toggle").click();
      phone.getByTestId("search-input").fill("deploy*");
      phone.getByTestId("search-input").press("Enter");
      assertThat(phone.getByTestId("search-result").first().locator("mark")).hasText(new String[] {"deployment"});
      ChromiumExtension.screenshot(phone, "search-results-phone");
      assertEquals(List.of(), Axe.violations(phone, "#search"), "the search box and its results on a phone");
    }
  }

  @Test
  void aMissSaysSoABadOperatorShowsTheServersErrorAndEscapeGivesFocusBack(Page page) {
    String room = SharedInfra.unique("quiet");
    BrowserSteps.register(page, app.url(), SharedInfra.unique("carol"));
    page.getByTestId("create-room-name").fill(room);
    page.getByTestId("create-room-submit").click();
    Locator composer = page.getByTestId("message-input");
    composer.fill("nothing to find here");
    composer.press("Enter");
    assertThat(messageTexts(page).last()).hasText("nothing to find here");

    page.getByTestId("message-list").focus();
    page.keyboard().press("/");
    Locator input = page.getByTestId("search-input");
    assertThat(input).isFocused();
    assertThat(page.getByTestId("search-help")).containsText("from:");
    input.fill("xylophone");
    input.press("Enter");
    assertThat(page.getByTestId("search-status")).hasText("No results for “xylophone”");
    assertThat(page.getByTestId("search-result")).hasCount(0);

    input.fill("before:notadate");
    input.press("Enter");
    assertThat(page.getByTestId("search-error")).isVisible();
    assertThat(page.getByTestId("search-error")).containsText("before:"); // the server names what it could not read
    ChromiumExtension.screenshot(page, "search-error-desktop");

    input.press("Escape");
    assertThat(page.getByTestId("search-panel")).isHidden();
    assertThat(page.getByTestId("message-list")).isFocused();
    composer.focus();
    page.keyboard().press("/");
    assertThat(composer).hasValue("/");
    assertThat(input).not().isFocused();
  }

  @Test
  void aMessagesCopyLinkShowsOnHoverAndFocusAndItsLinkOpensTheMessageOnAPhone(Page page) {
    String room = SharedInfra.unique("links");
    String dana = SharedInfra.unique("dana");
    page.setViewportSize(1366, 800);
    BrowserSteps.register(page, app.url(), dana);
    page.getByTestId("create-room-name").fill(room);
    page.getByTestId("create-room-submit").click();
    String roomId = page.getByTestId("room-item-" + room).getAttribute("data-room-id");
    List<String> sent = List.of("The release notes are in the wiki", "Shipping at five", "Ping me when it is green");
    for (String text : sent) {
      page.getByTestId("message-input").fill(text);
      page.getByTestId("message-input").press("Enter");
    }
    Locator messages = page.getByTestId("message");
    assertThat(messages.getByTestId("message-text")).hasText(sent.toArray(String[]::new));
    // Every message the server has taken has the action; none shows while the pointer is elsewhere.
    Locator copyLinks = page.getByTestId("message-copy-link");
    assertThat(copyLinks).hasCount(sent.size());
    page.getByTestId("room-title").hover();
    assertThat(copyLinks.first()).hasCSS("opacity", "0");

    // Tab goes from the message list to the messages' actions, one message after another, each showing as it is
    // reached; Enter copies that message's link.
    page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
    page.getByTestId("message-list").focus();
    page.keyboard().press("Tab");
    assertThat(copyLinks.nth(0)).isFocused();
    page.keyboard().press("Tab");
    assertThat(copyLinks.nth(1)).isFocused();
    assertThat(copyLinks.nth(1)).hasCSS("opacity", "1");
    assertThat(copyLinks.nth(0)).hasCSS("opacity", "0");
    assertThat(copyLinks.nth(1)).hasAccessibleName("Copy link to " + dana + "’s message");
    page.keyboard().press("Enter");
    assertThat(page.locator("[data-testid=toast][data-kind=info]")).containsText("Link copied.");
    String link = (String) page.evaluate("() => navigator.clipboard.readText()");
    assertEquals(app.url() + "#/rooms/" + roomId + "/messages/" + messages.nth(1).getAttribute("data-cursor"), link);
    ChromiumExtension.screenshot(page, "message-copy-link-desktop");
    assertEquals(List.of(), Axe.violations(page, "#room-view"), "the room with a message's action showing");
    messages.nth(2).hover();
    assertThat(copyLinks.nth(2)).hasCSS("opacity", "1");

    try (BrowserContext phoneContext = BrowserSteps.phone(page.context().browser())) {
      phoneContext.grantPermissions(List.of("clipboard-read", "clipboard-write"));
      Page phone = phoneContext.newPage();
      phone.navigate(link);
      BrowserSteps.logIn(phone, dana);
      Locator landed = phone.locator("[data-testid=message][data-highlighted=true]");
      assertThat(landed.getByTestId("message-text")).hasText(sent.get(1));
      // A phone cannot hover: every message's action shows.
      Locator phoneLinks = phone.getByTestId("message-copy-link");
      assertThat(phoneLinks.first()).hasCSS("opacity", "1");
      ChromiumExtension.screenshot(phone, "message-copy-link-phone");
      assertEquals(List.of(), Axe.violations(phone, "#room-view"), "the room on a phone, every action showing");
      phoneLinks.first().tap();
      assertThat(phone.locator("[data-testid=toast][data-kind=info]")).containsText("Link copied.");
      assertEquals(app.url() + "#/rooms/" + roomId + "/messages/" + phone.getByTestId("message").first()
          .getAttribute("data-cursor"), phone.evaluate("() => navigator.clipboard.readText()"));
    }
  }

  private static void scrollToBottom(Page page) {
    page.getByTestId("message-list").evaluate("list => list.scrollTop = list.scrollHeight");
  }

  private static Future<Void> post(BridgeConnection bridge, String roomId, String text) {
    return bridge.request("server.chat.send", ChatContractIT.message(roomId, text, SharedInfra.unique("m"))).mapEmpty();
  }

  private static Future<Void> postAll(BridgeConnection bridge, String roomId, List<String> texts) {
    Future<Void> chain = Future.succeededFuture();
    for (String text : texts) {
      chain = chain.compose(v -> post(bridge, roomId, text));
    }
    return chain;
  }


  private static Locator messageTexts(Page page) {
    return page.getByTestId("message-list").getByTestId("message-text");
  }
}
