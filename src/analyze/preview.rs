//! The threshold explorer (issue 11 item 4): an analysis's candidate pairs
//! scored once, down to a floor ([`Analyzer::explorer`]), with what
//! decides each one's kind (the shingles the two texts share, each one's
//! size, whether the earlier heads the later), so that the counts at
//! another near or contained threshold come from those pairs and the
//! report's own rules (`score::edge`, `assemble::counts`) in time
//! proportional to the pairs and paragraphs, without filing, searching or
//! scoring again ([`Explorer::counts`]).
//!
//! Only what is exact is taken this way. The candidate search does not
//! depend on the thresholds, so the report's matches at any thresholds at
//! or above the floor are among the pairs kept. Two things are matched
//! again instead: with templates, paragraph thresholds other than the
//! shown report's (templates match at them, so which paragraphs are
//! ignored, and so the classes, change), and a threshold under the floor.
//! Passages depend on the minimum words and the similarity inside the
//! alignment (a run long enough to report stops the sentence search
//! there, and a stronger passage hides the ones mostly inside it), so
//! filtering the passages found with no minimum would not give the
//! report's: other passage options take the pieces the last re-match
//! kept of each document pair (`passages/rethreshold.rs`), which give
//! its passages at any options without aligning, and align again only
//! when those are not current.

use std::sync::{Arc, Mutex};

use super::candidates::{Candidates, Sides};
use super::intern::{Classes, Interned, Members};
use super::score::{self, Sizes};
use super::{assemble, finish_parts, on_threads, template, Analyzer, Parts};
use crate::error::Error;
use crate::options::Options;
use crate::report::{Ignored, Loc, Passage, Report};
use crate::spill::{SetBuffer, Sorter};

/// A candidate pair of paragraphs (the first occurrences of two distinct
/// texts, `a` the earlier) with the scores the report's scoring gives it
/// ([`Analyzer::candidate_scores`]): what the thresholds cut.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CandidateScore {
    /// The earlier paragraph.
    pub a: Loc,
    /// The later paragraph.
    pub b: Loc,
    /// Shingle resemblance (Jaccard), rounded as reported; compared with
    /// `near_threshold`.
    pub similarity: f64,
    /// Share of the shorter paragraph's shingles in the longer, rounded;
    /// compared with `contained_threshold`.
    pub containment: f64,
}

/// The counts of the report some options would give ([`Explorer::counts`]):
/// its summary's `pairs`, `clusters` and `passages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// Pairs (`summary.pairs`).
    pub pairs: u64,
    /// Clusters (`summary.clusters`).
    pub clusters: u64,
    /// Passages (`summary.passages`).
    pub passages: u64,
    /// The `words` of each of those passages, in the report's order.
    pub passage_words: Vec<u64>,
    /// Whether the paragraphs had to be matched again (templates with
    /// other paragraph thresholds, or a threshold under the floor).
    pub matched_again: bool,
    /// Whether the passages had to be aligned again (other passage
    /// options than the shown report's, and the pieces the last re-match
    /// kept not current).
    pub aligned_again: bool,
}

/// What the threshold explorer keeps of an analysis made with
/// [`Analyzer::keeping`]: its candidate pairs scored down to a floor, the
/// classes they are counted over and the shown report's passages
/// ([`Analyzer::explorer`]). It serves the analysis it was made from, as
/// long as no document is added or removed and no other re-match is
/// shown ([`Explorer::fits`]).
pub struct Explorer {
    /// The kept analysis's generation when made.
    generation: u64,
    /// The options of the report on show: templates matched at its
    /// thresholds, its passages found with its passage options.
    shown: Options,
    floor: f64,
    classes: Classes,
    members: Members,
    sides: Option<Sides>,
    scored: Vec<Scored>,
    ignored: Vec<Ignored>,
    /// The words of each of the shown report's passages.
    passages: Vec<u64>,
    /// The passages found with no minimum at one passage similarity (its
    /// bits), kept for [`Explorer::length_examples`]: every slider step
    /// would otherwise align them again.
    loosest: Mutex<Option<(u64, Arc<Vec<Passage>>)>>,
}

/// A candidate pair of classes at the floor, with what decides its kind.
#[derive(Debug, Clone, Copy)]
struct Scored {
    a: u32,
    b: u32,
    sizes: Sizes,
    /// Whether `a`'s first occurrence stands right before `b`'s.
    heads: bool,
}

