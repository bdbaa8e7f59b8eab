//! Seed-and-extend within one pair of documents: shared runs of words,
//! chained across small gaps into passages.
//!
//! 1. **Seeds**: every position of `b` whose `SEED` words equal `SEED`
//!    words of `a` (a hash join over `a`'s word grams; a gram met more
//!    than `MAX_OCCURRENCES` times in `a` seeds only its first ones).
//! 2. **Runs**: each seed that does not continue an earlier one is
//!    extended forward to the maximal run of equal words.
//! 3. **Chains**: runs in `b` order join an open chain whose bounding box
//!    lies within `gap` words on both sides (so changed, inserted,
//!    deleted and locally reordered words are bridged); chains whose boxes
//!    come that close are merged. A chain is a passage: its sides run from
//!    its first to its last aligned word on each side.

use super::tokens::{half_words, Token};
use super::Found;
use crate::report::PassageKind;

/// Words per seed.
pub(super) const SEED: usize = 3;
/// A gram found more often than this in `a` is no seed: in low-variety
/// text (a few dozen words repeated) every gram recurs, and seeding from
/// each occurrence made alignment quadratic. Runs through such grams are
/// still found from their rarer grams and extended over them.
const MAX_OCCURRENCES: u32 = 4;

/// A run of equal words: `a[i..i + len] == b[j..j + len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) i: u32,
    pub(super) j: u32,
    pub(super) len: u32,
}

/// A group of runs and its bounding box (token ranges, end exclusive).
#[derive(Debug, Clone)]
struct Chain {
    a: (u32, u32),
    b: (u32, u32),
    runs: Vec<Run>,
}

/// A chain's boxes and runs, borrowed: what [`in_line`] reads, so a lone
/// run is checked without a chain allocated for it.
#[derive(Clone, Copy)]
struct Span<'r> {
    a: (u32, u32),
    b: (u32, u32),
    runs: &'r [Run],
}

impl Chain {
    fn span(&self) -> Span<'_> {
        Span {
            a: self.a,
            b: self.b,
            runs: &self.runs,
        }
    }

    fn new(r: Run) -> Chain {
        Chain {
            a: (r.i, r.i + r.len),
            b: (r.j, r.j + r.len),
            runs: vec![r],
        }
    }
}

