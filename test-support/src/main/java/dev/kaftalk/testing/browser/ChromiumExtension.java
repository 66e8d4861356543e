package dev.kaftalk.testing.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.ScreenshotAnimations;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Drives Debian's Chromium through Playwright, never a browser Playwright downloads itself.
 *
 * <p>Each test class gets one Playwright driver and one headless Chromium, launched before the class's own
 * {@code @BeforeAll} so that a browser that will not start stops the class before its costlier fixtures. Each test
 * method gets a fresh {@link BrowserContext} (its own cookies, storage and permissions), closed after the test.
 * Declare {@link Browser}, {@link BrowserContext} or {@link Page} as parameters; the latter two only on test
 * methods and {@code @BeforeEach}/{@code @AfterEach}, where they are the same objects the test sees.
 *
 * <p>Without {@code /usr/bin/chromium}, the class fails when the environment variable {@code CI} is {@code true}
 * (the CI script installs the browser) and is skipped, with a warning on stderr, anywhere else.
 *
 * <p>Playwright objects belong to the thread that created them: do not run one class's methods concurrently.
 */
public final class ChromiumExtension
    implements ExecutionCondition, BeforeAllCallback, ParameterResolver, AfterTestExecutionCallback {

  /** Debian's package installs it here; the CI script installs the package. */
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

  private static final List<String> ARGS = List.of(
      "--no-sandbox", // tests run as root in containers, where Chromium's sandbox cannot start
      "--disable-gpu", // build machines have none; spares the GPU process start-up and its warnings
      // No update checks, field trials or sync in the background: noise, and timeouts where the network is closed.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      // Grant camera and microphone without a prompt and feed them synthetic streams.
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream");

  private static final Path SCREENSHOTS =
      Paths.get(System.getProperty("basedir", "")).toAbsolutePath().resolve("target").resolve("screenshots");

  private static final Namespace NAMESPACE = Namespace.create(ChromiumExtension.class);
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumExtension.class);

  /**
   * Skips rather than aborts: surefire counts a disabled class as skipped, with the reason in its report,
   * whereas a class aborted in {@code beforeAll} shows up as "Tests run: 0", which nobody notices.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (Files.isExecutable(CHROMIUM)) {
      return ConditionEvaluationResult.enabled("Chromium found at " + CHROMIUM);
    }
    String message = "Chromium not found at " + CHROMIUM + " (install it with: apt-get install -y chromium)";
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(message + "; CI=true, and the CI script is supposed to install it");
    }
    System.err.println("\n*** SKIPPING BROWSER TESTS in " + context.getDisplayName() + ": " + message + " ***\n");
    return ConditionEvaluationResult.disabled("browser tests skipped: " + message);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    session(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    boolean perTest = context.getTestMethod().isPresent();
    return type == Browser.class || perTest && (type == BrowserContext.class || type == Page.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == Browser.class) {
      return session(context).browser();
    }
    BrowserContext browserContext = browserContext(context);
    return type == BrowserContext.class ? browserContext : firstPage(browserContext);
  }

  /** Keeps what the browser showed when a test failed, next to the screenshots tests take on purpose. */
  @Override
  public void afterTestExecution(ExtensionContext context) {
    BrowserContext browserContext = context.getStore(NAMESPACE).get(BrowserContext.class, BrowserContext.class);
    if (context.getExecutionException().isEmpty() || browserContext == null || browserContext.pages().isEmpty()) {
      return;
    }
    String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName()
        + "-failed";
    try {
      System.err.println("Failure screenshot: " + screenshot(browserContext.pages().get(0), name));
    } catch (PlaywrightException | UncheckedIOException e) {
      // The test's own failure is what matters; a crashed page must not hide it.
      System.err.println("Could not save failure screenshot " + name + ": " + e.getMessage());
    }
  }

  /**
   * Saves a full-page screenshot as {@code target/screenshots/<name>.png} of the module running the test.
   *
   * @return the file written
   */
  public static Path screenshot(Page page, String name) {
    Path file = SCREENSHOTS.resolve(name + ".png");
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + SCREENSHOTS, e);
    }
    // Transitions are finished first, so a screenshot right after a resize shows the settled layout.
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true)
        .setAnimations(ScreenshotAnimations.DISABLED));
    return file;
  }

  private static ChromiumSession session(ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(ChromiumSession.class, key -> ChromiumSession.launch(), ChromiumSession.class);
  }

  /**
   * The store of the test method's own context: JUnit closes the browser context when that test ends.
   * ({@link #supportsParameter} only offers it on method-level contexts, so no class-level one can shadow it.)
   */
  private static BrowserContext browserContext(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(BrowserContext.class,
        key -> session(context).browser().newContext(), BrowserContext.class);
  }

  private static Page firstPage(BrowserContext browserContext) {
    return browserContext.pages().isEmpty() ? browserContext.newPage() : browserContext.pages().get(0);
  }

  /** The Playwright driver and the browser it launched; JUnit closes it with the class's store. */
  private record ChromiumSession(Playwright playwright, Browser browser) implements AutoCloseable {

    static ChromiumSession launch() {
      // The variable stops the driver from fetching its own browser build, which would also fail offline.
      Playwright playwright = Playwright.create(new Playwright.CreateOptions()
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      try {
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
            .setExecutablePath(CHROMIUM)
            .setHeadless(true)
            .setArgs(ARGS));
        LOG.info("Chromium {} launched from {}", browser.version(), CHROMIUM);
        return new ChromiumSession(playwright, browser);
      } catch (RuntimeException e) {
        playwright.close();
        throw e;
      }
    }

    /** Closing the driver also closes every browser it launched. */
    @Override
    public void close() {
      playwright.close();
    }
  }
}
