// The page: documents in, views out. This module wires the parts together
// and runs the page's work: adding and removing documents, analyzing them
// (in a worker, engine.js), cancelling, exporting, and re-running when the
// options change. Where the rest lives:
//   state.js    the app state and its transitions
//   actions.js  the action table (every data-action button)
//   options.js  the options form (checked by the core, in a worker)
//   status.js   status, progress and messages
//   doclist.js  the list of documents and their outcomes
//   views.js    the results' views (overview, clusters, document, compare)
//   texts.js    paragraph texts, fetched when a view needs them
//   types.js    the report and the worker messages, as JSDoc types
import { Engine, Cancelled, EngineCrash } from './engine.js';
import { $, fmtInt, fmtBytes, download, displayName } from './dom.js';
import { EXAMPLES } from './examples.js';
import { collectDropped, collectPicked, listInput, readInput, setFolderExtensions } from './input.js';
import { state, sizeOf, totalBytes, addDocs, removeDoc, clearDocs, nextRun, setResults, dropResults } from './state.js';
import { actionTable, listenForActions } from './actions.js';
import { fillOptions, readOptions, sameOptions, markInvalid } from './options.js';
import { setStatus, status, showMessage, hideMessage, showProgress, showProgressText, hideProgress } from './status.js';
import { renderDocList } from './doclist.js';
import { Views } from './views.js';
import { TextStore } from './texts.js';
import { keepRequest, mountKeepControl } from './keep.js';
import { addTemplates, removeTemplate, renderTemplates, templatesToSend } from './templates.js';
import { setupReferences, referencesToSend } from './references.js';
import { mountExplorer } from './explorer.js';

// The largest total of input bytes the page accepts. The worker keeps every
// file in WebAssembly memory (at most 4 GiB) next to the analysis' own
// data (the page keeps the files' handles, to hand a fresh worker after a
// crash);
// beyond this the page stops adding files, keeps those it has, and points
// to the command line. See docs/browser.md (limits) and docs/benchmarks.md
// (measured figures).
// The same limit holds once decompressed, over the whole batch: the worker
// (Corpus.budget, DEFAULT_BUDGET in src/wasm.rs) counts plain files and the
// entries archives give, and skips, with the reason, whatever does not fit.
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
let limit = MAX_TOTAL_BYTES; // the tests lower it (paradupDebug.setLimit)
let exportChunk; // bytes per export piece; the tests lower it (paradupDebug.setExportChunk)

const CLI_HINT = 'For a corpus this large, use the command line, which has no such limit and writes the same report: paradup analyze --format json FILES…';
const CANCELLED = 'Analysis cancelled, so no results are shown. Your documents are still listed; change an option or press “Analyze again” to analyze them.';

const engine = new Engine({
  onProgress: showProgress,
  onCrash: (message) => {
    // The lost worker held the report: what was shown could no longer be
    // exported, so it goes too.
    forgetResults();
    hideProgress();
    showMessage(`${message}. The analysis engine was restarted; your documents are still listed — change an option or press “Analyze again” to retry. If it ran out of memory: ${CLI_HINT}`, 'error', hasDocs());
    setStatus('error');
  },
});
const views = new Views(engine);
const hasDocs = () => state.docs.length > 0;

// --------------------------------------------------------------- documents

/**
 * Adds inputs ({name, file} to be read by the workers, or {name, bytes}, or {name, error})
 * in order, until the next one would take the total over the limit: from
 * there on nothing more is added, and the page says so. Files added before
 * stay listed and are analyzed.
 */
async function addInputs(inputs) {
  inputs = inputs.filter(Boolean);
  if (!inputs.length) return;
  hideMessage();
  let total = totalBytes();
  const accepted = [];
  let refused = [];
  for (let i = 0; i < inputs.length; i++) {
    const size = sizeOf(inputs[i]);
    if (total + size > limit) {
      refused = inputs.slice(i);
      break;
    }
    total += size;
    accepted.push(inputs[i]);
  }
  // Listed as handles: the workers read the files (engine.js).
  const docs = accepted.map(listInput);
  if (docs.length) {
    addDocs(docs);
    renderDocList();
    await analyze();
  }
  if (refused.length) showLimit(refused);
}