fn gram(words: &[Token]) -> u64 {
    let mut h: u64 = 0x6A09_E667_F3BC_C908;
    for t in words {
        h = (h ^ u64::from(t.word)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 31;
    }
    h
}

/// Maximal runs of at least `SEED` equal words between `a` and `b`, in
/// order of their start in `b`. With `same` (a document with itself) only
/// runs whose `a` side starts earlier.
#[cfg(test)]
pub(super) fn runs(a: &[Token], b: &[Token], same: bool) -> Vec<Run> {
    runs_with(&GramIndex::new(a), a, b, same, &[(0, b.len() as u32)])
}

/// The positions of every `SEED`-word gram of one document, built once
/// for all the pairs it is the earlier document of.
///
/// Built by sorting, not hashing: the grams are hash values spread
/// evenly over 64 bits, so each goes to the slot its top bits fall in, in
/// proportion, and only those short slots are sorted. A hash map's insert
/// per position was a cache miss each in a long document (a tenth of the
/// passage stage on the 100 MB corpus, `docs/passages.md`, "Cost").
pub(super) struct GramIndex {
    /// The distinct grams, ascending.
    grams: Vec<u64>,
    /// Beside each of `grams`, its first position and how many times it
    /// occurs.
    heads: Vec<(u32, u32)>,
    /// The next position of the same gram, or `u32::MAX`.
    next: Vec<u32>,
    /// Whether the gram at each position is rare enough to seed.
    rare: Vec<bool>,
    /// Whether the gram at each position is there only.
    once: Vec<bool>,
    /// The grams rare enough to seed.
    filter: super::vocab::Filter,
}

impl GramIndex {
    /// Bytes held (about).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(super) fn bytes(&self) -> usize {
        self.grams.capacity() * 8
            + self.heads.capacity() * 8
            + self.next.capacity() * 4
            + self.rare.capacity()
            + self.once.capacity()
            + self.filter.bytes()
    }

    #[inline(never)]
    pub(super) fn new(a: &[Token]) -> GramIndex {
        let mut next = vec![u32::MAX; a.len()];
        let mut rare = vec![false; a.len()];
        let mut once = vec![false; a.len()];
        let (mut grams, mut heads) = (Vec::new(), Vec::new());
        let mut seeding = Vec::new();
        if a.len() >= SEED {
            let by_gram = sorted_grams(a);
            for run in by_gram.chunk_by(|x, y| x.0 == y.0) {
                // A run's positions ascend: each links to the next.
                let n = run.len() as u32;
                for w in run.windows(2) {
                    next[w[0].1 as usize] = w[1].1;
                }
                for &(_, i) in run {
                    rare[i as usize] = n <= MAX_OCCURRENCES;
                    once[i as usize] = n == 1;
                }
                grams.push(run[0].0);
                heads.push((run[0].1, n));
                if n <= MAX_OCCURRENCES {
                    seeding.push(run[0].0);
                }
            }
        }
        let filter = super::vocab::Filter::new(seeding.into_iter());
        GramIndex {
            grams,
            heads,
            next,
            rare,
            once,
            filter,
        }
    }

    /// Gram `g`'s first position and how many times it occurs, if it
    /// does. The grams are spread evenly, so the search starts where `g`
    /// falls in proportion.
    fn get(&self, g: u64) -> Option<(u32, u32)> {
        let n = self.grams.len();
        let guess = ((u128::from(g) * n as u128) >> 64) as usize;
        let at = if self.grams.get(guess).is_some_and(|&x| x < g) {
            // Gallop up from the guess.
            let mut step = 1;
            let mut lo = guess + 1;
            loop {
                let hi = guess.saturating_add(step).min(n);
                if hi == n || self.grams[hi] >= g {
                    break lo + self.grams[lo..hi].partition_point(|&x| x < g);
                }
                lo = hi + 1;
                step *= 2;
            }
        } else {
            // Gallop down from the guess.
            let mut step = 1;
            let mut hi = guess.min(n);
            loop {
                let lo = guess.saturating_sub(step);
                if lo == 0 || self.grams[lo] < g {
                    break lo + self.grams[lo..hi].partition_point(|&x| x < g);
                }
                hi = lo;
                step *= 2;
            }
        };
        (self.grams.get(at) == Some(&g)).then(|| self.heads[at])
    }
}

/// Every `SEED`-word gram of `a` with its position, sorted by gram and
/// then position: each gram goes to the slot its top bits fall in, in
/// proportion (about one a slot, in order of position), and only the
/// slots holding several are sorted.
fn sorted_grams(a: &[Token]) -> Vec<(u64, u32)> {
    let n = a.len() + 1 - SEED;
    let values: Vec<u64> = (0..n).map(|i| gram(&a[i..i + SEED])).collect();
    let slot = |x: u64| ((u128::from(x) * n as u128) >> 64) as usize;
    let mut at = vec![0u32; n + 1];
    for &x in &values {
        at[slot(x) + 1] += 1;
    }
    for b in 1..=n {
        at[b] += at[b - 1];
    }
    let mut out = vec![(0u64, 0u32); n];
    for (i, &x) in values.iter().enumerate() {
        let b = slot(x);
        out[at[b] as usize] = (x, i as u32);
        at[b] += 1;
    }
    // `at[b]` is now where slot `b` ends.
    let mut start = 0;
    for &end in &at[..n] {
        let run = &mut out[start..end as usize];
        if run.len() > 1 {
            run.sort_unstable();
        }
        start = end as usize;
    }
    out
}

