// Which copy the dedup export keeps: a small select beside the export
// button, the page's `paradup dedup --keep first|longest|newest`. The core
// (Corpus.dedupKeeping) chooses; this module only asks and passes each
// file's lastModified along for `newest`.
import { $, h } from './dom.js';

const SELECT_ID = 'dedup-keep';

/** Puts the select before the dedup export button, once. */
export function mountKeepControl() {
  const button = $('[data-action="export-dedup"]');
  if (!button || $(`#${SELECT_ID}`)) return;
  const select = h('select', { id: SELECT_ID, title: 'Which copy of each duplicated paragraph the zip keeps; ties go to the first' },
    h('option', { value: 'first', text: 'first' }),
    h('option', { value: 'longest', text: 'longest' }),
    h('option', { value: 'newest', text: 'newest (file date)' }));
  const label = h('label', { for: SELECT_ID, class: 'small' }, 'Keep ');
  button.before(h('span', { class: 'keep-choice' }, label, select));
}

/**
 * The keep request for the worker: the chosen policy and, in corpus order
 * (`ids`, the analyzed files), each file's lastModified (null if unknown).
 * @param {number[]} ids
 * @param {{id: number, modified?: number}[]} docs
 * @returns {{policy: string, modified: (number | null)[]}}
 */
export function keepRequest(ids, docs) {
  const select = /** @type {HTMLSelectElement | null} */ ($(`#${SELECT_ID}`));
  const byId = new Map(docs.map((d) => [d.id, d]));
  const modified = ids.map((id) => {
    const m = byId.get(id)?.modified;
    return typeof m === 'number' && Number.isFinite(m) ? m : null;
  });
  return { policy: select ? select.value : 'first', modified };
}
