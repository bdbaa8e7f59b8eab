// The clusters list: each original with its copies, filterable by kind,
// searchable by text, boilerplate optionally hidden. Virtualized.
//
// Texts come from the analysis' TextStore: the rows on screen ask for
// their originals' texts (only while the view is shown); the first search
// asks for the texts of every cluster's paragraphs, which it needs to
// match words against, and keeps them for the searches after it.
import { h, $, fmtInt, displayName } from './dom.js';
import { VirtualList, fetchRowTexts, scheduleRowFetch } from './vlist.js';

/** @typedef {import('./types.js').Report} Report */
/** @typedef {import('./types.js').Loc} Loc */
/** @typedef {import('./types.js').ClusterCopy} ClusterCopy */
/** @typedef {import('./texts.js').TextStore} TextStore */

const SHOWN_COPIES = 4;

export function snippet(text, max = 240) {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** @param {ClusterCopy} copy */
export function score(copy) {
  return copy.kind === 'contained' ? `contained ${Math.round(copy.containment * 100)}%` : copy.kind === 'near' ? `near ${Math.round(copy.similarity * 100)}%` : 'exact';
}

export class ClusterView {
  /** @param {HTMLElement} container @param {{openDocument: (doc: number, para?: number) => void}} nav */
  constructor(container, nav) {
    this.container = container;
    this.nav = nav;
    this.expanded = new Set();
    this.active = false;
    this.kind = $('#cluster-kind');
    this.search = $('#cluster-search');
    this.hideBoilerplate = $('#cluster-hide-boilerplate');
    let timer = 0;
    const refilter = () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.filter(), 120);
    };
    this.kind.addEventListener('change', refilter);
    this.search.addEventListener('input', refilter);
    this.hideBoilerplate.addEventListener('change', refilter);
  }

  /** @param {Report} report @param {TextStore} texts */
  setData(report, texts) {
    this.report = report;
    this.texts = texts;
    this.lower = new Map();
    this.expanded.clear();
    this.filtering = 0;
    this.filter();
  }

  /** Shown (true) or hidden: texts are fetched only while shown. */
  setActive(on) {
    this.active = on;
    if (on) this.refresh();
  }

  lowerText(doc, para) {
    const k = `${doc}:${para}`;
    let t = this.lower.get(k);
    if (t === undefined) {
      t = this.texts.get(doc, para).toLowerCase();
      this.lower.set(k, t);
    }
    return t;
  }

  /** Every cluster's paragraphs: what a search matches words against. */
  members() {
    return this.report.clusters.flatMap((c) => [c.original, ...c.copies]);
  }

  async filter() {
    if (!this.report) return;
    const { report, texts } = this;
    const ticket = ++this.filtering;
    const kind = this.kind.value;
    const words = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const hide = this.hideBoilerplate.checked;
    if (words.length) {
      this.container.dataset.texts = 'loading';
      try {
        await texts.paragraphs(this.members());
      } catch (e) {
        if (ticket === this.filtering) this.failed(e);
        return;
      }
      // A newer filter, or another report, took over meanwhile.
      if (ticket !== this.filtering || report !== this.report) return;
    }
    this.shown = [];
    report.clusters.forEach((c, i) => {
      if (kind && c.kind !== kind && !c.copies.some((x) => x.kind === kind)) return;
      if (hide && c.boilerplate) return;
      if (words.length) {
        const members = [c.original, ...c.copies];
        if (!members.some((m) => words.every((w) => this.lowerText(m.doc, m.para).includes(w)))) return;
      }
      this.shown.push(i);
    });
    const total = report.clusters.length;
    $('#cluster-count').textContent = this.shown.length === total ? `${fmtInt(total)} clusters` : `${fmtInt(this.shown.length)} of ${fmtInt(total)} clusters`;
    this.container.querySelector('.empty')?.remove();
    if (!this.list) {
      this.list = new VirtualList(this.container, {
        count: this.shown.length,
        estimate: (i) => this.estimate(i),
        render: (i) => this.renderRow(i),
      });
    } else this.list.setCount(this.shown.length);
    if (!this.shown.length) {
      this.container.querySelector('.vlist-inner').append(h('p', { class: 'muted empty' }, total ? 'No cluster matches these filters.' : 'No duplicated paragraphs were found.'));
    }
    this.fetchShown();
  }

  refresh() {
    if (this.list) this.list.update();
    this.fetchShown();
  }

  /** Fetches the texts the rows on screen lack, then draws those rows again. */
  fetchShown() {
    return fetchRowTexts(this, {
      missing: (texts) => this.list.renderedIndices().map((i) => this.report.clusters[this.shown[i]].original).filter((l) => texts.get(l.doc, l.para) === undefined),
      fetch: (texts, locs) => texts.paragraphs(locs),
      ready: () => this.container.removeAttribute('title'),
      failed: (e) => this.failed(e),
    });
  }

  /** One fetch for all the rows drawn in one go. */
  scheduleFetch() {
    scheduleRowFetch(this);
  }

  failed(e) {
    this.container.dataset.texts = 'failed';
    this.container.title = `The paragraph texts could not be fetched: ${e.message}`;
  }

  estimate(i) {
    const c = this.report.clusters[this.shown[i]];
    const copies = this.expanded.has(this.shown[i]) ? c.copies.length : Math.min(c.copies.length, SHOWN_COPIES);
    return 110 + copies * 34;
  }

  /** @param {Loc} l */
  loc(l) {
    const d = this.report.documents[l.doc];
    return `${displayName(d.name)}, line ${d.paragraphs[l.para].line}`;
  }

  renderRow(i) {
    const ci = this.shown[i];
    const c = this.report.clusters[ci];
    const nav = this.nav;
    const text = this.texts.get(c.original.doc, c.original.para);
    const expanded = this.expanded.has(ci);
    const copies = expanded ? c.copies : c.copies.slice(0, SHOWN_COPIES);
    if (text === undefined) this.scheduleFetch();
    const row = h('article', { class: `cluster kind-${c.kind}`, role: 'listitem', dataset: { cluster: ci, kind: c.kind }, 'aria-label': `Cluster ${ci + 1}: ${c.kind}, ${c.copies.length} copies` },
      h('header', { class: 'cluster-head' },
        h('span', { class: `badge ${c.kind}` }, c.kind),
        c.boilerplate ? h('span', { class: 'badge boilerplate', title: `In ${c.documents} documents: probably boilerplate` }, 'boilerplate') : null,
        h('span', { class: 'muted small' }, `${c.copies.length} cop${c.copies.length === 1 ? 'y' : 'ies'} · ${c.documents} document${c.documents === 1 ? '' : 's'}`)),
      text === undefined
        ? h('p', { class: 'cluster-text muted', dataset: { pending: '' } }, '…')
        : h('p', { class: 'cluster-text' }, snippet(text)),
      h('div', { class: 'cluster-original small' },
        h('span', { class: 'muted' }, 'Original: '),
        h('button', { type: 'button', class: 'link', onclick: () => nav.openDocument(c.original.doc, c.original.para) }, this.loc(c.original))),
      h('ul', { class: 'copies' },
        copies.map((copy, j) => h('li', null,
          h('span', { class: `badge small ${copy.kind}` }, score(copy)),
          h('button', { type: 'button', class: 'link', onclick: () => nav.openDocument(copy.doc, copy.para) }, this.loc(copy)),
          h('button', { type: 'button', class: 'button small', 'data-action': 'compare', dataset: { cluster: ci, copy: j } }, 'Compare')))),
      c.copies.length > SHOWN_COPIES
        ? h('button', {
            type: 'button', class: 'link small', 'aria-expanded': String(expanded),
            onclick: () => {
              if (expanded) this.expanded.delete(ci);
              else this.expanded.add(ci);
              this.list.setCount(this.shown.length);
              this.list.scrollTo(i);
            },
          }, expanded ? 'Show fewer copies' : `Show all ${c.copies.length} copies`)
        : null);
    return row;
  }
}
