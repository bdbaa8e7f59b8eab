// The page: documents in, views out. Analysis happens in the worker (see
// engine.js); this module only keeps the documents' bytes, asks the worker
// for reports, paragraph texts and diffs, and renders them as text.
import { Engine, Cancelled, EngineCrash } from './engine.js';
import { h, $, $$, clear, fmtInt, fmtBytes, download, displayName } from './dom.js';
import { EXAMPLES } from './examples.js';
import { collectDropped, collectPicked, readInput, setFolderExtensions } from './input.js';
import { renderSummary, renderDocTable, renderHeatmap } from './overview.js';
import { ClusterView } from './clusters.js';
import { DocumentView } from './document.js';
import { renderParagraphCompare, renderDocumentCompare } from './compare.js';

const STAGES = {
  reading: ['Reading files', 0, 25],
  matching: ['Matching paragraphs', 25, 90],
  clustering: ['Grouping copies', 90, 95],
  reporting: ['Writing the report', 95, 100],
};

// The largest total of input bytes the page accepts. The worker keeps every
// file in WebAssembly memory (at most 4 GiB) next to the analysis' own
// data, and the page keeps a copy to hand a fresh worker after a crash;
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

const state = {
  // Inputs, in order: {id, name, bytes}, or {id, name, error} for one the
  // browser could not read. Kept so a fresh worker needs no re-reading.
  // The id is stable: it names the document to the worker, whatever was
  // added or removed before it.
  docs: [],
  nextId: 1,
  // Bumped by every change of `docs`: an analysis of an older list is stale.
  listVersion: 0,
  origins: null, // {documents: [file per document], skipped: [file per skipped entry]}
  analyzed: null, // the ids of the files the shown report is about, in order
  options: null,
  defaults: null,
  report: null,
  texts: null, // texts[doc][para]
  index: null,
  run: 0,
  job: null, // AbortController of the running analysis
  compare: null, // AbortController of the running comparison
  debugDiffMs: 0, // the tests make a comparison slow (paradupDebug.slowDiff)
  view: 'overview',
};

const engine = new Engine({
  onProgress: showProgress,
  onCrash: (message) => {
    // The lost worker held the report: what was shown could no longer be
    // exported, so it goes too.
    dropResults();
    $('#progress').hidden = true;
    showMessage(`${message}. The analysis engine was restarted; your documents are still listed — change an option or press “Analyze again” to retry. If it ran out of memory: ${CLI_HINT}`, 'error', true);
    setStatus('error');
  },
});

function setStatus(status) {
  document.body.dataset.status = status;
  // While an analysis runs, the results shown are about to be replaced:
  // an export now would be of the new report (or of none, if cancelled).
  $('#results').setAttribute('aria-busy', String(status === 'working'));
  for (const button of $$('.exports button')) button.disabled = status === 'working';
}

// ---------------------------------------------------------------- messages

function showMessage(text, kind = 'error', retry = false) {
  const box = $('#message');
  box.className = `message ${kind}`;
  delete box.dataset.kind;
  const body = $('#message-text');
  body.textContent = text;
  if (retry && state.docs.length) {
    body.append(' ', h('button', { type: 'button', class: 'button small', 'data-action': 'retry', onclick: () => analyze() }, 'Analyze again'));
  }
  box.hidden = false;
}

function hideMessage() {
  $('#message').hidden = true;
}

// ---------------------------------------------------------------- progress

function showProgress(p) {
  const [label, from, to] = STAGES[p.stage] || [p.stage, 0, 100];
  const frac = p.total ? p.done / p.total : 0;
  const percent = Math.min(100, Math.round(from + (to - from) * frac));
  let text = label;
  if (p.stage === 'reading' && p.file) text = `Reading ${displayName(p.file)} (${p.done + 1} of ${p.total})`;
  else if (p.total) text = `${label}: ${fmtInt(p.done)} of ${fmtInt(p.total)}`;
  $('#progress-stage').textContent = text;
  $('#progress-percent').textContent = `${percent}%`;
  $('#progress-bar').value = percent;
  $('#progress').dataset.stage = p.stage;
}

// --------------------------------------------------------------- documents

// The size of a document or input: a file to read, bytes, or neither.
const sizeOf = (x) => x.file?.size ?? x.bytes?.length ?? 0;
const totalBytes = () => state.docs.reduce((n, d) => n + sizeOf(d), 0);

