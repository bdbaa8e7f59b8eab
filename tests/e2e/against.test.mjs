// Checking documents against a reference in the page (issue 11, item 1):
// files dropped on the reference zone are listed with a badge, the overview
// marks reference documents, and the JSON export equals `paradup analyze
// --format json --against REF… NEW…` on the same files, with and without
// "also among my documents" (--within).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, serveAndLaunch, waitStatus, cliCommand, dropOn } from './helpers.mjs';

const served = serveAndLaunch();

const HARBOUR = 'The harbour authority announced that the eastern breakwater will be rebuilt over two summers, starting in June.';
const MINUTES = 'Council minutes from the spring session record a long debate about parking fees near the market square.';
const MILL = 'The old paper mill on the river closed in 1978, and its brick chimney is now a listed landmark of the valley.';
const FERRY = 'Our reporter spent a morning with the ferry crew, who start their first crossing well before the sun comes up.';
const BUSES = 'Readers wrote in about the new bus timetable, which leaves the hill villages without an evening service at all.';
const FROST = 'A cold snap is expected at the weekend, with frost on the high ground and gusty winds along the exposed coast.';

const file = (name, text) => ({ name, bytes: Buffer.from(text) });
// The two archive articles share a paragraph (never reported); the first
// draft takes one paragraph of each; the drafts share one (--within).
const REFERENCES = [file('archive-a.txt', `${HARBOUR}\n\n${MINUTES}\n`), file('archive-b.txt', `${MINUTES}\n\n${MILL}\n`)];
const DOCS = [file('one.txt', `${HARBOUR}\n\n${FERRY}\n\n${MILL}\n\n${BUSES}\n`), file('two.txt', `${BUSES}\n\n${FROST}\n`)];

/** The CLI's JSON report on the same files, run where they are written. */
function cliJson(extra) {
  const dir = mkdtempSync(join(tmpdir(), 'paradup-against-'));
  for (const f of [...REFERENCES, ...DOCS]) writeFileSync(join(dir, f.name), f.bytes);
  const args = ['analyze', '--format', 'json', ...REFERENCES.flatMap((r) => ['--against', r.name]), ...extra, ...DOCS.map((d) => d.name)];
  const r = spawnSync(...cliCommand(args), { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1, `paradup: reuse of the reference gives exit status 1 (${r.status}): ${r.stderr}`);
  return r.stdout;
}

async function exported(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-json"]')]);
  return readFileSync(await dl.path(), 'utf8');
}

describe('check against a reference', () => {
  test('references dropped on their zone give the CLI report, with and without --within', async () => {
    const plain = cliJson([]);
    const within = cliJson(['--within']);
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    await dropOn(page, '#reference-drop', REFERENCES);
    await page.waitForSelector('#reference-list li:nth-child(2)');
    assert.deepEqual(await page.$$eval('#reference-list .doc-name', (els) => els.map((e) => e.textContent)), ['archive-a.txt', 'archive-b.txt']);
    // References are not documents of the list.
    assert.equal(await page.$$eval('#doc-list li', (els) => els.length), 0);
    await dropOn(page, 'main', DOCS);
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    assert.equal(await exported(page), plain, 'the page exports the CLI report byte for byte');
    // The overview marks the two reference documents.
    assert.equal(await page.$$eval('.role-badge', (els) => els.length), 2);

    // Checking the box re-runs the analysis at once (status `working`).
    await page.check('#reference-within');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    assert.equal(await exported(page), within, 'with --within too');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
