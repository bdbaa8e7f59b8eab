// The document view: a document's full text, paragraph by paragraph, with
// duplicated paragraphs highlighted and linked to their original and to
// their other copies, and shared passages marked inside the paragraphs at
// their exact spans (a mark names the other side; selecting it compares
// the two). Virtualized, so 100,000 paragraphs scroll smoothly.
//
// The rows come from the report at once; the texts of the document shown
// are fetched from the worker (once per document and analysis, only while
// the view is shown) and fill the rows when they arrive. The container's
// data-texts says where that stands: loading, ready or failed.
import { h, clear, fmtInt, displayName } from './dom.js';
import { VirtualList } from './vlist.js';
import { score } from './clusters.js';
import { markText, byParagraph, sideLabel, passageScore } from './passages.js';

/** @typedef {import('./types.js').Report} Report */
/** @typedef {import('./types.js').Loc} Loc */
/** @typedef {import('./texts.js').TextStore} TextStore */
/** @typedef {import('./state.js').ReportIndex} ReportIndex */

export class DocumentView {
  /**
   * @param {HTMLElement} container
   * @param {HTMLSelectElement} select
   * @param {{openDocument: (doc: number, para?: number) => void, comparePassage: (index: number, from?: number) => void}} nav
   */
  constructor(container, select, nav) {
    this.container = container;
    this.select = select;
    this.nav = nav;
    this.doc = 0;
    this.active = false;
    /** The paragraph to bring into view once the texts are in. */
    this.target = undefined;
    select.addEventListener('change', () => this.show(Number(select.value)));
  }

  /** @param {Report} report @param {TextStore} texts @param {ReportIndex} index */
  setData(report, texts, index) {
    this.report = report;
    this.texts = texts;
    this.index = index;
    /** Paragraphs ignored as template text, by "doc:para". */
    this.ignored = new Map((report.ignored ?? []).map((i) => [`${i.doc}:${i.para}`, i]));
    /** @type {Map<number, Map<number, import('./types.js').PassageMark[]>>} marks per document, per paragraph */
    this.marks = new Map();
    clear(this.select);
    report.documents.forEach((d, i) => {
      const s = index.docStats[i];
      this.select.append(h('option', { value: i }, `${displayName(d.name)} — ${fmtInt(s.paragraphs)} paragraphs, ${Math.round(s.share * 100)}% duplicated`));
    });
    this.show(Math.min(this.doc, report.documents.length - 1));
  }

  /** Shown (true) or hidden: texts are fetched only while shown. */
  setActive(on) {
    this.active = on;
    if (on) this.refresh();
  }

  refresh() {
    if (this.list) this.list.update();
    this.load();
  }

  show(doc, para) {
    if (!this.report || doc < 0) return;
    this.doc = doc;
    this.target = para;
    this.select.value = String(doc);
    const { paragraphs } = this.report.documents[doc];
    const count = paragraphs.length;
    // Until the texts are in, a paragraph's bytes stand for its length.
    const estimate = (i) => {
      const text = this.texts.get(doc, i);
      const length = text === undefined ? paragraphs[i].end - paragraphs[i].start : text.length;
      return 44 + Math.ceil(length / 90) * 24 + (this.annotated(doc, i) ? 30 : 0);
    };
    if (!this.list) {
      this.list = new VirtualList(this.container, { count, estimate, render: (i) => this.renderParagraph(this.doc, i) });
    } else {
      this.list.estimate = estimate;
      this.list.setCount(count);
    }
    this.container.querySelector('.empty')?.remove();
    if (!count) this.container.querySelector('.vlist-inner').append(h('p', { class: 'muted empty' }, 'This document has no paragraphs (it is empty or blank).'));
    if (para !== undefined) this.reveal(para);
    else this.container.scrollTop = 0;
    this.load();
  }

  /** Scrolls paragraph `para` to the top and flashes it. */
  reveal(para) {
    const el = this.list.scrollTo(para);
    if (el) {
      el.classList.add('flash');
      el.focus({ preventScroll: true });
    }
  }

  /** Fetches the shown document's texts if they are not here, then fills the rows. */
  async load() {
    if (!this.active || !this.report) return;
    const { doc, texts } = this;
    if (texts.hasDocument(doc) && this.marks.has(doc)) {
      this.container.dataset.texts = 'ready';
      return;
    }
    this.container.dataset.texts = 'loading';
    try {
      const wantMarks = this.report.passages?.length ? texts.marks(doc) : Promise.resolve([]);
      const [, marks] = await Promise.all([texts.document(doc), wantMarks]);
      if (texts === this.texts) this.marks.set(doc, byParagraph(marks));
    } catch (e) {
      if (texts === this.texts && doc === this.doc) {
        this.container.dataset.texts = 'failed';
        this.container.title = `The paragraph texts could not be fetched: ${e.message}`;
      }
      return;
    }
    // Another document, or another report, is shown now.
    if (texts !== this.texts || doc !== this.doc) return;
    this.list.setCount(this.report.documents[doc].paragraphs.length);
    if (this.target !== undefined) this.reveal(this.target);
    this.container.dataset.texts = 'ready';
    this.container.removeAttribute('title');
  }