/**
 * Adds inputs ({name, file} to be read, or {name, bytes}, or {name, error})
 * in order, until the next one would take the total over MAX_TOTAL_BYTES:
 * from there on nothing more is added, and the page says so. Files added
 * before stay listed and are analyzed.
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
  const docs = [];
  for (const input of accepted) docs.push(await readInput(input));
  if (docs.length) {
    state.docs.push(...docs.map((d) => ({ id: state.nextId++, ...d })));
    listChanged();
    await analyze();
  }
  if (refused.length) showLimit(refused);
}

function showLimit(refused) {
  const size = refused.reduce((n, r) => n + sizeOf(r), 0);
  const first = displayName(refused[0].name);
  showMessage(
    `Stopped adding files: this page handles at most ${fmtBytes(limit)} of files in total (counted again once decompressed), and ${fmtInt(refused.length)} file${refused.length === 1 ? '' : 's'} (${fmtBytes(size)}, from “${first}” on) would go over it. ` +
      `The ${fmtInt(state.docs.length)} file${state.docs.length === 1 ? '' : 's'} already added stay listed and analyzed. ${CLI_HINT}`,
    'error',
  );
  $('#message').dataset.kind = 'limit';
  if (document.body.dataset.status !== 'working') setStatus(state.report ? 'done' : 'idle');
}

// Every change of the list goes through here (and is followed by an
// analysis or a reset).
function listChanged() {
  state.listVersion++;
  renderDocList();
}

function removeDoc(id) {
  const index = state.docs.findIndex((d) => d.id === id);
  if (index < 0) return; // already removed (a double click)
  state.docs.splice(index, 1);
  listChanged();
  if (state.docs.length) analyze();
  else resetResults();
}

function clearDocs() {
  state.docs = [];
  listChanged();
  resetResults();
}

function resetResults() {
  state.run++;
  abortWork();
  dropResults();
  $('#progress').hidden = true;
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

// Forgets the shown report (the worker holding it is gone, or it is about
// documents no longer listed) and hides the results.
function dropResults() {
  state.report = null;
  state.origins = null;
  state.analyzed = null;
  state.texts = null;
  state.index = null;
  $('#results').hidden = true;
  renderDocList();
}

// What became of each input in the last analysis, by document id: the
// documents it gave (a file gives one; records and archive entries give
// several) and the entries of it that were skipped, with their reasons.
// Files added since have no outcome yet.
function outcomes() {
  const { report, origins, analyzed } = state;
  if (!report || !origins || !analyzed || origins.documents.length !== report.documents.length) return null;
  const out = new Map(analyzed.map((id) => [id, { docs: [], skipped: [] }]));
  origins.documents.forEach((file, doc) => out.get(analyzed[file])?.docs.push(report.documents[doc]));
  origins.skipped.forEach((file, i) => out.get(analyzed[file])?.skipped.push(report.skipped[i]));
  return out;
}

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

function renderDocList() {
  const list = clear($('#doc-list'));
  const n = state.docs.length;
  $('#doc-count').textContent = n ? `${n} file${n === 1 ? '' : 's'}, ${fmtBytes(totalBytes())}` : '';
  $('#landing').hidden = n > 0;
  $('[data-action="clear"]').hidden = n === 0;
  document.body.classList.toggle('has-docs', n > 0);
  const outs = outcomes();
  // Long lists stay cheap: the first 200 entries, then a count.
  state.docs.slice(0, 200).forEach((d, i) => {
    list.append(
      h('li', { dataset: { index: i, id: d.id } },
        h('span', { class: 'doc-name', title: displayName(d.name) }, displayName(d.name)),
        h('span', { class: 'muted small' }, d.bytes ? fmtBytes(d.bytes.length) : ''),
        outs ? outcomeNode(outs.get(d.id)) : null,
        h('button', { type: 'button', class: 'icon-button', 'aria-label': `Remove ${displayName(d.name)}`, title: 'Remove', onclick: (e) => e.detail < 2 && removeDoc(d.id) }, '✕'),
      ),
    );
  });
  if (n > 200) list.append(h('li', { class: 'muted' }, `… and ${fmtInt(n - 200)} more`));
}

/** The skipped inputs of the last report, each with its reason. */
function renderSkipped(report) {
  const section = $('#skipped');
  const list = clear($('#skipped-list'));
  const skipped = report.skipped || [];
  section.hidden = skipped.length === 0;
  $('#skipped-count').textContent = fmtInt(skipped.length);
  const SHOWN = 1000;
  for (const s of skipped.slice(0, SHOWN)) {
    list.append(h('li', null, h('span', { class: 'skipped-name' }, displayName(s.name)), h('span', { class: 'skipped-reason muted' }, s.reason)));
  }
  if (skipped.length > SHOWN) list.append(h('li', { class: 'muted' }, `… and ${fmtInt(skipped.length - SHOWN)} more (all are in the JSON export)`));
}

