// The image viewer: a shared image opens in the app, over the room, at full size. Escape closes it, the arrow keys
// (and the buttons) go to the previous or next image of the room, Download saves it. Ctrl/Cmd-click and the middle
// button still open the image in a new tab, as the link says.
import { h, $ } from '../dom.js';
import { createDialog } from './dialog.js';

const IMAGES = '[data-testid=message-image]';

export function mountImageViewer() {
  const list = $('#message-list');
  const img = h('img.viewer-image', { alt: '', dataset: { testid: 'viewer-image' } });
  const position = h('span.muted.small', { dataset: { testid: 'viewer-position' } });
  const prev = h('button.btn', { type: 'button', dataset: { testid: 'viewer-prev' }, onclick: () => step(-1) }, '← Previous');
  const next = h('button.btn', { type: 'button', dataset: { testid: 'viewer-next' }, onclick: () => step(1) }, 'Next →');
  const download = h('a.btn.primary', { dataset: { testid: 'viewer-download' }, download: '' }, 'Download');
  const dialog = createDialog({
    title: 'Photo', testid: 'image-viewer', closeTestid: 'viewer-close', onOpen: () => next.focus(),
    onKey: (ev) => {
      if (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight') {
        ev.preventDefault();
        step(ev.key === 'ArrowLeft' ? -1 : 1);
      }
    },
  }, h('figure.viewer', null, img), h('div.viewer-actions', null, prev, position, next, download));
  let shown = null; // the message's link whose image is shown

  const links = () => [...list.querySelectorAll(IMAGES)];

  function show(link) {
    shown = link;
    const all = links();
    const at = all.indexOf(link);
    const alt = link.querySelector('img').alt;
    img.src = link.getAttribute('href');
    img.alt = alt;
    dialog.setTitle(alt);
    download.href = link.getAttribute('href');
    position.textContent = `${at + 1} of ${all.length}`;
    // Not disabled at either end: a disabled button under the keyboard sends the focus to <body>.
    prev.setAttribute('aria-disabled', String(at <= 0));
    next.setAttribute('aria-disabled', String(at >= all.length - 1));
  }

  function step(by) {
    const all = links();
    const to = all[all.indexOf(shown) + by];
    if (to) show(to);
  }

  list.addEventListener('click', (ev) => {
    const link = ev.target.closest(IMAGES);
    if (!link || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    show(link);
    dialog.open();
  });
}
