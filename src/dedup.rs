//! Writing documents with later copies removed.
//!
//! Removal works on the original bytes: a removed paragraph takes its whole
//! lines with it (and, when it stood between blank lines, the blank lines
//! after it), so what is kept is byte-identical to the input and the layout
//! stays tidy. The log records each removal's bytes (as text, and as
//! base64 where the text does not give the bytes back) and [`restore`]
//! puts them back, byte for byte, whatever the encoding.
//!
//! The names of the output files come from one rule ([`output_relative`],
//! made unique by [`OutputNames`]) shared by the CLI's `dedup` and the
//! page's zip ([`zip()`]), so both write the same files.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Write;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use xxhash_rust::xxh3::xxh3_64;

use crate::decode::Encoding;
use crate::report::{ClusterCopy, DocumentReport, Kind, Loc, Report, SourceFormat};
use serde::{Deserialize, Serialize};

/// The name of the removal log in a dedup output folder (or zip); no
/// output file takes it.
pub const LOG_NAME: &str = "paradup-dedup-log.json";

/// One removed paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Removal {
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
    /// The removed bytes in base64, present only when encoding `text` in
    /// the document's encoding does not give them back (invalid bytes,
    /// mixed encodings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes_base64: Option<String>,
}

impl LoggedRemoval {
    /// The removed bytes: `bytes_base64` when present, else `text` encoded
    /// in `encoding` (the document's).
    pub fn removed_bytes(&self, encoding: Encoding) -> Result<Vec<u8>, String> {
        match &self.bytes_base64 {
            Some(b) => BASE64.decode(b).map_err(|e| {
                format!(
                    "bytes_base64 of the removal at {} is not base64: {e}",
                    self.start
                )
            }),
            None => encode_text(&self.text, encoding).ok_or_else(|| {
                format!(
                    "the text removed at {} cannot be written in {}",
                    self.start,
                    encoding.label()
                )
            }),
        }
    }
}

fn utf8() -> Encoding {
    Encoding::Utf8
}

/// `text` in `encoding`, as bytes; `None` when it cannot be written in it.
/// The inverse of [`crate::decode_fragment`] wherever the original bytes
/// were well formed.
pub(crate) fn encode_text(text: &str, encoding: Encoding) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Utf8 | Encoding::Utf8WithWindows1252 => Some(text.as_bytes().to_vec()),
        Encoding::Utf16Le => Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        Encoding::Utf16Be => Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        Encoding::Windows1252 => encode_with(encoding_rs::WINDOWS_1252, text),
        Encoding::Declared(c) => encode_with(c.0, text),
    }
}

fn encode_with(charset: &'static encoding_rs::Encoding, text: &str) -> Option<Vec<u8>> {
    let (bytes, used, unmappable) = charset.encode(text);
    // encoding_rs writes UTF-16 charsets as UTF-8; such output is not theirs.
    (!unmappable && used == charset).then(|| bytes.into_owned())
}

/// What was removed from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedDocument {
    /// The document's name.
    pub name: String,
    /// The document's encoding, which its removals' `text` is written back in.
    #[serde(default = "utf8")]
    pub encoding: Encoding,
    /// Where its kept bytes were written, relative to the log's folder
    /// (`/`-separated); absent for documents not written on their own
    /// (records after a file's first, records inside archives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// `output` in base64, present only when the path is not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_base64: Option<String>,
    /// Why `output` was not written, when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_written: Option<String>,
    /// Bytes before removal.
    pub bytes_before: u64,
    /// Bytes after removal.
    pub bytes_after: u64,
    /// The xxh3 (64-bit) hash of the bytes before removal, in hex, so a
    /// restore can prove it gave them back.
    #[serde(default)]
    pub xxh3_before: String,
    /// The removals, in file order.
    pub removed: Vec<LoggedRemoval>,
}

impl LoggedDocument {
    /// Sets `output` (and `output_base64` when `rel` is not UTF-8).
    pub fn set_output(&mut self, rel: &[u8]) {
        self.output = Some(String::from_utf8_lossy(rel).into_owned());
        self.output_base64 = std::str::from_utf8(rel)
            .is_err()
            .then(|| BASE64.encode(rel));
    }

