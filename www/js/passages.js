// Passages: stretches of text shared inside or across paragraphs, with
// exact byte spans on both sides (report.passages). This module holds what
// the views share about them: marking them in a paragraph's text (the
// core maps the byte spans to string indices: texts.js `marks`), saying in
// plain words why something is a passage, and the passages list (sortable
// by length and score, filterable by document, virtualized).
import { h, $, clear, fmtInt, pct, displayName } from './dom.js';
import { VirtualList, fetchRowTexts, scheduleRowFetch } from './vlist.js';
import { snippet } from './clusters.js';

/** @typedef {import('./types.js').Report} Report */
/** @typedef {import('./types.js').Passage} Passage */
/** @typedef {import('./types.js').PassageSide} PassageSide */
/** @typedef {import('./types.js').PassageMark} PassageMark */
/** @typedef {import('./types.js').Diff} Diff */
/** @typedef {import('./texts.js').TextStore} TextStore */

/** The rule that made a passage, in plain words, by its kind. */
export const RULES = {
  verbatim: {
    name: 'verbatim run',
    text: 'One unbroken run of the same words in the same order on both sides (case, punctuation, quotes and line breaks aside).',
  },
  edited: {
    name: 'bridged gaps',
    text: 'Runs of the same words in the same order, joined across small gaps where words were changed, inserted or deleted.',
  },
  reworded: {
    name: 'sentence similarity',
    text: 'Sentences that share most of their words (compared by their stems) though not in the same order: rewording, a translation round trip or a summary.',
  },
  summary: {
    name: 'summary',
    text: 'Pieces of a short text, each matched to a place in a much longer stretch of the other, not always in the same order (or one piece matched to two places of it close together): the longer side runs from the first text used to the last, and what lies between is what the summary left out.',
  },
};

/** "a.txt, lines 3–5" (or "line 3"). @param {Report} report @param {PassageSide} s */
export function sideLabel(report, s) {
  const name = displayName(report.documents[s.doc].name);
  return s.end_line > s.line ? `${name}, lines ${s.line}–${s.end_line}` : `${name}, line ${s.line}`;
}

/** "edited, 83% similar, 24 words". @param {Passage} p */
export function passageScore(p) {
  return `${p.kind}, ${pct(p.similarity)} similar, ${fmtInt(p.words)} words`;
}

/** Words as the page counts them for figures (letters and digits). */
export const countWords = (text) => (text.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) || []).length;

/**
 * The nodes of `text` with the parts `marks` cover wrapped in <mark>
 * elements. Marks may overlap (one sentence shared with several
 * documents): the text is cut at every mark's ends, and each piece is
 * marked with every passage covering it (data-passages, space-separated).
 * @param {string} text
 * @param {PassageMark[]} marks   of this paragraph
 * @param {{current?: Set<number>, describe: (passages: number[], marks: PassageMark[]) => string, select: (passage: number) => void}} how
 *   describe: a mark's label, from the passages (and the marks) covering it
 */
export function markText(text, marks, how) {
  if (!marks || !marks.length) return [text];
  const n = text.length;
  const range = (m) => (m.whole ? [0, n] : [Math.max(0, Math.min(n, m.from)), Math.max(0, Math.min(n, m.to))]);
  const cuts = new Set([0, n]);
  for (const m of marks) for (const c of range(m)) cuts.add(c);
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  let open = null; // [start, end, key, passages, marks] of the piece being built
  const flush = () => {
    if (!open) return;
    const [from, to, key, passages, covering] = open;
    const slice = text.slice(from, to);
    if (!key) out.push(slice);
    else {
      const current = how.current && passages.some((p) => how.current.has(p));
      const label = how.describe(passages, covering);
      out.push(h('mark', {
        class: `passage${current ? ' current' : ''}`, tabindex: '0', title: label, 'aria-label': `${label}: ${slice}`,
        dataset: { passages: key },
        onclick: (e) => {
          e.stopPropagation();
          how.select(passages[0]);
        },
        onkeydown: (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            how.select(passages[0]);
          }
        },
      }, slice));
    }
    open = null;
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const [x, y] = [points[i], points[i + 1]];
    if (x === y) continue;
    const covering = marks.filter((m) => {
      const [f, t] = range(m);
      return f <= x && t >= y;
    });
    const passages = [...new Set(covering.map((m) => m.passage))].sort((a, b) => a - b);
    const key = passages.join(' ');
    if (open && open[2] === key) open[1] = y;
    else {
      flush();
      open = [x, y, key, passages, covering];
    }
  }
  flush();
  return out;
}

