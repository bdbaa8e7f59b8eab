// Reference documents: the page's side of the CLI's `--against REF`. Files
// dropped on the reference zone (or picked) are what the listed documents
// are checked against: only reuse between a listed document and a reference
// is reported, the reference being the original, and reuse among the
// references is never compared. "Also among my documents" is `--within`.
// Like templates, their bytes go with every analysis request; the core
// reads them first, and the report gives every document its role.
import { $, h, clear, fmtBytes, displayName } from './dom.js';

/** @typedef {{id: number, name: string, bytes?: Uint8Array, error?: string}} Reference */

/** @type {{list: Reference[], nextId: number, within: boolean}} */
export const references = { list: [], nextId: 1, within: false };

/** What an analysis request carries: the references the page could read, in order, and `within`. */
export const referencesToSend = () => ({
  references: references.list.filter((r) => r.bytes).map((r) => ({ name: r.name, bytes: r.bytes })),
  within: references.within,
});

/** Draws the list of references, each with its size (or why it could not be read) and a remove button. */
function render() {
  const list = clear($('#reference-list'));
  for (const r of references.list) {
    const name = displayName(r.name);
    list.append(
      h('li', { dataset: { id: r.id } },
        h('span', { class: 'badge' }, 'reference'),
        h('span', { class: 'doc-name', title: name }, name),
        h('span', { class: r.error ? 'small warn' : 'muted small' }, r.error ? `not read: ${r.error}` : fmtBytes(r.bytes.length)),
        h('button', { type: 'button', class: 'icon-button', 'data-reference-remove': String(r.id), 'aria-label': `Remove reference ${name}`, title: 'Remove' }, '✕'),
      ),
    );
  }
  $('#reference-within').closest('label').hidden = references.list.length === 0;
}

/**
 * Wires the reference zone: drops, the file picker, remove buttons and the
 * `within` box. `read(inputs)` reads collected inputs ({name, bytes} or
 * {name, error}); `collect` has the page's `collectDropped` and
 * `collectPicked`; `changed()` re-runs the analysis.
 * @param {{read: (inputs: any[]) => Promise<any[]>, collectDropped: Function, collectPicked: Function, changed: () => void, failed: (message: string) => void}} io
 */
export function setupReferences(io) {
  const add = async (inputs) => {
    const read = await io.read(inputs.filter(Boolean));
    if (!read.length) return;
    references.list.push(...read.map((r) => ({ id: references.nextId++, name: r.name, bytes: r.bytes, error: r.error })));
    render();
    io.changed();
  };
  const zone = $('#reference-drop');
  const isFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  zone.addEventListener('dragover', (e) => {
    if (!isFiles(e)) return;
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (e) => {
    if (!e.dataTransfer) return;
    e.preventDefault();
    // Not also a drop of documents on the page.
    e.stopPropagation();
    zone.classList.remove('over');
    const overlay = $('#drop-overlay');
    if (overlay) overlay.hidden = true;
    try {
      await add(await io.collectDropped(e.dataTransfer));
    } catch (err) {
      io.failed(`Could not read the dropped references: ${err.message}`);
    }
  });
  $('#reference-input').addEventListener('change', async (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const files = [...input.files];
    input.value = '';
    await add(io.collectPicked(files, false));
  });
  $('#reference-list').addEventListener('click', (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest('[data-reference-remove]');
    if (!button) return;
    const i = references.list.findIndex((r) => String(r.id) === button.getAttribute('data-reference-remove'));
    if (i < 0) return;
    references.list.splice(i, 1);
    render();
    io.changed();
  });
  $('#reference-within').addEventListener('change', (e) => {
    references.within = /** @type {HTMLInputElement} */ (e.target).checked;
    if (references.list.length) io.changed();
  });
  render();
}