    /// The bytes of `output`'s path, if it has one.
    pub fn output_bytes(&self) -> Result<Option<Vec<u8>>, String> {
        match (&self.output_base64, &self.output) {
            (Some(b), _) => BASE64
                .decode(b)
                .map(Some)
                .map_err(|e| format!("output_base64 of {} is not base64: {e}", self.name)),
            (None, Some(o)) => Ok(Some(o.as_bytes().to_vec())),
            (None, None) => Ok(None),
        }
    }
}

fn hash_hex(bytes: &[u8]) -> String {
    format!("{:016x}", xxh3_64(bytes))
}

/// The original bytes of a document, rebuilt from its kept bytes and its
/// log entry; an error (never a panic) if they do not fit together.
pub fn restore(kept: &[u8], doc: &LoggedDocument) -> Result<Vec<u8>, String> {
    if kept.len() as u64 != doc.bytes_after {
        return Err(format!(
            "the deduplicated {} is {} bytes, the log says {}: it changed since dedup wrote it",
            doc.name,
            kept.len(),
            doc.bytes_after
        ));
    }
    let bad = |what: &str| format!("the log entry of {} is inconsistent: {what}", doc.name);
    let mut out = Vec::with_capacity(usize::try_from(doc.bytes_before).unwrap_or(0).min(1 << 30));
    let mut k = 0usize;
    for r in &doc.removed {
        let piece = r.removed_bytes(doc.encoding)?;
        if Some(piece.len() as u64) != r.end.checked_sub(r.start) {
            return Err(bad(&format!(
                "the removal at {} is not {} bytes long",
                r.start,
                piece.len()
            )));
        }
        let take = usize::try_from(r.start)
            .ok()
            .and_then(|s| s.checked_sub(out.len()))
            .filter(|t| k + t <= kept.len())
            .ok_or_else(|| bad(&format!("the removal at {} is out of place", r.start)))?;
        out.extend_from_slice(&kept[k..k + take]);
        k += take;
        out.extend_from_slice(&piece);
    }
    out.extend_from_slice(&kept[k..]);
    if out.len() as u64 != doc.bytes_before {
        return Err(bad(&format!(
            "{} bytes rebuilt, {} expected",
            out.len(),
            doc.bytes_before
        )));
    }
    if !doc.xxh3_before.is_empty() && hash_hex(&out) != doc.xxh3_before {
        return Err(format!(
            "the bytes rebuilt for {} differ from the original (xxh3 mismatch): the deduplicated file changed since dedup wrote it",
            doc.name
        ));
    }
    Ok(out)
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

/// Keeps only the normal components of a `/`- or `\`-separated name, so
/// it can never climb out of the output folder (nor, in a zip, be read as
/// such by an unzipper that takes `\` for a separator); `unnamed` if
/// nothing is left.
pub fn safe_relative(name: &[u8]) -> Vec<u8> {
    let parts: Vec<&[u8]> = name
        .split(|&b| b == b'/' || b == b'\\')
        .filter(|c| !c.is_empty() && *c != b"." && *c != b"..")
        .collect();
    if parts.is_empty() {
        b"unnamed".to_vec()
    } else {
        parts.join(&b'/')
    }
}

/// Where dedup writes a document, relative to the output folder, before
/// [`OutputNames`] makes it unique; `None` if it is not written on its own.
///
/// `file_relative` is the file's relative name (the CLI's path under the
/// folder walked, the page's name), `file_name` its name in the report,
/// `ordinal` the document's position among the file's documents and
/// `is_entry` whether it is an archive entry. A file is written once, as
/// its first document; archive entries get a path of their own under the
/// archive's name. A file of records (JSON Lines, CSV) is written once,
/// unchanged, and records inside archives are not written one by one.
pub fn output_relative(
    file_relative: &[u8],
    file_name: &str,
    document: &DocumentReport,
    ordinal: usize,
    is_entry: bool,
) -> Option<Vec<u8>> {
    let record = matches!(document.format, SourceFormat::Jsonl | SourceFormat::Csv);
    match (is_entry, ordinal) {
        (true, _) if record => None,
        (true, _) => {
            let name = &document.name;
            let inner = name.strip_prefix(file_name).unwrap_or(name);
            let mut rel = safe_relative(file_relative);
            rel.push(b'/');
            rel.extend(safe_relative(inner.as_bytes()));
            Some(rel)
        }
        (false, 0) => Some(safe_relative(file_relative)),
        (false, _) => None,
    }
}

/// The output names handed out so far. A name already taken, the log's
/// name, and a name that would need a file where a folder is (or the
/// reverse, as archive entries `x` and `x/y.txt` would) get `-2`, `-3`, …
/// before the extension of the component that clashes.
#[derive(Debug, Clone)]
pub struct OutputNames {
    files: HashSet<Vec<u8>>,
    folders: HashSet<Vec<u8>>,
}

impl Default for OutputNames {
    fn default() -> Self {
        OutputNames {
            files: HashSet::from([LOG_NAME.as_bytes().to_vec()]),
            folders: HashSet::new(),
        }
    }
}

impl OutputNames {
    /// No name taken but the log's.
    pub fn new() -> Self {
        Self::default()
    }

    /// A unique name for `rel` (a [`safe_relative`] name), now taken.
    pub fn claim(&mut self, rel: &[u8]) -> Vec<u8> {
        let parts: Vec<&[u8]> = rel.split(|&b| b == b'/').collect();
        let mut path: Vec<u8> = Vec::with_capacity(rel.len() + 4);
        for (k, part) in parts.iter().enumerate() {
            let last = k + 1 == parts.len();
            let base = path.len();
            for n in 1.. {
                path.truncate(base);
                if base > 0 {
                    path.push(b'/');
                }
                if n == 1 {
                    path.extend_from_slice(part);
                } else {
                    path.extend(numbered(part, n));
                }
                let clash = self.files.contains(&path) || (last && self.folders.contains(&path));
                if !clash {
                    break;
                }
            }
            if !last {
                self.folders.insert(path.clone());
            }
        }
        self.files.insert(path.clone());
        path
    }
}

/// `name` with `-n` before its extension.
fn numbered(name: &[u8], n: usize) -> Vec<u8> {
    let suffix = format!("-{n}");
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => [&name[..dot], suffix.as_bytes(), &name[dot..]].concat(),
        _ => [name, suffix.as_bytes()].concat(),
    }
}

