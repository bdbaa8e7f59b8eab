// What the page tells the user about its work: the status (idle, working,
// done, error) on <body>, the progress bar of a running analysis, and the
// message box.
import { h, $, $$, fmtInt, displayName } from './dom.js';

/** @typedef {import('./types.js').Progress} Progress */

const STAGES = {
  reading: ['Reading files', 0, 25],
  matching: ['Matching paragraphs', 25, 80],
  passages: ['Finding reused passages', 80, 90],
  clustering: ['Grouping copies', 90, 95],
  reporting: ['Writing the report', 95, 100],
};

/** @param {'idle' | 'working' | 'done' | 'error'} status */
export function setStatus(status) {
  document.body.dataset.status = status;
  // While an analysis runs, the results shown are about to be replaced:
  // an export now would be of the new report (or of none, if cancelled).
  $('#results').setAttribute('aria-busy', String(status === 'working'));
  for (const button of $$('.exports button')) button.disabled = status === 'working';
}

export const status = () => document.body.dataset.status;

/**
 * Shows `text`; with `retry`, an "Analyze again" button (the `retry`
 * action) follows it.
 * @param {string} text
 * @param {'error' | 'info'} [kind]
 * @param {boolean} [retry]
 */
export function showMessage(text, kind = 'error', retry = false) {
  const box = $('#message');
  box.className = `message ${kind}`;
  delete box.dataset.kind;
  const body = $('#message-text');
  body.textContent = text;
  if (retry) body.append(' ', h('button', { type: 'button', class: 'button small', 'data-action': 'retry' }, 'Analyze again'));
  box.hidden = false;
}

export function hideMessage() {
  $('#message').hidden = true;
}

// The progress line is drawn at most once per PROGRESS_MS: every drawing
// is a style, layout and paint of the page on its thread, and at one per
// file (hundreds a second) that took more of a 2-core machine than the
// page's own work (docs/benchmarks.md). The latest progress waits for its
// turn; hiding the line drops it.
const PROGRESS_MS = 150;
let lastDrawn = -Infinity;
/** @type {Progress | null} */
let pending = null;
let timer = 0;

/** @param {Progress} p */
export function showProgress(p) {
  pending = p;
  if (timer) return;
  const wait = lastDrawn + PROGRESS_MS - performance.now();
  if (wait <= 0) drawPending();
  else timer = setTimeout(drawPending, wait);
}

function drawPending() {
  timer = 0;
  const p = pending;
  pending = null;
  if (!p) return;
  lastDrawn = performance.now();
  const label = drawBar(p);
  let text = label;
  if (p.stage === 'reading' && p.file) text = `Reading ${displayName(p.file)} (${p.done + 1} of ${p.total})`;
  else if (p.total) text = `${label}: ${fmtInt(p.done)} of ${fmtInt(p.total)}`;
  $('#progress-stage').textContent = text;
}

/**
 * Shows `p`'s stage and percentage on the bar (and the line); returns the
 * stage's label.
 * @param {Progress} p
 */
function drawBar(p) {
  const [label, from, to] = STAGES[p.stage] || [p.stage, 0, 100];
  const frac = p.total ? p.done / p.total : 0;
  const percent = Math.min(100, Math.round(from + (to - from) * frac));
  $('#progress').hidden = false;
  $('#progress-percent').textContent = `${percent}%`;
  $('#progress-bar').value = percent;
  $('#progress').dataset.stage = p.stage;
  return label;
}

/**
 * Shows `text` as the progress line at once. A progress still waiting for
 * its turn is not lost: its percentage goes on the bar now (the text is
 * replaced by `text`), so the bar never stays behind the work.
 */
export function showProgressText(text) {
  const p = pending;
  dropPending();
  if (p) drawBar(p);
  $('#progress').hidden = false;
  $('#progress-stage').textContent = text;
}

function dropPending() {
  clearTimeout(timer);
  timer = 0;
  pending = null;
}

export function hideProgress() {
  dropPending();
  $('#progress').hidden = true;
}
