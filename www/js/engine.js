// The bridge to the analysis worker (after squoosh's worker bridge):
// typed request/response messages with ids, progress events, and Cancel by
// terminating the worker and starting a fresh one. The page keeps every
// document's bytes, so a fresh worker (after Cancel or a crash) is given
// the same documents again without asking the user for anything.

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

// Creates the worker. The single-file build embeds the worker's source (and
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

export class Engine {
  /**
   * getDocs(): the documents to (re)load into a fresh worker, [{name, bytes}].
   * onProgress({stage, done, total, file}), onCrash(message): callbacks.
   */
  constructor({ getDocs, onProgress, onCrash }) {
    this.getDocs = getDocs;
    this.onProgress = onProgress;
    this.onCrash = onCrash;
    this.nextId = 1;
    this.pending = new Map();
    this.wasm = inlineWasm();
    this.generation = 0;
    this.failedStarts = 0;
    this.spawn();
  }

  spawn() {
    const generation = ++this.generation;
    const worker = createWorker();
    this.worker = worker;
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      if (generation === this.generation) this.crash(`the analysis worker failed: ${e.message || 'unknown error'}`);
    };
    worker.onmessageerror = () => {
      if (generation === this.generation) this.crash('the analysis worker sent a message that could not be read');
    };
    this.ready = this.send('init', { wasm: this.wasm }).then(async (info) => {
      this.failedStarts = 0;
      const docs = this.getDocs();
      if (docs.length) await this.send('add', { docs });
      return info;
    });
    // A failing start is reported through the requests that wait on it.
    this.ready.catch(() => {});
  }

  send(type, payload = {}, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, type });
      this.worker.postMessage({ type, id, ...payload }, transfer);
    });
  }

  /** Sends a request once the worker is ready. */
  async request(type, payload = {}, transfer = []) {
    await this.ready;
    return this.send(type, payload, transfer);
  }

  receive(msg) {
    const p = this.pending.get(msg.id);
    if (msg.type === 'progress') {
      if (p) this.onProgress(msg);
      return;
    }
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.type === 'result') p.resolve(msg.value);
    else if (msg.fatal) {
      p.reject(new EngineCrash(msg.message));
      this.crash(msg.message);
    } else p.reject(new Error(msg.message));
  }

  // Replaces the worker, failing everything that was waiting on it.
  restart(error) {
    this.worker.terminate();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(error);
    this.spawn();
  }

  crash(message) {
    // A worker that cannot even start would fail again at once: after two
    // failed starts in a row, stop and say so instead of looping.
    const starting = this.pending.size > 0 && [...this.pending.values()].some((p) => p.type === 'init');
    if (starting && ++this.failedStarts >= 2) {
      this.worker.terminate();
      const waiting = [...this.pending.values()];
      this.pending.clear();
      const error = new EngineCrash(`the analysis engine could not start (${message})`);
      for (const p of waiting) p.reject(error);
      this.ready = Promise.reject(error);
      this.ready.catch(() => {});
      this.onCrash(error.message);
      return;
    }
    this.restart(new EngineCrash(message));
    this.onCrash(message);
  }

  /** Cancel: terminate the worker (whatever it is doing) and start afresh. */
  cancel() {
    this.restart(new Cancelled());
  }

  get busy() {
    return [...this.pending.values()].some((p) => p.type === 'analyze');
  }
}
