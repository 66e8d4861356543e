package dev.kaftalk.app;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.kaftalk.testing.MutableClock;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.kaftalk.app.BrowserSteps.await;

/** Quiet hours as a person sets them in the Settings dialog of real Chromium, with a clock the test moves. */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class QuietHoursBrowserIT {

  private static final String PASSWORD = "browser password";
  private static final MutableClock CLOCK = MutableClock.startingNow();
  private static Kaftalk kaftalk;
  private static Vertx vertx;

  @BeforeAll
  static void start(SharedInfra infra, @TempDir Path dir) {
    kaftalk = Kaftalk.start(TestInstances.config(infra, dir), CLOCK);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (kaftalk != null) {
      kaftalk.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  @Test
  void nothingAppearsWhileQuietThenTheBannerAndTheMessages(Page page) throws Exception {
    String url = "http://localhost:" + kaftalk.httpPort() + "/";
    String room = SharedInfra.unique("night");
    String quinn = SharedInfra.unique("quinn");
    page.navigate(url);
    page.getByTestId("login-username").fill(quinn);
    page.getByTestId("login-password").fill(PASSWORD);
    page.getByTestId("register-submit").click();
    assertThat(page.getByTestId("connection-banner")).hasAttribute("data-status", "online");
    page.getByTestId("create-room-name").fill(room);
    page.getByTestId("create-room-submit").click();
    assertThat(page.getByTestId("room-title")).containsText(room);
    String roomId = page.getByTestId("room-item-" + room).getAttribute("data-room-id");

    page.getByTestId("quiet-status").click();
    assertThat(page.getByTestId("settings-dialog")).isVisible();
    // The schedule's fields are inactive until it is switched on.
    assertThat(page.getByTestId("quiet-start")).isDisabled();
    page.getByTestId("quiet-enabled").check();
    page.getByTestId("quiet-start").fill("22:00");
    page.getByTestId("quiet-end").fill("22:00");
    page.getByTestId("quiet-save").click();
    assertThat(page.getByTestId("quiet-error-end")).hasText("The end must differ from the start.");

    // A window around now, in UTC: from the last full hour to two hours on.
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    page.getByTestId("quiet-start").fill(String.format("%02d:00", now.minusHours(1).getHour()));
    page.getByTestId("quiet-end").fill(String.format("%02d:00", now.plusHours(2).getHour()));
    page.getByTestId("quiet-zone").selectOption("UTC");
    page.getByTestId("quiet-save").click();
    assertThat(page.getByTestId("quiet-error-end")).isHidden();
    assertThat(page.getByTestId("quiet-status")).hasAttribute("data-quiet", "true");
    assertThat(page.getByTestId("quiet-status")).containsText("Quiet until");
    ChromiumExtension.screenshot(page, "quiet-settings-saved");
    page.getByTestId("settings-close").click();

    ChatClient sender = await(ChatClient.register(vertx, kaftalk.httpPort(), SharedInfra.unique("owl"), PASSWORD));
    await(sender.join(roomId));
    BridgeConnection socket = await(sender.connect());
    for (int i = 1; i <= 3; i++) {
      await(socket.request("server.chat.send", ChatContractIT.message(roomId, "Night note " + i, "night-" + i)));
    }
    // And a direct message, which the banner names as one ("@owl"), not as a room.
    String dmId = await(sender.call(HttpMethod.POST, "/api/dms", new JsonObject().put("usernames",
        new JsonArray().add(quinn)))).bodyAsJsonObject().getJsonObject("room").getString("id");
    assertThat(page.getByTestId("dm-list").getByTestId("room-item-" + sender.username())).isVisible();
    await(socket.request("server.chat.send", ChatContractIT.message(dmId, "Night DM", "night-dm")));
    // Someone joining afterwards is pushed to Quinn live and in room order, after those messages would have been.
    ChatClient late = await(ChatClient.register(vertx, kaftalk.httpPort(), SharedInfra.unique("lark"), PASSWORD));
    await(late.join(roomId));
    assertThat(page.getByTestId("room-members")).hasText("3 members");
    assertThat(messageTexts(page)).hasCount(0);
    ChromiumExtension.screenshot(page, "quiet-nothing-live");

    CLOCK.advance(Duration.ofHours(3));
    // Rooms in the order of their first message.
    assertThat(page.getByTestId("batch-notice")).containsText("While you were away: 4 messages in 2 conversations (#"
        + room + ", @" + sender.username() + ")");
    assertThat(messageTexts(page)).hasText(new String[] {"Night note 1", "Night note 2", "Night note 3"});
    Locator firstNew = page.getByTestId("message").filter(new Locator.FilterOptions().setHasText("Night note 1"));
    assertThat(page.getByTestId("new-line")).hasCount(1);
    assertThat(firstNew.getByTestId("new-line")).hasText("New messages");
    page.getByTestId("batch-jump").click();
    assertThat(firstNew).hasAttribute("data-highlighted", "true");
    ChromiumExtension.screenshot(page, "quiet-batch-desktop");
    page.setViewportSize(390, 844);
    ChromiumExtension.screenshot(page, "quiet-batch-phone");
    page.getByTestId("quiet-status").click();
    ChromiumExtension.screenshot(page, "quiet-settings-phone");
  }

  @Test
  void theSettingsDialogIsUsedFromTheKeyboardAndKeepsTheFocusInside(Page page) {
    page.setViewportSize(1366, 800);
    String room = SharedInfra.unique("calm");
    BrowserSteps.register(page, "http://localhost:" + kaftalk.httpPort() + "/", SharedInfra.unique("kay"));
    page.getByTestId("create-room-name").fill(room);
    page.getByTestId("create-room-submit").click();
    assertThat(page.getByTestId("room-title")).containsText(room);
    Locator opener = page.getByTestId("quiet-status");
    Locator save = page.getByTestId("quiet-save");
    BrowserSteps.openAndWrap(page, opener, page.getByTestId("quiet-enabled"), page.getByTestId("settings-close"), save);

    page.keyboard().press("Shift+Tab");
    page.keyboard().press("Enter");
    assertThat(page.locator("[data-testid=toast][data-kind=info]")).containsText("Quiet hours saved.");
    assertThat(save).isFocused();
    Locator hour = page.getByTestId("snooze-hour");
    BrowserSteps.tabTo(page, "Tab", hour, 2);
    page.keyboard().press("Enter");
    assertThat(page.locator("[data-testid=toast][data-kind=info]").last()).containsText("Paused.");
    assertThat(hour).isFocused();
    BrowserSteps.auditDialog(page, "settings-dialog", "settings-dialog");
    BrowserSteps.escapeFrom(page, "settings-dialog", opener);
    // Nothing of the closed dialog is left in the way of the page.
    page.getByTestId("message-input").click();
    page.keyboard().type("after the dialog");
    page.keyboard().press("Enter");
    assertThat(messageTexts(page)).hasText(new String[] {"after the dialog"});
  }

  private static Locator messageTexts(Page page) {
    return page.getByTestId("message-list").getByTestId("message-text");
  }
}
