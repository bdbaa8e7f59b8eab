// End-to-end races: the set of documents analyzed must always be exactly
// the set listed, whatever the order and timing of clicks, cancels,
// removals and worker restarts. Each test races user actions against the
// engine's start (a slow .wasm response) or against a running analysis,
// then checks three views of the result against each other — the list,
// the report on screen, the JSON export — and the export against the
// report of a calm run (a fresh page given the same files at once).
//
// A running analysis is made long enough to race with by a generated file
// of 20,000 paragraphs (BIG): its analysis takes a few seconds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLES } from '../../www/js/examples.js';
import { downloadFrom, dropFiles, openPage, serveAndLaunch, waitStatus } from './helpers.mjs';

const EX = EXAMPLES.map(([name, text]) => ({ name, bytes: Buffer.from(text, 'utf8') }));

function bigText(paragraphs) {
  const words = 'harbour lantern bridge council river market library ferry station quay winter spring budget school garden road village festival report museum'.split(' ');
  let seed = 12345;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const out = [];
  for (let p = 0; p < paragraphs; p++) out.push(Array.from({ length: 12 }, () => words[rand(words.length)]).join(' ') + ` number ${p}.`);
  return out.join('\n\n');
}
const BIG = { name: 'big.txt', bytes: Buffer.from(bigText(20_000), 'utf8') };

const served = serveAndLaunch();

/** A fresh page recording requests and errors; `slowWasm` ms of delay on the .wasm. */
const open = ({ slowWasm = 0, wait = true } = {}) => openPage(served.browser, served.server.url, { slowWasm, wait });

const status = (page) => page.evaluate(() => document.body.dataset.status);
const listed = (page) => page.$$eval('#doc-list .doc-name', (els) => els.map((e) => e.textContent));
/** The documents of the report on screen, in report order. */
const reported = (page) =>
  page.$$eval('#doc-table tbody tr', (rows) => rows.map((r) => [Number(r.dataset.doc), r.querySelector('.doc-link').textContent]).sort((a, b) => a[0] - b[0]).map(([, name]) => name));
const exported = async (page) => JSON.parse((await downloadFrom(page, '[data-action="export-json"]')).toString('utf8'));
const pageRequests = (requests, from) => requests.slice(from).filter((r) => !r.url.startsWith('blob:')).map((r) => r.url);

/** Waits until an analysis runs, and checks it still does (so a cancel now cancels something). */
async function working(page) {
  await page.waitForFunction(() => document.body.dataset.status === 'working', null, { timeout: 30_000 });
}

/**
 * Clicks inside the page, each `delay` ms after the one before, with no
 * round trip to the test between them (a user's quick clicks). The first
 * click must find an analysis running.
 */
function quickClicks(page, steps) {
  return page.evaluate(async (steps) => {
    if (document.body.dataset.status !== 'working') throw new Error(`no analysis runs (status ${document.body.dataset.status})`);
    for (const [selector, delay] of steps) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const el = document.querySelector(selector);
      if (!el) throw new Error(`nothing matches ${selector}`);
      el.click();
    }
  }, steps);
}

async function cancelRunning(page) {
  assert.equal(await status(page), 'working', 'an analysis runs when Cancel is pressed');
  await page.click('[data-action="cancel"]');
  assert.match(await page.textContent('#message-text'), /cancelled/i);
}

async function setOption(page, name, value) {
  if (!(await page.isVisible(`#options [name="${name}"]`))) await page.click('#options-details summary');
  await page.fill(`#options [name="${name}"]`, String(value));
}

// Counts every status the page passes through (a short run can be over
// before a poll would see it).
async function watchStatuses(page) {
  await page.evaluate(() => {
    window.__statuses = [];
    new MutationObserver(() => window.__statuses.push(document.body.dataset.status)).observe(document.body, { attributes: true, attributeFilter: ['data-status'] });
  });
}

const calmRuns = new Map();
/** The JSON report of `files` (with `near` as near threshold, if given) from a calm page. */
async function calm(files, near) {
  const key = JSON.stringify([files.map((f) => f.name), near]);
  if (!calmRuns.has(key)) {
    const { context, page } = await open();
    await dropFiles(page, files);
    assert.equal(await waitStatus(page, ['done', 'error'], 120_000), 'done');
    if (near !== undefined && Number(await page.inputValue('#options [name="near_threshold"]')) !== near) {
      await watchStatuses(page);
      await setOption(page, 'near_threshold', near);
      await page.waitForFunction(() => window.__statuses.includes('working') && document.body.dataset.status === 'done', null, { timeout: 120_000 });
    }
    calmRuns.set(key, await exported(page));
    await context.close();
  }
  return calmRuns.get(key);
}

