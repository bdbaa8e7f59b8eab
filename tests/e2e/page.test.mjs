// The page's own workings: paragraph texts are fetched from the worker
// only for what a view shows (texts.js), every button runs through the
// action table (actions.js), and options are checked by the core alone,
// whose message the page shows (options.js).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import init, { checkOptions, defaultOptions } from '../../www/pkg/paradup.js';
import { downloadFrom, dropFiles, openPage, REPO, serveAndLaunch, textsShown, waitStatus } from './helpers.mjs';

const served = serveAndLaunch();

// The core, as the page's worker runs it, to know its messages.
await init({ module_or_path: readFileSync(join(REPO, 'www', 'pkg', 'paradup_bg.wasm')) });

const WORDS = 'harbour lantern bridge council river market library ferry station quay winter spring budget school garden road village festival report museum tide orchard mill chapel beacon meadow cannery foundry granary pier lighthouse tannery wharf causeway almshouse brewery kiln forge dovecote ropewalk'.split(' ');

/** A paragraph of 14 words from a seeded generator: unlike any other. */
function paragraphs(count, seed) {
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  return Array.from({ length: count }, (_, p) => `${Array.from({ length: 14 }, () => WORDS[rand(WORDS.length)]).join(' ')} item ${seed % 1000} ${p}.`);
}

// source.txt holds 60 paragraphs; each of eleven other files copies six of
// them and has two of its own. So every cluster's original lies in
// source.txt (document 0), and there are 60 clusters.
const SOURCE = paragraphs(60, 7);
const FILES = [{ name: 'source.txt', paragraphs: SOURCE }];
for (let k = 1; k <= 11; k++) {
  const own = paragraphs(2, 1000 + k);
  const copies = Array.from({ length: 6 }, (_, j) => SOURCE[((k - 1) * 6 + j) % 60]);
  FILES.push({ name: `copy-${String(k).padStart(2, '0')}.txt`, paragraphs: [own[0], ...copies, own[1]] });
}
const files = FILES.map((f) => ({ name: f.name, bytes: Buffer.from(`${f.paragraphs.join('\n\n')}\n`) }));

const requests = (page) => page.evaluate(() => window.paradupDebug.textRequests());

