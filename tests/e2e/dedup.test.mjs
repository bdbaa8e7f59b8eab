// The page's "Deduplicated files (.zip)" equals `paradup dedup`'s output
// folder: the same entries (one file per input file, the CLI's names, the
// log's name reserved) with the same bytes (issue 12, defect 4).
//
//   cd tests/e2e && npm ci && CHROME=/usr/bin/chromium node --test dedup.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { downloadFrom, dropFiles, openPage, serveAndLaunch, unzip, waitStatus, cliCommand } from './helpers.mjs';

const served = serveAndLaunch();

/** Runs `paradup dedup` (with `extra` arguments) on `names` in `dir`, into a new folder; returns it. */
function cliDedup(dir, names, extra = []) {
  const out = join(dir, 'cli-out');
  const r = spawnSync(...cliCommand(['dedup', '--out', out, ...extra, ...names]), { cwd: dir, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `paradup dedup failed (${r.status}): ${r.stderr}`);
  return out;
}

/** Every file under `dir`, by `/`-separated relative path. */
function folder(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Opens the page, drops `files` ([{name, bytes: Buffer}]) and waits for the report. */
async function analyzed(files) {
  const { context, page, errors } = await openPage(served.browser, served.server.url);
  await dropFiles(page, files);
  assert.equal(await waitStatus(page, ['done', 'error']), 'done');
  return { context, page, errors };
}

async function dedupZip(page) {
  return unzip(await downloadFrom(page, '[data-action="export-dedup"]'));
}

/** Asserts the zip holds exactly the files of `dir`, byte for byte. */
function assertSame(zip, dir) {
  const cli = folder(dir);
  assert.deepEqual([...zip.keys()].sort(), [...cli.keys()].sort(), 'the same names');
  for (const [name, bytes] of cli) assert.ok(Buffer.from(zip.get(name)).equals(bytes), `${name}: the same bytes`);
}

const STORY = 'The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.';
const OTHER = 'Fishermen said the repairs were long overdue and thanked the council for acting quickly.';

test('records files and an input named like the log: the zip equals the CLI output folder', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paradup-dedup-e2e-'));
  try {
    const files = [
      { name: 'story.txt', bytes: Buffer.from(`${STORY}\n\n${OTHER}\n`) },
      { name: 'notes.csv', bytes: Buffer.from(`id,text\n1,"${STORY}"\n2,"A choir sang in the town hall on Sunday, to a full house."\n3,"${OTHER}"\n`) },
      { name: 'feed.jsonl', bytes: Buffer.from(`{"text": "${OTHER}"}\n{"text": "The ferry to the island now leaves an hour earlier on weekdays."}\n`) },
      // Named like the log; neither may replace the other.
      { name: 'paradup-dedup-log.json', bytes: Buffer.from(`A paragraph of its own before the copy, long enough to count.\n\n${STORY}\n`) },
      { name: 'late.txt', bytes: Buffer.from(`Something else opens this file, a paragraph about the weather.\n\n${STORY}\n`) },
    ];
    for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
    const out = cliDedup(dir, files.map((f) => f.name));
    const { context, page, errors } = await analyzed(files);
    const zip = await dedupZip(page);
    assertSame(zip, out);
    assert.ok(zip.has('notes.csv') && zip.has('feed.jsonl'), [...zip.keys()].join(', '));
    assert.ok(zip.has('paradup-dedup-log-2.json'), 'the input named like the log is renamed');
    assert.ok(!zip.get('late.txt').toString().includes('harbour'), 'the copy was removed');
    JSON.parse(zip.get('paradup-dedup-log.json').toString('utf8'));
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a CSV file of 2,000 records is written once, as the CLI writes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paradup-dedup-e2e-'));
  try {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},"Record ${i} of the ledger: ${i % 50 === 0 ? STORY : `entry number ${i} describes a delivery of ${i * 7} crates to the quay.`}"`);
    const csv = Buffer.from(`id,text\n${rows.join('\n')}\n`);
    const files = [{ name: 'ledger.csv', bytes: csv }];
    writeFileSync(join(dir, 'ledger.csv'), csv);
    const out = cliDedup(dir, ['ledger.csv']);
    const { context, page, errors } = await analyzed(files);
    const zip = await dedupZip(page);
    assert.deepEqual([...zip.keys()].sort(), ['ledger.csv', 'paradup-dedup-log.json']);
    assert.ok(Buffer.from(zip.get('ledger.csv')).equals(csv), 'the file, unchanged, once');
    assertSame(zip, out);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('keep "longest" in the page: the zip equals paradup dedup --keep longest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paradup-dedup-e2e-'));
  try {
    const short = 'The harbour council voted on Tuesday to rebuild the old stone pier.';
    const long = 'The harbour council voted on Tuesday to rebuild the old stone pier before winter.';
    const files = [
      { name: 'first.txt', bytes: Buffer.from(`A first file opens with a paragraph about the ferry timetable.\n\n${short}\n`) },
      { name: 'second.txt', bytes: Buffer.from(`The second file opens with a note about the library hours.\n\n${long}\n`) },
      { name: 'third.txt', bytes: Buffer.from(`${short}\n\nThe third file ends with a word on the brass band in the square.\n`) },
    ];
    for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
    const out = cliDedup(dir, files.map((f) => f.name), ['--keep', 'longest']);
    const { context, page, errors } = await analyzed(files);
    await page.selectOption('#dedup-keep', 'longest');
    const zip = await dedupZip(page);
    assertSame(zip, out);
    const has = (name) => Buffer.from(zip.get(name)).toString('utf8').includes('stone pier');
    assert.deepEqual(['first.txt', 'second.txt', 'third.txt'].filter(has), ['second.txt'], 'only the longest copy stays');
    const log = JSON.parse(Buffer.from(zip.get('paradup-dedup-log.json')).toString('utf8'));
    assert.equal(log.keep.policy, 'longest');
    const kept = log.documents.flatMap((d) => d.removed.map((r) => [d.name, r.kept.document, r.kept.rule]));
    assert.deepEqual(kept, [['first.txt', 'second.txt', 'longest'], ['third.txt', 'second.txt', 'longest']]);
    // Back to "first": the first occurrence stays, as before.
    await page.selectOption('#dedup-keep', 'first');
    const first = await dedupZip(page);
    assert.deepEqual(['first.txt', 'second.txt', 'third.txt'].filter((n) => Buffer.from(first.get(n)).toString('utf8').includes('stone pier')), ['first.txt']);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('keep "newest" in the page uses the files\' lastModified, as the CLI uses modification times', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paradup-dedup-e2e-'));
  try {
    const para = 'The harbour council voted on Tuesday to rebuild the old stone pier.';
    // Seconds since the epoch: the third file is the newest.
    const files = [
      { name: 'first.txt', seconds: 1_700_000_000, bytes: Buffer.from(`A first file opens with a paragraph about the ferry timetable.\n\n${para}\n`) },
      { name: 'second.txt', seconds: 1_600_000_000, bytes: Buffer.from(`${para}\n\nThe second file ends with a note about the library hours.\n`) },
      { name: 'third.txt', seconds: 1_750_000_000, bytes: Buffer.from(`The third file opens with a word on the brass band.\n\n${para}\n`) },
    ];
    for (const f of files) {
      writeFileSync(join(dir, f.name), f.bytes);
      utimesSync(join(dir, f.name), f.seconds, f.seconds);
    }
    const out = cliDedup(dir, files.map((f) => f.name), ['--keep', 'newest']);
    const { context, page, errors } = await openPage(served.browser, served.server.url);
    // Dropped as File objects with those dates (dropFiles gives none).
    const dataTransfer = await page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/plain', lastModified: f.seconds * 1000 }));
      return dt;
    }, files.map((f) => ({ name: f.name, seconds: f.seconds, text: f.bytes.toString('utf8') })));
    await page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await page.dispatchEvent('main', 'drop', { dataTransfer });
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    await page.selectOption('#dedup-keep', 'newest');
    const zip = await dedupZip(page);
    assertSame(zip, out);
    const has = (name) => Buffer.from(zip.get(name)).toString('utf8').includes('stone pier');
    assert.deepEqual(files.map((f) => f.name).filter(has), ['third.txt'], 'only the newest copy stays');
    const log = JSON.parse(Buffer.from(zip.get('paradup-dedup-log.json')).toString('utf8'));
    assert.deepEqual(log.documents.flatMap((d) => d.removed.map((r) => r.kept.rule)), ['newest', 'newest']);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
