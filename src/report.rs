//! The report: the JSON contract shared by the CLI and the browser.
//!
//! `schema/report.schema.json` describes the same shape; a test checks real
//! output against it. Indices are 0-based; `doc` indexes `documents` and
//! `para` indexes that document's `paragraphs`.

use crate::decode::Encoding;
use crate::options::Options;
use serde::{Deserialize, Serialize};

/// Everything an analysis found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The program that wrote the report.
    pub tool: Tool,
    /// Every option used.
    pub settings: Options,
    /// The documents, in the order given.
    pub documents: Vec<DocumentReport>,
    /// Inputs that could not be read as text, each with the reason.
    #[serde(default)]
    pub skipped: Vec<Skipped>,
    /// Matching paragraph pairs; `a` is the earlier occurrence.
    pub pairs: Vec<Pair>,
    /// Groups of copies, each scored against its original.
    pub clusters: Vec<Cluster>,
    /// Reused passages: aligned stretches of text inside or across
    /// paragraphs, with exact byte spans on both sides; `a` is the earlier.
    #[serde(default)]
    pub passages: Vec<Passage>,
    /// For each pair of documents sharing anything, how much they share.
    pub overlaps: Vec<Overlap>,
    /// The template files given (`--ignore`), read like documents: text
    /// that document paragraphs matching it are ignored for.
    #[serde(default)]
    pub templates: Vec<DocumentReport>,
    /// Document paragraphs that match template text: never an original or
    /// a copy, in document order.
    #[serde(default)]
    pub ignored: Vec<Ignored>,
    /// Totals.
    pub summary: Summary,
    /// With saved reference indexes (`--against FILE.pdx`, CLI only): for
    /// each, how many reference files it covers and how many were read.
    /// Only the files that can share text with a new document are read;
    /// the others are not among `documents` and count in no other figure.
    /// Absent without an index. Not in the wasm build (the page has no
    /// index), which keeps its size.
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_indexes: Vec<ReferenceIndexUse>,
}

/// A saved reference index used by a check (`--against FILE.pdx`).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceIndexUse {
    /// The index file's name, as given.
    pub index: String,
    /// The reference files it covers (as found when checking).
    pub files: u64,
    /// Those read and analyzed: the files holding a value the new
    /// documents hold, and any file changed since it was indexed.
    pub read: u64,
}

/// An input that was not analyzed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The input's name.
    pub name: String,
    /// A specific reason, meant for people.
    pub reason: String,
}

/// Name and version of the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// Always `paradup`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "paradup".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// One input document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentReport {
    /// The name given for it (a path, for the CLI).
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// How it was decoded.
    pub encoding: Encoding,
    /// How it was read. For `docx`, paragraph spans are paragraph indices
    /// (`start` = index, `end` = index + 1), since there are no text bytes.
    #[serde(default)]
    pub format: SourceFormat,
    /// Anything a user should know about how it was read.
    pub warnings: Vec<String>,
    /// Its paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// In a check against a reference (`--against`), whether it is one of
    /// the documents checked or reference text; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

/// The side of a document in a check against a reference: only reuse
/// between a `new` document and a `reference` one is reported (and, when
/// asked, among `new` ones), never reuse among references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A document checked against the reference.
    New,
    /// Reference text: an original, never a copy.
    Reference,
}

/// How a document was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// Plain text.
    #[default]
    Text,
    /// Markdown: syntax is masked out of the comparison, spans stay on the source.
    Markdown,
    /// HTML: block elements are paragraphs; spans point into the HTML bytes.
    Html,
    /// Word `.docx`: spans are paragraph indices.
    Docx,
    /// One record of a JSON Lines file.
    Jsonl,
    /// One record of a CSV file.
    Csv,
}

impl SourceFormat {
    /// Whether a paragraph's span holds its text as written (plain text,
    /// Markdown), so it can be shown, cut or rewritten; the spans of the
    /// other formats hold markup, escapes or paragraph numbers.
    pub fn spans_hold_text(self) -> bool {
        matches!(self, SourceFormat::Text | SourceFormat::Markdown)
    }
}

/// A paragraph's place in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Offset of its first byte in the original file.
    pub start: u64,
    /// Offset just past its last byte in the original file.
    pub end: u64,
    /// 1-based line number of `start`.
    pub line: u64,
    /// Number of normalized words compared.
    pub words: u64,
}

/// A paragraph, by document and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Loc {
    /// Index into `documents`.
    pub doc: u32,
    /// Index into that document's `paragraphs`.
    pub para: u32,
}

/// How two paragraphs match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Identical after normalization.
    Exact,
    /// Shingle resemblance at or above the near threshold.
    Near,
    /// The shorter lies, at or above the contained threshold, in the longer.
    Contained,
}

impl Kind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Exact => "exact",
            Kind::Near => "near",
            Kind::Contained => "contained",
        }
    }
}

/// Two matching paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// The earlier occurrence.
    pub a: Loc,
    /// The later occurrence.
    pub b: Loc,
    /// How they match.
    pub kind: Kind,
    /// Shingle resemblance (Jaccard), exact, rounded to 4 decimals.
    pub similarity: f64,
    /// Share of the shorter paragraph's shingles found in the longer one.
    pub containment: f64,
}

