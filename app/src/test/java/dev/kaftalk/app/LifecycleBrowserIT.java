package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.Axe;
import dev.kaftalk.testing.browser.ChromiumExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.kaftalk.app.BrowserSteps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages that live (issue 16) in real Chromium, two people in two browsers: an edit shows on the other side with
 * "(edited)", Up in the empty message box edits one's last message and Escape cancels, a reaction toggles on and off
 * with its count on both sides, a reply quotes its original and the quote jumps to it (loading the history around
 * it), a delete asks first and leaves "This message was deleted" for both. Every action works from the keyboard
 * (one Tab stop per message, arrows inside, the picker by arrows, Escape closes it), passes axe, and works on a phone
 * from its "More actions" button. Opening a room with unread messages shows the "New messages" line above the first
 * of them; the sidebar's count is the server's, and drops to 0 after reading, in the reader's other tab too. A tab
 * that was offline during an edit, a delete and a reaction shows them once it is back. An edit says "Saving…" until
 * its answer, and one refused says why in its editor, which keeps the text to try again.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class, ChromiumExtension.class})
class LifecycleBrowserIT {

  /** More than a history page (50): the message a reply quotes is not among those a reloaded room opens with. */
  private static final int FILLERS = 60;
  private static final String THUMBS_UP = "👍";
  private static final String PARTY = "🎉";
  /** The highest single row of a message's author line: a phone's 36 px action buttons (two rows are 60 px or more). */
  private static final double ONE_ROW_PX = 40;

  // The fillers are posted at once; 21 people sign up for one reaction.
  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.configured(config -> config
      .put("chat", new JsonObject().put("messagesPerSecond", 1000).put("messageBurst", 1000))
      .put("web", new JsonObject().put("registrationsPerMinute", 100)));

