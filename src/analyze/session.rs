//! Re-matching without reading again: an analyzer made with
//! [`Analyzer::keeping`] keeps what preparing each document produced —
//! its paragraphs' spans and word counts (in the corpus), their keys,
//! scoring shingles and index fingerprints (here), and its passage tokens
//! (in the collector) — and runs the later phases (candidates, scoring,
//! clustering, passages, the report) as often as asked
//! ([`Analyzer::rematch`]): with other thresholds, and after documents are
//! added ([`Analyzer::add_file`] as usual) or removed
//! ([`Analyzer::remove_document`]). Each re-match files the kept
//! paragraphs under classes again, in order, through the interner, so the
//! report is the one a fresh analysis of the same documents with the same
//! options gives, byte for byte.
//!
//! Everything is kept in memory (the page has no disk); the CLI's
//! one-shot analysis does not keep anything and still spills.

use super::candidates::{appended, removed, Candidates, KeptIndex, Renumbering, Sides};
use super::corpus::Corpus;
use super::intern::{fingerprints, Classes, Interner, Lookup};
use super::score::{Counting, Edge, Edges, Lists};
use super::template::Templates;
use super::{finish_parts, score, Analyzer, Parts, Progress, Span, NONE};
use crate::error::Error;
use crate::normalize::Normalizer;
use crate::options::Options;
use crate::parallel::Aside;
use crate::passages::Aligned;
use crate::report::{Paragraph, Passage, Report};
use crate::spill::{ShingleStore, Sorter};

/// What is kept of every document, in corpus order.
#[derive(Default)]
pub(super) struct Kept {
    docs: Vec<KeptDocument>,
    /// Bumped whenever a document is added or removed, or the pairs to
    /// align change (a role, `within`).
    generation: u64,
    /// The passages the last re-match found (before templates and roles
    /// filter them), with the minimum passage words, the passage
    /// similarity and the generation they were found for: the alignment
    /// depends on nothing else (a change of roles or `within` bumps the
    /// generation too), so a re-match with other paragraph
    /// thresholds does not align again.
    found: Option<(PassageKey, Vec<Passage>)>,
    /// The options of the last re-match: the report on show, whose
    /// template matches the explorer's scores keep.
    shown: Option<Options>,
    /// The passages of each document pair the last re-match aligned: a
    /// re-match after a document is added or removed aligns only the
    /// pairs that changed.
    aligned: Aligned,
    /// The generation `aligned` is of (it holds that run's pairs).
    aligned_at: Option<u64>,
    /// The last re-match's candidate search and scoring: a re-match
    /// after documents are only appended, or only removed, searches and
    /// scores only the pairs they change. Dropped when the pairs to
    /// compare change (roles, `within`) or documents are both added and
    /// removed between two re-matches.
    matched: Option<Matched>,
    /// How many candidate pairs the last re-match scored.
    scored: u64,
    /// How many documents the last re-match filed under classes again.
    refiled: usize,
    /// The filing begun ahead of the first re-match
    /// ([`Analyzer::file_ahead`]), which that re-match goes on with.
    ahead: Option<Ahead>,
    normalizer: Normalizer,
    grams: Vec<u32>,
    sh: Vec<u32>,
    fps: Vec<u32>,
}

/// The kept documents filed under their classes before a re-match asks
/// ([`Analyzer::file_ahead`]): the add phase again, as
/// [`Analyzer::refile`] does it, with the analyzer's own options.
pub(super) struct Ahead {
    interner: Interner,
    templates: Templates,
    /// How many of the kept documents are filed.
    docs: usize,
}

/// What the threshold explorer reads of the last re-match
/// ([`Kept::last_match`]).
pub(super) struct LastMatch<'k> {
    /// The kept documents' generation.
    pub(super) generation: u64,
    /// The options of the report on show.
    pub(super) shown: Option<&'k Options>,
    /// The passages it found (before templates and roles filter them),
    /// with their minimum words and similarity (bits), if still current.
    pub(super) found: Option<(usize, u64, &'k [Passage])>,
    /// The pieces of its document pairs, if still current: the passages
    /// at other passage options come from them without aligning.
    pub(super) aligned: Option<&'k Aligned>,
}

/// A candidate search and its scoring, kept for the next re-match.
struct Matched {
    /// The documents and classes it was over.
    docs: usize,
    classes: u32,
    /// The near and contained thresholds it scored with (bits).
    thresholds: (u64, u64),
    index: KeptIndex,
    /// Every edge, ordered by the later class, then the earlier.
    edges: Vec<Edge>,
    /// The classes it was over (a removal renumbers them).
    numbering: Classes,
    /// Where filing the kept documents ended (without templates): the
    /// next re-match files only the documents appended since.
    filed: Option<Filed>,
    /// What was removed since.
    removed: Removed,
    /// After a removal, how the re-match renumbered the classes.
    renumbering: Option<Renumbering>,
}

