//! A summary found piece by piece, before the filter.
//!
//! A summary keeps a sentence or two of each part of its source, each
//! shortened and reworded, so each kept sentence is matched on its own:
//! a small loose piece (a few word runs, or one similar sentence), often
//! too short or too loose to report alone, and the joins after the filter
//! (`condense`) never see it. What gives the summary away is how its
//! pieces lie: next to each other on the summary's side, spread over a
//! much longer stretch on the other. So pieces that follow one another on
//! one side (the compact one) within `CHAIN_GAP` words, each within
//! `SUMMARY_FAR` words of the others on the other side, are one `summary`
//! passage when there are at least `CHAIN_PIECES` of them, few of them
//! reportable alone, covering most of the compact side and a fair share
//! of the other (`CHAIN_COVER`, `CHAIN_FAR_COVER`), condensed
//! (`CHAIN_SHAPE`) and similar enough together: judged by its pieces'
//! similarity, not the whole span's (whose long side is mostly what the
//! summary leaves out).

use super::{reportable, sort_found, Found, SUMMARY_FAR};
use crate::options::Options;
use crate::passages::tokens::Token;
use crate::report::PassageKind;

/// Pieces of a chain, each adding at least a piece's least length to it
/// on the compact side: two loose pieces side by side happen between two
/// texts on one topic; three in a row, each matching the other document
/// within reach, rarely do. On PAN's tune half 4 lost summaries (0.673 ->
/// 0.649) and 2 cost verbatim and translation (`docs/passages.md`).
const CHAIN_PIECES: usize = 3;
/// Words between two pieces on the compact side for them to be one chain:
/// about a sentence the summary says in its own words. 20 to 40 gave the
/// same on the tune half, 10 and 15 less.
const CHAIN_GAP: u32 = 25;
/// At most this many of a chain's pieces may be reportable alone: a row
/// of passages each worth reporting is separate copies side by side (in
/// PAN's random obfuscation, cases adjoining in one document), not a
/// summary. 3 and more cost random obfuscation 0.004 on the tune half, 1
/// lost a summary.
const CHAIN_SOLO: usize = 2;
/// Share of the chain's compact side its pieces cover: a summary is
/// mostly what it keeps. The chains of PAN's tune half cover 0.78 to
/// 1.00 (0.3 to 0.75 gave the same there, 0.8 lost a summary); chance
/// chains in the generated multilingual corpus (`paradup-bench gen`,
/// 20 MB; short runs of its frequent words) that pass
/// `CHAIN_FAR_COVER` cover 0.70 and less.
const CHAIN_COVER: f64 = 0.75;
/// Share of the chain's other side its pieces cover: a summary's pieces
/// are found all along the stretch of its source it condenses, not a
/// few short matches scattered over a thousand words. The chains of
/// PAN's tune half have 0.18 to 0.36 (0.1 to 0.17 gave the same there);
/// most chance chains of the generated multilingual corpus, under 0.1.
const CHAIN_FAR_COVER: f64 = 0.15;
/// A piece's least similarity, times `passage_similarity` (0.5 to 0.8
/// gave the same on the tune half).
const PIECE_SIMILARITY: f64 = 0.7;
/// A long close copy (at least twice `min_passage_words` on both sides,
/// at least this similar) is no piece of a summary: a summary does not
/// keep that much word for word, and such a copy beside loose pieces is a
/// copy with text on its topic around it. 0.7 gave the same on the tune
/// half; 0.9 cost translation 0.004.
const PIECE_COPY: f64 = 0.8;
/// A chain's compact side is at most this share of its other side: a
/// summary of a text condenses it to a fraction. On PAN's tune half the
/// chains of summaries have 0.16 to 0.27, and 0.3 to 0.9 gave the same;
/// in `../shared/seeds` two write-ups of one news story (each retelling
/// the same report) made chains of 0.50 and 0.64, which 0.75 (the joins'
/// `SUMMARY_SHAPE`) took as summaries.
const CHAIN_SHAPE: f64 = 0.4;
/// The pieces' pooled similarity (their aligned words over their words),
/// times `passage_similarity` (0.6 to 0.9 gave the same on the tune
/// half, 1.0 less).
const CHAIN_SIMILARITY: f64 = 0.9;

/// `f` with its sides swapped when `swap`: the chains are built with the
/// compact side as `b`, so the pieces sort by it with the sort the other
/// steps use (each sort instantiated costs the .wasm kilobytes).
fn turn(f: &Found, swap: bool) -> Found {
    let mut t = *f;
    if swap {
        (t.a, t.b) = (t.b, t.a);
    }
    t
}

