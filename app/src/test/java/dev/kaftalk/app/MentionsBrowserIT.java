package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.Axe;
import dev.kaftalk.testing.browser.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * @mentions in real Chromium: the composer's autocomplete of the room's members used from the keyboard, the mention
 * count in the sidebar of the person called while they read another room, the mention marked in the message and the
 * message standing out for them, and the count gone once they read it; an edit that calls them, or stops calling
 * them, counts at once; a member in quiet hours shows as quiet in the autocomplete.
 */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class MentionsBrowserIT {

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void aMentionPickedFromTheAutocompleteReachesTheSidebarAndStandsOutForThePersonCalled(Page alice, Browser browser) {
    String room;
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "review")) {
      room = two.room();
      String aliceName = two.alice();
      String bobName = two.bob();
      Page bob = two.bobsPage();
      String elsewhere = SharedInfra.unique("elsewhere");
      BrowserSteps.createRoom(bob, elsewhere);

      // "@" lists @room first, then the room's members (only bob: nobody else can be mentioned here); the start of
      // bob's name leaves him; Enter puts his name in.
      Locator composer = alice.getByTestId("message-input");
      composer.pressSequentially("Please review, @");
      Locator options = alice.getByTestId("mention-option");
      assertThat(options).hasCount(2);
      assertThat(options.nth(1)).hasText("@" + bobName);
      assertThat(options.first()).containsText("@room");
      assertThat(options.first()).containsText("notify everyone in this room");
      assertThat(options.first()).hasAttribute("aria-selected", "true");
      assertThat(composer).hasAttribute("aria-activedescendant", options.first().getAttribute("id"));
      composer.press("ArrowDown");
      assertThat(options.nth(1)).hasAttribute("aria-selected", "true");
      assertThat(composer).hasAttribute("aria-activedescendant", options.nth(1).getAttribute("id"));
      composer.pressSequentially(bobName.substring(0, 10));
      assertThat(options).hasCount(1);
      assertThat(options.first()).hasText("@" + bobName);
      assertThat(options.first()).hasAttribute("aria-selected", "true");
      assertThat(composer).isFocused();
      assertEquals(List.of(), Axe.violations(alice, "#room-view"), "a room with the mention autocomplete open");
      ChromiumExtension.screenshot(alice, "mentions-autocomplete-desktop");
      alice.setViewportSize(390, 844);
      assertThat(alice.getByTestId("mention-list")).isInViewport();
      assertEquals(List.of(), Axe.violations(alice, "#room-view"), "the mention autocomplete on a phone");
      ChromiumExtension.screenshot(alice, "mentions-autocomplete-phone");
      alice.setViewportSize(1366, 800);

      composer.press("Enter");
      assertThat(alice.getByTestId("mention-list")).isHidden();
      assertThat(composer).hasValue("Please review, @" + bobName + " ");
      composer.pressSequentially("thanks");
      composer.press("Enter");
      Locator sent = alice.getByTestId("message").last();
      assertThat(sent).hasAttribute("data-state", "sent");
      assertThat(sent.getByTestId("mention")).hasText("@" + bobName);
      assertThat(sent).not().hasAttribute("data-mentions-me", "true");

      // Bob reads another room: the sidebar counts the mention apart from the unread messages.
      Locator mentions = bob.getByTestId("mentions-" + room);
      assertThat(mentions).hasText("@1");
      assertThat(mentions).hasAttribute("aria-label", "1 mention");
      assertThat(bob.getByTestId("unread-" + room)).hasText("1");
      ChromiumExtension.screenshot(bob, "mentions-sidebar-badge");

      bob.getByTestId("room-item-" + room).click();
      Locator called = bob.getByTestId("message").last();
      assertThat(called.getByTestId("mention")).hasText("@" + bobName);
      assertThat(called).hasAttribute("data-mentions-me", "true");
      assertThat(called.getByTestId("message-text")).hasText("Please review, @" + bobName + " thanks");
      assertThat(mentions).hasCount(0);
      assertThat(bob.getByTestId("unread-" + room)).hasCount(0);
      assertEquals(List.of(), Axe.violations(bob, "#room-view"), "a message mentioning the reader");
      ChromiumExtension.screenshot(bob, "mentions-message-desktop");
      bob.setViewportSize(390, 844);
      ChromiumExtension.screenshot(bob, "mentions-message-phone");
      bob.setViewportSize(1366, 800);

      // An edit that calls bob in a message he has not read counts at once, and an edit that stops calling him
      // un-counts it; the message itself stays unread.
      bob.getByTestId("room-item-" + elsewhere).click();
      assertThat(bob.getByTestId("room-title")).containsText(elsewhere);
      BrowserSteps.send(alice, "Lunch?");
      assertThat(bob.getByTestId("unread-" + room)).hasText("1");
      assertThat(mentions).hasCount(0);
      Locator editor = alice.getByTestId("edit-input");
      composer.press("ArrowUp");
      editor.fill("Lunch, @" + bobName + "?");
      editor.press("Enter");
      assertThat(editor).isHidden();
      assertThat(mentions).hasText("@1");
      assertThat(bob.getByTestId("mentions-total")).containsText("1");
      composer.press("ArrowUp");
      editor.fill("Lunch?");
      editor.press("Enter");
      assertThat(mentions).hasCount(0);
      assertThat(bob.getByTestId("unread-" + room)).hasText("1");
    }

    // A member who paused notifications shows as quiet in the list; Escape closes it and leaves the text as typed.
    String carolName = SharedInfra.unique("carol");
    try (BrowserContext carolContext = browser.newContext()) {
      Page carol = carolContext.newPage();
      BrowserSteps.register(carol, app.url(), carolName);
      carol.getByTestId("join-room-" + room).click();
      assertThat(carol.getByTestId("room-title")).containsText(room);
      carol.getByTestId("quiet-status").click();
      carol.getByTestId("snooze-hour").click();
      assertThat(carol.getByTestId("quiet-status")).hasAttribute("data-quiet", "true");
    }
    Locator composer = alice.getByTestId("message-input");
    composer.pressSequentially("and @" + carolName.substring(0, 12));
    Locator option = alice.getByTestId("mention-option");
    assertThat(option).hasCount(1);
    assertThat(option.getByTestId("mention-quiet")).containsText("Quiet until");
    ChromiumExtension.screenshot(alice, "mentions-autocomplete-quiet");
    composer.press("Escape");
    assertThat(alice.getByTestId("mention-list")).isHidden();
    assertThat(composer).hasValue("and @" + carolName.substring(0, 12));
  }
}