/// An interner's state at its end, but the classes ([`Interner::resume`]).
type Filed = (Lookup, ShingleStore);

/// The documents removed since a candidate search.
#[derive(Default)]
struct Removed {
    docs: usize,
    /// Their paragraphs, numbered as in the search, in order.
    paragraphs: Vec<std::ops::Range<u32>>,
    /// Their paragraphs' index fingerprints.
    fps: Vec<u32>,
}

impl Removed {
    /// Notes the removal of a document whose paragraphs are now numbered
    /// from `first` (`count` of them) with index fingerprints `fps`.
    fn note(&mut self, first: u32, count: u32, fps: &[u32]) {
        self.docs += 1;
        // Back to the search's numbering: past the paragraphs removed
        // before it.
        let mut start = first;
        for r in &self.paragraphs {
            if r.start > start {
                break;
            }
            start += r.end - r.start;
        }
        let at = self.paragraphs.partition_point(|r| r.start < start);
        self.paragraphs.insert(at, start..start + count);
        self.fps.extend_from_slice(fps);
    }

    /// How the classes of the search (`old`) are numbered once the
    /// removed paragraphs are gone, and the classes then: those the
    /// interner makes of the paragraphs left (classes come in order of
    /// their first paragraph).
    fn renumbering(&self, old: &Classes) -> (Renumbering, Classes) {
        let mut r = Renumbering {
            now: vec![NONE; old.len()],
            moved: vec![false; old.len()],
        };
        let mut new = Classes::default();
        let mut gone = self.paragraphs.iter().peekable();
        for (g, &c) in old.of_paragraph.iter().enumerate() {
            let g = g as u32;
            while gone.next_if(|r| r.end <= g).is_some() {}
            if gone.peek().is_some_and(|r| r.contains(&g)) {
                continue;
            }
            let here = new.of_paragraph.len() as u32;
            let Some(c) = (c != NONE).then_some(c as usize) else {
                new.of_paragraph.push(NONE);
                continue;
            };
            if r.now[c] == NONE {
                r.now[c] = new.rep.len() as u32;
                r.moved[c] = old.rep[c] != g;
                new.rep.push(here);
                new.size.push(0);
            }
            new.size[r.now[c] as usize] += 1;
            new.of_paragraph.push(r.now[c]);
        }
        (r, new)
    }
}

/// What a re-match hands the matching phase: the kept documents, the last
/// re-match's search when only documents were appended since with the
/// same thresholds ([`edges`](fn@edges)), and where to keep this one's.
pub(super) struct Rematching<'k> {
    docs: &'k [KeptDocument],
    last: Option<Matched>,
    keep: &'k mut Option<Matched>,
    scored: &'k mut u64,
}

