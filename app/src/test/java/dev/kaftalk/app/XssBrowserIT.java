package dev.kaftalk.app;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.FilePayload;
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
import java.util.Collections;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A corpus of known XSS payloads as message text, search results, room names and the names of uploaded files, in
 * real Chromium: every payload shows as text, no script runs and no element is made from it. Usernames cannot carry them at all:
 * sign-up refuses them. The server never keeps a file's name, but the browser shows it in the upload tray (where a
 * refused upload's row stays with its error) and in the toast for a file that is not worth sending.
 */
@ExtendWith({VertxExtension.class, SharedInfraExtension.class, ChromiumExtension.class})
class XssBrowserIT {

  private static final String PASSWORD = "browser password";
  /** What a payload would make if it were ever parsed as HTML; the app's own icons are not. */
  private static final String INJECTED = "script, iframe, object, embed, svg:not(.message-action > svg), math, video,"
      + " audio, input, select, textarea, marquee, details, form, meta, base, link, style, x, noscript, isindex,"
      + " img:not([data-testid=message-image-preview]), [onerror], [onload], [onclick], [onfocus], a[href^='javascript' i]";

  /** The word every payload is searched by; none of them holds it otherwise. */
  private static final String SEARCHED = "corpus";
  /** Results on a page of search (chat.search.defaultLimit); the corpus is longer, so "Load more" is needed. */
  private static final int SEARCH_PAGE = 20;

  /** Turns any dialog a payload opens into a flag the test reads. */
  private static final String TRAP_DIALOGS = "window.alert = window.confirm = window.prompt = () => { window.__xss = 1; };";

  // The whole corpus is posted, and uploaded, at once by one author.
  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.configured(config -> {
    config.put("chat", new JsonObject().put("messagesPerSecond", 1000).put("messageBurst", 1000));
    config.put("media", config.getJsonObject("media", new JsonObject()).put("uploadsPerMinute", 1000));
  });

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

