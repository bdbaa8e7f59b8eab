// The analysis worker (a module Web Worker). It owns the WebAssembly
// instance and a Corpus (the files' bytes), so the main thread never runs
// analysis and changing options never re-reads files. The core reads every
// file (text, Markdown, HTML, docx, records, archives): one file can give
// several documents, or none (skipped, with its reason, in the report).
//
// Messages in:  {type, id, ...}: init, sync, checkOptions, begin, analyze, prepare, texts,
//               scores, preview, lengthExamples, paragraphs, marks, passageTexts, diff, json, csv, dedup, crash (a debug hook
//               for tests); types.js describes each (WorkerRequest).
//               and {type: 'prepared', run, doc, bytes} (no reply).
// Messages out: {type: 'progress'|'result'|'error', id, ...} (WorkerReply).
// An error with `fatal: true` means the instance is unusable (a panic or
// out-of-memory trap): the page terminates this worker and uses another.
import init, * as paradup from '../pkg/paradup.js';

let corpus = null;
// The instance's exports (its memory: paradupDebug.memories).
let exports = null;
// The page's id of each file in the corpus, in corpus order.
let ids = [];
// The page's number of the analysis whose report the corpus holds (null
// when it holds none): texts are served only for that report, so a request
// about results the page has since replaced cannot get another report's
// texts.
let analyzedRun = null;

// The files listed but not read yet (added by addLater): doc id -> File.
// Each is read once, when an analysis reaches it: by a prepare worker,
// which hands the bytes on with what it made of them, or here.
const later = new Map();

// An analysis begun (begin): the first file it reads, else null.
let begun = null;
// Prepared files posted for the analysis under way (its run) by the
// prepare workers (over the ports the page gives, see 'port') or by the
// page: doc id -> {bytes, raw} (either may be null), who waits for which,
// and which came already (a second message for a file is dropped).
let expected = null;
const inbox = new Map();
const waiting = new Map();
const delivered = new Set();
// The ports from the prepare workers of the analysis under way.
let ports = [];

function take(id) {
  if (inbox.has(id)) {
    const value = inbox.get(id);
    inbox.delete(id);
    return value;
  }
  return new Promise((resolve) => waiting.set(id, resolve));
}

function deliver(msg) {
  // A file prepared for an analysis since replaced is dropped.
  if (begun === null || msg.run !== expected || delivered.has(msg.doc)) return;
  delivered.add(msg.doc);
  const resolve = waiting.get(msg.doc);
  if (resolve) {
    waiting.delete(msg.doc);
    resolve(msg);
  } else inbox.set(msg.doc, msg);
}

function endAnalysis() {
  begun = null;
  inbox.clear();
  waiting.clear();
  delivered.clear();
  for (const port of ports) port.close();
  ports = [];
}

// The longest report sent as JSON, in bytes (see analyze).
const JSON_MAX = 2 ** 28;
// The run whose report was last sent to the page (see analyze).
let sentRun = null;

const post = (message, transfer) => self.postMessage(message, transfer || []);

// The wall-clock time (ms since the epoch, comparable with the page's) of
// each step of the request being handled, sent back beside its result: the
// measure script (tests/e2e/measure.mjs) shows where the time goes.
let steps = null;
const now = () => performance.timeOrigin + performance.now();
const step = (name) => {
  if (!steps) return;
  steps[name] = now();
  // And the WebAssembly memory then (it never shrinks: the most so far).
  steps.memory = { ...steps.memory, [name]: exports.memory.buffer.byteLength };
};

// Progress is throttled: at most one message per PROGRESS_MS, plus every
// change of stage and the end of one, so a huge corpus does not flood the
// page (which draws it at most as often: status.js). Not at every file: a
// message per file was a message a millisecond or two on the page's thread.
const PROGRESS_MS = 100;
function progressReporter(id) {
  let last = 0;
  let lastStage = '';
  return (p) => {
    const now = performance.now();
    if (p.stage === lastStage && now - last < PROGRESS_MS && p.done !== p.total) return;
    last = now;
    lastStage = p.stage;
    post({ type: 'progress', id, stage: p.stage, done: p.done, total: p.total, file: p.file ?? null });
  };
}

