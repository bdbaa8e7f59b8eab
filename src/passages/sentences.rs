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

/// A sentence: its token range and its content stems (sorted, distinct).
struct Sentence {
    tokens: (u32, u32),
    stems: Vec<u32>,
}

fn sentences(tokens: &[Token], vocab: &Vocab) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.starts_sentence() || out.is_empty() {
            out.push(Sentence {
                tokens: (i as u32, i as u32),
                stems: Vec::new(),
            });
        }
        let s = out.last_mut().expect("pushed above");
        s.tokens.1 = i as u32 + 1;
        if !t.is_stop() {
            s.stems.push(vocab.stem(t.word));
        }
    }
    for s in &mut out {
        s.stems.sort_unstable();
        s.stems.dedup();
    }
    out
}

/// One document's sentences and their stems' document frequencies: built
/// once per document, for all the pairs it is in.
pub(super) struct Side {
    sentences: Vec<Sentence>,
    df: IdMap<u32, u32>,
}

impl Side {
    pub(super) fn new(tokens: &[Token], vocab: &Vocab) -> Side {
        let sentences = sentences(tokens, vocab);
        let mut df: IdMap<u32, u32> = IdMap::default();
        for s in &sentences {
            for &x in &s.stems {
                *df.entry(x).or_insert(0) += 1;
            }
        }
        Side { sentences, df }
    }
}

/// An index from stem to the sentences of one document that hold it:
/// built once for all the pairs the document is the earlier side of.
pub(super) struct StemIndex {
    index: IdMap<u32, Vec<u32>>,
    /// The stems that can index anything (in at most `MAX_INDEXED`
    /// sentences).
    filter: Filter,
}

