//! Where each document's bytes are, and the text shown for its paragraphs.
//!
//! Adding a file ([`Analyzer::add_file`]) gives an [`AddedFile`]: the
//! documents the file produced, in order (with their index in the report),
//! and the inputs it skipped. For each document an [`Origin`] says where
//! the bytes its spans point into are — a range of the file given, or bytes
//! of its own (an archive entry, decompressed) — and, for formats whose
//! spans hold markup, escapes or paragraph numbers (HTML, .docx, records),
//! the text the reader extracted, so it can be shown later without reading
//! the file again.
//!
//! [`paragraph_text`] is the one rule for the text shown for a paragraph:
//! its span decoded (plain text, Markdown), or the extracted text. The CLI's
//! text output, the page's paragraph texts and the tests all use it.

use std::borrow::Cow;
use std::ops::Range;

use super::Analyzer;
use crate::options::Options;
use crate::read::{read, Item};
use crate::report::DocumentReport;

/// Which paragraph texts adding a file keeps ([`Analyzer::add_file_keeping`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepTexts {
    /// None: for a caller that never shows paragraphs (JSON or CSV output,
    /// dedup), or that reads the file again itself. Costs nothing.
    Never,
    /// The texts a reader extracted for formats whose spans do not hold
    /// them (HTML, .docx, records): a copy of their comparison text, the
    /// only thing the file's bytes do not give back without running the
    /// reader again. Plain text and Markdown keep nothing.
    Extracted,
}

/// What adding one file produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AddedFile {
    /// The documents it holds, in order (their report indices follow one
    /// another). A document's position here is its ordinal in the file.
    pub documents: Vec<Origin>,
    /// The inputs skipped while reading it (the file itself, or archive
    /// entries and records), in the order the report lists them.
    pub skipped: Vec<crate::Skipped>,
}

/// Where a document came from: its index in the report, where its bytes
/// are, and the text its reader extracted if that was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The document's index in the report's `documents`.
    pub index: usize,
    /// The bytes its spans point into.
    pub bytes: DocumentBytes,
    /// Its paragraphs' extracted texts, kept only for formats whose spans
    /// do not hold text and only when asked for ([`KeepTexts`]).
    pub texts: Option<ExtractedTexts>,
}

impl Origin {
    /// The bytes the document's spans point into, given the bytes of the
    /// file it was added from.
    pub fn source<'a>(&'a self, file: &'a [u8]) -> &'a [u8] {
        self.bytes.get(file)
    }

    /// Whether the document has bytes of its own (an archive entry) rather
    /// than a range of its file.
    pub fn is_entry(&self) -> bool {
        matches!(self.bytes, DocumentBytes::Own(_))
    }

    /// The text of paragraph `para` ([`paragraph_text`]), given the bytes
    /// of the file the document was added from and its report.
    pub fn paragraph_text(
        &self,
        document: &DocumentReport,
        file: &[u8],
        para: usize,
    ) -> Option<String> {
        paragraph_text(document, self.source(file), self.texts.as_ref(), para)
    }

    /// The texts of all its paragraphs ([`paragraph_texts`]).
    pub fn paragraph_texts(&self, document: &DocumentReport, file: &[u8]) -> Option<Vec<String>> {
        paragraph_texts(document, self.source(file), self.texts.as_ref())
    }
}

/// Where a document's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentBytes {
    /// A range of the file it was added from (for now always the whole
    /// file: a plain or Markdown file, an HTML page, a file of records).
    InFile(Range<usize>),
    /// Bytes of its own: an archive entry, decompressed.
    Own(Vec<u8>),
}

impl DocumentBytes {
    /// The bytes, given the file's (empty if the range lies outside it).
    pub fn get<'a>(&'a self, file: &'a [u8]) -> &'a [u8] {
        match self {
            DocumentBytes::InFile(range) => file.get(range.clone()).unwrap_or_default(),
            DocumentBytes::Own(bytes) => bytes,
        }
    }

