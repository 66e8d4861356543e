package dev.kaftalk.app;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.Axe;
import dev.kaftalk.testing.browser.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Any file in real Chromium: a PDF shows as a chip with its name and size and downloads by keyboard; a video plays. */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class FilesBrowserIT {

  private static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
      + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void aPdfIsSentShownAsAFileAndDownloadedByKeyboard(Page alice) throws Exception {
    alice.setViewportSize(1366, 800);
    BrowserSteps.register(alice, app.url(), SharedInfra.unique("fran"));
    BrowserSteps.createRoom(alice, SharedInfra.unique("files"));
    alice.getByTestId("attach-input").setInputFiles(new FilePayload("Quarterly report.pdf", "application/pdf", PDF));

    Locator chip = alice.getByTestId("message-file");
    assertThat(chip).hasCount(1);
    assertThat(chip.getByTestId("file-name")).hasText("Quarterly report.pdf");
    assertThat(chip.getByTestId("file-size")).not().isEmpty();
    Locator download = chip.getByTestId("file-download");
    alice.getByTestId("message-input").focus();
    BrowserSteps.tabTo(alice, "Shift+Tab", download, 12);
    Download file = alice.waitForDownload(() -> alice.keyboard().press("Enter"));
    assertEquals("Quarterly report.pdf", file.suggestedFilename());
    assertArrayEquals(PDF, Files.readAllBytes(file.path()));
    assertEquals(List.of(), Axe.violations(alice, "[data-testid=message-file]"), "the file chip");
    ChromiumExtension.screenshot(alice, "files-pdf-desktop");

    alice.getByTestId("attach-input").setInputFiles(new FilePayload("clip.webm", "video/webm",
        MediaFixtures.resource("video.webm").getBytes()));
    Locator video = alice.getByTestId("message-video");
    assertThat(video).hasCount(1);
    alice.getByTestId("message-list").click();
    alice.evaluate("() => document.querySelector('[data-testid=message-video]').play()");
    alice.waitForFunction("() => document.querySelector('[data-testid=message-video]').currentTime > 0.3");
    ChromiumExtension.screenshot(alice, "files-video-desktop");

    alice.setViewportSize(390, 844);
    assertThat(alice.getByTestId("file-download")).isVisible();
    ChromiumExtension.screenshot(alice, "files-phone");
  }
}
