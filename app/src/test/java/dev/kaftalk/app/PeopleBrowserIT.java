package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.kaftalk.app.BrowserSteps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Direct messages and private rooms in real Chromium, by keyboard: the "+" starts a conversation with a person picked
 * from the autocomplete (which shows who is in quiet hours, and until when), the other person sees it appear and
 * answers; a private room shows a lock, is invited to from the room menu, appears live for the invitee and is left
 * from the same menu. Leaving a private room or a direct message asks first (a public one is left at once). The new
 * dialogs pass axe on a desktop and on a phone.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class, ChromiumExtension.class})
class PeopleBrowserIT {

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void aDirectMessageStartedByKeyboardCarriesMessagesBothWays(Page alice, Browser browser, Vertx vertx)
      throws Exception {
    String team = SharedInfra.unique("p");
    String bobName = team + "bob";
    String cayName = team + "cay";
    alice.setViewportSize(1366, 800);
    BrowserSteps.register(alice, app.url(), team + "alice");
    ChatClient cay = await(ChatClient.register(vertx, app.port(), cayName, BrowserSteps.PASSWORD));
    JsonObject snooze = new JsonObject().put("enabled", false).put("zone", "UTC")
        .put("days", new JsonArray().add("MON")).put("start", "22:00").put("end", "07:00")
        .put("snoozeUntil", System.currentTimeMillis() + 3_600_000);
    assertEquals(200, await(cay.call(HttpMethod.PUT, "/api/settings/quiet-hours", snooze)).statusCode());
    try (BrowserContext bobContext = BrowserSteps.phone(browser)) {
      Page bob = bobContext.newPage();
      BrowserSteps.register(bob, app.url(), bobName);

      Locator start = alice.getByTestId("start-dm");
      Locator input = alice.getByTestId("dm-picker-input");
      BrowserSteps.openAndWrap(alice, start, input, input, alice.getByTestId("dm-close"));
      alice.keyboard().type(team);
      Locator cayOption = alice.getByTestId("dm-picker-option-" + cayName);
      assertThat(cayOption.getByTestId("quiet-mark")).isVisible();
      assertThat(cayOption).containsText("until");
      assertThat(cayOption.getByTestId("quiet-mark")).hasAttribute("title", Pattern.compile(
          "^Quiet until "));
      BrowserSteps.auditDialog(alice, "dm-dialog", "people-dm-dialog");
      // The first found is bob (by name); Enter picks him.
      assertThat(alice.getByTestId("dm-picker-option-" + bobName)).hasAttribute("aria-selected", "true");
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("dm-chosen-" + bobName)).isVisible();
      BrowserSteps.tabTo(alice, "Tab", alice.getByTestId("dm-submit"), 8);
      alice.keyboard().press("Enter");

      assertThat(alice.getByTestId("dm-dialog")).isHidden();
      assertThat(alice.getByTestId("room-title")).containsText(bobName);
      Locator inAlicesList = alice.getByTestId("dm-list").getByTestId("room-item-" + bobName);
      assertThat(inAlicesList).hasAttribute("data-kind", "dm");
      BrowserSteps.send(alice, "Lunch at noon?");

      // Bob's phone shows the conversation without a reload, under Direct messages.
      bob.getByTestId("sidebar-toggle").click();
      Locator inBobsList = bob.getByTestId("dm-list").getByTestId("room-item-" + team + "alice");
      assertThat(inBobsList).isVisible();
      ChromiumExtension.screenshot(bob, "people-dm-sidebar-phone");
      inBobsList.click();
      assertThat(bob.getByTestId("message-text")).containsText(new String[] {"Lunch at noon?"});
      BrowserSteps.send(bob, "Yes, see you there");
      assertThat(alice.getByTestId("message-text")).containsText(new String[] {"Lunch at noon?",
          "Yes, see you there"});
      ChromiumExtension.screenshot(alice, "people-dm-desktop");
      ChromiumExtension.screenshot(bob, "people-dm-phone");

      // Asking again for the same person opens the same conversation.
      BrowserSteps.startDm(alice, bobName);
      assertThat(alice.getByTestId("dm-list").getByRole(AriaRole.BUTTON))
          .hasCount(1);

      // Leaving it asks first, with Cancel focused; Escape keeps it. It comes back when one of them starts it again.
      Locator leave = alice.getByTestId("leave-room");
      assertThat(leave).hasText("Leave room");
      // The conversation opened puts the focus in its message box; then it goes to Leave.
      assertThat(alice.getByTestId("message-input")).isFocused();
      leave.focus();
      assertThat(leave).isFocused();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("leave-dialog").getByRole(AriaRole.HEADING))
          .hasText("Leave your conversation with " + bobName + "?");
      assertThat(alice.getByTestId("leave-question"))
          .hasText("It goes from your list until one of you writes in it or starts it again.");
      assertThat(alice.getByTestId("leave-cancel")).isFocused();
      BrowserSteps.auditDialog(alice, "leave-dialog", "people-leave-dm");
      BrowserSteps.escapeFrom(alice, "leave-dialog", leave);
      assertThat(inAlicesList).isVisible();
      alice.keyboard().press("Enter");
      BrowserSteps.tabTo(alice, "Tab", alice.getByTestId("leave-confirm"), 2);
      assertThat(alice.getByTestId("leave-confirm")).hasText("Leave conversation");
      alice.keyboard().press("Enter");
      assertThat(inAlicesList).hasCount(0);
      assertThat(alice.getByTestId("room-title")).hasText("No room open");
    }
  }

  @Test
  void aPublicRoomIsLeftAtOnceForAnyoneMayJoinItAgain(Page page) {
    String room = SharedInfra.unique("open");
    page.setViewportSize(1366, 800);
    BrowserSteps.register(page, app.url(), SharedInfra.unique("lee"));
    BrowserSteps.createRoom(page, room);
    page.getByTestId("leave-room").click();
    assertThat(page.getByTestId("room-list").getByTestId("room-item-" + room)).hasCount(0);
    assertThat(page.getByTestId("leave-dialog")).isHidden();
    assertThat(page.getByTestId("join-room-" + room)).isVisible();
  }

  @Test
  void aPrivateRoomIsInvitedToFromTheRoomMenuAndAppearsLiveForTheInvitee(Page alice, Browser browser) {
    String team = SharedInfra.unique("q");
    String room = team + " plans";
    String bobName = team + "bob";
    alice.setViewportSize(1366, 800);
    BrowserSteps.register(alice, app.url(), team + "alice");
    try (BrowserContext bobContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 800))) {
      Page bob = bobContext.newPage();
      BrowserSteps.register(bob, app.url(), bobName);

      alice.getByTestId("create-room-name").fill(room);
      alice.getByTestId("create-room-private").focus();
      alice.keyboard().press("Space");
      alice.getByTestId("create-room-name").press("Enter");
      assertThat(alice.getByTestId("room-title")).containsText(room);
      Locator item = alice.getByTestId("room-list").getByTestId("room-item-" + room);
      assertThat(item).hasAttribute("data-private", "true");
      assertThat(item).containsText("🔒");
      assertThat(bob.getByTestId("browse-room-" + room)).hasCount(0);

      Locator menu = alice.getByTestId("room-menu");
      menu.focus();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("room-menu-invite")).isFocused();
      alice.keyboard().press("ArrowUp");
      assertThat(alice.getByTestId("room-menu-leave")).isFocused();
      alice.keyboard().press("ArrowDown");
      assertThat(alice.getByTestId("room-menu-invite")).isFocused();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("invite-picker-input")).isFocused();
      alice.keyboard().type(bobName);
      assertThat(alice.getByTestId("invite-picker-option-" + bobName)).isVisible();
      BrowserSteps.auditDialog(alice, "invite-dialog", "people-invite-dialog");
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("invite-picker-input")).hasValue(bobName);
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("invite-dialog")).isHidden();
      assertThat(menu).isFocused();

      // Bob's list shows it without a reload, with its lock; he reads and writes there.
      Locator bobsItem = bob.getByTestId("room-list").getByTestId("room-item-" + room);
      assertThat(bobsItem).hasAttribute("data-private", "true");
      bobsItem.click();
      BrowserSteps.send(bob, "Thanks for the invite");
      assertThat(alice.getByTestId("message-text")).containsText(new String[] {"Thanks for the invite"});
      ChromiumExtension.screenshot(bob, "people-private-room-desktop");
      bob.setViewportSize(390, 844);
      ChromiumExtension.screenshot(bob, "people-private-room-phone");
      bob.setViewportSize(1366, 800);

      // Leaving from the menu, by keyboard, asks first: only an invitation brings him back. Escape keeps the room.
      Locator bobsMenu = bob.getByTestId("room-menu");
      bobsMenu.focus();
      bob.keyboard().press("Enter");
      bob.keyboard().press("End");
      assertThat(bob.getByTestId("room-menu-leave")).isFocused();
      bob.keyboard().press("Enter");
      assertThat(bob.getByTestId("leave-dialog").getByRole(AriaRole.HEADING)).hasText("Leave " + room + "?");
      assertThat(bob.getByTestId("leave-question")).hasText("You can only come back if a member invites you.");
      assertThat(bob.getByTestId("leave-cancel")).isFocused();
      BrowserSteps.auditDialog(bob, "leave-dialog", "people-leave-private");
      BrowserSteps.escapeFrom(bob, "leave-dialog", bobsMenu);
      assertThat(bobsItem).isVisible();
      // Confirmed, the room is gone from his list and not offered to join.
      bob.keyboard().press("Enter");
      bob.keyboard().press("End");
      bob.keyboard().press("Enter");
      BrowserSteps.tabTo(bob, "Tab", bob.getByTestId("leave-confirm"), 2);
      assertThat(bob.getByTestId("leave-confirm")).hasText("Leave room");
      bob.keyboard().press("Enter");
      assertThat(bobsItem).hasCount(0);
      assertThat(bob.getByTestId("browse-room-" + room)).hasCount(0);

      // Alice is its last member now: the header's Leave says it goes for everyone; Enter on Cancel keeps it.
      assertThat(alice.getByTestId("room-members")).hasText("1 member");
      Locator leave = alice.getByTestId("leave-room");
      leave.focus();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("leave-question")).hasText("You are its last member: nobody will be able to open it"
          + " or read its messages again, you included.");
      BrowserSteps.screenshots(alice, "people-leave-last");
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("leave-dialog")).isHidden();
      assertThat(leave).isFocused();
      assertThat(item).isVisible();
    }
  }
}
