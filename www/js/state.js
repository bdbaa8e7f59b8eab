// The app's state, in one place, and the transitions that change it. No
// DOM here: app.js calls a transition, then renders what changed.
//
// Two facts are guarded by counters:
//   listVersion  bumped by every change of the document list: an analysis
//                of an older list is stale;
//   run          bumped by every analysis started (and by Cancel or a
//                reset): a result of an older run is dropped.

/** @typedef {import('./types.js').Doc} Doc */
/** @typedef {import('./types.js').Options} Options */
/** @typedef {import('./types.js').Report} Report */
/** @typedef {import('./types.js').Origins} Origins */
/** @typedef {import('./types.js').DocumentStats} DocumentStats */
/** @typedef {import('./types.js').ClusterCopy} ClusterCopy */
/** @typedef {import('./texts.js').TextStore} TextStore */

/**
 * A row of the documents table and of the document picker: the report's
 * document with the core's figures (src/stats.rs) and the duplicated share
 * they give.
 * @typedef {object} DocRow
 * @property {number} index
 * @property {string} name
 * @property {number} bytes
 * @property {string} encoding
 * @property {string[]} warnings
 * @property {number} paragraphs
 * @property {number} dupBytes
 * @property {number} share
 */

/**
 * Lookups the views share: which cluster each paragraph belongs to.
 * @typedef {object} ReportIndex
 * @property {Map<string, {cluster: number, copy: ClusterCopy, index: number}>} copyOf  "doc:para" → its cluster, as a copy
 * @property {Map<string, number>} originalOf  "doc:para" → the cluster it is the original of
 * @property {DocRow[]} docStats
 */

/**
 * The results shown: one analysis' report and what goes with it. Replaced
 * whole, never edited, so a view can tell whether what it fetched is still
 * about the results on screen (`state.results === results`).
 * @typedef {object} Results
 * @property {number} run          the run that produced it (the worker knows it by this number)
 * @property {Report} report
 * @property {Origins} origins
 * @property {number[]} analyzed   ids of the files it is about, in order
 * @property {ReportIndex} index
 * @property {TextStore} texts     paragraph texts fetched for this report
 */

export const state = {
  /**
   * Inputs, in order. Kept so a fresh worker needs no re-reading.
   * @type {Doc[]}
   */
  docs: [],
  nextId: 1,
  listVersion: 0,
  /** @type {Options | null} the options of the next analysis, as the core completed them */
  options: null,
  /** @type {Options | null} */
  defaults: null,
  /** Whether the form holds options the core refused. */
  optionsInvalid: false,
  /** @type {Results | null} */
  results: null,
  run: 0,
  /** @type {AbortController | null} the running analysis */
  job: null,
  /** @type {AbortController | null} the running comparison */
  compare: null,
  /** The tests make a comparison slow (paradupDebug.slowDiff). */
  debugDiffMs: 0,
  /** @type {'overview' | 'clusters' | 'passages' | 'document' | 'compare'} */
  view: 'overview',
};

/** The size of a document or input: a file to read, bytes, or neither. */
export const sizeOf = (x) => x.file?.size ?? x.bytes?.length ?? 0;
export const totalBytes = () => state.docs.reduce((n, d) => n + sizeOf(d), 0);

/**
 * Appends read inputs ({name, bytes} or {name, error}) to the list, each
 * with a new stable id.
 * @param {Omit<Doc, 'id'>[]} docs
 */
export function addDocs(docs) {
  state.docs.push(...docs.map((d) => ({ id: state.nextId++, ...d })));
  state.listVersion++;
}

/** Removes the document `id`; false if it is not listed (a double click). */
export function removeDoc(id) {
  const index = state.docs.findIndex((d) => d.id === id);
  if (index < 0) return false;
  state.docs.splice(index, 1);
  state.listVersion++;
  return true;
}

export function clearDocs() {
  state.docs = [];
  state.listVersion++;
}

/** Starts a new run: whatever an older run resolves is dropped. */
export function nextRun() {
  return ++state.run;
}

/**
 * The results of run `run` become the results shown; the texts fetched for
 * the results before are dropped with them.
 * @param {number} run
 * @param {{report: Report, origins: Origins, stats: DocumentStats[]}} analysis
 * @param {number[]} analyzed
 * @param {TextStore} texts
 */
export function setResults(run, { report, origins, stats }, analyzed, texts) {
  state.results = { run, report, origins, analyzed, index: indexReport(report, stats), texts };
  return state.results;
}

/** Forgets the results shown (the worker holding them is gone, or they are about another list). */
export function dropResults() {
  state.results = null;
}

/**
 * @param {Report} report
 * @param {DocumentStats[]} stats  the core's figures, one per document
 * @returns {ReportIndex}
 */
export function indexReport(report, stats) {
  // The maps are made when first asked for (the document view): a large
  // report has tens of thousands of clusters, and most analyses never
  // open that view.
  let maps = null;
  const made = () => {
    if (maps) return maps;
    const copyOf = new Map();
    const originalOf = new Map();
    report.clusters.forEach((c, ci) => {
      originalOf.set(`${c.original.doc}:${c.original.para}`, ci);
      c.copies.forEach((copy, index) => copyOf.set(`${copy.doc}:${copy.para}`, { cluster: ci, copy, index }));
    });
    maps = { copyOf, originalOf };
    return maps;
  };
  const docStats = report.documents.map((d, i) => {
    const s = stats[i];
    return {
      index: i, name: d.name, role: d.role, bytes: d.bytes, encoding: d.encoding, warnings: d.warnings,
      paragraphs: s.paragraphs, dupBytes: s.duplicated_bytes,
      share: s.paragraph_bytes ? s.duplicated_bytes / s.paragraph_bytes : 0,
    };
  });
  return {
    get copyOf() {
      return made().copyOf;
    },
    get originalOf() {
      return made().originalOf;
    },
    docStats,
  };
}