    /// Where the bytes a reader handed back for a document of `file` are:
    /// the file itself (a reader gives plain text back unchanged), or a
    /// copy of anything else (an archive entry's bytes, already owned).
    pub(super) fn of(file: &[u8], bytes: Cow<'_, [u8]>) -> DocumentBytes {
        match bytes {
            // Identity (same address and length), not arithmetic on
            // addresses: the reader either passes the file through or
            // gives bytes of its own.
            Cow::Borrowed(b) if std::ptr::eq(b, file) => DocumentBytes::InFile(0..file.len()),
            other => DocumentBytes::Own(other.into_owned()),
        }
    }
}

/// The paragraph texts a reader extracted for one document, in order,
/// held in one string (one allocation per document, not per paragraph).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExtractedTexts {
    joined: String,
    /// End of each paragraph's text in `joined`.
    ends: Vec<usize>,
}

impl ExtractedTexts {
    /// The texts of `paragraphs`, in order.
    pub fn new<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> ExtractedTexts {
        let mut texts = ExtractedTexts::default();
        for p in paragraphs {
            texts.joined.push_str(p);
            texts.ends.push(texts.joined.len());
        }
        texts.joined.shrink_to_fit();
        texts
    }

    /// Number of paragraphs.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no paragraphs.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The joined texts and where each ends ([`super::portable`]).
    pub(super) fn parts(&self) -> (&str, &[usize]) {
        (&self.joined, &self.ends)
    }

    /// Texts from [`ExtractedTexts::parts`]; `None` unless the ends go up
    /// within `joined` and each falls on a character boundary.
    pub(super) fn from_parts(joined: String, ends: Vec<usize>) -> Option<ExtractedTexts> {
        let mut last = 0;
        for &e in &ends {
            if e < last || !joined.is_char_boundary(e) {
                return None;
            }
            last = e;
        }
        Some(ExtractedTexts { joined, ends })
    }

    /// The text of paragraph `i`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.joined.get(start..end)
    }
}

/// The text shown for paragraph `para` of `document`: for plain text and
/// Markdown its span of `source` (the bytes its spans point into, see
/// [`Origin::source`]) decoded in the document's encoding; for HTML, .docx
/// and records, whose spans hold markup, escapes or paragraph numbers, the
/// text the reader extracted (`texts`, which `source` is not needed for).
/// `None` if the paragraph does not exist, its span lies outside `source`,
/// or the extracted text was not kept.
pub fn paragraph_text(
    document: &DocumentReport,
    source: &[u8],
    texts: Option<&ExtractedTexts>,
    para: usize,
) -> Option<String> {
    if !document.format.spans_hold_text() {
        return texts?.get(para).map(str::to_owned);
    }
    let p = document.paragraphs.get(para)?;
    let span = source.get(usize::try_from(p.start).ok()?..usize::try_from(p.end).ok()?)?;
    Some(crate::decode::decode_fragment(span, document.encoding))
}

/// The text shown for bytes `start..end` of `document` (one side of a
/// passage), given `source` and `texts` as [`paragraph_text`] takes them:
/// for plain text and Markdown the range of `source` decoded in the
/// document's encoding; for HTML, .docx and records the extracted texts of
/// the whole paragraphs the range touches, joined by a blank line. `None`
/// if the range lies outside `source`, touches no paragraph, or the
/// extracted texts were not kept. The CLI's text output
/// ([`crate::render::passage_text`]) and the page's passage texts use it.
pub(crate) fn span_text(
    document: &DocumentReport,
    source: &[u8],
    texts: Option<&ExtractedTexts>,
    start: u64,
    end: u64,
) -> Option<String> {
    if document.format.spans_hold_text() {
        let range = usize::try_from(start).ok()?..usize::try_from(end).ok()?;
        return Some(crate::decode::decode_fragment(
            source.get(range)?,
            document.encoding,
        ));
    }
    let texts = texts?;
    let touched: Vec<&str> = document
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.start < end && start < p.end)
        .map(|(i, _)| texts.get(i))
        .collect::<Option<_>>()?;
    (!touched.is_empty()).then(|| touched.join("\n\n"))
}

/// The texts of every paragraph of `document`, in order, by
/// [`paragraph_text`]; `None` if any is missing.
pub fn paragraph_texts(
    document: &DocumentReport,
    source: &[u8],
    texts: Option<&ExtractedTexts>,
) -> Option<Vec<String>> {
    (0..document.paragraphs.len())
        .map(|para| paragraph_text(document, source, texts, para))
        .collect()
}

