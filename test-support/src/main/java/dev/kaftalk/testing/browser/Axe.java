package dev.kaftalk.testing.browser;

import com.microsoft.playwright.Page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs axe-core, the accessibility rules engine, inside a page. The script comes from Deque's Maven artifact, which
 * ships it; it is evaluated through Playwright rather than added as a script tag, which the app's Content Security
 * Policy ({@code script-src 'self'}) would refuse.
 */
public final class Axe {

  private static final String SCRIPT = load();

  private static final String RUN = """
      async (selector) => {
        const found = await axe.run(selector, { resultTypes: ['violations'] });
        return found.violations.map(v => `${v.id} (${v.impact}): ${v.help} at `
            + v.nodes.map(n => n.target.join(' ')).join(', '));
      }""";

  private Axe() {
  }

  /** What axe-core finds wrong inside the elements {@code selector} matches, one line per rule; empty when nothing. */
  @SuppressWarnings("unchecked")
  public static List<String> violations(Page page, String selector) {
    if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
      page.evaluate(SCRIPT);
    }
    return (List<String>) page.evaluate(RUN, selector);
  }

  private static String load() {
    try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe.min.js is not on the classpath (com.deque.html.axe-core:playwright)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