/// An original paragraph and its copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// The loosest kind among the copies (`exact` < `near` < `contained`).
    pub kind: Kind,
    /// Whether the cluster spans `boilerplate_documents` documents or more.
    pub boilerplate: bool,
    /// How many documents the cluster's paragraphs lie in.
    pub documents: u32,
    /// The first occurrence in input order.
    pub original: Loc,
    /// Later paragraphs, each scored against the original.
    pub copies: Vec<ClusterCopy>,
}

/// A copy within a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterCopy {
    /// Index into `documents`.
    pub doc: u32,
    /// Index into that document's `paragraphs`.
    pub para: u32,
    /// How it matches the original.
    pub kind: Kind,
    /// Shingle resemblance to the original.
    pub similarity: f64,
    /// Containment between it and the original.
    pub containment: f64,
}

/// One side of a passage: a byte range of a document's original bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageSide {
    /// Index into `documents`.
    pub doc: u32,
    /// Offset of the passage's first byte in the document's original bytes
    /// (the start of a word).
    pub start: u64,
    /// Offset just past the passage's last byte (the end of a word).
    pub end: u64,
    /// 1-based line of `start`.
    pub line: u64,
    /// 1-based line of the passage's last byte.
    pub end_line: u64,
}

/// How a passage matched, from closest to loosest. New kinds may appear
/// in a minor release (`summary` did): match it with a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PassageKind {
    /// The same words in the same order (after normalization): one
    /// unbroken run.
    Verbatim,
    /// Runs of the same words with small gaps bridged: changed, inserted
    /// or deleted words.
    Edited,
    /// Sentences similar in their words (stems) but not in their order:
    /// rewording, translation round trips, summaries.
    Reworded,
    /// A summary: pieces of a compact text each matched somewhere in a
    /// much longer stretch of the other, not always in the same order, which runs from the first text
    /// used to the last (or one stretch of the compact text matched to
    /// two places close together in the other).
    Summary,
}

/// A passage of text shared by two documents (or two places in one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// The earlier side (lower document index, or earlier in the same
    /// document).
    pub a: PassageSide,
    /// The later side.
    pub b: PassageSide,
    /// Words in the later side (two characters of a script written
    /// without spaces, such as Han or hiragana, count as one word).
    pub words: u64,
    /// Share of both sides' words that are aligned with the other side
    /// (Dice), rounded to 4 decimals.
    pub similarity: f64,
    /// How it matched.
    pub kind: PassageKind,
}

/// A document paragraph ignored because it matches a template paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ignored {
    /// Index into `documents`.
    pub doc: u32,
    /// Index into that document's `paragraphs`.
    pub para: u32,
    /// Offset of the paragraph's first byte in the original file.
    pub start: u64,
    /// Offset just past its last byte.
    pub end: u64,
    /// 1-based line of `start`.
    pub line: u64,
    /// Index into `templates`.
    pub template: u32,
    /// Index into that template's `paragraphs`.
    pub template_para: u32,
    /// How it matches the template paragraph: `exact`, `near` (resemblance
    /// at or above the near threshold) or `contained` (its shingles lie,
    /// at or above the contained threshold, in the template paragraph).
    pub kind: Kind,
    /// Shingle resemblance to the template paragraph.
    pub similarity: f64,
    /// Share of its shingles found in the template paragraph.
    pub containment: f64,
}

/// How much two documents share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overlap {
    /// The earlier document.
    pub a: u32,
    /// The later document.
    pub b: u32,
    /// Share of `a`'s paragraph bytes that match something in `b`.
    pub a_share: f64,
    /// Share of `b`'s paragraph bytes that match something in `a`.
    pub b_share: f64,
}

/// Totals over the whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Summary {
    /// Number of documents.
    pub documents: u64,
    /// Number of paragraphs.
    pub paragraphs: u64,
    /// Paragraphs long enough to be compared.
    pub compared_paragraphs: u64,
    /// Copies: paragraphs that repeat an earlier one (cluster copies).
    pub duplicate_paragraphs: u64,
    /// Bytes of all paragraphs.
    pub paragraph_bytes: u64,
    /// Bytes of the copies.
    pub duplicated_bytes: u64,
    /// Number of clusters.
    pub clusters: u64,
    /// Number of clusters flagged as boilerplate.
    pub boilerplate_clusters: u64,
    /// Number of pairs.
    pub pairs: u64,
    /// Number of passages.
    #[serde(default)]
    pub passages: u64,
    /// Bytes of the documents covered by the later side of a paragraph
    /// match or a passage (each byte counted once).
    #[serde(default)]
    pub reused_bytes: u64,
    /// Paragraphs ignored because they match a template.
    #[serde(default)]
    pub ignored_paragraphs: u64,
    /// Bytes of the ignored paragraphs.
    #[serde(default)]
    pub ignored_bytes: u64,
}

/// Rounds a score to 4 decimals so reports read well and compare exactly.
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
