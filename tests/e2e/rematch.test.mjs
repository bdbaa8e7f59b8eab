// Matching again without reading again (issue 11 items 4 and 5): files
// added to an analyzed set are the only ones read, a removed one reads
// nothing, and another threshold (typed in the options, or applied from
// the threshold explorer) reads nothing either; every report exported is
// `paradup analyze --format json` on the same files with the same options.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand, downloadFrom, dropFiles, openPage, serveAndLaunch } from './helpers.mjs';

const served = serveAndLaunch();

const HARBOUR = 'The harbour authority announced that the eastern breakwater will be rebuilt over two summers, starting in June after the sailing season.';
const HARBOUR_EDIT = 'The harbour authority said that the eastern breakwater would be rebuilt over two summers, starting in June after the sailing season.';
const PORT = 'The port authority announced on Monday that the old eastern breakwater will be partly rebuilt over three summers, starting next June.';
const MINUTES = 'Council minutes from the spring session record a long debate about parking fees near the market square and the loss of trade it caused.';
const MINUTES_EDIT = 'Council minutes from the spring session record a heated debate about parking fees near the market square, and the trade lost since.';
const FERRY = 'Our reporter spent a morning with the ferry crew, who start their first crossing well before the sun comes up over the hills to the east.';
const LIBRARY = 'Volunteers at the lending library sorted four thousand donated books into crates for the autumn sale in the village hall next month.';

const file = (name, ...paragraphs) => ({ name, bytes: Buffer.from(paragraphs.join('\n\n') + '\n') });
const A = file('a.txt', HARBOUR, MINUTES, FERRY);
const B = file('b.txt', HARBOUR_EDIT, MINUTES_EDIT, LIBRARY);
const C = file('c.txt', PORT, FERRY);

