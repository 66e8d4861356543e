package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import com.microsoft.playwright.options.BoundingBox;
import dev.kaftalk.testing.browser.Axe;
import dev.kaftalk.testing.browser.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two people chat in real Chromium windows, through Kafka, as DESIGN.md §1 items 1-4 describe. */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class ChatBrowserIT {

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void twoPeopleChatAndAnOfflineOneCatchesUpAndDeliversItsPendingSendOnce(Page alice, Browser browser) {
    String room = SharedInfra.unique("team");
    String aliceName = SharedInfra.unique("alice");
    String bobName = SharedInfra.unique("bob");
    try (BrowserContext bobContext = browser.newContext()) {
      Page bob = bobContext.newPage();

      register(alice, aliceName);
      ChromiumExtension.screenshot(alice, "chat-rooms-empty");
      alice.getByTestId("create-room-name").fill(room);
      alice.getByTestId("create-room-submit").click();
      assertThat(alice.getByTestId("room-title")).containsText(room);

      register(bob, bobName);
      bob.getByTestId("join-room-" + room).click();
      bob.getByTestId("room-item-" + room).click();
      assertThat(bob.getByTestId("room-title")).containsText(room);

      send(alice, "Hello Bob");
      assertThat(messageTexts(bob)).containsText(new String[] {"Hello Bob"});
      send(bob, "Hi Alice");
      assertThat(messageTexts(alice)).containsText(new String[] {"Hello Bob", "Hi Alice"});
      assertThat(alice.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "sent");

      bobContext.setOffline(true);
      assertThat(bob.getByTestId("connection-banner")).not().hasAttribute("data-status", "online");
      send(alice, "While you were offline 1");
      send(alice, "While you were offline 2");
      send(alice, "While you were offline 3");
      bob.getByTestId("message-input").fill("Sent while offline");
      bob.getByTestId("message-input").press("Enter");
      Locator offlineSend = bob.locator("[data-testid=message][data-own=true]").last();
      assertThat(offlineSend).hasAttribute("data-state", "pending");
      bobContext.setOffline(false);

      assertThat(bob.getByTestId("connection-banner")).hasAttribute("data-status", "online");
      assertThat(offlineSend).hasAttribute("data-state", "sent");
      String[] everything = {"Hello Bob", "Hi Alice", "While you were offline 1", "While you were offline 2",
          "While you were offline 3", "Sent while offline"};
      assertThat(messageTexts(bob)).hasText(everything);
      assertThat(messageTexts(alice)).hasText(everything);
      List<String> ids = bob.getByTestId("message").all().stream().map(m -> m.getAttribute("data-id")).toList();
      assertEquals(6, new HashSet<>(ids).size(), "no duplicates after catch-up: " + ids);
      ChromiumExtension.screenshot(bob, "chat-room-after-catch-up");
      ChromiumExtension.screenshot(alice, "chat-room-sender");
    }
  }

  @Test
  void aRoomListAnsweredLateDoesNotHideTheRoomCreatedMeanwhile(Page alice) {
    String room = SharedInfra.unique("late");
    register(alice, SharedInfra.unique("alice"));
    AtomicReference<Route> held = new AtomicReference<>();
    AtomicReference<APIResponse> before = new AtomicReference<>();
    // The first room list asked from here on is answered as it stood when asked, but only after the room exists.
    alice.route("**/api/rooms", route -> {
      if (route.request().method().equals("GET") && held.get() == null) {
        before.set(route.fetch());
        held.set(route);
      } else {
        route.resume();
      }
    });
    alice.evaluate("document.dispatchEvent(new Event('visibilitychange'))");
    alice.waitForCondition(() -> held.get() != null);

    alice.getByTestId("create-room-name").fill(room);
    alice.getByTestId("create-room-submit").click();
    assertThat(alice.getByTestId("room-title")).containsText(room);
    alice.waitForResponse(response -> response.request().method().equals("GET") && response.url().endsWith("/api/rooms"),
        () -> held.get().fulfill(new Route.FulfillOptions().setResponse(before.get()))).finished();

    send(alice, "Still here");
    assertThat(alice.getByTestId("room-title")).containsText(room);
    assertThat(alice.getByTestId("room-item-" + room)).isVisible();
  }

  @Test
  void aPermalinkPastedInAMessageOpensItsMessageInTheSameTab(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "pasted")) {
      Page bob = two.bobsPage();
      BrowserSteps.send(alice, "The plan is in here");
      Locator planned = bob.getByTestId("message").first();
      assertThat(planned).hasAttribute("data-cursor", Pattern.compile(".+"));
      String roomId = bob.getByTestId("room-item-" + two.room()).getAttribute("data-room-id");
      String link = app.url() + "#/rooms/" + roomId + "/messages/" + planned.getAttribute("data-cursor");
      BrowserSteps.send(alice, "See " + link + " for the plan");
      Locator pasted = bob.getByTestId("message-text").last().getByRole(AriaRole.LINK);
      assertThat(pasted).hasText(link);
      assertThat(pasted).not().hasAttribute("target", "_blank");
      pasted.click();
      assertThat(planned).hasAttribute("data-highlighted", "true");
      assertEquals(1, bob.context().pages().size(), "no second copy of the app in a new tab");
      // A link elsewhere still opens beside the app.
      BrowserSteps.send(alice, "Also https://example.com/plan");
      assertThat(bob.getByTestId("message-text").last().getByRole(AriaRole.LINK)).hasAttribute("target", "_blank");
    }
  }

  @Test
  void aMessagePostedWhileTheBridgeOpensCountsInTheSidebar(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "early")) {
      String room = two.room();
      BrowserSteps.createRoom(alice, SharedInfra.unique("elsewhere"));
      postWhileTheBridgeOpens(alice, alice.getByTestId("room-item-" + room), two.bobsPage(),
          "Posted before alice was online");
      Locator unread = alice.getByTestId("unread-" + room);
      assertThat(unread).hasText("1");
      assertEquals(List.of(), Axe.violations(alice, "#sidebar"), "the sidebar with its count on a desktop");
      ChromiumExtension.screenshot(alice, "early-unread-desktop");

      // On a phone, by keyboard: the drawer shows the count, and the room opens on the message.
      alice.setViewportSize(390, 844);
      alice.getByTestId("sidebar-toggle").focus();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("sidebar")).isInViewport();
      assertThat(unread).hasText("1");
      assertEquals(List.of(), Axe.violations(alice, "#sidebar"), "the drawer with its count on a phone");
      ChromiumExtension.screenshot(alice, "early-unread-phone");
      BrowserSteps.tabTo(alice, "Tab", alice.getByTestId("room-item-" + room), 30);
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("room-title")).containsText(room);
      assertThat(messageTexts(alice).last()).hasText("Posted before alice was online");
      assertThat(unread).hasCount(0);
      alice.setViewportSize(1366, 800);
    }
  }

  @Test
  void messagesPostedWhileTheBridgeOpensShowInTheOpenRoomOnceAndInOrder(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "opening")) {
      Page bob = two.bobsPage();
      // The open room is empty when alice's page loads it again: bob's message shows all the same, quietly.
      postWhileTheBridgeOpens(alice, alice.locator("[data-testid=message-list][data-empty=none]"), bob,
          "Posted while alice connects");
      assertThat(messageTexts(alice)).hasText(new String[] {"Posted while alice connects"});
      assertEquals(List.of(), loadingShown(alice), "the empty room, shown empty, never says it is loading");

      // Alice answers by keyboard, to the whole conversation.
      BrowserSteps.tabTo(alice, "Tab", alice.getByTestId("message-input"), 40);
      alice.keyboard().type("Alice answers");
      alice.keyboard().press("Enter");
      assertThat(messageTexts(bob)).hasText(new String[] {"Posted while alice connects", "Alice answers"});

      // The room shows messages when it loads: the one posted meanwhile joins them, after them, once.
      Locator answer = messageTexts(alice).filter(new Locator.FilterOptions().setHasText("Alice answers"));
      postWhileTheBridgeOpens(alice, answer, bob, "Posted again meanwhile");
      assertThat(messageTexts(alice))
          .hasText(new String[] {"Posted while alice connects", "Alice answers", "Posted again meanwhile"});
      assertThat(alice.getByTestId("connection-banner")).hasText("Online");
      assertEquals(List.of(), loadingShown(alice), "the room shown never says it is loading again");
      BrowserSteps.auditDialog(alice, "room-view", "opening-caught-up");
    }
  }

  @Test
  void anEmptyRoomCatchesUpAfterAnOutageWithoutShowingItselfLoading(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "outage")) {
      Page bob = two.bobsPage();
      Locator list = alice.getByTestId("message-list");
      Locator banner = alice.getByTestId("connection-banner");
      assertThat(list).hasAttribute("data-empty", "none");
      assertThat(banner).hasAttribute("data-status", "online");
      watchLoading(alice);
      alice.context().setOffline(true);
      assertThat(banner).not().hasAttribute("data-status", "online");
      send(bob, "Posted during the outage");
      assertThat(bob.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "sent");

      // While the catch-up's page is on its way, the room alice was reading stays as it was: empty, not loading.
      HeldHistoryPage catchUp = HeldHistoryPage.on(alice);
      alice.context().setOffline(false);
      assertThat(banner).hasAttribute("data-status", "online");
      catchUp.awaitAsked();
      assertThat(list).hasAttribute("data-empty", "none");
      assertThat(list).hasAttribute("aria-busy", "false");
      BrowserSteps.screenshots(alice, "reconnect-catching-up");
      catchUp.release();
      assertThat(messageTexts(alice)).hasText(new String[] {"Posted during the outage"});
      assertEquals(List.of(), loadingShown(alice), "the room shown never says it is loading");
      BrowserSteps.screenshots(alice, "reconnect-caught-up");
    }
  }

  @Test
  void aRoomOpenedWhileTheNetworkIsDownSaysItFailedAndLoadsByItselfOnceTheNetworkIsBack(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "reading")) {
      Page bob = two.bobsPage();
      String other = SharedInfra.unique("other");
      BrowserSteps.createRoom(bob, other);
      send(bob, "Posted before alice looked");
      alice.getByTestId("join-room-" + other).click();
      assertThat(messageTexts(alice)).hasText(new String[] {"Posted before alice looked"});
      alice.getByTestId("room-item-" + two.room()).click();
      assertThat(alice.getByTestId("room-title")).containsText(two.room());
      // Loaded again, alice's page has not asked for the other room's messages yet.
      alice.reload();
      Locator banner = alice.getByTestId("connection-banner");
      assertThat(banner).hasAttribute("data-status", "online");
      assertThat(alice.getByTestId("room-title")).containsText(two.room());

      Locator list = alice.getByTestId("message-list");
      Locator error = alice.getByTestId("history-error");
      Locator retry = alice.getByTestId("history-retry");
      alice.context().setOffline(true);
      assertThat(banner).not().hasAttribute("data-status", "online");
      alice.evaluate("() => { window.emptyShown = []; new MutationObserver(() => window.emptyShown.push("
          + "document.getElementById('message-list').dataset.empty)).observe(document.getElementById('message-list'),"
          + " { attributes: true, attributeFilter: ['data-empty'] }); }");
      alice.getByTestId("room-item-" + other).click();
      assertThat(error).containsText("Couldn’t load messages");
      assertThat(error).hasAttribute("role", "status");
      assertThat(list).hasAttribute("data-empty", "error");
      BrowserSteps.auditDialog(alice, "room-view", "history-error");

      // Retry, by keyboard, while the network is still down: it asks again and says again that it failed.
      BrowserSteps.tabTo(alice, "Shift+Tab", retry, 15);
      alice.waitForRequest(Pattern.compile("/api/rooms/[^/]+/messages"), () -> alice.keyboard().press("Enter"));
      assertThat(error).containsText("Couldn’t load messages");
      assertThat(list).hasAttribute("data-empty", "error");

      alice.context().setOffline(false);
      assertThat(banner).hasAttribute("data-status", "online");
      assertThat(messageTexts(alice)).hasText(new String[] {"Posted before alice looked"});
      assertThat(retry).hasCount(0);
      send(bob, "Posted once alice was back");
      assertThat(messageTexts(alice)).hasText(new String[] {"Posted before alice looked", "Posted once alice was back"});
      assertFalse(((List<?>) alice.evaluate("() => window.emptyShown")).contains("none"),
          "the room said it had no messages");
    }
  }

  @Test
  void whileReconnectingTheHeaderStillSaysWhichRoomIsOpen(Page page) {
    String room = SharedInfra.unique("where");
    page.setViewportSize(1280, 800);
    register(page, SharedInfra.unique("wes"));
    BrowserSteps.createRoom(page, room);
    double online = page.getByTestId("room-title").boundingBox().width;
    page.context().setOffline(true);
    Locator banner = page.getByTestId("connection-banner");
    assertThat(banner).containsText("Reconnecting");
    assertThat(page.getByTestId("reconnect-now")).isVisible();
    assertTheBannerLeavesTheTitleItsRow(page, "on a desktop");
    double reconnecting = page.getByTestId("room-title").boundingBox().width;
    assertTrue(reconnecting >= online, "the title had " + online + " px online, " + reconnecting + " px reconnecting");
    ChromiumExtension.screenshot(page, "reconnecting-header-desktop");
    page.setViewportSize(390, 844);
    assertTheBannerLeavesTheTitleItsRow(page, "on a phone");
    ChromiumExtension.screenshot(page, "reconnecting-header-phone");
    page.setViewportSize(1280, 800);
    page.context().setOffline(false);
    assertThat(banner).hasAttribute("data-status", "online");
  }

  /** The banner is a strip above the header's row, which keeps the title and the member count in sight. */
  private static void assertTheBannerLeavesTheTitleItsRow(Page page, String where) {
    BoundingBox header = page.locator(".room-header").boundingBox();
    BoundingBox banner = page.getByTestId("connection-banner").boundingBox();
    Locator title = page.getByTestId("room-title");
    BoundingBox titleBox = title.boundingBox();
    BoundingBox members = page.getByTestId("room-members").boundingBox();
    assertTrue(titleBox.width >= 80, "the title is " + titleBox.width + " px wide " + where);
    for (BoundingBox box : List.of(titleBox, members)) {
      assertTrue(box.y >= banner.y + banner.height, "the title and member count below the banner " + where);
      assertTrue(box.x >= header.x && box.x + box.width <= header.x + header.width, "inside the header " + where);
    }
    assertTrue(Math.abs(banner.width - header.width) < 1, "the banner spans the header " + where);
  }

  @Test
  void aMessagePostedWhileTheRoomsFirstPageIsOnItsWayShowsOnceTheBridgeOpens(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "inflight")) {
      Page bob = two.bobsPage();
      send(alice, "Alice was here first");
      // Alice loads the app again: her room's first page is asked before her bridge opens and answered after it.
      HeldBridgeOpening opening = HeldBridgeOpening.on(alice);
      HeldHistoryPage firstPage = HeldHistoryPage.on(alice);
      alice.reload();
      firstPage.awaitAsked();
      send(bob, "Posted while alice's page loads");
      assertThat(bob.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "sent");
      opening.release();
      assertThat(alice.getByTestId("connection-banner")).hasAttribute("data-status", "online");
      firstPage.release();

      assertThat(messageTexts(alice)).hasText(new String[] {"Alice was here first", "Posted while alice's page loads"});
      BrowserSteps.screenshots(alice, "first-page-caught-up");
    }
  }

  @Test
  void aMessagePostedBeforeTheServerTookTheInboxRegistrationShowsWithoutAReload(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "registering")) {
      Page bob = two.bobsPage();
      send(alice, "Alice was here first");
      // Alice loads the app again: her socket opens, but the server reads her inbox's register frame only later.
      HeldRegistration registration = HeldRegistration.on(alice);
      HistoryRequests history = HistoryRequests.of(alice);
      alice.reload();
      registration.awaitHeld();
      assertThat(messageTexts(alice)).hasText(new String[] {"Alice was here first"});
      history.awaitSettled();
      send(bob, "Posted before alice's inbox counted");
      assertThat(bob.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "sent");
      registration.release();

      assertThat(messageTexts(alice)).hasText(new String[] {"Alice was here first", "Posted before alice's inbox counted"});
      BrowserSteps.screenshots(alice, "registration-caught-up");
    }
  }

  @Test
  void messagesWrittenOfflineBeyondTheBurstAllowanceAllGoOutInOrder(Page page, Browser browser) {
    String room = SharedInfra.unique("queue");
    register(page, SharedInfra.unique("olga"));
    page.getByTestId("create-room-name").fill(room);
    page.getByTestId("create-room-submit").click();
    assertThat(page.getByTestId("room-title")).containsText(room);
    // More than the contract's burst of 10, so the server refuses some with 429 at first.
    String[] written = java.util.stream.IntStream.rangeClosed(1, 14).mapToObj(i -> "queued " + i)
        .toArray(String[]::new);
    page.context().setOffline(true);
    assertThat(page.getByTestId("connection-banner")).not().hasAttribute("data-status", "online");
    for (String text : written) {
      page.getByTestId("message-input").fill(text);
      page.getByTestId("message-input").press("Enter");
    }
    page.context().setOffline(false);

    Locator own = page.locator("[data-testid=message][data-own=true]");
    for (int i = 0; i < written.length; i++) {
      assertThat(own.nth(i)).hasAttribute("data-state", "sent");
    }
    assertThat(messageTexts(page)).hasText(written);
    page.reload();
    page.getByTestId("room-item-" + room).click();
    assertThat(messageTexts(page)).hasText(written);
  }

  @Test
  void markupInAMessageShowsAsTextAndRunsNothing(Page alice, Browser browser) {
    String room = SharedInfra.unique("xss");
    String attack = "<img src=x onerror=\"window.__owned=1\"> <b>bold?</b>";
    register(alice, SharedInfra.unique("ann"));
    alice.getByTestId("create-room-name").fill(room);
    alice.getByTestId("create-room-submit").click();
    try (BrowserContext bobContext = browser.newContext()) {
      Page bob = bobContext.newPage();
      register(bob, SharedInfra.unique("ben"));
      bob.getByTestId("join-room-" + room).click();
      bob.getByTestId("room-item-" + room).click();
      send(alice, attack);

      assertThat(messageTexts(bob).last()).hasText(attack);
      assertEquals(0, bob.getByTestId("message-list").locator("img:not([data-testid=message-image]), b").count(),
          "no element was made from the message");
      assertNull(bob.evaluate("() => window.__owned"), "the onerror handler never ran");
      assertNull(alice.evaluate("() => window.__owned"), "not for the sender either");
      ChromiumExtension.screenshot(bob, "chat-markup-as-text");
    }
  }

  @Test
  void aPasswordChangeKeepsThisTabChattingAndSignsTheOtherDeviceOut(Page laptop, Browser browser) {
    String name = SharedInfra.unique("pia");
    String room = SharedInfra.unique("pw");
    String replacement = "a new browser password";
    register(laptop, name);
    laptop.getByTestId("create-room-name").fill(room);
    laptop.getByTestId("create-room-submit").click();
    try (BrowserContext phoneContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844))) {
      Page phone = phoneContext.newPage();
      signIn(phone, name, BrowserSteps.PASSWORD);
      assertThat(phone.getByTestId("connection-banner")).hasAttribute("data-status", "online");
      phone.getByTestId("sidebar-toggle").click();
      phone.getByTestId("change-password").click();
      assertThat(phone.getByTestId("password-dialog")).isVisible();
      ChromiumExtension.screenshot(phone, "password-dialog-phone");
      phone.getByTestId("password-close").click();
      assertThat(phone.getByTestId("password-dialog")).isHidden();

      laptop.getByTestId("change-password").click();
      fillPasswords(laptop, "not my password", replacement, replacement);
      assertThat(laptop.getByTestId("password-current-error")).hasText("Your current password is not right");
      fillPasswords(laptop, BrowserSteps.PASSWORD, replacement, replacement + "!");
      assertThat(laptop.getByTestId("password-confirm-error")).hasText("The two new passwords differ.");
      ChromiumExtension.screenshot(laptop, "password-dialog-errors");
      fillPasswords(laptop, BrowserSteps.PASSWORD, replacement, replacement);
      assertThat(laptop.getByTestId("password-dialog")).isHidden();
      assertThat(laptop.locator("[data-testid=toast][data-kind=info]")).containsText("Password changed");

      assertThat(phone.getByTestId("auth-form")).isVisible();
      assertThat(phone.getByTestId("toast")).containsText("Your session has ended");
      ChromiumExtension.screenshot(phone, "password-changed-elsewhere-phone");

      assertThat(laptop.getByTestId("connection-banner")).hasAttribute("data-status", "online");
      send(laptop, "Still here after the change");
      assertThat(laptop.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "sent");

      signIn(phone, name, BrowserSteps.PASSWORD);
      assertThat(phone.getByTestId("auth-error")).isVisible();
      signIn(phone, name, replacement);
      assertThat(phone.getByTestId("current-user")).containsText(name);
    }
  }

  @Test
  void thePasswordDialogIsUsedFromTheKeyboardAndKeepsTheFocusInside(Page page) {
    page.setViewportSize(1366, 800);
    register(page, SharedInfra.unique("kim"));
    Locator opener = page.getByTestId("change-password");
    Locator save = page.getByTestId("password-save");
    BrowserSteps.openAndWrap(page, opener, page.getByTestId("password-current"), page.getByTestId("password-close"), save);

    page.keyboard().press("Tab");
    page.keyboard().type("not my password");
    page.keyboard().press("Tab");
    page.keyboard().type("a new browser password");
    page.keyboard().press("Tab");
    page.keyboard().type("a new browser password");
    page.keyboard().press("Tab");
    assertThat(save).isFocused();
    page.keyboard().press("Enter");
    assertThat(page.getByTestId("password-current-error")).hasText("Your current password is not right");
    assertThat(save).isFocused();
    BrowserSteps.auditDialog(page, "password-dialog", "password-dialog-keyboard");
    BrowserSteps.escapeFrom(page, "password-dialog", opener);
    page.getByTestId("create-room-name").click();
    page.keyboard().type(SharedInfra.unique("free"));
    page.keyboard().press("Enter");
    assertThat(page.getByTestId("room-title")).containsText("free");
  }

  @Test
  void toastsLeaveTheSendButtonAndTheMessageBoxFreeOnADesktopAndAPhone(Page page) {
    page.setViewportSize(1366, 800);
    register(page, SharedInfra.unique("tia"));
    page.getByTestId("create-room-name").fill(SharedInfra.unique("notices"));
    page.getByTestId("create-room-submit").click();
    assertThat(page.getByTestId("composer")).isVisible();
    showToasts(page);
    ChromiumExtension.screenshot(page, "toasts-desktop");
    assertToastsLeaveTheComposerFree(page);

    page.setViewportSize(390, 844);
    showToasts(page);
    ChromiumExtension.screenshot(page, "toasts-phone");
    assertToastsLeaveTheComposerFree(page);
  }

  /** Four notices at once, the most the corner shows: each a message over the length limit. */
  private static void showToasts(Page page) {
    Locator input = page.getByTestId("message-input");
    for (int i = 0; i < 4; i++) {
      input.fill("x".repeat(4001));
      input.press("Enter");
    }
    assertThat(page.getByTestId("toast")).hasCount(4);
  }

  private static void assertToastsLeaveTheComposerFree(Page page) {
    BoundingBox send = page.getByTestId("message-send").boundingBox();
    BoundingBox input = page.getByTestId("message-input").boundingBox();
    for (Locator toast : page.getByTestId("toast").all()) {
      BoundingBox box = toast.boundingBox();
      assertFalse(BrowserSteps.overlap(box, send), "a toast covers the Send button");
      assertFalse(BrowserSteps.overlap(box, input), "a toast covers the message box");
    }
  }

  private static void signIn(Page page, String username, String password) {
    if (!page.getByTestId("auth-form").isVisible()) {
      page.navigate(app.url());
    }
    page.getByTestId("login-username").fill(username);
    page.getByTestId("login-password").fill(password);
    page.getByTestId("login-submit").click();
  }

  private static void fillPasswords(Page page, String current, String replacement, String again) {
    page.getByTestId("password-current").fill(current);
    page.getByTestId("password-new").fill(replacement);
    page.getByTestId("password-confirm").fill(again);
    page.getByTestId("password-save").click();
  }

  private static void register(Page page, String username) {
    BrowserSteps.register(page, app.url(), username);
  }

  /**
   * Alice loads the app again where the bridge is slow to open; once {@code shown} shows on her page, before her
   * inbox is registered, bob posts {@code text}; then her bridge opens. From the moment {@code shown} shows, the
   * page records whether its message list says it is loading ({@link #loadingShown}).
   */
  private static void postWhileTheBridgeOpens(Page alice, Locator shown, Page bob, String text) {
    HeldBridgeOpening opening = HeldBridgeOpening.on(alice);
    alice.reload();
    assertThat(shown).isVisible();
    watchLoading(alice);
    assertThat(alice.getByTestId("connection-banner")).not().hasAttribute("data-status", "online");
    send(bob, text);
    assertThat(bob.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "sent");
    opening.release();
    assertThat(alice.getByTestId("connection-banner")).hasAttribute("data-status", "online");
  }

  /** From now on, the page records whether its message list says it is loading ({@link #loadingShown}). */
  private static void watchLoading(Page page) {
    page.evaluate("() => { window.loadingShown = []; new MutationObserver((changes) => changes"
        + ".map((c) => c.target.getAttribute(c.attributeName)).filter((v) => v === 'true' || v === 'loading')"
        + ".forEach((v) => window.loadingShown.push(v))).observe(document.getElementById('message-list'),"
        + " { attributes: true, attributeFilter: ['aria-busy', 'data-empty'] }); }");
  }

  /** The loading states ({@code aria-busy="true"}, "loading") the message list showed since {@link #watchLoading}. */
  @SuppressWarnings("unchecked")
  private static List<String> loadingShown(Page page) {
    return (List<String>) page.evaluate("() => window.loadingShown");
  }

  private static void send(Page page, String text) {
    page.getByTestId("message-input").fill(text);
    page.getByTestId("message-input").press("Enter");
    assertThat(messageTexts(page).last()).hasText(text);
  }

  private static Locator messageTexts(Page page) {
    return page.getByTestId("message-list").getByTestId("message-text");
  }
}
