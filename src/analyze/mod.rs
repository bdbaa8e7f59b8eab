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
//!
//! The work runs in phases, one module each; each phase's state is a type
//! that the next phase takes by value, so nothing is emptied by hand:
//!
//! 1. `intern` (while documents are added): an `Interner` files every
//!    paragraph under its class and collects shingles and index
//!    fingerprints; at [`Analyzer::finish`] it becomes `Interned`.
//! 2. `candidates`: the sorted index proposes pairs of classes
//!    (`Candidates`, streamed one later class at a time).
//! 3. `score`: each candidate is scored exactly; matches are `Edges`.
//! 4. `assemble`: clusters, pairs, overlaps and the summary: the
//!    [`Report`].
//!
//! `corpus` holds the documents and the global numbering of their
//! paragraphs, which every phase uses.

mod assemble;
mod candidates;
mod corpus;
mod files;
mod intern;
mod origin;
mod portable;
// Files prepared on worker threads, or in the page's other workers.
mod prepare;
mod preview;
#[cfg(not(target_arch = "wasm32"))]
mod refkeys;
mod score;
mod session;
mod template;

use std::fmt;

use self::corpus::Corpus;
pub use self::files::{FileEvent, FileSource, Reading};
use self::intern::{Interned, Interner};
pub use self::preview::{CandidateScore, Explorer, Preview};
#[cfg(not(target_arch = "wasm32"))]
pub use self::refkeys::{
    lookup_keys, set_common_grams, LookupKeys, ALL_PROPOSED, FEW_FINGERPRINTS,
};
use self::template::Templates;
// The wasm boundary adds what its budget-aware read produced.
#[cfg(target_arch = "wasm32")]
pub(crate) use self::origin::add_items;
pub(crate) use self::origin::span_text;
// The page's workers prepare files apart and send them in this form.
pub use self::origin::{
    document_bytes, paragraph_text, paragraph_texts, AddedFile, DocumentBytes, ExtractedTexts,
    KeepTexts, Origin,
};
#[cfg(target_arch = "wasm32")]
pub(crate) use self::portable::{add_portable, prepare_portable};
use crate::decode::{decode, plain_utf8, Encoding};
use crate::error::Error;
use crate::options::Options;
use crate::passages::Collector;
use crate::read::{Extracted, ExtractedParagraph};
use crate::report::{DocumentReport, Paragraph, Report, Role};
use crate::segment::{segment, Segment};
use crate::spill::{Sorter, Spill, Temp, TempDir};
use crate::{Skipped, SourceFormat};

/// The class of a paragraph too short to compare, and "no edge".
const NONE: u32 = u32::MAX;

/// A stage of [`Analyzer::finish_with_progress`]. More may come, so
/// matches need a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Candidate search and exact scoring.
    Matching,
    /// Passages reused inside and across paragraphs (only when
    /// [`Options::passages`] is on): `done` goes from 0 to `total`, the
    /// number of documents, when the alignment ends.
    Passages,
    /// Clusters and pairs.
    Clustering,
    /// Overlaps and the summary.
    Reporting,
}

impl Stage {
    /// The stage's name as the front ends show and send it: `matching`,
    /// `passages`, `clustering` or `reporting`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Matching => "matching",
            Stage::Passages => "passages",
            Stage::Clustering => "clustering",
            Stage::Reporting => "reporting",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an analysis is, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Units of work done in this stage.
    pub done: u64,
    /// Units of work in this stage.
    pub total: u64,
}

/// Where a paragraph lies in the original bytes: `start..end`, from
/// 1-based `line` (for `.docx`, paragraph numbers).
struct Span {
    start: u64,
    end: u64,
    line: u64,
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
    corpus: Corpus,
    skipped: Vec<Skipped>,
    /// The add phase; the later phases run in [`Analyzer::finish`].
    interner: Interner,
    /// Every document's words, for passages.
    passages: Collector,
    /// Template text, and the document paragraphs that matched it.
    templates: Templates,
    /// Whether the file being added is a template.
    reading_template: bool,
    /// Threads for matching and the passage alignment: the last count
    /// given to [`Analyzer::add_files`], else 1.
    threads: usize,
    /// Where word-level data spills past the budget, if anywhere.
    temp: Temp,
    budget: usize,
    /// What a re-matchable analysis ([`Analyzer::keeping`]) keeps of each
    /// document instead of interning it.
    kept: Option<session::Kept>,
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
        // Half the budget for the shingle sets, half for the index; the
        // candidate pairs get a quarter once the index is read.
        let interner = Interner::new(&options, budget / 2, temp.clone());
        let passages = Collector::new(&options, budget, temp.clone());
        Ok(Analyzer {
            options,
            corpus: Corpus::default(),
            skipped: Vec::new(),
            interner,
            passages,
            templates: Templates::default(),
            reading_template: false,
            threads: 1,
            temp,
            budget,
            kept: None,
        })
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Number of documents added so far.
    pub fn documents(&self) -> usize {
        self.corpus.docs.len()
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

    /// Segments decoded text into paragraphs and adds them; `original`
    /// maps text offsets to offsets in the file.
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
        if !self.reading_template {
            self.passages.add_plain(text, original);
        }
        let doc = new_document(name, bytes as u64, encoding, SourceFormat::Text, warnings);
        self.add_paragraphs(doc, plain_paragraphs(text, &segments, original))
    }