fn spill(e: std::io::Error) -> Error {
    Error::spill(e.to_string())
}

fn keeps_nothing() -> Error {
    Error::cannot_rematch("the analyzer keeps no documents (make it with Analyzer::keeping)")
}

impl Analyzer {
    /// The threshold explorer of the analysis on show (the last
    /// [`Analyzer::rematch`], else the analyzer's options): every candidate
    /// pair scoring at least `floor` in resemblance or containment, by the
    /// report's own candidate search and scoring run once with both
    /// thresholds at `floor`. Fails as [`Analyzer::rematch`] does, or if
    /// `floor` is not in (0, 1].
    pub fn explorer(&self, floor: f64) -> Result<Explorer, Error> {
        let at_floor = Options {
            near_threshold: floor,
            contained_threshold: floor,
            ..self.options.clone()
        };
        at_floor.validate()?;
        let kept = self.kept.as_ref().ok_or_else(keeps_nothing)?;
        let last = kept.last_match();
        let (generation, found) = (last.generation, last.found);
        let shown = last.shown.unwrap_or(&self.options).clone();
        // Templates match at the thresholds of the report on show, as its
        // paragraphs did: only the scoring goes down to the floor.
        let (interner, templates) = self.refile(kept, &shown);
        let Interned {
            classes,
            mut shingles,
            index,
        } = interner.finish().map_err(spill)?;
        let corpus = &self.corpus;
        let sides = corpus.sides(&classes);
        let pairs = Sorter::new("pairs", usize::MAX / 4, false, None);
        let threads = on_threads(self.threads);
        // Every pair is kept at the floor: whether a headline over its
        // lead is dropped depends on the kind, which the cut decides.
        let edges = Candidates::search(index, classes.len() as u32, pairs, sides.as_ref(), threads)
            .and_then(|mut c| {
                score::edges_from(
                    &mut c,
                    &mut shingles,
                    &classes,
                    corpus,
                    &at_floor,
                    false,
                    threads,
                    &mut |_| {},
                )
            })
            .map_err(spill)?;
        let (mut sa, mut sb) = (SetBuffer::default(), SetBuffer::default());
        let mut scored = Vec::with_capacity(edges.list.len());
        for e in &edges.list {
            let a = shingles.get(e.a, &mut sa).map_err(spill)?;
            let b = shingles.get(e.b, &mut sb).map_err(spill)?;
            scored.push(Scored {
                a: e.a,
                b: e.b,
                sizes: score::sizes(a, b),
                heads: score::heads(&classes, corpus, e.a, e.b),
            });
        }
        drop((edges, shingles));
        let ignored = template::ignored(&templates, corpus);
        let same = |f: &(usize, u64, &[Passage])| {
            f.0 == shown.min_passage_words && f.1 == shown.passage_similarity.to_bits()
        };
        let found = match found.filter(same) {
            Some(f) => f.2.to_vec(),
            None => self.aligned(&shown)?.0,
        };
        let passages = self.reported(found, &ignored);
        Ok(Explorer {
            generation,
            shown,
            floor,
            members: classes.members(),
            classes,
            sides,
            scored,
            ignored,
            passages,
            loosest: Mutex::new(None),
        })
    }

    /// Every candidate pair that scores at least `floor` in resemblance or
    /// containment, with its scores ([`Analyzer::explorer`]): what a
    /// threshold explorer shows around the cut. Ordered by the later
    /// paragraph, then the earlier. Exact repeats are not candidates (they
    /// match at any threshold). A paragraph contained in the longer one
    /// right after it (a headline over its lead), which the report leaves
    /// out when it counts as contained, is among them: at other thresholds
    /// it may count as near. Fails as [`Analyzer::rematch`] does, or if
    /// `floor` is not in (0, 1].
    pub fn candidate_scores(&self, floor: f64) -> Result<Vec<CandidateScore>, Error> {
        Ok(self.explorer(floor)?.scores(self))
    }

