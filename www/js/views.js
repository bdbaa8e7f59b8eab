// The results' views and the moves between them: the tabs (overview,
// clusters, passages, document, compare), navigation from one view to
// another, and comparisons (texts from the main worker, word diffs from the
// diff worker), including stepping through the passages two documents share.
import { h, $, $$, clear } from './dom.js';
import { Cancelled } from './engine.js';
import { state } from './state.js';
import { renderSummary, renderSkipped, renderDocTable, renderHeatmap } from './overview.js';
import { ClusterView } from './clusters.js';
import { DocumentView } from './document.js';
import { renderParagraphCompare, renderDocumentCompare, renderPassageCompare, showCurrentPassage } from './compare.js';
import { PassageListView, passagesBetween, oriented, explainPassage } from './passages.js';

/** @typedef {import('./types.js').Loc} Loc */
/** @typedef {import('./types.js').Diff} Diff */
/** @typedef {import('./types.js').ClusterCopy} ClusterCopy */
/** @typedef {import('./state.js').Results} Results */

const COMPARE_HINT = 'Choose “Compare” on a cluster or select a cell of the overlap map to see two texts side by side, with the words that differ highlighted.';

/** Rejects with Cancelled when `signal` aborts. */
function aborted(signal) {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Cancelled());
    else signal.addEventListener('abort', () => reject(new Cancelled()), { once: true });
  });
}