    /// Reads a file of any supported format (`docs/formats.md`) and adds the
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
    pub(crate) fn add_extracted(&mut self, e: Extracted) -> usize {
        if !self.reading_template {
            self.passages.add_extracted(
                e.paragraphs
                    .iter()
                    .map(|p| (p.start, p.end, p.line, p.text.as_str())),
                e.format == SourceFormat::Text && e.encoding == Encoding::Utf8,
            );
        }
        let doc = new_document(&e.name, e.bytes, e.encoding, e.format, e.warnings);
        self.add_paragraphs(doc, extracted_paragraphs(&e.paragraphs))
    }

    /// The one path of every document, plain or extracted: each paragraph
    /// is interned by its comparison text and recorded with its span in
    /// `doc`, which is then added. Returns the document's index.
    fn add_paragraphs<'t>(
        &mut self,
        mut doc: DocumentReport,
        paragraphs: impl Iterator<Item = (Span, &'t str)>,
    ) -> usize {
        let paragraph = |span: Span, words| Paragraph {
            start: span.start,
            end: span.end,
            line: span.line,
            words,
        };
        let (interner, templates, options) =
            (&mut self.interner, &mut self.templates, &self.options);
        if self.reading_template {
            // A template's paragraphs are only recorded for matching.
            let t = templates.docs.len() as u32;
            doc.paragraphs = paragraphs
                .enumerate()
                .map(|(i, (span, text))| {
                    paragraph(
                        span,
                        interner.template(text, templates, (t, i as u32), options),
                    )
                })
                .collect();
            templates.docs.push(doc);
            return t as usize;
        }
        doc.paragraphs = match &mut self.kept {
            Some(kept) => kept.add_document(paragraphs, options, paragraph),
            None => paragraphs
                .map(|(span, text)| paragraph(span, interner.add(text, templates, options)))
                .collect(),
        };
        self.corpus.push(doc)
    }

    /// Reads a template file (any format [`Analyzer::add_file`] reads):
    /// document paragraphs added later that match its paragraphs — the
    /// same text after normalization, or `near` it, or `contained` in
    /// it, by the options' thresholds — are never reported as copies or
    /// originals and passages lying mostly in them are dropped; the report
    /// lists them under `ignored` and the templates under `templates`.
    /// Templates must come before the first document, since paragraphs
    /// are matched as they are added. Returns what the file produced, with
    /// indices into the report's `templates`; what it skipped (a binary
    /// file, say) is also in the report's `skipped`.
    pub fn add_template(&mut self, name: &str, bytes: &[u8]) -> Result<AddedFile, Error> {
        if !self.corpus.docs.is_empty() {
            return Err(Error::template_after_documents(name));
        }
        self.reading_template = true;
        let added = self.add_file_keeping(name, bytes, KeepTexts::Never);
        self.reading_template = false;
        Ok(added)
    }

    /// Starts or continues a check against a reference: documents added
    /// from now on have `role`. Reference documents must come before the
    /// first new one (they are the originals of what matches them), so
    /// asking for [`Role::Reference`] after a new document (or after a
    /// document added without a role) fails. Once a role is given, only
    /// reuse between a new and a reference document is looked for and
    /// reported (see [`Analyzer::set_within`]); reuse among reference
    /// documents is never compared.
    pub fn set_role(&mut self, role: Role) -> Result<(), Error> {
        let docs = self.corpus.docs.len() as u32;
        if role == Role::Reference && docs > self.corpus.references {
            return Err(Error::reference_after_documents());
        }
        self.corpus.role = Some(role);
        self.pairs_changed();
        Ok(())
    }

    /// In a check against a reference ([`Analyzer::set_role`]), whether
    /// reuse among the new documents is reported as well (off by default).
    pub fn set_within(&mut self, within: bool) {
        self.corpus.within = within;
        self.pairs_changed();
    }

    /// Compares everything and builds the report. Fails only when
    /// temporary files of a spilling analysis cannot be written or read
    /// back.
    pub fn finish(self) -> Result<Report, Error> {
        self.finish_with_progress(&mut |_| {})
    }