const handlers = {
  async init(msg) {
    // The page compiles the wasm once and hands every worker the module,
    // so a fresh worker fetches nothing.
    exports = await init(msg.module ? { module_or_path: msg.module } : msg.wasm ? { module_or_path: msg.wasm } : undefined);
    corpus = new paradup.Corpus();
    ids = [];
    return { version: paradup.version(), options: paradup.defaultOptions(), folderExtensions: paradup.folderExtensions() };
  },
  // Makes the corpus exactly the files msg.ids, in that order. msg.docs
  // holds {id, name, bytes} (or {id, name, error} for an input the page
  // could not read) for files the page has not sent before. Files no
  // longer wanted are removed; files wanted but out of place are dropped
  // and added again. Returns {missing}: the ids whose bytes are needed
  // (then the corpus holds the wanted files before them, and no others).
  sync(msg) {
    const want = msg.ids;
    if (want.length !== ids.length || want.some((id, i) => id !== ids[i])) analyzedRun = null;
    const wanted = new Set(want);
    for (let i = ids.length - 1; i >= 0; i--) {
      if (!wanted.has(ids[i])) remove(i);
    }
    let keep = 0;
    while (keep < ids.length && ids[keep] === want[keep]) keep++;
    while (ids.length > keep) remove(ids.length - 1);
    const given = new Map(msg.docs.map((d) => [d.id, d]));
    const missing = want.slice(keep).filter((id) => !given.has(id));
    if (missing.length) return { missing };
    for (const id of want.slice(keep)) {
      const doc = given.get(id);
      // A file is read when an analysis reaches it (analyze).
      if (doc.file) {
        corpus.addLater(doc.name);
        later.set(id, doc.file);
      } else if (doc.bytes) corpus.addFile(doc.name, doc.bytes);
      else corpus.addUnreadable(doc.name, doc.error || 'the page could not read it');
      ids.push(id);
    }
    return { missing: [] };
  },
  // Options are checked by the core alone. On a refusal, `field` names the
  // option at fault as the core's error does (null when no one option is),
  // so the page can mark it.
  checkOptions(msg) {
    try {
      return { options: paradup.checkOptions(msg.options) };
    } catch (e) {
      return { error: e.message, field: e.field ?? null };
    }
  },
  // Starts an analysis (then `analyze`): returns {first}, the first file
  // it reads; the files before it were read by an earlier analysis.
  begin(msg) {
    analyzedRun = null;
    // The batch limit on decompressed bytes, when the page lowers it (tests).
    if (msg.budget != null && corpus.budget !== msg.budget) corpus.setBudget(msg.budget);
    // Templates to ignore come with every request (they are small).
    corpus.clearTemplates();
    for (const t of msg.templates ?? []) corpus.addTemplate(t.name, t.bytes);
    // Reference files (--against) too; `within` as --within.
    corpus.clearReferences();
    for (const r of msg.references ?? []) corpus.addReference(r.name, r.bytes);
    corpus.setWithin(Boolean(msg.within));
    endAnalysis();
    // Set here: the prepare workers may post before `analyze` is handled.
    expected = msg.run ?? null;
    begun = corpus.begin(msg.options);
    return { first: begun };
  },
  // Reads the files from `first` on, in order, and matches. With
  // msg.remote, each file waits for what the page's prepare workers made
  // of it ('prepared' messages, in any order; null: read it here).
  async analyze(msg) {
    if (begun === null) throw new Error('no analysis begun');
    step('analyzeStart');
    const progress = progressReporter(msg.id);
    // Without prepare workers, the files are read here, AHEAD at a time.
    const reads = new Map();
    const readAhead = (from) => {
      for (let k = from; k < Math.min(ids.length, from + AHEAD); k++) {
        const file = later.get(ids[k]);
        if (file && !reads.has(ids[k])) reads.set(ids[k], readFile(file));
      }
    };
    // Time spent adding (not waiting for files), and filing ahead, in ms.
    let busy = 0;
    let filing = 0;
    try {
      for (let i = begun; i < ids.length; i++) {
        const id = ids[i];
        // About to wait for a prepare worker: meanwhile, file what was
        // added (the match then has that much less to do; the same report).
        if (msg.remote && !inbox.has(id)) {
          const t = now();
          corpus.fileAhead();
          filing += now() - t;
        }
        const got = msg.remote ? await take(id) : null;
        if (later.has(id)) {
          // The bytes a prepare worker read, else read here (a file it
          // could not read, or no prepare worker): or why not.
          if (!msg.remote) readAhead(i);
          const raw = got?.raw ?? (await (reads.get(id) ?? readFile(later.get(id))));
          reads.delete(id);
          if (raw instanceof Uint8Array) corpus.fill(i, raw, '');
          else corpus.fill(i, undefined, raw);
          later.delete(id);
        }
        const t = now();
        corpus.addNext(got?.bytes ?? undefined, progress);
        busy += now() - t;
      }
    } finally {
      // Done or failed: prepared files posted later are dropped.
      endAnalysis();
    }
    if (steps) {
      steps.addBusy = busy;
      steps.filing = filing;
    }
    step('added');
    // Files analyzed before are not read again (only new ones): the
    // corpus keeps what preparing them gave, and matches again.
    const read = corpus.finishRun(progress);
    step('analyzed');
    analyzedRun = msg.run ?? null;
    // The report crosses as JSON bytes, transferred (engine.js parses it):
    // an object graph of a quarter million paragraphs took seconds to make
    // here and to copy to the page. JSON.parse takes one string, and V8's
    // longest is 2^29 - 24 UTF-16 units (never more units than UTF-8
    // bytes): a report past JSON_MAX bytes comes as the object graph.
    // When the page holds the report sent last (msg.base, its run), the
    // documents the new one starts with unchanged (all of them after
    // files are appended or a threshold changed: most of the report) do
    // not cross again, nor those it ends with unchanged (all after a
    // removed file): the page puts its own in front (`same` of them) and
    // after (`sameEnd`).
    const based = msg.base != null && msg.base === sentRun;
    let same = based ? corpus.sameDocuments() : 0;
    let sameEnd = based ? corpus.sameDocumentsAtEnd() : 0;
    sentRun = null;
    // The documents' paragraphs, the pairs, clusters and overlaps, most
    // of the report (a quarter million paragraphs for 100 MB), cross as
    // numbers ([ints, floats], transferred), not in the JSON: the page
    // makes the objects faster than it parses them, and the core writes
    // them faster. Null (the JSON has them) when an integer does not fit
    // in 32 bits.
    let table = corpus.reportTable(same, sameEnd) ?? null;
    let json = corpus.exportJsonFrom(same, undefined, sameEnd, table !== null);
    if (json.reduce((n, p) => n + p.length, 0) > JSON_MAX) {
      json = null;
      table = null;
      same = 0;
      sameEnd = 0;
    }
    const report = json ? null : corpus.reportValue();
    step('json');
    // Which file each document and each skipped entry came from, and the
    // core's figures per document (not part of the report).
    const out = { json, table, same, sameEnd, report, origins: corpus.origins(), stats: corpus.documentStats(), read };
    sentRun = msg.run ?? null;
    step('extras');
    return { value: out, transfer: json ? [...json.map((p) => p.buffer), ...(table ? table.map((t) => t.buffer) : [])] : [] };
  },
  // A prepare worker's work: a few files (msg.docs, {name, doc, file |
  // bytes}) read and prepared, each posted to main over the port the page
  // gave (see 'port') as soon as it is prepared: {type: 'prepared', run,
  // doc, bytes, raw}, transferred, with bytes null for an archive or a
  // file it could not read (main reads those) and raw the file's bytes
  // when this worker read them. Resolves true once every file went to
  // main, false when there is no port (the page then has main read them).
  // The files are read all at once, and prepared in turn as they come.
  async prepare(msg, mine) {
    if (msg.crash === 'panic') paradup.debugPanic('requested by the page');
    if (!toMain) return false;
    const reads = msg.docs.map((d) => (d.file ? readFile(d.file) : d.bytes));
    mine.reading = 0;
    mine.preparing = 0;
    for (const [k, d] of msg.docs.entries()) {
      const asked = now();
      const raw = await reads[k];
      const read = now();
      // Not readable here: main reads it, and says why if it cannot either.
      const out = raw instanceof Uint8Array ? (paradup.prepare(d.name, raw, msg.options) ?? null) : null;
      mine.reading += read - asked;
      mine.preparing += now() - read;
      const sent = d.file && raw instanceof Uint8Array ? raw : null;
      toMain.postMessage({ type: 'prepared', run: msg.run, doc: d.doc, bytes: out, raw: sent }, [out, sent].filter(Boolean).map((b) => b.buffer));
    }
    return true;
  },
  // The threshold explorer: every candidate pair's scores down to
  // msg.floor (six numbers a pair, transferred), and the counts at other
  // thresholds, both without reading any file or replacing the report.
  scores(msg) {
    sameRun(msg.run);
    const flat = corpus.candidateScores(msg.floor);
    return { value: flat, transfer: [flat.buffer] };
  },
  preview(msg) {
    sameRun(msg.run);
    // [pairs, clusters, passages, ...each passage's words], transferred.
    const counts = corpus.preview(msg.options);
    return { value: counts, transfer: [counts.buffer] };
  },
  // The passages just above and just below msg.options' minimum passage
  // length, with their texts (the explorer's examples for that field).
  lengthExamples(msg) {
    sameRun(msg.run);
    return corpus.lengthExamples(msg.options);
  },
  // Every paragraph text of each of msg.docs.
  texts(msg) {
    sameRun(msg.run);
    return msg.docs.map((doc) => corpus.paragraphTexts(doc));
  },
  // The texts of msg.locs ([doc, para] pairs), in order: only those cross
  // to the page, whatever the core had to read for them.
  paragraphs(msg) {
    sameRun(msg.run);
    const byDoc = new Map();
    for (const [doc] of msg.locs) if (!byDoc.has(doc)) byDoc.set(doc, null);
    for (const doc of [...byDoc.keys()].sort((a, b) => a - b)) byDoc.set(doc, corpus.paragraphTexts(doc));
    return msg.locs.map(([doc, para]) => {
      const text = byDoc.get(doc)[para];
      if (text === undefined) throw new Error(`no paragraph ${para} in document ${doc}`);
      return text;
    });
  },
  // Where the passages lie in each of msg.docs' paragraph texts: the core
  // maps byte offsets to string indices, whatever the encoding.
  marks(msg) {
    sameRun(msg.run);
    return msg.docs.map((doc) => corpus.passageMarks(doc));
  },
  // The text of both sides of each of msg.passages (report indices).
  passageTexts(msg) {
    sameRun(msg.run);
    return corpus.passageTexts(Uint32Array.from(msg.passages));
  },
  diff(msg) {
    // A debug hook for the tests: stand for a diff that takes long.
    if (msg.debugBlockMs) {
      const end = performance.now() + msg.debugBlockMs;
      while (performance.now() < end);
    }
    return msg.pairs.map(([a, b]) => paradup.wordDiff(a, b));
  },
  // Exports come in pieces (Uint8Arrays, transferred, not copied) that the
  // page joins into a Blob: a large report is longer than the longest
  // string a browser can make. `chunk` (bytes per piece) is for the tests.
  json(msg) {
    return pieces(corpus.exportJson(msg.chunk ?? undefined));
  },
  csv(msg) {
    // `rows`: 'pairs' (the default) or 'passages', as the CLI's --rows.
    return pieces(corpus.exportCsv(msg.chunk ?? undefined, msg.rows ?? undefined));
  },
  dedup(msg) {
    // The core writes the zip (the CLI's names and bytes) as one Uint8Array.
    // `keep` (which copy stays, and each file's lastModified) is optional.
    const bytes = msg.keep
      ? corpus.dedupKeeping(msg.kinds, msg.keep.policy, Float64Array.from(msg.keep.modified, (m) => m ?? NaN))
      : corpus.dedup(msg.kinds);
    return { value: bytes, transfer: [bytes.buffer] };
  },
  // The size of this worker's WebAssembly memory, in bytes (it never
  // shrinks: the most it held at once), for measure.mjs.
  memory() {
    return exports.memory.buffer.byteLength;
  },
  crash(msg) {
    if (msg.how === 'panic') paradup.debugPanic('requested by the page');
    if (msg.how === 'oom') paradup.debugExhaustMemory();
    // An exception outside any handler: the worker's error event.
    setTimeout(() => {
      throw new Error('debug crash requested by the page');
    });
    return null;
  },
};