/** Groups marks by paragraph: Map para → marks. @param {PassageMark[]} marks */
export function byParagraph(marks) {
  const out = new Map();
  for (const m of marks) {
    let list = out.get(m.para);
    if (!list) out.set(m.para, (list = []));
    list.push(m);
  }
  return out;
}

/**
 * The passages between two documents in the order of the first one:
 * indices into report.passages, each oriented with `a` in docA (for one
 * document with itself, as the report has them).
 * @param {Report} report
 */
export function passagesBetween(report, docA, docB) {
  const out = [];
  report.passages.forEach((p, i) => {
    if ((p.a.doc === docA && p.b.doc === docB) || (p.a.doc === docB && p.b.doc === docA)) out.push(i);
  });
  const near = (i) => {
    const p = report.passages[i];
    return p.a.doc === docA ? p.a : p.b;
  };
  return out.sort((x, y) => near(x).start - near(y).start || x - y);
}

/** The side of passage `p` in the left pane (docA) and the right pane. @param {Passage} p */
export function oriented(p, docA) {
  return p.a.doc === docA ? { left: p.a, right: p.b, leftSide: 'a', rightSide: 'b' } : { left: p.b, right: p.a, leftSide: 'b', rightSide: 'a' };
}

/**
 * What a passage is made of, for people: the rule, the scores, the words on
 * each side, the shared words and a word diff of the two sides.
 * @param {Report} report
 * @param {number} index
 * @param {number} docA         the document on the left
 * @param {[string, string]} texts  the passage's [a, b] texts
 * @param {Diff} diff            from the left side's text to the right's
 * @param {(side: PassageSide) => void} [open]  opens the document at a side
 */
export function explainPassage(report, index, docA, texts, diff, open) {
  const p = report.passages[index];
  const { left, right, leftSide } = oriented(p, docA);
  const [leftText, rightText] = leftSide === 'a' ? texts : [texts[1], texts[0]];
  const rule = RULES[p.kind] || { name: p.kind, text: '' };
  const shared = diff.spans.filter((s) => s.op === 'equal').reduce((n, s) => n + countWords(s.text), 0);
  const removed = diff.spans.filter((s) => s.op === 'delete').reduce((n, s) => n + countWords(s.text), 0);
  const added = diff.spans.filter((s) => s.op === 'insert').reduce((n, s) => n + countWords(s.text), 0);
  const link = (s) => (open ? h('button', { type: 'button', class: 'link', onclick: () => open(s) }, sideLabel(report, s)) : sideLabel(report, s));
  const piece = (keep, mark) => diff.spans
    .filter((s) => s.op === 'equal' || s.op === keep)
    .map((s) => (s.op === 'equal' ? s.text : h(mark, { class: `diff-${s.op}` }, s.text)));
  return h('section', { class: 'passage-explain', 'aria-label': 'Why this is a passage', dataset: { passage: index, kind: p.kind } },
    h('div', { class: 'explain-head' },
      h('span', { class: `badge passage-kind ${p.kind}` }, p.kind),
      h('strong', { class: 'explain-rule' }, rule.name),
      h('span', { class: 'muted small' }, rule.text)),
    h('dl', { class: 'explain-figures' },
      h('div', null, h('dt', null, 'Similarity'), h('dd', { dataset: { figure: 'similarity' } }, `${pct(p.similarity)} of both sides' words aligned`)),
      h('div', null, h('dt', null, 'Words'), h('dd', { dataset: { figure: 'words' } }, `${fmtInt(countWords(leftText))} on the left, ${fmtInt(countWords(rightText))} on the right (the report counts ${fmtInt(p.words)} in the later side)`)),
      h('div', null, h('dt', null, 'Shared words'), h('dd', { dataset: { figure: 'shared' } }, `${fmtInt(shared)} in common · ${fmtInt(removed)} only on the left · ${fmtInt(added)} only on the right`)),
      h('div', null, h('dt', null, 'Where'), h('dd', null, link(left), ' ↔ ', link(right)))),
    diff.coarse ? h('p', { class: 'muted small coarse-note' }, 'Too long to compare word by word: long changed stretches are shown whole.') : null,
    h('div', { class: 'explain-diff' },
      h('p', { class: 'compare-text', dataset: { side: 'left' } }, piece('delete', 'del')),
      h('p', { class: 'compare-text', dataset: { side: 'right' } }, piece('insert', 'ins'))));
}

const SORTS = {
  words: (ps) => (x, y) => ps[y].words - ps[x].words || ps[y].similarity - ps[x].similarity || x - y,
  similarity: (ps) => (x, y) => ps[y].similarity - ps[x].similarity || ps[y].words - ps[x].words || x - y,
  position: () => (x, y) => x - y,
};

