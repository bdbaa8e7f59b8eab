//! Reworded passages: sentences similar in their stems, after Sanchez-Perez,
//! Gelbukh and Sidorov (PAN 2014).
//!
//! Each sentence becomes the set of stems of its content words. Only
//! sentences sharing at least `MIN_SHARED` stems are compared (an inverted
//! index from stem to the sentences of `a`; stems in more than a quarter of
//! the pair's sentences, or in more than `MAX_INDEXED`, index nothing),
//! never all sentence pairs. A pair
//! is a seed when both its tf-idf cosine and its Dice coefficient reach
//! `MIN_COSINE` and `MIN_DICE`. Seeds whose sentences lie within `GAP`
//! sentences on both sides form one passage, which absorbs the word-run
//! passages it overlaps on both sides.

use super::tokens::Token;
use super::vocab::{Filter, IdMap, Vocab};
use super::{inside, Found};
use crate::report::PassageKind;

/// Stems two sentences must share to be compared.
const MIN_SHARED: usize = 2;
/// A stem in more of the pair's sentences than this (or than a quarter of
/// them) indexes nothing: it is the documents' common wording, and in
/// low-variety text, where every stem is in thousands of sentences,
/// indexing it made every sentence a candidate for every other. No PAN
/// figure changed at 32 (`docs/passages.md`).
const MAX_INDEXED: u32 = 32;
/// Lowest tf-idf cosine of a seed.
const MIN_COSINE: f64 = 0.33;
/// Lowest Dice coefficient (over stem sets) of a seed.
const MIN_DICE: f64 = 0.33;
/// Sentences bridged between seeds.
const GAP: u32 = 3;

/// Word-run passages this close (in words, on both sides) to a group of
/// similar sentences join it.
const ABSORB: u32 = 20;

/// A sentence: its token range, and where its content stems (sorted,
/// distinct) are in its side's `stems`.
struct Sentence {
    tokens: (u32, u32),
    stems: (u32, u32),
}

/// One document's sentences and their stems' document frequencies: built
/// once per document, for all the pairs it is in. The stems of all
/// sentences lie one after the other in one array, read in order as the
/// sentences are, rather than in a vector each.
pub(super) struct Side {
    sentences: Vec<Sentence>,
    /// Each sentence's first token: the sentences tile the tokens, and
    /// this compact copy is what windows are looked up in.
    starts: Vec<u32>,
    stems: Vec<u32>,
    /// Beside each stem of `stems`, its document frequency here (in how
    /// many sentences it is): read for every similarity, so kept rather
    /// than looked up.
    own_df: Vec<u32>,
    df: IdMap<u32, u32>,
}

impl Side {
    pub(super) fn new(tokens: &[Token], vocab: &Vocab) -> Side {
        let mut sentences: Vec<Sentence> = Vec::new();
        let mut stems: Vec<u32> = Vec::new();
        // The current sentence's stems, sorted and deduplicated when it
        // ends, then appended to `stems`.
        let mut current: Vec<u32> = Vec::new();
        let mut close = |sentences: &mut Vec<Sentence>, current: &mut Vec<u32>| {
            current.sort_unstable();
            current.dedup();
            stems.extend_from_slice(current);
            current.clear();
            if let Some(s) = sentences.last_mut() {
                s.stems.1 = stems.len() as u32;
            }
            stems.len() as u32
        };
        for (i, t) in tokens.iter().enumerate() {
            if t.starts_sentence() || sentences.is_empty() {
                let at = close(&mut sentences, &mut current);
                sentences.push(Sentence {
                    tokens: (i as u32, i as u32),
                    stems: (at, at),
                });
            }
            if let Some(s) = sentences.last_mut() {
                s.tokens.1 = i as u32 + 1;
            }
            if t.weight() == 2 {
                if !t.is_stop() {
                    current.push(vocab.stem(t.word));
                }
            } else if let Some(pair) = unspaced_stem(tokens, i) {
                current.push(pair);
            }
        }
        close(&mut sentences, &mut current);
        let mut df: IdMap<u32, u32> = IdMap::default();
        for &x in &stems {
            *df.entry(x).or_insert(0) += 1;
        }
        let own_df = stems
            .iter()
            .map(|x| df.get(x).copied().unwrap_or(0))
            .collect();
        let starts = sentences.iter().map(|s| s.tokens.0).collect();
        Side {
            sentences,
            starts,
            stems,
            own_df,
            df,
        }
    }