/// The edges of `classes` (documents filed, or kept documents filed
/// again), from `index` and `shingles`, the proposals sorted in `pairs`.
/// In a re-match (`rematching`) that has the last re-match's search
/// (documents were only appended since, the thresholds are the same),
/// only the classes that came with the new documents and those whose
/// candidates they change are searched and scored, and every other class
/// keeps its edges; else everything is. The edges are the same either
/// way. A re-match keeps its search, and with `lookup` (no templates) its
/// filing, for the next.
#[allow(clippy::too_many_arguments)]
pub(super) fn edges(
    rematching: Option<Rematching<'_>>,
    (index, mut shingles, pairs): (Sorter, ShingleStore, Sorter),
    lookup: Option<Lookup>,
    classes: &Classes,
    corpus: &Corpus,
    sides: Option<&Sides>,
    options: &Options,
    threads: usize,
    aside: &mut Aside,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<Edges> {
    let thresholds = (
        options.near_threshold.to_bits(),
        options.contained_threshold.to_bits(),
    );
    let n = classes.len() as u32;
    let docs = corpus.docs.len();
    let mut scored = 0;
    let (r, mut m) = match rematching {
        Some(Rematching {
            docs: kept_docs,
            last: Some(m),
            keep,
            scored: count,
        }) => (
            Rematching {
                docs: kept_docs,
                last: None,
                keep,
                scored: count,
            },
            m,
        ),
        rematching => {
            let mut keep = None;
            // Against a reference, the sides of the classes before change
            // when new documents hold copies of them: never kept.
            let keeping = match rematching {
                Some(_) if sides.is_none() => Some(&mut keep),
                _ => None,
            };
            let mut searched =
                Candidates::search_keeping(index, n, pairs, sides, threads, keeping)?;
            let mut candidates = Counting {
                source: &mut searched,
                pairs: &mut scored,
            };
            let edges = score::edges_from(
                &mut candidates,
                &mut shingles,
                classes,
                corpus,
                options,
                true,
                threads,
                progress,
            )?;
            if let Some(r) = rematching {
                *r.scored = scored;
                *r.keep = keep.map(|index| Matched {
                    docs,
                    classes: n,
                    thresholds,
                    index,
                    edges: edges.list.clone(),
                    numbering: classes.clone(),
                    filed: lookup.map(|l| (l, shingles)),
                    removed: Removed::default(),
                    renumbering: None,
                });
            } else {
                // The proposals and the shingle sets: the largest buffers
                // left, given back beside the rest of the analysis.
                aside.drop((searched, shingles), threads);
            }
            return Ok(edges);
        }
    };
    // The new classes' index entries are taken from what was kept.
    drop(index);
    let fps = |c: u32, out: &mut Vec<u32>| {
        let at = corpus.loc(classes.rep[c as usize]);
        out.extend_from_slice(r.docs[at.doc as usize].get(at.para as usize).2);
    };
    // After a removal, the classes as numbered before, and where each is
    // now; after an append, every class kept its number.
    let renumbering = m.renumbering.take();
    let (lists, removal) = match &renumbering {
        Some(renumbering) => {
            let mut gone = std::mem::take(&mut m.removed.fps);
            gone.sort_unstable();
            gone.dedup();
            let mut removal = removed(&mut m.index, renumbering, n, &gone, &fps);
            (std::mem::take(&mut removal.score), Some(removal))
        }
        None => (appended(&mut m.index, m.classes, n, &fps), None),
    };
    // After an append, the classes searched again lose their matches.
    let touched: Vec<u32> = match removal {
        Some(_) => Vec::new(),
        None => lists.iter().map(|l| l.0).collect(),
    };
    let mut lists = Lists::new(lists);
    let mut lists = Counting {
        source: &mut lists,
        pairs: &mut scored,
    };
    let fresh = score::edges_from(
        &mut lists,
        &mut shingles,
        classes,
        corpus,
        options,
        true,
        threads,
        progress,
    )?;
    *r.scored = scored;
    // The edges that stand (numbered now), and those found now, in order
    // of the later class, then the earlier: classes neither removed nor
    // moved kept their order among themselves.
    let now = |c: u32| renumbering.as_ref().map_or(c, |r| r.now[c as usize]);
    let changed = |c: u32| renumbering.as_ref().is_some_and(|r| r.changed(c));
    let stands = |a: u32, b: u32| match &removal {
        Some(removal) => removal.keeps(a, b),
        None => touched.binary_search(&b).is_err(),
    };
    let kept_edges = m.edges.iter().filter_map(|e| {
        let (a, b) = (now(e.a), now(e.b));
        let keep = !changed(e.a) && !changed(e.b) && stands(a, b);
        keep.then_some(Edge { a, b, ..*e })
    });
    let mut list = Vec::with_capacity(m.edges.len() + fresh.list.len());
    let mut found = fresh.list.into_iter().peekable();
    for e in kept_edges {
        while let Some(x) = found.next_if(|x| (x.b, x.a) < (e.b, e.a)) {
            list.push(x);
        }
        list.push(e);
    }
    list.extend(found);
    m.edges.clone_from(&list);
    (m.docs, m.classes) = (docs, n);
    m.numbering = classes.clone();
    m.filed = lookup.map(|l| (l, shingles));
    m.removed = Removed::default();
    *r.keep = Some(m);
    Ok(Edges { list })
}

/// What passages found before are valid for.
type PassageKey = (usize, u64, u64);

/// One document's paragraphs as matching needs them.
#[derive(Default)]
struct KeptDocument {
    /// Per paragraph: its key (the normalized text's fingerprint), and
    /// where its shingles and fingerprints end in the two lists.
    paragraphs: Vec<(u128, u32, u32)>,
    shingles: Vec<u32>,
    fps: Vec<u32>,
}

impl KeptDocument {
    /// Paragraph `i`'s key, shingles and fingerprints.
    fn get(&self, i: usize) -> (u128, &[u32], &[u32]) {
        let (key, sh_end, fp_end) = self.paragraphs[i];
        let (sh_start, fp_start) = match i.checked_sub(1) {
            Some(p) => (self.paragraphs[p].1, self.paragraphs[p].2),
            None => (0, 0),
        };
        (
            key,
            &self.shingles[sh_start as usize..sh_end as usize],
            &self.fps[fp_start as usize..fp_end as usize],
        )
    }
}

impl Kept {
    /// What the threshold explorer (`preview.rs`) reads of the last
    /// re-match.
    pub(super) fn last_match(&self) -> LastMatch<'_> {
        let aligned = self.aligned_at == Some(self.generation);
        let found = self.found.as_ref().filter(|f| f.0 .2 == self.generation);
        LastMatch {
            generation: self.generation,
            shown: self.shown.as_ref(),
            found: found.map(|((min, similarity, _), p)| (*min, *similarity, &p[..])),
            aligned: aligned.then_some(&self.aligned),
        }
    }

    /// Document `d`'s paragraphs as (key, index fingerprints), for a
    /// saved reference index (CLI only).
    #[cfg(not(target_arch = "wasm32"))]
    pub(super) fn keys(&self, d: usize) -> impl Iterator<Item = (u128, &[u32])> {
        let doc = self.docs.get(d);
        let n = doc.map_or(0, |doc| doc.paragraphs.len());
        (0..n)
            .filter_map(move |i| doc.map(|doc| doc.get(i)))
            .map(|(k, _, f)| (k, f))
    }

    /// Normalizes and fingerprints a document's paragraphs as the
    /// interner would, keeps the result, and returns the paragraphs'
    /// records (`paragraph` makes one from a span and a word count).
    pub(super) fn add_document<'t>(
        &mut self,
        paragraphs: impl Iterator<Item = (Span, &'t str)>,
        options: &Options,
        paragraph: impl Fn(Span, u64) -> Paragraph,
    ) -> Vec<Paragraph> {
        let mut doc = KeptDocument::default();
        let out = paragraphs
            .map(|(span, text)| {
                self.normalizer.run(text, options.skip_datelines);
                let words = self.normalizer.words();
                if words.len() >= options.min_words {
                    fingerprints(
                        words,
                        options.shingle_words,
                        &mut self.sh,
                        &mut self.grams,
                        &mut self.fps,
                    );
                    doc.shingles.extend_from_slice(&self.sh);
                    doc.fps.extend_from_slice(&self.fps);
                }
                let ends = (doc.shingles.len() as u32, doc.fps.len() as u32);
                doc.paragraphs
                    .push((self.normalizer.fingerprint(), ends.0, ends.1));
                paragraph(span, words.len() as u64)
            })
            .collect();
        doc.shingles.shrink_to_fit();
        doc.fps.shrink_to_fit();
        self.docs.push(doc);
        self.generation += 1;
        out
    }
}