/** The CLI's JSON report on `files` with `extra` options. */
function cliJson(files, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'paradup-rematch-'));
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  const args = ['analyze', '--format', 'json', ...extra, ...files.map((f) => f.name)];
  const r = spawnSync(...cliCommand(args), { cwd: dir, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `paradup failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Waits for results newer than run `before`; resolves the files the analysis read. */
async function nextResults(page, before) {
  await page.waitForFunction((b) => document.body.dataset.status === 'done' && window.paradupDebug.resultsRun() !== b, before, { timeout: 60_000 });
  return page.evaluate(() => window.paradupDebug.filesRead());
}

const run = (page) => page.evaluate(() => window.paradupDebug.resultsRun());
const exported = async (page) => (await downloadFrom(page, '[data-action="export-json"]')).toString('utf8');

/**
 * The JSON export, checked against the report the page shows: the worker
 * sends a report without the documents it starts with unchanged, and the
 * page puts its own in front (engine.js).
 */
async function exportedAndShown(page) {
  const json = await exported(page);
  const shown = JSON.parse(await page.evaluate(() => window.paradupDebug.shownReport()));
  assert.deepEqual(shown, JSON.parse(json), 'the page shows the report it exports');
  return json;
}

describe('matching again without reading again', () => {
  test('the report crosses to the page without its paragraphs, pairs, clusters and overlaps in the JSON, as numbers, and the page shows the CLI report', async () => {
    // The numbers the page gets for `report`'s documents from `from` on
    // (engine.js, Corpus.reportTable): integers, and floats.
    const counts = (report, from) => ({
      ints: report.documents.slice(from).reduce((n, d) => n + 1 + 4 * d.paragraphs.length, 0) + 1 + 5 * report.pairs.length + 1 + report.clusters.reduce((n, c) => n + 6 + 3 * c.copies.length, 0) + 1 + 2 * report.overlaps.length,
      floats: 2 * report.pairs.length + report.clusters.reduce((n, c) => n + 2 * c.copies.length, 0) + 2 * report.overlaps.length,
    });
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    let before = await run(page);
    await dropFiles(page, [A, B]);
    assert.equal(await nextResults(page, before), 2);
    let crossed = await page.evaluate(() => window.paradupDebug.crossed());
    let json = await exportedAndShown(page);
    assert.equal(json, cliJson([A, B]));
    let report = JSON.parse(json);
    assert.ok(report.pairs.length && report.clusters.length && report.overlaps.length);
    assert.deepEqual({ ints: crossed.ints, floats: crossed.floats }, counts(report, 0), 'the table');
    const lean = { ...report, documents: report.documents.map((d) => ({ ...d, paragraphs: [] })), pairs: [], clusters: [], overlaps: [] };
    assert.equal(crossed.json, Buffer.byteLength(JSON.stringify(lean)) + 1, 'the JSON that crossed has none of them');
    // One file added: only its document crosses, with its paragraphs.
    before = await run(page);
    await dropFiles(page, [C]);
    assert.equal(await nextResults(page, before), 1);
    crossed = await page.evaluate(() => window.paradupDebug.crossed());
    json = await exportedAndShown(page);
    assert.equal(json, cliJson([A, B, C]));
    report = JSON.parse(json);
    assert.deepEqual({ ints: crossed.ints, floats: crossed.floats }, counts(report, 2), 'only c.txt\'s paragraphs');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('added and removed files and other thresholds read only new files and give the CLI report', async () => {
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    let before = await run(page);
    await dropFiles(page, [A, B]);
    assert.equal(await nextResults(page, before), 2);

    // One file added: only it is read.
    before = await run(page);
    await dropFiles(page, [C]);
    assert.equal(await nextResults(page, before), 1, 'only the new file is read');
    assert.equal(await exportedAndShown(page), cliJson([A, B, C]), 'the CLI report on the three files');
    // Views are drawn when shown: the document view lists the new file.
    await page.click('#tab-document');
    assert.deepEqual(await page.$$eval('#doc-select option', (os) => os.map((o) => o.textContent.split(' — ')[0])), ['a.txt', 'b.txt', 'c.txt']);
    await page.click('#tab-overview');

    // Another near threshold, typed in the options: nothing is read.
    await page.click('#options-details summary');
    before = await run(page);
    await page.fill('#options [name="near_threshold"]', '0.7');
    await page.dispatchEvent('#options [name="near_threshold"]', 'change');
    assert.equal(await nextResults(page, before), 0, 'no file read for a threshold');
    assert.equal(await exportedAndShown(page), cliJson([A, B, C], ['--near', '0.7']), 'the CLI report at --near 0.7');

    // The explorer: the scores around the cut, the pairs either side, the
    // counts at the slider's value, then Apply.
    await page.click('#explorer summary');
    await page.waitForSelector('#explore-hist .explore-bar');
    await page.$eval('#explore-cut', (el) => {
      el.value = '0.3';
      el.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => document.querySelector('#explore-counts').textContent.startsWith('At 0.3:'));
    assert.ok((await page.$$('#explore-examples .explore-example')).length >= 1, 'an example pair beside the cut');
    before = await run(page);
    await page.click('[data-action="explore-apply"]');
    assert.equal(await nextResults(page, before), 0, 'applying reads no file');
    const at03 = await exported(page);
    assert.equal(at03, cliJson([A, B, C], ['--near', '0.3']), 'the CLI report at --near 0.3');
    // The explorer shows the new results' counts at their own threshold.
    await page.waitForFunction(() => document.querySelector('#explore-counts').textContent.startsWith('At 0.3:'));
    const counts = await page.$eval('#explore-counts', (el) => el.textContent);
    const summary = JSON.parse(at03).summary;
    assert.ok(counts.includes(`${summary.pairs} pairs, ${summary.clusters} clusters, ${summary.passages} passages`), `${counts} vs the report's summary`);

    // The minimum passage words: the passages' lengths and the counts at
    // the option's value.
    await page.selectOption('#explore-field', 'min_passage_words');
    await page.waitForFunction(() => document.querySelector('#explore-counts').textContent.startsWith('At 15:'));
    assert.ok((await page.$$('#explore-hist .explore-bar.kept')).length >= 1, 'passages of 15 words or more');

    // The first file removed: nothing read, the CLI report on the rest.
    before = await run(page);
    await page.click('#doc-list [data-action="remove"]');
    assert.equal(await nextResults(page, before), 0, 'a removal reads no file');
    assert.equal(await exportedAndShown(page), cliJson([B, C], ['--near', '0.3']), 'the CLI report without a.txt');

    // Added back, then the middle file removed, then the last: the core
    // goes on from the last match each time (removed documents' classes
    // renumbered, only what changed scored again); the CLI report on the
    // files left each time.
    before = await run(page);
    await dropFiles(page, [A]);
    assert.equal(await nextResults(page, before), 1, 'only the added file is read');
    assert.equal(await exportedAndShown(page), cliJson([B, C, A], ['--near', '0.3']), 'the CLI report with a.txt added back');
    before = await run(page);
    await page.click('#doc-list li[data-index="1"] [data-action="remove"]');
    assert.equal(await nextResults(page, before), 0, 'a removal reads no file');
    assert.equal(await exportedAndShown(page), cliJson([B, A], ['--near', '0.3']), 'the CLI report without c.txt');
    before = await run(page);
    await page.click('#doc-list li[data-index="1"] [data-action="remove"]');
    assert.equal(await nextResults(page, before), 0, 'a removal reads no file');
    assert.equal(await exportedAndShown(page), cliJson([B], ['--near', '0.3']), 'the CLI report on b.txt alone');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("the explorer's counts at a moved slider are the CLI's at that value, with the shown report's other options", async () => {
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    const files = [A, B, C];
    let before = await run(page);
    await dropFiles(page, files);
    await nextResults(page, before);
    // Another option than the explored one, typed in the options: the
    // results shown are analyzed with it.
    await page.click('#options-details summary');
    before = await run(page);
    await page.fill('#options [name="contained_threshold"]', '0.95');
    await page.dispatchEvent('#options [name="contained_threshold"]', 'change');
    await nextResults(page, before);
    await page.click('#explorer summary');
    await page.waitForSelector('#explore-hist .explore-bar');
    const summaryOf = (extra) => {
      const s = JSON.parse(cliJson(files, extra)).summary;
      return `${s.pairs} pairs, ${s.clusters} clusters, ${s.passages} passages`;
    };
    const moveTo = async (cut) => {
      await page.$eval('#explore-cut', (el, v) => {
        el.value = v;
        el.dispatchEvent(new Event('input'));
      }, String(cut));
      await page.waitForFunction((c) => document.querySelector('#explore-counts').textContent.startsWith(`At ${c}:`), cut);
      return page.$eval('#explore-counts', (el) => el.textContent);
    };
    const seen = new Set();
    for (const cut of [0.3, 0.55, 0.7, 0.9, 0.55]) {
      const counts = await moveTo(cut);
      const cli = summaryOf(['--contained', '0.95', '--near', String(cut)]);
      assert.equal(counts, `At ${cut}: ${cli}`, `near ${cut}`);
      seen.add(cli);
    }
    assert.ok(seen.size >= 2, `the cuts change the counts: ${[...seen]}`);
    // The form edited again without analyzing (a value the core refuses):
    // the counts stay those of the results shown.
    await page.fill('#options [name="boilerplate_documents"]', '0');
    await page.dispatchEvent('#options [name="boilerplate_documents"]', 'change');
    await page.waitForSelector('#options [name="boilerplate_documents"][aria-invalid="true"]');
    assert.equal(await moveTo(0.4), `At 0.4: ${summaryOf(['--contained', '0.95', '--near', '0.4'])}`);
    // Put right, it analyzes again (with the same options).
    before = await run(page);
    await page.fill('#options [name="boilerplate_documents"]', '3');
    await page.dispatchEvent('#options [name="boilerplate_documents"]', 'change');
    await nextResults(page, before);
    // The minimum passage words, the other options as shown.
    await page.selectOption('#explore-field', 'min_passage_words');
    await page.waitForFunction(() => document.querySelector('#explore-counts').textContent.startsWith('At 15:'));
    // Each length, none counted before, shows its exact count at once (no
    // estimate first): the passages come from what the analysis kept of
    // each aligned pair, without aligning again.
    await page.$eval('#explore-counts', (el) => {
      window.countsSeen = [];
      new MutationObserver(() => window.countsSeen.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const byMin = new Set();
    for (const min of [8, 20, 12, 1, 40, 15]) {
      const cli = summaryOf(['--contained', '0.95', '--min-passage-words', String(min)]);
      assert.equal(await moveTo(min), `At ${min}: ${cli}`, `min ${min}`);
      byMin.add(cli);
    }
    assert.ok(byMin.size >= 2, `the minimum changes the counts: ${[...byMin]}`);
    const seenTexts = await page.evaluate(() => window.countsSeen);
    assert.ok(seenTexts.length > 0 && seenTexts.every((t) => t.startsWith('At ')), JSON.stringify(seenTexts));
    // The examples either side of a minimum: the shortest passage the CLI
    // reports at it, and the longest it reports with no minimum that is
    // shorter.
    const wordsAt = (min) => JSON.parse(cliJson(files, ['--contained', '0.95', '--min-passage-words', String(min)])).passages.map((p) => p.words);
    const all = wordsAt(1);
    const kinds = new Set();
    for (const min of [12, 20, 42, 60]) {
      await moveTo(min);
      const kept = wordsAt(min);
      const left = all.filter((w) => w < min);
      const want = [];
      if (kept.length) want.push(`Just above the cut (kept): ${Math.min(...kept)} words`);
      if (left.length) want.push(`Just below the cut (left out): ${Math.max(...left)} words`);
      await page.waitForFunction(
        (w) => {
          const heads = [...document.querySelectorAll('#explore-examples .explore-example h4')].map((el) => el.textContent);
          return heads.length === w.length && heads.every((t, i) => t.startsWith(w[i]));
        },
        want,
        { timeout: 10000 },
      ).catch(async () => {
        const heads = await page.$$eval('#explore-examples h4', (els) => els.map((el) => el.textContent));
        assert.fail(`examples at ${min}: ${JSON.stringify(heads)}, wanted ${JSON.stringify(want)}`);
      });
      const texts = await page.$$eval('#explore-examples .explore-text', (els) => els.map((el) => el.textContent));
      assert.ok(texts.length === 2 * want.length && texts.every((t) => t.length > 0), 'both sides of each passage are shown');
      want.forEach((w) => kinds.add(w.split(':')[0]));
    }
    assert.equal(kinds.size, 2, `examples above and below some cut: ${[...kinds]}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