/// The union of two token ranges (and what lies between).
fn union(x: (u32, u32), y: (u32, u32)) -> (u32, u32) {
    (x.0.min(y.0), x.1.max(y.1))
}

/// Joins the chains of pieces in `found` (passages of a pair of two
/// documents, before the filter) that look like a summary into one
/// `summary` passage each, in place of their pieces; the other passages
/// are kept as they are, in their order. `a` and `b` are the two
/// documents' tokens.
pub(super) fn chains(
    mut found: Vec<Found>,
    a: &[Token],
    b: &[Token],
    options: &Options,
) -> Vec<Found> {
    let min = u32::try_from(options.min_passage_words).unwrap_or(u32::MAX);
    let piece_min = min.div_ceil(2);
    let is_piece = |f: &Found| {
        let short = (f.a.1 - f.a.0).min(f.b.1 - f.b.0);
        let similarity = f.similarity();
        let copy = similarity >= PIECE_COPY && short >= 2 * min;
        f.kind != PassageKind::Summary
            && short >= piece_min
            && similarity >= PIECE_SIMILARITY * options.passage_similarity
            && !copy
    };
    let mut pieces: Vec<Found> = found.iter().filter(|f| is_piece(f)).copied().collect();
    if pieces.len() < CHAIN_PIECES {
        return found;
    }
    let mut rules = Rules {
        min,
        piece_min,
        options,
        tokens: (a, b),
    };
    let (mut out, mut used) = (Vec::new(), Vec::new());
    // `a` the compact side, then `b`.
    for swap in [true, false] {
        let mut turned: Vec<Found> = pieces.iter().map(|f| turn(f, swap)).collect();
        rules.tokens = if swap { (b, a) } else { (a, b) };
        sort_found(&mut turned, false);
        pieces.clear();
        // The current chain is `turned[start..i]`; `span` its spans on the
        // compact side and on the other.
        let mut start = 0;
        let mut span = ((0, 0), (0, 0));
        for i in 0..=turned.len() {
            if let Some(f) = turned.get(i) {
                let apart = f.a.0.max(span.1 .0).saturating_sub(f.a.1.min(span.1 .1));
                if i == start {
                    span = (f.b, f.a);
                    continue;
                }
                if f.b.0 <= span.0 .1.saturating_add(CHAIN_GAP) && apart <= SUMMARY_FAR {
                    span = (union(span.0, f.b), union(span.1, f.a));
                    continue;
                }
            }
            let chain = &turned[start..i];
            let back = chain.iter().map(|f| turn(f, swap));
            match rules.summary(chain) {
                Some(s) => {
                    out.push(turn(&s, swap));
                    used.extend(back);
                }
                None => pieces.extend(back),
            }
            start = i;
            if let Some(f) = turned.get(i) {
                span = (f.b, f.a);
            }
        }
    }
    if out.is_empty() {
        return found;
    }
    found.retain(|f| !used.contains(f));
    found.extend(out);
    found
}

/// What a chain is judged by.
struct Rules<'o> {
    /// `min_passage_words`.
    min: u32,
    /// Words a piece adds to the compact side to count as one.
    piece_min: u32,
    options: &'o Options,
    /// The tokens of the pieces' `a` and `b` sides, as turned.
    tokens: (&'o [Token], &'o [Token]),
}

