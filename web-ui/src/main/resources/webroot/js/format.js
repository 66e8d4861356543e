// Message formatting, built only from DOM nodes and text: no HTML from a message is ever parsed. Blocks: fenced code
// (```), quotes ("> "), lists ("- ", "* ", "1. "); inline: `code`, **bold**, _italic_, and http(s) links. Anything
// else, markup included, stays exactly the text that was sent. The members a message calls (its `mentions`, decided by
// the server) are marked where the text names them: `@name`, or `@room` which calls them all.
import { h, appendLinkified } from './dom.js';

const FENCE = /^```/;
const QUOTE = /^> ?/;
const BULLET = /^[-*] +/;
const NUMBERED = /^\d{1,3}[.)] +/;
// `code`, **bold**, or _italic_ standing as a word of its own (not the underscores inside snake_case or __x).
const INLINE = /`([^`\n]+)`|\*\*(?=\S)([^*\n]*?\S)\*\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu;

// "@name" not after a letter, digit or name character (an e-mail address is no mention), as the server reads it.
const MENTION = /(?<![\p{L}\p{N}_.\-@/])@([a-z0-9_.\-]*[a-z0-9_])/giu;

/** Appends `text` to `parent`, formatted; `mentions` the usernames the message calls (none when absent). */
export function appendFormatted(parent, text, mentions = []) {
  const called = new Set(mentions.map((u) => u.toLowerCase()));
  const marked = (into, s) => appendMentions(into, s, called);
  const appendInline = (into, s) => appendInlineWith(into, s, marked);
  const lines = text.split('\n');
  let plain = [];
  const flushPlain = () => {
    if (plain.length) appendInline(parent, plain.join('\n'));
    plain = [];
  };
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    if (FENCE.test(line) && lines.slice(i + 1).some((l) => FENCE.test(l))) {
      flushPlain();
      const end = lines.findIndex((l, j) => j > i && FENCE.test(l));
      parent.append(h('pre.msg-code', null, h('code', null, lines.slice(i + 1, end).join('\n'))));
      i = end + 1;
    } else if (QUOTE.test(line)) {
      flushPlain();
      const quoted = takeWhile(lines, i, (l) => QUOTE.test(l));
      const quote = h('blockquote.msg-quote');
      appendInline(quote, quoted.map((l) => l.replace(QUOTE, '')).join('\n'));
      parent.append(quote);
      i += quoted.length;
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      flushPlain();
      const marker = BULLET.test(line) ? BULLET : NUMBERED;
      const items = takeWhile(lines, i, (l) => marker.test(l));
      const list = h(marker === BULLET ? 'ul.msg-list' : 'ol.msg-list');
      for (const item of items) {
        const li = h('li');
        appendInline(li, item.replace(marker, ''));
        list.append(li);
      }
      parent.append(list);
      i += items.length;
    } else {
      plain.push(line);
      i++;
    }
  }
  flushPlain();
}

function takeWhile(lines, from, test) {
  const taken = [];
  for (let i = from; i < lines.length && test(lines[i]); i++) taken.push(lines[i]);
  return taken;
}

function appendInlineWith(parent, text, plain) {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) appendLinkified(parent, text.slice(last, m.index), plain);
    if (m[1] !== undefined) parent.append(h('code.msg-inline-code', null, m[1]));
    else if (m[2] !== undefined) appendLinkified(parent.appendChild(h('strong')), m[2], plain);
    else appendLinkified(parent.appendChild(h('em')), m[3], plain);
    last = m.index + m[0].length;
  }
  if (last < text.length) appendLinkified(parent, text.slice(last), plain);
}

/** Text, with the names in `called` (and @room when anyone is called) as mention marks. */
function appendMentions(parent, text, called) {
  let last = 0;
  for (const m of called.size ? text.matchAll(MENTION) : []) {
    const name = m[1].toLowerCase();
    if (name !== 'room' && !called.has(name)) continue;
    if (m.index > last) parent.append(document.createTextNode(text.slice(last, m.index)));
    parent.append(h('span.mention', { dataset: { testid: 'mention', mention: name } }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
}