/**
 * The page ends done, and its list, its report on screen and its JSON
 * export all name exactly `files`, in order; the report it holds equals
 * the export, and the export equals a calm run's.
 */
async function assertConsistent(page, files, near = undefined) {
  assert.equal(await waitStatus(page, ['done', 'error'], 120_000), 'done', await page.textContent('#message-text'));
  const names = files.map((f) => f.name);
  assert.deepEqual(await listed(page), names, 'the list');
  assert.deepEqual(await reported(page), names, 'the report on screen');
  assert.equal(await page.textContent('[data-stat="documents"] .stat-value'), String(names.length));
  const json = await exported(page);
  assert.deepEqual(json.documents.map((d) => d.name), names, 'the JSON export');
  // After an append the page joins its own documents to a report sent
  // without them: what it shows must be what it exports, whatever raced.
  const shown = JSON.parse(await page.evaluate(() => window.paradupDebug.shownReport()));
  assert.deepEqual(shown, json, 'the page shows the report it exports');
  assert.deepEqual(json, await calm(files, near), 'the same report as a calm run');
  // Every listed file shows its outcome from this report.
  const outcomes = await page.$$eval('#doc-list li .doc-outcome', (els) => els.map((e) => e.dataset.outcome));
  assert.deepEqual(outcomes, names.map(() => 'analyzed'));
}

