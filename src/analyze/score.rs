//! Exact scoring: every candidate pair of classes is compared by its
//! shingle sets, and the pairs that match become *edges* with a kind.

use std::io;

use super::candidates::{Candidate, Candidates, Counted};
use super::corpus::Corpus;
use super::intern::Classes;
use super::{Progress, Stage};
use crate::options::Options;
use crate::report::{round4, Kind};
use crate::shingle::intersection;
use crate::spill::{SetBuffer, ShingleStore};

/// The longer paragraph must have this many times the shingles of the
/// shorter for a high containment to be called `contained` rather than
/// `near`: something was glued on, not merely edited.
const GLUED_RATIO: f64 = 1.2;

/// A match between two classes, `a` earlier than `b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Edge {
    pub(super) a: u32,
    pub(super) b: u32,
    pub(super) kind: Kind,
    /// Rounded to four decimals, as reported.
    pub(super) similarity: f64,
    /// Rounded to four decimals, as reported.
    pub(super) containment: f64,
}

/// Every match found, ordered by the later class `b`, then by `a`.
#[derive(Debug, Default)]
pub(super) struct Edges {
    pub(super) list: Vec<Edge>,
}

/// How two shingle sets compare, before rounding.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score {
    kind: Kind,
    similarity: f64,
    containment: f64,
}

/// What two shingle sets' scores come from: how many shingles they share
/// and each one's size (kept by the threshold explorer, `preview.rs`, to
/// judge a pair again at other thresholds exactly as the report does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Sizes {
    pub(super) shared: u32,
    pub(super) a: u32,
    pub(super) b: u32,
}

/// The sizes of the shingle sets `sa` and `sb` (sorted, without repeats).
pub(super) fn sizes(sa: &[u32], sb: &[u32]) -> Sizes {
    Sizes {
        shared: intersection(sa, sb) as u32,
        a: sa.len() as u32,
        b: sb.len() as u32,
    }
}

/// Scores the shingle sets `sa` and `sb` (sorted, without repeats) and
/// decides whether, and how, they match.
#[cfg(test)]
fn score(sa: &[u32], sb: &[u32], options: &Options) -> Option<Score> {
    judged(sizes(sa, sb), options)
}

/// Whether, and how, two sets of these sizes match.
fn judged(s: Sizes, options: &Options) -> Option<Score> {
    let inter = f64::from(s.shared);
    let (short, long) = if s.a <= s.b {
        (f64::from(s.a), f64::from(s.b))
    } else {
        (f64::from(s.b), f64::from(s.a))
    };
    let similarity = inter / (short + long - inter);
    let containment = inter / short;
    // A tiny tolerance so a score that equals a threshold counts.
    let eps = 1e-9;
    let contained = containment + eps >= options.contained_threshold;
    let kind = if contained && long >= GLUED_RATIO * short {
        Kind::Contained
    } else if similarity + eps >= options.near_threshold {
        Kind::Near
    } else if contained {
        Kind::Contained
    } else {
        return None;
    };
    Some(Score {
        kind,
        similarity,
        containment,
    })
}

/// The edge between classes `a` (earlier) and `b` whose sets have these
/// `sizes`, if they match: a contained match of a smaller `a` that
/// `heads` `b` (asked only then) is none. The one rule for the report and
/// the threshold explorer.
pub(super) fn edge(
    a: u32,
    b: u32,
    sizes: Sizes,
    options: &Options,
    heads: impl FnOnce() -> bool,
) -> Option<Edge> {
    let s = judged(sizes, options)?;
    if s.kind == Kind::Contained && sizes.a < sizes.b && heads() {
        return None;
    }
    Some(Edge {
        a,
        b,
        kind: s.kind,
        similarity: round4(s.similarity),
        containment: round4(s.containment),
    })
}

/// Whether the first occurrence of class `a` stands right before that of
/// `b` in the same document: a headline over its own lead, or a summary
/// line over the paragraph it sums up, is not a copy of it.
pub(super) fn heads(classes: &Classes, corpus: &Corpus, a: u32, b: u32) -> bool {
    let (ra, rb) = (classes.rep[a as usize], classes.rep[b as usize]);
    rb == ra + 1 && corpus.doc_of(ra) == corpus.doc_of(rb)
}

