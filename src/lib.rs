//! paradup finds paragraphs that repeat, within a file and across files:
//! exact copies, lightly edited copies, paragraphs glued into longer ones,
//! and boilerplate.
//!
//! The library is pure Rust and does no I/O of its own. The `paradup`
//! command-line tool and the browser app (this crate compiled to
//! WebAssembly) are thin front ends over the same [`Analyzer`], so they give
//! identical reports for identical input.
//!
//! ```
//! use paradup::{analyze, Kind, Options};
//! let report = analyze(
//!     &[
//!         ("a.txt", "(LONDON) — The council met on Tuesday to vote on the plan.\n"),
//!         ("b.txt", "The council met on Tuesday to vote on the plan.\n"),
//!     ],
//!     Options::default(),
//! )
//! .unwrap();
//! assert_eq!(report.pairs.len(), 1);
//! assert_eq!(report.pairs[0].kind, Kind::Exact);
//! // Spans always point into the original bytes.
//! assert_eq!(report.documents[1].paragraphs[0].start, 0);
//! ```
//!
//! # The API
//!
//! Everything public is listed at the end of this file, where each item is
//! re-exported from the private module that implements it; the modules
//! themselves can be reorganised without breaking library users
//! (`docs/api.md` states the promise).
//!
//! - **Analysis**: [`analyze()`] for a corpus in memory, [`Analyzer`] to add
//!   files one at a time (with [`Progress`] while it finishes), tuned by
//!   [`Options`] and [`Segmentation`], spilling to disk past a budget with
//!   [`Spill`]. Failures are an [`Error`] with an [`ErrorKind`].
//! - **The report**: [`Report`] and the types it is made of. It is plain
//!   data (serde); `schema/report.schema.json` describes its JSON.
//! - **Decoding**: [`decode()`] and [`decode_fragment`] read bytes the way the
//!   analysis does, so a span of the report can be shown as text.
//! - **Working from a report**, each a small module of its own because its
//!   names only make sense together: [`render`] (text and CSV), [`diff`]
//!   (word differences between two paragraphs), [`dedup`] (removing copies,
//!   the removal log, restoring, output names) and [`escape`] (text made
//!   safe for a terminal).
#![warn(missing_docs)]
// A public signature that names a type nobody outside can name is a hole
// in the list below: either the type is re-exported or the item is not public.
#![warn(unnameable_types)]

// The implementation: private, so it can be reorganised freely.
mod analyze;
mod decode;
mod error;
mod normalize;
mod options;
mod parallel;
mod passages;
mod read;
#[cfg(not(target_arch = "wasm32"))]
mod refindex;
mod report;
mod segment;
mod shingle;
mod spill;
mod stats;

// Public modules: each groups items that are used together and whose names
// (`render::text`, `diff::Span`, `dedup::Log`, `escape::terminal`) would be
// ambiguous at the crate root. Every `pub` item in them is public API.
pub mod dedup;
pub mod diff;
pub mod escape;
pub mod render;

/// The WebAssembly boundary (`wasm32` only): the functions and the session
/// type the browser's worker calls through `wasm-bindgen`. It is a public
/// module rather than a set of re-exports because its names are those of
/// the JavaScript API, and the wasm tests (`tests/wasm_boundary.rs`) call
/// exactly what JavaScript calls.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(test)]
mod tests;

// ---- The public API -------------------------------------------------------

// Analysis.
pub use analyze::{analyze, Analyzer, CandidateScore, Explorer, Preview, Progress, Stage};
// Many files in one call, with the reading's progress.
pub use analyze::{FileEvent, FileSource, Reading};
// What adding a file produced, and a document's paragraph texts.
pub use analyze::{
    document_bytes, paragraph_text, paragraph_texts, AddedFile, DocumentBytes, ExtractedTexts,
    KeepTexts, Origin,
};
pub use error::{Error, ErrorKind};
pub use options::Options;
pub use segment::Segmentation;
pub use spill::Spill;

// The report.
pub use report::{
    Cluster, ClusterCopy, DocumentReport, Ignored, Kind, Loc, Overlap, Pair, Paragraph, Passage,
    PassageKind, PassageSide, Report, Role, Skipped, SourceFormat, Summary, Tool,
};
// What a saved reference index saved (the CLI's `--against FILE.pdx`).
#[cfg(not(target_arch = "wasm32"))]
pub use report::ReferenceIndexUse;
// Per-document figures computed from a report (not part of its JSON).
pub use stats::DocumentStats;

// Decoding, as the analysis decodes.
pub use decode::{decode, decode_fragment, Charset, Decoded, Encoding, OffsetMap};

/// File extensions read from folders by default, by the CLI and the page
/// alike (lower case, without the dot). Files named explicitly are always
/// read, whatever their extension.
pub const FOLDER_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx", "jsonl", "ndjson", "csv",
    "zip",
];

/// Not part of the API: no stability promise, hidden from the docs.
///
/// The crate's own targets that are built outside it reach a few internals
/// here: the benchmark example times the stages of the analysis one by one
/// and scores paragraph pairs as the analyzer does, and the fuzz targets
/// (`fuzz/`) drive the readers and segmentation directly.
#[doc(hidden)]
pub mod __internals {
    pub use crate::normalize::Normalizer;
    // `Item` holds these; naming them keeps `unnameable_types` quiet.
    pub use crate::read::{read, Extracted, ExtractedParagraph, Item};
    pub use crate::segment::{segment, Segment};
    pub use crate::shingle::{intersection, shingles, winnow};
    // The CLI's saved reference index (`paradup index`, `--against FILE.pdx`).
    #[cfg(not(target_arch = "wasm32"))]
    pub use crate::analyze::{lookup_keys, set_common_grams, LookupKeys};
    #[cfg(not(target_arch = "wasm32"))]
    pub use crate::refindex::{
        is_index, Reader, Selection, Writer, LOOKUP_RULES, MAGIC, MAX_FILES, VERSION,
    };
}