function showLimit(refused) {
  const size = refused.reduce((n, r) => n + sizeOf(r), 0);
  const first = displayName(refused[0].name);
  const n = state.docs.length;
  showMessage(
    `Stopped adding files: this page handles at most ${fmtBytes(limit)} of files in total (counted again once decompressed), and ${fmtInt(refused.length)} file${refused.length === 1 ? '' : 's'} (${fmtBytes(size)}, from “${first}” on) would go over it. ` +
      `The ${fmtInt(n)} file${n === 1 ? '' : 's'} already added stay listed and analyzed. ${CLI_HINT}`,
    'error',
  );
  $('#message').dataset.kind = 'limit';
  if (status() !== 'working') setStatus(state.results ? 'done' : 'idle');
}

// Templates to ignore (templates.js): any change re-runs the analysis.
async function addTemplateInputs(inputs) {
  const read = [];
  for (const input of inputs.filter(Boolean)) read.push(await readInput(input));
  if (!read.length) return;
  addTemplates(read);
  renderTemplates();
  if (hasDocs()) await analyze();
}

function dropTemplate(id) {
  if (!removeTemplate(id)) return;
  renderTemplates();
  if (hasDocs()) analyze();
}

function remove(id) {
  if (!removeDoc(id)) return; // already removed (a double click)
  renderDocList();
  if (hasDocs()) analyze();
  else resetResults();
}

function clear() {
  clearDocs();
  renderDocList();
  resetResults();
}

function resetResults() {
  nextRun();
  abortWork();
  forgetResults();
  hideProgress();
  setStatus('idle');
  // The worker lets go of the removed files' bytes.
  engine.forget([]).catch(() => {});
}

// Stops the running analysis and comparison, if any.
function abortWork() {
  state.job?.abort();
  state.job = null;
  state.compare?.abort();
}

// Forgets the shown results (the worker holding them is gone, or they are
// about documents no longer listed) and hides them.
function forgetResults() {
  dropResults();
  views.hide();
  explorer.reset(null);
  renderDocList();
}

// ---------------------------------------------------------------- analysis

/**
 * Analyzes the listed documents with the current options. Whatever ran
 * before (an analysis, a comparison) is stopped: its results would be about
 * another list or other options. The result is shown only if nothing
 * changed meanwhile, and it records which documents it is about.
 */
async function analyze() {
  if (!hasDocs()) return;
  const run = nextRun();
  abortWork();
  const job = new AbortController();
  state.job = job;
  const docs = state.docs.slice();
  const version = state.listVersion;
  hideMessage();
  setStatus('working');
  showProgress({ stage: 'reading', done: 0, total: docs.length });
  try {
    const shown = state.results && { run: state.results.run, documents: state.results.report.documents };
    const analysis = await engine.analyze(docs, state.options ?? undefined, job.signal, run, templatesToSend(), referencesToSend(), shown);
    if (run !== state.run) return;
    showProgressText('Preparing the views');
    // Drawing the views is a long task on a large report: let the page
    // answer (and show the line above) between receiving it and drawing.
    // Cancel still works meanwhile (the job is still the running one).
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (run !== state.run) return;
    state.job = null;
    // Every change of the list starts a new run; this is a safety net.
    if (version !== state.listVersion) return analyze();
    // A comparison started meanwhile was about the results being replaced.
    state.compare?.abort();
    // The texts of the results before go with them: a new, empty store.
    const results = setResults(run, analysis, docs.map((d) => d.id), new TextStore(engine.texts(run)));
    views.show(results);
    explorer.reset(run);
    renderDocList();
    hideProgress();
    setStatus('done');
  } catch (e) {
    if (run !== state.run) return;
    state.job = null;
    hideProgress();
    if (e instanceof Cancelled) {
      showMessage(CANCELLED, 'info', hasDocs());
      setStatus('idle');
    } else if (e instanceof EngineCrash) {
      setStatus('error'); // onCrash has shown the message
    } else {
      showMessage(e.message);
      setStatus('error');
    }
  }
}

