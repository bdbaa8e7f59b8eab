//! Files prepared apart from the analyzer, so several can be prepared at
//! once on other threads ([`super::files`]): reading the format,
//! decoding, segmenting, normalizing and fingerprinting every paragraph
//! ([`prepare_file`]). What depends on the files before — classes,
//! document numbers, the passages' word ids — is left to
//! [`Analyzer::add_prepared`] on the analyzer's thread, in input order, so
//! the report is the one [`Analyzer::add_file_keeping`] gives. The
//! document-level steps are the same functions as that path's
//! (`new_document`, `plain_paragraphs`, `extracted_paragraphs`), the
//! paragraph-level ones the same normalizer and fingerprints.
//!
//! The page's workers do the same across WebAssembly instances: a
//! prepared file crosses between them in a portable form
//! ([`super::portable`]).

use super::intern::{Prepared, Preparer};
use super::origin::{extracted_origin, DocumentBytes, ExtractedTexts, Origin};
use super::{extracted_paragraphs, new_document, plain_paragraphs, AddedFile, Analyzer, KeepTexts};
use crate::decode::{decode, plain_utf8, Encoding, OffsetMap};
use crate::options::Options;
use crate::passages::Collector;
use crate::read::{read, ExtractedParagraph, Item};
use crate::report::{DocumentReport, Paragraph, Skipped, SourceFormat};
use crate::segment::segment;

/// The text a plain document's passages are tokenized from.
pub(super) enum PassageText {
    /// The file's own bytes, which are plain UTF-8.
    File,
    /// Decoded text, or an archive entry's.
    Own(String),
}

/// What the passages' collector needs of a document, kept until it is
/// its turn.
pub(super) enum PassageInput {
    /// Passages are off: the collector keeps nothing.
    Off,
    /// Plain text, with `offsets` to the file's bytes (`None`: the same).
    Plain {
        text: PassageText,
        offsets: Option<OffsetMap>,
    },
    /// A reader's paragraphs.
    Extracted {
        paragraphs: Vec<ExtractedParagraph>,
        exact: bool,
    },
}

/// One document, prepared.
pub(super) struct PreparedDoc {
    /// Its report, paragraphs included.
    pub(super) report: DocumentReport,
    /// Its paragraphs' keys, shingles and fingerprints.
    pub(super) prepared: Prepared,
    pub(super) bytes: DocumentBytes,
    pub(super) texts: Option<ExtractedTexts>,
    pub(super) passages: PassageInput,
}

/// What a file held, prepared, in order.
pub(super) enum PreparedItem {
    Doc(Box<PreparedDoc>),
    Skipped(Skipped),
}

/// Reads `file` as [`Analyzer::add_file_keeping`] does and prepares every
/// document in it. Runs on any thread.
pub(super) fn prepare_file(
    p: &mut Preparer,
    options: &Options,
    name: &str,
    file: &[u8],
    keep: KeepTexts,
) -> Vec<PreparedItem> {
    read(name, file, options)
        .into_iter()
        .map(|item| match item {
            Item::Text { name, bytes } => {
                PreparedItem::Doc(Box::new(prepare_text(p, options, &name, file, bytes)))
            }
            Item::Extracted(mut e) => {
                let (bytes, texts) = extracted_origin(&mut e, file, keep);
                let mut prepared = Prepared::default();
                let exact = e.format == SourceFormat::Text && e.encoding == Encoding::Utf8;
                let mut report = new_document(&e.name, e.bytes, e.encoding, e.format, e.warnings);
                report.paragraphs =
                    paragraphs(p, &mut prepared, extracted_paragraphs(&e.paragraphs));
                let passages = if options.passages {
                    PassageInput::Extracted {
                        paragraphs: e.paragraphs,
                        exact,
                    }
                } else {
                    PassageInput::Off
                };
                PreparedItem::Doc(Box::new(PreparedDoc {
                    report,
                    prepared,
                    bytes,
                    texts,
                    passages,
                }))
            }
            Item::Skipped(s) => PreparedItem::Skipped(s),
        })
        .collect()
}

