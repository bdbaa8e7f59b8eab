// The compare view: two paragraphs, or two documents, side by side with the
// words that differ highlighted (deleted on the left, inserted on the right);
// or two documents with the passages they share marked on both sides.
import { h, clear, pct, displayName } from './dom.js';
import { score } from './clusters.js';
import { markText, byParagraph, oriented, sideLabel, passageScore } from './passages.js';

/** @typedef {import('./types.js').Diff} Diff */

function side(spans, keep, mark) {
  return spans
    .filter((s) => s.op === 'equal' || s.op === keep)
    .map((s) => (s.op === 'equal' ? s.text : h(mark, { class: `diff-${s.op}` }, s.text)));
}

function changedWords(spans) {
  // Punctuation is diffed apart from words: a quote or comma alone is no word.
  return spans.filter((s) => s.op !== 'equal').reduce((n, s) => n + s.text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length, 0);
}

/** A note when the texts were too long to compare word by word. */
function coarseNote(diffs) {
  return diffs.some((d) => d.coarse) ? h('p', { class: 'muted small coarse-note' }, 'Too long to compare word by word: long changed stretches are shown whole.') : null;
}

/** diff: {spans, coarse} from the core's word diff. */
export function renderParagraphCompare(el, report, a, b, diff, info, nav) {
  const spans = diff.spans;
  const name = (l) => `${displayName(report.documents[l.doc].name)}, line ${report.documents[l.doc].paragraphs[l.para].line}`;
  const changes = changedWords(spans);
  clear(el).append(
    h('div', { class: 'compare-head' },
      h('h3', null, 'Paragraph compared with its original'),
      info ? h('span', { class: `badge ${info.kind}` }, score(info)) : null,
      h('span', { class: 'muted' }, changes ? `${changes} word${changes === 1 ? '' : 's'} differ` : 'identical words (only case, punctuation or spacing differ)'),
      legend()),
    coarseNote([diff]),
    h('div', { class: 'compare-grid', dataset: { mode: 'paragraphs' } },
      column('Original', name(a), () => nav.openDocument(a.doc, a.para), h('p', { class: 'compare-text', dataset: { side: 'a' } }, side(spans, 'delete', 'del'))),
      column('Copy', name(b), () => nav.openDocument(b.doc, b.para), h('p', { class: 'compare-text', dataset: { side: 'b' } }, side(spans, 'insert', 'ins')))));
}

function legend() {
  return h('span', { class: 'legend small' }, h('del', { class: 'diff-delete' }, 'removed'), ' ', h('ins', { class: 'diff-insert' }, 'added'));
}

function column(title, label, open, body) {
  return h('section', { class: 'compare-col' },
    h('header', null, h('span', { class: 'muted small' }, title), ' ', h('button', { type: 'button', class: 'link', onclick: open }, label)),
    body);
}

/**
 * pairs: oriented so `a` is in docA and `b` in docB; diffs[i] ({spans,
 * coarse}) diffs pair i; `texts` holds both documents' texts.
 * @param {HTMLElement} el
 * @param {import('./types.js').Report} report
 * @param {import('./texts.js').TextStore} texts
 */
export function renderDocumentCompare(el, report, texts, docA, docB, pairs, diffs, nav, passages = []) {
  const spans = diffs.map((d) => d.spans);
  const da = report.documents[docA];
  const db = report.documents[docB];
  const ov = report.overlaps.find((o) => (o.a === docA && o.b === docB) || (o.a === docB && o.b === docA));
  const shareA = ov ? (ov.a === docA ? ov.a_share : ov.b_share) : 0;
  const shareB = ov ? (ov.a === docA ? ov.b_share : ov.a_share) : 0;
  const diffA = new Map();
  const diffB = new Map();
  pairs.forEach((p, i) => {
    if (!diffA.has(p.a.para)) diffA.set(p.a.para, { spans: spans[i], other: p.b.para, kind: p.kind });
    if (!diffB.has(p.b.para)) diffB.set(p.b.para, { spans: spans[i], other: p.a.para, kind: p.kind });
  });
  const paragraphs = (doc, diffs, keep, mark, sideName) =>
    h('div', { class: 'compare-doc', dataset: { side: sideName } },
      report.documents[doc].paragraphs.map((p, i) => {
        const d = diffs.get(i);
        return h('p', {
          class: `compare-para${d ? ` matched ${d.kind}` : ''}`, id: `cmp-${sideName}-${i}`, dataset: { para: i },
          tabindex: d ? '0' : null,
          title: d ? 'Matches a paragraph in the other document: select to scroll to it' : null,
          onclick: d ? () => reveal(sideName === 'a' ? 'b' : 'a', d.other) : null,
          onkeydown: d ? (e) => { if (e.key === 'Enter') reveal(sideName === 'a' ? 'b' : 'a', d.other); } : null,
        }, d ? side(d.spans, keep, mark) : texts.get(doc, i));
      }));
  const reveal = (s, para) => {
    const target = el.querySelector(`#cmp-${s}-${para}`);
    if (!target) return;
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    target.classList.remove('flash');
    void target.offsetWidth;
    target.classList.add('flash');
  };
  clear(el).append(
    h('div', { class: 'compare-head' },
      h('h3', null, 'Documents side by side'),
      h('span', { class: 'muted' }, `${pairs.length} matching paragraph pair${pairs.length === 1 ? '' : 's'}`),
      passages.length
        ? h('button', { type: 'button', class: 'button small', dataset: { show: 'passages' }, onclick: () => nav.comparePassage(passages[0], docA) },
            `Step through ${passages.length} shared passage${passages.length === 1 ? '' : 's'}`)
        : null,
      legend()),
    coarseNote(diffs),
    h('div', { class: 'compare-grid', dataset: { mode: 'documents' } },
      column(`${pct(shareA)} shared`, displayName(da.name), () => nav.openDocument(docA), paragraphs(docA, diffA, 'delete', 'del', 'a')),
      column(`${pct(shareB)} shared`, displayName(db.name), () => nav.openDocument(docB), paragraphs(docB, diffB, 'insert', 'ins', 'b'))));
  // Start each side at its first shared paragraph.
  for (const doc of el.querySelectorAll('.compare-doc')) {
    const first = doc.querySelector('.compare-para.matched');
    if (first) doc.scrollTop = first.offsetTop - doc.offsetTop - 8;
  }
}

