//! The analysis pipeline: documents in, [`Report`] out.
//!
//! Documents are added one at a time ([`Analyzer::add_document`]); each is
//! decoded, segmented and normalized at once and only compact per-paragraph
//! data is kept, so a caller never needs to hold the whole corpus. Paragraphs
//! identical after normalization share a *class*; classes are compared to
//! earlier classes through an inverted index of winnowed shingle
//! fingerprints, and every candidate is scored exactly before it is
//! reported. An analyzer made with [`Analyzer::with_spill`] keeps the
//! word-level data (shingles, index, candidate pairs) within a memory
//! budget and writes the rest to temporary files ([`crate::spill`]).

use std::collections::HashMap;

use hashbrown::HashTable;

use crate::decode::{decode, plain_utf8, Encoding};
use crate::error::Error;
use crate::normalize::Normalizer;
use crate::options::Options;
use crate::origin::{AddedFile, KeepTexts};
use crate::read::{Extracted, Skipped, SourceFormat};
use crate::report::{
    round4, Cluster, ClusterCopy, DocumentReport, Kind, Loc, Overlap, Pair, Paragraph, Report,
    Summary, Tool,
};
use crate::segment::segment;
use crate::shingle::{intersection, pair_hash, shingles, winnow};
use crate::spill::{SetBuffer, ShingleStore, Sorter, Spill, Temp, TempDir};

/// Words per fingerprinted gram. Longer than scoring shingles so that
/// common phrases ("of the") do not make everything a candidate.
const INDEX_WORDS: usize = 4;
/// Winnowing window, in grams: any shared run of `WINDOW + INDEX_WORDS - 1`
/// words (7) makes two paragraphs candidates.
const WINDOW: usize = 4;
/// Paragraphs with at most this many grams index all of them.
const KEEP_ALL_GRAMS: usize = 24;
/// Budget of candidate pairs one fingerprint may propose. Each paragraph is
/// paired with the earliest paragraphs sharing the fingerprint, at least
/// `MIN_SCAN` and at most `MAX_SCAN` of them, so fingerprints that occur
/// everywhere cost little and still lead back to the first occurrence.
const SCAN_BUDGET: usize = 1 << 12;
const MIN_SCAN: usize = 2;
const MAX_SCAN: usize = 64;
/// A candidate must share at least 1/`SHARED_FRACTION` of the fingerprints
/// of the paragraph that has fewer.
const SHARED_FRACTION: usize = 8;
/// Candidates verified per paragraph, those sharing most fingerprints first.
const MAX_CANDIDATES: usize = 32;
/// The longer paragraph must have this many times the shingles of the
/// shorter for a high containment to be called `contained` rather than
/// `near`: something was glued on, not merely edited.
const GLUED_RATIO: f64 = 1.2;

const NONE: u32 = u32::MAX;

/// Where an analysis is, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// `matching`, `clustering` or `reporting`.
    pub stage: &'static str,
    /// Units of work done in this stage.
    pub done: u64,
    /// Units of work in this stage.
    pub total: u64,
}

/// A match between two classes, `a` earlier than `b`.
#[derive(Debug, Clone, Copy)]
struct Edge {
    a: u32,
    b: u32,
    kind: Kind,
    similarity: f64,
    containment: f64,
}