/// Where an extracted document's bytes are (its own, as a zip entry's,
/// or the whole file) and the paragraph texts to keep of it under `keep`.
pub(super) fn extracted_origin(
    e: &mut crate::read::Extracted,
    file: &[u8],
    keep: KeepTexts,
) -> (DocumentBytes, Option<ExtractedTexts>) {
    let bytes = match e.source.take() {
        Some(own) => DocumentBytes::Own(own),
        None => DocumentBytes::InFile(0..file.len()),
    };
    let texts = (keep == KeepTexts::Extracted && !e.format.spans_hold_text())
        .then(|| ExtractedTexts::new(e.paragraphs.iter().map(|p| p.text.as_str())));
    (bytes, texts)
}

/// Adds what reading a file (whose bytes are `file`) produced to
/// `analyzer` and says where each document's bytes are. Every caller that
/// reads files (the analyzer's [`Analyzer::add_file`], the page's
/// budgeted reading) goes through here.
pub(crate) fn add_items(
    analyzer: &mut Analyzer,
    file: &[u8],
    items: Vec<Item<'_>>,
    keep: KeepTexts,
) -> AddedFile {
    let mut added = AddedFile::default();
    for item in items {
        match item {
            Item::Text { name, bytes } => {
                let index = analyzer.add_document(&name, &bytes);
                added.documents.push(Origin {
                    index,
                    bytes: DocumentBytes::of(file, bytes),
                    texts: None,
                });
            }
            Item::Extracted(mut e) => {
                let (bytes, texts) = extracted_origin(&mut e, file, keep);
                let index = analyzer.add_extracted(e);
                added.documents.push(Origin {
                    index,
                    bytes,
                    texts,
                });
            }
            Item::Skipped(s) => {
                analyzer.skip(&s.name, &s.reason);
                added.skipped.push(s);
            }
        }
    }
    added
}

impl Analyzer {
    /// Reads a file as [`Analyzer::add_file`] does, keeping the paragraph
    /// texts `keep` asks for.
    pub fn add_file_keeping(&mut self, name: &str, bytes: &[u8], keep: KeepTexts) -> AddedFile {
        let items = read(name, bytes, self.options());
        add_items(self, bytes, items, keep)
    }
}

