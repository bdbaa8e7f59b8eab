// The action table: every button of the page that does something names
// its action in `data-action="name"`, and one click listener runs
// `table[name](button, event)`. The buttons views create (Compare, Remove,
// Analyze again) carry what they act on in data attributes, so no button
// holds a handler of its own.

/**
 * @callback Handler
 * @param {HTMLElement} target  the element with the data-action
 * @param {MouseEvent} event
 * @returns {void}
 */

/**
 * What the actions act on (app.js provides it).
 * @typedef {object} App
 * @property {() => void} openPaste
 * @property {() => void} closePaste
 * @property {() => void} addExamples
 * @property {(id: number) => void} remove
 * @property {(id: number) => void} removeTemplate
 * @property {() => void} clear
 * @property {() => void} analyze
 * @property {() => void} cancel
 * @property {() => void} cancelCompare
 * @property {() => void} dismiss
 * @property {(kind: 'json' | 'csv' | 'passages-csv' | 'dedup') => void} exportAs
 * @property {() => void} resetOptions
 * @property {() => void} exploreApply
 * @property {(cluster: number, copy: number) => void} compare
 */

/**
 * The table: action name → handler.
 * @param {App} app
 * @returns {Record<string, Handler>}
 */
export function actionTable(app) {
  // A double click runs these once: its second click has detail 2.
  const once = (fn) => (target, event) => {
    if (event.detail < 2) fn(target, event);
  };
  return {
    paste: () => app.openPaste(),
    'paste-cancel': () => app.closePaste(),
    example: once(() => app.addExamples()),
    remove: once((target) => app.remove(Number(target.dataset.id))),
    'remove-template': once((target) => app.removeTemplate(Number(target.dataset.id))),
    clear: () => app.clear(),
    retry: () => app.analyze(),
    cancel: () => app.cancel(),
    'cancel-compare': () => app.cancelCompare(),
    dismiss: () => app.dismiss(),
    'export-json': () => app.exportAs('json'),
    'export-csv': () => app.exportAs('csv'),
    'export-passages-csv': () => app.exportAs('passages-csv'),
    'export-dedup': () => app.exportAs('dedup'),
    'reset-options': () => app.resetOptions(),
    'explore-apply': () => app.exploreApply(),
    compare: (target) => app.compare(Number(target.dataset.cluster), Number(target.dataset.copy)),
  };
}

/**
 * Runs the table's handler for every click on an element with a
 * data-action inside `root`. `onDispatch(name)` hears of each (the tests'
 * log). An action missing from the table is a bug: it is reported, not
 * ignored.
 * @param {HTMLElement | Document} root
 * @param {Record<string, Handler>} table
 * @param {(name: string) => void} [onDispatch]
 */
export function listenForActions(root, table, onDispatch) {
  root.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target.closest('[data-action]') : null);
    if (!target) return;
    const name = target.dataset.action;
    const handler = Object.hasOwn(table, name) ? table[name] : null;
    if (!handler) {
      console.error(`no handler for the action "${name}"`);
      return;
    }
    onDispatch?.(name);
    handler(target, event);
  });
}