/// The maximal runs (as `runs` in the tests), with `a`'s index built
/// already, seeded in `windows` of `b` only (sorted, disjoint token
/// ranges): a run seeded there is still extended as far as it goes.
pub(super) fn runs_with(
    index: &GramIndex,
    a: &[Token],
    b: &[Token],
    same: bool,
    windows: &[(u32, u32)],
) -> Vec<Run> {
    let mut out = Vec::new();
    if a.len() < SEED || b.len() < SEED {
        return out;
    }
    let (next, rare) = (&index.next, &index.rare);
    let eq = |i: usize, j: usize| a[i].word == b[j].word;
    // Whether position `j` of `b` was (or is being) scanned for seeds.
    let scanned = |j: usize| {
        let w = windows.partition_point(|w| w.1 as usize <= j);
        windows.get(w).is_some_and(|w| w.0 as usize <= j)
    };
    let last = b.len() - SEED;
    let seeds = windows
        .iter()
        .flat_map(|&(lo, hi)| lo as usize..(hi as usize).min(last + 1));
    // The last run found and the position it was seeded at: a later
    // position inside it continues it, and is found again only as that
    // continuation, which the left extension below rejects. Where that
    // gram is nowhere else in `a`, the position holds nothing new.
    let mut inside: Option<(Run, usize)> = None;
    for j in seeds {
        let seed = j;
        if let Some((r, seeded)) = inside {
            let (rj, end) = (r.j as usize, (r.j + r.len) as usize);
            if j > seeded && j + SEED <= end && index.once[r.i as usize + (j - rj)] {
                continue;
            }
        }
        let g = gram(&b[j..j + SEED]);
        if !index.filter.may_hold(g) {
            continue;
        }
        let Some((first, n)) = index.get(g) else {
            continue;
        };
        if n > MAX_OCCURRENCES {
            continue;
        }
        let mut i = first as usize;
        while i != u32::MAX as usize {
            let this = i;
            i = next[i] as usize;
            if same && this >= j {
                break;
            }
            if !(0..SEED).all(|k| eq(this + k, j + k)) {
                continue;
            }
            // Extend to the left over grams too common to seed; a run with
            // a rare gram further left was found from there, if that
            // position was scanned.
            let (mut start, mut from) = (this, j);
            let mut earlier = false;
            while start > 0 && from > 0 && eq(start - 1, from - 1) {
                start -= 1;
                from -= 1;
                if rare[start] && scanned(from) {
                    earlier = true;
                    break;
                }
            }
            if earlier {
                continue;
            }
            let (this, j) = (start, from);
            let mut len = SEED;
            while this + len < a.len() && j + len < b.len() && eq(this + len, j + len) {
                if same && this + len >= j {
                    break;
                }
                len += 1;
            }
            let run = Run {
                i: this as u32,
                j: j as u32,
                len: len as u32,
            };
            inside = Some((run, seed));
            // `SEED` characters of a script written without spaces are
            // about half as many words: too little to be evidence alone
            // (those scripts' common characters make such runs by chance).
            if len < 2 * SEED && half_words(&a[this..this + len]) < 2 * SEED as u32 {
                continue;
            }
            out.push(run);
        }
    }
    out
}

/// Whether `x` and `y` (half-open ranges) overlap or lie within `gap` of
/// each other.
fn near(x: (u32, u32), y: (u32, u32), gap: u32) -> bool {
    x.0 <= y.1 + gap && y.0 <= x.1 + gap
}

/// Chains `runs` (in `b` order) across gaps of up to `gap` words into
/// passages.
pub(super) fn chain(a: &[Token], b: &[Token], runs: &[Run], gap: u32) -> Vec<Found> {
    let mut open: Vec<Chain> = Vec::new();
    let mut done: Vec<Chain> = Vec::new();
    for &r in runs {
        let (ra, rb) = ((r.i, r.i + r.len), (r.j, r.j + r.len));
        // Close chains that no later run can reach.
        let mut k = 0;
        while k < open.len() {
            if open[k].b.1 + gap < r.j {
                done.push(open.swap_remove(k));
            } else {
                k += 1;
            }
        }
        let best = open
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                let run = Span {
                    a: ra,
                    b: rb,
                    runs: std::slice::from_ref(&r),
                };
                near(c.a, ra, gap) && near(c.b, rb, gap) && in_line(c.span(), run)
            })
            .max_by_key(|(k, c)| (c.runs.len(), std::cmp::Reverse(*k)))
            .map(|(k, _)| k);
        match best {
            Some(k) => {
                let c = &mut open[k];
                c.a = (c.a.0.min(ra.0), c.a.1.max(ra.1));
                c.b = (c.b.0.min(rb.0), c.b.1.max(rb.1));
                c.runs.push(r);
            }
            None => open.push(Chain::new(r)),
        }
    }
    done.append(&mut open);
    let mut chains = merge(done, gap);
    for c in &mut chains {
        grow(c, a, b, gap);
    }
    let chains = merge(chains, MERGE_GAP);
    chains.into_iter().map(found).collect()
}