impl Kept {
    /// Keeps a document prepared elsewhere ([`super::prepare`]): the same
    /// as [`Kept::add_document`] of its paragraphs.
    pub(super) fn add_prepared(&mut self, p: super::intern::Prepared) {
        let mut doc = KeptDocument {
            paragraphs: p
                .paragraphs
                .iter()
                .map(|&(key, _, sh, fp)| (key, sh as u32, fp as u32))
                .collect(),
            shingles: p.shingles,
            fps: p.fps,
        };
        doc.shingles.shrink_to_fit();
        doc.fps.shrink_to_fit();
        self.docs.push(doc);
        self.generation += 1;
    }
}

/// Whether two sets of options prepare documents the same way (only the
/// thresholds of matching and passages may differ for a re-match).
fn same_preparation(a: &Options, b: &Options) -> bool {
    a.segmentation == b.segmentation
        && a.min_words == b.min_words
        && a.shingle_words == b.shingle_words
        && a.skip_datelines == b.skip_datelines
        && a.passages == b.passages
}

impl Analyzer {
    /// An analyzer whose analysis can run again ([`Analyzer::rematch`])
    /// with other thresholds and after documents are added or removed,
    /// without reading or preparing the kept documents again. It keeps
    /// every document's prepared paragraphs in memory (no spilling), so it
    /// suits the page; [`Analyzer::finish`] gives the same report as
    /// [`Analyzer::new`]'s.
    ///
    /// ```
    /// use paradup::{Analyzer, Options};
    /// let mut a = Analyzer::keeping(Options::default()).unwrap();
    /// a.add_document("one.txt", b"The harbour master counted nine boats at dawn on Friday.\n");
    /// a.add_document("two.txt", b"The harbour master counted eight boats at dawn on Friday.\n");
    /// let strict = Options { near_threshold: 0.9, ..Options::default() };
    /// assert_eq!(a.rematch(&Options::default(), &mut |_| {}).unwrap().pairs.len(), 1);
    /// assert_eq!(a.rematch(&strict, &mut |_| {}).unwrap().pairs.len(), 0);
    /// ```
    pub fn keeping(options: Options) -> Result<Self, Error> {
        let mut a = Analyzer::new(options)?;
        a.kept = Some(Kept::default());
        Ok(a)
    }

    /// Whether this analyzer keeps its documents for re-matching
    /// ([`Analyzer::keeping`]).
    pub fn is_keeping(&self) -> bool {
        self.kept.is_some()
    }