describe('races: the documents analyzed are the documents listed', () => {
  test('the example corpus clicked before the engine has loaded is analyzed once', async () => {
    const { context, page, errors } = await open({ slowWasm: 2500, wait: false });
    assert.equal(await page.evaluate(() => document.body.classList.contains('engine-ready')), false, 'the engine is still loading');
    await page.click('[data-action="example"]');
    await assertConsistent(page, EX);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('files dropped and removed before the engine has loaded', async () => {
    const { context, page, errors } = await open({ slowWasm: 2500, wait: false });
    await page.click('[data-action="example"]');
    await page.waitForFunction(() => document.querySelectorAll('#doc-list li').length === 4);
    await page.click('#doc-list li:nth-child(2) .icon-button');
    await page.click('[data-action="example"]');
    assert.equal(await page.evaluate(() => document.body.classList.contains('engine-ready')), false, 'the engine is still loading');
    await assertConsistent(page, [EX[0], EX[2], EX[3], ...EX]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('Cancel, then the example button at once', async () => {
    const { context, page, errors } = await open();
    await dropFiles(page, [BIG]);
    await working(page);
    await quickClicks(page, [['[data-action="cancel"]', 0], ['[data-action="example"]', 0]]);
    await assertConsistent(page, [BIG, ...EX]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('Cancel, then removing a document after 0 to 80 ms: the removed one, and only it, is gone', async () => {
    const { context, page, errors } = await open();
    let current = [BIG, ...EX];
    let near;
    await dropFiles(page, current);
    for (const delay of [0, 10, 20, 40, 80]) {
      await working(page);
      // Cancel, then remove the third listed document `delay` ms later.
      const victim = current[2];
      await quickClicks(page, [['[data-action="cancel"]', 0], ['#doc-list li:nth-child(3) .icon-button', delay]]);
      current = current.filter((f) => f !== victim);
      await assertConsistent(page, current, near);
      // Put it back at the end, and change the near threshold: matching
      // everything again at another threshold is the next round's
      // analysis to cancel (a file added alone is matched too quickly).
      await watchStatuses(page);
      await dropFiles(page, [victim]);
      await page.waitForFunction(() => window.__statuses.includes('working') && document.body.dataset.status === 'done', null, { timeout: 120_000 });
      current = [...current, victim];
      near = near === 0.55 ? 0.5 : 0.55;
      await setOption(page, 'near_threshold', near);
    }
    // The last change's analysis: the options are checked before it
    // starts, so right after the change the page may still show the
    // round before as done.
    await working(page);
    await assertConsistent(page, current, near);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('files added while an analysis runs', async () => {
    const { context, page, errors } = await open();
    await dropFiles(page, [BIG]);
    await working(page);
    await dropFiles(page, EX.slice(0, 2));
    await page.click('[data-action="example"]');
    await assertConsistent(page, [BIG, EX[0], EX[1], ...EX]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an option changed while an analysis runs: the new options, the listed files, and no request during the re-run', async () => {
    const { context, page, requests, errors } = await open();
    await dropFiles(page, [BIG, ...EX]);
    assert.equal(await waitStatus(page, ['done', 'error'], 120_000), 'done');
    // The page may load a spare worker later; hold it so that any request
    // seen below is one the re-run made.
    await page.evaluate(() => window.paradupDebug.holdSpares?.(true));
    await setOption(page, 'near_threshold', 0.9);
    await working(page);
    const from = requests.length;
    await setOption(page, 'near_threshold', 0.95);
    // The new run replaces the running one after the form's debounce.
    await page.waitForTimeout(400);
    await assertConsistent(page, [BIG, ...EX], 0.95);
    assert.equal((await exported(page)).settings.near_threshold, 0.95);
    assert.deepEqual(pageRequests(requests, from), [], 'no request from the option change to the results');
    // Released, the spare loads the worker's own files, never the .wasm.
    const released = requests.length;
    assert.equal(await page.evaluate(() => window.paradupDebug.holdSpares(false)), true);
    assert.deepEqual(pageRequests(requests, released).filter((u) => /\.wasm$/.test(u)), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('after Cancel, no stale results stay on screen, and Analyze again makes no request', async () => {
    const { context, page, requests, errors } = await open();
    await dropFiles(page, [BIG, ...EX]);
    assert.equal(await waitStatus(page, ['done', 'error'], 120_000), 'done');
    await page.evaluate(() => window.paradupDebug.holdSpares?.(true));
    const from = requests.length;
    await setOption(page, 'near_threshold', 0.9);
    await working(page);
    await cancelRunning(page);
    assert.equal(await status(page), 'idle');
    // The report of the old options is gone with the worker that held it:
    // nothing on screen claims to be a result, nothing offers an export.
    assert.equal(await page.isVisible('#results'), false, 'the old results are cleared');
    assert.equal(await page.isVisible('[data-action="export-json"]'), false, 'no export is offered');
    assert.match(await page.textContent('#message-text'), /no results are shown/);
    assert.equal(await page.$$eval('#doc-list .doc-outcome', (els) => els.length), 0, 'no outcome from the old report');
    assert.deepEqual(await listed(page), [BIG, ...EX].map((f) => f.name), 'the files stay listed');
    await page.click('[data-action="retry"]');
    await assertConsistent(page, [BIG, ...EX], 0.9);
    assert.deepEqual(pageRequests(requests, from), [], 'no request from the option change through Cancel and the re-run');
    await page.evaluate(() => window.paradupDebug.holdSpares(false));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('clumsy clicks: double clicks, Cancel twice, removing during a cancel, dropping during a cancel', async () => {
    const { context, page, errors } = await open({ slowWasm: 1500, wait: false });
    // A double click on the example button before the engine loads adds
    // the corpus once.
    await page.dblclick('[data-action="example"]');
    await assertConsistent(page, EX);
    // A double click on a document's remove button removes that one only
    // (the second click would land on the next document's button).
    await page.dblclick('#doc-list li:nth-child(1) .icon-button');
    let current = EX.slice(1);
    await assertConsistent(page, current);
    // Cancel pressed twice (and Escape), then a drop and a removal at once.
    await dropFiles(page, [BIG]);
    current = [...current, BIG];
    await working(page);
    await cancelRunning(page);
    await page.click('[data-action="cancel"]', { force: true, timeout: 2000 }).catch(() => {});
    await page.keyboard.press('Escape');
    await dropFiles(page, [EX[0]]);
    await page.click('#doc-list li:nth-child(1) .icon-button');
    current = [...current.slice(1), EX[0]];
    await assertConsistent(page, current);
    // Remove all while an analysis runs, then add again.
    await dropFiles(page, [EX[1]]);
    await page.waitForFunction((n) => document.querySelectorAll('#doc-list li').length === n, current.length + 1);
    await page.click('[data-action="clear"]');
    assert.equal(await status(page), 'idle');
    await page.click('[data-action="example"]');
    await assertConsistent(page, EX);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a crash of the engine (after or during an analysis), then a removal: the listed files are analyzed', async () => {
    const { context, page, errors } = await open();
    await page.click('[data-action="example"]');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    await page.evaluate(() => window.paradupDebug.crash('throw'));
    assert.equal(await waitStatus(page, ['error']), 'error');
    assert.equal(await page.isVisible('[data-action="export-json"]'), false, 'no export of a report the engine lost');
    await page.click('#doc-list li:nth-child(2) .icon-button');
    await assertConsistent(page, [EX[0], EX[2], EX[3]]);
    // The worker dies in the middle of an analysis, then a file is removed
    // at once.
    await dropFiles(page, [BIG]);
    await working(page);
    await page.evaluate(() => {
      window.paradupDebug.killWorker();
      document.querySelector('#doc-list li:nth-child(1) .icon-button').click();
    });
    await assertConsistent(page, [EX[2], EX[3], BIG]);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('storms: random quick actions, then the page settles on the listed files', () => {
  const ACTIONS = ['example', 'remove', 'remove', 'cancel', 'option', 'drop', 'retry', 'clear', 'escape'];
  for (const seed of [1, 2, 3]) {
    test(`storm ${seed}`, async () => {
      const { context, page, errors } = await open();
      let state = seed * 7919;
      const rand = (n) => ((state = (state * 1103515245 + 12345) % 2147483648) % n);
      const steps = Array.from({ length: 16 }, () => ({ action: ACTIONS[rand(ACTIONS.length)], arg: rand(1000), delay: rand(4) * rand(30) }));
      // The storm runs in the page: no round trip between the actions.
      await page.evaluate(async ({ steps, files }) => {
        const click = (sel) => document.querySelector(sel)?.click();
        for (const { action, arg, delay } of steps) {
          if (delay) await new Promise((r) => setTimeout(r, delay));
          const items = document.querySelectorAll('#doc-list li .icon-button');
          if (action === 'example') click('[data-action="example"]');
          else if (action === 'remove' && items.length) items[arg % items.length].click();
          else if (action === 'cancel') click('[data-action="cancel"]');
          else if (action === 'retry') click('[data-action="retry"]');
          else if (action === 'clear') click('[data-action="clear"]');
          else if (action === 'escape') document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
          else if (action === 'option') {
            const input = document.querySelector('#options [name="near_threshold"]');
            input.value = ['0.8', '0.85', '0.9'][arg % 3];
            input.dispatchEvent(new Event('input', { bubbles: true }));
          } else if (action === 'drop') {
            const f = files[arg % files.length];
            const dt = new DataTransfer();
            dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
            document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
          }
        }
      }, { steps, files: EXAMPLES.map(([name, text]) => ({ name, text })) });
      // Let the options' debounce and the drops' reading pass, then make
      // sure an analysis of the final list runs.
      await page.waitForTimeout(600);
      const names = await listed(page);
      if (!names.length) {
        assert.equal(await status(page), 'idle');
        assert.equal(await page.isVisible('#results'), false);
      } else {
        if ((await status(page)) !== 'working' && (await status(page)) !== 'done') await page.click('[data-action="retry"]');
        const byName = new Map(EX.map((f) => [f.name, f]));
        const near = Number(await page.inputValue('#options [name="near_threshold"]'));
        await assertConsistent(page, names.map((n) => byName.get(n)), near);
      }
      assert.deepEqual(errors, []);
      console.log(`# storm ${seed}: ${steps.map((s) => s.action).join(' ')} → ${names.length} files`);
      await context.close();
    });
  }
});

describe('Compare can be cancelled', () => {
  /** Opens a comparison from the clusters view; it blocks the diff for `ms` first. */
  async function startCompare(page, ms) {
    await page.evaluate((ms) => window.paradupDebug.slowDiff(ms), ms);
    await page.click('#tab-clusters');
    await page.click('#cluster-list .cluster [data-action="compare"]');
    if (ms) await page.waitForSelector('#compare [data-compare="running"]');
  }

  test('Cancel stops a long comparison; the results stay valid and exportable', async () => {
    const { context, page, errors } = await open();
    await page.click('[data-action="example"]');
    await assertConsistent(page, EX);
    await startCompare(page, 600_000);
    await page.click('#compare [data-action="cancel-compare"]');
    await page.waitForSelector('#compare [data-compare="cancelled"]', { timeout: 10_000 });
    assert.equal(await status(page), 'done');
    await assertConsistent(page, EX);
    // Escape cancels a comparison too.
    await startCompare(page, 600_000);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#compare [data-compare="cancelled"]', { timeout: 10_000 });
    // The comparison works again at once.
    await startCompare(page, 0);
    await page.waitForSelector('#compare .compare-grid', { timeout: 10_000 });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an option change cancels a running comparison and does not wait behind it', async () => {
    const { context, page, errors } = await open();
    await page.click('[data-action="example"]');
    await assertConsistent(page, EX);
    await startCompare(page, 600_000);
    await watchStatuses(page);
    await setOption(page, 'near_threshold', 0.95);
    await page.waitForFunction(() => window.__statuses.includes('working') && document.body.dataset.status === 'done', null, { timeout: 30_000 });
    await assertConsistent(page, EX, 0.95);
    assert.equal(await page.$$eval('#compare [data-compare="running"]', (els) => els.length), 0, 'the comparison is no longer running');
    // And a new comparison is served by a fresh diff worker.
    await startCompare(page, 0);
    await page.waitForSelector('#compare .compare-grid', { timeout: 10_000 });
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('several prepare workers (engine.js): the report of one worker, through Cancel and crashes', () => {
  // Six files sharing many paragraphs (the same generator, so each starts
  // with the paragraphs of the one before), and the example corpus.
  const parts = (n, size) => Array.from({ length: n }, (_, i) => ({ name: `part${i}.txt`, bytes: Buffer.from(bigText(size + 100 * i), 'utf8') }));
  const FILES = [...parts(6, 300), ...EX];
  // Long enough to cancel while the workers prepare.
  const LONG = parts(4, 4000);

  /** The JSON export of FILES on a fresh page with `n` prepare workers (after `before(page)`). */
  async function withWorkers(n, before = async () => {}) {
    const { context, page, errors } = await open();
    assert.equal(await page.evaluate((k) => window.paradupDebug.setWorkers(k), n), n, `${n} workers loaded`);
    await before(page);
    await dropFiles(page, FILES);
    assert.equal(await waitStatus(page, ['done', 'error'], 120_000), 'done', await page.textContent('#message-text'));
    assert.equal(await page.evaluate(() => window.paradupDebug.filesRead()), FILES.length);
    const json = await exported(page);
    assert.deepEqual(errors, []);
    return { context, page, json };
  }

  test('0 and 3 prepare workers, and one crashing while it prepares (of two, or alone), give the same report', async () => {
    const one = await withWorkers(0);
    await one.context.close();
    assert.ok(one.json.pairs.length > 100, 'the parts share paragraphs');
    const many = await withWorkers(3);
    assert.deepEqual(many.json, one.json, '3 prepare workers');
    await many.context.close();
    // A prepare worker panics on its first request: main reads those
    // files itself, the report is the same, and a new worker takes its
    // place.
    const crashed = await withWorkers(2, (page) => page.evaluate(() => window.paradupDebug.crashPreparer()));
    assert.deepEqual(crashed.json, one.json, 'a prepare worker crashed');
    await crashed.page.waitForFunction(() => window.paradupDebug.workers() === 2, null, { timeout: 30_000 });
    await crashed.context.close();
    // The only prepare worker panics on its first request: main reads
    // every file itself, and the report is the same.
    const alone = await withWorkers(1, (page) => page.evaluate(() => window.paradupDebug.crashPreparer()));
    assert.deepEqual(alone.json, one.json, 'the only prepare worker crashed');
    await alone.page.waitForFunction(() => window.paradupDebug.workers() === 1, null, { timeout: 30_000 });
    await alone.context.close();
  });

  test('Cancel while three workers prepare, then Analyze again: the listed files, the calm report', async () => {
    const { context, page, errors } = await open();
    assert.equal(await page.evaluate(() => window.paradupDebug.setWorkers(3)), 3);
    await dropFiles(page, LONG);
    await working(page);
    await cancelRunning(page);
    // The workers at work were terminated; new ones load once nothing runs.
    await page.waitForFunction(() => window.paradupDebug.workers() === 3, null, { timeout: 30_000 });
    await page.click('[data-action="retry"]');
    await assertConsistent(page, LONG);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
