// DOM helpers. User text and file names only ever reach the page as text
// nodes (textContent), never as markup.

/** h('div', {class: 'x', onclick: f}, child, 'text', ...) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
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
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export const pct = (x) => {
  if (!isFinite(x)) return '0%';
  const p = x * 100;
  return (p > 0 && p < 1 ? p.toFixed(1) : Math.round(p).toString()) + '%';
};

// One formatter for every number: toLocaleString makes one per call,
// which made drawing a large report's tables several times slower.
const INT = new Intl.NumberFormat('en-US');
export const fmtInt = (n) => INT.format(Number(n));

export function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// Characters a name must not hide: control characters (C0, DEL, C1) and
// the bidirectional controls (marks, embeddings, overrides, isolates),
// which would reorder the text around them (`evil\u{202E}txt.exe` shown
// as `evilexe.txt`). The CLI escapes the same ones.
const HIDDEN = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * A name (or any short user text) fit to show: each hidden character
 * written as a visible `\u{202E}` escape, as the CLI prints it. Every view
 * shows names through this; exports keep the exact names.
 */
export function displayName(name) {
  return String(name).replace(HIDDEN, (c) => `\\u{${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}}`);
}

/** Triggers a download of `data` (a string, bytes, or an array of Blob parts) made locally. */
export function download(name, data, type) {
  const blob = new Blob(Array.isArray(data) ? data : [data], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
