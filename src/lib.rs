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
#![warn(missing_docs)]

pub mod analyze;
pub mod decode;
pub mod dedup;
pub mod diff;
pub mod error;
pub mod escape;
pub mod normalize;
pub mod options;
pub mod read;
pub mod render;
pub mod report;
pub mod segment;
pub mod shingle;
pub mod spill;
pub mod stats;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analyze::{analyze, Analyzer, Progress};

/// File extensions read from folders by default, by the CLI and the page
/// alike (lower case, without the dot). Files named explicitly are always
/// read, whatever their extension.
pub const FOLDER_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx", "jsonl", "ndjson", "csv",
    "zip",
];
pub use decode::{decode, decode_fragment, Encoding};
pub use error::{Error, ErrorKind};
pub use options::Options;
pub use read::{Skipped, SourceFormat};
pub use report::{
    Cluster, ClusterCopy, DocumentReport, Kind, Loc, Overlap, Pair, Paragraph, Report, Summary,
};
pub use segment::Segmentation;
pub use spill::Spill;