    /// Bytes held (about: the map's table counted at its capacity).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(super) fn bytes(&self) -> usize {
        self.sentences.capacity() * std::mem::size_of::<Sentence>()
            + (self.starts.capacity() + self.stems.capacity() + self.own_df.capacity()) * 4
            + self.df.capacity() * 9
    }

    /// The stems of `s`, sorted and distinct.
    fn stems(&self, s: &Sentence) -> &[u32] {
        &self.stems[s.stems.0 as usize..s.stems.1 as usize]
    }

    /// The document frequencies of the stems of `s`, in their order.
    fn own_df(&self, s: &Sentence) -> &[u32] {
        &self.own_df[s.stems.0 as usize..s.stems.1 as usize]
    }
}

/// What token `i`, a character of a script written without spaces,
/// gives its sentence's stems: the pair of it and the next character (a
/// lone one, itself). Single Han or kana characters are so common that
/// unrelated sentences shared enough of them to look reworded, while
/// character pairs are about as telling as words.
fn unspaced_stem(tokens: &[Token], i: usize) -> Option<u32> {
    let t = &tokens[i];
    // Next to each other in the text; an extracted format's tokens all
    // carry their paragraph's span, so there the next token is taken.
    let joined = |x: &Token, y: &Token| {
        y.weight() == 1
            && !y.starts_sentence()
            && (x.end() == u64::from(y.start) || (x.start, x.len) == (y.start, y.len))
    };
    match tokens.get(i + 1) {
        Some(n) if joined(t, n) => Some((t.word.rotate_left(7) ^ n.word).wrapping_mul(0x9E37_79B1)),
        // The last of a run is in the pair before it.
        _ if i > 0 && joined(&tokens[i - 1], t) => None,
        _ => Some(t.word),
    }
}

/// An index from stem to the sentences of one document that hold it:
/// built once for all the pairs the document is the earlier side of.
pub(super) struct StemIndex {
    /// Each stem's range in `holders`.
    index: IdMap<u32, (u32, u32)>,
    /// For each stem in turn, the sentences holding it, in order.
    holders: Vec<u32>,
    /// The stems that can index anything (in at most `MAX_INDEXED`
    /// sentences).
    filter: Filter,
}

impl StemIndex {
    /// Bytes held (about: the map's table counted at its capacity).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(super) fn bytes(&self) -> usize {
        self.index.capacity() * 13 + self.holders.capacity() * 4 + self.filter.bytes()
    }

    pub(super) fn new(side: &Side) -> StemIndex {
        // Ranges laid out from the document frequencies, then filled in
        // sentence order.
        let mut index: IdMap<u32, (u32, u32)> = IdMap::default();
        index.reserve(side.df.len());
        let mut at = 0u32;
        for (&x, &n) in &side.df {
            index.insert(x, (at, at));
            at += n;
        }
        let mut holders = vec![0u32; at as usize];
        for (k, s) in side.sentences.iter().enumerate() {
            for x in side.stems(s) {
                if let Some(r) = index.get_mut(x) {
                    holders[r.1 as usize] = k as u32;
                    r.1 += 1;
                }
            }
        }
        let indexing: Vec<u64> = side
            .df
            .iter()
            .filter(|(_, &n)| n <= MAX_INDEXED)
            .map(|(&x, _)| u64::from(x))
            .collect();
        StemIndex {
            index,
            holders,
            filter: Filter::new(indexing.into_iter()),
        }
    }

    /// The sentences holding stem `x`, in order, if any.
    fn get(&self, x: u32) -> Option<&[u32]> {
        let &(from, to) = self.index.get(&x)?;
        Some(&self.holders[from as usize..to as usize])
    }
}

/// A seed or a group of them: sentence ranges (half-open) on both sides.
#[derive(Clone, Copy)]
struct Group {
    a: (u32, u32),
    b: (u32, u32),
}

fn near(x: (u32, u32), y: (u32, u32), gap: u32) -> bool {
    x.0 <= y.1 + gap && y.0 <= x.1 + gap
}

