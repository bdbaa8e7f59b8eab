// End-to-end tests of the browser app: playwright-core drives headless
// Chromium on the served page (scripts/server.mjs) and on the single-file
// build opened from file://. Run by scripts/test (npm test here).
//
// Comparisons with the CLI: the CLI runs inside ../shared/seeds with bare
// file names, and the page is given the same files (dropped, so each keeps
// its base name), in the same order — so the JSON reports must be equal
// byte for byte, names included.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { HAVE_SEEDS, needsSeeds, openPage, passagesOff, rawZip, REPO, SEEDS, serveAndLaunch, SHOTS, textsShown, unzip, waitStatus, cliCommand } from './helpers.mjs';
import { displayName } from '../../www/js/dom.js';

mkdirSync(SHOTS, { recursive: true });
const seedNames = !HAVE_SEEDS ? [] : readdirSync(SEEDS).filter((n) => n.endsWith('.txt')).sort();
const seedFiles = seedNames.map((name) => ({ name, bytes: [...readFileSync(join(SEEDS, name))] }));
const REPUBLISHED = seedNames.findIndex((n) => n.startsWith('002_'));
const SOURCE = seedNames.findIndex((n) => n.startsWith('000_'));
const SINGLE_FILE = join(REPO, 'www', 'dist', 'paradup.html');
/** A test that needs ../shared/seeds: skipped, and counted, without them. */
const seedTest = (name, fn) => test(name, { skip: needsSeeds(name) }, fn);

/** Runs the native CLI (see `cliCommand`) in `cwd`; returns stdout. */
function cli(args, cwd = SEEDS) {
  const r = spawnSync(...cliCommand(args), { cwd, encoding: 'buffer', maxBuffer: 1 << 28 });
  // Exit status 1 means "duplicates found"; anything else is a failure.
  if (r.status !== 0 && r.status !== 1) throw new Error(`paradup ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

// The seeds' CLI reports; empty without ../shared (their tests are skipped).
const cliJson = HAVE_SEEDS ? cli(['analyze', '--format', 'json', ...seedNames]).toString('utf8') : '{}';
const cliReport = JSON.parse(cliJson);
const cliCsv = HAVE_SEEDS ? cli(['analyze', '--format', 'csv', ...seedNames]).toString('utf8') : '';
const cliPassagesCsv = HAVE_SEEDS ? cli(['analyze', '--format', 'csv', '--rows', 'passages', ...seedNames]).toString('utf8') : '';

/** The page's percentage format (dom.js pct). */
const pct = (x) => {
  const p = x * 100;
  return (p > 0 && p < 1 ? p.toFixed(1) : Math.round(p).toString()) + '%';
};

/**
 * Drops files on the page like a user dragging them in from a file manager.
 * Each file is {name, bytes: [numbers]} or, for big ones, {name, base64}.
 */
async function drop(page, files) {
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    const bytes = (f) => (f.base64 ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : new Uint8Array(f.bytes));
    for (const f of files) dt.items.add(new File([bytes(f)], f.name, { type: 'text/plain' }));
    return dt;
  }, files);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

async function download(page, action) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-action="${action}"]`)]);
  return readFileSync(await dl.path());
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** Requests that left the page's origin (blob: and data: of it are local). */
function foreign(log, origin) {
  return log.filter((r) => !(r.url.startsWith(origin) || r.url.startsWith(`blob:${origin}`) || r.url.startsWith('data:')));
}

const served = serveAndLaunch();

/**
 * Opens `url` in a fresh context that records requests, page errors and
 * dialogs, and waits until the engine is ready.
 */
const openAt = (url, options = {}, timeout = undefined) => openPage(served.browser, url, { context: options, timeout });

async function openServed(options = {}) {
  return { ...(await openAt(served.server.url, options)), origin: new URL(served.server.url).origin };
}

