package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.FilePayload;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Files chosen together arrive in the room in the order they were chosen, whatever their sizes. */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class UploadOrderBrowserIT {

  /** Long enough for the big files to go up slowly on a busy machine. */
  private static final LocatorAssertions.HasTextOptions SLOW = new LocatorAssertions.HasTextOptions().setTimeout(30_000);

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void filesChosenTogetherArePostedInTheOrderChosenNotTheOrderTheirUploadsEnd(Page alice, Browser browser) {
    try (BrowserSteps.TwoPeople two = BrowserSteps.twoInARoom(alice, browser, app.url(), "steps")) {
      // The big one alone takes seconds to go up; the small ones would be done long before it.
      BrowserSteps.slowUploads(alice);
      alice.getByTestId("attach-input").setInputFiles(new FilePayload[] {
          big("1-screenshot.bin"), small("2-notes.txt", "step two"), small("3-notes.txt", "step three")});
      String[] chosen = {"1-screenshot.bin", "2-notes.txt", "3-notes.txt"};
      assertThat(fileNames(two.bobsPage())).hasText(chosen, SLOW);
      assertThat(fileNames(alice)).hasText(chosen, SLOW);

      // While the first goes up, the tray says the others wait for it.
      alice.getByTestId("attach-input").setInputFiles(new FilePayload[] {
          big("4-screenshot.bin"), small("5-notes.txt", "step five")});
      assertThat(alice.getByTestId("upload-queued")).hasText("Waiting for the files before it…");
      assertThat(alice.locator("[data-testid=upload][data-status=uploading]")).hasCount(1);
      BrowserSteps.screenshots(alice, "upload-order-queued");
      String[] all = {"1-screenshot.bin", "2-notes.txt", "3-notes.txt", "4-screenshot.bin", "5-notes.txt"};
      assertThat(fileNames(alice)).hasText(all, SLOW);
      assertThat(fileNames(two.bobsPage())).hasText(all, SLOW);
      assertThat(alice.getByTestId("upload")).hasCount(0);
      ChromiumExtension.screenshot(two.bobsPage(), "upload-order-received");
    }
  }

  /** 192 KiB: three seconds at the slow page's 64 KiB/s. */
  private static FilePayload big(String name) {
    return new FilePayload(name, "application/octet-stream", MediaFixtures.randomBytes(192 * 1024).getBytes());
  }

  private static FilePayload small(String name, String text) {
    return new FilePayload(name, "text/plain", MediaFixtures.text(text).getBytes());
  }

  private static Locator fileNames(Page page) {
    return page.getByTestId("message-list").getByTestId("file-name");
  }
}