/// A seed: two similar sentences (indices in `a` and `b`) and their
/// token ranges, which is all grouping needs of them ([`joined`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Seed {
    a: u32,
    b: u32,
    ta: (u32, u32),
    tb: (u32, u32),
}

impl Seed {
    /// The token range of its sentence of `b`.
    pub(super) fn b_tokens(&self) -> (u32, u32) {
        self.tb
    }

    /// The token range of its sentence of `a`.
    pub(super) fn a_tokens(&self) -> (u32, u32) {
        self.ta
    }
}

/// Whether a seed of sentences `ta` (in `a`) and `tb` (in `b`) pairs a
/// sentence of `a` mostly inside a word-run passage worth reporting
/// (`solid`) with a sentence of `b` outside that passage: the sentence is
/// copied there, and the seed would pull a look-alike neighbour of the
/// copy (a near-repeat in `b`) into it. Such seeds are dropped. On PAN:
/// verbatim 0.928 -> 0.931 (tune), overall 0.8790 -> 0.8794 (tune) and
/// 0.8575 -> 0.8605 (check); "wholly inside" instead of "mostly" did
/// worse on check.
pub(super) fn elsewhere(ta: (u32, u32), tb: (u32, u32), solid: &[&Found]) -> bool {
    solid
        .iter()
        .any(|f| 2 * inside(ta, f.a) >= ta.1 - ta.0 && inside(tb, f.b) == 0)
}

/// Passages of similar sentences between `a` and `b` (`side_b` is `None`
/// for a document with itself), merged with the word-run passages `found`
/// they overlap. Only the sentences of `b` overlapping `windows` (sorted,
/// disjoint token ranges) are looked up. `reportable` tells the word-run
/// passages that would be reported alone. Returns the new list.
#[allow(clippy::too_many_arguments)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(super) fn reworded(
    side_a: &Side,
    index: &StemIndex,
    side_b: Option<&Side>,
    a: &[Token],
    b: &[Token],
    found: Vec<Found>,
    vocab: &Vocab,
    windows: &[(u32, u32)],
    reportable: &dyn Fn(&Found) -> bool,
) -> Vec<Found> {
    let seeds = seeds(side_a, index, side_b, &found, windows, reportable);
    joined(&seeds, found, a, b, vocab)
}