// Files read at once by main without prepare workers (analyze): the reads
// overlap, and at most this many files' bytes wait in its JavaScript heap.
const AHEAD = 8;

/** A file's bytes, or why the browser could not read it (a string). */
async function readFile(file) {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    return `the browser could not read it${e && e.message ? ` (${e.message})` : ''}`;
  }
}

function sameRun(run) {
  if (run !== analyzedRun) throw new Error('the engine no longer holds that report (it was replaced or lost)');
}

function remove(index) {
  corpus.removeFile(index);
  later.delete(ids[index]);
  ids.splice(index, 1);
}

// A prepare worker's port to main (the page makes one per analysis).
let toMain = null;

const pieces = (parts) => ({ value: parts, transfer: parts.map((p) => p.buffer) });

self.onmessage = async (event) => {
  const msg = event.data;
  // Not a request: a prepared file for the analysis under way.
  if (msg && msg.type === 'prepared') {
    deliver(msg);
    return;
  }
  // Not a request: a port between a prepare worker and main, for the
  // analysis under way (the prepared files cross without the page).
  if (msg && msg.type === 'port') {
    const port = event.ports[0];
    if (msg.role === 'main') {
      if (begun === null || msg.run !== expected) port.close();
      else {
        port.onmessage = (e) => deliver(e.data);
        ports.push(port);
      }
    } else {
      toMain?.close();
      toMain = port;
    }
    return;
  }
  const handler = handlers[msg && msg.type];
  if (!handler) {
    post({ type: 'error', id: msg && msg.id, message: `unknown message type: ${msg && msg.type}` });
    return;
  }
  if (msg.type !== 'init' && !corpus) {
    post({ type: 'error', id: msg.id, message: 'the analysis engine is not loaded yet' });
    return;
  }
  // This request's own steps: `steps` is replaced by the next request
  // while an async handler (prepare) awaits.
  const mine = (steps = { start: now() });
  try {
    let out = await handler(msg, mine);
    let transfer = [];
    if (out && out.transfer) ({ value: out, transfer } = out);
    mine.posted = now();
    post({ type: 'result', id: msg.id, value: out, steps: mine }, transfer);
  } catch (e) {
    post({ type: 'error', id: msg.id, ...classify(e) });
  }
};