  annotated(doc, para) {
    const k = `${doc}:${para}`;
    return this.index.copyOf.has(k) || this.index.originalOf.has(k);
  }

  /** @param {Loc} l */
  locLabel(l) {
    const d = this.report.documents[l.doc];
    return `${displayName(d.name)}, line ${d.paragraphs[l.para].line}`;
  }

  renderParagraph(doc, i) {
    const { report, index, nav } = this;
    const p = report.documents[doc].paragraphs[i];
    const key = `${doc}:${i}`;
    const asCopy = index.copyOf.get(key);
    const asOriginal = index.originalOf.get(key);
    let cls = 'para';
    const notes = [];
    if (asCopy) {
      const c = report.clusters[asCopy.cluster];
      cls += ` dup ${asCopy.copy.kind}`;
      const others = c.copies.filter((x) => !(x.doc === doc && x.para === i));
      notes.push(h('div', { class: 'para-note' },
        h('span', { class: `badge small ${asCopy.copy.kind}` }, score(asCopy.copy)),
        c.boilerplate ? h('span', { class: 'badge small boilerplate' }, 'boilerplate') : null,
        ' copy of ',
        h('button', { type: 'button', class: 'link', onclick: () => nav.openDocument(c.original.doc, c.original.para) }, this.locLabel(c.original)),
        ' ',
        h('button', { type: 'button', class: 'button small', 'data-action': 'compare', dataset: { cluster: asCopy.cluster, copy: asCopy.index } }, 'Compare'),
        others.length ? [' · also in ', this.locLinks(others)] : null));
    } else if (asOriginal !== undefined) {
      const c = report.clusters[asOriginal];
      cls += ' original';
      notes.push(h('div', { class: 'para-note' },
        c.boilerplate ? h('span', { class: 'badge small boilerplate' }, 'boilerplate') : null,
        `copied ${c.copies.length} time${c.copies.length === 1 ? '' : 's'}: `,
        this.locLinks(c.copies)));
    }
    const ignored = this.ignored.get(key);
    let title = null;
    if (ignored) {
      const t = report.templates[ignored.template];
      const where = `${displayName(t.name)}, line ${t.paragraphs[ignored.template_para].line}`;
      cls += ' ignored';
      title = `Ignored: matches the template ${where} (${ignored.kind})`;
      notes.push(h('div', { class: 'para-note muted' }, `template text (${where}), ignored`));
    }
    const text = this.texts.get(doc, i);
    const marks = this.marks.get(doc)?.get(i);
    if (marks) cls += ' has-passage';
    return h('div', { class: cls, role: 'listitem', tabindex: '-1', title, dataset: { para: i, line: p.line } },
      h('span', { class: 'line-no', 'aria-label': `line ${p.line}` }, String(p.line)),
      h('div', { class: 'para-body' },
        text === undefined ? h('p', { class: 'para-text muted', dataset: { pending: '' } }, '…') : h('p', { class: 'para-text' }, markText(text, marks, {
          describe: (passages, covering) => this.describe(covering),
          select: (passage) => nav.comparePassage(passage, doc),
        })),
        notes));
  }

  /**
   * A mark's label: the passages covering it, each by its other side (a
   * passage within one document names its other place in it).
   * @param {import('./types.js').PassageMark[]} covering
   */
  describe(covering) {
    const report = this.report;
    const seen = new Set();
    const parts = [];
    for (const m of covering) {
      if (seen.has(m.passage)) continue;
      seen.add(m.passage);
      const p = report.passages[m.passage];
      parts.push(`${sideLabel(report, m.side === 'a' ? p.b : p.a)} (${passageScore(p)})`);
    }
    const more = parts.length > 4 ? ` and ${parts.length - 4} more` : '';
    return `Shared passage, also in ${parts.slice(0, 4).join('; ')}${more}. Select to compare.`;
  }

  /** @param {Loc[]} locs */
  locLinks(locs) {
    const shown = locs.slice(0, 6);
    const out = [];
    shown.forEach((l, n) => {
      if (n) out.push(', ');
      out.push(h('button', { type: 'button', class: 'link', onclick: () => this.nav.openDocument(l.doc, l.para) }, this.locLabel(l)));
    });
    if (locs.length > shown.length) out.push(` and ${locs.length - shown.length} more`);
    return out;
  }
}
