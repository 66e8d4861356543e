package dev.kaftalk.app;

import com.microsoft.playwright.Page;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The app fills the window and not a pixel more: only its panes scroll, never the page. */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class PageFitBrowserIT {

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void anOpenRoomIsExactlyAsTallAsTheWindowOnADesktopAndAPhone(Page page) {
    page.setViewportSize(1280, 800);
    BrowserSteps.register(page, app.url(), SharedInfra.unique("alice"));
    BrowserSteps.createRoom(page, SharedInfra.unique("fit"));
    BrowserSteps.send(page, "Does the page scroll?");
    assertThat(page.locator("[data-testid=message][data-own=true]")).hasAttribute("data-state", "sent");
    assertFits(page, 800, "a desktop");
    ChromiumExtension.screenshot(page, "page-fit-desktop");

    page.setViewportSize(390, 844);
    assertFits(page, 844, "a phone");
    ChromiumExtension.screenshot(page, "page-fit-phone");
  }

  /** The document is as tall as the window, and so is not scrolled. */
  private static void assertFits(Page page, int height, String where) {
    page.waitForFunction("(h) => innerHeight === h", height);
    assertEquals(List.of(height, height, 0), page.evaluate("() => [innerHeight, document.documentElement.scrollHeight,"
        + " document.scrollingElement.scrollTop]"), "window height, page height and page scroll on " + where);
  }
}
