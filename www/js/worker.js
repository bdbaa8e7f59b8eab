// The analysis worker (a module Web Worker). It owns the WebAssembly
// instance and a Corpus (the files' bytes), so the main thread never runs
// analysis and changing options never re-reads files. The core reads every
// file (text, Markdown, HTML, docx, records, archives): one file can give
// several documents, or none (skipped, with its reason, in the report).
//
// Messages in:  {type, id, ...}: init, add, remove, clear, analyze, texts,
//               diff, json, csv, dedup, crash (a debug hook for tests).
// Messages out: {type: 'ready'|'progress'|'result'|'error', id, ...}.
// An error with `fatal: true` means the instance is unusable (a panic or
// out-of-memory trap): the page terminates this worker and starts another.
import init, * as paradup from '../pkg/paradup.js';
import { zip } from './zip.js';

let corpus = null;

const post = (message, transfer) => self.postMessage(message, transfer || []);

// Progress is throttled: at most one message per 40 ms, plus every change
// of stage or file, so a huge corpus does not flood the page.
function progressReporter(id) {
  let last = 0;
  let lastKey = '';
  return (p) => {
    const now = performance.now();
    const key = p.stage + '\u0000' + (p.file ?? '');
    if (key === lastKey && now - last < 40 && p.done !== p.total) return;
    last = now;
    lastKey = key;
    post({ type: 'progress', id, stage: p.stage, done: p.done, total: p.total, file: p.file ?? null });
  };
}

const handlers = {
  async init(msg) {
    await init(msg.wasm ? { module_or_path: msg.wasm } : undefined);
    corpus = new paradup.Corpus();
    return { version: paradup.version(), options: paradup.defaultOptions(), folderExtensions: paradup.folderExtensions() };
  },
  add(msg) {
    // {name, bytes}, or {name, error} for an input the page could not read.
    for (const doc of msg.docs) {
      if (doc.bytes) corpus.addFile(doc.name, doc.bytes);
      else corpus.addUnreadable(doc.name, doc.error || 'the page could not read it');
    }
    return corpus.length;
  },
  remove(msg) {
    corpus.removeFile(msg.index);
    return corpus.length;
  },
  clear() {
    corpus.clear();
    return 0;
  },
  analyze(msg) {
    const report = corpus.analyze(msg.options, progressReporter(msg.id));
    // Which file each document and each skipped entry came from.
    return { report, origins: corpus.origins() };
  },
  texts(msg) {
    return msg.docs.map((doc) => corpus.paragraphTexts(doc));
  },
  diff(msg) {
    return msg.pairs.map(([a, b]) => paradup.wordDiff(a, b));
  },
  // Exports come in pieces (Uint8Arrays, transferred, not copied) that the
  // page joins into a Blob: a large report is longer than the longest
  // string a browser can make. `chunk` (bytes per piece) is for the tests.
  json(msg) {
    return pieces(corpus.exportJson(msg.chunk ?? undefined));
  },
  csv(msg) {
    return pieces(corpus.exportCsv(msg.chunk ?? undefined));
  },
  // The page's limit on the bytes of the whole batch once decompressed.
  budget(msg) {
    corpus.setBudget(msg.bytes);
    return corpus.budget;
  },
  dedup(msg) {
    const { files, log } = corpus.dedup(msg.kinds);
    const enc = new TextEncoder();
    const used = new Set();
    const entries = files.map((f) => ({ name: uniqueName(f.name, used), bytes: f.bytes }));
    entries.push({ name: 'paradup-dedup-log.json', bytes: enc.encode(log) });
    const bytes = zip(entries);
    return { value: bytes, transfer: [bytes.buffer] };
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

const pieces = (parts) => ({ value: parts, transfer: parts.map((p) => p.buffer) });

// A safe relative path for a zip entry, unique among those used (as the
// CLI's `dedup` names its output files).
function uniqueName(name, used) {
  let rel = name.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.' && p !== '..').join('/') || 'document';
  let candidate = rel;
  for (let n = 2; used.has(candidate); n++) {
    const slash = rel.lastIndexOf('/');
    const dot = rel.lastIndexOf('.');
    candidate = dot > slash + 1 ? `${rel.slice(0, dot)}-${n}${rel.slice(dot)}` : `${rel}-${n}`;
  }
  used.add(candidate);
  return candidate;
}

self.onmessage = async (event) => {
  const msg = event.data;
  const handler = handlers[msg && msg.type];
  if (!handler) {
    post({ type: 'error', id: msg && msg.id, message: `unknown message type: ${msg && msg.type}` });
    return;
  }
  if (msg.type !== 'init' && !corpus) {
    post({ type: 'error', id: msg.id, message: 'the analysis engine is not loaded yet' });
    return;
  }
  try {
    let out = await handler(msg);
    let transfer = [];
    if (out && out.transfer) ({ value: out, transfer } = out);
    post({ type: 'result', id: msg.id, value: out }, transfer);
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