/**
 * Cancel: the worker is terminated, and the report it held with it, so the
 * results shown before go too (they could not be exported any more, and
 * were about another list or other options anyway).
 */
function cancel() {
  if (!state.job) return;
  nextRun();
  abortWork();
  forgetResults();
  hideProgress();
  showMessage(CANCELLED, 'info', hasDocs());
  setStatus('idle');
}

// ----------------------------------------------------------------- exports

// JSON and CSV come from the worker in pieces (Uint8Arrays) joined into a
// Blob, so an export larger than the longest string a browser can make
// (about 512 MB in Chromium) is still complete.
// The passages CSV is the CLI's `--format csv --rows passages`.
async function exportAs(kind) {
  if (!state.results) return;
  try {
    if (kind === 'json') download('paradup-report.json', await engine.request('json', { chunk: exportChunk }), 'application/json');
    else if (kind === 'csv') download('paradup-pairs.csv', await engine.request('csv', { chunk: exportChunk }), 'text/csv');
    else if (kind === 'passages-csv') download('paradup-passages.csv', await engine.request('csv', { chunk: exportChunk, rows: 'passages' }), 'text/csv');
    else if (kind === 'dedup') download('paradup-deduplicated.zip', await engine.request('dedup', { kinds: ['exact', 'near'], keep: keepRequest(state.results.analyzed, state.docs) }), 'application/zip');
  } catch (e) {
    if (e instanceof EngineCrash) showMessage(`Export failed: ${e.message}. The analysis engine was restarted. ${CLI_HINT}`, 'error', hasDocs());
    else if (!(e instanceof Cancelled)) showMessage(`Export failed: ${e.message}`);
  }
}

// ----------------------------------------------------------------- options

const form = /** @type {HTMLFormElement} */ ($('#options'));
let optionsTimer = 0;
let optionsTicket = 0;

// Options are read from the form and checked by the core (in a worker);
// only options it accepts are analyzed with. A refusal is shown in the
// core's words and leaves the results shown as they were.
function optionsChanged() {
  clearTimeout(optionsTimer);
  optionsTimer = setTimeout(async () => {
    const raw = readOptions(form);
    // A `change` event also fires when a field loses focus (say, to the
    // Cancel button): unchanged options start nothing, unless they end an
    // invalid entry.
    if (!state.optionsInvalid && sameOptions(raw, state.options)) return;
    const ticket = ++optionsTicket;
    // The check runs on the diff worker; a comparison running there is
    // about results that new options replace.
    state.compare?.abort();
    let checked;
    try {
      checked = await engine.checkOptions(raw);
    } catch (e) {
      if (ticket === optionsTicket && !(e instanceof Cancelled)) {
        showMessage(`The options could not be checked: ${e.message}`);
        setStatus('error');
      }
      return;
    }
    if (ticket !== optionsTicket) return; // a later change is being checked
    if (checked.error) {
      state.optionsInvalid = true;
      markInvalid(form, checked.field);
      showMessage(checked.error);
      setStatus('error');
      return;
    }
    markInvalid(form, null);
    const same = sameOptions(checked.options, state.options);
    const wasInvalid = state.optionsInvalid;
    state.optionsInvalid = false;
    state.options = checked.options;
    if (!same || wasInvalid) analyze();
  }, 250);
}

// ------------------------------------------------------------------- input

const encode = (text) => new TextEncoder().encode(text);

