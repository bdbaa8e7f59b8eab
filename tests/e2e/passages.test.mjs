// The page's passage views (issue 9, items 5 and 6): passages marked at
// their exact spans inside paragraphs (whatever the file's encoding), the
// passages list (sorting, filtering), the compare view stepping through
// the passages two documents share, the explanation of a passage, and the
// `passages` option.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { downloadFrom, dropFiles, openPage, serveAndLaunch, textsShown, waitStatus } from './helpers.mjs';

const served = serveAndLaunch();

// A sentence shared word for word, set inside paragraphs of other text.
const SHARED = 'The old lighthouse keeper walked along the northern causeway every morning before dawn to check the lamps, the ropes and the tide tables for the fishing fleet';
// A longer stretch shared by alpha and gamma, with a few words changed in gamma.
const LONG_A = 'When the cannery closed in the spring, the council voted to turn the empty granary beside the wharf into a small museum of the harbour, with a reading room upstairs, a model of the old ropewalk, and a garden of herbs that the village school would tend through the summer holidays';
const LONG_G = 'When the cannery shut down in the spring, the council voted to turn the empty granary beside the wharf into a little museum of the harbour, with a reading room upstairs, a model of the old ropewalk, and a garden of herbs which the village school would look after through the summer holidays';

const ALPHA = [
  'Alpha begins with a paragraph of its own about quarterly budgets, spreadsheets and invoices nobody else writes about.',
  `Our correspondent filed this report late on Thursday evening. ${SHARED}. Nobody in the office believed the story at first, and several editors asked for a second source.`,
  `${LONG_A}.`,
  'Alpha closes with more of its own words on tax returns, pension forms, audits and ledgers.',
].join('\n\n');

const BETA_INTRO = 'Beta opens with a note in another voice: café owners — “naïve” or not — argue over the price of crème brûlée.';
const BETA_PARA = `Every villager — café owners, “naïve” crème brûlée cooks — knows the routine by heart. ${SHARED}. Children followed him sometimes, carrying his lantern and his flask of tea.`;
const BETA = [BETA_INTRO, BETA_PARA, 'Beta ends by discussing football results, rain forecasts and the bus timetable.'].join('\n\n');

const GAMMA = ['Gamma is a short note about railway timetables and carriage upholstery.', `${LONG_G}.`].join('\n\n');

