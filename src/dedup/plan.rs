//! Which bytes a removal takes: the copies' spans widened to whole lines
//! (and the blank lines after a block), and the bytes kept without them.

use serde::{Deserialize, Serialize};

use crate::decode::Encoding;
use crate::report::{DocumentReport, Kind, Loc};

use super::keep::{Remove, Rule};

/// One removed paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Removal {
    /// Start of the removed bytes in the original file.
    pub start: u64,
    /// End of the removed bytes in the original file.
    pub end: u64,
    /// Index of the removed paragraph in its document.
    pub para: u32,
    /// The paragraph it is compared with (see [`Remove::partner`]).
    pub original: Loc,
    /// How it matches `original`.
    pub kind: Kind,
    /// Shingle resemblance to `original`.
    pub similarity: f64,
    /// The copy kept in its stead.
    pub kept: Loc,
    /// The rule that chose `kept`.
    pub rule: Rule,
}

/// The removals for one document, given its paragraphs to remove (see
/// [`removals_by_document`](super::removals_by_document)), in file order. Only
/// plain text and Markdown are rewritten; other formats (HTML, records,
/// Word) are left whole.
pub(super) fn plan(document: &DocumentReport, bytes: &[u8], removals: &[Remove]) -> Vec<Removal> {
    // Only text can be cut without breaking the file's syntax.
    if !document.format.spans_hold_text() {
        return Vec::new();
    }
    // UTF-16 line breaks are two bytes wide; there only the span is removed.
    let widen = !matches!(document.encoding, Encoding::Utf16Le | Encoding::Utf16Be);
    let mut out: Vec<Removal> = removals
        .iter()
        .map(|r| {
            let p = &document.paragraphs[r.para as usize];
            let (start, end) = if widen {
                line_range(bytes, p.start as usize, p.end as usize)
            } else {
                (p.start as usize, p.end as usize)
            };
            Removal {
                start: start as u64,
                end: end as u64,
                para: r.para,
                original: r.partner,
                kind: r.kind,
                similarity: r.similarity,
                kept: r.kept,
                rule: r.rule,
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
pub(crate) fn apply(bytes: &[u8], removals: &[Removal]) -> Vec<u8> {
    let mut kept = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    for r in removals {
        kept.extend_from_slice(&bytes[pos..r.start as usize]);
        pos = r.end as usize;
    }
    kept.extend_from_slice(&bytes[pos..]);
    kept
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
