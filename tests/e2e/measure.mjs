// Measures how the served page copes with big corpora: time from picking
// the files to the results, and the peak memory (RSS) of all Chromium
// processes. Not part of `npm test` (it takes minutes and gigabytes); run
//   node measure.mjs 50 100 200      (sizes in MB)
// after scripts/build-wasm. The browser figures in docs/benchmarks.md come
// from it.
//
//   --heap        also report the page's own JavaScript heap (the main
//                 thread, not the workers) once the results are shown,
//                 after a garbage collection: what the page keeps of an
//                 analysis (docs/browser.md has the figures).
//   --root DIR    serve DIR instead of www/ (say, an older www/js beside
//                 the same www/pkg, to measure before and after a change).
//   --dir DIR     pick the files of DIR (say, the news-like corpus of
//                 `paradup-bench gen --mb 100 --out DIR`) instead of
//                 generating them; give no sizes.
//   --no-passages analyze with passage alignment off.
//   --repeat N    measure each corpus N times (a fresh page each time).
//   --workers N   run N prepare workers (0: the main worker prepares every
//                 file itself); default: the page's own choice
//                 (engine.js, prepareWorkers).
//   --add-one     then add one small file to the analyzed set and time
//                 that analysis too (only the new file is read; the rest
//                 is matched again), against the first.
//   --explore     then open the threshold explorer (its scores, once per
//                 analysis) and time slider steps of the near threshold
//                 (each a value not asked before): from the slider's input
//                 event to the counts on screen, and the worker's time for
//                 each `preview`; with passages on, also the minimum passage
//                 words (the lengths with no minimum, then five steps).
//   --remove-one  then remove the first file (its row's remove button)
//                 and time that analysis too (nothing is read; what is
//                 left is matched again), against the first; after
//                 --add-one when both are given.
// Each run also prints where the time went (see breakdown below). With
// PARADUP_CPU_DETAIL set, the CPU by process and by renderer thread; with
// PARADUP_DUMP=FILE, every request's timings as JSON (a timeline).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, passagesOff, startServer, waitStatus } from './helpers.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, ['--root', '--dir', '--repeat', '--workers'].includes(name) ? 2 : 1);
  return value ?? true;
};
const heap = flag('--heap') === true;
const root = flag('--root');
const given = flag('--dir');
const noPassages = flag('--no-passages') === true;
const repeat = Number(flag('--repeat') ?? 1);
const addOne = flag('--add-one') === true;
const removeOne = flag('--remove-one') === true;
const workers = flag('--workers');
const explore = flag('--explore') === true;
const sizes = given ? [null] : args.map(Number).filter(Boolean);
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