/// Candidate pairs scored at once on several threads: enough to keep
/// every thread busy for a while, little next to the candidate pairs'
/// own memory.
const BATCH_PAIRS: usize = 1 << 15;

/// Scores every candidate `candidates` hands out and keeps the matches
/// (one copy of the scoring for every source, which keeps the `.wasm`
/// small). With several `threads`, the candidates are scored in batches,
/// each cut into a contiguous share per thread, and the shares' edges are joined in
/// order: the edges are the same, in the same order, whatever `threads`.
/// `heads` drops a paragraph contained in the one right after it (see
/// below); the threshold explorer's scores keep them, since at its floor
/// such a pair counts as contained when the report's thresholds may make
/// it near.
#[allow(clippy::too_many_arguments)]
pub(super) fn edges_from(
    candidates: &mut dyn Source,
    shingles: &mut ShingleStore,
    classes: &Classes,
    corpus: &Corpus,
    options: &Options,
    heads_rule: bool,
    threads: usize,
    progress: &mut dyn FnMut(Progress),
) -> io::Result<Edges> {
    let n = classes.len() as u64;
    let judge = |d: u32, c: u32, sd: &[u32], sc: &[u32]| {
        edge(d, c, sizes(sd, sc), options, || {
            heads_rule && heads(classes, corpus, d, c)
        })
    };
    // One thread scores each class's candidates as they come.
    let batch_pairs = if threads > 1 { BATCH_PAIRS } else { 1 };
    let mut list = Vec::new();
    let mut batch = Batch::default();
    let mut tick = |c: u32| {
        progress(Progress {
            stage: Stage::Matching,
            done: u64::from(c),
            total: n,
        })
    };
    while candidates.count_next(threads, &mut batch.read)? {
        if batch.read.pairs.len() >= batch_pairs {
            batch.score(shingles, threads, &judge, &mut list)?;
        }
        if batch.read.pairs.is_empty() {
            batch.read.ticks.drain(..).for_each(&mut tick);
        }
    }
    batch.score(shingles, threads, &judge, &mut list)?;
    batch.read.ticks.drain(..).for_each(&mut tick);
    tick(n as u32);
    Ok(Edges { list })
}

/// Where scoring takes each class's candidates from, in class order.
pub(super) trait Source {
    /// The next class with its candidates (ascending earlier classes),
    /// `None` after the last.
    fn next_list(&mut self) -> io::Result<Option<(u32, &[Candidate])>>;

    /// The next classes with their candidates into `into`, maybe counted
    /// on up to `threads` threads; `false` after the last. By default,
    /// one class.
    fn count_next(&mut self, threads: usize, into: &mut Counted) -> io::Result<bool> {
        let _ = threads;
        Ok(self.next_list()?.map(|(c, l)| into.push(c, l)).is_some())
    }
}

impl Source for Candidates {
    fn next_list(&mut self) -> io::Result<Option<(u32, &[Candidate])>> {
        self.next()
    }

    fn count_next(&mut self, threads: usize, into: &mut Counted) -> io::Result<bool> {
        Candidates::count_next(self, threads, into)
    }
}

/// A source that counts the candidate pairs it hands out.
pub(super) struct Counting<'n> {
    pub(super) source: &'n mut dyn Source,
    pub(super) pairs: &'n mut u64,
}

impl Source for Counting<'_> {
    fn next_list(&mut self) -> io::Result<Option<(u32, &[Candidate])>> {
        let next = self.source.next_list()?;
        if let Some((_, list)) = &next {
            *self.pairs += list.len() as u64;
        }
        Ok(next)
    }

    fn count_next(&mut self, threads: usize, into: &mut Counted) -> io::Result<bool> {
        let before = into.pairs.len();
        let more = self.source.count_next(threads, into)?;
        *self.pairs += (into.pairs.len() - before) as u64;
        Ok(more)
    }
}

/// Candidate lists made apart ([`super::candidates::appended`]), in
/// class order.
pub(super) struct Lists {
    lists: std::vec::IntoIter<(u32, Vec<Candidate>)>,
    current: Vec<Candidate>,
}

