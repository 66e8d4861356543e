package dev.kaftalk.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Clock;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.FilePayload;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What issue 20 calls reading comfort: the image viewer, alt text and animated GIFs, in real Chromium. */
@ExtendWith({SharedInfraExtension.class, ChromiumExtension.class})
class ReadingComfortBrowserIT {

  @RegisterExtension
  static final RunningKaftalk app = RunningKaftalk.withDefaults();

  @Test
  void imagesOpenInAViewerUsedFromTheKeyboardWithUsefulAltTextAndGifsStayAnimated(Page page) {
    String user = SharedInfra.unique("iris");
    BrowserSteps.register(page, app.url(), user);
    BrowserSteps.createRoom(page, SharedInfra.unique("gallery"));
    Locator previews = page.getByTestId("message-image-preview");
    String[] formats = {"png", "jpeg", "gif"};
    for (int i = 0; i < formats.length; i++) {
      page.getByTestId("attach-input").setInputFiles(new FilePayload("shot." + formats[i], "image/" + formats[i],
          MediaFixtures.image(formats[i], 200, 120).getBytes()));
      assertThat(previews).hasCount(i + 1);
    }
    assertThat(previews.first()).hasAttribute("alt", Pattern.compile("^Photo from " + user + ", \\d"));
    assertThat(previews.last()).hasAttribute("src", Pattern.compile("/api/media/[^/]+$"));
    assertThat(previews.first()).hasAttribute("src", Pattern.compile("/preview$"));

    Locator first = page.getByTestId("message-image").first();
    first.focus();
    page.keyboard().press("Enter");
    Locator viewer = page.getByTestId("image-viewer");
    assertThat(viewer).isVisible();
    assertThat(page.getByTestId("viewer-position")).hasText("1 of 3");
    assertThat(page.getByTestId("viewer-next")).isFocused();
    page.keyboard().press("ArrowRight");
    page.keyboard().press("ArrowRight");
    assertThat(page.getByTestId("viewer-position")).hasText("3 of 3");
    page.keyboard().press("ArrowRight");
    assertThat(page.getByTestId("viewer-position")).hasText("3 of 3");
    page.keyboard().press("ArrowLeft");
    assertThat(page.getByTestId("viewer-position")).hasText("2 of 3");
    assertThat(page.getByTestId("viewer-image")).hasAttribute("src",
        page.getByTestId("message-image").nth(1).getAttribute("href"));
    assertThat(page.getByTestId("viewer-download")).hasAttribute("download", "");
    page.waitForFunction("() => document.querySelector('[data-testid=viewer-image]').complete");
    BrowserSteps.auditDialog(page, "image-viewer", "image-viewer");
    ChromiumExtension.screenshot(page, "image-viewer");
    BrowserSteps.escapeFrom(page, "image-viewer", first);
  }

  @Test
  void daysAreSeparatedAndOneAuthorsRunOfMessagesSharesOneHeader(Page page) {
    String room = SharedInfra.unique("days");
    BrowserSteps.register(page, app.url(), SharedInfra.unique("dora"));
    BrowserSteps.createRoom(page, room);
    BrowserSteps.send(page, "first of the day");
    BrowserSteps.send(page, "and another");
    Locator messages = page.getByTestId("message");
    assertThat(messages.nth(1)).hasAttribute("data-state", "sent");
    assertThat(messages.first().getByTestId("day-separator")).hasText("Today");
    assertThat(messages.nth(1).getByTestId("day-separator")).hasCount(0);
    assertThat(messages.first()).not().hasClass(Pattern.compile("grouped"));
    assertThat(messages.nth(1)).hasClass(Pattern.compile("grouped"));
    ChromiumExtension.screenshot(page, "reading-days-and-groups");

    // The same room seen from a browser whose clock says it is tomorrow.
    Page tomorrow = page.context().newPage();
    tomorrow.clock().install(new Clock.InstallOptions().setTime(System.currentTimeMillis() + 86_400_000L));
    tomorrow.navigate(page.url());
    assertThat(tomorrow.getByTestId("room-title")).containsText(room);
    assertThat(tomorrow.getByTestId("day-separator")).hasText(new String[] {"Yesterday"});
    tomorrow.close();
  }