    /// Whether [`Analyzer::rematch`] accepts `options`: those that decide
    /// how documents are read and prepared (segmentation, `min_words`,
    /// `shingle_words`, `skip_datelines`, `passages`) must be the ones the
    /// analyzer was made with; the thresholds (`near_threshold`,
    /// `contained_threshold`, `min_passage_words`, `passage_similarity`,
    /// `boilerplate_documents`) may differ.
    pub fn can_rematch(&self, options: &Options) -> bool {
        self.kept.is_some() && same_preparation(&self.options, options)
    }

    /// Runs matching, passages and assembly over the documents added (and
    /// not removed) so far with `options`, without reading or preparing
    /// any document again; the analyzer stays usable. The report is the
    /// one a fresh analysis of the same documents (same order, templates
    /// and references) with `options` gives. Fails if the analyzer was
    /// not made with [`Analyzer::keeping`], if an option is out of range,
    /// or if `options` prepare documents differently
    /// ([`Analyzer::can_rematch`]).
    pub fn rematch(
        &mut self,
        options: &Options,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Report, Error> {
        options.validate()?;
        let Some(kept) = &self.kept else {
            return Err(Error::cannot_rematch(
                "the analyzer keeps no documents (make it with Analyzer::keeping)",
            ));
        };
        if !same_preparation(&self.options, options) {
            return Err(Error::cannot_rematch(
                "segmentation, min_words, shingle_words, skip_datelines and passages must stay as they were; analyze afresh",
            ));
        }
        // The last re-match's search and filing go on when documents
        // were only appended since (a removal, roles or `within` drop
        // them) and the thresholds are the same.
        let thresholds = (
            options.near_threshold.to_bits(),
            options.contained_threshold.to_bits(),
        );
        let docs = kept.docs.len();
        let against = self.corpus.against();
        let Some(kept) = &mut self.kept else {
            return Err(Error::cannot_rematch("the analyzer keeps no documents"));
        };
        // Only appended (filed on from where it ended), or only removed.
        let mut last = kept.matched.take().filter(|m| {
            let only = match m.removed.docs {
                0 => m.docs <= docs,
                gone => m.docs == docs + gone,
            };
            m.thresholds == thresholds && only && !against
        });
        let filed = last.as_mut().and_then(|m| {
            if m.removed.docs > 0 {
                // After a removal, the classes and their filing are
                // numbered again: nothing is filed again.
                let (r, classes) = m.removed.renumbering(&m.numbering);
                let filed = m.filed.take().map(|(mut lookup, mut shingles)| {
                    lookup.renumber(&r.now, classes.len());
                    shingles.renumber(&r.now, classes.len());
                    (docs, (lookup, shingles), classes)
                });
                m.renumbering = Some(r);
                return filed;
            }
            let filed = m.filed.take()?;
            Some((m.docs, filed, std::mem::take(&mut m.numbering)))
        });
        let ahead = self.kept.as_mut().and_then(|k| k.ahead.take());
        let Some(kept) = &self.kept else {
            return Err(Error::cannot_rematch("the analyzer keeps no documents"));
        };
        let (from, (interner, templates)) = match (filed, ahead) {
            (Some((from, (lookup, shingles), classes)), _) => {
                let filed = (lookup, classes, shingles);
                (from, self.refile_from(kept, options, from, Some(filed)))
            }
            // Filed ahead with these very options: only the rest now.
            (None, Some(mut ahead)) if *options == self.options => {
                self.file_from(kept, &mut ahead);
                (0, (ahead.interner, ahead.templates))
            }
            (None, _) => (0, self.refile(kept, options)),
        };
        let key = (
            options.min_passage_words,
            options.passage_similarity.to_bits(),
            kept.generation,
        );
        let Some(kept) = &mut self.kept else {
            return Err(Error::cannot_rematch("the analyzer keeps no documents"));
        };
        let found = kept.found.take().filter(|f| f.0 == key).map(|f| f.1);
        let mut keep = None;
        let report = finish_parts(
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
                found,
                keep_found: Some(&mut keep),
                aligned: Some(&mut kept.aligned),
                rematching: Some(Rematching {
                    docs: &kept.docs,
                    last,
                    keep: &mut kept.matched,
                    scored: &mut kept.scored,
                }),
            },
            progress,
        );
        // Passages found (or kept from the run that found them) are of
        // this generation's pairs, and so is `aligned`.
        kept.aligned_at = report.is_ok().then_some(kept.generation);
        kept.found = keep.map(|found| (key, found));
        kept.refiled = kept.docs.len() - from;
        kept.shown = Some(options.clone());
        report
    }

    /// Forgets the passages a re-match kept: which document pairs are
    /// aligned changed (a document's role, or `within`).
    pub(super) fn pairs_changed(&mut self) {
        if let Some(kept) = &mut self.kept {
            kept.generation += 1;
            kept.matched = None;
        }
    }

    /// The add phase again, from what was kept: no text is read.
    pub(super) fn refile(&self, kept: &Kept, options: &Options) -> (Interner, Templates) {
        self.refile_from(kept, options, 0, None)
    }