    reader.addInitScript(TRAP_DIALOGS);
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
      assertNothingMadeIn(reader, region);
    }
    assertNull(reader.evaluate("() => window.__xss"), "a payload ran");
  }

  @Test
  void everyPayloadAsAnUploadFileNameShowsAsTextAndRunsNothing(Page page) throws IOException {
    List<String> payloads = payloads();
    page.addInitScript(TRAP_DIALOGS);
    BrowserSteps.register(page, app.url(), SharedInfra.unique("ulla"));
    String room = SharedInfra.unique("x") + " uploads";
    page.getByTestId("create-room-name").fill(room);
    page.getByTestId("create-room-submit").click();
    assertThat(page.getByTestId("room-title")).containsText(room);

    // Half of the names go up with a real image and become image messages; a quarter are text, shared as files whose
    // chips show the name; a quarter are Windows programs, refused by their content, whose rows, name and all, stay
    // in the tray.
    byte[] png = MediaFixtures.image("png", 40, 30).getBytes();
    byte[] text = MediaFixtures.text("not an image").getBytes();
    byte[] program = MediaFixtures.windowsProgram().getBytes();
    List<FilePayload> files = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    int shared = 0;
    for (int i = 0; i < payloads.size(); i++) {
      String name = payloads.get(i) + ".png";
      if (i % 2 == 0) {
        files.add(new FilePayload(name, "image/png", png));
      } else if (i % 4 == 1) {
        files.add(new FilePayload(name, "image/png", program));
        refused.add(name);
      } else {
        files.add(new FilePayload(name, "text/plain", text));
        shared++;
      }
    }
    page.getByTestId("attach-input").setInputFiles(files.toArray(FilePayload[]::new));

    // Dozens of uploads at once take longer than the default five seconds on a busy build machine.
    LocatorAssertions.HasCountOptions allUploads = new LocatorAssertions.HasCountOptions().setTimeout(60_000);
    assertThat(page.getByTestId("message-list").getByTestId("message-image-preview"))
        .hasCount(payloads.size() - refused.size() - shared, allUploads);
    assertThat(page.getByTestId("message-list").getByTestId("message-file")).hasCount(shared, allUploads);
    assertThat(page.getByTestId("upload")).hasCount(refused.size(), allUploads);
    assertThat(page.getByTestId("upload-error"))
        .containsText(Collections.nCopies(refused.size(), "Not allowed").toArray(String[]::new));
    // Playwright builds the files in the page and Chromium keeps a '/' in a File's name, so every name shows whole.
    assertThat(page.getByTestId("media-tray").locator(".upload-name")).hasText(refused.toArray(String[]::new));
    // However many rows stay, the tray scrolls within itself and leaves the messages and the composer on screen.
    assertThat(page.getByTestId("message-input")).isInViewport();
    ChromiumExtension.screenshot(page, "xss-upload-names");

    for (String region : List.of("media-tray", "message-list")) {
      assertNothingMadeIn(page, region);
    }
    assertNull(page.evaluate("() => window.__xss"), "a payload ran");
  }

  @Test
  void everyPayloadAsASearchResultShowsAsTextWithOnlyTheWordMarked(Page reader, Vertx vertx) throws Exception {
    // Each payload with a word a user would search for: only that word is marked, the payload around it is text.
    List<String> texts = payloads().stream().map(payload -> payload + " " + SEARCHED).toList();
    String room = SharedInfra.unique("x") + " search";
    ChatClient author = ChatClient.register(vertx, app.port(), SharedInfra.unique("sven"), PASSWORD)
        .toCompletionStage().toCompletableFuture().get();
    author.createRoom(room).map(created -> created.getString("id"))
        .compose(id -> author.connect().compose(bridge -> postAll(bridge, id, texts)))
        .toCompletionStage().toCompletableFuture().get();

    reader.addInitScript(TRAP_DIALOGS);
    BrowserSteps.register(reader, app.url(), SharedInfra.unique("sara"));
    reader.getByTestId("join-room-" + room).click();
    reader.getByTestId("room-item-" + room).click();
    assertThat(reader.getByTestId("message-list").getByTestId("message-text").last()).hasText(texts.get(texts.size() - 1));
    reader.getByTestId("search-input").fill(SEARCHED);
    reader.getByTestId("search-input").press("Enter");

    // Newest first, a page at a time: "Load more" until every payload is there, focus going to the first new one.
    List<String> newestFirst = new ArrayList<>(texts);
    Collections.reverse(newestFirst);
    Locator results = reader.getByTestId("search-result");
    Locator more = reader.getByTestId("search-more");
    assertThat(results).hasCount(Math.min(SEARCH_PAGE, texts.size()));
    for (int shown = SEARCH_PAGE; shown < texts.size(); shown += SEARCH_PAGE) {
      assertThat(reader.getByTestId("search-status")).hasText(shown + " results, more below");
      more.click();
      assertThat(results).hasCount(Math.min(shown + SEARCH_PAGE, texts.size()));
      assertThat(results.nth(shown)).isFocused();
    }
    assertThat(more).isHidden();
    assertThat(reader.getByTestId("search-status")).hasText(texts.size() + " results");
    assertThat(reader.getByTestId("search-result-text")).hasText(newestFirst.toArray(String[]::new));
    assertThat(reader.getByTestId("search-results").locator("mark"))
        .hasText(Collections.nCopies(texts.size(), SEARCHED).toArray(String[]::new));
    ChromiumExtension.screenshot(reader, "xss-search-results");
    assertNothingMadeIn(reader, "search-results");

    // The oldest result opens its message, highlighted in the room, as text too.
    results.last().click();
    Locator highlighted = reader.locator("[data-testid=message][data-highlighted=true]");
    assertThat(highlighted.getByTestId("message-text")).hasText(texts.get(0));
    assertNothingMadeIn(reader, "message-list");
    assertNull(reader.evaluate("() => window.__xss"), "a payload ran");
  }

  private static void assertNothingMadeIn(Page page, String region) {
    Locator made = page.getByTestId(region).locator(INJECTED);
    assertEquals(0, made.count(), region + " holds elements made from payloads: "
        + made.evaluateAll("els => els.map(e => e.outerHTML)"));
  }

  private static Future<Void> postAll(BridgeConnection bridge, String roomId, List<String> texts) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < texts.size(); i++) {
      JsonObject message = ChatContractIT.message(roomId, texts.get(i), "xss-" + i);
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
