// The list of documents to analyze, each with what the last analysis made
// of it (its documents and paragraphs, what was skipped and why).
import { h, $, clear, fmtInt, fmtBytes, displayName } from './dom.js';
import { state, sizeOf, totalBytes } from './state.js';

/** @typedef {import('./types.js').DocumentReport} DocumentReport */
/** @typedef {import('./types.js').Skipped} Skipped */
/** @typedef {{docs: DocumentReport[], skipped: Skipped[]}} Outcome */

/** Long lists stay cheap: the first this many entries, then a count. */
const SHOWN = 200;

/**
 * What became of each input in the last analysis, by document id: the
 * documents it gave (a file gives one; records and archive entries give
 * several) and the entries of it that were skipped, with their reasons.
 * Files added since have no outcome yet.
 * @returns {Map<number, Outcome> | null}
 */
function outcomes() {
  const r = state.results;
  if (!r || r.origins.documents.length !== r.report.documents.length) return null;
  const out = new Map(r.analyzed.map((id) => [id, { docs: [], skipped: [] }]));
  r.origins.documents.forEach((file, doc) => out.get(r.analyzed[file])?.docs.push(r.report.documents[doc]));
  r.origins.skipped.forEach((file, i) => out.get(r.analyzed[file])?.skipped.push(r.report.skipped[i]));
  return out;
}

/** @param {Outcome | undefined} o */
function outcomeNode(o) {
  if (!o) return h('span', { class: 'doc-outcome muted small', dataset: { outcome: 'pending' } }, '');
  const parts = [];
  const paragraphs = o.docs.reduce((n, d) => n + d.paragraphs.length, 0);
  const warnings = o.docs.flatMap((d) => d.warnings.map((w) => (o.docs.length > 1 ? `${displayName(d.name)}: ${w}` : w)));
  if (o.docs.length) {
    const docs = o.docs.length > 1 ? `${fmtInt(o.docs.length)} documents, ` : '';
    parts.push(`${docs}${fmtInt(paragraphs)} paragraph${paragraphs === 1 ? '' : 's'}`);
  }
  if (o.skipped.length) {
    parts.push(o.docs.length || o.skipped.length > 1 ? `${fmtInt(o.skipped.length)} skipped` : `skipped: ${o.skipped[0].reason}`);
  }
  const outcome = o.docs.length ? (o.skipped.length ? 'partial' : 'analyzed') : 'skipped';
  return h('span', { class: `doc-outcome small ${outcome}`, dataset: { outcome, paragraphs, documents: o.docs.length } },
    parts.join(' · '),
    warnings.length ? h('span', { class: 'warn doc-warning', title: warnings.join('\n') }, ` ⚠ ${warnings[0]}${warnings.length > 1 ? ` (+${warnings.length - 1})` : ''}`) : null);
}

export function renderDocList() {
  const list = clear($('#doc-list'));
  const n = state.docs.length;
  $('#doc-count').textContent = n ? `${n} file${n === 1 ? '' : 's'}, ${fmtBytes(totalBytes())}` : '';
  $('#landing').hidden = n > 0;
  $('[data-action="clear"]').hidden = n === 0;
  document.body.classList.toggle('has-docs', n > 0);
  const outs = outcomes();
  state.docs.slice(0, SHOWN).forEach((d, i) => {
    list.append(
      h('li', { dataset: { index: i, id: d.id } },
        h('span', { class: 'doc-name', title: displayName(d.name) }, displayName(d.name)),
        h('span', { class: 'muted small' }, d.error ? '' : fmtBytes(sizeOf(d))),
        outs ? outcomeNode(outs.get(d.id)) : null,
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove', dataset: { id: d.id }, 'aria-label': `Remove ${displayName(d.name)}`, title: 'Remove' }, '✕'),
      ),
    );
  });
  if (n > SHOWN) list.append(h('li', { class: 'muted' }, `… and ${fmtInt(n - SHOWN)} more`));
}