/** The paragraph of `side.doc` holding the passage side's first byte (or the next one). */
function paragraphAt(report, side) {
  const paras = report.documents[side.doc].paragraphs;
  let lo = 0;
  let hi = paras.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (paras[mid].end <= side.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < paras.length ? lo : undefined;
}

export class Views {
  /** @param {import('./engine.js').Engine} engine */
  constructor(engine) {
    this.engine = engine;
    this.clusters = null;
    this.document = null;
    this.passages = null;
    /** The passages comparison shown, if any: {results, docA, docB, list, pos, job}. */
    this.stepper = null;
    this.nav = {
      openDocument: (doc, para) => this.openDocument(doc, para),
      compareParagraphs: (a, b, info) => this.compareParagraphs(a, b, info),
      compareDocuments: (a, b) => this.compareDocuments(a, b),
      comparePassage: (index, fromDoc) => this.comparePassage(index, fromDoc),
    };
    // N / J and P / K move between passages in a passages comparison
    // (while the compare view is shown, wherever the focus is but a field).
    document.addEventListener('keydown', (e) => {
      if (!this.stepper || state.view !== 'compare' || e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName)) return;
      const step = { n: 1, j: 1, p: -1, k: -1 }[e.key.toLowerCase()];
      if (step) {
        e.preventDefault();
        this.movePassage(step);
      }
    });
    // Tabs: arrow keys move between them (WAI-ARIA tabs pattern).
    const tabs = $$('[role="tab"]');
    for (const tab of tabs) {
      tab.addEventListener('click', () => this.select(tab.dataset.view));
      tab.addEventListener('keydown', (e) => {
        const i = tabs.indexOf(tab);
        let j = -1;
        if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
        else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
        else if (e.key === 'Home') j = 0;
        else if (e.key === 'End') j = tabs.length - 1;
        if (j >= 0) {
          e.preventDefault();
          tabs[j].focus();
          this.select(tabs[j].dataset.view);
        }
      });
    }
  }

  /**
   * Shows `results`, staying on the view shown (Compare excepted). Only
   * that view is drawn now (and the summary above the overview); each
   * other view is drawn when it is first shown for these results: on a
   * large report, drawing every view took longer than a re-analysis
   * after a file is added.
   */
  show(results) {
    const { report } = results;
    this.results = results;
    /** The views drawn for `this.results`. */
    this.drawn = new Set();
    $('#results').hidden = false;
    renderSummary($('#summary'), report);
    renderSkipped(report);
    this.stepper = null;
    clear($('#compare')).append(h('p', { class: 'muted' }, COMPARE_HINT));
    this.select(state.view === 'compare' ? 'overview' : state.view);
  }

  /** Draws view `name` with the results shown, unless it is drawn already. */
  draw(name) {
    const results = this.results;
    if (!results || this.drawn.has(name)) return;
    this.drawn.add(name);
    const { report, index, texts } = results;
    if (name === 'overview') {
      renderDocTable($('#doc-table'), index.docStats, this.nav);
      renderHeatmap($('#heatmap'), report, index.docStats, this.nav);
    } else if (name === 'clusters') {
      if (!this.clusters) this.clusters = new ClusterView($('#cluster-list'), this.nav);
      this.clusters.setData(report, texts);
    } else if (name === 'document') {
      if (!this.document) this.document = new DocumentView($('#doc-view'), $('#doc-select'), this.nav);
      this.document.setData(report, texts, index);
    } else if (name === 'passages') {
      if (!this.passages) this.passages = new PassageListView($('#passage-list'), this.nav);
      this.passages.setData(report, texts);
    }
  }

  hide() {
    $('#results').hidden = true;
    this.results = null;
  }

  /** @param {'overview' | 'clusters' | 'passages' | 'document' | 'compare'} name */
  select(name) {
    state.view = name;
    this.draw(name);
    for (const tab of $$('[role="tab"]')) {
      const on = tab.dataset.view === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      $(`#${tab.getAttribute('aria-controls')}`).hidden = !on;
    }
    this.clusters?.setActive(name === 'clusters');
    this.document?.setActive(name === 'document');
    this.passages?.setActive(name === 'passages');
  }

  openDocument(doc, para) {
    // The document first, so that showing the view fetches its texts only.
    this.draw('document');
    this.document.show(doc, para);
    this.select('document');
  }

  /** Compares copy `copy` of cluster `cluster` with the cluster's original. */
  compareCopy(cluster, copy) {
    const c = state.results?.report.clusters[cluster];
    const x = c?.copies[copy];
    if (x) this.compareParagraphs(c.original, x, x);
  }

  /** @param {Loc} a @param {Loc} b @param {ClusterCopy} [info] */
  async compareParagraphs(a, b, info) {
    const results = state.results;
    const diffs = await this.compareRun(results, async () => {
      await results.texts.paragraphs([a, b]);
      return [[results.texts.get(a.doc, a.para), results.texts.get(b.doc, b.para)]];
    });
    if (diffs) renderParagraphCompare($('#compare'), results.report, a, b, diffs[0], info, this.nav);
  }

  async compareDocuments(docA, docB) {
    const results = state.results;
    const { report, texts } = results;
    const pairs = report.pairs.filter((p) => (p.a.doc === docA && p.b.doc === docB) || (p.a.doc === docB && p.b.doc === docA)).map((p) => (p.a.doc === docA ? p : { ...p, a: p.b, b: p.a }));
    const passages = passagesBetween(report, docA, docB);
    // Only passages in common: straight to stepping through them.
    if (!pairs.length && passages.length) return this.comparePassage(passages[0], docA);
    const diffs = await this.compareRun(results, async () => {
      await Promise.all([texts.document(docA), texts.document(docB)]);
      return pairs.map((p) => [texts.get(p.a.doc, p.a.para), texts.get(p.b.doc, p.b.para)]);
    });
    if (diffs) renderDocumentCompare($('#compare'), report, texts, docA, docB, pairs, diffs, this.nav, passages);
  }

  /**
   * Compares the two documents of passage `index` side by side at that
   * passage, with every passage they share marked and linked. `fromDoc`,
   * when it is one of its documents, goes on the left.
   */
  async comparePassage(index, fromDoc) {
    const results = state.results;
    const report = results?.report;
    const p = report?.passages[index];
    if (!p) return;
    const docA = fromDoc === p.b.doc ? p.b.doc : p.a.doc;
    const docB = docA === p.a.doc ? p.b.doc : p.a.doc;
    const s = this.stepper;
    if (s && s.results === results && s.docA === docA && s.docB === docB && $('#compare .compare-grid[data-mode="passages"]')) {
      this.select('compare');
      this.gotoPassage(s.list.indexOf(index));
      return;
    }
    const list = passagesBetween(report, docA, docB);
    const { texts } = results;
    let marks = null;
    const diffs = await this.compareRun(results, async () => {
      const [, , ma, mb, [pair]] = await Promise.all([texts.document(docA), texts.document(docB), texts.marks(docA), texts.marks(docB), texts.passages([index])]);
      marks = [ma, mb];
      return [this.leftRight(p, docA, pair)];
    });
    if (!diffs) return;
    this.stepper = { results, docA, docB, list, pos: -1, job: null };
    renderPassageCompare($('#compare'), report, texts, docA, docB, list, marks, {
      select: (passage) => this.gotoPassage(list.indexOf(passage)),
      move: (step) => this.movePassage(step),
      open: (doc) => this.openDocument(doc),
    });
    this.gotoPassage(list.indexOf(index), diffs[0]);
  }

  /** A passage's [a, b] texts as [left, right] for a comparison with `docA` on the left. */
  leftRight(p, docA, [a, b]) {
    return oriented(p, docA).leftSide === 'a' ? [a, b] : [b, a];
  }

  movePassage(step) {
    const s = this.stepper;
    if (!s) return;
    const pos = Math.max(0, Math.min(s.list.length - 1, s.pos + step));
    if (pos !== s.pos) this.gotoPassage(pos);
  }

  /**
   * Makes position `pos` of the passages shown current: marked and in view
   * on both sides, then explained (its texts from the main worker, their
   * word diff from the diff worker; `diff` when already computed).
   * @param {number} pos
   * @param {Diff} [diff]
   */
  async gotoPassage(pos, diff) {
    const s = this.stepper;
    if (!s || pos < 0 || pos >= s.list.length) return;
    const el = $('#compare');
    const index = s.list[pos];
    s.pos = pos;
    showCurrentPassage(el, index, pos, s.list.length);
    const slot = el.querySelector('.passage-explain-slot');
    slot.dataset.state = 'loading';
    s.job?.abort();
    const job = new AbortController();
    s.job = job;
    const { report, texts } = s.results;
    const p = report.passages[index];
    try {
      const [pair] = await texts.passages([index]);
      const lr = this.leftRight(p, s.docA, pair);
      if (!diff) [diff] = await this.engine.diff([lr], job.signal);
      if (this.stepper !== s || s.job !== job) return;
      clear(slot).append(explainPassage(report, index, s.docA, pair, diff, (side) => this.openDocument(side.doc, paragraphAt(report, side))));
      slot.dataset.state = 'ready';
    } catch (e) {
      if (this.stepper !== s || s.job !== job || e instanceof Cancelled) return;
      clear(slot).append(h('p', { class: 'muted' }, `Could not explain this passage: ${e.message}`));
      slot.dataset.state = 'failed';
    }
  }

  /**
   * Fetches the texts to compare (`texts()` resolves [[a, b], …]) and diffs
   * them on the diff worker, showing "Comparing…" with a Cancel button
   * meanwhile. Resolves the diffs, or null when the comparison was
   * cancelled, replaced by another, failed, or its results are no longer
   * shown.
   * @param {Results} results
   * @param {() => Promise<[string, string][]>} texts
   * @returns {Promise<Diff[] | null>}
   */
  async compareRun(results, texts) {
    state.compare?.abort();
    this.stepper?.job?.abort();
    this.stepper = null;
    const job = new AbortController();
    state.compare = job;
    this.select('compare');
    clear($('#compare')).append(
      h('p', { class: 'muted', dataset: { compare: 'running' } }, 'Comparing… ',
        h('button', { type: 'button', class: 'button small', 'data-action': 'cancel-compare' }, 'Cancel')));
    try {
      // Cancel works while the texts are fetched, too.
      const pairs = await Promise.race([texts(), aborted(job.signal)]);
      const diffs = await this.engine.diff(pairs, job.signal, state.debugDiffMs ? { debugBlockMs: state.debugDiffMs } : {});
      if (state.compare !== job) return null;
      state.compare = null;
      return state.results === results ? diffs : null;
    } catch (e) {
      if (state.compare !== job) return null;
      state.compare = null;
      if (state.results !== results) return null;
      const cancelled = e instanceof Cancelled;
      clear($('#compare')).append(h('p', { class: 'muted', dataset: { compare: cancelled ? 'cancelled' : 'failed' } },
        cancelled ? 'Comparison cancelled. Choose “Compare” again to restart it.' : `Could not compare: ${e.message}`));
      return null;
    }
  }

  cancelCompare() {
    state.compare?.abort();
  }
}
