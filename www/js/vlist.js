// A virtual list: only the rows near the viewport exist in the DOM, so a
// list of 100,000 paragraphs scrolls smoothly. Rows may differ in height:
// each starts from an estimate and is measured once rendered.

export class VirtualList {
  /**
   * container: a scrollable element (overflow: auto; fixed height).
   * count, estimate(i) → px, render(i) → Element.
   */
  constructor(container, { count, estimate, render, overscan = 600 }) {
    this.container = container;
    this.render = render;
    this.estimate = estimate;
    this.overscan = overscan;
    this.inner = document.createElement('div');
    this.inner.className = 'vlist-inner';
    this.inner.setAttribute('role', 'presentation');
    container.replaceChildren(this.inner);
    this.rendered = new Map();
    this.onScroll = () => this.schedule();
    container.addEventListener('scroll', this.onScroll, { passive: true });
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(container);
    this.setCount(count);
  }

  setCount(count) {
    this.count = count;
    this.heights = new Float64Array(count);
    for (let i = 0; i < count; i++) this.heights[i] = this.estimate(i);
    this.measured = new Uint8Array(count);
    for (const el of this.rendered.values()) el.remove();
    this.rendered.clear();
    this.recompute();
    this.update();
  }

  recompute() {
    const n = this.count;
    this.offsets = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.offsets[i + 1] = this.offsets[i] + this.heights[i];
    this.inner.style.height = `${this.offsets[n]}px`;
  }

  indexAt(y) {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid + 1] <= y) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(0, this.count - 1));
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  update() {
    if (!this.count) return;
    const top = this.container.scrollTop;
    const bottom = top + (this.container.clientHeight || 600);
    const first = this.indexAt(Math.max(0, top - this.overscan));
    const last = this.indexAt(bottom + this.overscan);
    for (const [i, el] of this.rendered) {
      if (i < first || i > last) {
        el.remove();
        this.rendered.delete(i);
      }
    }
    let changed = false;
    for (let i = first; i <= last; i++) {
      let el = this.rendered.get(i);
      if (!el) {
        el = this.render(i);
        el.classList.add('vlist-row');
        el.style.top = `${this.offsets[i]}px`;
        this.inner.appendChild(el);
        this.rendered.set(i, el);
      }
      const hgt = el.offsetHeight;
      if (hgt && Math.abs(hgt - this.heights[i]) > 0.5) {
        this.heights[i] = hgt;
        changed = true;
      }
      this.measured[i] = 1;
    }
    if (changed) {
      // Keep the first visible row where it is while heights settle.
      const anchor = this.indexAt(top);
      const delta = top - this.offsets[anchor];
      this.recompute();
      for (const [i, el] of this.rendered) el.style.top = `${this.offsets[i]}px`;
      const want = this.offsets[anchor] + delta;
      if (Math.abs(want - this.container.scrollTop) > 1 && top > 0) this.container.scrollTop = want;
    }
  }

  /** Scrolls so row i is at the top, and returns its element once drawn. */
  scrollTo(i) {
    if (i < 0 || i >= this.count) return null;
    for (let pass = 0; pass < 3; pass++) {
      this.container.scrollTop = this.offsets[i];
      this.update();
    }
    return this.rendered.get(i) || null;
  }

  /**
   * Draws the rows on screen again (their content changed, say, texts
   * arrived), keeping the scroll position; heights are measured anew.
   */
  redraw() {
    for (const el of this.rendered.values()) el.remove();
    this.rendered.clear();
    this.update();
  }

  /** The indices of the rows in the DOM, in order. */
  renderedIndices() {
    return [...this.rendered.keys()].sort((a, b) => a - b);
  }

  rowElement(i) {
    return this.rendered.get(i) || null;
  }

  destroy() {
    this.container.removeEventListener('scroll', this.onScroll);
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
  }
}

/**
 * Fetches the texts the rows a list view has on screen lack, then draws
 * them again, and again for rows that scrolled in meanwhile (through
 * `view.fetchShown`). The view has `active`, `list` (a VirtualList),
 * `report`, `texts` (replaced on a new analysis, which drops a fetch in
 * flight) and `container`, whose `data-texts` says `loading`, `ready` or
 * `failed`.
 * @template T
 * @param {any} view
 * @param {{ missing: (texts: any) => T[], fetch: (texts: any, want: T[]) => Promise<unknown>,
 *   ready?: () => void, failed: (e: Error) => void }} how
 */
export async function fetchRowTexts(view, how) {
  if (!view.active || !view.list || !view.report) return;
  const { texts } = view;
  const want = how.missing(texts);
  if (!want.length) {
    view.container.dataset.texts = 'ready';
    how.ready?.();
    return;
  }
  view.container.dataset.texts = 'loading';
  try {
    await how.fetch(texts, want);
  } catch (e) {
    if (texts === view.texts) how.failed(e);
    return;
  }
  if (texts !== view.texts) return;
  view.list.redraw();
  view.fetchShown();
}

/** One `view.fetchShown()` for all the rows drawn in one go. */
export function scheduleRowFetch(view) {
  if (!view.active || view.fetchQueued) return;
  view.fetchQueued = true;
  queueMicrotask(() => {
    view.fetchQueued = false;
    view.fetchShown();
  });
}