    /// Files the documents added since the last call under their classes
    /// now, as the first [`Analyzer::rematch`] would (with the analyzer's
    /// options), so that it has only the rest to file: a caller waiting
    /// for the next file (the page's main worker, while other workers
    /// prepare) takes that work off the re-match. Does nothing once a
    /// re-match has run (the next goes on from its own filing) or if the
    /// analyzer does not keep its documents. The report is the same.
    pub fn file_ahead(&mut self) {
        let Some(kept) = &self.kept else { return };
        if kept.matched.is_some() {
            return;
        }
        let mut ahead = match self.kept.as_mut().and_then(|k| k.ahead.take()) {
            Some(ahead) => ahead,
            None => {
                let mut templates = self.templates.clone();
                templates.matched.clear();
                Ahead {
                    interner: Interner::new(&self.options, usize::MAX, None),
                    templates,
                    docs: 0,
                }
            }
        };
        if let Some(kept) = &self.kept {
            self.file_from(kept, &mut ahead);
        }
        if let Some(kept) = &mut self.kept {
            kept.ahead = Some(ahead);
        }
    }

    /// Files the kept documents after the first `ahead.docs` into `ahead`.
    fn file_from(&self, kept: &Kept, ahead: &mut Ahead) {
        let docs = kept.docs.iter().zip(&self.corpus.docs).skip(ahead.docs);
        for (doc, report) in docs {
            for (i, p) in report.paragraphs.iter().enumerate() {
                let (key, sh, fps) = doc.get(i);
                let words = (p.words as usize, key);
                ahead
                    .interner
                    .add_kept(words, (sh, fps), &mut ahead.templates, &self.options);
            }
        }
        ahead.docs = kept.docs.len();
    }

    /// The add phase from where the last re-match's ended (`filed`, after
    /// its first `from` documents, with no templates): only the documents
    /// appended since are filed. With no `filed`, from the start.
    fn refile_from(
        &self,
        kept: &Kept,
        options: &Options,
        from: usize,
        filed: Option<(Lookup, Classes, ShingleStore)>,
    ) -> (Interner, Templates) {
        let mut interner = match filed {
            Some(filed) => Interner::resume(options, filed),
            None => Interner::new(options, usize::MAX, None),
        };
        let mut templates = self.templates.clone();
        templates.matched.clear();
        let docs = kept.docs.iter().zip(&self.corpus.docs).skip(from);
        for (doc, report) in docs {
            for (i, p) in report.paragraphs.iter().enumerate() {
                let (key, sh, fps) = doc.get(i);
                interner.add_kept((p.words as usize, key), (sh, fps), &mut templates, options);
            }
        }
        (interner, templates)
    }

    /// Removes document `d` (later documents move down by one) from a
    /// re-matchable analysis: the next [`Analyzer::rematch`] is that of
    /// the documents without it. Fails if the analyzer was not made with
    /// [`Analyzer::keeping`] or has no document `d`.
    pub fn remove_document(&mut self, d: usize) -> Result<(), Error> {
        let Some(kept) = &mut self.kept else {
            return Err(Error::cannot_rematch(
                "only an analyzer made with Analyzer::keeping can remove a document",
            ));
        };
        let n = self.corpus.docs.len();
        let Some(corpus) = self.corpus.without(d) else {
            return Err(Error::cannot_rematch(format!(
                "no document {d}: the analysis has {n} document(s)"
            )));
        };
        // The last search goes on if nothing was appended since it.
        let first: usize = self.corpus.docs[..d]
            .iter()
            .map(|x| x.paragraphs.len())
            .sum();
        let count = self.corpus.docs[d].paragraphs.len();
        let removed = &kept.docs[d];
        kept.matched = kept.matched.take().filter(|m| m.docs == n + m.removed.docs);
        if let Some(m) = &mut kept.matched {
            m.removed.note(first as u32, count as u32, &removed.fps);
        }
        self.corpus = corpus;
        kept.docs.remove(d);
        kept.ahead = None;
        kept.aligned.remove(d as u32);
        kept.generation += 1;
        self.passages.remove(d);
        Ok(())
    }

