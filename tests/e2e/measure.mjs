// Measures how the served page copes with big corpora: time from picking
// the files to the results, and the peak memory (RSS) of all Chromium
// processes. Not part of `npm test` (it takes minutes and gigabytes); run
//   node measure.mjs 50 100 200      (sizes in MB)
// after scripts/build-wasm. The browser figures in docs/benchmarks.md come
// from it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, startServer, waitStatus } from './helpers.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const words = 'harbour lantern bridge council river market library ferry station quay winter spring budget school garden road village festival report museum the of and a to in on for with by at from was were said after before new old city week year'.split(' ');

function corpus(dir, mb) {
  let seed = 3;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const fileSize = 5 * 1024 * 1024;
  const earlier = [];
  const files = [];
  for (let f = 0, total = 0; total < mb * 1024 * 1024; f++) {
    const paras = [];
    let size = 0;
    while (size < fileSize) {
      // One paragraph in ten is a copy of an earlier one.
      const p = earlier.length && rand(10) === 0 ? earlier[rand(earlier.length)] : Array.from({ length: 40 + rand(60) }, () => words[rand(words.length)]).join(' ') + '.';
      if (earlier.length < 5000) earlier.push(p);
      paras.push(p);
      size += p.length + 2;
    }
    const path = join(dir, `f${String(f).padStart(4, '0')}.txt`);
    writeFileSync(path, paras.join('\n\n'));
    files.push(path);
    total += size;
  }
  return files;
}

function rss(rootPid) {
  // Sum the resident memory of the browser and all its descendants.
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=']).toString().trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const kids = new Map();
  for (const [pid, ppid] of out) kids.set(ppid, [...(kids.get(ppid) || []), pid]);
  const size = new Map(out.map(([pid, , r]) => [pid, r]));
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const p = stack.pop();
    total += size.get(p) || 0;
    stack.push(...(kids.get(p) || []));
  }
  return total * 1024;
}

const server = await startServer();
const browser = await launch();
const root = process.pid; // the browser is a child of this process (so is the small static server)
try {
  for (const mb of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `paradup-measure-${mb}-`));
    try {
      const files = corpus(dir, mb);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => document.body.classList.contains('engine-ready'));
      await page.evaluate((n) => window.paradupDebug.setLimit(n), 4 * 1024 ** 3);
      let peak = 0;
      const timer = setInterval(() => { try { peak = Math.max(peak, rss(root)); } catch {} }, 250);
      const t0 = Date.now();
      await page.setInputFiles('#file-input', files);
      const status = await waitStatus(page, ['done', 'error'], 30 * 60_000);
      const secs = (Date.now() - t0) / 1000;
      clearInterval(timer);
      const paragraphs = await page.textContent('[data-stat="paragraphs"] .stat-value').catch(() => '?');
      const message = status === 'error' ? await page.textContent('#message-text') : '';
      console.log(`${mb} MB (${files.length} files, ${paragraphs} paragraphs): ${status} in ${secs.toFixed(1)} s, peak RSS ${(peak / 1024 ** 3).toFixed(2)} GiB ${message}`);
      await context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
  server.stop();
}
