// The image viewer: a shared image opens in the app, over the room, at full size. Escape closes it, the arrow keys
// (and the buttons) go to the previous or next image, Download saves it. Opened from the timeline it steps through
// the room's images shown there; opened from the Files panel (views/files.js), through the images listed there, with
// "Go to message". Ctrl/Cmd-click and the middle button on a timeline image still open it in a new tab, as the link
// says.
import { h, $ } from '../dom.js';
import { createDialog } from './dialog.js';

const IMAGES = '[data-testid=message-image]';

/**
 * @returns {{show(items, index)}}: shows items[index] of {href, alt, go?}; `go`, when given, is what "Go to message"
 *   does once the viewer has closed
 */
export function mountImageViewer() {
  const list = $('#message-list');
  const img = h('img.viewer-image', { alt: '', dataset: { testid: 'viewer-image' } });
  const position = h('span.muted.small', { dataset: { testid: 'viewer-position' } });
  const prev = h('button.btn', { type: 'button', dataset: { testid: 'viewer-prev' }, onclick: () => step(-1) }, '← Previous');
  const next = h('button.btn', { type: 'button', dataset: { testid: 'viewer-next' }, onclick: () => step(1) }, 'Next →');
  const goTo = h('button.btn', { type: 'button', dataset: { testid: 'viewer-go' }, onclick: go }, 'Go to message');
  const download = h('a.btn.primary', { dataset: { testid: 'viewer-download' }, download: '' }, 'Download');
  const dialog = createDialog({
    title: 'Photo', testid: 'image-viewer', closeTestid: 'viewer-close', onOpen: () => next.focus(),
    onKey: (ev) => {
      if (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight') {
        ev.preventDefault();
        step(ev.key === 'ArrowLeft' ? -1 : 1);
      }
    },
  }, h('figure.viewer', null, img), h('div.viewer-actions', null, prev, position, next, goTo, download));
  let items = [];
  let at = -1;

  function show(index) {
    at = index;
    const item = items[at];
    img.src = item.href;
    img.alt = item.alt;
    dialog.setTitle(item.alt);
    download.href = item.href;
    goTo.hidden = !item.go;
    position.textContent = `${at + 1} of ${items.length}`;
    // Not disabled at either end: a disabled button under the keyboard sends the focus to <body>.
    prev.setAttribute('aria-disabled', String(at <= 0));
    next.setAttribute('aria-disabled', String(at >= items.length - 1));
  }

  function step(by) {
    if (items[at + by]) show(at + by);
  }

  function go() {
    const { go: target } = items[at];
    dialog.close();
    target();
  }

  function open(shown, index) {
    items = shown;
    show(index);
    dialog.open();
  }

  list.addEventListener('click', (ev) => {
    const link = ev.target.closest(IMAGES);
    if (!link || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    const links = [...list.querySelectorAll(IMAGES)];
    open(links.map((l) => ({ href: l.getAttribute('href'), alt: l.querySelector('img').alt })), links.indexOf(link));
  });

  return { show: open };
}