/// Builds a [`Report`] from documents added one by one.
///
/// ```
/// use paradup::{Analyzer, Options};
/// let mut a = Analyzer::new(Options::default()).unwrap();
/// a.add_document("one.txt", b"The quick brown fox jumps over the lazy dog.\n");
/// a.add_document("two.txt", b"THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG!\n");
/// let report = a.finish().unwrap();
/// assert_eq!(report.clusters.len(), 1);
/// assert_eq!(report.pairs[0].kind, paradup::Kind::Exact);
/// ```
pub struct Analyzer {
    options: Options,
    docs: Vec<DocumentReport>,
    skipped: Vec<Skipped>,
    /// The class of every paragraph in input order (its *global* index),
    /// or `NONE` when it has too few words to compare.
    para_class: Vec<u32>,
    /// Global index of each document's first paragraph.
    doc_first: Vec<u32>,
    /// Classes by normalized-text fingerprint: the table holds class
    /// numbers only (the fingerprints are in `class_key`), which is a
    /// fraction of the memory of a map from fingerprint to class.
    classes: HashTable<u32>,
    class_key: Vec<u128>,
    /// Global index of each class's first paragraph.
    class_rep: Vec<u32>,
    class_size: Vec<u32>,
    /// Shingles of each class, in text order until they are prepared
    /// (sorted and deduplicated) — which only classes that become
    /// candidates ever need.
    shingles: ShingleStore,
    /// Inverted index of winnowed fingerprints: `fingerprint << 32 | class`
    /// (one integer sorts much faster than a pair).
    index: Sorter,
    /// Where word-level data spills past the budget, if anywhere.
    temp: Temp,
    budget: usize,
    /// The first trouble with temporary files; the analysis fails with it.
    failure: Option<std::io::Error>,
    /// Number of distinct fingerprints of each class.
    fp_count: Vec<u32>,
    normalizer: Normalizer,
    scratch: Vec<u32>,
    grams: Vec<u32>,
}

impl Analyzer {
    /// An analyzer with the given options, or an error naming the first
    /// option that is out of range.
    pub fn new(options: Options) -> Result<Self, Error> {
        Self::build(options, None, usize::MAX)
    }

    /// An analyzer that keeps about `spill.budget` bytes of word-level data
    /// in memory and writes the rest to temporary files in `spill.dir`, for
    /// corpora larger than memory. Reports are identical to those of
    /// [`Analyzer::new`]. Fails if an option is out of range or the folder
    /// is not usable.
    pub fn with_spill(options: Options, spill: Spill) -> Result<Self, Error> {
        let temp = TempDir::new(spill.dir.clone())
            .map_err(|e| Error::spill(format!("{}: {e}", spill.dir.display())))?;
        Self::build(options, Some(temp), spill.budget)
    }

    fn build(options: Options, temp: Temp, budget: usize) -> Result<Self, Error> {
        options.validate()?;
        Ok(Analyzer {
            options,
            docs: Vec::new(),
            skipped: Vec::new(),
            para_class: Vec::new(),
            doc_first: Vec::new(),
            classes: HashTable::new(),
            class_key: Vec::new(),
            class_rep: Vec::new(),
            class_size: Vec::new(),
            shingles: ShingleStore::new(budget / 2, temp.clone()),
            index: Sorter::new("index", budget / 2, true, temp.clone()),
            temp,
            budget,
            failure: None,
            fp_count: Vec::new(),
            normalizer: Normalizer::new(),
            scratch: Vec::new(),
            grams: Vec::new(),
        })
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Number of documents added so far.
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    /// Reads one plain-text document: decodes, segments and normalizes it.
    /// The bytes are not kept. Returns the document's index.
    pub fn add_document(&mut self, name: &str, bytes: &[u8]) -> usize {
        // Plain UTF-8 (the common case) is used in place, without a copy.
        if let Some(text) = plain_utf8(bytes) {
            return self.add_text(name, bytes.len(), text, &|i| i, Encoding::Utf8, Vec::new());
        }
        let d = decode(bytes);
        let offsets = &d.offsets;
        self.add_text(
            name,
            bytes.len(),
            &d.text,
            &|i| offsets.original(i),
            d.encoding,
            d.warnings,
        )
    }

    /// Segments and adds decoded text; `original` maps text offsets to
    /// offsets in the file.
    fn add_text(
        &mut self,
        name: &str,
        bytes: usize,
        text: &str,
        original: &dyn Fn(usize) -> usize,
        encoding: Encoding,
        warnings: Vec<String>,
    ) -> usize {
        let segments = segment(text, self.options.segmentation);
        let doc = self.docs.len();
        self.doc_first.push(self.para_class.len() as u32);
        let paragraphs = segments
            .iter()
            .map(|s| {
                let words = self.add_paragraph(&text[s.start..s.end]);
                Paragraph {
                    start: original(s.start) as u64,
                    end: original(s.end) as u64,
                    line: s.line as u64,
                    words,
                }
            })
            .collect();
        self.docs.push(DocumentReport {
            name: name.to_owned(),
            bytes: bytes as u64,
            encoding,
            format: SourceFormat::Text,
            warnings,
            paragraphs,
        });
        doc
    }

    /// Reads a file of any supported format ([`crate::read`]) and adds the
    /// documents it holds; inputs that are not text are recorded in the
    /// report's `skipped` list with the reason. Returns what the file
    /// produced ([`AddedFile`]): each document's index and where its bytes
    /// are (a range of `bytes`, or an archive entry's own), with the text
    /// the reader extracted for formats whose spans do not hold it, and
    /// the skips. [`Analyzer::add_file_keeping`] keeps less.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> AddedFile {
        self.add_file_keeping(name, bytes, KeepTexts::Extracted)
    }