    /// Like [`Analyzer::finish`], calling `progress` as work advances.
    pub fn finish_with_progress(self, progress: &mut dyn FnMut(Progress)) -> Result<Report, Error> {
        if self.kept.is_some() {
            let (options, mut kept) = (self.options.clone(), self);
            return kept.rematch(&options, progress);
        }
        let Analyzer {
            options,
            corpus,
            skipped,
            interner,
            passages,
            templates,
            reading_template: _,
            threads,
            temp,
            budget,
            kept: _,
        } = self;
        let passages = &passages;
        finish_parts(
            Parts {
                options,
                corpus,
                skipped,
                interner,
                passages,
                templates,
                threads,
                temp,
                budget,
                found: None,
                keep_found: None,
                aligned: None,
                rematching: None,
            },
            progress,
        )
    }
}

/// What the phases after the add phase take: an analyzer's, or a kept
/// analysis's rebuilt for a re-match (`session`), whose passages'
/// collector stays with it.
struct Parts<'p> {
    options: Options,
    corpus: Corpus,
    skipped: Vec<Skipped>,
    interner: Interner,
    passages: &'p Collector,
    templates: Templates,
    threads: usize,
    temp: Temp,
    budget: usize,
    /// Passages a re-match found before with the same documents and
    /// passage options (and document roles; they depend on nothing else), and where to keep
    /// those found now.
    found: Option<Vec<crate::report::Passage>>,
    keep_found: Option<&'p mut Option<Vec<crate::report::Passage>>>,
    /// Passages a re-match aligned before, per document pair: only the
    /// pairs that changed are aligned again.
    aligned: Option<&'p mut crate::passages::Aligned>,
    /// A re-match's kept documents and last candidate search: only the
    /// pairs appended documents touch are searched and scored again.
    rematching: Option<session::Rematching<'p>>,
}

/// The threads matching uses: `threads`, but 1 on wasm32, which has
/// none (a constant there compiles the splitting of work out of the
/// `.wasm`).
fn on_threads(threads: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        1
    } else {
        threads
    }
}

/// Matching, passages and assembly: the report.
fn finish_parts(parts: Parts<'_>, progress: &mut dyn FnMut(Progress)) -> Result<Report, Error> {
    let Parts {
        options,
        corpus,
        skipped,
        interner,
        passages,
        templates,
        threads,
        temp,
        budget,
        found,
        keep_found,
        aligned,
        rematching,
    } = parts;
    let spill_error = |e: std::io::Error| {
        let dir = temp.as_ref().map(|t| t.path().display().to_string());
        Error::spill(match dir {
            Some(d) => format!("{d}: {e}"),
            None => e.to_string(),
        })
    };
    let threads = on_threads(threads);
    let (
        Interned {
            classes,
            shingles,
            index,
        },
        lookup,
    ) = interner.finish_keeping().map_err(spill_error)?;
    // A re-match without templates keeps where filing ended (session.rs).
    let lookup = (rematching.is_some() && templates.is_empty()).then_some(lookup);
    let n = classes.len() as u64;
    progress(Progress {
        stage: Stage::Matching,
        done: 0,
        total: n,
    });
    // In a check against a reference, the sides of each class.
    let sides = corpus.sides(&classes);
    let pairs = Sorter::new("pairs", budget / 4, false, temp.clone());
    // Waited for before returning (and before `temp` is dropped).
    let mut aside = crate::parallel::Aside::default();
    let edges = session::edges(
        rematching,
        (index, shingles, pairs),
        lookup,
        &classes,
        &corpus,
        sides.as_ref(),
        &options,
        threads,
        &mut aside,
        progress,
    )
    .map_err(spill_error)?;
    // The alignment reports nothing inside: a start and an end, so a
    // long one is seen as such rather than as matching that hangs.
    let docs = corpus.docs.len() as u64;
    let passages_stage = |done| Progress {
        stage: Stage::Passages,
        done,
        total: docs,
    };
    if options.passages {
        progress(passages_stage(0));
    }
    let found = match found {
        Some(found) => found,
        None => passages
            .finish(
                &corpus.docs,
                &options,
                budget / 4,
                temp.clone(),
                threads,
                &|a, b| corpus.relevant(a, b),
                aligned,
            )
            .map_err(spill_error)?,
    };
    if let Some(keep) = keep_found {
        *keep = Some(found.clone());
    }
    if options.passages {
        progress(passages_stage(docs));
    }
    let ignored = template::ignored(&templates, &corpus);
    let found = template::without_template_passages(found, &corpus.docs, &ignored);
    let report = assemble::report(
        options,
        corpus,
        skipped,
        classes,
        edges,
        assemble::Found {
            passages: found,
            templates: templates.docs,
            ignored,
            sides,
        },
        threads,
        progress,
    );
    drop(aside);
    Ok(report)
}

