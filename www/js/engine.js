// The bridge to the analysis workers (after squoosh's worker bridge): typed
// request/response messages with ids, progress events, and cancellation by
// terminating a worker.
//
// Three workers, each running the same worker.js on one WebAssembly.Module
// that the page compiles once:
//   main   holds the corpus (the documents' bytes, which it reads from
//          the files' handles the page keeps) and the last report;
//          its work is one serialized queue of jobs, so requests never
//          interleave (an analysis is: sync the corpus to the page's list,
//          analyze); paragraph texts are asked of it later, by the views
//          that show them (texts.js);
//   differ computes word diffs (Compare) and checks options (both pure),
//          so a long diff never holds up an analysis, and cancelling it
//          loses no report;
//   spare  is loaded in advance: when a worker is terminated (Cancel, an
//          aborted job, a crash) the spare takes its place at once, so a
//          re-run needs no request. A new spare is loaded (the page's own
//          worker script and glue; never the .wasm again) only while no
//          job of the main worker runs.
//
//   prepare (several) read, decode and prepare the files an analysis reads,
//          in parallel (wasm `prepare`), each reading the file itself
//          from its handle; each prepared file goes with the file's
//          bytes straight to main (a MessageChannel per analysis,
//          transferred), which adds them in the list's order whatever
//          finishes first, then
//          matches. How many: prepareWorkers(). A prepare worker lost
//          (Cancel, a crash) is replaced like the spare; a file it did not
//          prepare is read by main itself, so a crash there costs time,
//          not the analysis.
//
// The worker's corpus is never edited incrementally by the page: each
// analysis sends the list of document ids it wants analyzed, and the worker
// makes its corpus exactly that list (asking for the bytes of documents it
// does not hold). A fresh worker therefore needs nothing replayed, and
// nothing sent before can leave a document twice or drop the wrong one.

// When each of the last requests was sent, received and answered, with the
// worker's own steps (wall-clock ms, worker.js): tests/e2e/measure.mjs reads
// them to show where the time goes.
const timings = [];
globalThis.paradupTimings = timings;
const now = () => performance.timeOrigin + performance.now();

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export class EngineCrash extends Error {
  constructor(message) {
    super(message);
    this.name = 'EngineCrash';
  }
}

// Creates a worker. The single-file build embeds the worker's source (and
// the wasm) in the page; otherwise it is loaded from ./worker.js.
function createWorker() {
  const inline = document.getElementById('paradup-worker-source');
  if (inline) {
    const url = URL.createObjectURL(new Blob([inline.textContent], { type: 'text/javascript' }));
    // A classic worker: Chromium refuses module workers whose script comes
    // from a blob: URL of an opaque (file://) origin. The inlined source is
    // already one script with no imports.
    const worker = new Worker(url, { name: 'paradup' });
    // The worker fetches its script asynchronously: revoke only later.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
    return worker;
  }
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'paradup' });
}