// Where the time went, in seconds, from the engine's and the workers'
// timings (engine.js, worker.js): reading the files on the page, each
// request to a worker (posting it, the worker's steps, posting back), and
// drawing the results.
function breakdown(pickedAt, { doneAt, changeAt, requests }) {
  const s = (ms) => (ms / 1000).toFixed(2);
  const parts = [];
  const first = requests.find((r) => r.type === 'sync');
  // Until the files go to the worker: the page reads them (File.arrayBuffer).
  if (changeAt) parts.push(`setInputFiles ${s(changeAt - pickedAt)}`);
  const call = requests.find((r) => r.type === 'call');
  if (call) parts.push(`read files ${s(call.sent - (changeAt ?? pickedAt))}`);
  if (first && call) parts.push(`until sent ${s(first.sent - call.sent)}`);
  // The prepare workers' requests, summed: how many, from the first sent
  // to the last answer, and the work inside the workers.
  const prepares = requests.filter((r) => r.type === 'prepare');
  if (prepares.length) {
    const span = Math.max(...prepares.map((r) => r.received)) - Math.min(...prepares.map((r) => r.sent));
    const work = prepares.reduce((n, r) => n + (r.posted - r.start), 0);
    // Of which: awaiting each file's bytes (overlapping other requests'
    // work), and preparing them (the wasm, one at a time).
    const read = prepares.reduce((n, r) => n + (r.reading ?? 0), 0);
    const prep = prepares.reduce((n, r) => n + (r.preparing ?? 0), 0);
    parts.push(`prepare ×${prepares.length} requests [span ${s(span)}, work ${s(work)} summed over the workers: awaiting the files' bytes ${s(read)}, preparing ${s(prep)}]`);
  }
  for (const r of requests) {
    if (r.type === 'checkOptions' || r.type === 'call' || r.type === 'prepare') continue;
    const inner = [`post ${s(r.start - r.sent)}`];
    if (r.added) inner.push(`files added ${s(r.added - r.analyzeStart)} (adding ${s(r.addBusy)}, filing ahead ${s(r.filing ?? 0)}, the rest waiting)`, `matching ${s(r.analyzed - r.added)}`);
    if (r.analyzeStart) inner.push(`core ${s(r.analyzed - r.analyzeStart)}`, `report json ${s(r.json - r.analyzed)}`, `origins+stats ${s(r.extras - r.json)}`);
    if (r.memory) inner.push(`WebAssembly memory ${Object.entries(r.memory).map(([k, b]) => `${k} ${(b / 1024 ** 2).toFixed(0)} MiB`).join(' ')}`);
    else inner.push(`work ${s(r.posted - r.start)}`);
    inner.push(`reply ${s(r.received - r.posted)}`);
    parts.push(`${r.type}${r.role && r.role !== 'main' ? `(${r.role})` : ''} [${inner.join(', ')}]`);
  }
  const last = requests.filter((r) => r.type === 'analyze' || r.type === 'parse').pop();
  if (last && doneAt) parts.push(`views ${s(doneAt - last.received)}`);
  if (first && doneAt) {
    // Time between the steps above (the page's own work between requests).
    let gaps = 0;
    const main = requests.filter((r) => r.role !== 'differ' && r.role !== 'prepare');
    for (let i = main.indexOf(first) + 1; i < main.length; i++) gaps += Math.max(0, main[i].sent - main[i - 1].received);
    parts.push(`between requests ${s(gaps)}`, `total ${s(doneAt - pickedAt)}`);
  }
  return parts.join('; ');
}

// The CPU seconds (user + system) used so far by `rootPid` and its
// descendants (the browser and its processes): on a loaded machine, where
// wall time depends on the other jobs, this is the steadier figure.
// Per process kind (Chromium's --type, or the command) and user/system,
// with PARADUP_CPU_DETAIL set: where the browser's CPU seconds go.
function cpuDetail(rootPid) {
  const by = {};
  for (const p of descendants(rootPid)) {
    try {
      // Chromium rewrites its command line: one string, spaces between.
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const kind = cmd.match(/--type=(\S+)/)?.[1] ?? cmd.split(' ')[0].split('/').pop();
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      by[`${kind} user`] = (by[`${kind} user`] || 0) + Number(f[11]) / 100;
      by[`${kind} sys`] = (by[`${kind} sys`] || 0) + Number(f[12]) / 100;
      // The renderer's threads one by one (the page's thread, each worker,
      // V8's and Blink's pools): which one took the CPU.
      if (kind === 'renderer') {
        for (const tid of readdirSync(`/proc/${p}/task`)) {
          const name = readFileSync(`/proc/${p}/task/${tid}/comm`, 'utf8').trim();
          const t = readFileSync(`/proc/${p}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
          by[`  ${name}#${tid} user`] = Number(t[11]) / 100;
          by[`  ${name}#${tid} sys`] = Number(t[12]) / 100;
        }
      }
    } catch {
      // The process has exited meanwhile.
    }
  }
  return by;
}

function cpuSeconds(rootPid) {
  let ticks = 0;
  for (const p of descendants(rootPid)) {
    try {
      // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process has exited meanwhile.
    }
  }
  return ticks / 100;
}

function rss(rootPid) {
  // Sum the resident memory of the browser and all its descendants.
  const size = new Map(psRows('pid=,rss=').map(([pid, r]) => [pid, r]));
  let total = 0;
  for (const p of [rootPid, ...descendants(rootPid)]) total += size.get(p) || 0;
  return total * 1024;
}

// The proportional set size of the browser and its descendants (this
// process' children): unlike RSS, a page shared by several processes (the
// browser's code, the zygote's) counts once in all. Linux only.
function pss(rootPid) {
  let total = 0;
  for (const p of descendants(rootPid)) {
    try {
      total += Number(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m)[1]) * 1024;
    } catch {
      // The process has exited meanwhile, or no smaps here.
    }
  }
  return total;
}

