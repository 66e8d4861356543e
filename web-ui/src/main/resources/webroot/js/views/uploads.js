// The tray's upload rows: one row per upload, kept for as long as the upload lasts and updated in place. Progress
// arrives several times a second; a row rebuilt for each would swallow a click on Cancel (pressed on one button,
// released on its replacement) and drop the keyboard focus to <body>.
import { h, clear } from '../dom.js';

export function createUploadRows(uploader) {
  const rows = new Map(); // upload id -> {el, status, progress, percent}

  function fill(row, u) {
    const hadFocus = row.el.contains(document.activeElement);
    clear(row.el);
    row.el.dataset.status = u.status;
    row.status = u.status;
    row.el.append(h('span.upload-name', null, u.name));
    const cancel = () => h('button.btn.ghost.small', { type: 'button', dataset: { testid: 'upload-cancel' },
      'aria-label': `Cancel uploading ${u.name}`, onclick: () => uploader.dismiss(u.id) }, 'Cancel');
    if (u.status === 'queued') {
      row.el.append(h('span.muted.small', { dataset: { testid: 'upload-queued' } }, 'Waiting for the files before it…'), cancel());
    } else if (u.status === 'uploading') {
      row.progress = h('progress.upload-progress', { max: '1', value: '0', 'aria-label': `Uploading ${u.name}`,
        dataset: { testid: 'upload-progress' } });
      // The progress bar is what is read out; the number beside it would be announced at every step.
      row.percent = h('span.muted.small', { 'aria-hidden': 'true' });
      row.el.append(row.progress, row.percent, cancel());
    } else {
      row.el.append(h('span.error-text.small', { dataset: { testid: 'upload-error' }, role: 'alert' }, u.error));
      if (u.retryable) {
        row.el.append(h('button.btn.small', { type: 'button', dataset: { testid: 'upload-retry' }, onclick: () => uploader.retry(u.id) }, 'Retry'));
      }
      row.el.append(h('button.btn.ghost.small', { type: 'button', dataset: { testid: 'upload-dismiss' }, onclick: () => uploader.dismiss(u.id) }, 'Dismiss'));
    }
    // Cancel gave way to Retry or Dismiss (or back): the keyboard stays on the row.
    if (hadFocus) row.el.querySelector('button').focus();
  }

  function update(u) {
    let row = rows.get(u.id);
    if (!row) {
      row = { el: h('div.upload-row', { dataset: { testid: 'upload' } }) };
      rows.set(u.id, row);
    }
    if (row.status !== u.status) fill(row, u);
    if (u.status === 'uploading') {
      row.progress.value = u.progress;
      row.percent.textContent = `${Math.round(u.progress * 100)}%`;
    }
    return row.el;
  }

  return {
    /** The rows of the room's uploads, in order; rows of uploads that are over are forgotten. */
    forRoom(roomId) {
      for (const id of rows.keys()) if (!uploader.has(id)) rows.delete(id);
      return uploader.forRoom(roomId).map(update);
    },
  };
}