/// A plain-text document, prepared as [`Analyzer::add_document`] adds it.
fn prepare_text(
    p: &mut Preparer,
    options: &Options,
    name: &str,
    file: &[u8],
    bytes: std::borrow::Cow<'_, [u8]>,
) -> PreparedDoc {
    let bytes = DocumentBytes::of(file, bytes);
    let own = bytes.get(file);
    let mut prepared = Prepared::for_text(own.len());
    let (report, passages) = if let Some(text) = plain_utf8(own) {
        let segments = segment(text, options.segmentation);
        let mut report = new_document(
            name,
            own.len() as u64,
            Encoding::Utf8,
            SourceFormat::Text,
            Vec::new(),
        );
        report.paragraphs = paragraphs(p, &mut prepared, plain_paragraphs(text, &segments, &|i| i));
        let text = match &bytes {
            DocumentBytes::InFile(_) => PassageText::File,
            DocumentBytes::Own(_) => PassageText::Own(text.to_owned()),
        };
        (
            report,
            PassageInput::Plain {
                text,
                offsets: None,
            },
        )
    } else {
        let d = decode(own);
        let offsets = &d.offsets;
        let segments = segment(&d.text, options.segmentation);
        let mut report = new_document(
            name,
            own.len() as u64,
            d.encoding,
            SourceFormat::Text,
            d.warnings,
        );
        report.paragraphs = paragraphs(
            p,
            &mut prepared,
            plain_paragraphs(&d.text, &segments, &|i| offsets.original(i)),
        );
        let text = PassageText::Own(d.text);
        (
            report,
            PassageInput::Plain {
                text,
                offsets: Some(d.offsets),
            },
        )
    };
    PreparedDoc {
        report,
        prepared,
        bytes,
        texts: None,
        passages: if options.passages {
            passages
        } else {
            PassageInput::Off
        },
    }
}

/// The report's paragraphs, each prepared into `prepared`.
fn paragraphs<'t>(
    p: &mut Preparer,
    prepared: &mut Prepared,
    spans: impl Iterator<Item = (super::Span, &'t str)>,
) -> Vec<Paragraph> {
    spans
        .map(|(span, text)| Paragraph {
            start: span.start,
            end: span.end,
            line: span.line,
            words: p.add(text, prepared),
        })
        .collect()
}

/// Gives the passages' collector a document, as adding it would have.
pub(super) fn collect(collector: &mut Collector, file: &[u8], input: PassageInput) {
    match input {
        PassageInput::Off => collector.add_extracted(std::iter::empty(), false),
        PassageInput::Plain { text, offsets } => {
            // `File` was chosen because these bytes are plain UTF-8.
            let text = match &text {
                PassageText::File => crate::decode::utf8(file).unwrap_or_default(),
                PassageText::Own(s) => s,
            };
            match &offsets {
                Some(o) => collector.add_plain(text, &|i| o.original(i)),
                None => collector.add_plain(text, &|i| i),
            }
        }
        PassageInput::Extracted { paragraphs, exact } => collector.add_extracted(
            paragraphs
                .iter()
                .map(|p| (p.start, p.end, p.line, p.text.as_str())),
            exact,
        ),
    }
}

impl Analyzer {
    /// Adds a prepared file, in order: classes and document numbers are
    /// given here. Returns what adding it produced and what the passages'
    /// collector still needs of each document ([`collect`]).
    pub(super) fn add_prepared(
        &mut self,
        items: Vec<PreparedItem>,
    ) -> (AddedFile, Vec<PassageInput>) {
        let mut added = AddedFile::default();
        let mut passages = Vec::new();
        for item in items {
            match item {
                PreparedItem::Doc(d) => {
                    let d = *d;
                    match &mut self.kept {
                        // A re-matchable analysis keeps it, as
                        // `add_document` would have.
                        Some(kept) => kept.add_prepared(d.prepared),
                        None => {
                            for i in 0..d.prepared.len() {
                                self.interner.add_prepared(&d.prepared, i);
                            }
                        }
                    }
                    let index = self.corpus.push(d.report);
                    added.documents.push(Origin {
                        index,
                        bytes: d.bytes,
                        texts: d.texts,
                    });
                    passages.push(d.passages);
                }
                PreparedItem::Skipped(s) => {
                    self.skip(&s.name, &s.reason);
                    added.skipped.push(s);
                }
            }
        }
        (added, passages)
    }
}