/** `ps -eo COLUMNS`, each row as numbers. */
function psRows(columns) {
  return execFileSync('ps', ['-eo', columns]).toString().trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
}

/** Every process below `rootPid` (not itself), from one `ps`. */
function descendants(rootPid) {
  const kids = new Map();
  for (const [pid, ppid] of psRows('pid=,ppid=')) kids.set(ppid, [...(kids.get(ppid) || []), pid]);
  const found = [];
  const stack = [...(kids.get(rootPid) || [])];
  while (stack.length) {
    const p = stack.pop();
    found.push(p);
    stack.push(...(kids.get(p) || []));
  }
  return found;
}

const now = (page) => page.evaluate(() => performance.timeOrigin + performance.now());
const secs = (ms) => (ms / 1000).toFixed(3);

/** The explorer opened, then slider steps timed (see --explore). */
async function measureExplorer(page) {
  const long = { timeout: 30 * 60_000 };
  const counted = (cut) => page.waitForFunction((c) => document.querySelector('#explore-counts').textContent.startsWith(`At ${c}:`), cut, long);
  let since = await now(page);
  await page.click('#explorer summary');
  await page.waitForSelector('#explore-hist .explore-bar', long);
  await page.waitForFunction(() => document.querySelector('#explore-counts').textContent.startsWith('At '), null, long);
  const opened = await now(page);
  const work = (type, from) => page.evaluate(([t, f]) => (globalThis.paradupTimings || []).filter((r) => r.type === t && r.sent >= f).map((r) => r.posted - r.start), [type, from]);
  console.log(`  explorer opened: ${secs(opened - since)} s (scores in the worker ${(await work('scores', since)).map(secs).join(', ')} s; counts at the shown value ${(await work('preview', since)).map(secs).join(', ')} s)`);
  const step = async (cut) => {
    const from = await now(page);
    await page.$eval('#explore-cut', (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input'));
    }, String(cut));
    await counted(cut);
    const shown = await now(page);
    const text = await page.$eval('#explore-counts', (el) => el.textContent);
    return `${cut}: ${secs(shown - from)} s (worker ${(await work('preview', from)).map(secs).join(', ')} s) → ${text.replace(/^At [^:]*: /, '')}`;
  };
  for (const cut of [0.45, 0.55, 0.65, 0.75, 0.85]) console.log(`  near step to ${await step(cut)}`);
  if (noPassages) return;
  since = await now(page);
  await page.selectOption('#explore-field', 'min_passage_words');
  await counted(15);
  console.log(`  minimum passage words chosen (lengths with no minimum, counts at 15): ${secs((await now(page)) - since)} s (worker ${(await work('preview', since)).map(secs).join(', ')} s)`);
  for (const cut of [20, 30, 8, 50, 100]) {
    const from = await now(page);
    const counts = await step(cut);
    // The example passages either side of the value: shown after the counts.
    await page.waitForFunction((c) => document.querySelector('#explore-examples').dataset.cut === String(c), cut, long);
    const shown = await now(page);
    console.log(`  minimum passage words step to ${counts}; examples on screen ${secs(shown - from)} s (worker ${(await work('lengthExamples', from)).map(secs).join(', ')} s)`);
  }
}