// What an exception means. A WebAssembly trap leaves the instance unusable
// (fatal): `unreachable` is either a panic (the hook has recorded it; a
// "capacity overflow" is a request for more memory than wasm32 addresses)
// or the abort that follows a failed allocation, that is, memory ran out. A
// RangeError from the glue is the browser refusing memory (an ArrayBuffer,
// the wasm memory's growth, a string too long) or the call stack; it may
// have left the instance half-way, so it is fatal too. Anything else (a
// JsError from the boundary) is an ordinary failure of this one request.
function classify(e) {
  const detail = e && e.message ? e.message : String(e);
  if (e instanceof WebAssembly.RuntimeError) {
    if (/unreachable/.test(detail)) {
      let kind = 'panic';
      try {
        kind = paradup.panicKind();
      } catch {
        // The instance cannot even answer: call it a crash.
      }
      if (kind === 'none') return { fatal: true, oom: true, message: 'the analysis engine ran out of memory (the WebAssembly memory, at most 4 GiB, could not grow any further)' };
      if (kind === 'memory') return { fatal: true, oom: true, message: 'the analysis engine ran out of memory (the input needs a block of memory larger than WebAssembly can address)' };
      return { fatal: true, message: 'the analysis engine crashed (a panic in the WebAssembly code)' };
    }
    return { fatal: true, message: `the analysis engine crashed (${detail})` };
  }
  if (e instanceof RangeError) {
    if (/call stack/i.test(detail)) return { fatal: true, message: `the analysis engine crashed: the input is nested too deeply (${detail})` };
    return { fatal: true, oom: true, message: `the analysis engine ran out of memory (${detail})` };
  }
  return { fatal: false, message: detail };
}