/// Extends a chain's ends by shorter matches than seeds: two equal words
/// within `gap` words on both sides, or one equal content word within two.
fn grow(c: &mut Chain, a: &[Token], b: &[Token], gap: u32) {
    let matches = |i: usize, j: usize, step: isize| {
        let eq = |i: usize, j: usize| {
            a.get(i)
                .zip(b.get(j))
                .is_some_and(|(x, y)| x.word == y.word)
        };
        if !eq(i, j) {
            return 0;
        }
        let (i2, j2) = (i as isize + step, j as isize + step);
        if i2 >= 0 && j2 >= 0 && eq(i2 as usize, j2 as usize) {
            2
        } else if !a[i].is_function() {
            1
        } else {
            0
        }
    };
    let accept = |n: u32, i: usize, d: usize| {
        // Two words, not both stop words; or one content word close by.
        (n == 2 && !(a[i].is_function() && a[(i + 1).min(a.len() - 1)].is_function()))
            || (n == 1 && d <= 2)
            || (n == 2 && d <= 2)
    };
    // Forward.
    'fwd: loop {
        let (ai, bj) = (c.a.1 as usize, c.b.1 as usize);
        for d in 0..=2 * gap as usize {
            for di in 0..=d.min(gap as usize) {
                let dj = d - di;
                if dj > gap as usize || ai + di >= a.len() || bj + dj >= b.len() {
                    continue;
                }
                let n = matches(ai + di, bj + dj, 1);
                if accept(n, ai + di, d) {
                    let r = Run {
                        i: (ai + di) as u32,
                        j: (bj + dj) as u32,
                        len: n,
                    };
                    c.a.1 = r.i + n;
                    c.b.1 = r.j + n;
                    c.runs.push(r);
                    continue 'fwd;
                }
            }
        }
        break;
    }
    // Backward.
    'back: loop {
        let (ai, bj) = (c.a.0 as usize, c.b.0 as usize);
        for d in 0..=2 * gap as usize {
            for di in 1..=(d + 1).min(gap as usize + 1) {
                let dj = d + 2 - di;
                if dj == 0 || dj > gap as usize + 1 || di > ai || dj > bj {
                    continue;
                }
                let n = matches(ai - di, bj - dj, -1);
                if n > 0 && accept(n, ai - di + 1 - n as usize, d) {
                    let r = Run {
                        i: (ai - di + 1 - n as usize) as u32,
                        j: (bj - dj + 1 - n as usize) as u32,
                        len: n,
                    };
                    c.a.0 = r.i;
                    c.b.0 = r.j;
                    c.runs.push(r);
                    continue 'back;
                }
            }
        }
        break;
    }
}

/// Passages this close (in words, on both sides) are one passage: the
/// best on the PAN tuning half (`docs/passages.md`).
const MERGE_GAP: u32 = 20;