/// One document to deduplicate into a zip ([`zip()`]), given in report order.
#[derive(Debug, Clone, Copy)]
pub struct ZipInput<'a> {
    /// Its file's relative name (see [`output_relative`]).
    pub file_relative: &'a str,
    /// Its file's name in the report.
    pub file_name: &'a str,
    /// Its position among its file's documents.
    pub ordinal: usize,
    /// Whether it is an archive entry.
    pub is_entry: bool,
    /// The bytes its spans point into.
    pub source: &'a [u8],
}

/// The page's dedup output: a zip holding exactly what `paradup dedup`
/// writes into its output folder (the same names, bytes and log).
pub fn zip<'a>(
    report: &Report,
    inputs: impl IntoIterator<Item = ZipInput<'a>>,
    kinds: &[Kind],
) -> Result<Vec<u8>, String> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        // Deflated (miniz_oxide, pure Rust, through flate2): text shrinks
        // several times over, and the page hands the user a smaller file.
        .compression_method(zip::CompressionMethod::Deflated)
        // A fixed date (1980-01-01): the zip does not depend on the clock.
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    let failed = |e: zip::result::ZipError| format!("cannot write the zip: {e}");
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let copies = copies_by_document(report, kinds);
    let mut names = OutputNames::new();
    let mut documents = Vec::with_capacity(report.documents.len());
    for (doc, input) in inputs.into_iter().enumerate() {
        let (Some(document), Some(copies)) = (report.documents.get(doc), copies.get(doc)) else {
            return Err(format!("no document {doc} in the report"));
        };
        let (kept, mut logged) = self::document(report, doc, input.source, copies);
        let rel = output_relative(
            input.file_relative.as_bytes(),
            input.file_name,
            document,
            input.ordinal,
            input.is_entry,
        );
        if let Some(rel) = rel {
            let name = names.claim(&rel);
            logged.set_output(&name);
            let name = String::from_utf8_lossy(&name);
            let large = kept.len() as u64 >= u32::MAX as u64;
            writer
                .start_file(name, options.large_file(large))
                .map_err(failed)?;
            writer
                .write_all(&kept)
                .map_err(|e| format!("cannot write the zip: {e}"))?;
        }
        documents.push(logged);
    }
    let log = Log {
        kinds: kinds.to_vec(),
        documents,
    };
    writer.start_file(LOG_NAME, options).map_err(failed)?;
    serde_json::to_writer_pretty(&mut writer, &log)
        .map_err(|e| format!("cannot write the removal log: {e}"))?;
    Ok(writer.finish().map_err(failed)?.into_inner())
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

    #[test]
    fn output_names_are_safe_unique_and_never_clash_with_a_folder() {
        assert_eq!(safe_relative(b"../../a/./b\\..\\c.txt"), b"a/b/c.txt");
        assert_eq!(safe_relative(b"/.."), b"unnamed");
        let mut names = OutputNames::new();
        let mut claim = |n: &str| String::from_utf8(names.claim(n.as_bytes())).unwrap();
        assert_eq!(claim(LOG_NAME), "paradup-dedup-log-2.json");
        assert_eq!(claim("a.txt"), "a.txt");
        assert_eq!(claim("a.txt"), "a-2.txt");
        assert_eq!(claim("z.zip/x"), "z.zip/x");
        assert_eq!(claim("z.zip/x/y.txt"), "z.zip/x-2/y.txt");
        assert_eq!(claim("z.zip/x-2"), "z.zip/x-2-2");
        assert_eq!(claim(".hidden"), ".hidden");
        assert_eq!(claim(".hidden"), ".hidden-2");
    }

    #[test]
    fn the_zip_is_deflated_and_holds_what_dedup_writes() {
        let a = "The council met on Tuesday to vote on the harbour plan at last.\n\nOnly the first file holds this paragraph about the old pier.\n";
        let b = "Only the second file opens with these words about the ferry.\n\nThe council met on Tuesday to vote on the harbour plan at last.\n";
        let report =
            crate::analyze(&[("a.txt", a), ("b.txt", b)], crate::Options::default()).unwrap();
        let kinds = [Kind::Exact, Kind::Near, Kind::Contained];
        let sources = [a.as_bytes(), b.as_bytes()];
        let expected = run(&report, &sources, &kinds);
        let inputs = ["a.txt", "b.txt"]
            .into_iter()
            .zip(sources)
            .map(|(name, source)| ZipInput {
                file_relative: name,
                file_name: name,
                ordinal: 0,
                is_entry: false,
                source,
            });
        let zipped = zip(&report, inputs, &kinds).unwrap();
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
        assert_eq!(archive.len(), 3);
        let mut entry = |name: &str| {
            let mut file = archive.by_name(name).unwrap();
            assert_eq!(
                file.compression(),
                ::zip::CompressionMethod::Deflated,
                "{name}"
            );
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut data).unwrap();
            data
        };
        assert_eq!(entry("a.txt"), expected.outputs[0]);
        let kept = entry("b.txt");
        assert_eq!(kept, expected.outputs[1]);
        assert!(!String::from_utf8_lossy(&kept).contains("council"));
        let log: Log = serde_json::from_slice(&entry(LOG_NAME)).unwrap();
        assert_eq!(log.documents.len(), 2);
        for (logged, wanted) in log.documents.iter().zip(&expected.log.documents) {
            assert_eq!(logged.removed, wanted.removed);
        }
        assert_eq!(log.documents[1].output.as_deref(), Some("b.txt"));
        assert_eq!(restore(&kept, &log.documents[1]).unwrap(), b.as_bytes());
    }

    #[test]
    fn restore_refuses_a_log_that_does_not_fit_without_panicking() {
        let doc = |start: u64, end: u64, text: &str| LoggedDocument {
            name: "d.txt".into(),
            encoding: Encoding::Utf8,
            output: Some("d.txt".into()),
            output_base64: None,
            not_written: None,
            bytes_before: 10,
            bytes_after: 5,
            xxh3_before: String::new(),
            removed: vec![LoggedRemoval {
                start,
                end,
                line: 1,
                kind: Kind::Exact,
                similarity: 1.0,
                original_document: "o.txt".into(),
                original_line: 1,
                text: text.into(),
                bytes_base64: None,
            }],
        };
        assert_eq!(
            restore(b"abcde", &doc(5, 10, "fghij")).unwrap(),
            b"abcdefghij"
        );
        for bad in [
            doc(9, 14, "fghij"),
            doc(5, 9, "fghij"),
            doc(u64::MAX - 1, 3, "fghij"),
        ] {
            assert!(restore(b"abcde", &bad).is_err(), "{bad:?}");
        }
        assert!(restore(b"abcdef", &doc(5, 10, "fghij")).is_err());
        let mut b64 = doc(5, 10, "fghij");
        b64.removed[0].bytes_base64 = Some("not base64!".into());
        assert!(restore(b"abcde", &b64).is_err());
    }
}
