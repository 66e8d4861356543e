package dev.kaftalk.app;

import com.microsoft.playwright.Page;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import dev.kaftalk.testing.client.BridgeConnection;
import dev.kaftalk.testing.client.ChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A corpus of known XSS payloads as message text and room names, read in real Chromium: every payload shows as
 * text, no script runs and no element is made from it. Usernames cannot carry them at all: sign-up refuses them.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class, ChromiumExtension.class})
class XssBrowserIT {

  private static final String PASSWORD = "browser password";
  /** What a payload would make if it were ever parsed as HTML. */
  private static final String INJECTED = "script, iframe, object, embed, svg, math, video, audio, input, select,"
      + " textarea, marquee, details, form, meta, base, link, style, x, noscript, isindex,"
      + " img:not([data-testid=message-image]), [onerror], [onload], [onclick], [onfocus], a[href^='javascript' i]";

  // The whole corpus is posted at once by one author.
  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.configured(config ->
      config.put("chat", new JsonObject().put("messagesPerSecond", 1000).put("messageBurst", 1000)));

  @Test
  void everyPayloadShowsAsTextAndRunsNothing(Page reader, Vertx vertx) throws Exception {
    List<String> payloads = payloads();
    String marker = SharedInfra.unique("x");
    String mainRoom = marker + " corpus";
    List<String> roomNames = new ArrayList<>();
    for (String payload : payloads) {
      String name = marker + " " + payload;
      if (name.length() <= 64) {
        roomNames.add(name);
      }
    }
    ChatClient author = ChatClient.register(vertx, app.port(), SharedInfra.unique("xavier"), PASSWORD)
        .toCompletionStage().toCompletableFuture().get();
    author.createRoom(mainRoom).map(room -> room.getString("id"))
        .compose(id -> Future.all(roomNames.stream().map(author::createRoom).toList()).map(id))
        .compose(id -> author.connect().compose(bridge -> postAll(bridge, id, payloads)).map(id))
        .toCompletionStage().toCompletableFuture().get();
    List<Integer> signUps = Future.all(payloads.stream().map(p -> author.call(HttpMethod.POST, "/api/auth/register",
            new JsonObject().put("username", p).put("password", PASSWORD)).map(r -> r.statusCode())).toList())
        .map(all -> all.<Integer>list())
        .toCompletionStage().toCompletableFuture().get();
    assertEquals(payloads.size(), signUps.stream().filter(status -> status == 400).count(),
        "usernames carrying markup are refused: " + signUps);

    reader.addInitScript("window.alert = window.confirm = window.prompt = () => { window.__xss = 1; };");
    reader.navigate(app.url());
    reader.getByTestId("login-username").fill(SharedInfra.unique("rita"));
    reader.getByTestId("login-password").fill(PASSWORD);
    reader.getByTestId("register-submit").click();
    assertThat(reader.getByTestId("connection-banner")).hasAttribute("data-status", "online");
    for (String name : roomNames) {
      assertThat(reader.getByTestId("join-room-" + name)).isVisible();
    }
    reader.getByTestId("join-room-" + mainRoom).click();
    reader.getByTestId("room-item-" + mainRoom).click();
    assertThat(reader.getByTestId("message-list").getByTestId("message-text")).hasText(payloads.toArray(String[]::new));
    ChromiumExtension.screenshot(reader, "xss-corpus-as-text");

    for (String region : List.of("message-list", "room-list", "browse-list", "room-title")) {
      com.microsoft.playwright.Locator made = reader.getByTestId(region).locator(INJECTED);
      assertEquals(0, made.count(), region + " holds elements made from payloads: "
          + made.evaluateAll("els => els.map(e => e.outerHTML)"));
    }
    assertNull(reader.evaluate("() => window.__xss"), "a payload ran");
  }

  private static Future<Void> postAll(BridgeConnection bridge, String roomId, List<String> payloads) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < payloads.size(); i++) {
      JsonObject message = ChatContractIT.message(roomId, payloads.get(i), "xss-" + i);
      chain = chain.compose(v -> bridge.request("server.chat.send", message).mapEmpty());
    }
    return chain;
  }

  private static List<String> payloads() throws IOException {
    try (InputStream in = XssBrowserIT.class.getResourceAsStream("/xss/payloads.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
  }
}
