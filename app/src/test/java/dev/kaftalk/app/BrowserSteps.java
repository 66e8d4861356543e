package dev.kaftalk.app;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.FilePayload;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.browser.Axe;
import dev.kaftalk.testing.browser.ChromiumExtension;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Steps every browser test takes the way a person would. */
final class BrowserSteps {

  /** The password every browser test signs up with. */
  static final String PASSWORD = "browser password";

  private BrowserSteps() {
  }

  /** Opens the app at {@code url}, registers {@code username} and waits until the bridge is online. */
  static void register(Page page, String url, String username) {
    page.navigate(url);
    page.getByTestId("login-username").fill(username);
    page.getByTestId("login-password").fill(PASSWORD);
    page.getByTestId("register-submit").click();
    assertThat(page.getByTestId("current-user")).containsText(username);
    assertThat(page.getByTestId("connection-banner")).hasAttribute("data-status", "online");
  }

  /** Creates {@code room} from the sidebar, which opens it. */
  static void createRoom(Page page, String room) {
    page.getByTestId("create-room-name").fill(room);
    page.getByTestId("create-room-submit").click();
    assertThat(page.getByTestId("room-title")).containsText(room);
  }

  /**
   * Two people in one room, each at a desktop browser of their own: alice (the test's page) created {@code room},
   * bob joined it and has it open in {@code bobsPage}. Closing it closes bob's browser.
   */
  record TwoPeople(String room, String alice, String bob, Page bobsPage) implements AutoCloseable {

    @Override
    public void close() {
      bobsPage.context().close();
    }
  }

