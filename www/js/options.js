// The options form. The page only reads and fills it: whether the values
// are valid is the core's call alone (`checkOptions`, src/options.rs, run
// in a worker: engine.checkOptions), and a refusal is shown in the core's
// words, with the field at fault marked.

/** @typedef {import('./types.js').Options} Options */

const NUMERIC = ['min_words', 'shingle_words', 'near_threshold', 'contained_threshold', 'boilerplate_documents', 'min_passage_words', 'passage_similarity'];
const CHECKS = ['skip_datelines', 'passages'];

/** @param {HTMLFormElement} form @param {Options} o */
export function fillOptions(form, o) {
  form.segmentation.value = o.segmentation;
  for (const k of NUMERIC) form[k].value = o[k];
  for (const k of CHECKS) form[k].checked = o[k];
  markInvalid(form, null);
}

/**
 * The form's values as an options object, unchecked. A number field that
 * is blank (or holds no number: a number input then reads as blank) is
 * sent as null, for the core to refuse.
 * @param {HTMLFormElement} form
 * @returns {Record<string, unknown>}
 */
export function readOptions(form) {
  const o = { segmentation: form.segmentation.value };
  for (const k of NUMERIC) {
    const raw = form[k].value.trim();
    const v = Number(raw);
    o[k] = raw === '' || !Number.isFinite(v) ? null : v;
  }
  for (const k of CHECKS) o[k] = form[k].checked;
  return o;
}

/** Whether two options objects hold the same values. */
export function sameOptions(a, b) {
  if (!a || !b) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

/** Marks the field `name` as refused (aria-invalid), and no other. */
export function markInvalid(form, name) {
  for (const el of form.elements) {
    if (el.name && el.name === name) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  }
}