describe('paragraph texts', () => {
  test('are fetched from the worker only for what a view shows, once per analysis', async () => {
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    await dropFiles(page, files);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done', await page.textContent('#message-text'));
    assert.equal(await page.textContent('[data-stat="clusters"] .stat-value'), '60');
    assert.deepEqual(await requests(page), [], 'the overview needs no paragraph text');

    // The clusters view: the originals of the rows drawn, and only those.
    await page.click('#tab-clusters');
    await textsShown(page, '#cluster-list');
    let log = await requests(page);
    assert.ok(log.length >= 1, 'the rows drawn asked for their texts');
    for (const r of log) assert.deepEqual(r.docs, [0], 'only source.txt holds originals');
    const fetched = log.reduce((n, r) => n + r.paragraphs, 0);
    const drawn = await page.$$eval('#cluster-list .cluster', (els) => els.length);
    assert.ok(fetched <= drawn + 10 && fetched < 60, `${fetched} texts fetched for ${drawn} rows drawn, not all 60`);
    const first = await page.$eval('#cluster-list .cluster[data-cluster="0"] .cluster-text', (e) => e.textContent);
    assert.equal(first, SOURCE[0]);

    // A search matches every cluster's paragraphs: their texts come on the
    // first search, once.
    await page.fill('#cluster-search', SOURCE[17]);
    await page.waitForFunction(() => document.querySelectorAll('#cluster-list .cluster').length === 1);
    const afterSearch = await requests(page);
    assert.equal(afterSearch.length, log.length + 1, 'one request for the search');
    assert.deepEqual(afterSearch.at(-1).docs, FILES.map((_, i) => i), 'the paragraphs of every cluster');
    await page.fill('#cluster-search', SOURCE[18]);
    await page.waitForFunction((text) => document.querySelector('#cluster-list .cluster .cluster-text')?.textContent === text, SOURCE[18]);
    assert.equal((await requests(page)).length, afterSearch.length, 'the next search fetches nothing');
    await page.fill('#cluster-search', '');

    // The document view: the document shown, once.
    await page.click('#tab-document');
    await textsShown(page, '#doc-view');
    await page.selectOption('#doc-select', '7');
    await textsShown(page, '#doc-view');
    assert.deepEqual(await page.$$eval('#doc-view .para-text', (els) => els.map((e) => e.textContent)), FILES[7].paragraphs);
    await page.selectOption('#doc-select', '0');
    await textsShown(page, '#doc-view');
    log = await requests(page);
    assert.deepEqual(log.slice(afterSearch.length), [{ docs: [0], paragraphs: null }, { docs: [7], paragraphs: null }], 'source.txt, then copy-07.txt, each once');

    // Comparing two documents needs both: source.txt is here already.
    await page.click('#tab-overview');
    await page.click('.heatmap .cell[data-a="3"][data-b="0"]');
    await page.waitForSelector('.compare-grid[data-mode="documents"]');
    log = await requests(page);
    assert.deepEqual(log.at(-1), { docs: [3], paragraphs: null });
    const whole = log.filter((r) => r.paragraphs === null).flatMap((r) => r.docs).sort((a, b) => a - b);
    assert.deepEqual(whole, [0, 3, 7], 'whole texts only of the documents shown');

    // A new analysis starts with none: the texts before went with their report.
    await page.click('#options-details summary');
    await page.fill('#options [name="near_threshold"]', '0.9');
    await page.waitForFunction(() => document.body.dataset.status === 'done' && window.paradupDebug.textRequests()?.length === 0);
    await page.click('#tab-document');
    await textsShown(page, '#doc-view');
    assert.deepEqual(await requests(page), [{ docs: [0], paragraphs: null }]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a request about a report the worker no longer holds is refused, not answered from another', async () => {
    const { context, page } = await openPage(served.browser, served.server.url);
    await dropFiles(page, files.slice(0, 3));
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    const first = await page.evaluate(() => window.paradupDebug.resultsRun());
    // A fourth file: its analysis replaces the worker's report.
    await dropFiles(page, files.slice(3, 4));
    // The status still says "done" (of the first analysis) until the
    // second one starts, so wait for the second one's results instead.
    await page.waitForFunction((run) => window.paradupDebug.resultsRun() > run, first, { timeout: 60_000 });
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    const second = await page.evaluate(() => window.paradupDebug.resultsRun());
    assert.ok(second > first);
    const ask = (run) => page.evaluate((run) => window.paradupDebug.fetchTexts(run, [0]), run);
    assert.match(await ask(first), /no longer holds that report/);
    assert.deepEqual(await ask(second), [FILES[0].paragraphs]);
    await context.close();
  });
});

describe('actions', () => {
  test('the action table dispatches every button', async () => {
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    const table = await page.evaluate(() => window.paradupDebug.actions());
    const seen = new Set();
    const collect = async () => {
      for (const a of await page.$$eval('[data-action]', (els) => els.map((e) => e.dataset.action))) seen.add(a);
    };
    const clickAction = (name, scope = '') => page.click(`${scope}[data-action="${name}"]`);
    await collect();

    await clickAction('paste');
    assert.equal(await page.$eval('#paste-dialog', (d) => d.open), true, 'paste opens the dialog');
    await collect();
    await clickAction('paste-cancel');
    assert.equal(await page.$eval('#paste-dialog', (d) => d.open), false, 'paste-cancel closes it');

    await clickAction('example');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    await collect();
    for (const kind of ['json', 'csv', 'passages-csv', 'dedup']) {
      const bytes = await downloadFrom(page, `[data-action="export-${kind}"]`);
      assert.ok(bytes.length > 0, `export-${kind} downloads`);
    }

    await page.click('#tab-clusters');
    await clickAction('compare', '#cluster-list .cluster ');
    await page.waitForSelector('#compare .compare-grid[data-mode="paragraphs"]');
    await page.evaluate(() => window.paradupDebug.slowDiff(600_000));
    await page.click('#tab-clusters');
    await clickAction('compare', '#cluster-list .cluster ');
    await page.waitForSelector('#compare [data-compare="running"]');
    await collect();
    await clickAction('cancel-compare');
    await page.waitForSelector('#compare [data-compare="cancelled"]');
    await page.evaluate(() => window.paradupDebug.slowDiff(0));
    // The document view's Compare goes through the same action.
    await page.click('#tab-document');
    await page.selectOption('#doc-select', '1');
    await clickAction('compare', '#doc-view ');
    await page.waitForSelector('#compare .compare-grid[data-mode="paragraphs"]');

    await page.click('#options-details summary');
    await page.fill('#options [name="near_threshold"]', '0.9');
    await page.waitForFunction(() => document.body.dataset.status === 'done' && document.querySelector('#compare .compare-grid') === null);
    await clickAction('reset-options');
    assert.equal(await page.inputValue('#options [name="near_threshold"]'), '0.5', 'Defaults restores the defaults');

    await page.fill('#options [name="min_words"]', '0');
    assert.equal(await waitStatus(page, ['error']), 'error');
    await clickAction('dismiss');
    assert.equal(await page.isVisible('#message'), false, 'dismiss hides the message');
    await page.fill('#options [name="min_words"]', '5');
    assert.equal(await waitStatus(page, ['done']), 'done');
    // The threshold explorer's Apply (the value is the option's: nothing changes).
    await page.click('#explorer summary');
    await collect();
    await clickAction('explore-apply');

    await clickAction('remove', '#doc-list li:first-child ');
    await page.waitForFunction(() => document.querySelectorAll('#doc-list li').length === 3 && document.body.dataset.status === 'done');

    // A template to ignore, picked, then removed.
    await page.setInputFiles('#template-input', { name: 'template.txt', mimeType: 'text/plain', buffer: Buffer.from(paragraphs(1, 1)[0]) });
    await page.waitForSelector('#template-list li');
    await collect();
    await clickAction('remove-template', '#template-list ');
    await page.waitForFunction(() => document.querySelectorAll('#template-list li').length === 0 && document.body.dataset.status === 'done');

    // A long analysis to cancel, then to run again.
    const big = Array.from({ length: 20_000 }, (_, i) => `${paragraphs(1, i + 1)[0]}`).join('\n\n');
    await dropFiles(page, [{ name: 'big.txt', bytes: Buffer.from(big) }]);
    await page.waitForFunction(() => document.body.dataset.status === 'working');
    await clickAction('cancel');
    assert.match(await page.textContent('#message-text'), /cancelled/i);
    await collect();
    await clickAction('retry');
    assert.equal(await waitStatus(page, ['done', 'error'], 120_000), 'done');

    await clickAction('clear');
    assert.equal(await page.$$eval('#doc-list li', (els) => els.length), 0, 'clear empties the list');

    const dispatched = await page.evaluate(() => window.paradupDebug.dispatched());
    assert.deepEqual([...new Set(dispatched)].sort(), [...table].sort(), 'every action in the table ran');
    assert.deepEqual([...seen].sort(), [...table].sort(), 'every data-action button of the page has its action, and every action a button');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('options', () => {
  test("invalid options: the page shows the core's own message, marks the field and keeps the results", async () => {
    const defaults = defaultOptions();
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    await page.click('[data-action="example"]');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    await page.click('#options-details summary');
    const cases = [
      ['min_words', '0', 0],
      ['min_words', '', null],
      ['min_words', '2.5', 2.5],
      ['shingle_words', '9', 9],
      ['near_threshold', '0', 0],
      ['contained_threshold', '1.5', 1.5],
      ['boilerplate_documents', '1', 1],
    ];
    for (const [field, typed, value] of cases) {
      let expected = null;
      try {
        checkOptions({ ...defaults, [field]: value });
      } catch (e) {
        expected = e.message;
      }
      assert.ok(expected, `the core refuses ${field} = ${typed}`);
      await page.fill(`#options [name="${field}"]`, typed);
      await page.waitForFunction((text) => document.body.dataset.status === 'error' && document.getElementById('message-text').textContent === text, expected);
      assert.deepEqual(await page.$$eval('#options [aria-invalid="true"]', (els) => els.map((e) => e.name)), [field], `${field} is marked`);
      assert.equal(await page.isVisible('#results'), true, 'the results stay');
      await page.fill(`#options [name="${field}"]`, String(defaults[field]));
      assert.equal(await waitStatus(page, ['done']), 'done');
      assert.deepEqual(await page.$$eval('#options [aria-invalid="true"]', (els) => els.length), 0);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