/// The seeds of [`reworded`], in the order it groups them. A sentence of
/// `b` wholly inside a passage of `found` that `reportable` accepts gives
/// none, and a seed [`elsewhere`] of such a passage is dropped; every
/// other seed is the same whatever `reportable` says of the passages
/// around it (`rethreshold.rs` relies on this, and drops both kinds
/// itself at other options).
pub(super) fn seeds(
    side_a: &Side,
    index: &StemIndex,
    side_b: Option<&Side>,
    found: &[Found],
    windows: &[(u32, u32)],
    reportable: &dyn Fn(&Found) -> bool,
) -> Vec<Seed> {
    let same = side_b.is_none();
    let b_side = side_b.unwrap_or(side_a);
    let (sa, sb, starts) = (&side_a.sentences, &b_side.sentences, &b_side.starts);
    // Document frequencies over both documents' sentences.
    let n = (sa.len() + if same { 0 } else { sb.len() }) as f64;
    let df_of = |side: Option<&Side>, x: u32| side.and_then(|s| s.df.get(&x)).copied().unwrap_or(0);
    // A stem's squared idf from its document frequencies in `a` and `b`.
    let weight = |df: u32| (n / f64::from(df.max(1))).ln().powi(2);
    let common = ((n / 4.0).max(4.0) as u32).min(MAX_INDEXED);
    let filter = &index.filter;
    // A sentence of `a` knows its stems' frequencies in `a`; only `b`'s
    // are looked up (none within one document).
    let norm = |s: &Sentence| {
        side_a
            .stems(s)
            .iter()
            .zip(side_a.own_df(s))
            .map(|(&x, &d)| weight(d + df_of(side_b, x)))
            .sum::<f64>()
            .sqrt()
    };
    // Norms of `a`'s sentences, computed when first compared: most of a
    // long document's sentences are never candidates.
    let mut norms_a: Vec<f64> = vec![f64::NAN; sa.len()];
    let mut seeds: Vec<Seed> = Vec::new();
    // The sentences of `a` sharing a stem with the current one, once per
    // shared stem (a sorted list: a hash map's clear costs its capacity).
    let mut shared: Vec<u32> = Vec::new();
    let mut hits: Vec<u32> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    // The word-run passages overlapping the current sentence of `b` on
    // `b`'s side, kept by a sweep over `found` in order of `b` start, so
    // the check below costs what overlaps, not all of `found`.
    let mut by_b: Vec<&Found> = found.iter().collect();
    by_b.sort_by_key(|f| f.b.0);
    // See [`elsewhere`].
    let solid: Vec<&Found> = found.iter().filter(|f| reportable(f)).collect();
    let mut next = 0;
    let mut over: Vec<&Found> = Vec::new();
    let mut looked: Vec<usize> = Vec::new();
    // Windows are sorted: each search starts where the last one ended.
    // Sentence `k` ends where `k + 1` starts, so the first sentence
    // ending after `lo` is the last one starting at or before it.
    let mut at = 0;
    for &(lo, hi) in windows {
        let first = (at + gallop(&starts[at..], lo.saturating_add(1))).saturating_sub(1);
        let end = first + gallop(&starts[first..], hi);
        let from = looked.last().map_or(first, |&k| first.max(k + 1));
        looked.extend(from..end);
        at = first;
    }
    // The current sentence's stems' frequencies in `a`, where the index
    // gave them.
    let mut in_a: Vec<Option<u32>> = Vec::new();
    for kb in looked {
        let s = &sb[kb];
        shared.clear();
        over.retain(|f| f.b.1 > s.tokens.0);
        while next < by_b.len() && by_b[next].b.0 < s.tokens.1 {
            if by_b[next].b.1 > s.tokens.0 {
                over.push(by_b[next]);
            }
            next += 1;
        }
        // A sentence wholly inside a word-run passage worth reporting is
        // explained already: a seed of it with another sentence of `a`
        // would lie inside that passage on `b`'s side and be shadowed by
        // it. (A run too short or too loose to report is reported only if
        // sentences around it grow it, so its sentences are looked up.)
        if over
            .iter()
            .any(|f| f.b.0 <= s.tokens.0 && s.tokens.1 <= f.b.1 && reportable(f))
        {
            continue;
        }
        in_a.clear();
        let (s_stems, s_df) = (b_side.stems(s), b_side.own_df(s));
        in_a.resize(s_stems.len(), None);
        for (j, &x) in s_stems.iter().enumerate() {
            // Stems absent from `a`, or common there already, mostly cost
            // one probe of the filter.
            if !filter.may_hold(u64::from(x)) {
                continue;
            }
            let Some(holders) = index.get(x) else {
                in_a[j] = Some(0);
                continue;
            };
            // `holders` are the sentences of `a` holding the stem: its
            // document frequency there, without a second lookup.
            in_a[j] = Some(holders.len() as u32);
            let in_b = if same { 0 } else { s_df[j] };
            if holders.len() as u32 + in_b > common {
                continue;
            }
            for &ka in holders {
                if same && ka as usize >= kb {
                    continue;
                }
                shared.push(ka);
            }
        }
        shared.sort_unstable();
        hits.clear();
        hits.extend(
            shared
                .chunk_by(|x, y| x == y)
                .filter(|run| run.len() >= MIN_SHARED)
                .map(|run| run[0]),
        );
        if hits.is_empty() {
            continue;
        }
        // Each stem's squared idf, once per sentence (a logarithm each,
        // and a lookup where the index did not say its frequency in `a`):
        // the norm and every dot product read them.
        weights.clear();
        weights.extend(s_stems.iter().enumerate().map(|(j, &x)| {
            let df = if same {
                s_df[j]
            } else {
                in_a[j].unwrap_or_else(|| df_of(Some(side_a), x)) + s_df[j]
            };
            weight(df)
        }));
        let nb = weights.iter().sum::<f64>().sqrt();
        for &ka in &hits {
            let t = &sa[ka as usize];
            let (mut dot, mut both) = (0.0, 0usize);
            let (mut i, mut j) = (0, 0);
            let t_stems = side_a.stems(t);
            while i < t_stems.len() && j < s_stems.len() {
                match t_stems[i].cmp(&s_stems[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        dot += weights[j];
                        both += 1;
                        i += 1;
                        j += 1;
                    }
                }
            }
            let na = &mut norms_a[ka as usize];
            if na.is_nan() {
                *na = norm(t);
            }
            let cosine = dot / (*na * nb).max(f64::MIN_POSITIVE);
            let dice = 2.0 * both as f64 / (t_stems.len() + s_stems.len()) as f64;
            // Sentences mostly aligned by word runs already need no seed
            // (and must not pull the neighbours of an exact copy in).
            let covered = over.iter().any(|f| {
                2 * inside(t.tokens, f.a) >= t.tokens.1 - t.tokens.0
                    && 2 * inside(s.tokens, f.b) >= s.tokens.1 - s.tokens.0
            });
            if cosine >= MIN_COSINE
                && dice >= MIN_DICE
                && !covered
                && !elsewhere(t.tokens, s.tokens, &solid)
            {
                seeds.push(Seed {
                    a: ka,
                    b: kb as u32,
                    ta: t.tokens,
                    tb: s.tokens,
                });
            }
        }
    }
    seeds
}

