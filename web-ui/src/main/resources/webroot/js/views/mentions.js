// The composer's @ autocomplete: "@" and the start of a name, just before the caret, lists the room's members whose
// name starts so (GET /api/users?q=&room=, asked once the typing pauses: only a member can be mentioned), "@room"
// first where the server lets it call everyone (the room's `roomMention`). Up/Down choose, Enter or Tab put "@name " in
// place of what was typed, Escape closes. The message box stays a plain textbox (a <textarea> may take no combobox
// role) that owns the list through aria-controls and aria-activedescendant, so a screen reader reads the chosen one.
import { h, clear } from '../dom.js';
import { api } from '../api.js';
import { quietText } from '../attention.js';

const ASK_AFTER_MS = 150;
// "@" at the start or after a space or opening punctuation, then name characters up to the caret.
const TYPED = /(?:^|[\s(\[{"'])@([a-z0-9_.-]{0,32})$/i;
const ROOM = { username: 'room', quiet: null, everyone: true };

export function mountMentionComplete(input, { me, room }) {
  const list = h('ul.mention-list', { id: 'mention-list', role: 'listbox', 'aria-label': 'People to mention', hidden: true,
    dataset: { testid: 'mention-list' } });
  input.after(list);
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);

  let options = [];
  let active = 0;
  let typed = null; // {start, prefix}: the "@..." being completed
  let timer = null;
  let asked = 0; // answers to older questions are dropped

  function typedAtCaret() {
    if (input.selectionStart !== input.selectionEnd) return null;
    const before = input.value.slice(0, input.selectionStart);
    const m = before.match(TYPED);
    return m ? { start: before.length - m[1].length - 1, prefix: m[1] } : null;
  }

  function close() {
    clearTimeout(timer);
    asked++;
    typed = null;
    options = [];
    list.hidden = true;
    clear(list);
    input.removeAttribute('aria-activedescendant');
  }

  function ask() {
    const question = ++asked;
    const prefix = typed.prefix;
    const r = room();
    if (!r) return;
    api.users(prefix || undefined, r.id).then((users) => {
      if (question !== asked) return;
      const people = (Array.isArray(users) ? users : []).filter((u) => u && typeof u.username === 'string' && u.username !== me());
      options = [...(r.roomMention !== false && 'room'.startsWith(prefix.toLowerCase()) ? [ROOM] : []), ...people];
      active = 0;
      render();
    }).catch(() => { if (question === asked) close(); }); // an autocomplete that cannot answer just stays away
  }

  function render() {
    clear(list);
    if (!options.length) {
      list.hidden = true;
      input.removeAttribute('aria-activedescendant');
      return;
    }
    options.forEach((u, i) => {
      const quiet = u.quiet && Number.isFinite(u.quiet.until) ? quietText(u.quiet.until) : null;
      list.append(h('li.mention-option', {
        id: `mention-option-${i}`, role: 'option', 'aria-selected': String(i === active),
        dataset: { testid: 'mention-option', username: u.username },
        onmousedown: (ev) => ev.preventDefault(), // the message box keeps the focus
        onclick: () => choose(i),
      },
      h('span.mention-option-name', null, `@${u.username}`),
      u.everyone ? h('span.muted.small', null, ' — notify everyone in this room') : null,
      quiet ? h('span.mention-quiet', { dataset: { testid: 'mention-quiet' } }, h('span', { 'aria-hidden': 'true' }, '☾ '), quiet) : null));
    });
    list.hidden = false;
    input.setAttribute('aria-activedescendant', `mention-option-${active}`);
    list.children[active].scrollIntoView({ block: 'nearest' });
  }

  function choose(i) {
    const u = options[i];
    if (!u || !typed) return;
    const end = input.selectionStart;
    const insert = `@${u.username} `;
    input.setRangeText(insert, typed.start, end, 'end');
    close();
    input.dispatchEvent(new Event('input', { bubbles: true })); // the draft, the size and typing follow
  }

  input.addEventListener('input', () => {
    const now = typedAtCaret();
    if (!now) { if (typed) close(); return; }
    typed = now;
    clearTimeout(timer);
    timer = setTimeout(ask, ASK_AFTER_MS);
  });
  input.addEventListener('blur', () => close());

  // Capturing on the box itself runs before its other keydown listeners (send on Enter, Escape ends a reply).
  input.addEventListener('keydown', (ev) => {
    if (list.hidden || !options.length || ev.isComposing) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      active = (active + (ev.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
      render();
    } else if ((ev.key === 'Enter' && !ev.shiftKey) || ev.key === 'Tab') {
      choose(active);
    } else if (ev.key === 'Escape') {
      close();
    } else {
      return;
    }
    ev.preventDefault();
    ev.stopImmediatePropagation();
  }, true);

  return { close };
}
