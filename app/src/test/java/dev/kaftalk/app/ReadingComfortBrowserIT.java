package dev.kaftalk.app;

import com.microsoft.playwright.Clock;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import dev.kaftalk.testing.SharedInfra;
import dev.kaftalk.testing.SharedInfraExtension;
import dev.kaftalk.testing.browser.ChromiumExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

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
