//! Word `.docx`: a zip archive whose `word/document.xml` holds the text.
//! Every `w:p` is a paragraph (text from `w:t`, `w:tab` as a tab, `w:br` and
//! `w:cr` as a line break). A .docx has no text bytes to point into, so a
//! paragraph's span is its index among all `w:p` elements (`start = i`,
//! `end = i + 1`), empty paragraphs included in the numbering.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use super::archive::MAX_ENTRY_BYTES;
use super::{ExtractedParagraph, Format, Input, Item};
use crate::decode::Encoding;
use crate::report::SourceFormat;

/// The warning every .docx document carries.
pub const INDEX_SPANS: &str = "spans are paragraph indices (a .docx has no text bytes)";

/// The `.docx` reader.
pub(super) struct Docx;

impl Format for Docx {
    fn read<'a>(&self, input: &Input<'_, 'a>) -> Vec<Item<'a>> {
        vec![match document_xml(input.bytes) {
            Ok(xml) => {
                let (paragraphs, error) = paragraphs(&xml);
                let mut warnings = vec![INDEX_SPANS.to_owned()];
                if let Some(e) = error {
                    warnings.push(format!(
                        "word/document.xml is malformed ({e}); the paragraphs before the error were read"
                    ));
                }
                let paragraphs = paragraphs
                    .into_iter()
                    .map(|(i, text)| ExtractedParagraph {
                        start: i as u64,
                        end: i as u64 + 1,
                        line: 1,
                        text,
                    })
                    .collect();
                input.document(SourceFormat::Docx, Encoding::Utf8, warnings, paragraphs)
            }
            Err(reason) => input.skipped(reason),
        }]
    }
}

/// The decompressed `word/document.xml` of a .docx, or why it cannot be had.
fn document_xml(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a valid .docx: {e}"))?;
    let mut xml = Vec::new();
    let found = archive.by_name("word/document.xml");
    match found {
        Ok(file) => {
            if file.encrypted() {
                return Err("not a valid .docx: word/document.xml is encrypted".into());
            }
            if let Err(e) = file.take(MAX_ENTRY_BYTES + 1).read_to_end(&mut xml) {
                return Err(format!(
                    "not a valid .docx: cannot decompress word/document.xml: {e}"
                ));
            }
            if xml.len() as u64 > MAX_ENTRY_BYTES {
                return Err(format!(
                    "word/document.xml is larger than {} MiB uncompressed; not read",
                    MAX_ENTRY_BYTES >> 20
                ));
            }
            Ok(xml)
        }
        Err(zip::result::ZipError::FileNotFound) => {
            Err("not a valid .docx: word/document.xml missing".into())
        }
        Err(e) => Err(format!("not a valid .docx: {e}")),
    }
}

/// The non-empty paragraphs of `word/document.xml` with their indices, in
/// order, and the XML error that stopped reading, if any.
fn paragraphs(xml: &[u8]) -> (Vec<(usize, String)>, Option<String>) {
    let mut reader = Reader::from_reader(xml);
    let mut out = Vec::new();
    // Open paragraphs (text boxes nest them): index and text.
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut next = 0usize;
    let mut in_text = false;
    let error = loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => break Some(e.to_string()),
        };
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"w:p" => {
                    open.push((next, String::new()));
                    next += 1;
                }
                b"w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => {
                let add = match e.name().as_ref() {
                    b"w:p" => {
                        next += 1;
                        None
                    }
                    b"w:tab" => Some('\t'),
                    b"w:br" | b"w:cr" => Some('\n'),
                    _ => None,
                };
                if let (Some(c), Some((_, text))) = (add, open.last_mut()) {
                    text.push(c);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:p" => {
                    if let Some((i, text)) = open.pop() {
                        if !text.trim().is_empty() {
                            out.push((i, text));
                        }
                    }
                }
                b"w:t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let (Ok(s), Some((_, text))) = (t.decode(), open.last_mut()) {
                    text.push_str(&s);
                }
            }
            Event::CData(t) if in_text => {
                if let (Ok(s), Some((_, text))) = (t.decode(), open.last_mut()) {
                    text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.decode().as_deref() {
                        Ok("amp") => Some('&'),
                        Ok("lt") => Some('<'),
                        Ok("gt") => Some('>'),
                        Ok("quot") => Some('"'),
                        Ok("apos") => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(c), Some((_, text))) = (c, open.last_mut()) {
                    text.push(c);
                }
            }
            Event::Eof => break None,
            _ => {}
        }
    };
    // Paragraphs still open at an error keep what they had.
    out.extend(open.into_iter().filter(|(_, t)| !t.trim().is_empty()));
    out.sort_by_key(|&(i, _)| i);
    (out, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// What the .docx reader makes of a file: one item.
    fn read<'a>(name: &'a str, bytes: &'a [u8]) -> Item<'a> {
        let mut items = Docx.read(&Input::test(name, bytes, false));
        assert_eq!(items.len(), 1, "{items:?}");
        items.remove(0)
    }

    fn docx(document: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("[Content_Types].xml", o).unwrap();
        w.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
        w.start_file("word/document.xml", o).unwrap();
        w.write_all(document.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_with_index_spans() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>First </w:t></w:r><w:r><w:t xml:space="preserve">para &amp; more</w:t><w:tab/><w:t>x</w:t></w:r></w:p>
<w:p/>
<w:p><w:pPr/></w:p>
<w:p><w:r><w:t>line</w:t><w:br/><w:t>two &#233;</w:t><w:delText>gone</w:delText></w:r></w:p>
</w:body></w:document>"#;
        let Item::Extracted(e) = read("a.docx", &docx(xml)) else {
            panic!()
        };
        let got: Vec<(u64, u64, &str)> = e
            .paragraphs
            .iter()
            .map(|p| (p.start, p.end, p.text.as_str()))
            .collect();
        assert_eq!(got, [(0, 1, "First para & more\tx"), (3, 4, "line\ntwo é")]);
        assert_eq!(e.warnings, [INDEX_SPANS]);
        assert_eq!(e.format, SourceFormat::Docx);
    }

    #[test]
    fn broken_docx_is_skipped_or_partial() {
        let reason = |item: Item| match item {
            Item::Skipped(s) => s.reason,
            other => panic!("{other:?}"),
        };
        assert!(reason(read("a.docx", b"PK\x03\x04junk")).starts_with("not a valid .docx"));
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("x.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        let empty = w.finish().unwrap().into_inner();
        assert_eq!(
            reason(read("a.docx", &empty)),
            "not a valid .docx: word/document.xml missing"
        );
        let Item::Extracted(e) = read(
            "a.docx",
            &docx("<w:p><w:t>kept text</w:t></w:p><w:p><w:t>cut</w:x>"),
        ) else {
            panic!()
        };
        assert_eq!(e.paragraphs[0].text, "kept text");
        assert!(e.warnings[1].contains("malformed"));
    }
}
