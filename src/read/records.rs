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
use crate::report::{Skipped, SourceFormat};
use crate::segment::segment;

use super::{Extracted, ExtractedParagraph, Input, Item, LineCounter};

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

/// Collects the documents of one file of records. It numbers the records
/// itself: a reader reports each record once, in order, by one of
/// [`Records::add`], [`Records::skip`], [`Records::skip_field`] or
/// [`Records::without_field`], then calls [`Records::finish`].
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
    count: usize,
    /// Records that had the text field.
    with_field: usize,
    /// What was read.
    items: Vec<Item<'static>>,
}

impl<'a> Records<'a> {
    /// Starts a file of `format`, decoded as `decoded`.
    pub fn new(input: &Input<'a, 'a>, decoded: &'a Decoded, format: SourceFormat) -> Self {
        Records {
            name: input.name,
            bytes: input.bytes,
            decoded,
            options: input.options,
            format,
            nested: input.nested,
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

    /// The next record, which has no text field: skipped for `reason`.
    pub fn skip(&mut self, reason: String) {
        self.count += 1;
        self.push_skipped(reason);
    }

    /// The next record, whose text field cannot be read: skipped for
    /// `reason`.
    pub fn skip_field(&mut self, reason: String) {
        self.count += 1;
        self.with_field += 1;
        self.push_skipped(reason);
    }

    /// The next record, in a file none of whose records can have the text
    /// field (a CSV header without the column): only counted, since
    /// [`Records::finish`] then skips the whole file with the reason.
    pub fn without_field(&mut self) {
        self.count += 1;
    }

    fn push_skipped(&mut self, reason: String) {
        self.items.push(Item::Skipped(Skipped {
            name: format!("{}#{}", self.name, self.count),
            reason,
        }));
    }

    /// The next record, spanning decoded `record`, with its text field: a
    /// document.
    pub fn add(&mut self, record: Range<usize>, field: &Field) {
        self.count += 1;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode;

    /// The field of `text`, which starts at decoded position `at`.
    fn field(text: &str, at: usize) -> Field {
        let mut f = Field::default();
        for (i, c) in text.char_indices() {
            f.push(c, at + i);
        }
        f.finish(at + text.len());
        f
    }

    fn described(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Extracted(e) => {
                    let p = &e.paragraphs[0];
                    format!("{} {}..{} line {}", e.name, p.start, p.end, p.line)
                }
                Item::Skipped(s) => format!("{}: {}", s.name, s.reason),
                Item::Text { name, .. } => format!("text {name}"),
            })
            .collect()
    }

    #[test]
    fn records_number_themselves() {
        let bytes = b"no field here\nthree four\nbad field\n";
        let decoded = decode(bytes);
        let input = Input::test("f.x", bytes, false);
        let mut records = Records::new(&input, &decoded, SourceFormat::Jsonl);
        records.skip("no field".into());
        records.add(14..24, &field("three four", 14));
        records.skip_field("bad".into());
        assert_eq!(
            described(&records.finish(&[])),
            ["f.x#1: no field", "f.x#2 14..24 line 2", "f.x#3: bad"]
        );
    }

    #[test]
    fn only_a_file_without_the_field_is_skipped_whole() {
        let bytes = b"a\nb\n";
        let decoded = decode(bytes);
        let input = Input::test("f.x", bytes, false);
        let mut records = Records::new(&input, &decoded, SourceFormat::Csv);
        records.without_field();
        records.skip("no field".into());
        assert_eq!(
            described(&records.finish(&["a".into()])),
            ["f.x: no \"text\" column to read the text from (columns found: \"a\")"]
        );
        // A field that cannot be read is still a field: records are named.
        let mut records = Records::new(&input, &decoded, SourceFormat::Jsonl);
        records.skip_field("not a string".into());
        assert_eq!(described(&records.finish(&[])), ["f.x#1: not a string"]);
        // No record at all: nothing to say.
        let records = Records::new(&input, &decoded, SourceFormat::Jsonl);
        assert!(records.finish(&[]).is_empty());
    }
}
