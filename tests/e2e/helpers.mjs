// Shared helpers for the end-to-end tests: start the static server, launch
// Chromium through playwright-core, record network requests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..', '..');
export const SEEDS = resolve(REPO, '..', 'shared', 'seeds');
export const SHOTS = join(HERE, 'screenshots');
/**
 * How to run the native CLI with `args`, as `[command, argv]` for spawn:
 * the binary in `$PARADUP_BIN` when set (scripts/test sets it to the one
 * `cargo test` has just built, which spares a second build of about a
 * minute), else `cargo run` of the test profile.
 */
export function cliCommand(args) {
  const bin = process.env.PARADUP_BIN;
  if (bin) return [bin, args];
  return ['cargo', ['run', '-q', '--profile', 'test', '--manifest-path', join(REPO, 'Cargo.toml'), '--bin', 'paradup', '--', ...args]];
}

/** Whether ../shared/seeds is beside the repository (a plain clone has none). */
export const HAVE_SEEDS = existsSync(SEEDS);

/**
 * Turns passage alignment off in the page's options before files are
 * dropped. Only for tests of cancelling and limits on large low-variety
 * synthetic corpora, where alignment is still too slow (issue 9, item 3
 * "it scales", is not done) and is not what they test.
 */
export async function passagesOff(page) {
  // The options panel is not shown on an empty page: set the box as the
  // form's own change event would.
  await page.evaluate(() => {
    const box = document.querySelector('#options [name="passages"]');
    box.checked = false;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  });
  assert.equal(await page.isChecked('#options [name="passages"]'), false);
}

/**
 * The `skip` option for a test that needs ../shared/seeds: false when they
 * are there; otherwise the reason, after recording the skip where
 * scripts/test counts it (the same log as the Rust tests' skips).
 */
export function needsSeeds(name) {
  if (HAVE_SEEDS) return false;
  const reason = `${SEEDS} is missing (the project's shared/ folder is not beside this clone)`;
  const log = process.env.PARADUP_SKIP_LOG || join(REPO, 'target', 'tmp', 'paradup-skipped.log');
  mkdirSync(dirname(log), { recursive: true });
  appendFileSync(log, `PARADUP-SKIPPED: e2e::${name}: ${reason}\n`);
  return reason;
}

export function chromePath() {
  const candidates = [process.env.CHROME, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found) throw new Error('Chromium not found: install chromium (apt-get install chromium) or set CHROME=/path/to/chrome');
  return found;
}

export async function launch() {
  return chromium.launch({
    executablePath: chromePath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Starts scripts/server.mjs on a free port, serving `root` (www/); resolves {url, stop}. */
export function startServer(root = join(REPO, 'www')) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'scripts', 'server.mjs'), '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolvePromise({ url: m[1], stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Records every request the page (and its workers) makes, with a time. */
export function recordRequests(context) {
  const log = [];
  const entries = new Map();
  context.on('request', (r) => {
    const entry = { url: r.url(), time: Date.now(), type: r.resourceType(), failure: null };
    entries.set(r, entry);
    log.push(entry);
  });
  context.on('requestfailed', (r) => {
    const entry = entries.get(r);
    if (entry) entry.failure = r.failure()?.errorText || 'failed';
  });
  return log;
}

/** Waits until the page's status is one of `statuses`, checked at every frame (or every `polling` ms); resolves it. */
export async function waitStatus(page, statuses, timeout = 60_000, polling = 'raf') {
  const want = [].concat(statuses);
  await page.waitForFunction((w) => w.includes(document.body.dataset.status), want, { timeout, polling });
  return page.evaluate(() => document.body.dataset.status);
}

/**
 * A .zip file from raw entries, for hostile archives: each entry is
 * {name, data: Buffer (already compressed when method is 8), method (0
 * stored, 8 deflate), size (the uncompressed size the headers claim),
 * crc}. Headers may lie; that is the point.
 */
export function rawZip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const header = (signature, extra) => {
      const b = Buffer.alloc(extra);
      b.writeUInt32LE(signature, 0);
      return b;
    };
    const local = header(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = header(0x02014b50, 46);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt16LE(0x21, 14);
    dir.writeUInt32LE(e.crc >>> 0, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

/**
 * Holds back every response whose URL matches `pattern` for `ms`: a slow
 * network for one kind of file (the .wasm), to race the page's start.
 */
export async function delayResponses(context, pattern, ms) {
  await context.route(pattern, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

/** Drops files on the element `selector`, as a user dragging them there. */
export async function dropOn(page, selector, files) {
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'text/plain' }));
    return dt;
  }, files.map((f) => ({ name: f.name, bytes: [...f.bytes] })));
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

/**
 * Drops files on the page like a user dragging them in from a file
 * manager: each is {name, bytes: Buffer or [numbers]}.
 */
export async function dropFiles(page, files) {
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: 'text/plain' }));
    return dt;
  }, files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') })));
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

/** Clicks `selector` and resolves the downloaded file's bytes. */
export async function downloadFrom(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await dl.path());
}

/** The CRC-32 of a zip entry (zlib's). */
export const crc32 = (bytes) => zlibCrc32(bytes) >>> 0;

/** A well-formed stored .zip of entries [{name, bytes}], for test inputs. */
export function zip(entries) {
  return rawZip(entries.map((e) => {
    const data = Buffer.from(e.bytes);
    return { name: e.name, data, method: 0, size: data.length, crc: crc32(data) };
  }));
}

/**
 * Starts the static server and Chromium before a test file's tests and
 * stops them after; `served.server` and `served.browser` are set once
 * started.
 */
export function serveAndLaunch() {
  const served = { server: null, browser: null };
  before(async () => {
    served.server = await startServer();
    served.browser = await launch();
  });
  after(async () => {
    await served.browser?.close();
    served.server?.stop();
  });
  return served;
}

/**
 * Opens `url` in a fresh context that records requests, page errors and
 * dialogs; `slowWasm` ms of delay on the .wasm; waits until the engine is
 * ready unless `wait` is false.
 */
export async function openPage(browser, url, { context: contextOptions = {}, slowWasm = 0, wait = true, timeout } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 860 }, ...contextOptions });
  const requests = recordRequests(context);
  if (slowWasm) await delayResponses(context, /\.wasm$/, slowWasm);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(url);
  if (wait) await page.waitForFunction(() => document.body.classList.contains('engine-ready'), null, { timeout: timeout ?? 60_000 });
  return { context, page, requests, errors, dialogs };
}

/**
 * The entries of the page's dedup zip, read from its central directory:
 * a Map from name to bytes. Every entry must be deflated (the zip crate in
 * the wasm writes it so) and inflate to its declared size and CRC-32.
 */
export function unzip(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'an end-of-central-directory record');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const packed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    assert.equal(method, 8, `${name} is deflated`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = inflateRawSync(buf.subarray(start, start + packed));
    assert.equal(data.length, size, `${name}: the declared size`);
    assert.equal(zlibCrc32(data) >>> 0, crc >>> 0, `${name}: the declared CRC-32`);
    assert.ok(!out.has(name), `${name} is in the zip once`);
    out.set(name, data);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * Waits until the texts of what `selector` (#doc-view or #cluster-list)
 * shows have come from the worker: views fetch paragraph texts when they
 * show them, and mark where that stands in data-texts.
 */
export async function textsShown(page, selector) {
  await page.waitForSelector(`${selector}[data-texts="ready"]`, { state: 'attached' });
}
