package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

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

  /** Logs {@code username} in on the login form the page shows. */
  static void logIn(Page page, String username) {
    page.getByTestId("login-username").fill(username);
    page.getByTestId("login-password").fill(PASSWORD);
    page.getByTestId("login-submit").click();
  }

  /** A fresh browser on a phone: its screen size, a touch screen and no mouse to hover with. */
  static BrowserContext phone(Browser browser) {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true)
        .setHasTouch(true));
  }
}
