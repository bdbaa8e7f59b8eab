// The threshold explorer (issue 11 item 4): for the near and contained
// thresholds, a histogram of the candidate pairs' scores around the cut
// (the core's own scoring, collected once per analysis down to FLOOR),
// the pairs just above and just below it with their two paragraphs, and
// the counts (pairs, clusters, passages) at the slider's value, which the
// worker takes from the candidate pairs it kept with the scores, by the
// report's own rules, without matching again (Corpus.preview; the
// passages at another minimum length come from what the analysis kept of
// each aligned pair, exact and without aligning again). The counts are always
// for the options of the results shown with the slider's value, never the
// form's (which may hold edits not analyzed yet). For the minimum passage
// length, the histogram is of the lengths (in words) of the passages
// found with no minimum, and the examples are the shortest passage kept
// at the cut and the longest one it leaves out.
// "Apply" puts the value in the options form, and the analysis re-matches
// through the same seam: its report is the CLI's for those options.
import { $, h, clear, fmtInt } from './dom.js';

/** Lowest score collected: the histogram starts here. */
const FLOOR = 0.1;
/** Bins of the histogram, from FLOOR to 1. */
const BINS = 18;

const FIELDS = {
  near_threshold: { label: 'Near threshold (resemblance)', score: 4, min: FLOOR, max: 1, step: 0.01 },
  contained_threshold: { label: 'Contained threshold (containment)', score: 5, min: FLOOR, max: 1, step: 0.01 },
  min_passage_words: { label: 'Minimum passage words', score: null, min: 1, max: 100, step: 1 },
};

/**
 * @param {{request: (type: string, payload: object, signal?: AbortSignal) => Promise<any>,
 *   options: () => object | null, apply: (field: string, value: number) => void}} deps
 *   request: a request to the main worker (engine.request); options: the
 *   options of the results shown; apply: set an option and analyze.
 */
