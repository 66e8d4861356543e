package dev.kaftalk.testing.browser;

import com.microsoft.playwright.Page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs axe-core, the accessibility rules engine, inside a page. The script comes from Deque's Maven artifact, which
 * ships it; it is evaluated through Playwright rather than added as a script tag, which the app's Content Security
 * Policy ({@code script-src 'self'}) would refuse.
 */
public final class Axe {

  private static final String SCRIPT = load();

  /** "Label in name" (WCAG 2.1 A, 2.5.3): axe 4.10 marks it experimental and runs it only when asked. */
  private static final Map<String, Object> LABEL_IN_NAME =
      Map.of("label-content-name-mismatch", Map.of("enabled", true));

  private static final String RUN = """
      async ([selector, rules]) => {
        const found = await axe.run(selector ?? document, { resultTypes: ['violations'], rules });
        return found.violations.map(v => `${v.id} (${v.impact}): ${v.help} at `
            + v.nodes.map(n => n.target.join(' ')).join(', '));
      }""";

  private Axe() {
  }

  /** What axe-core finds wrong inside the elements {@code selector} matches, one line per rule; empty when nothing. */
  public static List<String> violations(Page page, String selector) {
    return run(page, selector, Map.of());
  }

  /**
   * What axe-core finds wrong in the whole page, one line per rule: with the rules about the page itself, which axe
   * checks only when what it looks at holds {@code <html>} (one main landmark), and with "label in name" (a
   * control's accessible name holds the text it shows).
   */
  public static List<String> pageViolations(Page page) {
    return run(page, null, LABEL_IN_NAME);
  }

  @SuppressWarnings("unchecked")
  private static List<String> run(Page page, String selector, Map<String, Object> rules) {
    if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
      page.evaluate(SCRIPT);
    }
    return (List<String>) page.evaluate(RUN, Arrays.asList(selector, rules));
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
