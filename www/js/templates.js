// Templates to ignore: the page's side of the CLI's `--ignore FILE`. A
// template (the text every submission starts from, a licence header, a
// known footer) is dropped on its own zone or picked; it is read by the
// core like any document, before them, and document paragraphs matching
// its paragraphs are listed as ignored (greyed in the document view),
// never as originals or copies. Templates are small: their bytes go with
// every analysis request rather than living in the worker's corpus.
import { $, h, clear, fmtBytes, displayName } from './dom.js';

/** @typedef {{id: number, name: string, bytes?: Uint8Array, error?: string}} Template */

/** @type {{list: Template[], nextId: number}} */
export const templates = { list: [], nextId: 1 };

/** Appends read inputs ({name, bytes} or {name, error}) as templates. */
export function addTemplates(read) {
  templates.list.push(...read.map((t) => ({ id: templates.nextId++, name: t.name, bytes: t.bytes, error: t.error })));
}

/** Removes template `id`; false if it is not listed (a double click). */
export function removeTemplate(id) {
  const i = templates.list.findIndex((t) => t.id === id);
  if (i < 0) return false;
  templates.list.splice(i, 1);
  return true;
}

/** What an analysis request carries: the templates the page could read, in order. */
export const templatesToSend = () => templates.list.filter((t) => t.bytes).map((t) => ({ name: t.name, bytes: t.bytes }));

/** Draws the list of templates, each with its size (or why it could not be read) and a remove button. */
export function renderTemplates() {
  const list = clear($('#template-list'));
  for (const t of templates.list) {
    const name = displayName(t.name);
    list.append(
      h('li', { dataset: { id: t.id } },
        h('span', { class: 'doc-name', title: name }, name),
        h('span', { class: t.error ? 'small warn' : 'muted small' }, t.error ? `not read: ${t.error}` : fmtBytes(t.bytes.length)),
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-template', dataset: { id: t.id }, 'aria-label': `Remove template ${name}`, title: 'Remove' }, '✕'),
      ),
    );
  }
}