/// The report of a document, before its paragraphs are added.
fn new_document(
    name: &str,
    bytes: u64,
    encoding: Encoding,
    format: SourceFormat,
    warnings: Vec<String>,
) -> DocumentReport {
    DocumentReport {
        name: name.to_owned(),
        bytes,
        encoding,
        format,
        warnings,
        paragraphs: Vec::new(),
        role: None,
    }
}

/// The paragraphs of plain `text` split into `segments`: each one's span
/// in the file (`original` maps text offsets there) and its text.
fn plain_paragraphs<'t>(
    text: &'t str,
    segments: &'t [Segment],
    original: &'t dyn Fn(usize) -> usize,
) -> impl Iterator<Item = (Span, &'t str)> + 't {
    segments.iter().map(move |s| {
        let span = Span {
            start: original(s.start) as u64,
            end: original(s.end) as u64,
            line: s.line as u64,
        };
        (span, &text[s.start..s.end])
    })
}

/// The paragraphs a reader extracted: each one's span and text.
fn extracted_paragraphs(
    paragraphs: &[ExtractedParagraph],
) -> impl Iterator<Item = (Span, &str)> + '_ {
    paragraphs.iter().map(|p| {
        let span = Span {
            start: p.start,
            end: p.end,
            line: p.line,
        };
        (span, p.text.as_str())
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::ExtractedParagraph;
    use crate::Kind;

    #[test]
    fn stages_keep_the_names_the_front_ends_send() {
        let all = [
            Stage::Matching,
            Stage::Passages,
            Stage::Clustering,
            Stage::Reporting,
        ];
        assert_eq!(
            all.map(Stage::as_str),
            ["matching", "passages", "clustering", "reporting"]
        );
        assert_eq!(Stage::Reporting.to_string(), "reporting");
    }

    const TEXT: &str = "Café owners on the quay asked the council for longer hours.\n\n  The council said it would decide in March, after the survey.\n";

    #[test]
    fn plain_and_extracted_documents_give_the_same_report() {
        let mut plain = Analyzer::new(Options::default()).unwrap();
        plain.add_document("quay.txt", TEXT.as_bytes());
        plain.add_document("copy.txt", TEXT.as_bytes());
        let mut extracted = Analyzer::new(Options::default()).unwrap();
        let second = TEXT.find("The council").unwrap();
        let paragraph = |start: usize, end: usize, line| ExtractedParagraph {
            start: start as u64,
            end: end as u64,
            line,
            text: TEXT[start..end].to_owned(),
        };
        for name in ["quay.txt", "copy.txt"] {
            extracted.add_extracted(Extracted {
                name: name.to_owned(),
                bytes: TEXT.len() as u64,
                encoding: Encoding::Utf8,
                format: SourceFormat::Text,
                warnings: Vec::new(),
                paragraphs: vec![
                    paragraph(0, TEXT.find('\n').unwrap(), 1),
                    paragraph(second, TEXT.len() - 1, 3),
                ],
                source: None,
            });
        }
        let (plain, extracted) = (plain.finish().unwrap(), extracted.finish().unwrap());
        assert_eq!(plain.documents[0].paragraphs[1].start, second as u64);
        assert_eq!(plain.pairs.len(), 2);
        assert_eq!(plain, extracted);
    }

    #[test]
    fn decoded_documents_keep_offsets_in_the_original_bytes() {
        // UTF-16 with a byte order mark: every character is two bytes.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
        let mut a = Analyzer::new(Options::default()).unwrap();
        a.add_document("utf8.txt", TEXT.as_bytes());
        a.add_document("utf16.txt", &utf16);
        let r = a.finish().unwrap();
        let second = TEXT[..TEXT.find("The council").unwrap()]
            .encode_utf16()
            .count();
        let p = &r.documents[1].paragraphs[1];
        assert_eq!((p.start, p.line), (2 + 2 * second as u64, 3));
        assert_eq!(r.documents[1].encoding, Encoding::Utf16Le);
        assert_eq!(r.pairs.len(), 2);
        assert!(r.pairs.iter().all(|p| p.kind == Kind::Exact));
    }

    #[test]
    fn progress_passes_through_every_stage_in_order() {
        let mut a = Analyzer::new(Options::default()).unwrap();
        a.add_document("quay.txt", TEXT.as_bytes());
        let mut seen = Vec::new();
        a.finish_with_progress(&mut |p| seen.push((p.stage, p.done, p.total)))
            .unwrap();
        // Two classes; two paragraphs.
        assert_eq!(
            seen,
            [
                (Stage::Matching, 0, 2),
                (Stage::Matching, 2, 2),
                (Stage::Passages, 0, 1),
                (Stage::Passages, 1, 1),
                (Stage::Clustering, 0, 2),
                (Stage::Reporting, 0, 2),
                (Stage::Reporting, 2, 2),
            ]
        );
    }
}