// ---------------------------------------------------------------- analysis

const CANCELLED = 'Analysis cancelled, so no results are shown. Your documents are still listed; change an option or press “Analyze again” to analyze them.';

/**
 * Analyzes the listed documents with the current options. Whatever ran
 * before (an analysis, a comparison) is stopped: its results would be about
 * another list or other options. The result is shown only if nothing
 * changed meanwhile, and it records which documents it is about.
 */
async function analyze() {
  if (!state.docs.length) return;
  const run = ++state.run;
  abortWork();
  const job = new AbortController();
  state.job = job;
  const docs = state.docs.slice();
  const version = state.listVersion;
  hideMessage();
  setStatus('working');
  $('#progress').hidden = false;
  showProgress({ stage: 'reading', done: 0, total: docs.length });
  try {
    const { report, origins, texts } = await engine.analyze(docs, state.options ?? undefined, job.signal);
    if (run !== state.run) return;
    state.job = null;
    // Every change of the list starts a new run; this is a safety net.
    if (version !== state.listVersion) return analyze();
    $('#progress-stage').textContent = 'Preparing the views';
    // A comparison started meanwhile was about the report being replaced.
    state.compare?.abort();
    state.report = report;
    state.origins = origins;
    state.analyzed = docs.map((d) => d.id);
    state.texts = texts;
    state.index = buildIndex(report);
    renderResults();
    renderDocList();
    $('#progress').hidden = true;
    setStatus('done');
  } catch (e) {
    if (run !== state.run) return;
    state.job = null;
    $('#progress').hidden = true;
    if (e instanceof Cancelled) {
      showMessage(CANCELLED, 'info', true);
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
  state.run++;
  abortWork();
  dropResults();
  $('#progress').hidden = true;
  showMessage(CANCELLED, 'info', true);
  setStatus('idle');
}

// Lookups the views share: which cluster each paragraph belongs to.
function buildIndex(report) {
  const copyOf = new Map(); // "doc:para" → {cluster, copy}
  const originalOf = new Map(); // "doc:para" → cluster index
  const dupBytes = new Float64Array(report.documents.length);
  report.clusters.forEach((c, ci) => {
    originalOf.set(`${c.original.doc}:${c.original.para}`, ci);
    for (const copy of c.copies) {
      copyOf.set(`${copy.doc}:${copy.para}`, { cluster: ci, copy });
      const p = report.documents[copy.doc].paragraphs[copy.para];
      dupBytes[copy.doc] += p.end - p.start;
    }
  });
  const docStats = report.documents.map((d, i) => {
    const paraBytes = d.paragraphs.reduce((s, p) => s + (p.end - p.start), 0);
    return { index: i, name: d.name, bytes: d.bytes, paragraphs: d.paragraphs.length, encoding: d.encoding, dupBytes: dupBytes[i], share: paraBytes ? dupBytes[i] / paraBytes : 0, warnings: d.warnings };
  });
  return { copyOf, originalOf, docStats };
}

// ------------------------------------------------------------------- views

let clusterView = null;
let documentView = null;

const nav = {
  openDocument(doc, para) {
    selectView('document');
    documentView.show(doc, para);
  },
  async compareParagraphs(a, b, info) {
    const ta = state.texts[a.doc][a.para];
    const tb = state.texts[b.doc][b.para];
    const spans = await compareRun([[ta, tb]]);
    if (spans) renderParagraphCompare($('#compare'), state.report, a, b, spans[0], info, nav);
  },
  async compareDocuments(docA, docB) {
    const pairs = state.report.pairs.filter((p) => (p.a.doc === docA && p.b.doc === docB) || (p.a.doc === docB && p.b.doc === docA)).map((p) => (p.a.doc === docA ? p : { ...p, a: p.b, b: p.a }));
    const spans = await compareRun(pairs.map((p) => [state.texts[p.a.doc][p.a.para], state.texts[p.b.doc][p.b.para]]));
    if (spans) renderDocumentCompare($('#compare'), state.report, state.texts, docA, docB, pairs, spans, nav);
  },
};

/**
 * Diffs `pairs` on the diff worker, showing "Comparing…" with a Cancel
 * button meanwhile. Resolves the spans, or null when the comparison was
 * cancelled, replaced by another, failed, or its report is no longer shown.
 */
async function compareRun(pairs) {
  state.compare?.abort();
  const job = new AbortController();
  state.compare = job;
  const report = state.report;
  selectView('compare');
  clear($('#compare')).append(
    h('p', { class: 'muted', dataset: { compare: 'running' } }, 'Comparing… ',
      h('button', { type: 'button', class: 'button small', 'data-action': 'cancel-compare' }, 'Cancel')));
  try {
    const spans = await engine.diff(pairs, job.signal, state.debugDiffMs ? { debugBlockMs: state.debugDiffMs } : {});
    if (state.compare !== job) return null;
    state.compare = null;
    return state.report === report ? spans : null;
  } catch (e) {
    if (state.compare !== job) return null;
    state.compare = null;
    if (state.report !== report) return null;
    const cancelled = e instanceof Cancelled;
    clear($('#compare')).append(h('p', { class: 'muted', dataset: { compare: cancelled ? 'cancelled' : 'failed' } },
      cancelled ? 'Comparison cancelled. Choose “Compare” again to restart it.' : `Could not compare: ${e.message}`));
    return null;
  }
}

function cancelCompare() {
  state.compare?.abort();
}

function renderResults() {
  const { report, index, texts } = state;
  $('#results').hidden = false;
  renderSummary($('#summary'), report);
  renderSkipped(report);
  renderDocTable($('#doc-table'), index.docStats, nav);
  renderHeatmap($('#heatmap'), report, index.docStats, nav);
  if (!clusterView) clusterView = new ClusterView($('#cluster-list'), nav);
  clusterView.setData(report, texts);
  if (!documentView) documentView = new DocumentView($('#doc-view'), $('#doc-select'), nav);
  documentView.setData(report, texts, index);
  clear($('#compare')).append(h('p', { class: 'muted' }, 'Choose “Compare” on a cluster or select a cell of the overlap map to see two texts side by side, with the words that differ highlighted.'));
  if (state.view === 'compare') selectView('overview');
  else selectView(state.view);
}

function selectView(name) {
  state.view = name;
  for (const tab of $$('[role="tab"]')) {
    const on = tab.dataset.view === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`#${tab.getAttribute('aria-controls')}`).hidden = !on;
  }
  if (name === 'clusters' && clusterView) clusterView.refresh();
  if (name === 'document' && documentView) documentView.refresh();
}

// ----------------------------------------------------------------- exports

// JSON and CSV come from the worker in pieces (Uint8Arrays) joined into a
// Blob, so an export larger than the longest string a browser can make
// (about 512 MB in Chromium) is still complete.
async function exportAs(kind) {
  if (!state.report) return;
  try {
    if (kind === 'json') download('paradup-report.json', await engine.request('json', { chunk: exportChunk }), 'application/json');
    else if (kind === 'csv') download('paradup-pairs.csv', await engine.request('csv', { chunk: exportChunk }), 'text/csv');
    else if (kind === 'dedup') download('paradup-deduplicated.zip', await engine.request('dedup', { kinds: ['exact', 'near'] }), 'application/zip');
  } catch (e) {
    if (e instanceof EngineCrash) showMessage(`Export failed: ${e.message}. The analysis engine was restarted. ${CLI_HINT}`, 'error', true);
    else if (!(e instanceof Cancelled)) showMessage(`Export failed: ${e.message}`);
  }
}

// ----------------------------------------------------------------- options

const NUMERIC = ['min_words', 'shingle_words', 'near_threshold', 'contained_threshold', 'boilerplate_documents'];

function fillOptions(o) {
  const form = $('#options');
  form.segmentation.value = o.segmentation;
  for (const k of NUMERIC) form[k].value = o[k];
  form.skip_datelines.checked = o.skip_datelines;
}

function readOptions() {
  const form = $('#options');
  const o = { segmentation: form.segmentation.value, skip_datelines: form.skip_datelines.checked };
  for (const k of NUMERIC) {
    const raw = form[k].value.trim();
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v)) throw new Error(`invalid option ${k}: enter a number`);
    if (['min_words', 'shingle_words', 'boilerplate_documents'].includes(k) && !Number.isInteger(v)) throw new Error(`invalid option ${k}: must be a whole number`);
    if (v < 0) throw new Error(`invalid option ${k}: must not be negative`);
    o[k] = v;
  }
  return o;
}