/**
 * The passages list: one row per passage, sorted by length (words) or
 * score (similarity), filtered by a document on either side; a row opens
 * the compare view at its passage. Each row drawn asks for its passage's
 * text (a snippet), only while the view is shown.
 */
export class PassageListView {
  /**
   * @param {HTMLElement} container
   * @param {{comparePassage: (index: number) => void}} nav
   */
  constructor(container, nav) {
    this.container = container;
    this.nav = nav;
    this.active = false;
    this.sort = $('#passage-sort');
    this.docFilter = $('#passage-doc');
    this.sort.addEventListener('change', () => this.filter());
    this.docFilter.addEventListener('change', () => this.filter());
    this.shown = [];
  }

  /** @param {Report} report @param {TextStore} texts */
  setData(report, texts) {
    this.report = report;
    this.texts = texts;
    const keep = this.docFilter.value;
    clear(this.docFilter).append(h('option', { value: '' }, 'all documents'),
      ...report.documents.map((d, i) => h('option', { value: i }, displayName(d.name))));
    this.docFilter.value = keep !== '' && Number(keep) < report.documents.length ? keep : '';
    this.filter();
  }

  /** Shown (true) or hidden: snippets are fetched only while shown. */
  setActive(on) {
    this.active = on;
    if (on) {
      this.list?.update();
      this.fetchShown();
    }
  }

  filter() {
    if (!this.report) return;
    const ps = this.report.passages;
    const doc = this.docFilter.value === '' ? null : Number(this.docFilter.value);
    const shown = [];
    for (let i = 0; i < ps.length; i++) {
      if (doc === null || ps[i].a.doc === doc || ps[i].b.doc === doc) shown.push(i);
    }
    shown.sort((SORTS[this.sort.value] || SORTS.words)(ps));
    this.shown = shown;
    $('#passage-count').textContent = shown.length === ps.length ? `${fmtInt(ps.length)} passages` : `${fmtInt(shown.length)} of ${fmtInt(ps.length)} passages`;
    if (!this.list) {
      this.list = new VirtualList(this.container, { count: shown.length, estimate: () => 96, render: (i) => this.renderRow(i) });
    } else {
      this.list.setCount(shown.length);
      this.container.scrollTop = 0;
    }
    this.container.querySelector('.empty')?.remove();
    if (!shown.length) {
      const why = ps.length ? 'No passage lies in this document.'
        : this.report.settings.passages === false ? 'Passages are turned off in the options.' : 'No shared passages were found.';
      this.container.querySelector('.vlist-inner').append(h('p', { class: 'muted empty' }, why));
    }
    this.fetchShown();
  }

  /** Fetches the snippets the rows on screen lack, then draws them again. */
  fetchShown() {
    return fetchRowTexts(this, {
      missing: (texts) => this.list.renderedIndices().map((i) => this.shown[i]).filter((p) => !texts.passageText.has(p)),
      fetch: (texts, want) => texts.passages(want),
      failed: (e) => {
        this.container.dataset.texts = 'failed';
        this.container.title = `The passage texts could not be fetched: ${e.message}`;
      },
    });
  }

  scheduleFetch() {
    scheduleRowFetch(this);
  }

  renderRow(i) {
    const index = this.shown[i];
    const p = this.report.passages[index];
    const text = this.texts.passageText.get(index);
    if (!text) this.scheduleFetch();
    const open = () => this.nav.comparePassage(index);
    return h('article', {
      class: `passage-row kind-${p.kind}`, role: 'listitem', tabindex: '0', dataset: { passage: index, kind: p.kind, words: p.words, similarity: p.similarity },
      'aria-label': `Passage ${index + 1}: ${passageScore(p)}; ${sideLabel(this.report, p.a)} and ${sideLabel(this.report, p.b)}`,
      onkeydown: (e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) open();
      },
    },
    h('header', { class: 'passage-head' },
      h('span', { class: `badge passage-kind ${p.kind}`, title: RULES[p.kind]?.text || null }, p.kind),
      h('span', { class: 'passage-figures small' }, `${fmtInt(p.words)} words · ${pct(p.similarity)} similar`),
      h('button', { type: 'button', class: 'button small', onclick: open }, 'Compare')),
    h('p', { class: 'passage-sides small' }, sideLabel(this.report, p.a), h('span', { class: 'muted' }, ' ↔ '), sideLabel(this.report, p.b)),
    text === undefined
      ? h('p', { class: 'passage-snippet muted', dataset: { pending: '' } }, '…')
      : h('p', { class: 'passage-snippet' }, snippet(text[1], 200)));
  }
}