    /// The passages found with `options`' passage options (nothing kept is
    /// touched): from the pieces the last re-match kept of each document
    /// pair if they are current, else aligned anew (then `true`).
    fn aligned(&self, options: &Options) -> Result<(Vec<Passage>, bool), Error> {
        let corpus = &self.corpus;
        let kept = self.kept.as_ref().and_then(|k| k.last_match().aligned);
        if let Some(kept) = kept {
            let found = self.passages.rethreshold(kept, &corpus.docs, options);
            return Ok((found.map_err(spill)?, false));
        }
        self.passages
            .finish(
                &corpus.docs,
                options,
                usize::MAX / 4,
                None,
                on_threads(self.threads),
                &|a, b| corpus.relevant(a, b),
                None,
            )
            .map(|found| (found, true))
            .map_err(spill)
    }

    /// The words of the passages of `found` the report keeps (as
    /// `finish_parts` and `assemble::report` filter them).
    fn reported(&self, found: Vec<Passage>, ignored: &[Ignored]) -> Vec<u64> {
        let found = self.reported_passages(found, ignored);
        found.iter().map(|p| p.words).collect()
    }

    /// The passages of `found` the report keeps.
    fn reported_passages(&self, found: Vec<Passage>, ignored: &[Ignored]) -> Vec<Passage> {
        let corpus = &self.corpus;
        let mut found = template::without_template_passages(found, &corpus.docs, ignored);
        found.retain(|p| corpus.relevant(p.a.doc, p.b.doc));
        found
    }

    /// The report `options` give, matched again from what was kept
    /// without changing it (the explorer's fallback; [`Analyzer::rematch`]
    /// keeps its work for the next re-match), and whether its passages
    /// were aligned again.
    fn matched_quietly(&self, options: &Options) -> Result<(Report, bool), Error> {
        let kept = self.kept.as_ref().ok_or_else(keeps_nothing)?;
        let same = kept.last_match().found.filter(|f| {
            f.0 == options.min_passage_words && f.1 == options.passage_similarity.to_bits()
        });
        let (found, again) = match same {
            Some(f) => (f.2.to_vec(), false),
            None => self.aligned(options)?,
        };
        let (interner, templates) = self.refile(kept, options);
        finish_parts(
            Parts {
                options: options.clone(),
                corpus: self.corpus.clone(),
                skipped: self.skipped.clone(),
                interner,
                passages: &self.passages,
                templates,
                threads: self.threads,
                temp: None,
                budget: usize::MAX,
                found: Some(found),
                keep_found: None,
                aligned: None,
                rematching: None,
            },
            &mut |_| {},
        )
        .map(|report| (report, again))
    }
}

impl Explorer {
    /// Whether this explorer serves `analyzer`'s analysis on show: made
    /// from it, with no document added or removed and no other re-match
    /// since.
    pub fn fits(&self, analyzer: &Analyzer) -> bool {
        analyzer.kept.as_ref().is_some_and(|k| {
            let last = k.last_match();
            last.generation == self.generation
                && *last.shown.unwrap_or(&analyzer.options) == self.shown
        })
    }

    /// The floor it was made with.
    pub fn floor(&self) -> f64 {
        self.floor
    }

    /// The candidate pairs with their scores ([`Analyzer::candidate_scores`]).
    pub fn scores(&self, analyzer: &Analyzer) -> Vec<CandidateScore> {
        let at_floor = Options {
            near_threshold: self.floor,
            contained_threshold: self.floor,
            ..self.shown.clone()
        };
        let corpus = &analyzer.corpus;
        let loc = |class: u32| corpus.loc(self.classes.rep[class as usize]);
        self.scored
            .iter()
            .filter_map(|s| score::edge(s.a, s.b, s.sizes, &at_floor, || false))
            .map(|e| CandidateScore {
                a: loc(e.a),
                b: loc(e.b),
                similarity: e.similarity,
                containment: e.containment,
            })
            .collect()
    }

    /// Fails unless the explorer can answer for `options` on `analyzer`:
    /// valid options that prepare documents as the analysis did, and an
    /// explorer that [`fits`](Self::fits) it.
    fn serves(&self, analyzer: &Analyzer, options: &Options) -> Result<(), Error> {
        options.validate()?;
        if !analyzer.can_rematch(options) {
            analyzer.kept.as_ref().ok_or_else(keeps_nothing)?;
            return Err(Error::cannot_rematch(
                "segmentation, min_words, shingle_words, skip_datelines and passages must stay as they were; analyze afresh",
            ));
        }
        if !self.fits(analyzer) {
            return Err(Error::cannot_rematch(
                "the analysis changed since the explorer was made: make it again",
            ));
        }
        Ok(())
    }