describe('served page', () => {
  test('the landing page offers the example corpus, which plants every kind of duplicate', async () => {
    const { context, page, requests, origin, errors } = await openServed();
    assert.equal(await page.getAttribute('body', 'data-status'), 'idle');
    assert.equal(await page.getAttribute('#file-input', 'type'), 'file');
    assert.equal(await page.getAttribute('#file-input', 'multiple'), '');
    await shot(page, 'landing-light');
    await page.click('[data-action="example"]');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    // Each view is drawn when it is first shown (views.js).
    await page.click('#tab-clusters');
    const kinds = await page.$$eval('.cluster', (els) => els.map((e) => e.dataset.kind));
    for (const k of ['exact', 'near', 'contained']) assert.ok(kinds.includes(k), `${k} cluster in ${kinds}`);
    assert.ok(await page.$('.cluster .badge.boilerplate'), 'a boilerplate cluster');
    // The dateline: the roundup's lead is an exact copy of the festival lead.
    await page.fill('#cluster-search', 'three hundred paper lanterns');
    await page.waitForFunction(() => document.querySelectorAll('.cluster').length === 1);
    const cluster = await page.textContent('.cluster');
    assert.match(cluster, /exact/);
    assert.match(cluster, /weekend-roundup\.txt/);
    assert.deepEqual(foreign(requests, origin), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  seedTest('the seeds: the republication of 000 in 002 is shown with the right counts, and no request happens during analysis', async () => {
    const { context, page, requests, origin, errors } = await openServed();
    const before = requests.length;
    await drop(page, seedFiles);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    assert.deepEqual(requests.slice(before).map((r) => r.url), [], 'no request from drop to result');

    const s = cliReport.summary;
    const stat = (k) => page.textContent(`[data-stat="${k}"] .stat-value`);
    assert.equal(await stat('documents'), String(s.documents));
    assert.equal(await stat('paragraphs'), s.paragraphs.toLocaleString('en-US'));
    assert.equal(await stat('duplicate_paragraphs'), String(s.duplicate_paragraphs));
    assert.equal(await stat('duplicated_share'), pct(s.duplicated_bytes / s.paragraph_bytes));

    const between = cliReport.pairs.filter((p) => (p.a.doc === SOURCE && p.b.doc === REPUBLISHED) || (p.a.doc === REPUBLISHED && p.b.doc === SOURCE));
    assert.ok(between.length >= 5, `000 and 002 share many paragraphs (${between.length})`);
    const overlap = cliReport.overlaps.find((o) => o.a === SOURCE && o.b === REPUBLISHED);
    const cell = page.locator(`.heatmap .cell[data-a="${REPUBLISHED}"][data-b="${SOURCE}"]`);
    assert.equal(await cell.getAttribute('data-pairs'), String(between.length));
    assert.equal((await cell.textContent()).trim(), pct(overlap.b_share));
    assert.match(await cell.getAttribute('aria-label'), new RegExp(`${between.length} matching paragraph pairs`));
    // The documents table: 002's duplicated share, as a bar and a number.
    const row = page.locator(`#doc-table tr[data-doc="${REPUBLISHED}"]`);
    const doc = cliReport.documents[REPUBLISHED];
    const dup = cliReport.clusters.flatMap((c) => c.copies).filter((c) => c.doc === REPUBLISHED).reduce((n, c) => n + doc.paragraphs[c.para].end - doc.paragraphs[c.para].start, 0);
    const total = doc.paragraphs.reduce((n, p) => n + p.end - p.start, 0);
    assert.equal((await row.locator('.share-value').textContent()).trim(), pct(dup / total));
    await shot(page, 'overview-light');

    // Sorting the table by name puts 000 first.
    await page.click('#doc-table [data-sort="name"]');
    assert.match(await page.textContent('#doc-table tbody tr:first-child'), /^000_/);
    assert.equal(await page.getAttribute('#doc-table th:first-child', 'aria-sort'), 'ascending');

    // Compare the two documents (row 000 on the left, 002 on the right):
    // the differences are highlighted.
    await page.click(`.heatmap .cell[data-a="${SOURCE}"][data-b="${REPUBLISHED}"]`);
    await page.waitForSelector('.compare-grid[data-mode="documents"]');
    const inserted = await page.$$eval('.compare-doc[data-side="b"] ins.diff-insert', (els) => els.map((e) => e.textContent));
    assert.ok(inserted.some((t) => t.includes('MORE:')), `the glued "MORE:" links are marked as inserted: ${inserted.slice(0, 5)}`);
    const matched = await page.$$eval('.compare-doc[data-side="b"] .compare-para.matched', (els) => els.length);
    assert.ok(matched >= between.length - 1, `${matched} matched paragraphs highlighted`);
    await shot(page, 'compare-documents-light');

    // A paragraph compared with its original (the dateline lead).
    await page.click('#tab-clusters');
    await page.fill('#cluster-search', 'tech billionaire who owns Tesla');
    await page.waitForFunction(() => document.querySelectorAll('.cluster').length === 1);
    await page.click(`.cluster .copies li:has-text("${seedNames[REPUBLISHED]}") [data-action="compare"]`);
    await page.waitForSelector('.compare-grid[data-mode="paragraphs"]');
    // 000 has the "(NEW YORK) —" dateline, the republication in 002 not.
    const del = await page.$$eval('[data-side="a"] del.diff-delete', (els) => els.map((e) => e.textContent).join('|'));
    assert.match(del, /NEW YORK/, 'the dateline is shown as removed');
    assert.equal(await page.$$eval('[data-side="b"] del', (els) => els.length), 0);
    await shot(page, 'compare-paragraphs-light');

    // The document view: duplicated paragraphs highlighted and linked.
    await page.click('#tab-document');
    await page.selectOption('#doc-select', String(REPUBLISHED));
    const dupParas = await page.$$eval('#doc-view .para.dup', (els) => els.length);
    assert.ok(dupParas >= 3, `${dupParas} highlighted paragraphs`);
    await page.click('#doc-view .para.dup .para-note .link');
    assert.equal(await page.inputValue('#doc-select'), String(SOURCE), 'the link opens the original');
    await shot(page, 'document-light');
    assert.deepEqual(foreign(requests, origin), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  seedTest('exports: JSON equals the CLI report, CSV equals the CLI CSV, the zip equals the CLI dedup output', async () => {
    const { context, page, requests, origin } = await openServed();
    await drop(page, seedFiles);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    const json = (await download(page, 'export-json')).toString('utf8');
    assert.deepEqual(JSON.parse(json), cliReport);
    assert.equal(json, cliJson, 'byte for byte');
    assert.equal((await download(page, 'export-csv')).toString('utf8'), cliCsv);
    const passagesCsv = (await download(page, 'export-passages-csv')).toString('utf8');
    assert.equal(passagesCsv, cliPassagesCsv);
    assert.ok(passagesCsv.split('\n').length > 2, 'the seeds share passages');

    const zip = unzip(await download(page, 'export-dedup'));
    const out = mkdtempSync(join(tmpdir(), 'paradup-dedup-'));
    try {
      cli(['dedup', '--out', out, ...seedNames]);
      for (const name of seedNames) assert.deepEqual(zip.get(name), readFileSync(join(out, name)), name);
      assert.deepEqual(JSON.parse(zip.get('paradup-dedup-log.json')), JSON.parse(readFileSync(join(out, 'paradup-dedup-log.json'), 'utf8')));
      assert.ok(zip.get(seedNames[REPUBLISHED]).length < seedFiles[REPUBLISHED].bytes.length, '002 lost its copies');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    assert.deepEqual(foreign(requests, origin), []);
    await context.close();
  });

  seedTest('changing options re-runs the analysis without re-reading files or any request', async () => {
    const { context, page, requests } = await openServed();
    await drop(page, seedFiles);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    await page.evaluate(() => {
      window.__reads = 0;
      for (const m of ['arrayBuffer', 'text', 'stream']) {
        const orig = Blob.prototype[m];
        Blob.prototype[m] = function (...a) {
          window.__reads++;
          return orig.apply(this, a);
        };
      }
    });
    const before = requests.length;
    // Every status the page goes through (a re-run of five small files can
    // be over before a poll would see "working").
    await page.evaluate(() => {
      window.__statuses = [];
      new MutationObserver((records) => {
        for (const r of records) window.__statuses.push(r.oldValue);
        window.__statuses.push(document.body.dataset.status);
      }).observe(document.body, { attributes: true, attributeOldValue: true, attributeFilter: ['data-status'] });
    });
    await page.click('#options-details summary');
    await page.fill('#options [name="near_threshold"]', '0.95');
    await page.waitForFunction(() => window.__statuses.includes('working') && ['done', 'error'].includes(document.body.dataset.status));
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    const json = JSON.parse((await download(page, 'export-json')).toString('utf8'));
    assert.equal(json.settings.near_threshold, 0.95);
    assert.deepEqual(json, JSON.parse(cli(['analyze', '--format', 'json', '--near', '0.95', ...seedNames]).toString('utf8')));
    assert.equal(await page.evaluate(() => window.__reads), 0, 'no file was read again');
    assert.deepEqual(requests.slice(before).filter((r) => !r.url.startsWith('blob:')).map((r) => r.url), []);
    // A bad value gets a clear message, not a frozen page.
    await page.fill('#options [name="min_words"]', '0');
    assert.equal(await waitStatus(page, ['error']), 'error');
    assert.match(await page.textContent('#message-text'), /min_words/);
    await page.fill('#options [name="min_words"]', '5');
    assert.equal(await waitStatus(page, ['done']), 'done');
    await context.close();
  });

  test('a hostile file name and content are shown literally and run nothing', async () => {
    const { context, page, dialogs, errors } = await openServed();
    const name = '<img src=x onerror=alert(1)>.txt';
    const content = '<script>alert(1)</script> and some more words here\n\n<script>alert(1)</script> and some more words here\n';
    await page.setInputFiles('#file-input', [{ name, mimeType: 'text/plain', buffer: Buffer.from(content) }]);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    assert.equal(await page.textContent('#doc-list .doc-name'), name);
    await page.click('#tab-document');
    await textsShown(page, '#doc-view');
    const texts = await page.$$eval('#doc-view .para-text', (els) => els.map((e) => e.textContent));
    assert.deepEqual(texts, ['<script>alert(1)</script> and some more words here', '<script>alert(1)</script> and some more words here']);
    await page.click('#tab-clusters');
    assert.match(await page.textContent('.cluster'), /<img src=x onerror=alert\(1\)>\.txt/);
    await page.click('#tab-overview');
    assert.equal(await page.$$eval('img', (els) => els.length), 0, 'no <img> element was created');
    assert.equal(await page.$$eval('script', (els) => els.filter((s) => s.textContent.includes('alert')).length), 0);
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, [], 'no alert ran');
    assert.deepEqual(errors, []);
    await context.close();
  });

  seedTest('the folder picker and paste add documents; removing one re-runs', async () => {
    const { context, page } = await openServed();
    await page.setInputFiles('#folder-input', SEEDS);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    const names = await page.$$eval('#doc-list .doc-name', (els) => els.map((e) => e.textContent));
    assert.deepEqual(names, seedNames.map((n) => `seeds/${n}`));
    await page.click('[data-action="paste"]');
    await page.fill('#paste-text', 'A pasted paragraph about the harbour festival and its lanterns.\n\nA pasted paragraph about the harbour festival and its lanterns.');
    await page.click('#paste-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#doc-list li').length === 6);
    assert.equal(await waitStatus(page, ['done']), 'done');
    assert.equal(await page.textContent('[data-stat="documents"] .stat-value'), '6');
    await page.click('#doc-list li:first-child .icon-button');
    await page.waitForFunction(() => document.querySelector('[data-stat="documents"] .stat-value')?.textContent === '5' && document.body.dataset.status === 'done');
    await context.close();
  });

  test('Cancel stops a long analysis; the page stays usable; 100k paragraphs scroll in a virtual list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paradup-big-'));
    const words = 'harbour lantern bridge council river market library ferry station quay winter spring budget school garden road village festival report museum'.split(' ');
    let seed = 7;
    const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const files = [];
    for (let f = 0; f < 50; f++) {
      const paras = [];
      for (let p = 0; p < 2000; p++) paras.push(Array.from({ length: 12 }, () => words[rand(words.length)]).join(' ') + ` ${f}-${p}.`);
      const path = join(dir, `big-${String(f).padStart(2, '0')}.txt`);
      writeFileSync(path, paras.join('\n\n'));
      files.push(path);
    }
    try {
      const { context, page, errors } = await openServed();
      await passagesOff(page);
      await page.setInputFiles('#file-input', files);
      await page.waitForFunction(() => document.body.dataset.status === 'working');
      await page.waitForSelector('#progress:not([hidden])');
      await page.waitForFunction(() => /Reading|Matching/.test(document.getElementById('progress-stage').textContent));
      await shot(page, 'progress-light');
      // The page responds while the worker works.
      assert.equal(await page.evaluate(() => 1 + 1), 2);
      await page.click('[data-action="cancel"]');
      assert.equal(await waitStatus(page, ['idle', 'done', 'error'], 5000), 'idle');
      assert.match(await page.textContent('#message-text'), /cancelled/i);
      assert.equal(await page.$$eval('#doc-list li', (els) => els.length), 50, 'files still listed');
      // Run it again to the end, on the fresh worker.
      await page.click('[data-action="retry"]');
      assert.equal(await waitStatus(page, ['done', 'error'], 240_000), 'done');
      assert.equal(await page.textContent('[data-stat="paragraphs"] .stat-value'), '100,000');
      await page.click('#tab-document');
      await page.selectOption('#doc-select', '0');
      const rows = await page.$$eval('#doc-view .para', (els) => els.length);
      assert.ok(rows > 0 && rows < 200, `only ${rows} of 2000 paragraphs are in the DOM`);
      const t0 = Date.now();
      for (let i = 0; i < 20; i++) await page.evaluate(() => { const v = document.getElementById('doc-view'); v.scrollTop += 5000; });
      await page.evaluate(() => { const v = document.getElementById('doc-view'); v.scrollTop = v.scrollHeight; });
      await page.waitForFunction(() => [...document.querySelectorAll('#doc-view .para')].some((e) => e.dataset.para === '1999'));
      assert.ok(Date.now() - t0 < 5000, 'scrolling stays fast');
      await page.click('#tab-clusters');
      const clusterRows = await page.$$eval('#cluster-list .cluster', (els) => els.length);
      assert.ok(clusterRows < 200, `${clusterRows} cluster rows in the DOM`);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a crash in the worker (a panic in the wasm, or an exception) is reported and recovered', async () => {
    const { context, page, errors } = await openServed();
    await page.click('[data-action="example"]');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    const summary = await page.textContent('#summary');
    for (const how of ['panic', 'throw']) {
      await page.evaluate((how) => window.paradupDebug.crash(how), how);
      assert.equal(await waitStatus(page, ['error']), 'error');
      assert.match(await page.textContent('#message-text'), how === 'panic' ? /crashed \(a panic/ : /worker failed/);
      assert.match(await page.textContent('#message-text'), /use the command line.*paradup analyze/, 'points to the CLI');
      assert.equal(await page.$$eval('#doc-list li', (els) => els.length), 4, 'files still listed');
      if (how === 'panic') await shot(page, 'crash-light');
      await page.click('[data-action="retry"]');
      assert.equal(await waitStatus(page, ['done', 'error']), 'done');
      assert.equal(await page.textContent('#summary'), summary, 'same results from the new worker');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('over the size limit, the page stops adding files, keeps those it has and points to the CLI', async () => {
    const { context, page, errors } = await openServed();
    assert.match(await page.textContent('#about-input'), /256 MB.*paradup analyze/s, 'the limit is stated');
    await page.evaluate(() => window.paradupDebug.setLimit(100_000));
    const para = (i) => `Paragraph ${i} of a file about the harbour, the ferry and the market square, with words.`;
    const file = (name, n) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(Array.from({ length: n }, (_, i) => para(i)).join('\n\n')) });
    // About 40 KB each: two fit, the third and fourth do not.
    await page.setInputFiles('#file-input', [file('one.txt', 450), file('two.txt', 450), file('three.txt', 450), file('four.txt', 10)]);
    await page.waitForSelector('#message[data-kind="limit"]:not([hidden])');
    const message = await page.textContent('#message-text');
    assert.match(message, /at most 97\.7 KB/);
    assert.match(message, /2 files .*from “three\.txt” on/);
    assert.match(message, /paradup analyze/);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    assert.deepEqual(await page.$$eval('#doc-list .doc-name', (els) => els.map((e) => e.textContent)), ['one.txt', 'two.txt']);
    assert.equal(await page.textContent('[data-stat="documents"] .stat-value'), '2');
    assert.ok(Number(await page.textContent('[data-stat="duplicate_paragraphs"] .stat-value')) > 400, 'the two files are analyzed');
    // Removing one makes room again.
    await page.click('#doc-list li:first-child .icon-button');
    await page.setInputFiles('#file-input', [file('four.txt', 10)]);
    await page.waitForFunction(() => document.querySelectorAll('#doc-list li').length === 2);
    assert.equal(await waitStatus(page, ['done']), 'done');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('privacy: the CSP allows only this origin; a request elsewhere is refused', async () => {
    const { context, page, requests, origin } = await openServed();
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.equal(csp, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'");
    const outcome = await page.evaluate(() => fetch('https://example.com/x').then(() => 'sent', (e) => `refused: ${e.message}`));
    assert.match(outcome, /^refused/);
    const img = await page.evaluate(() => new Promise((r) => { const i = new Image(); i.onload = () => r('loaded'); i.onerror = () => r('refused'); i.src = 'https://example.com/x.png'; }));
    assert.equal(img, 'refused');
    // Chromium reports the image request, then fails it before it leaves:
    // blocked by the Content-Security-Policy.
    const attempted = foreign(requests, origin);
    assert.deepEqual(attempted.map((r) => r.url), ['https://example.com/x.png']);
    assert.match(attempted[0].failure || '', /BLOCKED_BY_CSP|csp/i);
    await context.close();
  });

  seedTest('dark theme and narrow screens (screenshots)', async () => {
    for (const [scheme, viewport, suffix] of [['dark', { width: 1280, height: 860 }, 'dark'], ['light', { width: 390, height: 844 }, 'narrow']]) {
      const { context, page, errors } = await openServed({ colorScheme: scheme, viewport });
      await shot(page, `landing-${suffix}`);
      await drop(page, seedFiles);
      assert.equal(await waitStatus(page, ['done', 'error']), 'done');
      await shot(page, `overview-${suffix}`);
      await page.click('#tab-clusters');
      await shot(page, `clusters-${suffix}`);
      await page.click('.cluster [data-action="compare"]');
      await shot(page, `compare-${suffix}`);
      await page.click('#tab-document');
      await shot(page, `document-${suffix}`);
      if (suffix === 'narrow') {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `no horizontal scrolling on a narrow screen (${overflow}px)`);
      }
      // Keyboard: the tabs move with the arrow keys and focus is visible.
      await page.focus('#tab-document');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-compare');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none');
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});

/** Opens the single-file build from disk, like openServed. */
async function openSingleFile() {
  const href = pathToFileURL(SINGLE_FILE).href;
  return { ...(await openAt(href, {}, 30_000)), href };
}

/** Requests of the single-file page other than itself, its blobs and data: URLs. */
function localRequests({ requests, href }) {
  return requests.filter((r) => r.url !== href && !r.url.startsWith('blob:null/') && !r.url.startsWith('data:'));
}

/**
 * The hostile batch: generated files, with the CLI's JSON report on them
 * (the expected outcome). Made once, shared by the served page's test and
 * the single-file build's.
 */
let hostileBatch;

/**
 * An archive with a path-traversal name and two zip bombs (300 MiB of
 * zeros, once with an honest header and once claiming 1,000 bytes) between
 * ordinary entries.
 */
function hostileZip(crc32) {
  const zeros = Buffer.alloc(300 << 20);
  const bomb = deflateRawSync(zeros, { level: 9 });
  const zerosCrc = crc32(zeros);
  const stored = (name, text) => {
    const data = Buffer.from(text, 'utf8');
    return { name, data, method: 0, size: data.length, crc: crc32(data) };
  };
  return rawZip([
    stored('inside/ok.txt', 'A paragraph inside an archive that also holds dangerous entries, long enough.\n'),
    stored('../../escape.txt', 'A file whose name tries to climb out of the folder it would be unpacked into.\n'),
    { name: 'zeros-honest.txt', data: bomb, method: 8, size: 300 << 20, crc: zerosCrc },
    { name: 'zeros-lying.txt', data: bomb, method: 8, size: 1000, crc: zerosCrc },
    stored('after.txt', 'An entry after the bombs is still read as usual, with enough words.\n'),
  ]);
}
async function makeHostileBatch() {
  if (hostileBatch) return hostileBatch;
  const { zip, crc32 } = await import('./helpers.mjs');
  const shared = 'The harbour commission approved the new ferry timetable after a long debate on Tuesday evening, and the first boats sail in May.';
  const enc = (s) => Buffer.from(s, 'utf8');
  const utf16le = (s) => Buffer.from(s, 'utf16le');
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) & 0xff);
  const files = [
    ['good-a.txt', enc(`${shared}\n\nThe first file also talks about the weather at length, which nobody else does.\n`)],
    ['nul.bin', Buffer.from(Array.from({ length: 4000 }, (_, i) => (i % 3 ? 0 : 65)))],
    ['control.dat', Buffer.from(Array.from({ length: 4000 }, (_, i) => 1 + (i % 8)))],
    ['image.png', Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(Array.from({ length: 2000 }, rand))])],
    ['program', Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.from(Array.from({ length: 2000 }, rand))])],
    ['empty.txt', Buffer.alloc(0)],
    ['blank.txt', enc('   \n\n\t\t\n  \r\n\n   ')],
    ['utf16-no-bom.txt', utf16le('A paragraph in UTF-16 without any byte-order mark at its start.\n\nAnd a second paragraph of it, long enough to be compared too.\n')],
    ['bad-utf8.txt', Buffer.concat([enc('Caf\u00e9 society met in the square for the annual chess tournament.\n\nA byte that is not UTF-8: '), Buffer.from([0xe9, 0xff, 0xfe]), enc(' in the middle of the text.\n')])],
    ['long-line.txt', Buffer.alloc(6 * 1024 * 1024, 'x')],
    ['many-lines.txt', enc('The same line, over and over again, in a very repetitive file.\n'.repeat(100_000))],
    ['<img src=x onerror=alert(1)>.txt', enc('<script>alert(2)</script> <b onmouseover=alert(3)>bold</b> words enough to count here\n\n<iframe src="javascript:alert(4)"></iframe> and more words to make a paragraph\n')],
    ['evil\u202Etxt.exe', enc('Right-to-left \u202Eoverride\u202C, emoji \u{1F600}\u{1F469}\u200D\u{1F4BB}, combining e\u0301\u0301\u0301 and a NUL \u0000 in a paragraph of words.\n')],
    ['\u{1F4C4} cafe\u0301 notes.md', enc('# Notes\n\nSome *Markdown* text with a [link](http://example.com) and enough words here.\n')],
    ['page.html', enc('<!doctype html><html><head><title>Page</title><script>alert(5)</script></head><body><h1>A page</h1><p>An HTML paragraph about the <b>museum</b> and its long new wing.</p><p onclick="alert(6)">Another paragraph, with &amp; an entity and some more words.</p></body></html>\n')],
    ['bundle.zip', Buffer.from(zip([{ name: 'inner.txt', bytes: enc('A text file inside a zip archive, with enough words to count.\n') }]))],
    ['records.jsonl', enc('{"id": 1, "text": "The first record of a JSON Lines file, with enough words."}\n{"id": 2, "text": "The second record of the same file, also long enough."}\n')],
    ['report.pdf', enc('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n')],
    ['hostile.zip', hostileZip(crc32)],
    ['many-entries.zip', Buffer.from(zip(Array.from({ length: 10_001 }, (_, i) => ({ name: `e${i}.txt`, bytes: enc(`entry ${i}`) }))))],
    ['good-b.txt', enc(`Something else opens the second file, a paragraph of its own.\n\n${shared}\n`)],
  ];
  const names = files.map(([n]) => n);
  const dir = mkdtempSync(join(tmpdir(), 'paradup-hostile-'));
  try {
    for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes);
    const cliOut = cli(['analyze', '--format', 'json', ...names], dir).toString('utf8');
    hostileBatch = { files, names, cliOut, expected: JSON.parse(cliOut) };
    return hostileBatch;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Drops the hostile batch on an open page ({page, dialogs, errors}, from
 * openServed or openSingleFile) and checks every outcome against the CLI.
 */
async function checkHostileBatch({ page, dialogs, errors }, shotName) {
  const { files, names, cliOut, expected } = await makeHostileBatch();
  const started = Date.now();
  await drop(page, files.map(([name, bytes]) => ({ name, base64: bytes.toString('base64') })));
  // The page answers while the worker works, and the analysis ends.
  let slowest = 0;
  for (;;) {
    const t0 = Date.now();
    const status = await page.evaluate(() => document.body.dataset.status);
    slowest = Math.max(slowest, Date.now() - t0);
    if (status === 'done' || status === 'error') break;
    await page.waitForTimeout(50);
  }
  assert.equal(await page.evaluate(() => document.body.dataset.status), 'done', await page.textContent('#message-text'));
  // A frozen page would answer only once the analysis ends, so its slowest
  // answer would be about the whole analysis. Relative to the analysis, so
  // that a loaded machine (every round trip slower) does not fail it.
  const elapsed = Date.now() - started;
  assert.ok(slowest < Math.max(2000, elapsed / 3), `the page answered within ${slowest} ms of a ${elapsed} ms analysis`);
  console.log(`# hostile batch (${shotName}): analyzed in ${elapsed} ms; slowest page response ${slowest} ms`);

  // The report is the CLI's, byte for byte (so every reader is the same).
  const json = (await download(page, 'export-json')).toString('utf8');
  assert.equal(json, cliOut);

  // The deduplicated zip never names a path outside the folder it is
  // unpacked into.
  const dedupNames = [...unzip(await download(page, 'export-dedup')).keys()];
  assert.ok(dedupNames.includes('hostile.zip/escape.txt'), dedupNames.filter((n) => n.startsWith('hostile')).join(', '));
  for (const n of dedupNames) assert.ok(!n.startsWith('/') && !n.split('/').includes('..'), n);

  // Every file shows its outcome in the list.
  const rows = await page.$$eval('#doc-list li', (els) => els.map((li) => {
    const o = li.querySelector('.doc-outcome');
    return { name: li.querySelector('.doc-name').textContent, outcome: o?.dataset.outcome, paragraphs: Number(o?.dataset.paragraphs), text: o?.textContent, warning: !!li.querySelector('.doc-warning') };
  }));
  // Names are shown with control and bidi characters escaped (displayName).
  assert.deepEqual(rows.map((r) => r.name), names.map(displayName), 'every file listed, names as text');
  rows.forEach((r, i) => (r.name = names[i]));
  const base = (n) => n.split(/[#/]/)[0];
  for (const row of rows) {
    const docs = expected.documents.filter((d) => d.name === row.name || (d.name.startsWith(row.name) && /^[#/]/.test(d.name.slice(row.name.length))));
    const skipped = expected.skipped.filter((s) => s.name === row.name || base(s.name) === row.name);
    assert.ok(docs.length + skipped.length > 0, `${row.name} has an outcome in the report`);
    if (!docs.length) {
      assert.equal(row.outcome, 'skipped', row.name);
      assert.ok(row.text.includes(skipped[0].reason), `${row.name}: "${row.text}" shows "${skipped[0].reason}"`);
    } else {
      assert.equal(row.outcome, skipped.length ? 'partial' : 'analyzed', row.name);
      assert.equal(row.paragraphs, docs.reduce((n, d) => n + d.paragraphs.length, 0), row.name);
      assert.match(row.text, /paragraph/, row.name);
      assert.equal(row.warning, docs.some((d) => d.warnings.length > 0), `${row.name}: warnings marked`);
    }
  }
  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
  for (const n of ['nul.bin', 'control.dat', 'image.png', 'program', 'report.pdf']) assert.equal(byName[n].outcome, 'skipped', n);
  assert.match(byName['image.png'].text, /PNG/);
  assert.match(byName['report.pdf'].text, /PDF/);
  for (const n of ['empty.txt', 'blank.txt']) assert.deepEqual([byName[n].outcome, byName[n].paragraphs], ['analyzed', 0], n);
  assert.equal(byName['utf16-no-bom.txt'].paragraphs, 2);
  assert.equal(expected.documents.find((d) => d.name === 'utf16-no-bom.txt').encoding, 'utf-16le');
  assert.ok(byName['bad-utf8.txt'].warning, 'the encoding fallback is marked');
  assert.equal(byName['long-line.txt'].paragraphs, 1);
  assert.ok(byName['many-lines.txt'].paragraphs >= 1);
  assert.equal(expected.documents.find((d) => d.name === 'page.html').format, 'html');
  assert.equal(byName['page.html'].paragraphs, 3);
  // An archive's entries and a JSON Lines file's records are documents.
  assert.deepEqual(expected.documents.filter((d) => d.name.startsWith('bundle.zip')).map((d) => d.name), ['bundle.zip/inner.txt']);
  assert.deepEqual([byName['bundle.zip'].outcome, byName['bundle.zip'].paragraphs], ['analyzed', 1]);
  assert.deepEqual(expected.documents.filter((d) => d.name.startsWith('records.jsonl')).map((d) => [d.name, d.format]), [['records.jsonl#1', 'jsonl'], ['records.jsonl#2', 'jsonl']]);
  assert.match(byName['records.jsonl'].text, /^2 documents, 2 paragraphs/);
  // Zip bombs and traversal names: the bombs are skipped with the limit
  // they hit, the rest of the archive is read, and names stay names.
  assert.deepEqual(expected.documents.filter((d) => d.name.startsWith('hostile.zip')).map((d) => d.name), ['hostile.zip/inside/ok.txt', 'hostile.zip/../../escape.txt', 'hostile.zip/after.txt']);
  const reason = (n) => expected.skipped.find((s) => s.name === n)?.reason ?? '';
  assert.match(reason('hostile.zip/zeros-honest.txt'), /more than the 256 MiB limit/);
  assert.match(reason('hostile.zip/zeros-lying.txt'), /more than 256 MiB uncompressed/);
  assert.equal(byName['hostile.zip'].outcome, 'partial');
  assert.equal(expected.documents.filter((d) => d.name.startsWith('many-entries.zip/')).length, 10_000);
  assert.match(reason('many-entries.zip'), /10001 entries; only the first 10000 were read/);

  // The skipped inputs are listed with their reasons.
  const skippedShown = await page.$$eval('#skipped-list li', (els) => els.map((li) => [li.querySelector('.skipped-name').textContent, li.querySelector('.skipped-reason').textContent]));
  assert.deepEqual(skippedShown, expected.skipped.map((s) => [displayName(s.name), s.reason]));
  assert.equal(await page.isVisible('#skipped'), true);

  // The good pair is found.
  const a = expected.documents.findIndex((d) => d.name === 'good-a.txt');
  const b = expected.documents.findIndex((d) => d.name === 'good-b.txt');
  assert.ok(expected.pairs.some((p) => p.a.doc === a && p.b.doc === b && p.kind === 'exact'), 'the shared paragraph is a pair');
  await page.click('#tab-clusters');
  await page.fill('#cluster-search', 'ferry timetable');
  await page.waitForFunction(() => document.querySelectorAll('.cluster').length === 1);
  assert.match(await page.textContent('.cluster'), /good-b\.txt/);

  // HTML is shown as its text, never as markup.
  await page.click('#tab-document');
  await page.selectOption('#doc-select', String(expected.documents.findIndex((d) => d.name === 'page.html')));
  await textsShown(page, '#doc-view');
  const htmlTexts = await page.$$eval('#doc-view .para-text', (els) => els.map((e) => e.textContent));
  assert.deepEqual(htmlTexts, ['A page', 'An HTML paragraph about the museum and its long new wing.', 'Another paragraph, with & an entity and some more words.']);
  await page.selectOption('#doc-select', String(expected.documents.findIndex((d) => d.name.startsWith('<img'))));
  await textsShown(page, '#doc-view');
  assert.match(await page.textContent('#doc-view'), /<script>alert\(2\)<\/script>/);
  await shot(page, shotName);

  // Nothing from the hostile markup became an element, nothing ran.
  const created = await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, b[onmouseover], [onerror], [onclick], [onload]').length);
  assert.equal(created, 0, 'no element from the hostile markup');
  assert.equal(await page.$$eval('script', (els) => els.filter((s) => /alert/.test(s.textContent)).length), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'no dialog');
  assert.deepEqual(errors, []);
}

describe('single-file build (file://)', () => {
  seedTest('works from disk with no server, no request, and gives the CLI report', async () => {
    const opened = await openSingleFile();
    const { context, page, errors } = opened;
    assert.equal(await page.getAttribute('body', 'data-build'), 'single-file');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /^default-src 'none'; script-src 'sha256-[^']+' 'wasm-unsafe-eval'; style-src 'sha256-[^']+'; worker-src blob:; img-src data:; base-uri 'none'; form-action 'none'$/);
    await page.click('[data-action="example"]');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    await page.click('[data-action="remove-all"], [data-action="clear"]');
    await drop(page, seedFiles);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    const json = (await download(page, 'export-json')).toString('utf8');
    assert.equal(json, cliJson);
    await shot(page, 'single-file-light');
    const outcome = await page.evaluate(() => fetch('https://example.com/x').then(() => 'sent', () => 'refused'));
    assert.equal(outcome, 'refused');
    assert.deepEqual(localRequests(opened).map((r) => r.url), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('hostile input: the same hostile batch as the served page gets the same outcomes, nothing runs, no request', async () => {
    const opened = await openSingleFile();
    await checkHostileBatch(opened, 'single-file-hostile-light');
    assert.deepEqual(localRequests(opened).map((r) => r.url), []);
    await opened.context.close();
  });
});

describe('hostile input', () => {
  test('a batch of hostile files: every one gets a visible outcome, nothing runs, the page stays responsive, the good pair is found', async () => {
    const opened = await openServed();
    await checkHostileBatch(opened, 'hostile-light');
    await opened.context.close();
  });
});
