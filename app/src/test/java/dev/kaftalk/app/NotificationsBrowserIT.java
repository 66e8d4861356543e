package dev.kaftalk.app;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.kaftalk.testing.MutableClock;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.kaftalk.app.BrowserSteps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Desktop notifications in real Chromium, with the permission granted as a person would: a message from someone else
 * while the tab is hidden shows one (none while it is shown), and a quiet-hours batch shows one summary when the
 * quiet stretch ends; clicking a notification opens its room.
 *
 * <p>The notifications are Chromium's own: the page's {@code Notification} is the real one, wrapped only to note each
 * one constructed and whether Chromium reported it shown. Hiding the tab is the one thing emulated: Playwright keeps
 * every page visible (microsoft/playwright#2286; a second tab in front, a minimized window and focus emulation all
 * leave {@code visibilityState} "visible" in headless Chromium), so the test tells the page it is hidden the way the
 * browser does, through {@code document.visibilityState}, {@code document.hidden} and a {@code visibilitychange}.
 */
@ExtendWith({SharedInfraExtension.class, VertxExtension.class, ChromiumExtension.class})
class NotificationsBrowserIT {

  /** Notes each notification the page constructs, still constructing Chromium's own. */
  private static final String RECORD_NOTIFICATIONS = """
      (() => {
        const Real = window.Notification;
        window.shownNotifications = [];
        window.Notification = class extends Real {
          constructor(title, options) {
            super(title, options);
            const seen = { title, body: options && options.body, tag: options && options.tag, shown: false };
            window.shownNotifications.push(seen);
            window.lastNotification = this;
            this.addEventListener('show', () => { seen.shown = true; });
          }
        };
      })();
      """;
  /** The page as the browser tells it that its tab went to the background, or came back. */
  private static final String SET_HIDDEN = """
      hidden => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
        Object.defineProperty(document, 'visibilityState', { configurable: true,
          get: () => hidden ? 'hidden' : 'visible' });
        document.dispatchEvent(new Event('visibilitychange'));
      }
      """;

  private static final MutableClock CLOCK = MutableClock.startingNow();
  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withClock(CLOCK);

  @Test
  void aMessageToAHiddenTabShowsANotificationThatOpensItsRoom(BrowserContext context, Page page, Vertx vertx)
      throws Exception {
    Sender bob = signUpWithSender(vertx, context, page, "ping");
    String room = bob.room();
    // Another room is open: the notification is what brings the user to the message.
    BrowserSteps.createRoom(page, SharedInfra.unique("elsewhere"));

    bob.say("seen while the tab is shown");
    assertThat(page.getByTestId("unread-" + room)).hasText("1");
    assertEquals(List.of(), notifications(page), "nothing while the tab is shown");

    page.evaluate(SET_HIDDEN, true);
    bob.say("Lunch at noon?");
    page.waitForFunction("() => window.shownNotifications.some(n => n.shown)");
    assertEquals(List.of(Map.of("title", bob.name() + " in #" + room, "body", "Lunch at noon?", "shown", true)),
        notifications(page));
    ChromiumExtension.screenshot(page, "notification-hidden-tab-desktop");

    // The person clicks it: the tab comes to the front with the room open.
    page.evaluate("() => window.lastNotification.dispatchEvent(new Event('click'))");
    page.evaluate(SET_HIDDEN, false);
    assertThat(page.getByTestId("room-title")).containsText(room);
    assertThat(page.getByTestId("message-list").getByTestId("message-text").last()).hasText("Lunch at noon?");
    page.setViewportSize(390, 844);
    ChromiumExtension.screenshot(page, "notification-opened-room-phone");
  }

  @Test
  void aQuietHoursBatchShowsOneSummaryNotificationWhenTheQuietEnds(BrowserContext context, Page page,
                                                                      Vertx vertx) throws Exception {
    // The browser's clock moves with the server's, so that the page, too, sees the pause over.
    context.clock().install();
    Sender bob = signUpWithSender(vertx, context, page, "night");
    String room = bob.room();
    BrowserSteps.createRoom(page, SharedInfra.unique("elsewhere"));
    // Paused for an hour, from the keyboard.
    page.getByTestId("quiet-status").focus();
    page.keyboard().press("Enter");
    BrowserSteps.tabTo(page, "Tab", page.getByTestId("snooze-hour"), 40);
    page.keyboard().press("Enter");
    assertThat(page.getByTestId("quiet-status")).hasAttribute("data-quiet", "true");
    BrowserSteps.escapeFrom(page, "settings-dialog", page.getByTestId("quiet-status"));

    page.evaluate(SET_HIDDEN, true);
    bob.say("first while away");
    bob.say("second while away");

    CLOCK.advance(Duration.ofHours(2));
    page.clock().fastForward(Duration.ofHours(2).toMillis());
    page.waitForFunction("() => window.shownNotifications.some(n => n.shown)");
    assertEquals(List.of(Map.of("title", "While you were away", "body", "2 messages in 1 room", "shown", true)),
        notifications(page), "one notification for the batch, none for its messages");
    assertThat(page.getByTestId("batch-notice")).containsText("While you were away: 2 messages in 1 room (#" + room);
    assertThat(page.getByTestId("quiet-status")).hasAttribute("data-quiet", "false");
    ChromiumExtension.screenshot(page, "notification-batch-desktop");

    page.evaluate("() => window.lastNotification.dispatchEvent(new Event('click'))");
    page.evaluate(SET_HIDDEN, false);
    assertThat(page.getByTestId("room-title")).containsText(room);
    assertThat(page.getByTestId("message-list").getByTestId("message-text"))
        .hasText(new String[] {"first while away", "second while away"});
    page.setViewportSize(390, 844);
    ChromiumExtension.screenshot(page, "notification-batch-phone");
  }

  /** Someone who posts into {@code room} through the bridge. */
  private record Sender(String name, String room, String roomId, BridgeConnection socket) {

    void say(String text) throws Exception {
      await(socket.request("server.chat.send", ChatContractIT.message(roomId, text, SharedInfra.unique("c"))));
    }
  }

  /**
   * Signs the page's user up at a desktop size with notifications allowed, in a new room that a second person, the
   * sender, joins.
   */
  private static Sender signUpWithSender(Vertx vertx, BrowserContext context, Page page, String roomPrefix)
      throws Exception {
    context.grantPermissions(List.of("notifications"),
        new BrowserContext.GrantPermissionsOptions().setOrigin("http://localhost:" + app.port()));
    context.addInitScript(RECORD_NOTIFICATIONS);
    page.setViewportSize(1366, 800);
    String room = SharedInfra.unique(roomPrefix);
    BrowserSteps.register(page, app.url(), SharedInfra.unique("nora"));
    BrowserSteps.createRoom(page, room);
    assertThat(page.getByTestId("enable-notifications")).isHidden();
    String roomId = page.getByTestId("room-item-" + room).getAttribute("data-room-id");
    ChatClient sender = await(ChatClient.register(vertx, app.port(), SharedInfra.unique("bob"),
        BrowserSteps.PASSWORD));
    await(sender.join(roomId));
    return new Sender(sender.username(), room, roomId, await(sender.connect()));
  }

  private static Object notifications(Page page) {
    return page.evaluate("() => window.shownNotifications.map(n => ({ title: n.title, body: n.body, shown: n.shown }))");
  }
}