    /// Example passages either side of `options`' minimum passage length:
    /// the shortest passage the report at `options` keeps (just above the
    /// cut; the first in the report's order among the shortest), and the
    /// longest passage found with no minimum that is shorter than it (just
    /// below; the first in the report's order among the longest). Either
    /// is `None` when there is none. Passages come from the pieces the
    /// last re-match kept, as [`counts`](Self::counts) does.
    pub fn length_examples(
        &self,
        analyzer: &Analyzer,
        options: &Options,
    ) -> Result<[Option<Passage>; 2], Error> {
        self.serves(analyzer, options)?;
        let at = |o: &Options| -> Result<Vec<Passage>, Error> {
            let (found, _) = analyzer.aligned(o)?;
            Ok(analyzer.reported_passages(found, &self.ignored))
        };
        let mut above: Option<Passage> = None;
        for p in at(options)? {
            if above.as_ref().is_none_or(|x| p.words < x.words) {
                above = Some(p);
            }
        }
        let cut = options.min_passage_words as u64;
        let key = options.passage_similarity.to_bits();
        let cached = self.loosest.lock().ok().and_then(|kept| {
            kept.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, all)| Arc::clone(all))
        });
        let all = match cached {
            Some(all) => all,
            None => {
                let loosest = Options {
                    min_passage_words: 1,
                    ..options.clone()
                };
                let all = Arc::new(at(&loosest)?);
                if let Ok(mut kept) = self.loosest.lock() {
                    *kept = Some((key, Arc::clone(&all)));
                }
                all
            }
        };
        let mut below: Option<&Passage> = None;
        for p in all.iter().filter(|p| p.words < cut) {
            if below.is_none_or(|x| p.words > x.words) {
                below = Some(p);
            }
        }
        Ok([above, below.cloned()])
    }

    /// The counts of the report `analyzer` would give with `options`
    /// (other thresholds), equal to a fresh analysis's summary. The pairs
    /// and clusters come from the kept pairs, unless templates are used
    /// and the paragraph thresholds are not the shown report's, or a
    /// threshold is under the floor: then the paragraphs are matched
    /// again. The passages are the shown report's unless the passage
    /// options differ: then they are aligned again. Nothing `analyzer`
    /// keeps changes. Fails if the explorer does not [`fit`](Self::fits)
    /// the analysis, or as [`Analyzer::rematch`] does.
    pub fn counts(&self, analyzer: &Analyzer, options: &Options) -> Result<Preview, Error> {
        self.serves(analyzer, options)?;
        let bits = |o: &Options| (o.near_threshold.to_bits(), o.contained_threshold.to_bits());
        let other_passages = options.min_passage_words != self.shown.min_passage_words
            || options.passage_similarity.to_bits() != self.shown.passage_similarity.to_bits();
        let below = options.near_threshold < self.floor || options.contained_threshold < self.floor;
        let templates = !analyzer.templates.is_empty() && bits(options) != bits(&self.shown);
        if below || templates {
            let (s, aligned_again) = analyzer.matched_quietly(options)?;
            return Ok(Preview {
                pairs: s.summary.pairs,
                clusters: s.summary.clusters,
                passages: s.summary.passages,
                passage_words: s.passages.iter().map(|p| p.words).collect(),
                matched_again: true,
                aligned_again,
            });
        }
        let edges: Vec<_> = self
            .scored
            .iter()
            .filter_map(|s| score::edge(s.a, s.b, s.sizes, options, || s.heads))
            .collect();
        let (pairs, clusters) = assemble::counts(
            &analyzer.corpus,
            &self.classes,
            &self.members,
            &edges,
            self.sides.as_ref(),
        );
        let (passage_words, aligned_again) = if other_passages {
            let (found, again) = analyzer.aligned(options)?;
            (analyzer.reported(found, &self.ignored), again)
        } else {
            (self.passages.clone(), false)
        };
        Ok(Preview {
            pairs,
            clusters,
            passages: passage_words.len() as u64,
            passage_words,
            matched_again: false,
            aligned_again,
        })
    }
}
