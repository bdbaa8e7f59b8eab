// The compare view: two paragraphs, or two documents, side by side with the
// words that differ highlighted (deleted on the left, inserted on the right).
import { h, clear, pct, displayName } from './dom.js';
import { score } from './clusters.js';

/** @typedef {import('./types.js').Diff} Diff */

function side(spans, keep, mark) {
  return spans
    .filter((s) => s.op === 'equal' || s.op === keep)
    .map((s) => (s.op === 'equal' ? s.text : h(mark, { class: `diff-${s.op}` }, s.text)));
}

function changedWords(spans) {
  return spans.filter((s) => s.op !== 'equal').reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
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
export function renderDocumentCompare(el, report, texts, docA, docB, pairs, diffs, nav) {
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