impl Lists {
    pub(super) fn new(lists: Vec<(u32, Vec<Candidate>)>) -> Self {
        Lists {
            lists: lists.into_iter(),
            current: Vec::new(),
        }
    }
}

impl Source for Lists {
    fn next_list(&mut self) -> io::Result<Option<(u32, &[Candidate])>> {
        Ok(self.lists.next().map(|(c, list)| {
            self.current = list;
            (c, &self.current[..])
        }))
    }
}

/// Classes with their candidates, waiting to be scored.
#[derive(Default)]
struct Batch {
    /// The later classes read, their candidates, and the classes whose
    /// progress is reported once the batch is scored.
    read: Counted,
    /// Every class of the batch, for the shingle store to prepare.
    classes: Vec<u32>,
}

/// What a candidate pair of sets makes: an edge, or nothing.
type Judge<'a> = dyn Fn(u32, u32, &[u32], &[u32]) -> Option<Edge> + Sync + 'a;

impl Batch {
    /// Scores the batch on up to `threads` threads, appends the edges to
    /// `out` in order, and empties the lists.
    fn score(
        &mut self,
        shingles: &mut ShingleStore,
        threads: usize,
        judge: &Judge<'_>,
        out: &mut Vec<Edge>,
    ) -> io::Result<()> {
        if self.read.lists.is_empty() {
            return Ok(());
        }
        self.classes.clear();
        self.classes.extend(self.read.lists.iter().map(|l| l.0));
        self.classes.extend_from_slice(&self.read.pairs);
        shingles.prepare_many(&mut self.classes, threads);
        let shingles = &*shingles;
        let (lists, pairs) = (&self.read.lists, &self.read.pairs);
        let weights: Vec<u64> = (0..lists.len())
            .map(|i| (lists[i].1 - i.checked_sub(1).map_or(0, |p| lists[p].1)) as u64 + 1)
            .collect();
        let shares = crate::parallel::each(
            crate::parallel::balanced(&weights, threads),
            |range| -> io::Result<Vec<Edge>> {
                let (mut set_c, mut set_d) = (SetBuffer::default(), SetBuffer::default());
                let mut edges = Vec::new();
                let mut from = range.start.checked_sub(1).map_or(0, |p| lists[p].1);
                for &(c, end) in &lists[range] {
                    let sc = shingles.get(c, &mut set_c)?;
                    for &d in &pairs[from..end] {
                        let sd = shingles.get(d, &mut set_d)?;
                        edges.extend(judge(d, c, sd, sc));
                    }
                    from = end;
                }
                Ok(edges)
            },
        );
        for share in shares {
            out.extend(share?);
        }
        self.read.lists.clear();
        self.read.pairs.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::corpus::document;
    use crate::analyze::intern::Interner;
    use crate::spill::Sorter;

    fn set(range: std::ops::Range<u32>) -> Vec<u32> {
        range.collect()
    }

    fn score_of(sa: &[u32], sb: &[u32]) -> Option<Score> {
        score(sa, sb, &Options::default())
    }

    #[test]
    fn identical_sets_are_near_with_full_scores() {
        let s = score_of(&set(0..10), &set(0..10)).unwrap();
        assert_eq!(
            (s.kind, s.similarity, s.containment),
            (Kind::Near, 1.0, 1.0)
        );
    }

    #[test]
    fn similarity_is_jaccard_and_containment_is_the_shorter_sides_share() {
        // 8 shared of 10 and 11: Jaccard 8 / 13, containment 8 / 10.
        let s = score_of(&set(0..10), &set(2..13)).unwrap();
        assert_eq!(s.similarity, 8.0 / 13.0);
        assert_eq!(s.containment, 0.8);
        // Contained enough (0.8), but not long enough to be glued on
        // (11 < 1.2 × 10): an edited copy.
        assert_eq!(s.kind, Kind::Near);
        // The same, either way round.
        assert_eq!(score_of(&set(2..13), &set(0..10)), Some(s));
    }

    #[test]
    fn a_paragraph_glued_into_a_longer_one_is_contained() {
        // All 10 of the shorter in 13: 13 ≥ 1.2 × 10.
        let s = score_of(&set(0..10), &set(0..13)).unwrap();
        assert_eq!(s.kind, Kind::Contained);
        assert_eq!(s.containment, 1.0);
        // At 11, under the ratio, the same containment reads as near.
        assert_eq!(score_of(&set(0..10), &set(0..11)).unwrap().kind, Kind::Near);
    }

    #[test]
    fn contained_below_the_near_threshold_is_still_contained() {
        // 9 of 10 in 11 (not glued): Jaccard 9 / 12 ≥ 0.5 is near; with a
        // stricter near threshold the containment (0.9) still counts.
        let strict = Options {
            near_threshold: 0.8,
            ..Options::default()
        };
        let s = score(&set(0..10), &set(1..12), &strict).unwrap();
        assert_eq!(s.kind, Kind::Contained);
    }

    #[test]
    fn scores_below_both_thresholds_do_not_match() {
        // 4 of 10 shared with 10: Jaccard 4 / 16, containment 0.4.
        assert_eq!(score_of(&set(0..10), &set(6..16)), None);
    }

    #[test]
    fn a_score_equal_to_a_threshold_counts() {
        // Jaccard exactly 0.5 (6 of 12), containment 2/3 (below 0.8).
        let s = score_of(&set(0..9), &set(3..12)).unwrap();
        assert_eq!((s.kind, s.similarity), (Kind::Near, 0.5));
        // Containment 7 / 10 against a threshold that differs from it by
        // rounding noise only.
        let at = Options {
            near_threshold: 0.9,
            contained_threshold: 0.7 + 1e-12,
            ..Options::default()
        };
        let s = score(&set(0..10), &set(3..20), &at).unwrap();
        assert_eq!(s.kind, Kind::Contained);
    }

    /// Edges of texts given as documents of paragraphs.
    fn edges_of(docs: &[&[&str]]) -> Vec<Edge> {
        let options = Options::default();
        let mut interner = Interner::new(&options, usize::MAX, None);
        let mut corpus = Corpus::default();
        for (i, paragraphs) in docs.iter().enumerate() {
            for p in *paragraphs {
                interner.add(p, &mut Default::default(), &options);
            }
            let spans: Vec<(u64, u64)> = paragraphs.iter().map(|p| (0, p.len() as u64)).collect();
            corpus.push(document(&format!("{i}.txt"), &spans));
        }
        let i = interner.finish().unwrap();
        let n = i.classes.len() as u32;
        let mut found =
            Candidates::search(i.index, n, Sorter::new("pairs", 0, false, None), None, 1).unwrap();
        let mut shingles = i.shingles;
        let mut stages = Vec::new();
        let e = edges_from(
            &mut found,
            &mut shingles,
            &i.classes,
            &corpus,
            &options,
            true,
            1,
            &mut |p| stages.push((p.stage, p.done, p.total)),
        )
        .unwrap();
        assert_eq!(
            stages.last(),
            Some(&(Stage::Matching, u64::from(n), u64::from(n)))
        );
        e.list
    }

    const LEAD: &str = "The harbour festival opened on Friday with music on three stages and a lantern parade after dark.";
    const GLUED: &str = "The harbour festival opened on Friday with music on three stages and a lantern parade after dark. Tickets sold out within the hour, the organisers said.";

    #[test]
    fn matching_candidates_become_edges_from_the_earlier_class() {
        let e = edges_of(&[
            &[LEAD],
            &["Nothing in common with anything else here."],
            &[GLUED],
        ]);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].a, e[0].b, e[0].kind), (0, 2, Kind::Contained));
        assert_eq!(e[0].containment, 1.0);
        // Rounded to four decimals as reported.
        assert_eq!(e[0].similarity, round4(e[0].similarity));
        assert!(e[0].similarity < 1.0);
    }

    #[test]
    fn a_headline_right_over_its_lead_is_not_a_copy() {
        // The same two paragraphs in a row in one document: the short one
        // heads the long one. In two documents, it is contained.
        assert_eq!(edges_of(&[&[LEAD, GLUED]]), []);
        assert_eq!(edges_of(&[&[LEAD], &[GLUED]]).len(), 1);
        // With a paragraph between them it is no longer a heading.
        let between = "Something else entirely stands between the two of them.";
        assert_eq!(edges_of(&[&[LEAD, between, GLUED]]).len(), 1);
    }
}