/// Merges chains whose boxes come within `gap` on both sides, until none do.
fn merge(mut chains: Vec<Chain>, gap: u32) -> Vec<Chain> {
    chains.sort_by_key(|c| (c.b, c.a));
    loop {
        let mut merged = false;
        // A chain merged into an earlier one is marked and left out after
        // the pass: removing it at once moved every later chain, which
        // made a pair with many chains quadratic (half of all instructions
        // on the multilingual corpus).
        let mut dead = vec![false; chains.len()];
        for i in 0..chains.len() {
            if dead[i] {
                continue;
            }
            let (head, rest) = chains.split_at_mut(i + 1);
            let t = &mut head[i];
            for (c, gone) in rest.iter_mut().zip(&mut dead[i + 1..]) {
                if *gone {
                    continue;
                }
                if c.b.0 > t.b.1 + gap {
                    break;
                }
                if near(t.a, c.a, gap) && near(t.b, c.b, gap) && in_line(t.span(), c.span()) {
                    t.a = (t.a.0.min(c.a.0), t.a.1.max(c.a.1));
                    t.b = (t.b.0.min(c.b.0), t.b.1.max(c.b.1));
                    t.runs.append(&mut c.runs);
                    *gone = true;
                    merged = true;
                }
            }
        }
        if !merged {
            return chains;
        }
        let mut alive = dead.iter().map(|d| !d);
        chains.retain(|_| alive.next().unwrap_or(true));
        chains.sort_by_key(|c| (c.b, c.a));
    }
}

/// Whether chains `x` and `y` can be one passage: not when one lies
/// inside the other on one side, with its words there mostly aligned by
/// the other's runs already, and apart from it on the other side. Those
/// words were found again elsewhere (a look-alike), and merging them
/// stretched a side over text the other side lacks. (Words reordered by
/// an edit are not aligned by the other's runs, so they still merge.)
fn in_line(x: Span<'_>, y: Span<'_>) -> bool {
    let inside = |o: (u32, u32), i: (u32, u32)| o.0 <= i.0 && i.1 <= o.1;
    let apart = |p: (u32, u32), q: (u32, u32)| p.1 <= q.0 || q.1 <= p.0;
    // Words of `r` that `o`'s runs align, on side a or side b.
    let aligned = |o: Span<'_>, r: (u32, u32), side_a: bool| -> u32 {
        o.runs
            .iter()
            .map(|run| {
                let s = if side_a { run.i } else { run.j };
                (s + run.len).min(r.1).saturating_sub(s.max(r.0))
            })
            .sum()
    };
    let stray = |o: Span<'_>, i: Span<'_>| {
        (inside(o.a, i.a) && apart(o.b, i.b) && 2 * aligned(o, i.a, true) >= i.a.1 - i.a.0)
            || (inside(o.b, i.b) && apart(o.a, i.a) && 2 * aligned(o, i.b, false) >= i.b.1 - i.b.0)
    };
    !stray(x, y) && !stray(y, x)
}

/// Words covered by the union of `ranges`.
fn covered(mut ranges: Vec<(u32, u32)>) -> u32 {
    ranges.sort_unstable();
    let (mut total, mut reach) = (0, 0);
    for (s, e) in ranges {
        let s = s.max(reach);
        if e > s {
            total += e - s;
            reach = e;
        }
    }
    total
}