function setupInput() {
  let depth = 0;
  const overlay = $('#drop-overlay');
  const isFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!isFiles(e)) return;
    e.preventDefault();
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  document.addEventListener('dragover', (e) => {
    if (!isFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', async (e) => {
    if (!e.dataTransfer) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    try {
      await engine.ready.catch(() => {});
      await addInputs(await collectDropped(e.dataTransfer));
    } catch (err) {
      showMessage(`Could not read the dropped items: ${err.message}`);
    }
  });
  // Drops on the template zone add templates, not documents.
  const zone = $('#template-drop');
  zone.addEventListener('dragover', (e) => {
    if (!isFiles(e)) return;
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (e) => {
    if (!e.dataTransfer) return;
    e.preventDefault();
    e.stopPropagation();
    depth = 0;
    overlay.hidden = true;
    zone.classList.remove('over');
    try {
      await engine.ready.catch(() => {});
      await addTemplateInputs(await collectDropped(e.dataTransfer));
    } catch (err) {
      showMessage(`Could not read the dropped templates: ${err.message}`);
    }
  });
  $('#template-input').addEventListener('change', async (e) => {
    const input = /** @type {HTMLInputElement} */ (e.target);
    const files = [...input.files];
    input.value = '';
    await engine.ready.catch(() => {});
    await addTemplateInputs(collectPicked(files, false));
  });
  for (const id of ['#file-input', '#folder-input']) {
    const input = $(id);
    input.addEventListener('change', async () => {
      const folder = id === '#folder-input';
      const files = [...input.files];
      input.value = '';
      try {
        await engine.ready.catch(() => {});
        await addInputs(collectPicked(files, folder));
      } catch (err) {
        showMessage(`Could not read the files: ${err.message}`);
      }
    });
  }
  $('#paste-form').addEventListener('submit', (e) => {
    const name = $('#paste-name').value.trim() || 'pasted.txt';
    const text = $('#paste-text').value;
    if (!text.trim()) {
      e.preventDefault();
      $('#paste-text').focus();
      return;
    }
    addInputs([{ name, bytes: encode(text) }]);
    $('#paste-text').value = '';
  });
  form.addEventListener('input', optionsChanged);
  form.addEventListener('change', optionsChanged);
  form.addEventListener('submit', (e) => e.preventDefault());
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (status() === 'working') cancel();
    else if (state.compare) views.cancelCompare();
  });
}

// ----------------------------------------------------------------- actions

const actions = actionTable({
  openPaste() {
    const n = state.docs.filter((d) => d.name.startsWith('pasted')).length + 1;
    $('#paste-name').value = `pasted-${n}.txt`;
    $('#paste-dialog').showModal();
    $('#paste-text').focus();
  },
  closePaste: () => $('#paste-dialog').close(),
  addExamples: () => addInputs(EXAMPLES.map(([name, text]) => ({ name, bytes: encode(text) }))),
  remove,
  removeTemplate: dropTemplate,
  clear,
  analyze,
  cancel,
  cancelCompare: () => views.cancelCompare(),
  dismiss: hideMessage,
  exportAs,
  resetOptions() {
    fillOptions(form, state.defaults);
    optionsChanged();
  },
  compare: (cluster, copy) => views.compareCopy(cluster, copy),
  exploreApply: () => explorer.apply(),
});
const dispatched = []; // every action run, for the tests (paradupDebug.dispatched)
listenForActions(document, actions, (name) => dispatched.push(name));
mountKeepControl();

// The threshold explorer asks the main worker, in turn with the other jobs;
// its counts are for the options of the report shown (its settings), not
// the form's; "Apply" sets the option in the form, which analyzes as any
// change does.
const explorer = mountExplorer({
  request: (type, payload, signal) => engine.request(type, payload, signal),
  options: () => state.results?.report.settings ?? null,
  apply: (field, value) => {
    form[field].value = String(value);
    optionsChanged();
  },
});