    /// Removes entry `i` of the skipped inputs ([`Analyzer::skipped_list`]),
    /// for a caller that removes the file it came from. Returns whether
    /// there was one.
    pub fn remove_skipped(&mut self, i: usize) -> bool {
        let there = i < self.skipped.len();
        if there {
            self.skipped.remove(i);
        }
        there
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two paragraphs of document `n`'s own (no wording repeated inside).
    fn text(n: usize) -> String {
        format!(
            "Ticket sales for concert {n} opened at noon, and queues formed early.\n\n\
             Volunteers counted {n} umbrellas left behind when the rain stopped."
        )
    }

    #[test]
    fn filing_ahead_gives_the_report_of_filing_at_the_rematch() {
        let options = Options {
            passages: false,
            ..Options::default()
        };
        let template = "Volunteers counted 1 umbrellas left behind when the rain stopped.";
        let fresh = || {
            let mut a = Analyzer::keeping(options.clone()).unwrap();
            a.add_template("t.txt", template.as_bytes()).unwrap();
            a
        };
        let add = |a: &mut Analyzer, range: std::ops::Range<usize>| {
            for n in range {
                let doc = format!("{}\n\n{}", text(n), text(n % 3));
                a.add_document(&format!("d{n}.txt"), doc.as_bytes());
            }
        };
        let json = |r: Report| serde_json::to_string(&r).unwrap();
        let ahead_docs = |a: &Analyzer| {
            a.kept
                .as_ref()
                .and_then(|k| k.ahead.as_ref().map(|x| x.docs))
        };
        let mut plain = fresh();
        add(&mut plain, 0..6);
        let expected = json(plain.rematch(&options, &mut |_| {}).unwrap());
        // Filed ahead twice as documents come, then the rest at the re-match.
        let mut a = fresh();
        add(&mut a, 0..3);
        a.file_ahead();
        assert_eq!(ahead_docs(&a), Some(3));
        add(&mut a, 3..5);
        a.file_ahead();
        assert_eq!(ahead_docs(&a), Some(5));
        add(&mut a, 5..6);
        assert_eq!(json(a.rematch(&options, &mut |_| {}).unwrap()), expected);
        assert_eq!(a.kept.as_ref().map(|k| k.refiled), Some(6));
        assert_eq!(ahead_docs(&a), None, "the re-match took it");
        // Once a re-match has run, the next goes on from its own filing.
        a.file_ahead();
        assert_eq!(ahead_docs(&a), None);
        // Other thresholds than the analyzer's: filed again at the re-match.
        let strict = Options {
            near_threshold: 0.9,
            ..options.clone()
        };
        let mut plain = fresh();
        add(&mut plain, 0..6);
        let expected = json(plain.rematch(&strict, &mut |_| {}).unwrap());
        let mut b = fresh();
        add(&mut b, 0..6);
        b.file_ahead();
        assert_eq!(json(b.rematch(&strict, &mut |_| {}).unwrap()), expected);
        // A document removed after filing ahead: the filing is dropped.
        let mut plain = fresh();
        add(&mut plain, 0..6);
        plain.remove_document(2).unwrap();
        let expected = json(plain.rematch(&options, &mut |_| {}).unwrap());
        let mut c = fresh();
        add(&mut c, 0..6);
        c.file_ahead();
        c.remove_document(2).unwrap();
        assert_eq!(ahead_docs(&c), None);
        assert_eq!(json(c.rematch(&options, &mut |_| {}).unwrap()), expected);
    }

    #[test]
    fn a_rematch_after_adding_a_document_scores_only_its_pairs() {
        // Each document's two paragraphs are edits of every other
        // document's: each pair of documents makes two candidate pairs.
        let options = Options {
            passages: false,
            ..Options::default()
        };
        let mut a = Analyzer::keeping(options.clone()).unwrap();
        let mut docs = Vec::new();
        for n in 0..4 {
            docs.push((format!("d{n}.txt"), text(n)));
        }
        for (name, doc) in &docs {
            a.add_document(name, doc.as_bytes());
        }
        let scored = |a: &Analyzer| a.kept.as_ref().map(|k| k.scored);
        let refiled = |a: &Analyzer| a.kept.as_ref().map(|k| k.refiled);
        let first = a.rematch(&options, &mut |_| {}).unwrap();
        assert_eq!(scored(&a), Some(12));
        assert_eq!(refiled(&a), Some(4));
        assert_eq!(first.pairs.len(), 12);
        docs.push(("d9.txt".to_owned(), text(9)));
        a.add_document("d9.txt", text(9).as_bytes());
        let report = a.rematch(&options, &mut |_| {}).unwrap();
        // Only the new document's paragraphs with the four others', and
        // only the new document filed under classes.
        assert_eq!(scored(&a), Some(8));
        assert_eq!(refiled(&a), Some(1));
        let fresh = super::super::analyze(&docs, options.clone()).unwrap();
        assert_eq!(report, fresh);
        // Another threshold scores everything again.
        let strict = Options {
            near_threshold: 0.9,
            ..options.clone()
        };
        a.rematch(&strict, &mut |_| {}).unwrap();
        assert_eq!(scored(&a), Some(20));
        assert_eq!(refiled(&a), Some(5));
        a.rematch(&strict, &mut |_| {}).unwrap();
        assert_eq!(scored(&a), Some(0));
        assert_eq!(refiled(&a), Some(0));
        // A removal files nothing again (the classes are numbered again)
        // and scores only what changed: here nothing (each class just
        // loses the removed candidates).
        a.remove_document(0).unwrap();
        a.rematch(&strict, &mut |_| {}).unwrap();
        assert_eq!(scored(&a), Some(0));
        assert_eq!(refiled(&a), Some(0));
        // Added and removed between two re-matches: everything again.
        a.add_document("d10.txt", text(10).as_bytes());
        a.remove_document(0).unwrap();
        a.rematch(&strict, &mut |_| {}).unwrap();
        assert_eq!(scored(&a), Some(12));
    }

    #[test]
    fn a_rematch_after_removing_a_document_scores_only_the_pairs_it_changes() {
        // Documents of two edited paragraphs each (every document's are
        // candidates of every other's), where d1 also holds a notice that
        // d3 repeats word for word and d4 edits: removing d1 moves the
        // notice's class to d3, so its pair with d4 is scored again;
        // removing d3 only takes a member from the notice's class.
        let notice = "The harbour board met on a wet Thursday and voted, after a long debate about dredging, to close the north pier.";
        let edited = "The harbour board met on a wet Monday and voted, after a long debate about dredging, to shut the north pier.";
        let docs: Vec<(String, String)> = (0..6)
            .map(|n| {
                let extra = match n {
                    1 | 3 => format!("\n\n{notice}"),
                    4 => format!("\n\n{edited}"),
                    _ => String::new(),
                };
                (format!("d{n}.txt"), format!("{}{extra}", text(n)))
            })
            .collect();
        let options = Options {
            passages: false,
            ..Options::default()
        };
        let scored = |a: &Analyzer| a.kept.as_ref().map_or(0, |k| k.scored);
        for (gone, most) in [(0, 0), (1, 1), (3, 0), (5, 0)] {
            let mut a = Analyzer::keeping(options.clone()).unwrap();
            for (name, doc) in &docs {
                a.add_document(name, doc.as_bytes());
            }
            a.rematch(&options, &mut |_| {}).unwrap();
            a.remove_document(gone).unwrap();
            let report = a.rematch(&options, &mut |_| {}).unwrap();
            let mut left = docs.clone();
            left.remove(gone);
            assert_eq!(
                report,
                super::super::analyze(&left, options.clone()).unwrap()
            );
            // A full match of the documents left scores 20 pairs of the
            // two paragraphs, and the notice's.
            let mut full = Analyzer::keeping(options.clone()).unwrap();
            for (name, doc) in &left {
                full.add_document(name, doc.as_bytes());
            }
            full.rematch(&options, &mut |_| {}).unwrap();
            assert!(scored(&full) >= 20, "removing d{gone}: {}", scored(&full));
            assert_eq!(scored(&a), most, "removing d{gone}");
        }
    }

    #[test]
    fn a_rematch_after_adding_a_document_aligns_only_its_pairs() {
        let mut a = Analyzer::keeping(Options::default()).unwrap();
        let shared = "The harbour board met on a wet Thursday and voted, after a long and \
                      bad-tempered debate about dredging, to close the north pier for repairs.";
        for n in 0..4 {
            let doc = format!("{}\n\n{shared}\n", text(n));
            a.add_document(&format!("d{n}.txt"), doc.as_bytes());
        }
        let options = Options::default();
        let first = a.rematch(&options, &mut |_| {}).unwrap();
        let aligned = |a: &Analyzer| a.kept.as_ref().map(|k| k.aligned.last_aligned());
        // Every two of the four documents share the passage.
        assert_eq!(aligned(&a), Some(6));
        assert!(!first.passages.is_empty());
        let doc = format!("{}\n\n{shared}\n", text(9));
        a.add_document("d9.txt", doc.as_bytes());
        a.rematch(&options, &mut |_| {}).unwrap();
        // Only the new document's pairs with the four others.
        assert_eq!(aligned(&a), Some(4));
        a.remove_document(0).unwrap();
        a.rematch(&options, &mut |_| {}).unwrap();
        assert_eq!(aligned(&a), Some(0));
        // Other passage options align nothing again: the kept pieces
        // give their passages, those of a fresh analysis.
        let left: Vec<(String, String)> = (1..4)
            .chain([9])
            .map(|n| (format!("d{n}.txt"), format!("{}\n\n{shared}\n", text(n))))
            .collect();
        for other in [
            Options {
                min_passage_words: 30,
                ..Options::default()
            },
            Options {
                passage_similarity: 0.9,
                ..Options::default()
            },
        ] {
            let report = a.rematch(&other, &mut |_| {}).unwrap();
            assert_eq!(aligned(&a), Some(0));
            assert_eq!(report, super::super::analyze(&left, other.clone()).unwrap());
        }
    }
}