  /** Registers alice on {@code alicesPage} and bob in a new browser, both with unique names, in a new room. */
  static TwoPeople twoInARoom(Page alicesPage, Browser browser, String url, String roomPrefix) {
    String room = SharedInfra.unique(roomPrefix);
    String alice = SharedInfra.unique("alice");
    String bob = SharedInfra.unique("bob");
    alicesPage.setViewportSize(1366, 800);
    register(alicesPage, url, alice);
    createRoom(alicesPage, room);
    BrowserContext bobsBrowser = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 800));
    try {
      Page bobsPage = bobsBrowser.newPage();
      register(bobsPage, url, bob);
      bobsPage.getByTestId("join-room-" + room).click();
      assertThat(bobsPage.getByTestId("room-title")).containsText(room);
      return new TwoPeople(room, alice, bob, bobsPage);
    } catch (RuntimeException | AssertionError e) {
      bobsBrowser.close();
      throw e;
    }
  }

  /** Starts (or opens again) the direct message with {@code username} from the sidebar's "+"; it opens. */
  static void startDm(Page page, String username) {
    page.getByTestId("start-dm").click();
    page.getByTestId("dm-picker-input").fill(username);
    // the list for the whole name, not the one offered as the box was focused
    assertThat(page.getByTestId("dm-picker-options").getByRole(AriaRole.OPTION)).hasCount(1);
    assertThat(page.getByTestId("dm-picker-option-" + username)).hasAttribute("aria-selected", "true");
    page.keyboard().press("Enter");
    page.getByTestId("dm-submit").click();
    assertThat(page.getByTestId("room-title")).containsText(username);
  }

  /** Types {@code text} into the message box and presses Enter. */
  static void send(Page page, String text) {
    page.getByTestId("message-input").fill(text);
    page.getByTestId("message-input").press("Enter");
  }

  /** Logs {@code username} in on the login form the page shows. */
  static void logIn(Page page, String username) {
    page.getByTestId("login-username").fill(username);
    page.getByTestId("login-password").fill(PASSWORD);
    page.getByTestId("login-submit").click();
  }

  /** The result of a Vert.x client's call (accounts and sockets beside the browsers), within 30 s. */
  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A fresh browser on a phone: its screen size, a touch screen and no mouse to hover with. */
  static BrowserContext phone(Browser browser) {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true)
        .setHasTouch(true));
  }

  /**
   * Presses {@code key} (Tab or Shift+Tab) until {@code target} has the keyboard focus, as a keyboard user moves
   * through the page; fails when it is not reached within {@code most} presses.
   */
  static void tabTo(Page page, String key, Locator target, int most) {
    for (int i = 0; i < most && !isFocused(target); i++) {
      page.keyboard().press(key);
    }
    assertThat(target).isFocused();
  }

  private static boolean isFocused(Locator target) {
    return Boolean.TRUE.equals(target.evaluate("el => el === document.activeElement"));
  }

  /**
   * Opens a dialog with Enter on {@code opener}, checks that {@code focused} has the focus, then that Tab wraps
   * around inside it: backwards from {@code first}, its first control, to {@code last}, and forwards back again.
   */
  static void openAndWrap(Page page, Locator opener, Locator focused, Locator first, Locator last) {
    opener.focus();
    page.keyboard().press("Enter");
    assertThat(focused).isFocused();
    tabTo(page, "Shift+Tab", first, 5);
    page.keyboard().press("Shift+Tab");
    assertThat(last).isFocused();
    page.keyboard().press("Tab");
    assertThat(first).isFocused();
  }

  /**
   * The open dialog (or another part of the page) {@code testid} passes axe on a desktop (1366x800) and on a phone
   * (390x844), with a screenshot of each ({@code <name>-desktop}, {@code <name>-phone}); the page is back at the
   * desktop size afterwards.
   */
  static void auditDialog(Page page, String testid, String name) {
    String dialog = "[data-testid=" + testid + "]";
    assertEquals(List.of(), Axe.violations(page, dialog), testid + " on a desktop");
    ChromiumExtension.screenshot(page, name + "-desktop");
    page.setViewportSize(390, 844);
    ChromiumExtension.screenshot(page, name + "-phone");
    assertEquals(List.of(), Axe.violations(page, dialog), testid + " on a phone");
    page.setViewportSize(1366, 800);
  }

  /**
   * Screenshots of the page as it is, at the desktop size ({@code <name>-desktop}) and at a phone's
   * ({@code <name>-phone}); the page is back at the desktop size afterwards.
   */
  static void screenshots(Page page, String name) {
    ChromiumExtension.screenshot(page, name + "-desktop");
    page.setViewportSize(390, 844);
    ChromiumExtension.screenshot(page, name + "-phone");
    page.setViewportSize(1366, 800);
  }

  /** Escape closes the dialog {@code testid} and gives the focus back to the control that opened it. */
  static void escapeFrom(Page page, String testid, Locator opener) {
    page.keyboard().press("Escape");
    assertThat(page.getByTestId(testid)).isHidden();
    assertThat(opener).isFocused();
  }

  /** Whether two boxes on the screen share any pixel. */
  static boolean overlap(BoundingBox a, BoundingBox b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  }

  /** Uploads leave this page at 64 KiB/s, so one of a few megabytes stays in progress for a good while. */
  static void slowUploads(Page page) {
    CDPSession devtools = page.context().newCDPSession(page);
    devtools.send("Network.enable");
    JsonObject conditions = new JsonObject();
    conditions.addProperty("offline", false);
    conditions.addProperty("latency", 0);
    conditions.addProperty("downloadThroughput", -1);
    conditions.addProperty("uploadThroughput", 64 * 1024);
    devtools.send("Network.emulateNetworkConditions", conditions);
  }

  static void startSlowUpload(Page page, String name) {
    page.getByTestId("attach-input").setInputFiles(new FilePayload(name, "image/png", new byte[4 * 1024 * 1024]));
    page.waitForFunction("() => document.querySelector('[data-testid=upload-progress]')?.value > 0");
  }

  /** Waits until the upload in progress has reported that more of it went up, or has ended meanwhile. */
  static void waitForProgress(Page page) {
    Object shown = page.getByTestId("upload-progress").evaluate("p => p.value");
    page.waitForFunction("v => !(document.querySelector('[data-testid=upload-progress]')?.value <= v)", shown);
  }
}