const server = await startServer(root);
const browser = await launch();
const rootPid = process.pid; // the browser is a child of this process (so is the small static server)
try {
  for (const size of sizes) for (let r = 0; r < repeat; r++) {
    const dir = given ?? mkdtempSync(join(tmpdir(), `paradup-measure-${size}-`));
    try {
      const files = given ? readdirSync(dir).sort().map((f) => join(dir, f)) : corpus(dir, size);
      const mb = given ? files.reduce((n, f) => n + statSync(f).size, 0) / 1e6 : size;
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => document.body.classList.contains('engine-ready'));
      await page.evaluate((n) => window.paradupDebug.setLimit(n), 4 * 1024 ** 3);
      if (noPassages) {
        await passagesOff(page);
        // Applied (after the page's pause and the core's check): else the
        // files would start an analysis that the options then replace.
        // (A page without the hook, served with --root: a pause instead.)
        await page.waitForFunction(() => window.paradupDebug.options?.()?.passages === false || !window.paradupDebug.options);
        if (!(await page.evaluate(() => Boolean(window.paradupDebug.options)))) await page.waitForTimeout(2000);
      }
      if (workers !== undefined) await page.evaluate((n) => window.paradupDebug.setWorkers(n), Number(workers));
      const running = await page.evaluate(() => window.paradupDebug.workers());
      // The whole browser's memory before the pick (the page and its
      // workers loaded, nothing analyzed): what the peak adds to.
      const idle = rss(rootPid);
      const idlePss = pss(rootPid);
      let peak = 0;
      const timer = setInterval(() => { try { peak = Math.max(peak, rss(rootPid)); } catch { /* ps failed as processes came and went: skip this sample */ } }, 250);
      // The page's own clock at the pick and when the status turns done,
      // for the breakdown by step below.
      const pickedAt = await page.evaluate(() => {
        const now = () => performance.timeOrigin + performance.now();
        new MutationObserver(() => {
          if (document.body.dataset.status === 'done' && !window.measureDoneAt) window.measureDoneAt = now();
        }).observe(document.body, { attributes: true, attributeFilter: ['data-status'] });
        // When the page learns of the files (after playwright has set them).
        document.querySelector('#file-input').addEventListener('change', () => (window.measureChangeAt = now()), { capture: true, once: true });
        return now();
      });
      const cpu0 = cpuSeconds(rootPid);
      const detail0 = process.env.PARADUP_CPU_DETAIL ? cpuDetail(rootPid) : null;
      const t0 = Date.now();
      await page.setInputFiles('#file-input', files);
      // Polled every 50 ms, not at every frame (waitStatus' default): that
      // made the page draw a frame 60 times a second, 0.3 s of its thread.
      const status = await waitStatus(page, ['done', 'error'], 30 * 60_000, 50);
      // From the page's own clock when it has it (the status observed as
      // it changed), else this process' (up to a poll late).
      const doneAt = await page.evaluate(() => window.measureDoneAt);
      const secs = (doneAt ? doneAt - pickedAt : Date.now() - t0) / 1000;
      const cpu = cpuSeconds(rootPid) - cpu0;
      const donePss = pss(rootPid);
      const steps = await page.evaluate((since) => ({ doneAt: window.measureDoneAt, changeAt: window.measureChangeAt, requests: (globalThis.paradupTimings || []).filter((t) => t.sent >= since) }), pickedAt);
      clearInterval(timer);
      const paragraphs = await page.textContent('[data-stat="paragraphs"] .stat-value').catch(() => '?');
      const message = status === 'error' ? await page.textContent('#message-text') : '';
      let heapText = '';
      if (heap) {
        // The main thread's heap once the results are on screen; garbage
        // collected first, so only what the page keeps is counted.
        const cdp = await context.newCDPSession(page);
        await page.waitForTimeout(1000);
        await cdp.send('HeapProfiler.collectGarbage');
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        heapText = `, page JS heap after analysis ${(usedSize / 1024 ** 2).toFixed(1)} MiB`;
      }
      console.log(`${given ? mb.toFixed(1) : mb} MB (${files.length} files, ${paragraphs} paragraphs, ${running} prepare workers): ${status} in ${secs.toFixed(1)} s (${(mb / secs).toFixed(1)} MB/s; browser CPU ${cpu.toFixed(1)} s), peak RSS ${(peak / 1024 ** 3).toFixed(2)} GiB (${(idle / 1024 ** 3).toFixed(2)} GiB before the pick; PSS, shared pages counted once, ${(idlePss / 1024 ** 3).toFixed(2)} GiB before, ${(donePss / 1024 ** 3).toFixed(2)} GiB at the results)${heapText} ${message}`);
      console.log(`  ${breakdown(pickedAt, steps)}`);
      // Every request's timings, for a timeline (PARADUP_DUMP=FILE).
      if (process.env.PARADUP_DUMP) writeFileSync(process.env.PARADUP_DUMP, JSON.stringify({ pickedAt, ...steps }));
      if (status === 'done') {
        const mems = await page.evaluate(() => window.paradupDebug.memories?.() ?? []);
        if (mems.length) console.log(`  WebAssembly memories: ${mems.map(([role, b]) => `${role} ${b == null ? '?' : (b / 1024 ** 2).toFixed(0)} MiB`).join(', ')}`);
      }
      if (detail0) {
        const d = cpuDetail(rootPid);
        const used = (k) => d[k] - (detail0[k] || 0);
        console.log(`  CPU by process: ${Object.keys(d).filter((k) => !k.startsWith(' ')).sort().map((k) => `${k} ${used(k).toFixed(2)}`).join(', ')}`);
        console.log(`  renderer threads (user and sys apart, over 0.02 s): ${Object.keys(d).filter((k) => k.startsWith(' ') && used(k) > 0.02).sort((a, b) => used(b) - used(a)).map((k) => `${k.trim()} ${used(k).toFixed(2)}`).join(', ')}`);
      }
      if (explore && status === 'done') await measureExplorer(page);
      if (addOne && status === 'done') {
        const extra = mkdtempSync(join(tmpdir(), 'paradup-measure-add-'));
        const path = join(extra, 'zz-added.txt');
        writeFileSync(path, `A note added late, about the ferry crew and the first crossing before dawn.\n\n${readFileSync(files[0], 'utf8').split('\n\n').find((p) => p.split(' ').length > 20) ?? ''}\n`);
        const before = await page.evaluate(() => window.paradupDebug.resultsRun());
        const addedAt = await page.evaluate(() => {
          window.measureDoneAt = null;
          window.measureChangeAt = null;
          document.querySelector('#file-input').addEventListener('change', () => (window.measureChangeAt = performance.timeOrigin + performance.now()), { capture: true, once: true });
          return performance.timeOrigin + performance.now();
        });
        const cpuAdd0 = cpuSeconds(rootPid);
        const tAdd = Date.now();
        await page.setInputFiles('#file-input', [path]);
        await page.waitForFunction((b) => document.body.dataset.status === 'done' && window.paradupDebug.resultsRun() !== b, before, { timeout: 30 * 60_000 });
        const addSecs = (Date.now() - tAdd) / 1000;
        const read = await page.evaluate(() => window.paradupDebug.filesRead());
        console.log(`  one small file added: ${addSecs.toFixed(2)} s (${((100 * addSecs) / secs).toFixed(1)}% of the first analysis; browser CPU ${(cpuSeconds(rootPid) - cpuAdd0).toFixed(1)} s), files read ${read}`);
        const addSteps = await page.evaluate((since) => ({ doneAt: window.measureDoneAt, changeAt: window.measureChangeAt, requests: (globalThis.paradupTimings || []).filter((t) => t.sent >= since) }), addedAt);
        console.log(`    ${breakdown(addedAt, addSteps)}`);
        rmSync(extra, { recursive: true, force: true });
      }
      if (removeOne && status === 'done') {
        const before = await page.evaluate(() => window.paradupDebug.resultsRun());
        const removedAt = await page.evaluate(() => {
          window.measureDoneAt = null;
          window.measureChangeAt = null;
          return performance.timeOrigin + performance.now();
        });
        const cpuRemove0 = cpuSeconds(rootPid);
        const tRemove = Date.now();
        await page.click('#doc-list [data-action="remove"]');
        await page.waitForFunction((b) => document.body.dataset.status === 'done' && window.paradupDebug.resultsRun() !== b, before, { timeout: 30 * 60_000 });
        const removeSecs = (Date.now() - tRemove) / 1000;
        const read = await page.evaluate(() => window.paradupDebug.filesRead());
        console.log(`  first file removed: ${removeSecs.toFixed(2)} s (${((100 * removeSecs) / secs).toFixed(1)}% of the first analysis; browser CPU ${(cpuSeconds(rootPid) - cpuRemove0).toFixed(1)} s), files read ${read}`);
        const removeSteps = await page.evaluate((since) => ({ doneAt: window.measureDoneAt, changeAt: window.measureChangeAt, requests: (globalThis.paradupTimings || []).filter((t) => t.sent >= since) }), removedAt);
        console.log(`    ${breakdown(removedAt, removeSteps)}`);
      }
      await context.close();
    } finally {
      if (!given) rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
  server.stop();
}
