// End-to-end: the page keeps picked files as handles (`File`s) and the
// workers read them (issue 10 item 4): the page's thread never holds or
// copies their bytes, each file is read once, by a prepare worker when
// there are some, and a file that can no longer be read is reported as
// skipped, with the browser's reason, while the rest is analyzed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFrom, openPage, serveAndLaunch, waitStatus } from './helpers.mjs';

const served = serveAndLaunch();
const exported = async (page) => JSON.parse((await downloadFrom(page, '[data-action="export-json"]')).toString('utf8'));

const SHARED = 'The harbour council met on Tuesday to discuss the new ferry timetable, which starts in the spring.';
const TEXTS = {
  'a.txt': `${SHARED}\n\nThe first file goes on about the market square and its Saturday stalls.\n`,
  'b.txt': `The second file opens with a word on the library hours in winter.\n\n${SHARED}\n`,
  'c.txt': `${SHARED}\n\nThe third file ends with the brass band playing by the quay.\n`,
};

/** The three files written to a new folder: their paths in name order. */
function onDisk() {
  const dir = mkdtempSync(join(tmpdir(), 'paradup-handles-'));
  return { dir, paths: Object.entries(TEXTS).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  }) };
}

test('picked files: the page holds none of their bytes, and two prepare workers give the report', async () => {
  const { dir, paths } = onDisk();
  const { context, page, errors } = await openPage(served.browser, served.server.url);
  assert.equal(await page.evaluate(() => window.paradupDebug.setWorkers(2)), 2);
  await page.setInputFiles('#file-input', paths);
  assert.equal(await waitStatus(page, ['done', 'error']), 'done', await page.textContent('#message-text'));
  assert.equal(await page.evaluate(() => window.paradupDebug.heldBytes()), 0, 'the page keeps handles, not bytes');
  const json = await exported(page);
  assert.deepEqual(json.documents.map((d) => d.name), Object.keys(TEXTS));
  assert.equal(json.clusters.length, 1, 'the shared paragraph');
  assert.equal(json.clusters[0].copies.length, 2);
  assert.deepEqual(errors, []);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

// The browser refuses to read a picked file that changed or went away
// since: the next worker to need it (after a crash, a fresh one needs them
// all) cannot read it, in the prepare workers nor in main.
const LATER = {
  'changed on disk': (path) => writeFileSync(path, `${TEXTS['b.txt']}\nA line added later.\n`),
  'deleted': (path) => rmSync(path),
};

for (const [what, change] of Object.entries(LATER)) {
  test(`a file ${what} since it was picked: skipped with the reason, the rest analyzed`, async () => {
    const { dir, paths } = onDisk();
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    assert.equal(await page.evaluate(() => window.paradupDebug.setWorkers(2)), 2);
    await page.setInputFiles('#file-input', paths);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done', await page.textContent('#message-text'));
    change(paths[1]);
    await page.evaluate(() => window.paradupDebug.killWorker());
    assert.equal(await waitStatus(page, ['error']), 'error');
    await page.click('[data-action="retry"]');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done', await page.textContent('#message-text'));
    const json = await exported(page);
    assert.deepEqual(json.documents.map((d) => d.name), ['a.txt', 'c.txt'], 'the rest is analyzed');
    assert.equal(json.skipped.length, 1);
    assert.equal(json.skipped[0].name, 'b.txt');
    assert.match(json.skipped[0].reason, /^the browser could not read it \(.+\)$/);
    assert.equal(json.clusters.length, 1, 'a.txt and c.txt still share a paragraph');
    // The list says so too.
    assert.match(await page.textContent('#doc-list li:nth-child(2) .doc-outcome'), /could not read/);
    assert.deepEqual(errors, []);
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

test("the page's thread: progress drawn at most every 150 ms, and a prepare request carries several files", async () => {
  // 60 files of about 100 KB: long enough for many progress events.
  const dir = mkdtempSync(join(tmpdir(), 'paradup-handles-many-'));
  const words = 'harbour lantern bridge council river market library ferry station quay winter spring budget school garden road'.split(' ');
  const paths = [];
  for (let f = 0; f < 60; f++) {
    const paras = [];
    for (let p = 0; p < 160; p++) paras.push(Array.from({ length: 90 }, (_, w) => words[(f * 7 + p * 3 + w * w) % words.length]).join(' ') + ` ${f}-${p}.`);
    paths.push(join(dir, `f${String(f).padStart(2, '0')}.txt`));
    writeFileSync(paths.at(-1), paras.join('\n\n'));
  }
  const { context, page, errors } = await openPage(served.browser, served.server.url);
  assert.equal(await page.evaluate(() => window.paradupDebug.setWorkers(2)), 2);
  // When the progress line's text changes (drawn), on the page's clock.
  const since = await page.evaluate(() => {
    window.drawnAt = [];
    new MutationObserver(() => {
      const text = document.getElementById('progress-stage').textContent;
      if (text !== 'Preparing the views') window.drawnAt.push(performance.now());
    }).observe(document.getElementById('progress-stage'), { childList: true, characterData: true, subtree: true });
    return performance.timeOrigin + performance.now();
  });
  await page.setInputFiles('#file-input', paths);
  assert.equal(await waitStatus(page, ['done', 'error']), 'done', await page.textContent('#message-text'));
  const drawn = await page.evaluate(() => window.drawnAt);
  // Not once a file (status.js, PROGRESS_MS): a few ms of slack for the
  // observer, which runs after the change.
  for (let i = 1; i < drawn.length; i++) assert.ok(drawn[i] - drawn[i - 1] >= 140, `drawn ${(drawn[i] - drawn[i - 1]).toFixed(1)} ms after the one before (${drawn.length} drawings)`);
  // Four files a request (engine.js, BATCH): 15 requests, not 60.
  const requests = await page.evaluate((t) => globalThis.paradupTimings.filter((r) => r.type === 'prepare' && r.sent >= t).length, since);
  assert.equal(requests, 15);
  assert.deepEqual(errors, []);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});