impl StemIndex {
    pub(super) fn new(side: &Side) -> StemIndex {
        let mut index: IdMap<u32, Vec<u32>> = IdMap::default();
        index.reserve(side.df.len());
        for (k, s) in side.sentences.iter().enumerate() {
            for &x in &s.stems {
                index.entry(x).or_default().push(k as u32);
            }
        }
        let indexing: Vec<u64> = index
            .iter()
            .filter(|(_, v)| v.len() as u32 <= MAX_INDEXED)
            .map(|(&x, _)| u64::from(x))
            .collect();
        StemIndex {
            index,
            filter: Filter::new(indexing.into_iter()),
        }
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

/// Passages of similar sentences between `a` and `b` (`side_b` is `None`
/// for a document with itself), merged with the word-run passages `found`
/// they overlap. Only the sentences of `b` overlapping `windows` (sorted,
/// disjoint token ranges) are looked up. Returns the new list.
#[allow(clippy::too_many_arguments)]
pub(super) fn reworded(
    side_a: &Side,
    index: &StemIndex,
    side_b: Option<&Side>,
    a: &[Token],
    b: &[Token],
    found: Vec<Found>,
    vocab: &Vocab,
    windows: &[(u32, u32)],
) -> Vec<Found> {
    let same = side_b.is_none();
    let sa = &side_a.sentences;
    let sb = side_b.map_or(sa, |s| &s.sentences);
    // Document frequencies over both documents' sentences.
    let n = (sa.len() + if same { 0 } else { sb.len() }) as f64;
    let df_of = |side: Option<&Side>, x: u32| side.and_then(|s| s.df.get(&x)).copied().unwrap_or(0);
    let df = |x: u32| df_of(Some(side_a), x) + df_of(side_b, x);
    let idf = |x: u32| (n / f64::from(df(x).max(1))).ln();
    let common = ((n / 4.0).max(4.0) as u32).min(MAX_INDEXED);
    let (filter, index) = (&index.filter, &index.index);
    let norm = |s: &Sentence| s.stems.iter().map(|&x| idf(x).powi(2)).sum::<f64>().sqrt();
    // Norms of `a`'s sentences, computed when first compared: most of a
    // long document's sentences are never candidates.
    let mut norms_a: Vec<f64> = vec![f64::NAN; sa.len()];
    let mut seeds: Vec<Group> = Vec::new();
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
    let mut next = 0;
    let mut over: Vec<&Found> = Vec::new();
    let mut looked: Vec<usize> = Vec::new();
    for &(lo, hi) in windows {
        let first = sb.partition_point(|s| s.tokens.1 <= lo);
        let end = sb.partition_point(|s| s.tokens.0 < hi);
        let from = looked.last().map_or(first, |&k| first.max(k + 1));
        looked.extend(from..end);
    }
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
        for x in &s.stems {
            // Stems absent from `a`, or common there already, mostly cost
            // one probe of the filter.
            if !filter.may_hold(u64::from(*x)) {
                continue;
            }
            let Some(holders) = index.get(x) else {
                continue;
            };
            // `holders` are the sentences of `a` holding the stem: its
            // document frequency there, without a second lookup.
            if holders.len() as u32 + df_of(side_b, *x) > common {
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
        // Each stem's squared idf, once per sentence (two lookups and a
        // logarithm each): the norm and every dot product read them.
        weights.clear();
        weights.extend(s.stems.iter().map(|&x| idf(x).powi(2)));
        let nb = weights.iter().sum::<f64>().sqrt();
        for &ka in &hits {
            let t = &sa[ka as usize];
            let (mut dot, mut both) = (0.0, 0usize);
            let (mut i, mut j) = (0, 0);
            while i < t.stems.len() && j < s.stems.len() {
                match t.stems[i].cmp(&s.stems[j]) {
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
            let dice = 2.0 * both as f64 / (t.stems.len() + s.stems.len()) as f64;
            // Sentences mostly aligned by word runs already need no seed
            // (and must not pull the neighbours of an exact copy in).
            let covered = over.iter().any(|f| {
                2 * inside(t.tokens, f.a) >= t.tokens.1 - t.tokens.0
                    && 2 * inside(s.tokens, f.b) >= s.tokens.1 - s.tokens.0
            });
            if cosine >= MIN_COSINE && dice >= MIN_DICE && !covered {
                seeds.push(Group {
                    a: (ka, ka + 1),
                    b: (kb as u32, kb as u32 + 1),
                });
            }
        }
    }
    if seeds.is_empty() {
        return found;
    }
    // Group seeds that lie close on both sides, until no two groups do.
    let mut groups: Vec<Group> = Vec::new();
    for g in seeds {
        match groups
            .iter_mut()
            .rev()
            .find(|h| near(h.a, g.a, GAP) && near(h.b, g.b, GAP))
        {
            Some(h) => {
                h.a = (h.a.0.min(g.a.0), h.a.1.max(g.a.1));
                h.b = (h.b.0.min(g.b.0), h.b.1.max(g.b.1));
            }
            None => groups.push(g),
        }
    }
    // Sentence ranges to token ranges.
    let mut out = found;
    for g in groups {
        let ta = (sa[g.a.0 as usize].tokens.0, sa[g.a.1 as usize - 1].tokens.1);
        let tb = (sb[g.b.0 as usize].tokens.0, sb[g.b.1 as usize - 1].tokens.1);
        let mut f = Found {
            a: ta,
            b: tb,
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

    #[test]
    fn reworded_sentences_become_one_passage() {
        let mut t = Tokenizer::default();
        let a = t
            .plain(
                "Gardeners gathered seeds. The harbour authority closed the northern pier after storms damaged its wooden pilings. Engineers will inspect the structure next month before deciding on repairs. Fishing boats must use the southern quay meanwhile. Bakers sold bread.",
                &|i| i,
            )
            .tokens;
        let b = t
            .plain(
                "Owls hunt mice. After storm damage to the wooden pilings, the northern pier was closed by the harbour authority. Repairs will be decided once engineers have inspected the structure next month. Meanwhile fishing boats are to use the quay in the south. Lakes froze.",
                &|i| i,
            )
            .tokens;
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
        );
        assert_eq!(out.len(), 1);
        let f = out[0];
        assert_eq!(f.kind, PassageKind::Reworded);
        // From "The harbour" to "meanwhile" in a, "After" to "south" in b.
        assert_eq!((f.a.0, f.a.1), (3, 35));
        assert_eq!((f.b.0, f.b.1), (3, 42));
    }
}