/// Groups `seeds` ([`seeds`], in their order) that lie close on both
/// sides into passages, which absorb the word-run passages of `found`
/// they overlap. Returns the new list.
pub(super) fn joined(
    seeds: &[Seed],
    found: Vec<Found>,
    a: &[Token],
    b: &[Token],
    vocab: &Vocab,
) -> Vec<Found> {
    // Group seeds that lie close on both sides, until no two groups do;
    // a group's token ranges run from its first sentence's start to its
    // last one's end.
    let mut groups: Vec<(Group, Group)> = Vec::new();
    for s in seeds {
        let g = Group {
            a: (s.a, s.a + 1),
            b: (s.b, s.b + 1),
        };
        let t = Group { a: s.ta, b: s.tb };
        match groups
            .iter_mut()
            .rev()
            .find(|(h, _)| near(h.a, g.a, GAP) && near(h.b, g.b, GAP))
        {
            Some((h, u)) => {
                h.a = (h.a.0.min(g.a.0), h.a.1.max(g.a.1));
                h.b = (h.b.0.min(g.b.0), h.b.1.max(g.b.1));
                u.a = (u.a.0.min(t.a.0), u.a.1.max(t.a.1));
                u.b = (u.b.0.min(t.b.0), u.b.1.max(t.b.1));
            }
            None => groups.push((g, t)),
        }
    }
    let mut out = found;
    for (_, t) in groups {
        let mut f = Found {
            a: t.a,
            b: t.b,
            aligned: 0,
            kind: PassageKind::Reworded,
        };
        // Absorb the word-run passages overlapping on both sides.
        out.retain(|o| {
            let overlaps =
                o.kind != PassageKind::Verbatim && near(o.a, f.a, ABSORB) && near(o.b, f.b, ABSORB);
            if overlaps {
                f.a = (f.a.0.min(o.a.0), f.a.1.max(o.a.1));
                f.b = (f.b.0.min(o.b.0), f.b.1.max(o.b.1));
            }
            !overlaps
        });
        f.aligned = shared_words(
            &a[f.a.0 as usize..f.a.1 as usize],
            &b[f.b.0 as usize..f.b.1 as usize],
            vocab,
        );
        out.push(f);
    }
    out
}

/// How many of `sorted` are below `x`, found by galloping from the start:
/// windows are searched one after the other, each near the last.
fn gallop(sorted: &[u32], x: u32) -> usize {
    let mut hi = 1;
    while hi < sorted.len() && sorted[hi - 1] < x {
        hi *= 2;
    }
    let lo = hi / 2;
    lo + sorted[lo..hi.min(sorted.len())].partition_point(|&y| y < x)
}