/// Reads a file again only to find where its documents' bytes are, by
/// name, as adding it found them: for a caller that kept an archive's
/// bytes but not its entries' (the CLI), which needs them back to show or
/// deduplicate an entry. Runs the reader; a caller that keeps a document's
/// [`Origin`] never needs this.
pub fn document_bytes(name: &str, file: &[u8], options: &Options) -> Vec<(String, DocumentBytes)> {
    read(name, file, options)
        .into_iter()
        .filter_map(|item| match item {
            Item::Text { name, bytes } => Some((name, DocumentBytes::of(file, bytes))),
            Item::Extracted(e) => {
                let bytes = match e.source {
                    Some(own) => DocumentBytes::Own(own),
                    None => DocumentBytes::InFile(0..file.len()),
                };
                Some((e.name, bytes))
            }
            Item::Skipped(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::format_fixtures::zip_of;
    use crate::{Report, SourceFormat};

    /// Adds `files` (keeping extracted texts) and returns the report and
    /// what each file produced.
    fn add(files: &[(&str, &[u8])]) -> (Report, Vec<AddedFile>) {
        let mut a = Analyzer::new(Options::default()).unwrap();
        let added = files
            .iter()
            .map(|(name, bytes)| a.add_file(name, bytes))
            .collect();
        (a.finish().unwrap(), added)
    }

    /// Every paragraph text of every document of each file.
    fn texts(report: &Report, files: &[(&str, &[u8])], added: &[AddedFile]) -> Vec<Vec<String>> {
        files
            .iter()
            .zip(added)
            .flat_map(|((_, bytes), a)| {
                a.documents.iter().map(|o| {
                    o.paragraph_texts(&report.documents[o.index], bytes)
                        .expect("every text")
                })
            })
            .collect()
    }

    #[test]
    fn plain_text_is_its_span_of_the_file_and_keeps_no_text() {
        let file: &[u8] = b"  The pier will be rebuilt this winter.  \n\nA second paragraph.\n";
        let (report, added) = add(&[("plain.txt", file)]);
        let o = &added[0].documents[0];
        assert_eq!(o.index, 0);
        assert_eq!(o.bytes, DocumentBytes::InFile(0..file.len()));
        assert!(!o.is_entry());
        assert_eq!(o.texts, None, "the span gives the text back");
        assert_eq!(
            texts(&report, &[("plain.txt", file)], &added),
            [[
                "The pier will be rebuilt this winter.",
                "A second paragraph."
            ]]
        );
    }

    #[test]
    fn crlf_and_utf16_spans_are_decoded() {
        let crlf: &[u8] = b"  First paragraph, indented.\r\n\r\nSecond.\r\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "Caf\u{e9} au lait.\n\nZweiter Absatz.\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let files = [("crlf.txt", crlf), ("u16.txt", &utf16[..])];
        let (report, added) = add(&files);
        assert_eq!(report.documents[1].encoding, crate::Encoding::Utf16Le);
        assert_eq!(
            texts(&report, &files, &added),
            [
                vec!["First paragraph, indented.", "Second."],
                vec!["Caf\u{e9} au lait.", "Zweiter Absatz."],
            ]
        );
    }

    #[test]
    fn html_keeps_the_extracted_text_not_the_markup() {
        let html: &[u8] = b"<p>The <em>pier</em> &amp; the quay.</p><p>Two</p>";
        let files = [("page.html", html)];
        let (report, added) = add(&files);
        let o = &added[0].documents[0];
        assert_eq!(o.bytes, DocumentBytes::InFile(0..html.len()));
        assert_eq!(o.texts.as_ref().map(ExtractedTexts::len), Some(2));
        assert_eq!(
            texts(&report, &files, &added),
            [["The pier & the quay.", "Two"]]
        );
        // The text comes from what was kept: the file is not needed.
        let doc = &report.documents[0];
        assert_eq!(
            o.paragraph_text(doc, b"", 0).as_deref(),
            Some("The pier & the quay.")
        );
        assert_eq!(o.paragraph_text(doc, html, 2), None, "no third paragraph");
    }

    #[test]
    fn docx_paragraph_numbers_give_the_extracted_text() {
        let xml = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Dear committee,</w:t></w:r></w:p><w:p><w:r><w:t>The pier &amp; quay.</w:t></w:r></w:p></w:body></w:document>";
        let doc = zip_of(&[("word/document.xml", xml.as_bytes())]);
        let files = [("letter.docx", &doc[..])];
        let (report, added) = add(&files);
        assert_eq!(report.documents[0].format, SourceFormat::Docx);
        assert!(!added[0].documents[0].is_entry());
        assert_eq!(
            texts(&report, &files, &added),
            [["Dear committee,", "The pier & quay."]]
        );
    }

    #[test]
    fn jsonl_records_are_documents_of_one_file_with_their_texts() {
        let jsonl: &[u8] =
            b"{\"text\": \"A \\\"quoted\\\" record.\"}\nnot json\n{\"text\": \"Caf\\u00e9.\"}\n";
        let files = [("r.jsonl", jsonl)];
        let (report, added) = add(&files);
        let a = &added[0];
        assert_eq!(
            a.documents.iter().map(|o| o.index).collect::<Vec<_>>(),
            [0, 1]
        );
        assert!(a
            .documents
            .iter()
            .all(|o| o.bytes == DocumentBytes::InFile(0..jsonl.len())));
        assert_eq!(a.skipped.len(), 1, "{:?}", a.skipped);
        assert_eq!(report.skipped, a.skipped);
        assert_eq!(
            texts(&report, &files, &added),
            [["A \"quoted\" record."], ["Caf\u{e9}."]]
        );
    }

    #[test]
    fn zip_entries_have_bytes_of_their_own_and_skips_are_listed() {
        let entry: &[u8] = b"Inside the archive, one paragraph.\n";
        let html: &[u8] = b"<p>An <b>entry</b> page.</p>";
        let jsonl: &[u8] =
            b"{\"text\": \"First &amp; record\"}\n{\"text\": \"Second\\n\\nrecord\"}\n";
        let archive = zip_of(&[
            ("a.txt", entry),
            ("x.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            ("p.html", html),
            ("r.jsonl", jsonl),
        ]);
        let files = [("pack.zip", &archive[..]), ("b.txt", entry)];
        let (report, added) = add(&files);
        let docs = &added[0].documents;
        assert_eq!(
            docs.iter().map(|o| o.index).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!(docs[0].bytes, DocumentBytes::Own(entry.to_vec()));
        assert_eq!(docs[1].bytes, DocumentBytes::Own(html.to_vec()));
        // A record of an entry has its own bytes: the record's line.
        let lines: Vec<&[u8]> = jsonl.split(|&b| b == b'\n').collect();
        assert_eq!(docs[2].bytes, DocumentBytes::Own(lines[0].to_vec()));
        assert_eq!(docs[3].bytes, DocumentBytes::Own(lines[1].to_vec()));
        assert!(docs.iter().all(Origin::is_entry));
        assert_eq!(docs[0].source(&archive), entry);
        assert_eq!(docs[0].texts, None);
        assert_eq!(added[0].skipped.len(), 1);
        assert_eq!(added[0].skipped[0].name, "pack.zip/x.png");
        assert_eq!(added[1].documents[0].index, 4);
        assert!(added[1].skipped.is_empty());
        assert_eq!(
            texts(&report, &files, &added),
            [
                vec!["Inside the archive, one paragraph."],
                vec!["An entry page."],
                vec!["First &amp; record"],
                vec!["Second", "record"],
                vec!["Inside the archive, one paragraph."],
            ]
        );
        // Found again by reading the archive once more, with the same names.
        let again = document_bytes("pack.zip", &archive, &Options::default());
        let names: Vec<&str> = again.iter().map(|(n, _)| n.as_str()).collect();
        let names_then: Vec<&str> = report.documents[..4]
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(names, names_then);
        let bytes: Vec<&DocumentBytes> = again.iter().map(|(_, b)| b).collect();
        let bytes_then: Vec<&DocumentBytes> = docs.iter().map(|o| &o.bytes).collect();
        assert_eq!(bytes, bytes_then);
    }

    #[test]
    fn a_skipped_file_produces_no_document() {
        let (report, added) = add(&[("program", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0")]);
        assert!(added[0].documents.is_empty());
        assert_eq!(added[0].skipped, report.skipped);
        assert_eq!(report.skipped.len(), 1);
    }

    #[test]
    fn texts_are_kept_only_when_asked() {
        let html: &[u8] = b"<p>The pier.</p>";
        let mut a = Analyzer::new(Options::default()).unwrap();
        let never = a.add_file_keeping("page.html", html, KeepTexts::Never);
        let kept = a.add_file_keeping("page.html", html, KeepTexts::Extracted);
        let md = a.add_file_keeping("notes.md", b"# The *pier*\n", KeepTexts::Extracted);
        let report = a.finish().unwrap();
        assert_eq!(never.documents[0].texts, None);
        assert_eq!(
            never.documents[0].paragraph_texts(&report.documents[0], html),
            None
        );
        assert_eq!(
            kept.documents[0].paragraph_texts(&report.documents[1], html),
            Some(vec!["The pier.".to_owned()])
        );
        // Markdown's spans hold its text (syntax and all): nothing is kept.
        assert_eq!(md.documents[0].texts, None);
        assert_eq!(
            md.documents[0].paragraph_texts(&report.documents[2], b"# The *pier*\n"),
            Some(vec!["# The *pier*".to_owned()])
        );
    }

    #[test]
    fn a_span_outside_its_bytes_gives_no_text() {
        let file: &[u8] = b"The pier will be rebuilt.\n";
        let (report, added) = add(&[("a.txt", file)]);
        let o = &added[0].documents[0];
        assert_eq!(o.paragraph_text(&report.documents[0], &file[..5], 0), None);
        assert_eq!(o.paragraph_text(&report.documents[0], file, 1), None);
    }

    #[test]
    fn extracted_texts_round_trip_empty_and_unicode_paragraphs() {
        let t = ExtractedTexts::new(["", "caf\u{e9}", "", "x"]);
        assert_eq!(t.len(), 4);
        let got: Vec<_> = (0..5).map(|i| t.get(i)).collect();
        assert_eq!(
            got,
            [Some(""), Some("caf\u{e9}"), Some(""), Some("x"), None]
        );
        assert!(ExtractedTexts::new([]).is_empty());
    }
}
