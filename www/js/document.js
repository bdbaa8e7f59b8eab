// The document view: a document's full text, paragraph by paragraph, with
// duplicated paragraphs highlighted and linked to their original and to
// their other copies. Virtualized, so 100,000 paragraphs scroll smoothly.
import { h, clear, fmtInt, displayName } from './dom.js';
import { VirtualList } from './vlist.js';
import { score } from './clusters.js';

export class DocumentView {
  constructor(container, select, nav) {
    this.container = container;
    this.select = select;
    this.nav = nav;
    this.doc = 0;
    select.addEventListener('change', () => this.show(Number(select.value)));
  }

  setData(report, texts, index) {
    this.report = report;
    this.texts = texts;
    this.index = index;
    clear(this.select);
    report.documents.forEach((d, i) => {
      const s = index.docStats[i];
      this.select.append(h('option', { value: i }, `${displayName(d.name)} — ${fmtInt(s.paragraphs)} paragraphs, ${Math.round(s.share * 100)}% duplicated`));
    });
    this.show(Math.min(this.doc, report.documents.length - 1));
  }

  refresh() {
    if (this.list) this.list.update();
  }

  show(doc, para) {
    if (!this.report || doc < 0) return;
    this.doc = doc;
    this.select.value = String(doc);
    const count = this.report.documents[doc].paragraphs.length;
    const texts = this.texts[doc];
    const estimate = (i) => 44 + Math.ceil(texts[i].length / 90) * 24 + (this.annotated(doc, i) ? 30 : 0);
    if (!this.list) {
      this.list = new VirtualList(this.container, { count, estimate, render: (i) => this.renderParagraph(this.doc, i) });
    } else {
      this.list.estimate = estimate;
      this.list.setCount(count);
    }
    this.container.querySelector('.empty')?.remove();
    if (!count) this.container.querySelector('.vlist-inner').append(h('p', { class: 'muted empty' }, 'This document has no paragraphs (it is empty or blank).'));
    if (para !== undefined) {
      const el = this.list.scrollTo(para);
      if (el) {
        el.classList.add('flash');
        el.focus({ preventScroll: true });
      }
    } else this.container.scrollTop = 0;
  }

  annotated(doc, para) {
    const k = `${doc}:${para}`;
    return this.index.copyOf.has(k) || this.index.originalOf.has(k);
  }

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
        h('button', { type: 'button', class: 'button small', onclick: () => nav.compareParagraphs(c.original, { doc, para: i }, asCopy.copy) }, 'Compare'),
        others.length ? [' · also in ', this.locLinks(others)] : null));
    } else if (asOriginal !== undefined) {
      const c = report.clusters[asOriginal];
      cls += ' original';
      notes.push(h('div', { class: 'para-note' },
        c.boilerplate ? h('span', { class: 'badge small boilerplate' }, 'boilerplate') : null,
        `copied ${c.copies.length} time${c.copies.length === 1 ? '' : 's'}: `,
        this.locLinks(c.copies)));
    }
    return h('div', { class: cls, role: 'listitem', tabindex: '-1', dataset: { para: i, line: p.line } },
      h('span', { class: 'line-no', 'aria-label': `line ${p.line}` }, String(p.line)),
      h('div', { class: 'para-body' },
        h('p', { class: 'para-text' }, this.texts[doc][i]),
        notes));
  }

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
