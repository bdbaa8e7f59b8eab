//! Writing documents with later copies removed.
//!
//! Removal works on the original bytes: a removed paragraph takes its whole
//! lines with it (and, when it stood between blank lines, the blank lines
//! after it), so what is kept is byte-identical to the input and the layout
//! stays tidy. [`reconstruct`] puts the removed bytes back, which a property
//! test uses to show nothing is lost.

use std::borrow::Cow;

use crate::decode::Encoding;
use crate::report::{Copy as ClusterCopy, DocumentReport, Kind, Loc, Report};
use serde::{Deserialize, Serialize};

/// One removed paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    /// Start of the removed bytes in the original file.
    pub start: u64,
    /// End of the removed bytes in the original file.
    pub end: u64,
    /// Index of the removed paragraph in its document.
    pub para: u32,
    /// The original it copies.
    pub original: Loc,
    /// How it matches the original.
    pub kind: Kind,
    /// Shingle resemblance to the original.
    pub similarity: f64,
}

/// A copy to remove from a document, with the original it copies.
pub type DocumentCopy<'r> = (Loc, &'r ClusterCopy);

/// The cluster copies whose kind is in `kinds`, grouped by document (indexed
/// like `report.documents`), each with the original it copies: one pass over
/// the clusters for all documents. Pass each document's list to
/// [`document`].
pub fn copies_by_document<'r>(report: &'r Report, kinds: &[Kind]) -> Vec<Vec<DocumentCopy<'r>>> {
    let mut by_doc = vec![Vec::new(); report.documents.len()];
    for c in &report.clusters {
        for copy in c.copies.iter().filter(|copy| kinds.contains(&copy.kind)) {
            by_doc[copy.doc as usize].push((c.original, copy));
        }
    }
    by_doc
}

/// The removals for one document, given its copies (see
/// [`copies_by_document`]), in file order. Only plain text and Markdown are
/// rewritten; other formats (HTML, records, Word) are left whole.
fn plan(document: &DocumentReport, bytes: &[u8], copies: &[DocumentCopy<'_>]) -> Vec<Removal> {
    // Only text can be cut without breaking the file's syntax.
    if !document.format.spans_hold_text() {
        return Vec::new();
    }
    // UTF-16 line breaks are two bytes wide; there only the span is removed.
    let widen = !matches!(document.encoding, Encoding::Utf16Le | Encoding::Utf16Be);
    let mut out: Vec<Removal> = copies
        .iter()
        .map(|&(original, copy)| {
            let p = &document.paragraphs[copy.para as usize];
            let (start, end) = if widen {
                line_range(bytes, p.start as usize, p.end as usize)
            } else {
                (p.start as usize, p.end as usize)
            };
            Removal {
                start: start as u64,
                end: end as u64,
                para: copy.para,
                original,
                kind: copy.kind,
                similarity: copy.similarity,
            }
        })
        .collect();
    out.sort_by_key(|r| r.start);
    out
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Widens a paragraph's span to its whole lines: back to the line start,
/// forward through the line break, and on through following blank lines
/// when the paragraph starts a block (file start or a blank line before it).
fn line_range(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
    let mut s = start;
    while s > 0 && is_blank(bytes[s - 1]) {
        s -= 1;
    }
    if s > 0 && !matches!(bytes[s - 1], b'\n' | b'\r') {
        return (start, end);
    }
    let mut e = end;
    while e < bytes.len() && is_blank(bytes[e]) {
        e += 1;
    }
    e = skip_break(bytes, e);
    if starts_block(bytes, s) {
        loop {
            let mut f = e;
            while f < bytes.len() && is_blank(bytes[f]) {
                f += 1;
            }
            let g = skip_break(bytes, f);
            if g == f {
                break;
            }
            e = g;
        }
    }
    (s, e)
}

fn skip_break(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => i + 2,
        Some(b'\r' | b'\n') => i + 1,
        _ => i,
    }
}

/// Whether the line starting at `s` follows a blank line or the file start.
fn starts_block(bytes: &[u8], s: usize) -> bool {
    if s == 0 {
        return true;
    }
    // Step over the previous line break, then look for another one with
    // only blanks between.
    let mut i = s - 1;
    if bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r' {
        i -= 1;
    }
    while i > 0 && is_blank(bytes[i - 1]) {
        i -= 1;
    }
    i == 0 || matches!(bytes[i - 1], b'\n' | b'\r')
}

/// The bytes kept after removing `removals` (sorted, non-overlapping).
pub fn apply(bytes: &[u8], removals: &[Removal]) -> Vec<u8> {
    let mut kept = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    for r in removals {
        kept.extend_from_slice(&bytes[pos..r.start as usize]);
        pos = r.end as usize;
    }
    kept.extend_from_slice(&bytes[pos..]);
    kept
}

