//! Reading files of every kind into documents of paragraphs.
//!
//! [`read`] looks at a file's name and first bytes ([`sniff()`]) and hands it
//! to the reader of that format. Every reader has one shape, the private
//! `Format` trait: it takes one input (a file, or an archive's entry) and
//! gives its documents and the inputs it skipped, as [`Item`]s. Plain text
//! goes to the analyzer's fast path ([`Item::Text`]); other formats come
//! back already split into paragraphs ([`Item::Extracted`]), each paragraph
//! with its span in the original bytes and the text to compare; anything
//! that is not text is [`Item::Skipped`] with a specific reason. Reading
//! never panics and never fails as a whole: one bad file gives one
//! `Skipped`.
//!
//! A new format is one file here implementing `Format`, plus its
//! [`Sniffed`] variant (with the extensions that select it) and its arm in
//! `read_as`; its documents name a [`SourceFormat`] of the report.

pub mod archive;
mod csv;
mod docx;
mod html;
mod jsonl;
mod markdown;
mod records;
mod sniff;
mod text;

use std::borrow::Cow;

pub use sniff::{sniff, Sniffed};

use crate::decode::Encoding;
use crate::options::Options;
use crate::report::{Skipped, SourceFormat};

/// One input to a reader: a file, or one entry of an archive. Only its
/// bytes (`'a`) may be borrowed by what is read.
struct Input<'i, 'a> {
    /// Its name, which its documents' names start with.
    name: &'i str,
    /// Its bytes: every span a reader gives points into them.
    bytes: &'a [u8],
    /// The analysis options (segmentation).
    options: &'i Options,
    /// Whether it is an archive's entry: archives in it are not opened,
    /// and a document read from part of it carries those bytes as its own
    /// source (see [`Extracted::source`]).
    nested: bool,
}

impl<'a> Input<'_, 'a> {
    /// The input itself, skipped for `reason`.
    fn skipped(&self, reason: impl Into<String>) -> Item<'a> {
        Item::Skipped(Skipped {
            name: self.name.to_owned(),
            reason: reason.into(),
        })
    }

    /// The input as one document of `format`, whose spans point into the
    /// input's bytes.
    fn document(
        &self,
        format: SourceFormat,
        encoding: Encoding,
        warnings: Vec<String>,
        paragraphs: Vec<ExtractedParagraph>,
    ) -> Item<'a> {
        Item::Extracted(Extracted {
            name: self.name.to_owned(),
            bytes: self.bytes.len() as u64,
            encoding,
            format,
            warnings,
            paragraphs,
            source: None,
        })
    }
}

/// The one shape of every reader (one required method, as in
/// text-splitter's `Splitter`): an input in, its documents and skipped
/// inputs out.
trait Format {
    /// Reads `input`: each document's paragraphs with their spans in
    /// `input.bytes` (or, for `.docx`, paragraph numbers) and the text to
    /// compare, and every part of the input that was not read, with the
    /// reason, in input order. Never panics, never fails as a whole.
    fn read<'a>(&self, input: &Input<'_, 'a>) -> Vec<Item<'a>>;
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
    /// The item with bytes of its own (a plain-text document's are copied).
    pub(crate) fn into_owned(self) -> Item<'static> {
        match self {
            Item::Text { name, bytes } => Item::Text {
                name,
                bytes: Cow::Owned(bytes.into_owned()),
            },
            Item::Extracted(e) => Item::Extracted(e),
            Item::Skipped(s) => Item::Skipped(s),
        }
    }

    /// The name of the document (or of the skipped input).
    pub fn name(&self) -> &str {
        match self {
            Item::Text { name, .. } => name,
            Item::Extracted(e) => &e.name,
            Item::Skipped(s) => &s.name,
        }
    }
}

/// Reads one file. A file is one document, except JSON Lines and CSV (one
/// document per record) and archives (one per entry).
pub fn read<'a>(name: &str, bytes: &'a [u8], options: &Options) -> Vec<Item<'a>> {
    let input = Input {
        name,
        bytes,
        options,
        nested: false,
    };
    read_as(sniff(name, bytes), &input)
}

/// Hands an input to the reader of its sniffed format.
fn read_as<'a>(sniffed: Sniffed, input: &Input<'_, 'a>) -> Vec<Item<'a>> {
    match sniffed {
        Sniffed::Text => text::Text.read(input),
        Sniffed::Markdown => markdown::Markdown.read(input),
        Sniffed::Html => html::Html.read(input),
        Sniffed::Jsonl => jsonl::Jsonl.read(input),
        Sniffed::Csv => csv::Csv.read(input),
        Sniffed::Docx => docx::Docx.read(input),
        Sniffed::Zip => archive::Archive.read(input),
        Sniffed::Unsupported(reason) => vec![input.skipped(reason)],
    }
}

#[cfg(test)]
impl<'a> Input<'a, 'a> {
    /// A file (or, `nested`, an archive entry) read with the default
    /// options, for the readers' unit tests.
    fn test(name: &'a str, bytes: &'a [u8], nested: bool) -> Self {
        static DEFAULT: std::sync::LazyLock<Options> = std::sync::LazyLock::new(Options::default);
        Input {
            name,
            bytes,
            options: &DEFAULT,
            nested,
        }
    }

    /// What `reader` makes of the input, which must be one document.
    fn only_document(&self, reader: &impl Format) -> Extracted {
        let mut items = reader.read(self);
        match (items.pop(), items.is_empty()) {
            (Some(Item::Extracted(e)), true) => e,
            (last, _) => panic!("not one document: {items:?} {last:?}"),
        }
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