  @Test
  void aLongMessagesToolbarAndEditedMarkLeaveItsTextReadable(Page page, Browser browser) {
    String user = SharedInfra.unique("lena");
    String room = SharedInfra.unique("long");
    page.setViewportSize(1280, 800);
    BrowserSteps.register(page, app.url(), user);
    BrowserSteps.createRoom(page, room);
    BrowserSteps.send(page, "A short one first");
    String text = "A".repeat(300) + " " + "W".repeat(80);
    BrowserSteps.send(page, text);
    Locator message = page.getByTestId("message").last();
    assertThat(message).hasAttribute("data-state", "sent");
    assertThat(message).hasClass(Pattern.compile("grouped"));
    page.getByTestId("message-input").press("ArrowUp");
    Locator editor = page.getByTestId("edit-input");
    assertThat(editor).isFocused();
    // A short last line, so that "(edited)" has room to follow it on the same line at any width.
    editor.fill(text + "\nthen edited");
    editor.press("Enter");
    assertThat(message.getByTestId("message-edited")).isVisible();

    // With a mouse, on hover and with the keyboard focus inside: the time and the actions stay off the text.
    message.getByTestId("message-text").hover();
    assertTheToolbarLeavesTheTextFree(message, "on hover");
    ChromiumExtension.screenshot(page, "long-message-hover-desktop");
    page.mouse().move(5, 5);
    message.getByTestId("message-copy-link").focus();
    assertTheToolbarLeavesTheTextFree(message, "with the focus in it");
    assertEditedEndsTheText(message, "on a desktop");

    try (BrowserContext phoneContext = BrowserSteps.phone(browser)) {
      Page phone = phoneContext.newPage();
      phone.navigate(app.url());
      BrowserSteps.logIn(phone, user);
      phone.getByTestId("sidebar-toggle").click();
      phone.getByTestId("room-item-" + room).click();
      Locator atPhone = phone.getByTestId("message").last();
      assertThat(atPhone.getByTestId("message-edited")).isVisible();
      assertEditedEndsTheText(atPhone, "on a phone");
      // A touch screen always shows Copy link and More: beside the text, which flows around them.
      BoundingBox actions = atPhone.getByRole(AriaRole.TOOLBAR).boundingBox();
      for (BoundingBox line : textLines(atPhone)) {
        assertFalse(BrowserSteps.overlap(actions, line), "the actions cover the text on a phone");
      }
      // Last: a full-page screenshot of an emulated phone lays the page out for a mouse for a moment.
      ChromiumExtension.screenshot(phone, "long-message-phone");
    }
  }

  /** The time and the toolbar of {@code message} show over none of its text, on an opaque background of their own. */
  private static void assertTheToolbarLeavesTheTextFree(Locator message, String how) {
    Locator toolbar = message.getByRole(AriaRole.TOOLBAR);
    assertThat(toolbar).hasCSS("opacity", "1");
    Locator time = message.getByTestId("message-time");
    assertThat(time).isVisible();
    List<BoundingBox> lines = textLines(message);
    for (Locator part : List.of(toolbar, time)) {
      BoundingBox box = part.boundingBox();
      for (BoundingBox line : lines) {
        assertFalse(BrowserSteps.overlap(box, line), "the time or the actions cover the text " + how);
      }
      assertEquals(Boolean.TRUE, part.evaluate("""
          el => { const r = el.getBoundingClientRect();
                  return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"""),
          "the time or the actions are under something else " + how);
    }
    assertNotNull(toolbar.evaluate("""
        el => { for (let n = el; n && n.tagName !== 'LI'; n = n.parentElement) {
                  const b = getComputedStyle(n).backgroundColor;
                  if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') return b; }
                return null; }"""), "the actions have no background of their own " + how);
  }

  /** "(edited)" follows the text on its last line, over none of it. */
  private static void assertEditedEndsTheText(Locator message, String where) {
    BoundingBox edited = message.getByTestId("message-edited").boundingBox();
    List<BoundingBox> lines = textLines(message);
    BoundingBox last = lines.get(lines.size() - 1);
    double middle = edited.y + edited.height / 2;
    assertTrue(middle >= last.y && middle <= last.y + last.height, "(edited) is not on the text's last line " + where);
    for (BoundingBox line : lines) {
      assertFalse(BrowserSteps.overlap(edited, line), "(edited) covers the text " + where);
    }
  }

  /** The boxes of the lines of {@code message}'s text, top to bottom. */
  @SuppressWarnings("unchecked")
  private static List<BoundingBox> textLines(Locator message) {
    List<Map<String, Number>> rects = (List<Map<String, Number>>) message.getByTestId("message-text").evaluate("""
        body => { const range = document.createRange(); range.selectNodeContents(body);
                  return [...range.getClientRects()].filter((r) => r.width > 0)
                      .map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })); }""");
    return rects.stream().map(r -> {
      BoundingBox box = new BoundingBox();
      box.x = r.get("x").doubleValue();
      box.y = r.get("y").doubleValue();
      box.width = r.get("width").doubleValue();
      box.height = r.get("height").doubleValue();
      return box;
    }).toList();
  }

  @Test
  void formattingIsRenderedFromTextAndMarkupStaysText(Page page) {
    BrowserSteps.register(page, app.url(), SharedInfra.unique("fay"));
    BrowserSteps.createRoom(page, SharedInfra.unique("format"));
    BrowserSteps.send(page, "**bold** and _italic_ with `x < y` and snake_case <b>tag</b>\n"
        + "```\nif (a) { run(); }\n```\n> a quote\n- first\n- second\n1. one\n2. two");
    Locator body = page.getByTestId("message-text");
    assertThat(page.getByTestId("message")).hasAttribute("data-state", "sent");
    assertThat(body.locator("strong")).hasText("bold");
    assertThat(body.locator("em")).hasText("italic");
    assertThat(body.locator("code.msg-inline-code")).hasText("x < y");
    assertThat(body.locator("pre code")).hasText("if (a) { run(); }");
    assertThat(body.locator("blockquote")).hasText("a quote");
    assertThat(body.locator("ul > li")).hasText(new String[] {"first", "second"});
    assertThat(body.locator("ol > li")).hasText(new String[] {"one", "two"});
    assertThat(body).containsText("snake_case <b>tag</b>");
    assertThat(body.locator("b")).hasCount(0);
    ChromiumExtension.screenshot(page, "reading-formatting");
  }
}