let optionsTimer = 0;
function optionsChanged() {
  clearTimeout(optionsTimer);
  optionsTimer = setTimeout(() => {
    let options;
    try {
      options = readOptions();
    } catch (e) {
      state.optionsInvalid = true;
      showMessage(e.message);
      setStatus('error');
      return;
    }
    // A `change` event also fires when a field loses focus (say, to the
    // Cancel button): unchanged options start nothing, unless they end an
    // invalid entry.
    const same = JSON.stringify(options) === JSON.stringify(state.options);
    const wasInvalid = state.optionsInvalid;
    state.optionsInvalid = false;
    state.options = options;
    if (!same || wasInvalid) analyze();
  }, 250);
}

// ------------------------------------------------------------------- input

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
  const dialog = $('#paste-dialog');
  $('#paste-form').addEventListener('submit', (e) => {
    const name = $('#paste-name').value.trim() || 'pasted.txt';
    const text = $('#paste-text').value;
    if (!text.trim()) {
      e.preventDefault();
      $('#paste-text').focus();
      return;
    }
    addInputs([{ name, bytes: new TextEncoder().encode(text) }]);
    $('#paste-text').value = '';
  });
  document.addEventListener('click', (e) => {
    const target = e.target.closest('[data-action]');
    if (!target) return;
    const action = target.dataset.action;
    if (action === 'paste') {
      const n = state.docs.filter((d) => d.name.startsWith('pasted')).length + 1;
      $('#paste-name').value = `pasted-${n}.txt`;
      dialog.showModal();
      $('#paste-text').focus();
    } else if (action === 'paste-cancel') dialog.close();
    // A double click adds the example corpus once.
    else if (action === 'example') e.detail < 2 && addInputs(EXAMPLES.map(([name, text]) => ({ name, bytes: new TextEncoder().encode(text) })));
    else if (action === 'clear') clearDocs();
    else if (action === 'cancel') cancel();
    else if (action === 'cancel-compare') cancelCompare();
    else if (action === 'dismiss') hideMessage();
    else if (action === 'export-json') exportAs('json');
    else if (action === 'export-csv') exportAs('csv');
    else if (action === 'export-dedup') exportAs('dedup');
    else if (action === 'reset-options') {
      fillOptions(state.defaults);
      optionsChanged();
    }
  });
  $('#options').addEventListener('input', optionsChanged);
  $('#options').addEventListener('change', optionsChanged);
  $('#options').addEventListener('submit', (e) => e.preventDefault());
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (document.body.dataset.status === 'working') cancel();
    else if (state.compare) cancelCompare();
  });
  // Tabs: arrow keys move between them (WAI-ARIA tabs pattern).
  const tabs = $$('[role="tab"]');
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectView(tab.dataset.view));
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      let j = -1;
      if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
      else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
      else if (e.key === 'Home') j = 0;
      else if (e.key === 'End') j = tabs.length - 1;
      if (j >= 0) {
        e.preventDefault();
        tabs[j].focus();
        selectView(tabs[j].dataset.view);
      }
    });
  }
}

// A hook for the end-to-end tests only: make the worker crash on purpose.
window.paradupDebug = {
  // The page's limit, on files as added and on the batch decompressed
  // (sent with every analysis, so a fresh worker has it too).
  setLimit: (bytes) => {
    limit = bytes;
    engine.budget = bytes;
  },
  setExportChunk: (bytes) => {
    exportChunk = bytes;
  },
  crash: (how = 'panic') => engine.request('crash', { how }).catch((e) => e.message),
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
};

async function main() {
  setupInput();
  renderDocList();
  try {
    const info = await engine.ready;
    state.defaults = info.options;
    state.options = { ...info.options };
    setFolderExtensions(info.folderExtensions);
    $('#limit-size').textContent = `${Math.round(MAX_TOTAL_BYTES / 1048576)} MB`;
    fillOptions(info.options);
    $('#version').textContent = info.version;
    document.body.classList.add('engine-ready');
  } catch (e) {
    showMessage(`The analysis engine could not start: ${e.message}. Serve this folder over http (scripts/serve) or open the single-file build.`);
    setStatus('error');
  }
}

main();
