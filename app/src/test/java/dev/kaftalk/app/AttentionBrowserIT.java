package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.Axe;
import dev.kaftalk.testing.browser.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attention (issue 17) in real Chromium, two people in two browsers: a room muted from its menu by keyboard shows a
 * muted bell and a dimmed count, after a reload and in the user's other tab too; a person in quiet hours carries a
 * moon in the room's lists, a direct message's header and the sidebar; "Notify anyway" lets a direct message through
 * to someone in quiet hours who allows it, marked urgent on their side; the Mentions screen lists who called the user
 * and opens the message. Every new screen passes axe on a desktop and on a phone.
 */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class AttentionBrowserIT {

  /** Records the notifications the page shows, with their titles (Chromium shows none headless). */
  private static final String NOTIFICATIONS = """
      window.shownNotifications = [];
      window.Notification = class {
        static permission = 'granted';
        static requestPermission() { return Promise.resolve('granted'); }
        constructor(title, options) { window.shownNotifications.push({ title, ...options }); }
        close() {}
      };
      """;
  private static final Pattern QUIET_UNTIL = Pattern.compile("^Quiet until \\S");

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void aRoomMutedByKeyboardStaysMutedAfterAReloadAndInTheOtherTab(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "noisy")) {
      String room = two.room();
      Page otherTab = alice.context().newPage();
      otherTab.setViewportSize(1366, 800);
      otherTab.navigate(app.url());
      assertThat(otherTab.getByTestId("connection-banner")).hasAttribute("data-status", "online");

      // The menu, by keyboard: the level in force is checked; "Mute for 1 hour" closes it and gives the focus back.
      Locator menu = alice.getByTestId("room-menu");
      menu.focus();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("room-menu-invite")).isFocused();
      assertThat(alice.getByTestId("notify-all")).hasAttribute("aria-checked", "true");
      assertThat(alice.getByTestId("notify-none")).hasAttribute("aria-checked", "false");
      assertThat(alice.getByTestId("unmute")).isHidden();
      assertEquals(List.of(), Axe.violations(alice, "#room-view"), "the room menu with its notification choices");
      ChromiumExtension.screenshot(alice, "attention-room-menu-desktop");
      BrowserSteps.tabTo(alice, "ArrowDown", alice.getByTestId("mute-1h"), 8);
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("room-menu-list")).isHidden();
      assertThat(menu).isFocused();
      Locator muted = alice.getByTestId("muted-" + room);
      assertThat(muted).hasAttribute("title", Pattern.compile("^Muted until \\S"));
      assertThat(otherTab.getByTestId("muted-" + room)).isVisible();

      // A reload keeps it; messages still count, dimmed.
      alice.reload();
      assertThat(muted).isVisible();
      // Counted live once the tab is back online (the room list it loaded counts what came before).
      assertThat(alice.getByTestId("connection-banner")).hasAttribute("data-status", "online");
      BrowserSteps.createRoom(alice, SharedInfra.unique("elsewhere"));
      BrowserSteps.send(two.bobsPage(), "Anyone for coffee?");
      Locator unread = alice.getByTestId("unread-" + room);
      assertThat(unread).hasText("1");
      assertThat(unread).hasClass(Pattern.compile("\\bdim\\b"));
      ChromiumExtension.screenshot(alice, "attention-muted-sidebar-desktop");

      // The other tab chooses Mentions and then unmutes: this tab follows and the bell goes (the other tab read the
      // room, so the count goes too, on every device).
      otherTab.getByTestId("room-item-" + room).click();
      otherTab.getByTestId("room-menu").focus();
      otherTab.keyboard().press("Enter");
      BrowserSteps.tabTo(otherTab, "ArrowDown", otherTab.getByTestId("notify-mentions"), 8);
      otherTab.keyboard().press("Enter");
      assertThat(otherTab.getByTestId("room-menu")).isFocused();
      otherTab.keyboard().press("Enter");
      assertThat(otherTab.getByTestId("notify-mentions")).hasAttribute("aria-checked", "true");
      assertThat(otherTab.getByTestId("unmute")).containsText("Unmute (muted until");
      otherTab.setViewportSize(390, 844);
      assertEquals(List.of(), Axe.violations(otherTab, "#room-view"), "the room menu on a phone");
      ChromiumExtension.screenshot(otherTab, "attention-room-menu-phone");
      otherTab.setViewportSize(1366, 800);
      BrowserSteps.tabTo(otherTab, "ArrowDown", otherTab.getByTestId("unmute"), 12);
      otherTab.keyboard().press("Enter");
      assertThat(muted).hasCount(0);

      // Nothing: the bell says the room is off, with no time.
      alice.getByTestId("room-item-" + room).click();
      menu.focus();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("notify-mentions")).hasAttribute("aria-checked", "true");
      BrowserSteps.tabTo(alice, "ArrowDown", alice.getByTestId("notify-none"), 8);
      alice.keyboard().press("Enter");
      assertThat(muted).hasAttribute("title", "Notifications off");
      assertThat(otherTab.getByTestId("muted-" + room)).hasAttribute("title", "Notifications off");
    }
  }

  @Test
  void aPersonInQuietHoursShowsAMoonAndMentionsAreListedOnTheirOwnScreen(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "design")) {
      Page bob = two.bobsPage();
      BrowserSteps.send(bob, "@" + two.alice() + " can you look at the mock-ups?");
      assertThat(alice.getByTestId("message").last()).hasAttribute("data-mentions-me", "true");

      // The Mentions screen, by keyboard: it opens on its newest entry, which opens the room at that message.
      Locator opener = alice.getByTestId("open-mentions");
      Locator entry = alice.getByTestId("mention-entry");
      BrowserSteps.openAndWrap(alice, opener, entry.first(), alice.getByTestId("mentions-close"), entry.last());
      assertThat(entry).hasCount(1);
      assertThat(entry.getByTestId("mention-entry-room")).hasText("# " + two.room());
      assertThat(entry.getByTestId("mention-entry-author")).hasText(two.bob());
      assertThat(entry.getByTestId("mention-entry-text")).hasText("@" + two.alice() + " can you look at the mock-ups?");
      BrowserSteps.auditDialog(alice, "mentions-screen", "attention-mentions");
      BrowserSteps.escapeFrom(alice, "mentions-screen", opener);
      BrowserSteps.createRoom(alice, SharedInfra.unique("elsewhere"));
      opener.click();
      assertThat(entry.first()).isFocused();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("mentions-screen")).isHidden();
      assertThat(alice.getByTestId("room-title")).containsText(two.room());
      assertThat(alice.locator("[data-testid=message][data-highlighted=true]").getByTestId("message-text"))
          .hasText("@" + two.alice() + " can you look at the mock-ups?");

      // Nobody called bob: the screen says so; a failed load says so too, and can be tried again.
      bob.route("**/api/mentions*", route -> route.fulfill(new Route.FulfillOptions().setStatus(503)
          .setContentType("application/json")
          .setBody("{\"error\":{\"code\":\"unavailable\",\"message\":\"The service is starting.\"}}")));
      bob.getByTestId("open-mentions").click();
      assertThat(bob.getByTestId("mentions-error")).containsText("The service is starting.");
      bob.unrouteAll();
      bob.getByTestId("mentions-retry").click();
      assertThat(bob.getByTestId("mentions-status")).containsText("Nobody has mentioned you yet");
      assertThat(bob.getByTestId("mentions-error")).isHidden();
      bob.keyboard().press("Escape");

      // Bob pauses notifications: alice sees his moon in the room's online list, in their DM's header and sidebar.
      bob.getByTestId("quiet-status").click();
      bob.getByTestId("snooze-hour").click();
      assertThat(bob.getByTestId("quiet-status")).hasAttribute("data-quiet", "true");
      bob.keyboard().press("Escape");
      alice.getByTestId("room-item-" + two.room()).click();
      Locator bobOnline = alice.locator("[data-testid=online-user][data-username=\"" + two.bob() + "\"]");
      assertThat(bobOnline.getByTestId("quiet-mark")).hasAttribute("title", QUIET_UNTIL);
      assertThat(bobOnline.getByTestId("quiet-mark")).containsText("Quiet until");
      BrowserSteps.startDm(alice, two.bob());
      assertThat(alice.getByTestId("room-members").getByTestId("quiet-mark")).hasAttribute("title", QUIET_UNTIL);
      assertThat(alice.getByTestId("dm-list").getByTestId("quiet-mark")).hasAttribute("title", QUIET_UNTIL);
      assertEquals(List.of(), Axe.violations(alice, "#app-view"), "a direct message with someone in quiet hours");
      ChromiumExtension.screenshot(alice, "attention-moon-desktop");
      alice.setViewportSize(390, 844);
      assertThat(alice.getByTestId("room-members").getByTestId("quiet-mark")).isVisible();
      ChromiumExtension.screenshot(alice, "attention-moon-phone");
    }
  }

  @Test
  void notifyAnywayLetsADirectMessageThroughToSomeoneInQuietHoursWhoAllowsIt(Page alice, Browser browser) {
    String aliceName = SharedInfra.unique("alice");
    String bobName = SharedInfra.unique("bob");
    alice.setViewportSize(1366, 800);
    BrowserSteps.register(alice, app.url(), aliceName);
    try (BrowserContext bobsBrowser = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 800))) {
      bobsBrowser.addInitScript(NOTIFICATIONS);
      Page bob = bobsBrowser.newPage();
      BrowserSteps.register(bob, app.url(), bobName);

      // Bob lets direct messages through, then pauses notifications for an hour.
      bob.getByTestId("quiet-status").click();
      Locator fromDms = bob.getByTestId("break-from-dm");
      assertThat(bob.getByTestId("break-from-nobody")).isChecked();
      fromDms.focus();
      bob.keyboard().press("Space");
      assertThat(fromDms).isChecked();
      assertThat(bob.getByTestId("break-max")).isEnabled();
      BrowserSteps.auditDialog(bob, "settings-dialog", "attention-break-through");
      bob.getByTestId("quiet-save").click();
      assertThat(bob.getByTestId("toasts")).containsText("Quiet hours saved.");
      bob.getByTestId("snooze-hour").click();
      assertThat(bob.getByTestId("quiet-status")).hasAttribute("data-quiet", "true");
      bob.keyboard().press("Escape");

      BrowserSteps.startDm(alice, bobName);
      Locator bobsDm = bob.getByTestId("dm-list").getByTestId("room-item-" + aliceName);
      bobsDm.click();
      assertThat(bob.getByTestId("room-title")).containsText(aliceName);

      // Alice's message waits; the bar says so and offers to notify bob anyway.
      BrowserSteps.send(alice, "Are you free for a call?");
      Locator line = alice.locator("[data-testid=quiet-bar-line][data-username=\"" + bobName + "\"]");
      assertThat(line).hasText(Pattern.compile("^" + bobName + " is in quiet hours until \\S.*: your message will wait$"));
      Locator notifyAnyway = alice.getByTestId("notify-anyway");
      assertThat(notifyAnyway).hasAttribute("aria-label", "Notify " + bobName + " anyway");
      assertThat(bob.getByTestId("message")).hasCount(0);
      assertEquals(List.of(), Axe.violations(alice, "#room-view"), "the quiet-hours bar");
      ChromiumExtension.screenshot(alice, "attention-notify-anyway-desktop");
      alice.setViewportSize(390, 844);
      ChromiumExtension.screenshot(alice, "attention-notify-anyway-phone");
      alice.setViewportSize(1366, 800);

      // From the message box, Shift+Tab reaches the button; bob gets the message at once, marked urgent.
      BrowserSteps.tabTo(alice, "Shift+Tab", notifyAnyway, 4);
      alice.keyboard().press("Enter");
      assertThat(line).hasText(bobName + " was notified");
      assertThat(notifyAnyway).hasCount(0);
      // The moon, that line and the ✕: nothing stands where the button was (the name is letters, digits and "-").
      assertThat(alice.getByTestId("quiet-bar")).hasText(Pattern.compile("^\\W*" + bobName + " was notified\\W*$"));
      BrowserSteps.screenshots(alice, "attention-notified");
      assertThat(alice.getByTestId("message-input")).isFocused();
      Locator urgent = bob.getByTestId("message").last();
      assertThat(urgent.getByTestId("message-text")).hasText("Are you free for a call?");
      assertThat(urgent.getByTestId("message-urgent")).hasText("Urgent · " + aliceName
          + " notified you during quiet hours");
      assertEquals(aliceName + " broke through your quiet hours (direct message)",
          bob.evaluate("() => window.shownNotifications.map(n => n.title).find(t => t.startsWith('Urgent: '))")
              .toString().substring("Urgent: ".length()));
      assertEquals(List.of(), Axe.violations(bob, "#room-view"), "an urgent message");
      ChromiumExtension.screenshot(bob, "attention-urgent-desktop");
      bob.setViewportSize(390, 844);
      ChromiumExtension.screenshot(bob, "attention-urgent-phone");

      // The bar goes when dismissed, by keyboard.
      BrowserSteps.tabTo(alice, "Shift+Tab", alice.getByTestId("quiet-bar-dismiss"), 4);
      alice.keyboard().press("Enter");
      assertThat(line).hasCount(0);
    }
  }
}