// Hooks for the end-to-end tests only.
window.paradupDebug = {
  // How many files the last analysis read (the others were kept).
  filesRead: () => engine.lastRead,
  // What the last report's crossing to the page held: its JSON's bytes and
  // the numbers of its paragraph table (engine.js), each null if none.
  crossed: () => engine.lastCrossed ?? null,
  // The page's limit, on files as added and on the batch decompressed
  // (sent with every analysis, so a fresh worker has it too).
  setLimit: (bytes) => {
    limit = bytes;
    engine.budget = bytes;
  },
  setExportChunk: (bytes) => {
    exportChunk = bytes;
  },
  // Make the worker crash on purpose.
  crash: (how = 'panic') => engine.request('crash', { how }).catch((e) => e.message),
  // The number of prepare workers (engine.js, prepareWorkers): sets it
  // (0: the main worker prepares) and resolves how many are loaded.
  setWorkers: (n) => engine.setWorkers(n),
  workers: () => engine.preparers.filter((h) => !h.dead).length,
  // The options analyses use now (checked by the core), or null.
  options: () => state.options,
  // Each worker's WebAssembly memory in bytes, [[role, bytes], …].
  memories: () => engine.memories(),
  // The bytes of listed documents the page itself holds (picked and
  // dropped files are kept as handles: only pasted text and the examples).
  heldBytes: () => state.docs.reduce((n, d) => n + (d.bytes?.length ?? 0), 0),
  // The next request sent to a prepare worker (up to four files) makes
  // it panic.
  crashPreparer: () => {
    engine.debugPrepare = 'panic';
  },
  // The main worker dies at once, whatever it is doing (as if it crashed
  // in the middle of an analysis).
  killWorker: () => engine.main.fatal('the analysis worker failed: killed by the test'),
  // Makes every comparison block the diff worker for `ms` first.
  slowDiff: (ms) => {
    state.debugDiffMs = ms;
  },
  // Holds back (true) or lets the engine load (false) a new spare worker;
  // resolves whether a spare is loaded.
  holdSpares: (on) => {
    engine.holdSpares(on);
    return engine.spareReady();
  },
  // The requests for paragraph texts made for the results shown
  // ({docs, paragraphs}, texts.js), or null when none are shown.
  textRequests: () => state.results?.texts.log.map((r) => ({ ...r })) ?? null,
  // The run number of the results shown, and a text request made as for
  // run `run`'s results (resolves the texts or the error's message).
  resultsRun: () => state.results?.run ?? null,
  fetchTexts: (run, docs) => engine.texts(run)('texts', { docs }).catch((e) => e.message),
  // The report the page shows, as JSON (its documents partly kept from
  // the report before: engine.js), to compare with the export.
  shownReport: () => JSON.stringify(state.results?.report ?? null),
  // The names in the action table, and the actions run so far.
  actions: () => Object.keys(actions),
  dispatched: () => dispatched.slice(),
};

async function main() {
  setupInput();
  renderDocList();
  renderTemplates();
  // Reference documents (references.js): any change re-runs the analysis.
  setupReferences({
    read: async (inputs) => { const out = []; for (const i of inputs) out.push(await readInput(i)); return out; },
    collectDropped, collectPicked,
    changed: () => { if (hasDocs()) analyze(); },
    failed: (message) => showMessage(message),
  });
  try {
    const info = await engine.ready;
    state.defaults = info.options;
    state.options = { ...info.options };
    setFolderExtensions(info.folderExtensions);
    $('#limit-size').textContent = `${Math.round(MAX_TOTAL_BYTES / 1048576)} MB`;
    fillOptions(form, info.options);
    $('#version').textContent = info.version;
    document.body.classList.add('engine-ready');
  } catch (e) {
    showMessage(`The analysis engine could not start: ${e.message}. Serve this folder over http (scripts/serve) or open the single-file build.`);
    setStatus('error');
  }
}

main();