export function mountExplorer(deps) {
  const root = $('#explorer');
  if (!root) return { reset() {}, apply() {} };
  const select = /** @type {HTMLSelectElement} */ ($('#explore-field', root));
  const slider = /** @type {HTMLInputElement} */ ($('#explore-cut', root));
  const value = $('#explore-value', root);
  const hist = $('#explore-hist', root);
  const counts = $('#explore-counts', root);
  const examples = $('#explore-examples', root);
  /** The run shown, its candidate scores (6 numbers a pair), and the requests' signal. */
  let run = null;
  let scores = null;
  /** The words of every passage found with no minimum (asked when needed). */
  let lengths = null;
  let job = new AbortController();
  // Counts are asked one at a time; a value moved to meanwhile waits.
  let busy = false;
  let pending = null;
  /** The counts had for this run, by field and value: a value seen again is not asked. */
  let known = new Map();

  const field = () => select.value;
  const ask = (type, payload) => deps.request(type, { ...payload, run }, job.signal);

  async function load() {
    if (run === null || !root.open) return;
    if (!scores) {
      const mine = run;
      try {
        const got = await ask('scores', { floor: FLOOR });
        if (mine !== run) return;
        scores = got;
      } catch (e) {
        if (mine === run) counts.textContent = `The scores could not be had: ${e.message}`;
        return;
      }
    }
    if (field() === 'min_passage_words' && !lengths) {
      const mine = run;
      try {
        const got = await ask('preview', { options: { ...deps.options(), min_passage_words: 1 } });
        if (mine !== run) return;
        lengths = got.slice(3);
      } catch (e) {
        if (mine === run) counts.textContent = `The passages could not be had: ${e.message}`;
        return;
      }
    }
    const f = FIELDS[field()];
    slider.min = String(f.min);
    slider.max = String(f.max);
    slider.step = String(f.step);
    const now = deps.options()?.[field()];
    if (now !== undefined) slider.value = String(now);
    moved();
  }

  function moved() {
    const cut = Number(slider.value);
    value.textContent = String(cut);
    drawHistogram(cut);
    // The counts are asked first: the worker answers in order, and the
    // examples of a minimum length take it longer (two alignments from
    // the kept pieces).
    pending = cut;
    if (!busy) countNext();
    drawExamples(cut);
  }

  async function countNext() {
    if (pending === null || run === null) return;
    const cut = pending;
    pending = null;
    busy = true;
    const mine = run;
    const key = `${field()}=${cut}`;
    try {
      const got = known.get(key) ?? (await ask('preview', { options: { ...deps.options(), [field()]: cut } }));
      if (mine !== run) return;
      known.set(key, got);
      const [pairs, clusters, passages] = got;
      counts.textContent = `At ${cut}: ${fmtInt(pairs)} pairs, ${fmtInt(clusters)} clusters, ${fmtInt(passages)} passages`;
    } catch (e) {
      if (mine === run) counts.textContent = `The counts could not be had: ${e.message}`;
    } finally {
      busy = false;
      if (mine === run) countNext();
    }
  }

  /** The values the histogram counts, the range it covers, and what it counts. */
  function values() {
    const f = FIELDS[field()];
    if (f.score !== null) {
      if (!scores) return null;
      const out = [];
      for (let i = f.score; i < scores.length; i += 6) out.push(scores[i]);
      return { out, lo: FLOOR, hi: 1, what: 'candidate pairs by score' };
    }
    if (!lengths) return null;
    return { out: lengths, lo: f.min, hi: f.max, what: 'passages (found with no minimum) by words; the last bar holds the longer ones' };
  }

  function drawHistogram(cut) {
    clear(hist);
    const v = values();
    hist.hidden = !v;
    if (!v) return;
    const { out, lo, hi, what } = v;
    const bins = new Array(BINS).fill(0);
    for (const s of out) {
      if (s < lo) continue;
      bins[Math.min(BINS - 1, Math.floor(((s - lo) / (hi - lo)) * BINS))]++;
    }
    const top = Math.max(1, ...bins);
    hist.title = `${fmtInt(out.length)} ${what}; the darker bars are at or above the cut`;
    bins.forEach((n, b) => {
      const from = lo + (b * (hi - lo)) / BINS;
      const to = lo + ((b + 1) * (hi - lo)) / BINS;
      hist.append(
        h('div', {
          class: `explore-bar${from >= cut ? ' kept' : to > cut ? ' cut' : ''}`,
          style: { height: `${Math.round((100 * n) / top)}%` },
          title: `${from.toFixed(2)}–${to.toFixed(2)}: ${n}`,
        }),
      );
    });
  }

  /** The candidate with the lowest score at or above the cut, and the highest below. */
  function around(cut, at) {
    let above = -1;
    let below = -1;
    for (let i = 0; i < scores.length; i += 6) {
      const s = scores[i + at];
      if (s >= cut && (above < 0 || s < scores[above + at])) above = i;
      if (s < cut && (below < 0 || s > scores[below + at])) below = i;
    }
    return { above, below };
  }

  async function drawExamples(cut) {
    const f = FIELDS[field()];
    if (f.score === null) {
      await drawLengthExamples(cut);
      return;
    }
    if (!scores) {
      clear(examples);
      return;
    }
    const { above, below } = around(cut, f.score);
    const picks = [
      ['Just above the cut', above],
      ['Just below the cut', below],
    ].filter(([, i]) => i >= 0);
    const locs = picks.flatMap(([, i]) => [
      [scores[i], scores[i + 1]],
      [scores[i + 2], scores[i + 3]],
    ]);
    const mine = run;
    let texts = [];
    try {
      texts = locs.length ? await ask('paragraphs', { locs }) : [];
    } catch {
      texts = locs.map(() => '(text not available)');
    }
    if (mine !== run || Number(slider.value) !== cut) return;
    clear(examples);
    picks.forEach(([title, i], k) => {
      examples.append(
        h(
          'div',
          { class: 'explore-example' },
          h('h4', { text: `${title}: resemblance ${scores[i + 4]}, containment ${scores[i + 5]}` }),
          h('p', { class: 'explore-text', text: texts[2 * k] }),
          h('p', { class: 'explore-text', text: texts[2 * k + 1] }),
        ),
      );
    });
    if (!picks.length) examples.append(h('p', { class: 'muted', text: 'No candidate pairs scored above the floor.' }));
  }

  // One examples request at a time, as for the counts: a value moved to
  // meanwhile waits, and only the last one is asked.
  let examplesBusy = false;
  let examplesPending = null;

  /** The passages just above and just below a minimum passage length. */
  async function drawLengthExamples(cut) {
    if (examplesBusy) {
      examplesPending = cut;
      return;
    }
    examplesBusy = true;
    try {
      await lengthExamples(cut);
    } finally {
      examplesBusy = false;
      const next = examplesPending;
      examplesPending = null;
      if (next !== null && field() === 'min_passage_words') drawLengthExamples(next);
    }
  }

  async function lengthExamples(cut) {
    const mine = run;
    const f = field();
    let got;
    try {
      got = await ask('lengthExamples', { options: { ...deps.options(), min_passage_words: cut } });
    } catch (e) {
      if (mine === run && field() === f && Number(slider.value) === cut) {
        clear(examples);
        examples.append(h('p', { class: 'muted', text: `The example passages could not be had: ${e.message}` }));
      }
      return;
    }
    if (mine !== run || field() !== f || Number(slider.value) !== cut) return;
    clear(examples);
    const picks = [
      ['Just above the cut (kept)', got[0]],
      ['Just below the cut (left out)', got[1]],
    ].filter(([, p]) => p);
    for (const [title, p] of picks) {
      examples.append(
        h(
          'div',
          { class: 'explore-example' },
          h('h4', { text: `${title}: ${fmtInt(p.words)} words, similarity ${p.similarity}` }),
          h('p', { class: 'explore-text', text: p.a }),
          h('p', { class: 'explore-text', text: p.b }),
        ),
      );
    }
    if (!picks.length) examples.append(h('p', { class: 'muted', text: 'No passages were found.' }));
    // Which value they are for (the measure script waits on it).
    examples.dataset.cut = String(cut);
  }

  select.addEventListener('change', () => load());
  slider.addEventListener('input', () => moved());
  root.addEventListener('toggle', () => load());
  return {
    /** Puts the slider's value in the options form (the action `explore-apply`). */
    apply() {
      if (run !== null) deps.apply(field(), Number(slider.value));
    },
    /** New results (run `r`, or null when none are shown). */
    reset(r) {
      // Requests about the results before fail at once in the worker
      // (another run); they are aborted (the worker then replaced) only
      // when no results are left to keep.
      if (r === null) {
        job.abort();
        job = new AbortController();
      }
      run = r;
      scores = null;
      lengths = null;
      pending = null;
      known = new Map();
      clear(hist);
      clear(examples);
      counts.textContent = '';
      (root.closest('section') ?? root).hidden = r === null;
      load();
    },
  };
}
