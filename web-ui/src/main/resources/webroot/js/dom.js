// DOM helpers. User data only ever reaches the DOM through text nodes / textContent.

/**
 * h('button.primary', {type: 'button', dataset: {testid: 'x'}, onclick}, 'Label', child, ...)
 * Strings become text nodes; never parsed as HTML.
 */
export function h(tag, props, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k in el && typeof v !== 'string') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export const $ = (sel, root = document) => root.querySelector(sel);

const ICONS = {};
/** An icon of the page's own (a <template id="icon-NAME"> of index.html), never built from data. */
export function icon(name) {
  if (!ICONS[name]) ICONS[name] = document.getElementById(`icon-${name}`);
  return ICONS[name].content.firstElementChild.cloneNode(true);
}

/**
 * Makes `wanted` the children of `parent`, in this order, moving only what is out of place: a node taken out of the
 * document, even to be put straight back, loses the keyboard focus.
 */
export function syncChildren(parent, wanted) {
  for (const child of [...parent.children]) if (!wanted.includes(child)) child.remove();
  let at = parent.firstElementChild;
  for (const el of wanted) {
    if (el === at) at = at.nextElementSibling;
    else parent.insertBefore(el, at);
  }
}

/**
 * Shows a button as busy without disabling it: disabling the focused button sends the keyboard focus to <body>.
 * Its handlers check isBusy() instead.
 */
export function setBusy(button, busy) {
  button.setAttribute('aria-disabled', String(busy));
  button.classList.toggle('loading', busy);
}

export const isBusy = (button) => button.getAttribute('aria-disabled') === 'true';

// http(s) URLs. Trailing punctuation that usually ends a sentence is not part of the link.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

const appendText = (parent, text) => parent.append(document.createTextNode(text));

/** Whether a URL points into this app's rooms (#/rooms/...), at the address the app is served from. */
const isAppLink = (u) => u.origin === location.origin && u.pathname === location.pathname
  && u.hash.startsWith('#/rooms/');

/**
 * Appends `text` to `parent` as text nodes, with http(s) URLs turned into safe links; `plain(parent, text)` appends
 * what is not a link (format.js marks mentions there, so an address like https://x/@bob stays one link).
 */
export function appendLinkified(parent, text, plain = appendText) {
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = url.match(TRAILING);
    if (trail) {
      // keep a closing paren when the URL itself has an opening one (e.g. wikipedia links)
      let t = trail[0];
      if (t.startsWith(')') && url.includes('(')) t = t.slice(1);
      url = url.slice(0, url.length - t.length);
    }
    if (!url) continue;
    let link;
    try {
      link = new URL(url);
      if (link.protocol !== 'http:' && link.protocol !== 'https:') continue;
    } catch {
      continue;
    }
    if (m.index > last) plain(parent, text.slice(last, m.index));
    const a = document.createElement('a');
    a.href = link.href;
    // A link into this app (a message's "Copy link") opens its message here, as the app's own permalinks do; a second
    // copy of the app in a new tab would hold a second socket. Anything else opens beside the app.
    if (!isAppLink(link)) a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = url;
    parent.append(a);
    last = m.index + url.length;
  }
  if (last < text.length) plain(parent, text.slice(last));
}