  @Test
  void twoPeopleEditReactReplyAndDeleteAndEachSeesTheOthersChanges(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "lunch")) {
      String room = two.room();
      String aliceName = two.alice();
      String bobName = two.bob();
      Page bob = two.bobsPage();

      BrowserSteps.send(alice, "Lunch at noon?");
      Locator atBob = message(bob, aliceName).first();
      assertThat(atBob.getByTestId("message-text")).hasText("Lunch at noon?");
      // Only the author may edit; the room's creator (alice) may delete; bob may neither on alice's message.
      atBob.hover();
      assertThat(atBob.getByTestId("message-react")).isVisible();
      assertThat(atBob.getByTestId("message-edit")).hasCount(0);
      assertThat(atBob.getByTestId("message-delete")).hasCount(0);

      // Edit from the message's own button: the other side sees the new text and "(edited)" with its time.
      Locator atAlice = message(alice, aliceName).first();
      atAlice.hover();
      atAlice.getByTestId("message-edit").click();
      Locator editor = alice.getByTestId("edit-input");
      assertThat(editor).isFocused();
      assertThat(editor).hasValue("Lunch at noon?");
      editor.fill("Lunch at 12:30?");
      editor.press("Enter");
      assertThat(atAlice.getByTestId("message-text")).hasText("Lunch at 12:30?");
      assertThat(atBob.getByTestId("message-text")).hasText("Lunch at 12:30?");
      assertThat(atBob.getByTestId("message-edited")).hasText("(edited)");
      assertThat(atBob.getByTestId("message-edited")).hasAttribute("title", Pattern.compile("^Edited .+"));

      // Up in the empty message box edits one's last message; Escape leaves it as it was.
      Locator composer = alice.getByTestId("message-input");
      composer.press("ArrowUp");
      assertThat(editor).isFocused();
      editor.fill("never saved");
      editor.press("Escape");
      assertThat(editor).hasCount(0);
      assertThat(composer).isFocused();
      assertThat(atAlice.getByTestId("message-text")).hasText("Lunch at 12:30?");
      composer.press("ArrowUp");
      editor.fill("Lunch at 1?");
      editor.press("Enter");
      assertThat(atAlice.getByTestId("message-text")).hasText("Lunch at 1?");
      assertThat(atBob.getByTestId("message-text")).hasText("Lunch at 1?");

      // React from the picker, filtered by name; the other side counts it, and each chip toggles its user's own.
      atBob.hover();
      atBob.getByTestId("message-react").click();
      Locator picker = bob.getByTestId("emoji-picker");
      assertThat(picker).isVisible();
      assertThat(bob.getByTestId("picker-filter")).isFocused();
      bob.getByTestId("picker-filter").fill("thumbs");
      assertThat(picker.locator("[data-testid=picker-emoji]:visible")).hasCount(2);
      bob.getByTestId("picker-filter").press("Enter");
      assertThat(picker).isHidden();
      Locator bobsChip = chip(atBob, THUMBS_UP);
      Locator alicesChip = chip(atAlice, THUMBS_UP);
      assertThat(bobsChip).hasText(THUMBS_UP + "1");
      assertThat(bobsChip).hasAttribute("aria-pressed", "true");
      assertThat(alicesChip).hasText(THUMBS_UP + "1");
      assertThat(alicesChip).hasAttribute("aria-pressed", "false");
      assertThat(alicesChip).hasAttribute("title", bobName);
      alicesChip.click();
      assertThat(alicesChip).hasText(THUMBS_UP + "2");
      assertThat(alicesChip).hasAttribute("aria-pressed", "true");
      assertThat(bobsChip).hasText(THUMBS_UP + "2");
      assertThat(bobsChip).hasAttribute("title", bobName + ", " + aliceName);
      bobsChip.click();
      assertThat(bobsChip).hasText(THUMBS_UP + "1");
      assertThat(bobsChip).hasAttribute("aria-pressed", "false");
      assertThat(alicesChip).hasText(THUMBS_UP + "1");

      // Sixty messages later bob answers the question; alice, coming back, follows his quote to it.
      alice.evaluate("([roomId, n]) => { for (let i = 1; i <= n; i++) window.kaftalk.chat.send(roomId, 'filler ' + i); }",
          List.of(roomId(alice, room), FILLERS));
      // Sixty sends one after another take a while on a busy build machine.
      assertThat(messageTexts(bob).last()).hasText("filler " + FILLERS, new LocatorAssertions.HasTextOptions().setTimeout(30_000));
      atBob.hover();
      atBob.getByTestId("message-reply").click();
      assertThat(bob.getByTestId("reply-bar")).containsText("Replying to " + aliceName);
      assertThat(bob.getByTestId("reply-bar-text")).hasText("Lunch at 1?");
      assertThat(bob.getByTestId("message-input")).isFocused();
      BrowserSteps.send(bob, "1 works for me");
      assertThat(bob.getByTestId("reply-bar")).isHidden();
      Locator reply = message(bob, bobName).last();
      assertThat(reply.getByTestId("message-reply-quote")).containsText(aliceName);
      assertThat(reply.getByTestId("message-reply-quote")).containsText("Lunch at 1?");
      assertThat(reply).hasAttribute("data-state", "sent");

      alice.reload();
      Locator replyAtAlice = message(alice, bobName).last();
      assertThat(replyAtAlice.getByTestId("message-text")).hasText("1 works for me");
      assertThat(messageTexts(alice).filter(new Locator.FilterOptions().setHasText("Lunch at 1?"))).hasCount(0);
      replyAtAlice.getByTestId("message-reply-quote").click();
      Locator original = alice.locator("[data-testid=message][data-highlighted=true]");
      assertThat(original.getByTestId("message-text")).hasText("Lunch at 1?");
      assertThat(original).isInViewport();
      assertThat(original.getByTestId("message-edited")).isVisible();
      assertThat(chip(original, THUMBS_UP)).hasText(THUMBS_UP + "1");

      // Keyboard only, on the highlighted message: its toolbar, then the picker by arrows; Escape closes it.
      original.getByTestId("message-copy-link").focus();
      alice.keyboard().press("ArrowRight");
      Locator react = original.getByTestId("message-react");
      assertThat(react).isFocused();
      alice.keyboard().press("Enter");
      assertThat(alice.getByTestId("picker-filter")).isFocused();
      alice.keyboard().press("ArrowDown");
      Locator emoji = alice.getByTestId("emoji-picker").getByTestId("picker-emoji");
      assertThat(emoji.first()).isFocused();
      alice.keyboard().press("ArrowRight");
      assertThat(emoji.nth(1)).isFocused();
      ChromiumExtension.screenshot(alice, "lifecycle-picker-desktop");
      assertEquals(List.of(), Axe.violations(alice, "[data-testid=emoji-picker]"), "the reaction picker");
      assertEquals(List.of(), Axe.violations(alice, "#room-view"), "a room with a message's actions showing");
      alice.keyboard().press("Escape");
      assertThat(alice.getByTestId("emoji-picker")).isHidden();
      assertThat(react).isFocused();
      alice.keyboard().press("Enter");
      alice.keyboard().press("ArrowDown");
      alice.keyboard().press("ArrowRight");
      alice.keyboard().press("Enter");
      assertThat(chip(original, "👎")).hasText("👎1");
      assertThat(chip(atBob, "👎")).hasText("👎1");
      assertThat(react).isFocused();
      alice.keyboard().press("End");
      Locator delete = original.getByTestId("message-delete");
      assertThat(delete).isFocused();

      // Delete asks first; Cancel keeps the message, Delete leaves a placeholder for both and the quote says so.
      alice.keyboard().press("Enter");
      Locator dialog = alice.getByTestId("delete-dialog");
      assertThat(dialog).isVisible();
      assertThat(alice.getByTestId("delete-excerpt")).hasText("Lunch at 1?");
      BrowserSteps.auditDialog(alice, "delete-dialog", "lifecycle-delete-dialog");
      alice.getByTestId("delete-cancel").click();
      assertThat(dialog).isHidden();
      assertThat(original.getByTestId("message-text")).hasText("Lunch at 1?");
      original.hover();
      original.getByTestId("message-delete").click();
      alice.getByTestId("delete-confirm").click();
      assertThat(original.getByTestId("message-deleted")).hasText("This message was deleted");
      assertThat(original.getByTestId("message-text")).hasCount(0);
      assertThat(original.getByTestId("reaction")).hasCount(0);
      assertThat(atBob.getByTestId("message-deleted")).hasText("This message was deleted");
      assertThat(atBob.getByTestId("reaction")).hasCount(0);
      assertThat(reply.getByTestId("message-reply-quote")).containsText("deleted");
      ChromiumExtension.screenshot(bob, "lifecycle-room-desktop");

      // A phone cannot hover: "More actions" (or a long press) opens a message's actions; the picker is a sheet.
      try (BrowserContext phoneContext = BrowserSteps.phone(browser)) {
        Page phone = phoneContext.newPage();
        phone.navigate(app.url());
        BrowserSteps.logIn(phone, bobName);
        phone.getByTestId("sidebar-toggle").click();
        phone.getByTestId("room-item-" + room).click();
        Locator mine = message(phone, bobName).last();
        assertThat(mine.getByTestId("message-text")).hasText("1 works for me");
        assertThat(mine.getByTestId("message-react")).isHidden();
        assertAuthorRowIsOneRow(mine);
        // A finger held on a message opens its actions; another message's More closes them again.
        Locator filler = message(phone, aliceName).last();
        filler.getByTestId("message-text").dispatchEvent("pointerdown", Map.of("pointerType", "touch", "bubbles", true));
        assertThat(filler.getByTestId("message-more")).hasAttribute("aria-expanded", "true");
        filler.getByTestId("message-text").dispatchEvent("pointerup", Map.of("pointerType", "touch", "bubbles", true));
        assertThat(filler.getByTestId("message-react")).isVisible();
        mine.getByTestId("message-more").tap();
        assertThat(filler.getByTestId("message-more")).hasAttribute("aria-expanded", "false");
        assertThat(mine.getByTestId("message-more")).hasAttribute("aria-expanded", "true");
        assertThat(mine.getByTestId("message-edit")).isVisible();
        mine.getByTestId("message-react").tap();
        assertThat(phone.getByTestId("emoji-picker")).isInViewport();
        ChromiumExtension.screenshot(phone, "lifecycle-picker-phone");
        assertEquals(List.of(), Axe.violations(phone, "#room-view"), "a message's actions on a phone");
        assertEquals(List.of(), Axe.violations(phone, "[data-testid=emoji-picker]"), "the picker on a phone");
        phone.getByTestId("emoji-picker").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("red heart")).tap();
        assertThat(chip(mine, "❤️")).hasText("❤️1");
        assertThat(chip(reply, "❤️")).hasText("❤️1");
        ChromiumExtension.screenshot(phone, "lifecycle-room-phone");
      }
    }
  }

  @Test
  void anEditAnsweredSlowlyKeepsWhatWasTypedAfterEnter(Page alice) {
    HeldBridgeFrames network = HeldBridgeFrames.on(alice);
    Locator message = editingOwnMessage(alice, "slow", "Meet at noon");
    Locator editor = alice.getByTestId("edit-input");
    editor.fill("Meet at one");

    network.hold();
    editor.press("Enter");
    editor.pressSequentially(" or two");
    network.releaseOnceAnswered();
    alice.waitForFunction("() => window.kaftalk.chat.bus.replies.size === 0");
    assertThat(message.getByTestId("message-edited")).isVisible();
    assertThat(editor).isFocused();
    assertThat(editor).hasValue("Meet at one or two");

    editor.press("Enter");
    assertThat(editor).isHidden();
    assertThat(message.getByTestId("message-text")).hasText("Meet at one or two");
    assertThat(alice.getByTestId("message-input")).isFocused();
  }

  @Test
  void anEditSaysSavingUntilItsAnswerAndOneRefusedKeepsItsTextToTryAgain(Page alice) {
    HeldBridgeFrames network = HeldBridgeFrames.on(alice);
    Locator message = editingOwnMessage(alice, "saving", "Lunch at noon");
    Locator editor = alice.getByTestId("edit-input");
    Locator status = alice.getByTestId("edit-status");
    Locator save = alice.getByTestId("edit-save");
    editor.fill("Lunch at one");

    // While the answer is on its way the editor says so, keeps the text and the focus, and Save waits.
    network.hold();
    editor.press("Enter");
    assertThat(status).hasText("Saving…");
    assertThat(save).hasAttribute("aria-disabled", "true");
    assertThat(editor).hasValue("Lunch at one");
    assertThat(editor).isFocused();
    BrowserSteps.auditDialog(alice, "message-editor", "lifecycle-edit-saving");
    network.releaseOnceAnswered();
    assertThat(editor).isHidden();
    assertThat(message.getByTestId("message-text")).hasText("Lunch at one");
    assertThat(alice.getByTestId("message-input")).isFocused();

    // Refused: the reason shows in the editor, which keeps the text to shorten and save again.
    alice.getByTestId("message-input").press("ArrowUp");
    String tooLong = "Lunch " + "a".repeat(4000);
    editor.fill(tooLong);
    editor.press("Enter");
    assertThat(status).containsText("4000");
    assertThat(save).hasAttribute("aria-disabled", "false");
    assertThat(editor).hasValue(tooLong);
    assertThat(editor).isFocused();
    BrowserSteps.auditDialog(alice, "message-editor", "lifecycle-edit-refused");
    editor.fill("Lunch at two");
    editor.press("Enter");
    assertThat(editor).isHidden();
    assertThat(message.getByTestId("message-text")).hasText("Lunch at two");
  }

  @Test
  void theNewMessagesLineSitsAboveTheFirstUnreadAndTheCountsAgreeWithTheServerInEveryTab(Page alice, Browser browser) {
    String room = SharedInfra.unique("standup");
    String other = SharedInfra.unique("random");
    String bobName = SharedInfra.unique("bob");
    BrowserSteps.register(alice, app.url(), SharedInfra.unique("alice"));
    BrowserSteps.createRoom(alice, other);
    BrowserSteps.createRoom(alice, room);
    BrowserSteps.send(alice, "Read before lunch");
    try (BrowserContext bobContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 800))) {
      Page bob = bobContext.newPage();
      BrowserSteps.register(bob, app.url(), bobName);
      bob.getByTestId("join-room-" + other).click();
      bob.getByTestId("join-room-" + room).click();
      assertThat(messageTexts(bob)).hasText(new String[] {"Read before lunch"});
      String roomId = roomId(bob, room);
      // Seen at the bottom of the room: bob's position is stored, as every device sees it.
      assertNotNull(serverRoom(bob, roomId, "lastRead", null), "bob's read position");

      // Bob goes to another room and has a second tab open; alice writes three messages meanwhile.
      bob.getByTestId("room-item-" + other).click();
      assertThat(bob.getByTestId("room-title")).containsText(other);
      Page bobsOtherTab = bobContext.newPage();
      bobsOtherTab.navigate(app.url());
      assertThat(bobsOtherTab.getByTestId("connection-banner")).hasAttribute("data-status", "online");
      for (String text : List.of("Standup moved", "to 10:15", "see you there")) {
        BrowserSteps.send(alice, text);
      }
      for (Page tab : List.of(bob, bobsOtherTab)) {
        assertThat(tab.getByTestId("unread-" + room)).hasText("3");
      }
      assertEquals(3, ((Number) serverRoom(bob, roomId, "unread", 3)).intValue(), "the server's count");

      // Opening the room: the line sits above the first of the three, and stays while more arrive.
      bob.getByTestId("room-item-" + room).click();
      Locator line = bob.getByTestId("new-line");
      assertThat(line).hasCount(1);
      assertThat(line).isInViewport();
      assertThat(bob.locator("[data-testid=message]:has([data-testid=new-line])").getByTestId("message-text"))
          .hasText("Standup moved");
      for (Page tab : List.of(bob, bobsOtherTab)) {
        assertThat(tab.getByTestId("unread-" + room)).hasCount(0);
      }
      assertEquals(0, ((Number) serverRoom(bob, roomId, "unread", 0)).intValue(), "the server's count once read");
      BrowserSteps.send(alice, "one more");
      assertThat(messageTexts(bob).last()).hasText("one more");
      assertThat(bob.locator("[data-testid=message]:has([data-testid=new-line])").getByTestId("message-text"))
          .hasText("Standup moved");
      ChromiumExtension.screenshot(bob, "lifecycle-unread-line-desktop");
      assertEquals(List.of(), Axe.violations(bob, "#room-view"), "a room with its New messages line");

      // Tab reaches each message's actions once; the arrows move inside them.
      bob.getByTestId("message-list").focus();
      bob.keyboard().press("Tab");
      Locator first = bob.getByTestId("message").first();
      assertThat(first.getByTestId("message-copy-link")).isFocused();
      bob.keyboard().press("ArrowRight");
      assertThat(first.getByTestId("message-react")).isFocused();
      bob.keyboard().press("ArrowRight");
      assertThat(first.getByTestId("message-reply")).isFocused();
      bob.keyboard().press("Tab");
      assertThat(bob.getByTestId("message").nth(1).getByTestId("message-copy-link")).isFocused();

      // Offline meanwhile, bob's tab comes back to the messages as they stand: edited, deleted, reacted to.
      bobContext.setOffline(true);
      assertThat(bob.getByTestId("connection-banner")).not().hasAttribute("data-status", "online");
      String edited = alice.getByTestId("message").filter(new Locator.FilterOptions().setHasText("one more")).getAttribute("data-id");
      String deleted = alice.getByTestId("message").filter(new Locator.FilterOptions().setHasText("see you there")).getAttribute("data-id");
      alice.evaluate("""
          async ([roomId, edited, deleted]) => {
            const call = (method, id, body) => fetch(`/api/rooms/${roomId}/messages/${id}`, {
              method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
            await call('PATCH', edited, { text: 'one more (changed)' });
            await call('DELETE', deleted);
            await window.kaftalk.chat.bus.request('server.chat.react', { roomId, messageId: edited, emoji: '👍', on: true });
          }""", List.of(roomId, edited, deleted));
      bobContext.setOffline(false);
      assertThat(bob.getByTestId("connection-banner")).hasAttribute("data-status", "online");
      Locator editedAtBob = bob.locator("[data-testid=message][data-id=\"" + edited + "\"]");
      assertThat(editedAtBob.getByTestId("message-text")).hasText("one more (changed)");
      assertThat(editedAtBob.getByTestId("message-edited")).isVisible();
      assertThat(chip(editedAtBob, THUMBS_UP)).hasText(THUMBS_UP + "1");
      assertThat(bob.locator("[data-testid=message][data-id=\"" + deleted + "\"]").getByTestId("message-deleted")).isVisible();

      // Bob edits a message that the room's creator deletes meanwhile: he is told, and the placeholder stays.
      BrowserSteps.send(bob, "typo herre");
      assertThat(message(bob, bobName).last()).hasAttribute("data-state", "sent"); // only a stored message is edited
      Locator typo = alice.getByTestId("message").filter(new Locator.FilterOptions().setHasText("typo herre"));
      String typoId = typo.getAttribute("data-id");
      bob.getByTestId("message-input").press("ArrowUp");
      assertThat(bob.getByTestId("edit-input")).hasValue("typo herre");
      alice.evaluate("([roomId, id]) => fetch(`/api/rooms/${roomId}/messages/${id}`, { method: 'DELETE' })",
          List.of(roomId, typoId));
      assertThat(bob.getByTestId("toast")).containsText("This message was deleted while you were editing it.");
      assertThat(bob.getByTestId("edit-input")).hasCount(0);
      assertThat(bob.locator("[data-testid=message][data-id=\"" + typoId + "\"]").getByTestId("message-deleted")).isVisible();
      assertThat(bob.getByTestId("message-input")).isFocused();

      // Leaving the room and coming back: everything is read, so no line.
      bob.getByTestId("room-item-" + other).click();
      bob.getByTestId("room-item-" + room).click();
      assertThat(messageTexts(bob).last()).hasText("one more (changed)");
      assertThat(bob.getByTestId("new-line")).hasCount(0);

      // A room bob was added to and never opened: all of it is new, so the line sits above its first message.
      String invited = SharedInfra.unique("planning");
      BrowserSteps.createRoom(alice, invited);
      BrowserSteps.send(alice, "Welcome aboard");
      BrowserSteps.send(alice, "Agenda below");
      assertThat(alice.getByTestId("message").last()).hasAttribute("data-state", "sent");
      alice.evaluate("([id, username]) => fetch(`/api/rooms/${id}/invite`, { method: 'POST', headers: "
          + "{ 'Content-Type': 'application/json' }, body: JSON.stringify({ username }) })",
          List.of(roomId(alice, invited), bobName));
      assertThat(bob.getByTestId("unread-" + invited)).hasText("2");
      bob.getByTestId("room-item-" + invited).click();
      assertThat(bob.getByTestId("new-line")).hasCount(1);
      assertThat(bob.locator("[data-testid=message]:has([data-testid=new-line])").getByTestId("message-text"))
          .hasText("Welcome aboard");
      assertEquals(List.of(), Axe.violations(bob, "#room-view"), "a room never read, with its New messages line");
      ChromiumExtension.screenshot(bob, "lifecycle-never-read-desktop");
      bob.setViewportSize(390, 844);
      assertThat(bob.getByTestId("new-line")).isVisible();
      assertAuthorRowIsOneRow(bob.getByTestId("message").first());
      ChromiumExtension.screenshot(bob, "lifecycle-never-read-phone");
    }
  }

  /**
   * A reconnecting tab's catch-up page is read from the history store, a frame is not: an edit pushed while the page
   * is on its way is newer than the page, and the page does not put the old text back.
   */
  @Test
  void anEditPushedWhileTheCatchUpIsOnItsWayStays(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "stale")) {
      Page bob = two.bobsPage();
      BrowserSteps.send(bob, "Lunch at noon");
      Locator bobs = message(alice, two.bob()).getByTestId("message-text");
      assertThat(bobs).hasText("Lunch at noon");

      // Alice is offline a moment and writes meanwhile: her send goes out once her catch-up is done.
      alice.context().setOffline(true);
      assertThat(alice.getByTestId("connection-banner")).not().hasAttribute("data-status", "online");
      BrowserSteps.send(alice, "On my way");
      Locator mine = alice.locator("[data-testid=message][data-own=true]").last();
      assertThat(mine).hasAttribute("data-state", "pending");
      HeldHistoryPage catchUp = HeldHistoryPage.on(alice);
      alice.context().setOffline(false);
      catchUp.awaitAsked();

      bob.getByTestId("message-input").press("ArrowUp");
      bob.getByTestId("edit-input").fill("Lunch at one");
      bob.getByTestId("edit-input").press("Enter");
      assertThat(bobs).hasText("Lunch at one");
      catchUp.release();
      assertThat(mine).hasAttribute("data-state", "sent");
      assertThat(bobs).hasText("Lunch at one");
      assertThat(message(alice, two.bob()).getByTestId("message-edited")).isVisible();
      BrowserSteps.screenshots(alice, "lifecycle-edit-during-catch-up");
    }
  }

  /**
   * A tab back from offline catches up an edit it missed, although a reaction to that message reached it before the
   * catch-up's page did: the reaction changed the reactions, not the text.
   */
  @Test
  void anEditMissedOfflineShowsThoughAReactionArrivedBeforeTheCatchUp(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "missed")) {
      Page bob = two.bobsPage();
      BrowserSteps.send(bob, "Lunch at noon");
      Locator bobs = message(alice, two.bob());
      assertThat(bobs.getByTestId("message-text")).hasText("Lunch at noon");

      alice.context().setOffline(true);
      assertThat(alice.getByTestId("connection-banner")).not().hasAttribute("data-status", "online");
      bob.getByTestId("message-input").press("ArrowUp");
      bob.getByTestId("edit-input").fill("Lunch at one");
      bob.getByTestId("edit-input").press("Enter");
      assertThat(message(bob, two.bob()).getByTestId("message-text")).hasText("Lunch at one");
      HeldHistoryPage catchUp = HeldHistoryPage.on(alice);
      alice.context().setOffline(false);
      catchUp.awaitAsked();

      String roomId = roomId(bob, two.room());
      String messageId = bobs.getAttribute("data-id");
      bob.evaluate("([roomId, messageId]) => window.kaftalk.chat.bus.request('server.chat.react',"
          + " { roomId, messageId, emoji: '👍', on: true })", List.of(roomId, messageId));
      assertThat(chip(bobs, THUMBS_UP)).hasText(THUMBS_UP + "1");
      catchUp.release();
      assertThat(bobs.getByTestId("message-text")).hasText("Lunch at one");
      assertThat(bobs.getByTestId("message-edited")).isVisible();
      assertThat(chip(bobs, THUMBS_UP)).hasText(THUMBS_UP + "1");
    }
  }

  /**
   * A reaction names its first 20 people only; the 21st to react still sees it as theirs (pressed), after a reload and
   * while others keep reacting, and takes it back with a click.
   */
  @Test
  void theTwentyFirstToReactSeesItAsTheirsAndTakesItBack(Page alice, Vertx vertx) throws Exception {
    String room = SharedInfra.unique("party");
    BrowserSteps.register(alice, app.url(), SharedInfra.unique("alice"));
    BrowserSteps.createRoom(alice, room);
    BrowserSteps.send(alice, "Party at 5?");
    assertThat(alice.getByTestId("message").last()).hasAttribute("data-state", "sent");
    String roomId = roomId(alice, room);
    String messageId = alice.getByTestId("message").last().getAttribute("data-id");
    JsonObject party = new JsonObject().put("roomId", roomId).put("messageId", messageId).put("emoji", PARTY)
        .put("on", true);
    List<BridgeConnection> guests = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      ChatClient guest = await(ChatClient.register(vertx, app.port(), SharedInfra.unique("guest" + i),
          BrowserSteps.PASSWORD));
      await(guest.join(roomId));
      guests.add(await(guest.connect()));
    }
    for (BridgeConnection guest : guests.subList(0, 20)) {
      await(guest.request("server.chat.react", party));
    }
    Locator chip = chip(alice.getByTestId("message").last(), PARTY);
    assertThat(chip).hasText(PARTY + "20");
    assertThat(chip).hasAttribute("aria-pressed", "false");
    chip.click();
    assertThat(chip).hasText(PARTY + "21");
    assertThat(chip).hasAttribute("aria-pressed", "true");
    assertThat(chip).hasAttribute("title", Pattern.compile(" and 1 more$"));

    alice.reload();
    assertThat(chip).hasAttribute("aria-pressed", "true");
    // A 22nd: the frame every member gets names the first 20, which alice is not among.
    await(guests.get(20).request("server.chat.react", party));
    assertThat(chip).hasText(PARTY + "22");
    assertThat(chip).hasAttribute("aria-pressed", "true");
    chip.press("Enter");
    assertThat(chip).hasText(PARTY + "21");
    assertThat(chip).hasAttribute("aria-pressed", "false");
    alice.reload();
    assertThat(chip).hasText(PARTY + "21");
    assertThat(chip).hasAttribute("aria-pressed", "false");
  }

  /**
   * The author's name, the time and the actions of {@code message} share one row, so its text starts right below
   * them: on a narrow screen the name gives way and the actions float, they do not push the text down a row.
   */
  /** Registers alice in a new room, where she posts {@code text} and edits it with Up; the message. */
  private static Locator editingOwnMessage(Page alice, String roomPrefix, String text) {
    BrowserSteps.register(alice, app.url(), SharedInfra.unique("alice"));
    BrowserSteps.createRoom(alice, SharedInfra.unique(roomPrefix));
    BrowserSteps.send(alice, text);
    Locator message = alice.getByTestId("message").last();
    assertThat(message).hasAttribute("data-state", "sent");
    alice.getByTestId("message-input").press("ArrowUp");
    assertThat(alice.getByTestId("edit-input")).isFocused();
    return message;
  }

  private static void assertAuthorRowIsOneRow(Locator message) {
    double row = message.getByTestId("message-meta").boundingBox().height;
    assertTrue(row <= ONE_ROW_PX, "the author row of a message is " + row + " px high, more than one row");
  }

  /** The messages of {@code author} in the open room. */
  private static Locator message(Page page, String author) {
    return page.locator("[data-testid=message][data-author=\"" + author + "\"]");
  }

  private static Locator chip(Locator message, String emoji) {
    return message.locator("[data-testid=reaction][data-emoji=\"" + emoji + "\"]");
  }

  private static Locator messageTexts(Page page) {
    return page.getByTestId("message-list").getByTestId("message-text");
  }

  private static String roomId(Page page, String room) {
    return page.getByTestId("room-item-" + room).getAttribute("data-room-id");
  }

  /**
   * The room's {@code field} in GET /api/rooms for this browser's user, asked again every 100 ms until it is
   * {@code want} (or set at all, for null) or 10 s went by: the server applies a read position a moment after the PUT.
   */
  private static Object serverRoom(Page page, String roomId, String field, Object want) {
    return page.evaluate("""
        async ([id, field, want]) => {
          const end = Date.now() + 10000;
          for (;;) {
            const room = (await (await fetch('/api/rooms')).json()).find((r) => r.id === id);
            const value = room[field] ?? null;
            if ((want === null ? value !== null : value === want) || Date.now() > end) return value;
            await new Promise((done) => setTimeout(done, 100));
          }
        }""", Arrays.asList(roomId, field, want));
  }
}
