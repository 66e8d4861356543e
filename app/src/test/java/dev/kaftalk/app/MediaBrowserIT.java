package dev.kaftalk.app;

import ch.qos.logback.classic.Level;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.Axe;
import dev.kaftalk.testing.browser.ChromiumExtension;
import dev.kaftalk.testing.logs.LogRecorder;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Images and voice clips between two people in real Chromium windows, with a fake microphone. */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class MediaBrowserIT {

  private static Kaftalk kaftalk;
  private static String url;

  @BeforeAll
  static void start(SharedInfra infra, @TempDir Path dir) {
    kaftalk = Kaftalk.start(TestInstances.config(infra, dir));
    url = "http://localhost:" + kaftalk.httpPort() + "/";
  }

  @AfterAll
  static void stop() {
    if (kaftalk != null) {
      kaftalk.close();
    }
  }

  @Test
  void aRecordedVoiceClipIsSentAndTheOtherPersonPlaysIt(Page alice, Browser browser) {
    try (BrowserContext bobContext = browser.newContext()) {
      Page bob = bobContext.newPage();
      meetInANewRoom(alice, bob);

      alice.getByTestId("record-button").click();
      assertThat(alice.getByTestId("recorder-timer")).hasText(Pattern.compile("Recording 0:0[2-9]"));
      ChromiumExtension.screenshot(alice, "media-recording");
      alice.getByTestId("recorder-stop").click();
      assertThat(alice.getByTestId("recorded-preview")).isVisible();
      alice.getByTestId("recorded-send").click();

      Locator clip = bob.getByTestId("message-voice").last();
      assertThat(clip).isVisible();
      assertThat(bob.getByTestId("voice-duration").last()).hasText(Pattern.compile("0:0[1-9]"));
      assertThat(alice.getByTestId("message-voice")).hasCount(1);
      // Any click gives the page the user activation that playing audio needs.
      bob.getByTestId("message-list").click();
      bob.evaluate("() => document.querySelector('[data-testid=message-voice]').play()");
      bob.waitForFunction("() => document.querySelector('[data-testid=message-voice]').currentTime > 0.5");
      assertEquals(0, bob.getByTestId("voice-unplayable").count());
      ChromiumExtension.screenshot(bob, "media-voice-received");
    }
  }

  @Test
  void anAttachedImageShowsAsAPreviewForBothAndOpensFullSize(Page alice, Browser browser) {
    try (BrowserContext bobContext = browser.newContext()) {
      Page bob = bobContext.newPage();
      meetInANewRoom(alice, bob);

      alice.getByTestId("attach-input").setInputFiles(new FilePayload("sunset.png", "image/png",
          MediaFixtures.image("png", 1200, 800).getBytes()));

      for (Page page : new Page[] {alice, bob}) {
        Locator preview = page.getByTestId("message-image-preview").last();
        assertThat(preview).isVisible();
        // Sized before it loads: the box is reserved from the message's width and height.
        assertThat(preview).hasAttribute("width", "360");
        assertThat(preview).hasAttribute("height", "240");
        page.waitForFunction("img => img.complete && img.naturalWidth === 480", preview.elementHandle());
      }
      ChromiumExtension.screenshot(bob, "media-image-received");
      bob.setViewportSize(390, 844);
      // On a phone the sidebar becomes a drawer that slides away.
      bob.waitForFunction("() => document.getElementById('sidebar').getBoundingClientRect().right <= 0");
      assertThat(bob.getByTestId("message-image-preview").last()).isInViewport();
      ChromiumExtension.screenshot(bob, "media-image-received-phone");

      // The full image opens in the app's viewer.
      bob.getByTestId("message-image").last().click();
      assertThat(bob.getByTestId("image-viewer")).isVisible();
      bob.waitForFunction("() => { const img = document.querySelector('[data-testid=viewer-image]');"
          + " return img.complete && img.naturalWidth === 1200; }");
      ChromiumExtension.screenshot(bob, "media-image-full");
    }
  }

  @Test
  void imagesCanBeDroppedOntoTheRoomOrPastedIntoTheMessageBox(Page alice) {
    register(alice, SharedInfra.unique("dan"));
    createRoom(alice, SharedInfra.unique("dropping"));
    // The same events a drag from the desktop and a paste from the clipboard deliver, with a real PNG drawn here.
    String deliver = "async ([target, kind]) => {"
        + " const canvas = document.createElement('canvas'); canvas.width = 40; canvas.height = 30;"
        + " canvas.getContext('2d').fillRect(0, 0, 40, 30);"
        + " const blob = await new Promise(r => canvas.toBlob(r, 'image/png'));"
        + " const data = new DataTransfer(); data.items.add(new File([blob], kind + '.png', { type: 'image/png' }));"
        + " const el = document.querySelector(target);"
        + " if (kind === 'drop') {"
        + "   el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));"
        + "   el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));"
        + " } else { el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })); } }";
    alice.evaluate(deliver, List.of("#message-list", "drop"));
    assertThat(alice.getByTestId("message-image-preview")).hasCount(1);
    alice.evaluate(deliver, List.of("#message-input", "paste"));
    assertThat(alice.getByTestId("message-image-preview")).hasCount(2);
    assertThat(alice.getByTestId("message-image-preview").last()).hasAttribute("width", "40");
  }

  @Test
  void refusedFilesExplainWhyInlineAndPostNothing(Page alice) {
    register(alice, SharedInfra.unique("amy"));
    createRoom(alice, SharedInfra.unique("errors"));

    alice.getByTestId("attach-input").setInputFiles(new FilePayload("invoice.pdf", "application/pdf",
        MediaFixtures.windowsProgram().getBytes()));
    assertThat(alice.getByTestId("upload-error")).containsText("Not allowed");
    alice.getByTestId("upload-dismiss").click();

    // A PNG by its signature, over the 10 MiB that images may have.
    byte[] huge = new byte[11 * 1024 * 1024];
    System.arraycopy(MediaFixtures.image("png", 1, 1).getBytes(), 0, huge, 0, 8);
    alice.getByTestId("attach-input").setInputFiles(new FilePayload("huge.png", "image/png", huge));
    assertThat(alice.getByTestId("upload-error")).containsText("Too big");
    assertEquals(0, alice.getByTestId("upload-retry").count(), "retrying cannot help");
    ChromiumExtension.screenshot(alice, "media-upload-refused");
    assertEquals(0, alice.getByTestId("message").count(), "nothing was posted");
  }

  @Test
  void anUploadShowsItsProgressUntilTheImageAppearsAndAFailedOneSaysWhyAndIsRetriedByKeyboard(Page alice) {
    Locator upload = slowUploadsInANewRoom(alice, "uma", "progress");

    // Some 700 KB take ten seconds at 64 KiB/s: the bar goes up, then gives way to the image.
    Buffer photo = MediaFixtures.noise(480, 480);
    alice.getByTestId("attach-input").setInputFiles(new FilePayload("photo.png", "image/png", photo.getBytes()));
    alice.waitForFunction("() => document.querySelector('[data-testid=upload-progress]')?.value > 0");
    BrowserSteps.waitForProgress(alice);
    assertThat(alice.getByTestId("upload-progress")).hasAttribute("aria-label", "Uploading photo.png");
    assertThat(upload).containsText(Pattern.compile("photo\\.png\\s*[1-9][0-9]?%"));
    BrowserSteps.screenshots(alice, "media-upload-progress");
    assertThat(upload).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(60_000));
    assertThat(alice.getByTestId("message-image-preview")).hasCount(1);

    // The connection fails: the row says so, as an alert, and offers Retry, which works once it is back.
    alice.route("**/api/rooms/*/media", route -> route.abort("connectionfailed"));
    alice.getByTestId("attach-input").setInputFiles(new FilePayload("second.png", "image/png",
        MediaFixtures.image("png", 40, 30).getBytes()));
    Locator error = alice.getByTestId("upload-error");
    assertThat(error).hasText("Network error: the upload did not reach the server.");
    assertThat(error).hasAttribute("role", "alert");
    assertThat(alice.getByTestId("upload-progress")).hasCount(0);
    assertEquals(List.of(), Axe.violations(alice, "#media-tray"), "a failed upload's row");
    BrowserSteps.screenshots(alice, "media-upload-failed");
    alice.unrouteAll();
    alice.getByTestId("message-input").focus();
    BrowserSteps.tabTo(alice, "Shift+Tab", alice.getByTestId("upload-retry"), 5);
    alice.keyboard().press("Enter");
    assertThat(alice.getByTestId("message-image-preview")).hasCount(2);
    assertThat(upload).hasCount(0);
  }

  @Test
  void anUploadIsCancelledByARealClickOrFromTheKeyboardAndTheServerLogsNoError(Page alice) {
    Locator upload = slowUploadsInANewRoom(alice, "cora", "cancels");
    Locator cancel = upload.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel"));
    LogRecorder log = LogRecorder.attach();
    try {
      BrowserSteps.startSlowUpload(alice, "by-mouse.png");
      // A person's click: the button goes down, and comes up only after the progress has moved on.
      cancel.hover();
      alice.mouse().down();
      BrowserSteps.waitForProgress(alice);
      alice.mouse().up();
      assertThat(upload).hasCount(0);

      BrowserSteps.startSlowUpload(alice, "by-keyboard.png");
      alice.getByTestId("message-input").focus();
      BrowserSteps.tabTo(alice, "Shift+Tab", cancel, 3);
      BrowserSteps.waitForProgress(alice);
      assertThat(cancel).isFocused();
      assertEquals(List.of(), Axe.violations(alice, "#media-tray"), "the upload row");
      ChromiumExtension.screenshot(alice, "media-upload-cancel-focused");
      alice.setViewportSize(390, 844);
      ChromiumExtension.screenshot(alice, "media-upload-cancel-focused-phone");
      alice.setViewportSize(1366, 800);
      alice.keyboard().press("Enter");
      assertThat(upload).hasCount(0);
      assertThat(alice.getByTestId("message-input")).isFocused();

      // The server has dealt with both closed uploads once a later one has gone all the way through.
      alice.getByTestId("attach-input").setInputFiles(new FilePayload("after.png", "image/png",
          MediaFixtures.image("png", 40, 30).getBytes()));
      assertThat(alice.getByTestId("message-image-preview")).hasCount(1);
      assertEquals(1, alice.getByTestId("message").count(), "the cancelled uploads posted nothing");
      assertEquals(List.of(), log.lines(Level.ERROR), "a client cancelling its upload is no server error");
    } finally {
      log.detach();
    }
  }

  @Test
  void theRecorderIsUsedFromTheKeyboardAndStaysInSightInAnotherRoom(Page alice) {
    String studio = SharedInfra.unique("studio");
    String lobby = SharedInfra.unique("lobby");
    alice.setViewportSize(1366, 800);
    register(alice, SharedInfra.unique("rita"));
    createRoom(alice, lobby);
    createRoom(alice, studio);
    Locator mic = alice.getByTestId("record-button");
    Locator stop = alice.getByTestId("recorder-stop");

    alice.getByTestId("message-input").focus();
    BrowserSteps.tabTo(alice, "Shift+Tab", mic, 1);
    alice.keyboard().press("Enter");
    assertThat(alice.getByTestId("recorder-timer")).isVisible();
    assertThat(mic).isFocused();
    assertThat(mic).hasAttribute("aria-pressed", "true");
    BrowserSteps.tabTo(alice, "Shift+Tab", stop, 3);
    // Several ticks of the timer go by under the focused Stop button.
    assertThat(alice.getByTestId("recorder-timer")).hasText(Pattern.compile("Recording 0:0[2-9]"));
    assertThat(stop).isFocused();
    assertEquals(List.of(), Axe.violations(alice, "#media-tray"), "the recorder row");

    alice.getByTestId("room-item-" + lobby).click();
    assertThat(alice.getByTestId("room-title")).containsText(lobby);
    assertThat(alice.getByTestId("recorder")).containsText(studio);
    assertThat(stop).isVisible();
    assertThat(alice.getByTestId("recorder-timer")).hasText(Pattern.compile("Recording 0:0[3-9]"));
    ChromiumExtension.screenshot(alice, "media-recorder-other-room");
    alice.setViewportSize(390, 844);
    ChromiumExtension.screenshot(alice, "media-recorder-other-room-phone");
    alice.setViewportSize(1366, 800);

    alice.getByTestId("message-input").focus();
    BrowserSteps.tabTo(alice, "Shift+Tab", stop, 4);
    alice.keyboard().press("Enter");
    assertThat(alice.getByTestId("recorded-send")).isFocused();
    assertEquals(List.of(), Axe.violations(alice, "#media-tray"), "the recorded clip's row");
    alice.keyboard().press("Enter");
    assertThat(alice.getByTestId("message-input")).isFocused();
    alice.getByTestId("room-item-" + studio).click();
    assertThat(alice.getByTestId("message-voice")).hasCount(1);
    alice.getByTestId("room-item-" + lobby).click();
    assertThat(alice.getByTestId("room-title")).containsText(lobby);
    assertThat(alice.getByTestId("message-voice")).hasCount(0);
  }

  private static void meetInANewRoom(Page alice, Page bob) {
    String room = SharedInfra.unique("media");
    register(alice, SharedInfra.unique("alice"));
    createRoom(alice, room);
    register(bob, SharedInfra.unique("bob"));
    bob.getByTestId("join-room-" + room).click();
    bob.getByTestId("room-item-" + room).click();
    assertThat(bob.getByTestId("room-title")).containsText(room);
  }

  /** A desktop-sized page signed up as {@code user} in a new room, uploading at 64 KiB/s; @return its upload rows */
  private static Locator slowUploadsInANewRoom(Page page, String user, String roomPrefix) {
    page.setViewportSize(1366, 800);
    register(page, SharedInfra.unique(user));
    createRoom(page, SharedInfra.unique(roomPrefix));
    BrowserSteps.slowUploads(page);
    return page.getByTestId("upload");
  }

  private static void createRoom(Page page, String room) {
    page.getByTestId("create-room-name").fill(room);
    page.getByTestId("create-room-submit").click();
    assertThat(page.getByTestId("room-title")).containsText(room);
  }

  private static void register(Page page, String username) {
    BrowserSteps.register(page, url, username);
  }
}
