//! Reading files of every kind into documents of paragraphs.
//!
//! [`read`] looks at a file's name and first bytes and hands it to the
//! matching reader. Plain text goes to the analyzer's fast path
//! ([`Item::Text`]); other formats come back already split into paragraphs
//! ([`Item::Extracted`]), each paragraph with its span in the original file
//! and the text to compare; anything that is not text is [`Item::Skipped`]
//! with a specific reason. Reading never panics and never fails as a whole:
//! one bad file gives one `Skipped`.

pub mod archive;
mod csv;
mod docx;
mod html;
mod jsonl;
mod markdown;
mod records;
mod sniff;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub(crate) use sniff::utf16_parity;
pub use sniff::{sniff, Sniffed};

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

/// A paragraph found by a format reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractedParagraph {
    /// Start of its span (a byte offset, or a paragraph index for docx).
    pub start: u64,
    /// End of its span.
    pub end: u64,
    /// 1-based line of `start` in the source (1 where lines do not apply).
    pub line: u64,
    /// The text to compare (markup removed, entities decoded).
    pub text: String,
}

/// A document found by a format reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// Its name (`file`, `file#record` or `archive.zip/entry`).
    pub name: String,
    /// Size of its source in bytes.
    pub bytes: u64,
    /// How its text was decoded.
    pub encoding: crate::decode::Encoding,
    /// Its format.
    pub format: SourceFormat,
    /// Anything a user should know about how it was read.
    pub warnings: Vec<String>,
    /// Its paragraphs, in order.
    pub paragraphs: Vec<ExtractedParagraph>,
    /// The bytes its spans point into, when they are not the file itself
    /// (an archive entry's uncompressed bytes).
    pub source: Option<Vec<u8>>,
}

impl Extracted {
    /// Checks the readers' promise about spans, given the length of the
    /// file the document came from: spans are ordered, do not overlap, and
    /// lie inside their source (for `.docx`, whose spans are paragraph
    /// numbers, only the order is checked). Tests and fuzz targets use it.
    pub fn check_spans(&self, file_len: usize) -> Result<(), String> {
        let len = self.source.as_ref().map_or(file_len, Vec::len) as u64;
        let mut prev = 0;
        for (i, p) in self.paragraphs.iter().enumerate() {
            if p.start > p.end || p.start < prev {
                return Err(format!(
                    "{}: paragraph {i} span {}..{} out of order",
                    self.name, p.start, p.end
                ));
            }
            if self.format != SourceFormat::Docx && p.end > len {
                return Err(format!(
                    "{}: paragraph {i} ends at {} past {len} bytes",
                    self.name, p.end
                ));
            }
            prev = p.end;
        }
        Ok(())
    }
}

/// An input that was not analyzed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The input's name.
    pub name: String,
    /// A specific reason, meant for people.
    pub reason: String,
}

/// What reading one file produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a> {
    /// Plain text for [`crate::Analyzer::add_document`].
    Text {
        /// The document's name.
        name: String,
        /// Its bytes: the file itself, or an archive entry's.
        bytes: Cow<'a, [u8]>,
    },
    /// A document already split into paragraphs.
    Extracted(Extracted),
    /// Not analyzed.
    Skipped(Skipped),
}

impl Item<'_> {
    /// The name of the document (or of the skipped input).
    pub fn name(&self) -> &str {
        match self {
            Item::Text { name, .. } => name,
            Item::Extracted(e) => &e.name,
            Item::Skipped(s) => &s.name,
        }
    }

    /// The bytes a document's spans point into, given the bytes of the
    /// file it was read from: the file's, or an archive entry's own
    /// (empty for a skipped input).
    pub fn source<'s>(&'s self, file: &'s [u8]) -> &'s [u8] {
        match self {
            Item::Text { bytes, .. } => bytes,
            Item::Extracted(e) => e.source.as_deref().unwrap_or(file),
            Item::Skipped(_) => &[],
        }
    }

    /// Whether the document has bytes of its own rather than the file's
    /// (an archive entry).
    pub fn is_entry(&self) -> bool {
        match self {
            Item::Text { bytes, .. } => matches!(bytes, Cow::Owned(_)),
            Item::Extracted(e) => e.source.is_some(),
            Item::Skipped(_) => false,
        }
    }
}

/// Reads one file. A file is one document, except JSON Lines and CSV (one
/// document per record) and archives (one per entry).
pub fn read<'a>(name: &str, bytes: &'a [u8], options: &crate::Options) -> Vec<Item<'a>> {
    read_as(sniff(name, bytes), name, bytes, options, false)
}

/// Reads a file already sniffed as `sniffed`; `nested` is set for an
/// archive's entries, where archives are not opened.
fn read_as<'a>(
    sniffed: Sniffed,
    name: &str,
    bytes: &'a [u8],
    options: &crate::Options,
    nested: bool,
) -> Vec<Item<'a>> {
    match sniffed {
        Sniffed::Text => vec![Item::Text {
            name: name.to_owned(),
            bytes: Cow::Borrowed(bytes),
        }],
        Sniffed::Markdown => vec![Item::Extracted(markdown::read(name, bytes, options))],
        Sniffed::Html => vec![Item::Extracted(html::read(name, bytes))],
        Sniffed::Jsonl => jsonl::read(name, bytes, options, nested),
        Sniffed::Csv => csv::read(name, bytes, options, nested),
        Sniffed::Docx => vec![docx::read(name, bytes)],
        Sniffed::Zip if nested => vec![Item::Skipped(Skipped {
            name: name.to_owned(),
            reason: "an archive inside the archive: nested archives are not opened".into(),
        })],
        Sniffed::Zip => archive::read(name, bytes, options),
        Sniffed::Unsupported(reason) => vec![Item::Skipped(Skipped {
            name: name.to_owned(),
            reason,
        })],
    }
}

/// Line numbers of increasing offsets in a text.
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of `offset` (offsets must not decrease).
    pub(crate) fn line_of(&mut self, offset: usize) -> usize {
        if offset > self.pos {
            let span = self.text.get(self.pos..offset).unwrap_or_default();
            self.line += memchr::memchr_iter(b'\n', span).count();
            self.pos = offset;
        }
        self.line
    }
}