/** UTF-16LE with a byte-order mark. */
const utf16 = (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
/** Windows-1252 (every character here has a one-byte code). */
const CP1252 = { '—': 0x97, '“': 0x93, '”': 0x94, 'é': 0xe9, 'ï': 0xef, 'è': 0xe8, 'û': 0xfb };
const cp1252 = (text) => Buffer.from([...text].map((c) => CP1252[c] ?? c.charCodeAt(0)));

/** The shared sentence as a mark shows it: the passage may or may not take the final full stop. */
const same = (marked, sentence) => marked.replace(/[.]$/, '') === sentence.replace(/[.]$/, '');

async function analyzed(files) {
  const opened = await openPage(served.browser, served.server.url);
  await dropFiles(opened.page, files);
  assert.equal(await waitStatus(opened.page, ['done', 'error']), 'done', await opened.page.textContent('#message-text'));
  return opened;
}

/** The texts of the passage marks in the document view for document `doc`. */
async function markedIn(page, doc) {
  await page.click('#tab-document');
  await page.selectOption('#doc-select', String(doc));
  await textsShown(page, '#doc-view');
  await page.waitForFunction(() => document.querySelector('#doc-view .para-text [data-pending]') === null);
  return page.$$eval('#doc-view mark.passage', (els) => els.map((e) => e.textContent));
}

async function report(page) {
  return JSON.parse((await downloadFrom(page, '[data-action="export-json"]')).toString('utf8'));
}

describe('passages on the page', () => {
  for (const [encoding, encode] of [['utf-8', (t) => Buffer.from(t)], ['utf-16le', utf16], ['windows-1252', cp1252]]) {
    test(`the document view marks exactly the shared sentence, on both sides (${encoding})`, async () => {
      const { context, page, errors } = await analyzed([
        { name: 'alpha.txt', bytes: Buffer.from(ALPHA) },
        { name: 'beta.txt', bytes: encode(BETA) },
      ]);
      const r = await report(page);
      assert.equal(r.documents[1].encoding, encoding);
      assert.equal(r.passages.length, 1, JSON.stringify(r.passages));
      assert.equal(await page.textContent('[data-stat="passages"] .stat-value'), '1');

      const a = await markedIn(page, 0);
      assert.equal(a.length, 1, JSON.stringify(a));
      assert.ok(same(a[0], SHARED), `alpha's mark: ${a[0]}`);
      const b = await markedIn(page, 1);
      assert.equal(b.length, 1, JSON.stringify(b));
      assert.ok(same(b[0], SHARED), `beta's mark: ${b[0]}`);
      // The text around the mark is the paragraph's own, unchanged.
      const para = await page.$eval('#doc-view mark.passage', (m) => m.closest('.para-text').textContent);
      assert.equal(para, BETA_PARA);
      // The mark says where else the sentence is.
      const title = await page.$eval('#doc-view mark.passage', (m) => m.title);
      assert.match(title, /alpha\.txt, line 3/);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('the list sorts and filters; the compare view steps through passages and explains them', async () => {
    const { context, page, errors } = await analyzed([
      { name: 'alpha.txt', bytes: Buffer.from(ALPHA) },
      { name: 'beta.txt', bytes: Buffer.from(BETA) },
      { name: 'gamma.txt', bytes: Buffer.from(GAMMA) },
    ]);
    const r = await report(page);
    assert.ok(r.passages.length >= 2, JSON.stringify(r.passages));

    await page.click('#tab-passages');
    await textsShown(page, '#passage-list');
    const rows = async () => page.$$eval('#passage-list .passage-row', (els) => els.map((e) => ({
      passage: Number(e.dataset.passage), words: Number(e.dataset.words), similarity: Number(e.dataset.similarity),
    })));
    let shown = await rows();
    assert.equal(shown.length, r.passages.length);
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1].words >= shown[i].words, 'longest first');
    await page.selectOption('#passage-sort', 'similarity');
    await page.waitForFunction(() => document.querySelector('#passage-list .passage-row'));
    shown = await rows();
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1].similarity >= shown[i].similarity, 'most similar first');
    // Filtered by a document on either side: gamma is the later side only.
    await page.selectOption('#passage-doc', '2');
    await page.waitForFunction(() => /of/.test(document.querySelector('#passage-count').textContent));
    shown = await rows();
    const withGamma = r.passages.map((p, i) => (p.a.doc === 2 || p.b.doc === 2 ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(shown.map((s) => s.passage).sort(), withGamma.sort());
    await page.selectOption('#passage-doc', '0');
    await page.waitForFunction(() => /of|^\d+ passages/.test(document.querySelector('#passage-count').textContent));
    const withAlpha = r.passages.filter((p) => p.a.doc === 0 || p.b.doc === 0).length;
    assert.equal((await rows()).length, withAlpha);

    // Alpha with gamma: the edited passage; its explanation names the rule and shows the diff.
    const edited = r.passages.findIndex((p) => p.a.doc === 0 && p.b.doc === 2);
    assert.ok(edited >= 0, 'alpha and gamma share a passage');
    await page.click(`#passage-list .passage-row[data-passage="${edited}"] button`);
    await page.waitForSelector('#compare .compare-grid[data-mode="passages"]');
    await page.waitForSelector('#compare .passage-explain-slot[data-state="ready"]');
    const kind = await page.$eval('#compare .passage-explain', (e) => e.dataset.kind);
    assert.equal(kind, r.passages[edited].kind);
    assert.notEqual(kind, 'verbatim', 'words were changed');
    const rule = await page.textContent('#compare .explain-rule');
    assert.equal(rule, { verbatim: 'verbatim run', edited: 'bridged gaps', reworded: 'sentence similarity', summary: 'summary' }[kind]);
    const deleted = await page.$$eval('#compare .explain-diff del', (els) => els.map((e) => e.textContent.trim()).join(' '));
    const inserted = await page.$$eval('#compare .explain-diff ins', (els) => els.map((e) => e.textContent.trim()).join(' '));
    for (const w of ['closed', 'small', 'that', 'tend']) assert.ok(deleted.includes(w), `"${w}" shown as removed: ${deleted}`);
    for (const w of ['shut', 'little', 'which', 'look']) assert.ok(inserted.includes(w), `"${w}" shown as added: ${inserted}`);
    assert.match(await page.textContent('#compare [data-figure="similarity"]'), /\d+%/);
    // Both sides mark the current passage and show it in their pane.
    const current = async () => page.$$eval('#compare .compare-doc', (panes) => panes.map((pane) => {
      const m = pane.querySelector('mark.passage.current');
      if (!m) return null;
      const a = m.getBoundingClientRect();
      const b = pane.getBoundingClientRect();
      return { text: m.textContent, visible: a.top >= b.top - 1 && a.top < b.bottom };
    }));
    const both = await current();
    assert.ok(both.every((x) => x && x.visible), JSON.stringify(both));
    assert.ok(both[0].text.startsWith('When the cannery'), both[0].text);
    assert.ok(both[1].text.startsWith('When the cannery'), both[1].text);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('next and previous move between the passages two documents share, by button and key', async () => {
    // Two documents sharing three separate sentences.
    const s = [SHARED, 'A second sentence in common tells how the ferry to the island was cancelled twice in one week because of fog over the sound and the strait', 'The third shared sentence recalls that the brewery by the mill gave every worker a barrel of ale at harvest time for many generations of the village'];
    // Long stretches of each file's own words keep the three apart (no gap bridging joins them).
    const fillerL = ['Left opens alone on spreadsheets, audits, quarterly invoices, pension forms, tax returns, ledgers, receipts, budgets and the long arguments accountants enjoy about depreciation schedules and rounding rules', 'Left then wanders into a digression on filing cabinets, paper clips, staplers, rubber stamps, carbon copies, typewriter ribbons and the smell of toner in a windowless office on a wet Monday', 'Left closes with remarks on payroll software, overtime sheets, holiday allowances, expense claims, mileage logs and the auditors who visit every spring'];
    const fillerR = ['Right starts with football scores, league tables, transfer rumours, injured strikers, referees, penalty shootouts and supporters singing in the rain at a cold stadium on the coast', 'Right moves on to bus timetables, delayed trains, cancelled trams, crowded platforms, ticket machines that refuse coins and commuters reading newspapers on a grey morning', 'Right ends on weather forecasts, storm warnings, flooded roads, sandbags, gritting lorries and the radio presenter who reads the shipping forecast at midnight'];
    const left = s.map((x, i) => `${fillerL[i]}. ${x}.`).join('\n\n') + '\n';
    const right = s.map((x, i) => `${fillerR[i]}. ${x}.`).join('\n\n') + '\n';
    const { context, page, errors } = await analyzed([{ name: 'left.txt', bytes: Buffer.from(left) }, { name: 'right.txt', bytes: Buffer.from(right) }]);
    const r = await report(page);
    assert.equal(r.passages.length, 3, JSON.stringify(r.passages));
    // The heatmap cell opens the two documents: straight at their passages
    // when they share no paragraph, else with a button to step through them.
    await page.click('.heatmap .cell[data-a="0"][data-b="1"]');
    await page.waitForSelector('#compare .compare-grid');
    if (await page.$('#compare .compare-grid[data-mode="documents"]')) await page.click('#compare [data-show="passages"]');
    await page.waitForSelector('#compare .compare-grid[data-mode="passages"]');
    const position = () => page.textContent('#compare .passage-position');
    const currentTexts = () => page.$$eval('#compare .compare-doc mark.passage.current', (els) => els.map((e) => e.textContent));
    assert.equal(await position(), 'Passage 1 of 3');
    assert.ok((await page.isDisabled('#compare [data-move="prev"]')), 'no passage before the first');
    let cur = await currentTexts();
    assert.equal(cur.length, 2);
    assert.ok(cur.every((t) => same(t, s[0])), JSON.stringify(cur));
    await page.click('#compare [data-move="next"]');
    assert.equal(await position(), 'Passage 2 of 3');
    cur = await currentTexts();
    assert.ok(cur.length === 2 && cur.every((t) => same(t, s[1])), JSON.stringify(cur));
    await page.focus('#compare [data-move="next"]');
    await page.keyboard.press('n');
    assert.equal(await position(), 'Passage 3 of 3');
    assert.ok(await page.isDisabled('#compare [data-move="next"]'));
    cur = await currentTexts();
    assert.ok(cur.length === 2 && cur.every((t) => same(t, s[2])), JSON.stringify(cur));
    await page.focus('#compare [data-move="prev"]');
    await page.keyboard.press('p');
    assert.equal(await position(), 'Passage 2 of 3');
    // Selecting a mark makes its passage current.
    await page.click('#compare .compare-doc[data-side="b"] mark.passage >> nth=0');
    assert.equal(await position(), 'Passage 1 of 3');
    await page.waitForSelector('#compare .passage-explain-slot[data-state="ready"]');
    assert.equal(await page.$eval('#compare .passage-explain', (e) => e.dataset.kind), 'verbatim');
    assert.equal(await page.$$eval('#compare .explain-diff del, #compare .explain-diff ins', (els) => els.length), 0, 'a verbatim run differs nowhere');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('turning passages off in the options finds none', async () => {
    const { context, page, errors } = await analyzed([
      { name: 'alpha.txt', bytes: Buffer.from(ALPHA) },
      { name: 'beta.txt', bytes: Buffer.from(BETA) },
    ]);
    assert.equal(await page.textContent('[data-stat="passages"] .stat-value'), '1');
    await page.click('#options-details summary');
    assert.equal(await page.isChecked('#options [name="passages"]'), true);
    assert.equal(await page.inputValue('#options [name="min_passage_words"]'), '15');
    // The core's refusal, as for every option.
    await page.fill('#options [name="min_passage_words"]', '0');
    await page.waitForSelector('#options [name="min_passage_words"][aria-invalid="true"]');
    assert.match(await page.textContent('#message-text'), /min_passage_words/);
    await page.fill('#options [name="min_passage_words"]', '15');
    await page.waitForFunction(() => !document.querySelector('#options [aria-invalid]'));
    await page.uncheck('#options [name="passages"]');
    await page.waitForFunction(() => document.querySelector('[data-stat="passages"] .stat-value')?.textContent === 'off');
    assert.equal(await waitStatus(page, ['done', 'error']), 'done');
    const r = await report(page);
    assert.equal(r.settings.passages, false);
    assert.deepEqual(r.passages, []);
    assert.deepEqual(await markedIn(page, 1), []);
    await page.click('#tab-passages');
    assert.match(await page.textContent('#passage-list'), /turned off/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('10,000 passages: the list draws only the rows on screen, sorts, and reaches its last row', async () => {
    // hub.txt shares 100 sentences with each of 100 other files; between
    // the shared sentences lie sentences of each file's own, so each
    // shared sentence is a passage of its own.
    // mulberry32: an LCG on doubles loses its low bits past 2^53, and its
    // words then repeat with a short period (low-variety text, not this
    // test's subject).
    let seed = 12345;
    const rand = (n) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const word = () => `${'bcdfghklmnprstvz'[rand(16)]}${'aeiou'[rand(5)]}${'bcdfghklmnprstvz'[rand(16)]}${'aeiou'[rand(5)]}${'nrstlm'[rand(6)]}`;
    const sentence = (n) => {
      const w = Array.from({ length: n }, word);
      w[0] = w[0][0].toUpperCase() + w[0].slice(1);
      return w.join(' ');
    };
    const FILES = 100;
    const EACH = 100;
    const hub = [];
    const files = [];
    for (let f = 0; f < FILES; f++) {
      const own = [];
      for (let j = 0; j < EACH; j++) {
        const shared = sentence(18);
        hub.push(`${sentence(16)}. ${shared}. ${sentence(16)}.`);
        own.push(`${sentence(16)}. ${shared}. ${sentence(16)}.`);
      }
      files.push({ name: `part-${String(f).padStart(3, '0')}.txt`, bytes: Buffer.from(`${own.join('\n\n')}\n`) });
    }
    files.unshift({ name: 'hub.txt', bytes: Buffer.from(`${hub.join('\n\n')}\n`) });
    const opened = await openPage(served.browser, served.server.url);
    const { context, page, errors } = opened;
    await dropFiles(page, files);
    assert.equal(await waitStatus(page, ['done', 'error'], 300_000), 'done', await page.textContent('#message-text'));
    const count = Number((await page.textContent('[data-stat="passages"] .stat-value')).replace(/,/g, ''));
    assert.ok(count >= FILES * EACH, `${count} passages`);

    const started = Date.now();
    await page.click('#tab-passages');
    await textsShown(page, '#passage-list');
    console.log(`# ${count} passages: the list shown in ${Date.now() - started} ms`);
    const drawn = () => page.$$eval('#passage-list .passage-row', (els) => els.length);
    assert.ok(await drawn() < 100, `${await drawn()} rows drawn of ${count}`);
    assert.equal(await page.textContent('#passage-count'), `${count.toLocaleString('en-US')} passages`);
    await page.selectOption('#passage-sort', 'position');
    await page.$eval('#passage-list', (el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.waitForFunction((last) => document.querySelector(`#passage-list .passage-row[data-passage="${last}"]`), count - 1);
    assert.ok(await drawn() < 100, 'still only the rows on screen');
    // The hub's document view marks its shared sentences, drawn as it scrolls.
    await page.click('#tab-document');
    await page.selectOption('#doc-select', '0');
    await textsShown(page, '#doc-view');
    const marks = await page.$$eval('#doc-view mark.passage', (els) => els.length);
    assert.ok(marks > 0 && marks < 200, `${marks} marks drawn`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