/// Puts removed bytes back: `pieces` are `(original offset, bytes)` in
/// order, as a removal log records them.
pub fn reconstruct(kept: &[u8], pieces: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(kept.len() + pieces.iter().map(|p| p.1.len()).sum::<usize>());
    let mut k = 0;
    for (offset, removed) in pieces {
        let take = *offset as usize - out.len();
        out.extend_from_slice(&kept[k..k + take]);
        k += take;
        out.extend_from_slice(removed);
    }
    out.extend_from_slice(&kept[k..]);
    out
}

/// A removal as the log records it, with enough to undo it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedRemoval {
    /// Start of the removed bytes in the original file.
    pub start: u64,
    /// End of the removed bytes in the original file.
    pub end: u64,
    /// 1-based line of the removed paragraph.
    pub line: u64,
    /// How it matches its original.
    pub kind: Kind,
    /// Shingle resemblance to the original.
    pub similarity: f64,
    /// Name of the document holding the original.
    pub original_document: String,
    /// 1-based line of the original.
    pub original_line: u64,
    /// The removed bytes `start..end`, decoded: the paragraph and the line
    /// breaks and blank lines removed with it.
    pub text: String,
}

/// What was removed from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedDocument {
    /// The document's name.
    pub name: String,
    /// Bytes before removal.
    pub bytes_before: u64,
    /// Bytes after removal.
    pub bytes_after: u64,
    /// The removals, in file order.
    pub removed: Vec<LoggedRemoval>,
}

/// The removal log written beside deduplicated files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Log {
    /// Which kinds of copy were removed.
    pub kinds: Vec<Kind>,
    /// One entry per document, in input order.
    pub documents: Vec<LoggedDocument>,
}

/// Deduplicated documents and the log of what was removed.
#[derive(Debug, Clone)]
pub struct Dedup {
    /// The kept bytes of every document, in input order.
    pub outputs: Vec<Vec<u8>>,
    /// What was removed, and which original each removal matched.
    pub log: Log,
}

/// Removes `copies` (its entry of [`copies_by_document`]) from document
/// `doc` of `report`, whose original bytes are `bytes` (the bytes its spans
/// point into). Returns the kept bytes — borrowed when nothing is removed,
/// as for formats other than plain text and Markdown — and the log entry.
///
/// [`run`] calls it for every document; a caller holding one document's
/// bytes at a time (the CLI) calls it document by document and gets the
/// same result.
pub fn document<'b>(
    report: &Report,
    doc: usize,
    bytes: &'b [u8],
    copies: &[DocumentCopy<'_>],
) -> (Cow<'b, [u8]>, LoggedDocument) {
    let document = &report.documents[doc];
    let removals = plan(document, bytes, copies);
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
            LoggedRemoval {
                start: r.start,
                end: r.end,
                line: p.line,
                kind: r.kind,
                similarity: r.similarity,
                original_document: o.name.clone(),
                original_line: o.paragraphs[r.original.para as usize].line,
                text: crate::decode::decode_fragment(
                    &bytes[r.start as usize..r.end as usize],
                    document.encoding,
                ),
            }
        })
        .collect();
    let logged = LoggedDocument {
        name: document.name.clone(),
        bytes_before: bytes.len() as u64,
        bytes_after: kept.len() as u64,
        removed,
    };
    (kept, logged)
}

/// Removes every later copy whose kind is in `kinds` from every document.
/// `sources` holds each document's original bytes, in report order.
pub fn run(report: &Report, sources: &[&[u8]], kinds: &[Kind]) -> Dedup {
    let mut outputs = Vec::with_capacity(sources.len());
    let mut documents = Vec::with_capacity(sources.len());
    let copies = copies_by_document(report, kinds);
    for (doc, (bytes, copies)) in sources.iter().zip(&copies).enumerate() {
        let (kept, logged) = document(report, doc, bytes, copies);
        outputs.push(kept.into_owned());
        documents.push(logged);
    }
    Dedup {
        outputs,
        log: Log {
            kinds: kinds.to_vec(),
            documents,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges() {
        let t = b"A para here\n\nB copy here\n\nC end\n";
        let b = 13;
        assert_eq!(line_range(t, b, b + 11), (13, 26));
        let t = b"one\ntwo copy\nthree\n";
        assert_eq!(line_range(t, 4, 12), (4, 13));
        let t = b"x\r\n  indented copy  \r\ny";
        assert_eq!(line_range(t, 5, 18), (3, 22));
    }
}
