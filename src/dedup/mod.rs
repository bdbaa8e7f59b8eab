//! Writing documents with later copies removed.
//!
//! Removal works on the original bytes: a removed paragraph takes its whole
//! lines with it (and, when it stood between blank lines, the blank lines
//! after it), so what is kept is byte-identical to the input and the layout
//! stays tidy. The log records each removal's bytes (as text, and as
//! base64 where the text does not give the bytes back) and [`restore()`]
//! puts them back, byte for byte, whatever the encoding.
//!
//! Which copy of a duplicated paragraph stays is chosen by a [`Keep`]:
//! preferred documents first, then the policy (`first`, `longest`,
//! `newest`), then the earliest; the log names the kept copy and the rule
//! that chose it for every removal.
//!
//! The names of the output files come from one rule ([`output_relative`],
//! made unique by [`OutputNames`]) shared by the CLI's `dedup` and the
//! page's zip ([`zip()`]), so both write the same files.

// Which copy is kept (`keep`), which bytes a removal takes (`plan`), the
// removal log (`log`), putting the bytes back (`restore`), output names
// (`names`) and the page's zip (`zip`); this file removes copies with them
// and re-exports the public items, so their paths stay `paradup::dedup::…`.
mod keep;
mod log;
mod names;
mod plan;
mod restore;
mod zip;

use std::borrow::Cow;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use crate::report::{ClusterCopy, Kind, Loc, Report};

pub use self::keep::{removals_by_document, Keep, Policy, Remove, Rule};
pub use self::log::{KeptCopy, Log, LoggedDocument, LoggedKeep, LoggedRemoval};
pub use self::names::{output_relative, safe_relative, OutputNames};
pub use self::restore::{reconstruct, restore};
pub use self::zip::{zip, zip_keeping, ZipInput};

use self::log::{encode_text, hash_hex};
use self::plan::{apply, plan};

/// The name of the removal log in a dedup output folder (or zip); no
/// output file takes it.
pub const LOG_NAME: &str = "paradup-dedup-log.json";

/// A copy to remove from a document, with the original it copies.
pub type DocumentCopy<'r> = (Loc, &'r ClusterCopy);

/// The cluster copies whose kind is in `kinds`, grouped by document (indexed
/// like `report.documents`), each with the original it copies: one pass over
/// the clusters for all documents. What dedup removes when it keeps every
/// first occurrence; [`removals_by_document`] gives what it removes under
/// any [`Keep`].
pub fn copies_by_document<'r>(report: &'r Report, kinds: &[Kind]) -> Vec<Vec<DocumentCopy<'r>>> {
    let mut by_doc = vec![Vec::new(); report.documents.len()];
    for c in &report.clusters {
        for copy in c.copies.iter().filter(|copy| kinds.contains(&copy.kind)) {
            by_doc[copy.doc as usize].push((c.original, copy));
        }
    }
    by_doc
}

/// Deduplicated documents and the log of what was removed.
#[derive(Debug, Clone)]
pub struct Dedup {
    /// The kept bytes of every document, in input order.
    pub outputs: Vec<Vec<u8>>,
    /// What was removed, and which original each removal matched.
    pub log: Log,
}

/// Removes `removals` (its entry of [`removals_by_document`]) from
/// document `doc` of `report`, whose original bytes are `bytes` (the bytes
/// its spans point into). Returns the kept bytes — borrowed when nothing is removed,
/// as for formats other than plain text and Markdown — and the log entry.
///
/// [`run`] calls it for every document; a caller holding one document's
/// bytes at a time (the CLI) calls it document by document and gets the
/// same result.
pub fn document<'b>(
    report: &Report,
    doc: usize,
    bytes: &'b [u8],
    removals: &[Remove],
) -> (Cow<'b, [u8]>, LoggedDocument) {
    let document = &report.documents[doc];
    let removals = plan(document, bytes, removals);
    let kept = if removals.is_empty() {
        Cow::Borrowed(bytes)
    } else {
        Cow::Owned(apply(bytes, &removals))
    };
    let removed = removals
        .iter()
        .map(|r| {
            let p = &document.paragraphs[r.para as usize];
            let o = &report.documents[r.original.doc as usize];
            let k = &report.documents[r.kept.doc as usize];
            let removed = &bytes[r.start as usize..r.end as usize];
            let text = crate::decode::decode_fragment(removed, document.encoding);
            // The text alone restores the bytes only if it encodes back to them.
            let bytes_base64 = (encode_text(&text, document.encoding).as_deref() != Some(removed))
                .then(|| BASE64.encode(removed));
            LoggedRemoval {
                start: r.start,
                end: r.end,
                line: p.line,
                kind: r.kind,
                similarity: r.similarity,
                original_document: o.name.clone(),
                original_line: o.paragraphs[r.original.para as usize].line,
                kept: Some(KeptCopy {
                    document: k.name.clone(),
                    line: k.paragraphs[r.kept.para as usize].line,
                    rule: r.rule,
                }),
                text,
                bytes_base64,
            }
        })
        .collect();
    let logged = LoggedDocument {
        name: document.name.clone(),
        encoding: document.encoding,
        output: None,
        output_base64: None,
        not_written: None,
        bytes_before: bytes.len() as u64,
        bytes_after: kept.len() as u64,
        xxh3_before: hash_hex(bytes),
        removed,
    };
    (kept, logged)
}

/// Removes every later copy whose kind is in `kinds` from every document,
/// keeping first occurrences. `sources` holds each document's original
/// bytes, in report order.
pub fn run(report: &Report, sources: &[&[u8]], kinds: &[Kind]) -> Dedup {
    run_keeping(report, sources, kinds, &Keep::default())
}

/// Like [`run`], keeping in each group of copies the one `keep` chooses.
pub fn run_keeping(report: &Report, sources: &[&[u8]], kinds: &[Kind], keep: &Keep) -> Dedup {
    let mut outputs = Vec::with_capacity(sources.len());
    let mut documents = Vec::with_capacity(sources.len());
    let removals = removals_by_document(report, kinds, keep);
    for (doc, (bytes, removals)) in sources.iter().zip(&removals).enumerate() {
        let (kept, logged) = document(report, doc, bytes, removals);
        outputs.push(kept.into_owned());
        documents.push(logged);
    }
    Dedup {
        outputs,
        log: Log {
            kinds: kinds.to_vec(),
            keep: Some(logged_keep(report, keep)),
            documents,
        },
    }
}

/// How `keep` chose, as the log records it.
pub fn logged_keep(report: &Report, keep: &Keep) -> LoggedKeep {
    LoggedKeep {
        policy: keep.policy,
        prefer: keep.prefer.clone(),
        without_time: keep.without_time(report),
    }
}
