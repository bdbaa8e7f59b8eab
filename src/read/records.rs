//! What JSON Lines and CSV have in common: a file of records, each record a
//! document named `file#N` (N counts records from 1, CSV's header and blank
//! lines not included) whose text is one field, `text`.
//!
//! The field is unescaped with a map from every byte of its text back to
//! the file's decoded text, then split into paragraphs with the usual
//! segmentation; spans point into the file's bytes. For a file inside an
//! archive, each record carries its own bytes as its source instead (so a
//! large file is not copied once per record), and spans and lines count
//! from the record's start.

use std::ops::Range;

use crate::decode::Decoded;
use crate::options::Options;
use crate::segment::segment;

use super::{Extracted, ExtractedParagraph, Item, LineCounter, Skipped, SourceFormat};

/// The column or field whose text is compared.
pub const TEXT_FIELD: &str = "text";

/// A field's text, unescaped.
#[derive(Debug, Default)]
pub struct Field {
    /// The text.
    pub text: String,
    /// For each byte of `text` (and its end), the position in the file's
    /// decoded text of the character it came from.
    pub map: Vec<usize>,
}

impl Field {
    /// Appends `c`, which came from decoded position `from`.
    pub fn push(&mut self, c: char, from: usize) {
        self.text.push(c);
        self.map.resize(self.text.len(), from);
    }

    /// Closes the field: its end lies at decoded position `end`.
    pub fn finish(&mut self, end: usize) {
        self.map.push(end);
    }

    fn at(&self, i: usize) -> usize {
        self.map
            .get(i)
            .or_else(|| self.map.last())
            .copied()
            .unwrap_or(0)
    }
}

/// Collects the documents of one file of records.
pub struct Records<'a> {
    name: &'a str,
    bytes: &'a [u8],
    decoded: &'a Decoded,
    options: &'a Options,
    format: SourceFormat,
    nested: bool,
    lines: LineCounter<'a>,
    /// Warnings about the whole file, given to its first record.
    warnings: Vec<String>,
    /// Records seen (the number of the last one).
    pub count: usize,
    /// Records that had the text field.
    pub with_field: usize,
    /// What was read.
    pub items: Vec<Item<'static>>,
}

impl<'a> Records<'a> {
    /// Starts a file.
    pub fn new(
        name: &'a str,
        bytes: &'a [u8],
        decoded: &'a Decoded,
        options: &'a Options,
        format: SourceFormat,
        nested: bool,
    ) -> Self {
        Records {
            name,
            bytes,
            decoded,
            options,
            format,
            nested,
            lines: LineCounter::new(&decoded.text),
            warnings: decoded.warnings.clone(),
            count: 0,
            with_field: 0,
            items: Vec::new(),
        }
    }

    fn original(&self, decoded: usize) -> usize {
        self.decoded.offsets.original(decoded).min(self.bytes.len())
    }

    /// Records that a record (decoded range `record`) could not be read.
    pub fn skip(&mut self, reason: String) {
        self.items.push(Item::Skipped(Skipped {
            name: format!("{}#{}", self.name, self.count),
            reason,
        }));
    }

    /// Adds the record numbered `self.count`, spanning decoded `record`,
    /// with its text field.
    pub fn add(&mut self, record: Range<usize>, field: &Field) {
        self.with_field += 1;
        let from = self.original(record.start);
        let to = self.original(record.end).max(from);
        let first_line = self.lines.line_of(record.start);
        let base = if self.nested { from } else { 0 };
        let paragraphs = segment(&field.text, self.options.segmentation)
            .into_iter()
            .map(|s| {
                let start = field.at(s.start);
                let line = self.lines.line_of(start);
                ExtractedParagraph {
                    start: self.original(start).saturating_sub(base) as u64,
                    end: self.original(field.at(s.end)).saturating_sub(base) as u64,
                    line: if self.nested {
                        (line + 1 - first_line) as u64
                    } else {
                        line as u64
                    },
                    text: field
                        .text
                        .get(s.start..s.end)
                        .unwrap_or_default()
                        .to_owned(),
                }
            })
            .collect();
        let source = self
            .nested
            .then(|| self.bytes.get(from..to).unwrap_or_default().to_vec());
        self.items.push(Item::Extracted(Extracted {
            name: format!("{}#{}", self.name, self.count),
            bytes: (to - from) as u64,
            encoding: self.decoded.encoding,
            format: self.format,
            warnings: std::mem::take(&mut self.warnings),
            paragraphs,
            source,
        }));
    }

    /// The items read; when no record had the text field, one `Skipped`
    /// for the whole file instead, naming the fields it has.
    pub fn finish(self, fields_found: &[String]) -> Vec<Item<'static>> {
        if self.count > 0 && self.with_field == 0 {
            let found = if fields_found.is_empty() {
                "none".to_owned()
            } else {
                fields_found
                    .iter()
                    .map(|f| format!("{f:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let what = match self.format {
                SourceFormat::Csv => "column",
                _ => "field",
            };
            return vec![Item::Skipped(Skipped {
                name: self.name.to_owned(),
                reason: format!(
                    "no {TEXT_FIELD:?} {what} to read the text from ({what}s found: {found})"
                ),
            })];
        }
        self.items
    }
}