fn found(c: Chain) -> Found {
    let on_a = covered(c.runs.iter().map(|r| (r.i, r.i + r.len)).collect());
    let on_b = covered(c.runs.iter().map(|r| (r.j, r.j + r.len)).collect());
    let whole = on_a == c.a.1 - c.a.0
        && on_b == c.b.1 - c.b.0
        && c.runs.iter().any(|r| r.len == c.b.1 - c.b.0);
    Found {
        a: c.a,
        b: c.b,
        aligned: on_a + on_b,
        kind: if whole {
            PassageKind::Verbatim
        } else {
            PassageKind::Edited
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passages::tokens::Tokenizer;

    fn toks(t: &mut Tokenizer, text: &str) -> Vec<Token> {
        t.plain(text, &|i| i).tokens
    }

    #[test]
    fn the_gram_index_holds_each_grams_positions_as_a_map_would() {
        // Low-variety text (grams repeated up to dozens of times) and
        // varied text, short and long.
        let mut t = Tokenizer::default();
        let mut x: u64 = 11;
        for (words, vocabulary) in [(2, 3), (3, 3), (40, 5), (3000, 8), (3000, 400)] {
            let text: Vec<String> = (0..words)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    format!("w{}", (x >> 33) % vocabulary)
                })
                .collect();
            let a = toks(&mut t, &text.join(" "));
            let index = GramIndex::new(&a);
            let mut expected: std::collections::BTreeMap<u64, Vec<u32>> = Default::default();
            for i in 0..(a.len() + 1).saturating_sub(SEED) {
                expected
                    .entry(gram(&a[i..i + SEED]))
                    .or_default()
                    .push(i as u32);
            }
            for (&g, at) in &expected {
                let n = at.len() as u32;
                assert_eq!(index.get(g), Some((at[0], n)), "{words} words");
                // The chain from the head visits every position in order.
                let mut chain = vec![at[0]];
                while let Some(&p) = chain.last() {
                    match index.next[p as usize] {
                        u32::MAX => break,
                        q => chain.push(q),
                    }
                }
                assert_eq!(&chain, at);
                for &p in at {
                    assert_eq!(index.rare[p as usize], n <= MAX_OCCURRENCES);
                    assert_eq!(index.once[p as usize], n == 1);
                }
                assert!(index.filter.may_hold(g) || n > MAX_OCCURRENCES);
            }
            // Absent grams, below, between and above the present ones.
            for probe in [0, 1, u64::MAX, u64::MAX / 3, 1 << 63] {
                if !expected.contains_key(&probe) {
                    assert_eq!(index.get(probe), None);
                }
            }
            for &g in expected.keys() {
                for near in [g.wrapping_sub(1), g.wrapping_add(1)] {
                    if !expected.contains_key(&near) {
                        assert_eq!(index.get(near), None);
                    }
                }
            }
        }
    }

    #[test]
    fn characters_of_unspaced_scripts_seed_runs_only_as_long_as_three_words() {
        let mut t = Tokenizer::default();
        // Each Han character is a token of its own, half a word: four
        // shared characters are no run, six are.
        let a = toks(&mut t, "甲乙丙丁港口扩建计划戊己庚辛");
        let b = toks(&mut t, "子丑港口扩建寅卯辰巳");
        assert!(runs(&a, &b, false).is_empty());
        let b = toks(&mut t, "子丑港口扩建计划寅卯");
        assert_eq!(runs(&a, &b, false), [Run { i: 4, j: 2, len: 6 }]);
        // A run of spaced words needs three of them, as before.
        let a = toks(&mut t, "x one two three y");
        let b = toks(&mut t, "q one two three r");
        assert_eq!(runs(&a, &b, false), [Run { i: 1, j: 1, len: 3 }]);
    }

    #[test]
    fn runs_are_maximal_and_found_once() {
        let mut t = Tokenizer::default();
        let a = toks(&mut t, "x y one two three four five z");
        let b = toks(&mut t, "q one two three four five r s");
        assert_eq!(runs(&a, &b, false), [Run { i: 2, j: 1, len: 5 }]);
    }

    #[test]
    fn a_run_seeded_in_a_window_is_whole_and_found_once() {
        let mut t = Tokenizer::default();
        let a = toks(&mut t, "x one two three four five six seven eight nine z");
        let b = toks(&mut t, "q r one two three four five six seven eight nine s");
        let whole = [Run { i: 1, j: 2, len: 9 }];
        // Windows over the middle of the run, and two windows with a gap
        // inside it: the run still reaches back to its start, past
        // positions no window scanned, and is reported once.
        assert_eq!(
            runs_with(&GramIndex::new(&a), &a, &b, false, &[(5, 8)]),
            whole
        );
        assert_eq!(
            runs_with(&GramIndex::new(&a), &a, &b, false, &[(4, 5), (7, 9)]),
            whole
        );
        // A window away from the shared words finds nothing.
        assert!(runs_with(&GramIndex::new(&a), &a, &b, false, &[(0, 1)]).is_empty());
    }

    #[test]
    fn common_grams_do_not_seed_but_runs_extend_over_them() {
        let mut t = Tokenizer::default();
        // "red blue red blue …" recurs more than MAX_OCCURRENCES times in
        // `a`: no seed there, yet the run that ends in rare words is found
        // once, from its rare gram, and reaches back over the common ones.
        let common = "red blue ".repeat(8);
        let a = toks(&mut t, &format!("{common}quartz meadow lantern"));
        let b = toks(&mut t, &format!("start {common}quartz meadow lantern"));
        assert_eq!(
            runs(&a, &b, false),
            [Run {
                i: 0,
                j: 1,
                len: 19
            }]
        );
        // Low-variety text alone gives no seed at all.
        let c = toks(&mut t, &"red blue ".repeat(10));
        assert!(runs(&a, &c, false).is_empty());
    }

    #[test]
    fn a_changed_word_is_bridged_into_one_edited_passage() {
        let mut t = Tokenizer::default();
        let a = toks(&mut t, "aa bb cc dd ee ff gg hh ii jj kk");
        let b = toks(&mut t, "aa bb cc dd ee XX gg hh ii jj kk");
        let r = runs(&a, &b, false);
        assert_eq!(r.len(), 2);
        let f = chain(&a, &b, &r, 4);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].a, f[0].b, f[0].aligned), ((0, 11), (0, 11), 20));
        assert_eq!(f[0].kind, PassageKind::Edited);
        // Too far apart to bridge: two passages.
        let filler = |tag: &str| {
            (0..30)
                .map(|i| format!("{tag}{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let a = toks(&mut t, &format!("aa bb cc dd {} ee ff gg hh", filler("x")));
        let b = toks(&mut t, &format!("aa bb cc dd {} ee ff gg hh", filler("y")));
        assert_eq!(chain(&a, &b, &runs(&a, &b, false), 4).len(), 2);
    }

    /// Asserts that the longest passage chained between `a_text` and
    /// `b_text`, which both begin with `copy`, is the copy exactly.
    fn copy_alone(copy: &str, a_text: &str, b_text: &str) {
        let mut t = Tokenizer::default();
        let a = toks(&mut t, a_text);
        let b = toks(&mut t, b_text);
        let copied = toks(&mut t, copy).len() as u32;
        let f = chain(&a, &b, &runs(&a, &b, false), 6);
        let longest = f.iter().max_by_key(|f| f.a.1 - f.a.0).unwrap();
        assert_eq!((longest.a, longest.b), ((0, copied), (0, copied)), "{f:?}");
    }

    #[test]
    fn a_look_alike_of_the_passages_end_does_not_stretch_the_other_side() {
        // `b` copies `a`'s first sentence, then says its last words again
        // (a look-alike): the passage ends where the copy ends on both
        // sides, and the repeat is left out rather than merged in.
        let copy = "the ferry leaves the north quay at dawn and crosses to the island before the market opens and turns into harbour lane";
        copy_alone(
            copy,
            &format!("{copy}. Gulls circle the empty nets."),
            &format!("{copy}. Walkers coming from the station take the hill road past the chapel and turns into harbour lane."),
        );
    }

    #[test]
    fn a_look_alike_sentence_right_after_the_copy_is_not_chained_in() {
        // `a` goes on, right after the copied text, with a sentence much
        // like the copy's last one: its runs lie just past the copy in `a`
        // and inside it in `b`, and are not chained onto it.
        let copy = "the harbour office opens at nine and closes at noon on market days. walkers from the station go south past the old mill and turn into harbour lane";
        copy_alone(
            copy,
            &format!("{copy}. walkers from the coast road go west past the chapel and turn into harbour lane. Nets dry on the wall."),
            &format!("{copy}. Gulls circle the empty boats."),
        );
    }

    #[test]
    fn reordered_runs_join_one_passage() {
        let mut t = Tokenizer::default();
        let a = toks(&mut t, "aa bb cc dd ee ff gg hh ii jj kk ll");
        let b = toks(&mut t, "gg hh ii jj aa bb cc dd ee ff kk ll");
        let f = chain(&a, &b, &runs(&a, &b, false), 3);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].a, f[0].b), ((0, 12), (0, 12)));
    }

    #[test]
    fn within_one_document_the_earlier_side_is_a() {
        let mut t = Tokenizer::default();
        let a = toks(
            &mut t,
            "one two three four. other words here. one two three four",
        );
        let r = runs(&a, &a, true);
        assert_eq!(r, [Run { i: 0, j: 7, len: 4 }]);
    }
}
