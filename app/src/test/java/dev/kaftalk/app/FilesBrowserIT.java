package dev.kaftalk.app;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Any file in real Chromium: a PDF shows as a chip with its name and size and downloads by keyboard; a video plays; a
 * recorded voice clip shows its waveform, progress over it and a speed toggle; the Files panel lists what was shared,
 * by kind, with the viewer's previous and next, downloads and "Go to message", by keyboard alone.
 */
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

  @Test
  void aRecordedClipShowsItsWaveformAndSpeedAndTheFilesPanelListsWhatWasShared(Page alice) throws Exception {
    alice.setViewportSize(1366, 800);
    BrowserSteps.register(alice, app.url(), SharedInfra.unique("vic"));
    BrowserSteps.createRoom(alice, SharedInfra.unique("shelf"));
    Locator toggle = alice.getByTestId("files-toggle");
    Locator panel = alice.getByTestId("files-panel");

    // Nothing shared yet: the panel says so.
    toggle.focus();
    alice.keyboard().press("Enter");
    assertThat(alice.getByTestId("files-tab-image")).isFocused();
    assertThat(panel.getByTestId("files-status")).hasText("No images shared in this room yet.");
    BrowserSteps.escapeFrom(alice, "files-panel", toggle);

    // A clip recorded from the (fake) microphone goes up with the waveform the browser computed from it.
    alice.getByTestId("record-button").click();
    assertThat(alice.getByTestId("recorder-timer")).hasText(Pattern.compile("Recording 0:0[2-9]"));
    alice.getByTestId("recorder-stop").click();
    alice.getByTestId("recorded-send").click();
    Locator clip = alice.getByTestId("message-list").getByTestId("message-voice-box");
    Locator wave = clip.getByTestId("voice-waveform");
    assertThat(wave).isVisible();
    assertEquals(64, wave.locator("rect").count());
    Locator speed = clip.getByTestId("voice-speed");
    assertThat(speed).hasText("1×");
    assertThat(speed).hasAttribute("aria-label", "Playback speed 1×, change to 1.5×");
    alice.getByTestId("message-input").focus();
    BrowserSteps.tabTo(alice, "Shift+Tab", speed, 12);
    alice.keyboard().press("Enter");
    assertThat(speed).hasText("1.5×");
    alice.keyboard().press("Enter");
    assertThat(speed).hasText("2×");
    alice.evaluate("() => document.querySelector('[data-testid=message-voice]').play()");
    alice.waitForFunction("() => document.querySelector('[data-testid=voice-waveform]').dataset.played > 0");
    assertEquals(2.0, ((Number) alice.evaluate(
        "() => document.querySelector('[data-testid=message-voice]').playbackRate")).doubleValue());
    assertEquals(List.of(), Axe.violations(alice, "[data-testid=message-voice-box]"), "the voice clip");
    ChromiumExtension.screenshot(alice, "files-voice-waveform-desktop");

    alice.getByTestId("attach-input").setInputFiles(new FilePayload[] {
        new FilePayload("first.png", "image/png", MediaFixtures.image("png", 320, 200).getBytes()),
        new FilePayload("second.png", "image/png", MediaFixtures.image("png", 200, 320).getBytes()),
        new FilePayload("third.png", "image/png", MediaFixtures.image("png", 240, 240).getBytes())});
    assertThat(alice.getByTestId("message-image")).hasCount(3);
    alice.getByTestId("attach-input").setInputFiles(new FilePayload("clip.webm", "video/webm",
        MediaFixtures.resource("video.webm").getBytes()));
    assertThat(alice.getByTestId("message-video")).hasCount(1);
    alice.getByTestId("attach-input").setInputFiles(new FilePayload("Quarterly report.pdf", "application/pdf", PDF));
    assertThat(alice.getByTestId("message-file")).hasCount(1);

    // Images: a grid, newest first; the viewer steps through them with the arrow keys and its buttons.
    toggle.focus();
    alice.keyboard().press("Enter");
    Locator images = panel.getByTestId("files-image");
    assertThat(images).hasCount(3);
    BrowserSteps.auditDialog(alice, "files-panel", "files-panel-images");
    alice.keyboard().press("Tab");
    assertThat(images.first()).isFocused();
    alice.keyboard().press("Enter");
    Locator viewer = alice.getByTestId("image-viewer");
    assertThat(viewer.getByTestId("viewer-position")).hasText("1 of 3");
    assertThat(viewer.getByTestId("viewer-next")).isFocused();
    alice.keyboard().press("Enter");
    assertThat(viewer.getByTestId("viewer-position")).hasText("2 of 3");
    alice.keyboard().press("ArrowRight");
    assertThat(viewer.getByTestId("viewer-position")).hasText("3 of 3");
    alice.keyboard().press("ArrowLeft");
    assertThat(viewer.getByTestId("viewer-position")).hasText("2 of 3");
    assertThat(viewer.getByTestId("viewer-go")).isVisible();
    ChromiumExtension.screenshot(alice, "files-viewer-desktop");
    // Escape closes the viewer only: the panel is still open, on the photo that opened it.
    alice.keyboard().press("Escape");
    assertThat(viewer).isHidden();
    assertThat(panel).isVisible();
    assertThat(images.first()).isFocused();

    // The arrow keys move between the tabs; each lists its kind.
    alice.keyboard().press("Shift+Tab");
    assertThat(panel.getByTestId("files-tab-image")).isFocused();
    alice.keyboard().press("ArrowRight");
    assertThat(panel.getByTestId("files-tab-voice")).isFocused();
    assertThat(panel.getByTestId("files-tab-voice")).hasAttribute("aria-selected", "true");
    assertThat(panel.getByTestId("files-entry")).hasCount(1);
    assertThat(panel.getByTestId("voice-waveform")).isVisible();
    // A listing that fails says so and can be tried again.
    AtomicBoolean failed = new AtomicBoolean();
    Pattern videoListing = Pattern.compile(".*/media\\?kind=video.*");
    alice.route(videoListing, route -> {
      if (failed.getAndSet(true)) {
        route.resume();
      } else {
        route.fulfill(new Route.FulfillOptions().setStatus(503).setContentType("application/json")
            .setBody("{\"error\":{\"code\":\"unavailable\",\"message\":\"The chat service is not answering.\"}}"));
      }
    });
    // Waiting for the refused response itself: a failure then says whether the tab asked at all.
    Response refused = alice.waitForResponse(videoListing,
        () -> alice.keyboard().press("ArrowRight"));
    assertEquals(503, refused.status());
    assertThat(panel.getByTestId("files-tab-video")).hasAttribute("aria-selected", "true");
    assertThat(panel.getByTestId("files-error")).containsText("not answering");
    BrowserSteps.tabTo(alice, "Tab", panel.getByTestId("files-retry"), 3);
    alice.keyboard().press("Enter");
    assertThat(panel.getByTestId("files-error")).isHidden();
    assertThat(panel.getByTestId("file-name")).hasText("clip.webm");
    assertThat(panel.getByTestId("files-tab-video")).isFocused();
    alice.keyboard().press("End");
    assertThat(panel.getByTestId("files-tab-file")).isFocused();
    assertThat(panel.getByTestId("file-name")).hasText("Quarterly report.pdf");
    ChromiumExtension.screenshot(alice, "files-panel-files-desktop");
    Locator download = panel.getByTestId("files-download");
    BrowserSteps.tabTo(alice, "Tab", download, 4);
    Download file = alice.waitForDownload(() -> alice.keyboard().press("Enter"));
    assertEquals("Quarterly report.pdf", file.suggestedFilename());
    assertArrayEquals(PDF, Files.readAllBytes(file.path()));

    // "Go to message" closes the panel and opens the room at the message, highlighted.
    alice.keyboard().press("Shift+Tab");
    assertThat(panel.getByTestId("files-go")).isFocused();
    alice.keyboard().press("Enter");
    assertThat(panel).isHidden();
    Locator highlighted = alice.locator("[data-testid=message][data-highlighted=true]");
    assertThat(highlighted.getByTestId("message-file")).hasCount(1);

    // On a phone: the panel takes the screen's width, and a photo goes to its message from the viewer.
    alice.setViewportSize(390, 844);
    toggle.click();
    panel.getByTestId("files-tab-image").click();
    assertThat(images).hasCount(3);
    alice.waitForFunction("() => [...document.querySelectorAll('[data-testid=files-image] img')]"
        + ".every(img => img.complete && img.naturalWidth > 0)");
    ChromiumExtension.screenshot(alice, "files-panel-reopened-phone");
    alice.getByTestId("files-tab-voice").click();
    assertThat(panel.getByTestId("voice-waveform")).isVisible();
    ChromiumExtension.screenshot(alice, "files-panel-voice-phone");
    alice.getByTestId("files-tab-image").click();
    images.nth(2).click();
    assertThat(viewer.getByTestId("viewer-position")).hasText("3 of 3");
    viewer.getByTestId("viewer-go").click();
    assertThat(viewer).isHidden();
    assertThat(panel).isHidden();
    assertThat(highlighted.getByTestId("message-image")).hasCount(1);
    assertEquals(highlighted.getAttribute("data-cursor"), alice.getByTestId("message-image").first()
        .locator("xpath=ancestor::li[1]").getAttribute("data-cursor"), "the oldest photo, third in the panel");
    ChromiumExtension.screenshot(alice, "files-go-to-photo-phone");
  }
}
