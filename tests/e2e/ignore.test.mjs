// Templates to ignore in the page (issue 11, item 3): a template dropped on
// its own zone is listed with a remove button, the paragraphs matching it
// are greyed in the document view with the template named, and the JSON
// export equals `paradup analyze --format json --ignore TEMPLATE` on the
// same files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, serveAndLaunch, textsShown, waitStatus, cliCommand, dropOn } from './helpers.mjs';

const served = serveAndLaunch();

const PROMPT = 'Describe the experiment you ran on the pendulum, the lengths you chose and how you timed each swing.';
const FOOTER = 'Submitted under the honour code of the physics department, which forbids copying the work of others.';
const SHARED = 'I tied a steel nut to a thread and timed ten swings for each of five lengths with a phone stopwatch.';
const OWN = 'My pendulum was a key on a shoelace, and I counted swings against the kitchen clock for three lengths.';
const submission = (name, answer) => `Lab report 3\n\nName: ${name}\n\n${PROMPT}\n\n${answer}\n\n${FOOTER}\n`;

const TEMPLATE = { name: 'template.md', bytes: Buffer.from(`# Lab report 3\n\n${PROMPT}\n\n${FOOTER}\n`) };
const DOCS = [
  { name: 'ada.txt', bytes: Buffer.from(submission('Ada', SHARED)) },
  { name: 'ben.txt', bytes: Buffer.from(submission('Ben', SHARED)) },
  { name: 'cy.txt', bytes: Buffer.from(submission('Cy', OWN)) },
];

/** The CLI's JSON report on the same files, run where they are written. */
function cliJson() {
  const dir = mkdtempSync(join(tmpdir(), 'paradup-ignore-'));
  for (const f of [TEMPLATE, ...DOCS]) writeFileSync(join(dir, f.name), f.bytes);
  const args = ['analyze', '--format', 'json', '--ignore', TEMPLATE.name, ...DOCS.map((d) => d.name)];
  const r = spawnSync(...cliCommand(args), { cwd: dir, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `paradup failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

describe('templates to ignore', () => {
  test('a dropped template greys its paragraphs, the export equals the CLI, removing it brings them back', async () => {
    const expected = cliJson();
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    await dropOn(page, '#template-drop', [TEMPLATE]);
    await page.waitForSelector('#template-list li');
    assert.equal(await page.textContent('#template-list .doc-name'), 'template.md');
    // The template is not a document.
    assert.equal(await page.$$eval('#doc-list li', (els) => els.length), 0);
    await dropOn(page, 'main', DOCS);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    assert.equal(await page.textContent('[data-stat="ignored_paragraphs"] .stat-value'), '9');

    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-json"]')]);
    const json = readFileSync(await dl.path(), 'utf8');
    assert.equal(json, expected, 'the page exports the CLI report byte for byte');

    await page.click('#tab-document');
    await textsShown(page, '#doc-view');
    const ignored = await page.$$eval('#doc-view .para.ignored', (els) => els.map((e) => [e.dataset.line, e.getAttribute('title')]));
    assert.deepEqual(ignored, [
      ['1', 'Ignored: matches the template template.md, line 1 (exact)'],
      ['5', 'Ignored: matches the template template.md, line 3 (exact)'],
      ['9', 'Ignored: matches the template template.md, line 5 (exact)'],
    ]);

    await page.click('#template-list [data-action="remove-template"]');
    await page.waitForFunction(() => !document.querySelector('[data-stat="ignored_paragraphs"]') && document.body.dataset.status === 'done');
    assert.equal(await page.$$eval('#template-list li', (els) => els.length), 0);
    await page.click('#tab-document');
    await textsShown(page, '#doc-view');
    assert.equal(await page.$$eval('#doc-view .para.ignored', (els) => els.length), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
