//! HTML: a spec-compliant tokenizer (`html5gum`) turns the page into tags
//! and characters; [`SpanEmitter`](emitter::SpanEmitter) gives each
//! character its byte range in the decoded text. Block elements (`p`, `li`, headings, table cells,
//! `div` …) end a paragraph; two `<br>` in a row do too. Text inside
//! `head`, `script`, `style`, `nav`, `noscript`, `template` and the like,
//! comments and hidden elements is ignored. A paragraph's span runs from its
//! first to its last visible character in the original bytes (markup in
//! between included); its text has entities decoded and tags removed.
//!
//! The charset is a byte-order mark if there is one, else the one declared
//! by `<meta charset>` or `<meta http-equiv="content-type">` in the first
//! 1024 bytes, else what [`decode`](crate::decode::decode) finds.

// The charset (BOM, `<meta>` prescan), the tokenizer's events with their
// source ranges, and the walk that turns them into paragraphs.
mod charset;
mod emitter;
mod paragraphs;

use crate::report::SourceFormat;

use super::{ExtractedParagraph, Format, Input, Item, LineCounter};
use charset::decode_html;
use paragraphs::extract;

/// The HTML reader.
pub(super) struct Html;

impl Format for Html {
    fn read<'a>(&self, input: &Input<'_, 'a>) -> Vec<Item<'a>> {
        let (decoded, mut warnings) = decode_html(input.bytes);
        let spans = extract(&decoded.text);
        let mut lines = LineCounter::new(&decoded.text);
        let paragraphs: Vec<ExtractedParagraph> = spans
            .into_iter()
            .map(|(start, end, text)| ExtractedParagraph {
                start: decoded.offsets.original(start) as u64,
                end: decoded.offsets.original(end) as u64,
                line: lines.line_of(start) as u64,
                text,
            })
            .collect();
        warnings.extend(decoded.warnings);
        if paragraphs.is_empty() && !input.bytes.is_empty() {
            warnings.push("no visible text found in this HTML".into());
        }
        vec![input.document(SourceFormat::Html, decoded.encoding, warnings, paragraphs)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Extracted;

    /// The document the HTML reader gives for a file.
    pub(super) fn read(name: &str, bytes: &[u8]) -> Extracted {
        Input::test(name, bytes, false).only_document(&Html)
    }

    /// The texts of the paragraphs the HTML reader finds in `html`.
    pub(super) fn texts(html: &str) -> Vec<String> {
        read("t.html", html.as_bytes())
            .paragraphs
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn spans_cover_first_to_last_visible_byte() {
        let html = "<p>\n  Caf&eacute; <em>au</em> lait &lt;3  \n</p><p>x&amp;</p>";
        let e = read("t.html", html.as_bytes());
        let p = &e.paragraphs[0];
        assert_eq!(p.text, "Café au lait <3");
        assert_eq!(
            &html[p.start as usize..p.end as usize],
            "Caf&eacute; <em>au</em> lait &lt;3"
        );
        assert_eq!(p.line, 2);
        let q = &e.paragraphs[1];
        assert_eq!(&html[q.start as usize..q.end as usize], "x&amp;");
    }

    #[test]
    fn hostile_markup_does_not_panic() {
        for html in [
            "<",
            "</",
            "<p",
            "&",
            "&#",
            "&#x110000;",
            "<!--",
            "<script>",
            "</p></div></head>",
            "<head><p>no end head",
            "<svg><path/></svg>text",
            "<![CDATA[x]]>",
            "\u{0}<p>\u{0}</p>",
        ] {
            let _ = read("t.html", html.as_bytes());
        }
        let deep = "<b>".repeat(20_000) + "x" + &"</i>".repeat(20_000);
        assert_eq!(texts(&deep), ["x"]);
        assert_eq!(texts("<head><p>no end head"), ["no end head"]);
    }
}
