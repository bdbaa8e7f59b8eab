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

/** @param {Progress} p */
export function showProgress(p) {
  const [label, from, to] = STAGES[p.stage] || [p.stage, 0, 100];
  const frac = p.total ? p.done / p.total : 0;
  const percent = Math.min(100, Math.round(from + (to - from) * frac));
  let text = label;
  if (p.stage === 'reading' && p.file) text = `Reading ${displayName(p.file)} (${p.done + 1} of ${p.total})`;
  else if (p.total) text = `${label}: ${fmtInt(p.done)} of ${fmtInt(p.total)}`;
  $('#progress').hidden = false;
  $('#progress-stage').textContent = text;
  $('#progress-percent').textContent = `${percent}%`;
  $('#progress-bar').value = percent;
  $('#progress').dataset.stage = p.stage;
}

export function hideProgress() {
  $('#progress').hidden = true;
}