/**
 * Two documents side by side with the passages they share marked on both
 * sides (mode "passages"): `list` holds the passages between them in the
 * left document's order; the current one is marked `current` on both
 * sides, and the explanation slot (`.passage-explain-slot`) says why it is
 * a passage. Moving between passages is the caller's (views.js): this
 * only draws.
 * @param {HTMLElement} el
 * @param {import('./types.js').Report} report
 * @param {import('./texts.js').TextStore} texts  holds both documents' texts
 * @param {number} docA   the left document
 * @param {number} docB   the right document
 * @param {number[]} list  passage indices, in order
 * @param {[import('./types.js').PassageMark[], import('./types.js').PassageMark[]]} marks  of docA and docB
 * @param {{select: (passage: number) => void, move: (step: number) => void, open: (doc: number) => void}} how
 */
export function renderPassageCompare(el, report, texts, docA, docB, list, marks, how) {
  const position = new Map(list.map((passage, pos) => [passage, pos]));
  const sideOf = (passage, left) => {
    const p = report.passages[passage];
    const o = oriented(p, docA);
    return left ? o.leftSide : o.rightSide;
  };
  const pane = (doc, docMarks, left) => {
    const mine = docMarks.filter((m) => position.has(m.passage) && m.side === sideOf(m.passage, left));
    const grouped = byParagraph(mine);
    const other = left ? docB : docA;
    const describe = (passages) => {
      const parts = passages.slice(0, 3).map((i) => {
        const o = oriented(report.passages[i], docA);
        return `passage ${position.get(i) + 1}: ${sideLabel(report, left ? o.right : o.left)} (${passageScore(report.passages[i])})`;
      });
      return `Shared with ${displayName(report.documents[other].name)} — ${parts.join('; ')}. Select to go to it.`;
    };
    return h('div', { class: 'compare-doc', dataset: { side: left ? 'a' : 'b' } },
      report.documents[doc].paragraphs.map((p, i) => {
        const m = grouped.get(i);
        return h('p', { class: `compare-para${m ? ' has-passage' : ''}`, dataset: { para: i, line: p.line } },
          markText(texts.get(doc, i) ?? '', m, { describe, select: how.select }));
      }));
  };
  const da = report.documents[docA];
  const db = report.documents[docB];
  clear(el).append(
    h('div', { class: 'compare-head' },
      h('h3', null, 'Passages side by side'),
      h('div', { class: 'passage-nav', role: 'group', 'aria-label': 'Move between passages' },
        h('button', { type: 'button', class: 'button small', dataset: { move: 'prev' }, 'aria-keyshortcuts': 'P K', title: 'Previous passage (P or K)', onclick: () => how.move(-1) }, '◀ Previous'),
        h('span', { class: 'passage-position', 'aria-live': 'polite' }, ''),
        h('button', { type: 'button', class: 'button small', dataset: { move: 'next' }, 'aria-keyshortcuts': 'N J', title: 'Next passage (N or J)', onclick: () => how.move(1) }, 'Next ▶')),
      h('span', { class: 'muted small' }, `${list.length} shared passage${list.length === 1 ? '' : 's'} · keys N / P move`),
      legend()),
    h('div', { class: 'passage-explain-slot', 'aria-live': 'polite' }),
    h('div', { class: 'compare-grid', dataset: { mode: 'passages' } },
      column('Left', displayName(da.name), () => how.open(docA), pane(docA, marks[0], true)),
      column('Right', displayName(db.name), () => how.open(docB), pane(docB, marks[1], false))));
}

/**
 * Makes passage `passage` (position `pos` of `count`) the current one in
 * a passages comparison: marked on both sides, and each side scrolled to
 * it (together, at the same height).
 * @param {HTMLElement} el
 */
export function showCurrentPassage(el, passage, pos, count) {
  for (const m of el.querySelectorAll('.compare-grid mark.passage.current')) m.classList.remove('current');
  const key = String(passage);
  for (const pane of el.querySelectorAll('.compare-grid .compare-doc')) {
    const marks = [...pane.querySelectorAll('mark.passage')].filter((m) => m.dataset.passages.split(' ').includes(key));
    for (const m of marks) m.classList.add('current');
    if (marks[0]) {
      const at = marks[0].getBoundingClientRect().top - pane.getBoundingClientRect().top;
      pane.scrollTop += at - pane.clientHeight / 4;
    }
  }
  el.querySelector('.passage-position').textContent = `Passage ${pos + 1} of ${count}`;
  el.querySelector('[data-move="prev"]').disabled = pos <= 0;
  el.querySelector('[data-move="next"]').disabled = pos >= count - 1;
}
