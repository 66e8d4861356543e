package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Messages not sent yet and drafts outlive a closed or reloaded tab, and go with the logout. */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class OutboxBrowserIT {

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void aMessageWrittenOfflineOutlivesTheClosedTabAndGoesOutOnceNextTime(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "train")) {
      BrowserContext alicesBrowser = alice.context();
      alicesBrowser.setOffline(true);
      assertThat(alice.getByTestId("connection-banner")).not().hasAttribute("data-status", "online");
      BrowserSteps.send(alice, "Written in the tunnel");
      assertThat(alice.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "pending");
      ChromiumExtension.screenshot(alice, "outbox-pending-offline");

      List<String> asked = closeAcceptingTheBrowsersQuestion(alice);
      alicesBrowser.setOffline(false);
      Page again = alicesBrowser.newPage();
      again.setViewportSize(1366, 800);
      again.navigate(app.url());
      again.getByTestId("room-item-" + two.room()).click();
      Locator own = again.locator("[data-testid=message][data-own=true]");
      assertThat(own).hasCount(1);
      assertThat(own).hasAttribute("data-state", "sent");
      assertThat(messageTexts(two.bobsPage())).hasText(new String[] {"Written in the tunnel"});

      // Anything resent late would come after this one.
      BrowserSteps.send(two.bobsPage(), "Welcome back");
      String[] both = {"Written in the tunnel", "Welcome back"};
      assertThat(messageTexts(again)).hasText(both);
      assertThat(messageTexts(two.bobsPage())).hasText(both);
      again.reload();
      assertThat(messageTexts(again)).hasText(both);
      ChromiumExtension.screenshot(again, "outbox-sent-after-reopening");
      assertEquals(List.of("beforeunload"), asked, "the browser asked before closing the tab with a message unsent");
    }
  }

  @Test
  void aKeptMessageWithTheTextOfAnEarlierOneStillGoesOut(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "again")) {
      BrowserSteps.send(alice, "ok");
      assertThat(messageTexts(two.bobsPage())).hasText(new String[] {"ok"});
      String roomId = alice.getByTestId("room-item-" + two.room()).getAttribute("data-room-id");
      BrowserContext alicesBrowser = alice.context();
      alicesBrowser.setOffline(true);
      assertThat(alice.getByTestId("connection-banner")).not().hasAttribute("data-status", "online");
      BrowserSteps.send(alice, "ok");
      closeAcceptingTheBrowsersQuestion(alice);

      // The room's page brings the first "ok" before the kept one goes out (the socket's registration, after which
      // sends go out, is held until then): the first must not be taken for the kept one.
      alicesBrowser.setOffline(false);
      Page again = alicesBrowser.newPage();
      HeldRegistration registration = HeldRegistration.on(again);
      again.navigate(app.url() + "#/rooms/" + roomId);
      registration.awaitHeld();
      assertThat(again.locator("[data-testid=message][data-own=true][data-state=sent]")).hasCount(1);
      registration.release();
      assertThat(messageTexts(two.bobsPage())).hasText(new String[] {"ok", "ok"});
      assertThat(again.locator("[data-testid=message][data-own=true]")).hasCount(2);
      assertThat(again.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "sent");
    }
  }

  @Test
  void aSendThatReachedTheServerBeforeTheTabClosedIsNotPostedTwice(Page alice, Browser browser) {
    HeldBridgeFrames answers = HeldBridgeFrames.on(alice);
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "lost")) {
      answers.hold();
      BrowserSteps.send(alice, "Stored, but the answer was lost");
      assertThat(messageTexts(two.bobsPage())).hasText(new String[] {"Stored, but the answer was lost"});
      assertThat(alice.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "pending");

      closeAcceptingTheBrowsersQuestion(alice);
      Page again = alice.context().newPage();
      again.navigate(app.url());
      again.getByTestId("room-item-" + two.room()).click();
      assertThat(again.locator("[data-testid=message][data-own=true]")).hasAttribute("data-state", "sent");
      // The resend is answered with the message already stored: nothing is left for the next start.
      again.waitForCondition(() -> "[]".equals(again.evaluate(
          "() => JSON.stringify(Object.keys(localStorage).filter((k) => k.startsWith('kaftalk.outbox:')))")));

      BrowserSteps.send(two.bobsPage(), "Got it once");
      String[] once = {"Stored, but the answer was lost", "Got it once"};
      assertThat(messageTexts(two.bobsPage())).hasText(once);
      assertThat(messageTexts(again)).hasText(once);
    }
  }

  @Test
  void aDraftOutlivesAReloadAndNothingOfItOrTheUnsentOutlivesTheLogout(Page page) {
    String room = SharedInfra.unique("drafts");
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    AtomicBoolean dropSends = new AtomicBoolean();
    // Sends vanish on their way to the server while dropSends is on: they stay unsent, the rest works.
    page.routeWebSocket(Pattern.compile("/websocket$"), socket -> {
      WebSocketRoute server = socket.connectToServer();
      server.onMessage(frame -> socket.send(frame.text()));
      socket.onMessage(frame -> {
        if (!(dropSends.get() && frame.text().contains("server.chat.send"))) {
          server.send(frame.text());
        }
      });
    });
    page.setViewportSize(1366, 800);
    BrowserSteps.register(page, app.url(), alice);
    BrowserSteps.createRoom(page, room);
    Locator input = page.getByTestId("message-input");
    input.pressSequentially("Half a thought");
    page.reload();
    assertThat(page.getByTestId("room-title")).containsText(room);
    assertThat(input).hasValue("Half a thought");
    // Typed on: the draft follows the last change.
    input.press("End");
    input.pressSequentially(", finished");
    page.reload();
    assertThat(input).hasValue("Half a thought, finished");
    ChromiumExtension.screenshot(page, "outbox-draft-after-reload");

    dropSends.set(true);
    BrowserSteps.send(page, "Never sent: alice logged out");
    assertThat(page.locator("[data-testid=message][data-own=true]").last()).hasAttribute("data-state", "pending");
    input.pressSequentially("Alice's private draft");
    page.getByTestId("logout").click();
    assertThat(page.getByTestId("auth-form")).isVisible();
    assertEquals("[]", page.evaluate("() => JSON.stringify(Object.keys(localStorage).filter((k) => k.includes("
        + "'" + alice + "')))"), "nothing of alice's is kept in this browser after her logout");

    // Bob on the same machine, in the same room: no draft, no message of alice's.
    dropSends.set(false);
    page.getByTestId("login-username").fill(bob);
    page.getByTestId("login-password").fill(BrowserSteps.PASSWORD);
    page.getByTestId("register-submit").click();
    assertThat(page.getByTestId("current-user")).containsText(bob);
    page.getByTestId("join-room-" + room).click();
    assertThat(page.getByTestId("room-title")).containsText(room);
    assertThat(input).hasValue("");
    BrowserSteps.send(page, "Bob was here");
    assertThat(messageTexts(page)).hasText(new String[] {"Bob was here"});
    page.getByTestId("logout").click();

    // Alice again: the logout took her draft and her unsent message with it.
    BrowserSteps.logIn(page, alice);
    page.getByTestId("room-item-" + room).click();
    assertThat(messageTexts(page)).hasText(new String[] {"Bob was here"});
    assertThat(input).hasValue("");
    ChromiumExtension.screenshot(page, "outbox-nothing-after-logout");
  }

  @Test
  void aRefusedMessageComesBackAfterAReloadUntilItIsDiscarded(Page alice, Browser browser) {
    refuseSendsOf(alice, "Refuse this one");
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "refused")) {
      BrowserSteps.send(alice, "Refuse this one");
      Locator own = alice.locator("[data-testid=message][data-own=true]");
      assertThat(own.getByTestId("message-error")).hasText("Not sent: Refused for the test");

      // Kept for the next start, where it is tried again and refused again: nothing is lost without the user's say.
      alice.reload();
      alice.getByTestId("room-item-" + two.room()).click();
      assertThat(own.getByTestId("message-error")).hasText("Not sent: Refused for the test");
      ChromiumExtension.screenshot(alice, "outbox-refused-after-reload");

      own.getByTestId("discard").focus();
      alice.keyboard().press("Enter");
      assertThat(own).hasCount(0);
      assertThat(alice.locator("#message-input")).isFocused();
      alice.reload();
      alice.getByTestId("room-item-" + two.room()).click();
      BrowserSteps.send(two.bobsPage(), "Still here");
      assertThat(messageTexts(alice)).hasText(new String[] {"Still here"});
      assertThat(own).hasCount(0);
      assertEquals("[]", alice.evaluate(
          "() => JSON.stringify(Object.keys(localStorage).filter((k) => k.startsWith('kaftalk.outbox:')))"));
    }
  }

  /** The page's sends of {@code text} are answered as the server answers a refusal (400), and never reach it. */
  private static void refuseSendsOf(Page page, String text) {
    page.routeWebSocket(Pattern.compile("/websocket$"), socket -> {
      WebSocketRoute server = socket.connectToServer();
      server.onMessage(frame -> socket.send(frame.text()));
      socket.onMessage(frame -> {
        String refused = refusalOf(frame.text(), text);
        if (refused != null) {
          socket.send(refused);
        } else {
          server.send(frame.text());
        }
      });
    });
  }

  /** The SockJS frame refusing the send in {@code sockJsFrame} if it sends {@code text}; null otherwise. */
  private static String refusalOf(String sockJsFrame, String text) {
    for (Object sent : new JsonArray(sockJsFrame)) {
      JsonObject frame = new JsonObject((String) sent);
      JsonObject body = frame.getJsonObject("body");
      if ("server.chat.send".equals(frame.getString("address")) && body != null
          && text.equals(body.getString("text"))) {
        JsonObject refusal = new JsonObject().put("type", "err").put("address", frame.getString("replyAddress"))
            .put("failureCode", 400).put("failureType", "RECIPIENT_FAILURE").put("message", "Refused for the test");
        return "a" + new JsonArray().add(refusal.encode()).encode();
      }
    }
    return null;
  }

  /** Closes the tab as a person does, answering "Leave" to any "Leave site?"; returns the kinds of questions asked. */
  private static List<String> closeAcceptingTheBrowsersQuestion(Page page) {
    List<String> asked = new ArrayList<>();
    page.onDialog(dialog -> {
      asked.add(dialog.type());
      dialog.accept();
    });
    page.waitForClose(() -> page.close(new Page.CloseOptions().setRunBeforeUnload(true)));
    return asked;
  }

  private static Locator messageTexts(Page page) {
    return page.getByTestId("message-list").getByTestId("message-text");
  }
}