/// Words of either side whose stem occurs on the other side.
fn shared_words(a: &[Token], b: &[Token], vocab: &Vocab) -> u32 {
    let stems = |t: &[Token]| {
        let mut v: Vec<u32> = t.iter().map(|t| vocab.stem(t.word)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (on_a, on_b) = (stems(a), stems(b));
    let count = |t: &[Token], other: &[u32]| {
        t.iter()
            .filter(|t| other.binary_search(&vocab.stem(t.word)).is_ok())
            .count() as u32
    };
    count(a, &on_b) + count(b, &on_a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passages::tokens::Tokenizer;

    fn toks(t: &mut Tokenizer, text: &str) -> Vec<Token> {
        t.plain(text, &|i| i).tokens
    }

    #[test]
    fn unspaced_characters_are_compared_in_pairs() {
        let mut t = Tokenizer::default();
        // Two sentences of Han characters, then one of English words.
        let tokens = toks(
            &mut t,
            "港口扩建。港口。北京 Harbour storms closed the pier.",
        );
        let side = Side::new(&tokens, &t.vocab);
        let stems = |k: usize| side.stems(&side.sentences[k]).len();
        // 港口 口扩 扩建: three pairs, not four characters.
        assert_eq!(stems(0), 3);
        // 港口 again: one pair, the stem the first sentence has too.
        assert_eq!(stems(1), 1);
        assert!(side
            .stems(&side.sentences[0])
            .contains(&side.stems(&side.sentences[1])[0]));
        // 北京 then English content words, each its own stem ("the" is a
        // stop word).
        assert_eq!(stems(2), 1 + 4);
        // An extracted format's tokens carry their paragraph's span: the
        // characters are still compared in pairs.
        let html = t.extracted([(0u64, 40u64, 1u64, "港口扩建")].into_iter(), false);
        let side = Side::new(&html.tokens, &t.vocab);
        assert_eq!(side.stems(&side.sentences[0]).len(), 3);
    }

    #[test]
    fn reworded_sentences_become_one_passage() {
        let mut t = Tokenizer::default();
        let a = toks(&mut t, "Gardeners gathered seeds. The harbour authority closed the northern pier after storms damaged its wooden pilings. Engineers will inspect the structure next month before deciding on repairs. Fishing boats must use the southern quay meanwhile. Bakers sold bread.");
        let b = toks(&mut t, "Owls hunt mice. After storm damage to the wooden pilings, the northern pier was closed by the harbour authority. Repairs will be decided once engineers have inspected the structure next month. Meanwhile fishing boats are to use the quay in the south. Lakes froze.");
        let (side_a, side_b) = (Side::new(&a, &t.vocab), Side::new(&b, &t.vocab));
        let index = StemIndex::new(&side_a);
        let all = [(0, b.len() as u32)];
        let out = reworded(
            &side_a,
            &index,
            Some(&side_b),
            &a,
            &b,
            Vec::new(),
            &t.vocab,
            &all,
            &|_| true,
        );
        assert_eq!(out.len(), 1);
        let f = out[0];
        assert_eq!(f.kind, PassageKind::Reworded);
        // From "The harbour" to "meanwhile" in a, "After" to "south" in b.
        assert_eq!((f.a.0, f.a.1), (3, 35));
        assert_eq!((f.b.0, f.b.1), (3, 42));
    }

    #[test]
    fn a_sentence_inside_a_word_run_is_not_paired_again() {
        let mut t = Tokenizer::default();
        // Two sentences of `a` say nearly the same; `b` copies the first
        // with one word added, which the word runs found as one passage.
        let a = toks(&mut t, "Owls hunt mice at night. Farmers in the valley planted early potatoes this spring because the frost ended sooner. The valley farmers planted their potatoes early since the frost ended sooner this spring. Bakers sold fresh bread downtown. Choirs rehearsed carols.");
        let b = toks(&mut t, "Lakes froze solid. Farmers in the valley planted early potatoes this spring because the frost ended much sooner. Pilots tested gliders.");
        let (side_a, side_b) = (Side::new(&a, &t.vocab), Side::new(&b, &t.vocab));
        let first = side_a.sentences[1].tokens;
        let run = Found {
            a: first,
            b: side_b.sentences[1].tokens,
            aligned: 2 * (first.1 - first.0),
            kind: PassageKind::Edited,
        };
        let index = StemIndex::new(&side_a);
        let out = reworded(
            &side_a,
            &index,
            Some(&side_b),
            &a,
            &b,
            vec![run],
            &t.vocab,
            &[(0, b.len() as u32)],
            &|_| true,
        );
        // The copy stays one edited passage over the first sentence; the
        // second sentence of `a`, similar to it too, is not pulled in.
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, PassageKind::Edited);
        assert_eq!(out[0].a, first);
    }
}