    /// The inputs skipped so far, with reasons.
    pub fn skipped_list(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Records an input that could not be read at all (for example a file
    /// the operating system refused), so the report names it.
    pub fn skip(&mut self, name: &str, reason: &str) {
        self.skipped.push(Skipped {
            name: name.to_owned(),
            reason: reason.to_owned(),
        });
    }

    /// Adds a document that a format reader has already split into
    /// paragraphs (see [`crate::read`]). Returns the document's index.
    pub fn add_extracted(&mut self, e: Extracted) -> usize {
        let doc = self.docs.len();
        self.doc_first.push(self.para_class.len() as u32);
        let paragraphs = e
            .paragraphs
            .iter()
            .map(|p| {
                let words = self.add_paragraph(&p.text);
                Paragraph {
                    start: p.start,
                    end: p.end,
                    line: p.line,
                    words,
                }
            })
            .collect();
        self.docs.push(DocumentReport {
            name: e.name,
            bytes: e.bytes,
            encoding: e.encoding,
            format: e.format,
            warnings: e.warnings,
            paragraphs,
        });
        doc
    }

    /// Normalizes one paragraph's comparison text and files it under its
    /// class; returns its word count.
    fn add_paragraph(&mut self, text: &str) -> u64 {
        self.normalizer.run(text, self.options.skip_datelines);
        let words = self.normalizer.words().len();
        // After trouble with temporary files the analysis can only fail;
        // it stops spending time and memory on it.
        let class = if words >= self.options.min_words && self.failure.is_none() {
            self.intern()
        } else {
            NONE
        };
        self.para_class.push(class);
        words as u64
    }

    /// Finds or creates the class of the paragraph just normalized.
    fn intern(&mut self) -> u32 {
        let global = self.para_class.len() as u32;
        let next = self.class_rep.len() as u32;
        let key = self.normalizer.fingerprint();
        let keys = &self.class_key;
        // The fingerprint is a uniform hash already; its low half is the
        // table's hash.
        if let Some(&class) = self.classes.find(key as u64, |&c| keys[c as usize] == key) {
            self.class_size[class as usize] += 1;
            return class;
        }
        self.classes
            .insert_unique(key as u64, next, |&c| keys[c as usize] as u64);
        self.class_key.push(key);
        let class = next;
        self.class_rep.push(global);
        self.class_size.push(1);
        self.scratch.clear();
        shingles(
            self.normalizer.words(),
            self.options.shingle_words,
            &mut self.scratch,
        );
        let stored = self.shingles.push(&self.scratch);
        self.note(stored);
        // The index grams: with 2-word shingles, each 4-word gram is the
        // pair of shingles at i and i + 2, which is cheaper than hashing
        // four words again.
        let words = self.normalizer.words();
        let mut grams = std::mem::take(&mut self.grams);
        grams.clear();
        if self.options.shingle_words == 2 && words.len() >= INDEX_WORDS {
            grams.extend(self.scratch.windows(3).map(|w| pair_hash(w[0], w[2])));
        } else {
            shingles(words, INDEX_WORDS, &mut grams);
        }
        let fps = if grams.len() <= KEEP_ALL_GRAMS {
            // Short paragraphs keep every gram: an edit or two leaves them
            // runs too short for winnowing's guarantee.
            &grams[..]
        } else {
            self.scratch.clear();
            winnow(&grams, WINDOW, &mut self.scratch);
            &self.scratch[..]
        };
        // Repeats are removed when the index is sorted.
        let indexed = self
            .index
            .extend(fps.iter().map(|&f| (u64::from(f) << 32) | u64::from(class)));
        self.note(indexed);
        self.grams = grams;
        class
    }

    /// Keeps the first trouble with temporary files, for `finish`.
    fn note(&mut self, result: std::io::Result<()>) {
        if let Err(e) = result {
            self.failure.get_or_insert(e);
        }
    }

    fn spill_error(&self, e: std::io::Error) -> Error {
        let dir = self.temp.as_ref().map(|t| t.path().display().to_string());
        Error::spill(match dir {
            Some(d) => format!("{d}: {e}"),
            None => e.to_string(),
        })
    }

    fn fingerprint_count(&self, c: u32) -> usize {
        self.fp_count[c as usize] as usize
    }

    /// Compares everything and builds the report. Fails only when
    /// temporary files of a spilling analysis cannot be written or read
    /// back.
    pub fn finish(self) -> Result<Report, Error> {
        self.finish_with_progress(&mut |_| {})
    }

    /// Like [`Analyzer::finish`], calling `progress` as work advances.
    pub fn finish_with_progress(
        mut self,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Report, Error> {
        if let Some(e) = self.failure.take() {
            return Err(self.spill_error(e));
        }
        // Only needed while adding.
        self.classes = HashTable::new();
        self.class_key = Vec::new();
        let edges = match self.match_classes(progress) {
            Ok(edges) => edges,
            Err(e) => return Err(self.spill_error(e)),
        };
        let total = self.para_class.len() as u64;
        progress(Progress {
            stage: "clustering",
            done: 0,
            total,
        });
        let members = self.members();
        let clusters = self.clusters(&edges, &members);
        let pairs = self.pairs(&edges, &members);
        progress(Progress {
            stage: "reporting",
            done: 0,
            total,
        });
        let overlaps = self.overlaps(&edges, &members);
        let summary = self.summary(&clusters, pairs.len());
        progress(Progress {
            stage: "reporting",
            done: total,
            total,
        });
        Ok(Report {
            tool: Tool::default(),
            settings: self.options,
            documents: self.docs,
            skipped: self.skipped,
            pairs,
            clusters,
            overlaps,
            summary,
        })
    }

    /// Finds every class that matches an earlier class.
    fn match_classes(&mut self, progress: &mut dyn FnMut(Progress)) -> std::io::Result<Vec<Edge>> {
        let n = self.class_rep.len() as u32;
        progress(Progress {
            stage: "matching",
            done: 0,
            total: n as u64,
        });
        // Sorted, each fingerprint's classes form one run in input order.
        let empty = Sorter::new("index", 0, true, None);
        let mut index = std::mem::replace(&mut self.index, empty).into_sorted()?;
        self.fp_count = vec![0; n as usize];
        // Candidate pairs `later << 32 | earlier`, one per shared fingerprint.
        let mut proposals = Sorter::new("pairs", self.budget / 4, false, self.temp.clone());
        let mut run: Vec<u32> = Vec::new();
        let mut fingerprint = None;
        loop {
            let next = index.next()?;
            if next.map(|e| e >> 32) != fingerprint && !run.is_empty() {
                let scan = (SCAN_BUDGET / run.len()).clamp(MIN_SCAN, MAX_SCAN);
                for (i, &later) in run.iter().enumerate().skip(1) {
                    let later = u64::from(later) << 32;
                    proposals.extend(
                        run[..i.min(scan)]
                            .iter()
                            .map(|&earlier| later | u64::from(earlier)),
                    )?;
                }
                run.clear();
            }
            let Some(e) = next else { break };
            fingerprint = Some(e >> 32);
            run.push(e as u32);
            self.fp_count[e as u32 as usize] += 1;
        }
        drop(index);
        let mut proposals = proposals.into_sorted()?;
        let mut edges = Vec::new();
        let mut group: Vec<u64> = Vec::new();
        let mut counted: Vec<(u32, u32)> = Vec::new();
        let (mut set_c, mut set_d) = (SetBuffer::default(), SetBuffer::default());
        loop {
            let next = proposals.next()?;
            if next.map(|x| x >> 32) != group.first().map(|x| x >> 32) && !group.is_empty() {
                let c = (group[0] >> 32) as u32;
                counted.clear();
                let fps_c = self.fingerprint_count(c);
                for same in group.chunk_by(|x, y| x == y) {
                    let d = same[0] as u32;
                    // Text that matches shares a good part of the smaller
                    // side's fingerprints; one common phrase in passing
                    // does not count.
                    let fewest = fps_c.min(self.fingerprint_count(d));
                    if same.len() * SHARED_FRACTION >= fewest {
                        counted.push((d, same.len() as u32));
                    }
                }
                if counted.len() > MAX_CANDIDATES {
                    // Most shared fingerprints first, then the earliest.
                    counted.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                    counted.truncate(MAX_CANDIDATES);
                    counted.sort_unstable();
                }
                if !counted.is_empty() {
                    self.shingles.prepare(c);
                    for &(d, _) in &counted {
                        self.shingles.prepare(d);
                    }
                    let sc = self.shingles.get(c, &mut set_c)?;
                    for &(d, _) in &counted {
                        let sd = self.shingles.get(d, &mut set_d)?;
                        if let Some(e) = self.score(d, c, sd, sc) {
                            edges.push(e);
                        }
                    }
                }
                if c.is_multiple_of(4096) {
                    progress(Progress {
                        stage: "matching",
                        done: c as u64,
                        total: n as u64,
                    });
                }
                group.clear();
            }
            let Some(x) = next else { break };
            group.push(x);
        }
        progress(Progress {
            stage: "matching",
            done: n as u64,
            total: n as u64,
        });
        Ok(edges)
    }

    /// Scores two classes by their shingle sets `sa` and `sb` and decides
    /// whether, and how, they match.
    fn score(&self, a: u32, b: u32, sa: &[u32], sb: &[u32]) -> Option<Edge> {
        let inter = intersection(sa, sb) as f64;
        let (short, long) = if sa.len() <= sb.len() {
            (sa.len() as f64, sb.len() as f64)
        } else {
            (sb.len() as f64, sa.len() as f64)
        };
        let similarity = inter / (short + long - inter);
        let containment = inter / short;
        let o = &self.options;
        // A tiny tolerance so a score that equals a threshold counts.
        let eps = 1e-9;
        let contained = containment + eps >= o.contained_threshold;
        let kind = if contained && long >= GLUED_RATIO * short {
            Kind::Contained
        } else if similarity + eps >= o.near_threshold {
            Kind::Near
        } else if contained {
            Kind::Contained
        } else {
            return None;
        };
        if kind == Kind::Contained && sa.len() < sb.len() && self.heads(a, b) {
            return None;
        }
        Some(Edge {
            a,
            b,
            kind,
            similarity: round4(similarity),
            containment: round4(containment),
        })
    }

    /// Whether the first occurrence of `a` stands right before that of `b`
    /// in the same document: a headline over its own lead, or a summary line
    /// over the paragraph it sums up, is not a copy of it.
    fn heads(&self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.class_rep[a as usize], self.class_rep[b as usize]);
        rb == ra + 1 && self.doc_of(ra) == self.doc_of(rb)
    }

    /// Global paragraph indices of each class, in input order:
    /// `flat[start[c]..start[c + 1]]`.
    fn members(&self) -> Members {
        let n = self.class_rep.len();
        // `start[c]` is first where class `c` begins, then (while filling)
        // where its next member goes, ending where class `c + 1` begins.
        let mut start = vec![0u32; n + 1];
        let mut total = 0;
        for (c, &size) in self.class_size.iter().enumerate() {
            start[c] = total;
            total += size;
        }
        start[n] = total;
        let mut flat = vec![0u32; total as usize];
        for (g, &class) in self.para_class.iter().enumerate() {
            if class != NONE {
                let slot = &mut start[class as usize];
                flat[*slot as usize] = g as u32;
                *slot += 1;
            }
        }
        start.copy_within(0..n, 1);
        start[0] = 0;
        Members { start, flat }
    }

    /// The document of global paragraph `g`.
    fn doc_of(&self, g: u32) -> u32 {
        (self.doc_first.partition_point(|&first| first <= g) - 1) as u32
    }

    fn loc(&self, g: u32) -> Loc {
        let doc = self.doc_of(g);
        Loc {
            doc,
            para: g - self.doc_first[doc as usize],
        }
    }

    fn bytes_of(&self, g: u32) -> u64 {
        let l = self.loc(g);
        let para = &self.docs[l.doc as usize].paragraphs[l.para as usize];
        para.end - para.start
    }

    /// Greedy clustering in input order: a class joins the cluster of the
    /// best-matching earlier *original*, or starts its own cluster.
    fn clusters(&self, edges: &[Edge], members: &Members) -> Vec<Cluster> {
        let n = self.class_rep.len();
        // For each class, the edge to the original it joined, or `NONE`
        // when it is an original itself.
        let mut link = vec![NONE; n];
        let mut i = 0;
        for c in 0..n as u32 {
            let mut best: Option<usize> = None;
            while i < edges.len() && edges[i].b == c {
                let e = &edges[i];
                // `e.a` is earlier, so whether it is an original is known.
                let original = link[e.a as usize] == NONE;
                if original && best.is_none_or(|b| strength(e) > strength(&edges[b])) {
                    best = Some(i);
                }
                i += 1;
            }
            if let Some(b) = best {
                link[c as usize] = b as u32;
            }
        }
        // Every copy as (original class, paragraph, edge or `NONE` for an
        // exact copy): memory in proportion to the copies, not the classes.
        let mut copies: Vec<(u32, u32, u32)> = Vec::new();
        for (c, &e) in link.iter().enumerate() {
            let m = members.of(c as u32);
            if e == NONE {
                copies.extend(m[1..].iter().map(|&g| (c as u32, g, NONE)));
            } else {
                copies.extend(m.iter().map(|&g| (edges[e as usize].a, g, e)));
            }
        }
        drop(link);
        copies.sort_unstable();
        let score = |e: u32| match edges.get(e as usize) {
            Some(e) => (e.kind, e.similarity, e.containment),
            None => (Kind::Exact, 1.0, 1.0),
        };
        let mut out = Vec::new();
        for cs in copies.chunk_by(|x, y| x.0 == y.0) {
            let original = self.class_rep[cs[0].0 as usize];
            let mut docs: Vec<u32> = cs.iter().map(|x| self.doc_of(x.1)).collect();
            docs.push(self.doc_of(original));
            docs.sort_unstable();
            docs.dedup();
            let kind = cs.iter().map(|x| score(x.2).0).max().unwrap_or(Kind::Exact);
            out.push(Cluster {
                kind,
                boilerplate: docs.len() >= self.options.boilerplate_documents,
                documents: docs.len() as u32,
                original: self.loc(original),
                copies: cs
                    .iter()
                    .map(|&(_, g, e)| {
                        let l = self.loc(g);
                        let (kind, similarity, containment) = score(e);
                        ClusterCopy {
                            doc: l.doc,
                            para: l.para,
                            kind,
                            similarity,
                            containment,
                        }
                    })
                    .collect(),
            });
        }
        out
    }
    /// Exact copies pair with the first occurrence of their text; other
    /// matches pair the first occurrences of the two texts.
    fn pairs(&self, edges: &[Edge], members: &Members) -> Vec<Pair> {
        let mut raw: Vec<(u32, u32, Kind, f64, f64)> = Vec::new();
        for c in 0..self.class_rep.len() as u32 {
            let m = members.of(c);
            raw.extend(m[1..].iter().map(|&g| (m[0], g, Kind::Exact, 1.0, 1.0)));
        }
        raw.extend(edges.iter().map(|e| {
            (
                self.class_rep[e.a as usize],
                self.class_rep[e.b as usize],
                e.kind,
                e.similarity,
                e.containment,
            )
        }));
        raw.sort_by_key(|x| (x.0, x.1));
        raw.into_iter()
            .map(|(a, b, kind, similarity, containment)| Pair {
                a: self.loc(a),
                b: self.loc(b),
                kind,
                similarity,
                containment,
            })
            .collect()
    }

    /// For every pair of documents, the share of each one's paragraph bytes
    /// that match something in the other.
    fn overlaps(&self, edges: &[Edge], members: &Members) -> Vec<Overlap> {
        let n = self.class_rep.len();
        let mut neighbours: Vec<(u32, u32)> = edges
            .iter()
            .flat_map(|e| [(e.a, e.b), (e.b, e.a)])
            .collect();
        neighbours.sort_unstable();
        let mut shared: HashMap<(u32, u32), u64> = HashMap::new();
        let mut docs: Vec<u32> = Vec::new();
        let mut j = 0;
        for c in 0..n as u32 {
            let start = j;
            while j < neighbours.len() && neighbours[j].0 == c {
                j += 1;
            }
            let m = members.of(c);
            if m.len() < 2 && start == j {
                continue;
            }
            docs.clear();
            docs.extend(m.iter().map(|&g| self.doc_of(g)));
            for &(_, d) in &neighbours[start..j] {
                docs.extend(members.of(d).iter().map(|&g| self.doc_of(g)));
            }
            docs.sort_unstable();
            docs.dedup();
            for &g in m {
                let from = self.doc_of(g);
                let bytes = self.bytes_of(g);
                for &to in docs.iter().filter(|&&d| d != from) {
                    *shared.entry((from, to)).or_insert(0) += bytes;
                }
            }
        }
        let totals: Vec<u64> = self
            .docs
            .iter()
            .map(|d| d.paragraphs.iter().map(|p| p.end - p.start).sum())
            .collect();
        let mut keys: Vec<(u32, u32)> = shared.keys().map(|&(x, y)| (x.min(y), x.max(y))).collect();
        keys.sort_unstable();
        keys.dedup();
        let share = |from: u32, to: u32| {
            let b = shared.get(&(from, to)).copied().unwrap_or(0);
            let t = totals[from as usize];
            if t == 0 {
                0.0
            } else {
                round4(b as f64 / t as f64)
            }
        };
        keys.into_iter()
            .map(|(a, b)| Overlap {
                a,
                b,
                a_share: share(a, b),
                b_share: share(b, a),
            })
            .collect()
    }

    fn summary(&self, clusters: &[Cluster], pairs: usize) -> Summary {
        let mut s = Summary {
            documents: self.docs.len() as u64,
            paragraphs: self.para_class.len() as u64,
            compared_paragraphs: self.para_class.iter().filter(|&&c| c != NONE).count() as u64,
            clusters: clusters.len() as u64,
            boilerplate_clusters: clusters.iter().filter(|c| c.boilerplate).count() as u64,
            pairs: pairs as u64,
            ..Summary::default()
        };
        s.paragraph_bytes = self
            .docs
            .iter()
            .flat_map(|d| &d.paragraphs)
            .map(|p| p.end - p.start)
            .sum();
        for c in clusters {
            s.duplicate_paragraphs += c.copies.len() as u64;
            for copy in &c.copies {
                let p = self.docs[copy.doc as usize].paragraphs[copy.para as usize];
                s.duplicated_bytes += p.end - p.start;
            }
        }
        s
    }
}

/// Orders edges to an original: any `near` beats any `contained`; then the
/// higher score wins; then the earlier original.
fn strength(e: &Edge) -> (u8, f64, std::cmp::Reverse<u32>) {
    match e.kind {
        Kind::Contained => (0, e.containment, std::cmp::Reverse(e.a)),
        _ => (1, e.similarity, std::cmp::Reverse(e.a)),
    }
}

struct Members {
    start: Vec<u32>,
    flat: Vec<u32>,
}

impl Members {
    fn of(&self, c: u32) -> &[u32] {
        let c = c as usize;
        &self.flat[self.start[c] as usize..self.start[c + 1] as usize]
    }
}

/// Analyzes named documents in one call.
pub fn analyze<N: AsRef<str>, B: AsRef<[u8]>>(
    documents: &[(N, B)],
    options: Options,
) -> Result<Report, Error> {
    let mut a = Analyzer::new(options)?;
    for (name, bytes) in documents {
        a.add_document(name.as_ref(), bytes.as_ref());
    }
    a.finish()
}