impl Rules<'_> {
    /// The `summary` passage `chain` (pieces sorted by their compact side,
    /// `b`) is, if it looks like one.
    fn summary(&self, chain: &[Found]) -> Option<Found> {
        if chain.len() < CHAIN_PIECES {
            return None;
        }
        let mut near = (u32::MAX, 0);
        let mut far = (u32::MAX, 0);
        // Words of the compact side in some piece, and the pieces adding
        // enough of them.
        let (mut covered, mut distinct, mut solo) = (0u32, 0usize, 0usize);
        let (mut aligned, mut words) = (0u32, 0u32);
        for f in chain {
            let fresh = f.b.1.saturating_sub(f.b.0.max(near.1));
            covered += fresh;
            distinct += usize::from(fresh >= self.piece_min);
            solo += usize::from(reportable(f, self.tokens.0, self.tokens.1, self.options));
            aligned = aligned.saturating_add(f.aligned);
            words = words.saturating_add((f.a.1 - f.a.0) + (f.b.1 - f.b.0));
            near = union(near, f.b);
            far = union(far, f.a);
        }
        // Words of the other side in some piece.
        let mut seen = vec![false; (far.1 - far.0) as usize];
        for f in chain {
            seen[(f.a.0 - far.0) as usize..(f.a.1 - far.0) as usize].fill(true);
        }
        let far_covered = seen.iter().filter(|&&x| x).count() as f64;
        let (n, w) = (f64::from(near.1 - near.0), f64::from(far.1 - far.0));
        let pooled = f64::from(aligned) / f64::from(words.max(1));
        let summary = distinct >= CHAIN_PIECES
            && solo <= CHAIN_SOLO
            && near.1 - near.0 >= self.min
            && f64::from(covered) >= CHAIN_COVER * n
            && far_covered >= CHAIN_FAR_COVER * w
            && n <= CHAIN_SHAPE * w
            && pooled >= CHAIN_SIMILARITY * self.options.passage_similarity;
        // Pieces overlapping on one side count their aligned words twice:
        // at most every word of the span is aligned.
        let total = (near.1 - near.0) + (far.1 - far.0);
        summary.then_some(Found {
            a: far,
            b: near,
            aligned: aligned.min(total),
            kind: PassageKind::Summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens for both documents: each a word of the default weight.
    const T: [Token; 1200] = [Token {
        start: 0,
        word: 0,
        len: 1,
        flags: 0,
    }; 1200];

    fn piece(a: (u32, u32), b: (u32, u32), aligned: u32) -> Found {
        Found {
            a,
            b,
            aligned,
            kind: PassageKind::Edited,
        }
    }

    #[test]
    fn loose_pieces_side_by_side_on_one_side_and_spread_on_the_other_are_one_summary() {
        // Each piece too short (under 15 words on `a`) to report alone.
        let found = vec![
            piece((100, 112), (300, 315), 12),
            piece((115, 127), (360, 374), 13),
            piece((130, 143), (420, 436), 14),
        ];
        let out = chains(found, &T, &T, &Options::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, PassageKind::Summary);
        assert_eq!((out[0].a, out[0].b), ((100, 143), (300, 436)));
        // The same with `b` the compact side.
        let swapped = vec![
            piece((300, 315), (100, 112), 12),
            piece((360, 374), (115, 127), 13),
            piece((420, 436), (130, 143), 14),
        ];
        let out = chains(swapped, &T, &T, &Options::default());
        assert_eq!((out.len(), out[0].a, out[0].b), (1, (300, 436), (100, 143)));
    }

    #[test]
    fn two_pieces_or_pieces_too_far_apart_stay_apart() {
        let two = vec![
            piece((100, 112), (300, 315), 12),
            piece((115, 127), (360, 374), 13),
        ];
        assert_eq!(chains(two.clone(), &T, &T, &Options::default()), two);
        // The third piece 30 words after the second on `a`.
        let apart = vec![
            piece((100, 112), (300, 315), 12),
            piece((115, 127), (360, 374), 13),
            piece((157, 170), (420, 436), 14),
        ];
        assert_eq!(chains(apart.clone(), &T, &T, &Options::default()), apart);
    }

    #[test]
    fn passages_each_worth_reporting_side_by_side_stay_apart() {
        // Three 20-word passages of similarity 0.6: separate reuses.
        let found = vec![
            piece((100, 120), (300, 320), 24),
            piece((122, 142), (500, 520), 24),
            piece((144, 164), (700, 720), 24),
        ];
        assert_eq!(chains(found.clone(), &T, &T, &Options::default()), found);
    }

    #[test]
    fn one_stretch_matched_to_many_places_is_no_summary() {
        // The same words of `a` (a phrase that recurs in `b`) each time.
        let found = vec![
            piece((100, 112), (300, 315), 12),
            piece((101, 113), (360, 374), 13),
            piece((103, 116), (420, 436), 14),
        ];
        assert_eq!(chains(found.clone(), &T, &T, &Options::default()), found);
    }

    #[test]
    fn short_matches_scattered_over_a_long_stretch_are_no_summary() {
        // As in the first test, but 400 words apart on `b`: the pieces
        // cover a twentieth of their stretch there.
        let found = vec![
            piece((100, 112), (300, 315), 12),
            piece((115, 127), (700, 714), 13),
            piece((130, 143), (1100, 1116), 14),
        ];
        assert_eq!(chains(found.clone(), &T, &T, &Options::default()), found);
    }
}