function inlineWasm() {
  const el = document.getElementById('paradup-wasm-base64');
  if (!el) return undefined;
  const text = atob(el.textContent.trim());
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

// The wasm, compiled once by the page and handed to every worker, so a
// fresh worker never fetches it again.
async function compileWasm() {
  const bytes = inlineWasm();
  if (bytes) return WebAssembly.compile(bytes);
  const url = new URL('../pkg/paradup_bg.wasm', import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url.pathname} (HTTP ${response.status})`);
  // compileStreaming needs the application/wasm type, which some static
  // hosts do not send: fall back to compiling the bytes.
  if (WebAssembly.compileStreaming && response.headers.get('content-type') === 'application/wasm') return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * How many prepare workers to run: one per core the browser reports
 * (`navigator.hardwareConcurrency`), at most 8, and fewer when memory is
 * short: each holds the files of its requests in flight (up to eight) and
 * what preparing one makes (about three times the file) in a WebAssembly
 * memory of its own, so at most one per 2 GiB of
 * `navigator.deviceMemory` (Chromium only; rounded, at most 8). With a
 * single core, none: the main worker prepares the files itself, as the
 * round trips would cost more than they save.
 */
export function prepareWorkers(nav = globalThis.navigator) {
  const cores = Math.floor(nav?.hardwareConcurrency || 1);
  if (cores < 2) return 0;
  const memory = Number(nav?.deviceMemory);
  const byMemory = memory > 0 ? Math.max(1, Math.floor(memory / 2)) : 8;
  return Math.max(1, Math.min(cores, byMemory, 8));
}

// Prepare requests in flight per prepare worker, and files per request:
// enough that it never waits for the page's thread (busy drawing
// progress, relaying results) between two files, few enough to bound the
// bytes it holds and to share the files out evenly. A request per file
// cost the page's thread two messages a file.
const IN_FLIGHT = 2;
const BATCH = 4;

/** Rejects with Cancelled as soon as `signal` aborts (or at once if it has). */
function whenAborted(signal) {
  if (!signal) return null;
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Cancelled());
    else signal.addEventListener('abort', () => reject(new Cancelled()), { once: true });
  });
}

/** One worker and its requests. `onFatal(message)` when the instance is lost. */
class Handle {
  constructor(module, { onProgress, onFatal }) {
    this.onProgress = onProgress;
    this.onFatal = onFatal;
    this.pending = new Map();
    this.nextId = 1;
    this.dead = false;
    // The ids of the documents posted to this worker (it may hold them).
    this.sent = new Set();
    this.worker = createWorker();
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.fatal(`the analysis worker failed: ${e.message || 'unknown error'}`);
    };
    this.worker.onmessageerror = () => this.fatal('the analysis worker sent a message that could not be read');
    this.ready = module.then((m) => this.send('init', { module: m }));
    this.ready.catch(() => {});
  }

  /** Posts a request; `transfer`: buffers moved to the worker, not copied. */
  send(type, payload = {}, transfer = []) {
    if (this.dead) return Promise.reject(this.deathError || new Cancelled());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, type, sent: now() });
      this.worker.postMessage({ type, id, ...payload }, transfer);
    });
  }

  receive(msg) {
    const p = this.pending.get(msg.id);
    if (msg.type === 'progress') {
      if (p) this.onProgress?.(msg);
      return;
    }
    if (!p) return;
    this.pending.delete(msg.id);
    timings.push({ type: p.type, role: this.role, sent: p.sent, ...msg.steps, received: now() });
    // Enough for every prepare request of a large batch.
    if (timings.length > 5000) timings.shift();
    if (msg.type === 'result') p.resolve(msg.value);
    else if (msg.fatal) {
      p.reject(new EngineCrash(msg.message));
      this.fatal(msg.message);
    } else p.reject(new Error(msg.message));
  }

  fatal(message) {
    if (this.dead) return;
    this.terminate(new EngineCrash(message));
    this.onFatal(message);
  }

  /** Stops the worker whatever it does; everything waiting on it fails with `error`. */
  terminate(error) {
    if (this.dead) return;
    this.dead = true;
    this.deathError = error;
    this.worker.terminate();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(error);
  }
}

export class Engine {
  /**
   * onProgress({stage, done, total, file}): progress of the running analysis.
   * onCrash(message): the main worker was lost (with its report) and replaced.
   */
  constructor({ onProgress, onCrash }) {
    this.onProgress = onProgress;
    this.onCrash = onCrash;
    this.module = compileWasm();
    this.module.catch(() => {});
    this.jobs = 0; // jobs queued or running on the main worker
    this.queue = Promise.resolve();
    this.failedStarts = 0;
    this.broken = null;
    this.held = false; // the tests hold back new spares (holdSpares)
    this.budget = null; // the tests lower the batch limit (paradupDebug.setLimit)
    this.lastRead = null; // files the last analysis read (paradupDebug.filesRead)
    this.main = this.spawn('main');
    this.differ = this.spawn('differ');
    this.spare = this.spawn('spare');
    this.workers = prepareWorkers();
    this.preparers = [];
    for (let i = 0; i < this.workers; i++) this.preparers.push(this.spawn('prepare'));
    // Ready when all are loaded, so no request follows the page's load (a
    // prepare worker that fails to load is only one fewer).
    const preparing = this.preparers.map((h) => h.ready.catch(() => {}));
    this.ready = Promise.all([this.main.ready, this.differ.ready, this.spare.ready, ...preparing]).then(([info]) => info);
    this.ready.catch(() => {});
  }

  /** Sets the number of prepare workers (the tests and measure.mjs); 0: main prepares. */
  async setWorkers(n) {
    this.workers = n;
    for (const h of this.preparers.splice(n)) h.terminate(new Cancelled());
    while (this.preparers.length < n) this.preparers.push(this.spawn('prepare'));
    await Promise.all(this.preparers.map((h) => h.ready.catch(() => {})));
    return this.preparers.filter((h) => !h.dead).length;
  }

  spawn(role) {
    const handle = new Handle(this.module, {
      onProgress: (p) => this.onProgress(p),
      onFatal: (message) => this.lost(handle, message),
    });
    handle.role = role;
    handle.ready.then(
      () => {
        this.failedStarts = 0;
      },
      (e) => {
        if (handle.dead && !(e instanceof EngineCrash)) return;
        // A worker that cannot even start would fail again at once.
        if (++this.failedStarts >= 2) this.broken = new EngineCrash(`the analysis engine could not start (${e.message})`);
      },
    );
    return handle;
  }

  // A worker to replace one that was terminated: the spare if it is
  // loaded and alive, else a fresh one.
  takeSpare(role) {
    let next = this.spare;
    this.spare = null;
    if (!next || next.dead) next = this.spawn(role);
    next.role = role;
    this.replenish();
    return next;
  }

  // Loads a new spare and the prepare workers lost, but never while the
  // main worker works.
  replenish() {
    if (this.jobs > 0 || this.broken || this.held) return;
    if (!this.spare) this.spare = this.spawn('spare');
    while (this.preparers.length < this.workers) this.preparers.push(this.spawn('prepare'));
  }

  lost(handle, message) {
    if (this.broken) return;
    if (handle.role === 'main' && handle === this.main) {
      this.main = this.takeSpare('main');
      this.onCrash(message);
    } else if (handle.role === 'differ' && handle === this.differ) {
      this.differ = this.takeSpare('differ');
    } else if (handle === this.spare) {
      this.spare = null;
    } else if (handle.role === 'prepare') {
      this.preparers = this.preparers.filter((h) => h !== handle);
      this.replenish();
    }
  }

  async readyHandle(role) {
    for (;;) {
      if (this.broken) throw this.broken;
      const handle = this[role];
      try {
        await handle.ready;
        if (!handle.dead) return handle;
      } catch (e) {
        if (this.broken) throw this.broken;
        if (handle === this[role] && !handle.dead) throw e;
      }
      if (handle === this[role]) this[role] = this.takeSpare(role);
    }
  }

  /**
   * Runs `fn(handle)` on the main worker once every earlier job has
   * finished. Aborting `signal` drops the job if it has not started, and
   * terminates the worker (which the spare replaces) if it has: the job
   * then rejects with Cancelled.
   */
  job(fn, signal) {
    this.jobs++;
    const run = this.queue.then(async () => {
      if (signal?.aborted) throw new Cancelled();
      const handle = await this.readyHandle('main');
      if (signal?.aborted) throw new Cancelled();
      const onAbort = () => this.abortMain(handle);
      signal?.addEventListener('abort', onAbort);
      try {
        return await fn(handle);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });
    const settled = run.finally(() => {
      this.jobs--;
      this.replenish();
    });
    this.queue = settled.catch(() => {});
    const aborted = whenAborted(signal);
    return aborted ? Promise.race([settled, aborted]) : settled;
  }

  abortMain(handle) {
    // The prepare workers at work go too (squoosh style: terminate, and
    // load new ones once nothing runs).
    for (const h of this.preparers.filter((p) => p.pending.size > 0)) h.terminate(new Cancelled());
    this.preparers = this.preparers.filter((h) => !h.dead);
    if (handle !== this.main || handle.dead) return;
    this.main = this.takeSpare('main');
    handle.terminate(new Cancelled());
  }

  /** Makes the worker's corpus exactly `docs` ([{id, name, file}, {id, name, bytes} or {id, name, error}]), in order. */
  async sync(handle, docs) {
    const ids = docs.map((d) => d.id);
    let send = docs.filter((d) => !handle.sent.has(d.id));
    for (let attempt = 0; ; attempt++) {
      for (const d of send) handle.sent.add(d.id);
      // A file goes as its handle (the worker reads it). Bytes the page
      // made (pasted text, the examples) it keeps, as a fresh worker needs
      // them again: the worker gets a copy made here and moved, not the
      // structured clone, which took several times as long.
      const copies = send.map(toWorker);
      const { missing } = await handle.send('sync', { ids, docs: copies }, copies.flatMap((d) => (d.bytes ? [d.bytes.buffer] : [])));
      if (!missing.length) return;
      if (attempt > 0) throw new Error(`the worker lost documents it was given (${missing.length})`);
      const want = new Set(missing);
      send = docs.filter((d) => want.has(d.id));
    }
  }

  /**
   * Analyzes exactly `docs` with `options` (checked already, see
   * checkOptions); the worker knows the report as run `run`. Resolves
   * {report, origins, stats} (types.js: Analysis). Cancelled when `signal`
   * aborts. `templates` ({name, bytes}, templates.js) go with the request,
   * and so does `against` ({references, within}, references.js).
   * `base` ({run, documents}) is the report the page shows, if any: the
   * documents the new report starts with unchanged are taken from it
   * rather than sent again.
   * @returns {Promise<import('./types.js').Analysis>}
   */
  analyze(docs, options, signal, run, templates = [], against = {}, base = null) {
    const called = now();
    timings.push({ type: 'call', role: 'page', sent: called, start: called, posted: called, received: called });
    return this.job(async (handle) => {
      await this.sync(handle, docs);
      const { first } = await handle.send('begin', { options, budget: this.budget, templates, run: run ?? null, ...against });
      const todo = docs.slice(first);
      const helpers = this.preparers.filter((h) => !h.dead);
      // With prepare workers, main waits for each file it reads from
      // `first` on, prepared or not (null: it reads that one itself).
      const remote = helpers.length > 0 && todo.some((d) => d.file || d.bytes);
      const reply = handle.send('analyze', { run, remote, base: base?.run ?? null });
      if (remote) this.prepareAll(handle, helpers, todo, options, run).catch(() => {});
      const { json, table, same, sameEnd, report, origins, stats, read } = await reply;
      // Files read by this analysis: those analyzed before were kept.
      this.lastRead = read;
      // What crossed (paradupDebug.crossed, the tests).
      this.lastCrossed = { json: json ? json.reduce((n, p) => n + p.length, 0) : null, ints: table ? table[0].length : null, floats: table ? table[1].length : null };
      const value = json ? parseJson(json, table) : report;
      // The worker left out the first `same` documents and the last
      // `sameEnd`: the page has them.
      if (same || sameEnd) {
        const docs = base.documents;
        value.documents = docs.slice(0, same).concat(value.documents, docs.slice(docs.length - sameEnd));
      }
      return { report: value, origins, stats };
    }, signal);
  }

  /**
   * Has `docs` prepared by `helpers` (in the list's order, BATCH files a
   * request and IN_FLIGHT requests per worker so none waits for the
   * page). Each helper posts
   * its results straight to `main` over a MessageChannel made for this
   * analysis: {type: 'prepared', run, doc, bytes, raw} (bytes, the file
   * prepared, null for an archive or a file it could not read; raw, the
   * file's bytes it read), transferred. When a helper is lost (Cancel, a
   * crash) the page posts {type: 'prepared', run, doc, bytes: null} for
   * each file it held: main reads those itself (and drops a second
   * message for a file).
   */
  async prepareAll(main, helpers, docs, options, run) {
    const queue = docs.slice();
    run = run ?? null;
    for (const helper of helpers) {
      const { port1, port2 } = new MessageChannel();
      main.worker.postMessage({ type: 'port', role: 'main', run }, [port1]);
      helper.worker.postMessage({ type: 'port', role: 'prepare', run }, [port2]);
    }
    const post = (doc) => {
      if (!main.dead) main.worker.postMessage({ type: 'prepared', run, doc: doc.id, bytes: null });
    };
    const lane = async (helper) => {
      while (queue.length && !main.dead && !helper.dead) {
        const batch = [];
        while (queue.length && batch.length < BATCH) {
          const doc = queue.shift();
          if (doc.file || doc.bytes) batch.push(doc);
          else post(doc);
        }
        if (!batch.length) continue;
        // The tests make one prepare worker crash (paradupDebug).
        const crash = this.debugPrepare;
        this.debugPrepare = undefined;
        // A file goes as its handle: the prepare worker reads it. Bytes
        // the page made go as a copy, moved.
        const items = batch.map((doc) => (doc.file ? { name: doc.name, doc: doc.id, file: doc.file } : { name: doc.name, doc: doc.id, bytes: doc.bytes.slice() }));
        try {
          const sent = await helper.send('prepare', { docs: items, run, options, crash }, items.flatMap((d) => (d.bytes ? [d.bytes.buffer] : [])));
          // Not posted to main (no port there): main reads them.
          if (sent !== true) batch.forEach(post);
        } catch {
          // Lost (Cancel, a crash) or refused: main reads the files it
          // has not had yet (it drops a second message for a file).
          batch.forEach(post);
        }
      }
    };
    await Promise.all(helpers.flatMap((h) => Array.from({ length: IN_FLIGHT }, () => lane(h))));
    // Every helper lost: main reads the rest.
    for (const doc of queue.splice(0)) post(doc);
  }

  /**
   * A request function for the texts of run `run`'s report (TextStore):
   * `texts` (whole documents) or `paragraphs`, in turn with the other jobs.
   * The worker refuses it once it holds another report.
   */
  texts(run) {
    return (type, payload) => this.request(type, { ...payload, run });
  }

  /**
   * Checks options with the core (on the diff worker: the main worker may
   * be busy with an analysis). Resolves {options} completed with defaults,
   * or {error, field}: the core's message and the option at fault.
   */
  async checkOptions(options) {
    const handle = await this.readyHandle('differ');
    return handle.send('checkOptions', { options });
  }

  /** Drops the worker's copy of documents no longer listed (frees its memory). */
  forget(docs) {
    return this.job((handle) => this.sync(handle, docs));
  }

  /** A single request to the main worker, in turn with the others. */
  request(type, payload = {}, signal = undefined) {
    return this.job((handle) => handle.send(type, payload), signal);
  }

  /**
   * Word diffs of [[a, b], …] on the diff worker. Aborting `signal`
   * terminates that worker (the spare replaces it); the main worker and its
   * report are untouched.
   */
  async diff(pairs, signal, debug = {}) {
    const handle = await Promise.race([this.readyHandle('differ'), whenAborted(signal) || new Promise(() => {})]);
    const onAbort = () => {
      if (handle === this.differ && !handle.dead) {
        this.differ = this.takeSpare('differ');
        handle.terminate(new Cancelled());
      }
    };
    if (signal?.aborted) throw new Cancelled();
    signal?.addEventListener('abort', onAbort);
    try {
      return await handle.send('diff', { pairs, ...debug });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Each loaded worker's WebAssembly memory in bytes, by role (measure.mjs). */
  async memories() {
    const all = [this.main, this.differ, this.spare, ...this.preparers].filter((h) => h && !h.dead);
    return Promise.all(all.map(async (h) => [h.role, await h.send('memory').catch(() => null)]));
  }

  /** While `on`, no new spare is loaded (the tests use it to attribute requests). */
  holdSpares(on) {
    this.held = on;
    this.replenish();
  }

  /** Whether a spare worker is loaded (the tests wait for it). */
  async spareReady() {
    const spare = this.spare;
    if (!spare) return false;
    await spare.ready;
    return !spare.dead;
  }
}

/** The kinds of match, by their number in a report table (worker.js). */
const KINDS = ['exact', 'near', 'contained'];

/**
 * A report's JSON text in pieces (Uint8Arrays of UTF-8, cut anywhere),
 * parsed; with `table` ([ints, floats], Corpus.reportTable), the parts
 * the JSON then leaves empty (each document's `paragraphs`, `pairs`,
 * `clusters`, `overlaps`) are made from it, in the JSON's key order.
 */
function parseJson(pieces, table) {
  const start = now();
  const decoder = new TextDecoder();
  const value = JSON.parse(pieces.map((p) => decoder.decode(p, { stream: true })).join('') + decoder.decode());
  if (table) fromTable(value, table[0], table[1]);
  const end = now();
  timings.push({ type: 'parse', role: 'page', sent: start, start, posted: end, received: end });
  return value;
}

/** Fills `report`'s parts left out of its JSON from its table (see parseJson). */
function fromTable(report, ints, floats) {
  let i = 0;
  let f = 0;
  const loc = () => ({ doc: ints[i++], para: ints[i++] });
  for (const d of report.documents) {
    const paragraphs = new Array(ints[i++]);
    for (let n = 0; n < paragraphs.length; n++, i += 4) paragraphs[n] = { start: ints[i], end: ints[i + 1], line: ints[i + 2], words: ints[i + 3] };
    d.paragraphs = paragraphs;
  }
  report.pairs = new Array(ints[i++]);
  for (let n = 0; n < report.pairs.length; n++) report.pairs[n] = { a: loc(), b: loc(), kind: KINDS[ints[i++]], similarity: floats[f++], containment: floats[f++] };
  report.clusters = new Array(ints[i++]);
  for (let n = 0; n < report.clusters.length; n++) {
    const c = { kind: KINDS[ints[i++]], boilerplate: ints[i++] === 1, documents: ints[i++], original: loc(), copies: new Array(ints[i++]) };
    for (let k = 0; k < c.copies.length; k++) c.copies[k] = { doc: ints[i++], para: ints[i++], kind: KINDS[ints[i++]], similarity: floats[f++], containment: floats[f++] };
    report.clusters[n] = c;
  }
  report.overlaps = new Array(ints[i++]);
  for (let n = 0; n < report.overlaps.length; n++) report.overlaps[n] = { a: ints[i++], b: ints[i++], a_share: floats[f++], b_share: floats[f++] };
}

function toWorker(d) {
  if (d.file) return { id: d.id, name: d.name, file: d.file };
  return d.bytes ? { id: d.id, name: d.name, bytes: d.bytes.slice() } : { id: d.id, name: d.name, error: d.error };
}
