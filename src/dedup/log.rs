//! The removal log: what was removed from each document, with the bytes
//! (as text in the document's encoding, or base64) that undo it.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::decode::Encoding;
use crate::report::Kind;

use super::keep::{Policy, Rule};

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
    /// Name of the document holding the paragraph `kind` and `similarity`
    /// compare it with: the cluster's original (its first occurrence) or,
    /// when that is the paragraph removed, the kept copy.
    pub original_document: String,
    /// 1-based line of that paragraph.
    pub original_line: u64,
    /// The copy kept in its stead, and the rule that chose it; absent in
    /// logs written before dedup could choose (they kept the original).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept: Option<KeptCopy>,
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

/// Which copy a removal left in place, and why that one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptCopy {
    /// Name of the document holding the kept copy.
    pub document: String,
    /// 1-based line of the kept copy.
    pub line: u64,
    /// The rule that preferred it to the removed paragraph.
    pub rule: Rule,
}

/// How the kept copies were chosen, as the log records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedKeep {
    /// The policy applied after preference.
    pub policy: Policy,
    /// The preference patterns, in the order given (earlier ones win).
    #[serde(default)]
    pub prefer: Vec<String>,
    /// With `newest`, the documents that have no modification time
    /// (standard input, archive entries): clusters holding any of them
    /// keep their first occurrence instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub without_time: Vec<String>,
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

pub(super) fn hash_hex(bytes: &[u8]) -> String {
    format!("{:016x}", xxh3_64(bytes))
}

/// The removal log written beside deduplicated files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Log {
    /// Which kinds of copy were removed.
    pub kinds: Vec<Kind>,
    /// How the kept copies were chosen; absent in logs written before
    /// dedup could choose (they kept every first occurrence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<LoggedKeep>,
    /// One entry per document, in input order.
    pub documents: Vec<LoggedDocument>,
}
