package dev.kaftalk.app;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.kaftalk.testing.browser.ChromiumExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A whole instance, embedded Kafka and S3 included, serves its page to a real Chromium. */
@ExtendWith(ChromiumExtension.class)
class BrowserSmokeIT {

  private static Kaftalk kaftalk;

  /** Kaftalk.start blocks until the edge serves; fine here, this is the test thread, not an event loop. */
  @BeforeAll
  static void startKaftalk(@TempDir Path dataDir) {
    JsonObject config = ConfigLoader.defaults().put("dataDir", dataDir.toString());
    // Loopback only and a free port, so parallel builds on one machine do not collide.
    config.getJsonObject("http").put("host", "127.0.0.1").put("port", 0);
    kaftalk = Kaftalk.start(config);
  }

  /** Runs even when the start failed, hence the null check. */
  @AfterAll
  static void stopKaftalk() {
    if (kaftalk != null) {
      kaftalk.close();
    }
  }

  @Test
  void chromiumShowsTheChatPage(Page page) {
    Response response = page.navigate("http://localhost:" + kaftalk.httpPort() + "/");

    assertEquals(200, response.status(), "GET / status");
    assertThat(page).hasTitle("Kaftalk");
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Kaftalk");
    ChromiumExtension.screenshot(page, "browser-smoke");
  }
}
