//! HTML: a spec-compliant tokenizer (`html5tokenizer`) turns the page into
//! tags and characters, each character with its byte range in the decoded
//! text. Block elements (`p`, `li`, headings, table cells, `div` …) end a
//! paragraph; two `<br>` in a row do too. Text inside `head`, `script`,
//! `style`, `nav`, `noscript`, `template` and the like, comments and hidden
//! elements is ignored. A paragraph's span runs from its first to its last
//! visible character in the original bytes (markup in between included);
//! its text has entities decoded and tags removed.
//!
//! The charset is a byte-order mark if there is one, else the one declared
//! by `<meta charset>` or `<meta http-equiv="content-type">` in the first
//! 1024 bytes, else what [`decode`] finds.

use html5tokenizer::offset::PosTrackingReader;
use html5tokenizer::token::AttributeMap;
use html5tokenizer::trace::Trace;
use html5tokenizer::{NaiveParser, Token, TracingEmitter};

use crate::decode::{decode, decode_declared, Decoded};

use super::{Extracted, ExtractedParagraph, LineCounter, SourceFormat};

/// How far into the file a charset declaration is looked for (as browsers do).
const PRESCAN: usize = 1024;

/// End tags are matched against at most this many open elements, so deeply
/// misnested pages cannot make reading quadratic.
const MATCH_DEPTH: usize = 256;

/// Elements that end a paragraph where they start and where they end.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is never prose to compare.
const IGNORED: &[&str] = &[
    "head", "title", "script", "style", "nav", "noscript", "template", "iframe", "noembed",
    "noframes", "textarea", "select", "svg", "math", "object",
];

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose open instance a new one of the same name implicitly closes.
const SELF_CLOSING_SIBLINGS: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];

/// Reads an HTML file.
pub fn read(name: &str, bytes: &[u8]) -> Extracted {
    let (decoded, mut warnings) = decode_html(bytes);
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
    if paragraphs.is_empty() && !bytes.is_empty() {
        warnings.push("no visible text found in this HTML".into());
    }
    Extracted {
        name: name.to_owned(),
        bytes: bytes.len() as u64,
        encoding: decoded.encoding,
        format: SourceFormat::Html,
        warnings,
        paragraphs,
        source: None,
    }
}

/// Decodes a page in the charset it declares, with a warning when the
/// declaration cannot be honoured.
fn decode_html(bytes: &[u8]) -> (Decoded, Vec<String>) {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return (decode(bytes), Vec::new());
    }
    let Some(label) = declared_charset(bytes) else {
        return (decode(bytes), Vec::new());
    };
    match encoding_rs::Encoding::for_label(label.as_bytes()) {
        // A page cannot declare UTF-16 in ASCII; browsers read it as UTF-8.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
            (decode(bytes), Vec::new())
        }
        Some(e) if e == encoding_rs::X_USER_DEFINED => {
            (decode_declared(bytes, encoding_rs::WINDOWS_1252), Vec::new())
        }
        Some(e) if e == encoding_rs::REPLACEMENT => (
            decode(bytes),
            vec![format!(
                "declared charset {label:?} is not supported for reading; read as UTF-8 or Windows-1252"
            )],
        ),
        Some(e) => (decode_declared(bytes, e), Vec::new()),
        None => (
            decode(bytes),
            vec![format!(
                "unknown charset {label:?} declared; read as UTF-8 or Windows-1252"
            )],
        ),
    }
}

/// The charset label of the first `<meta>` in the first [`PRESCAN`] bytes
/// that declares one (`charset=…` or `content="…; charset=…"`).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(PRESCAN)).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    for at in memchr::memmem::find_iter(&lower, b"<meta") {
        let tag = lower.get(at..).unwrap_or_default();
        let tag = tag
            .get(..memchr::memchr(b'>', tag).unwrap_or(tag.len()))
            .unwrap_or(tag);
        let Some(c) = memchr::memmem::find(tag, b"charset") else {
            continue;
        };
        let rest = tag.get(c + "charset".len()..).unwrap_or_default();
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|&b| {
                matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
            })
            .unwrap_or(rest.len());
        let label = String::from_utf8_lossy(rest.get(..end).unwrap_or_default()).into_owned();
        if !label.is_empty() {
            return Some(label);
        }
    }
    None
}

/// Whether an element's attributes hide it.
fn hidden(attributes: &AttributeMap) -> bool {
    if attributes.get("hidden").is_some() {
        return true;
    }
    if attributes
        .get("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    attributes.get("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// The paragraph being gathered.
#[derive(Default)]
struct Current {
    text: String,
    /// Decoded offset of its first visible character.
    start: Option<usize>,
    /// Decoded offset just past its last visible character.
    end: usize,
    /// Length of `text` up to its last visible character.
    visible_len: usize,
    /// A `<br>` came after the last visible character.
    after_break: bool,
}

impl Current {
    fn push(&mut self, c: char, range: std::ops::Range<usize>) {
        if c.is_whitespace() {
            if self.start.is_some() {
                self.text.push(c);
            }
            return;
        }
        self.start = Some(self.start.map_or(range.start, |s| s.min(range.start)));
        self.text.push(c);
        self.visible_len = self.text.len();
        self.end = self.end.max(range.end);
        self.after_break = false;
    }

    fn flush(&mut self, out: &mut Vec<(usize, usize, String)>) {
        let mut done = std::mem::take(self);
        if let Some(start) = done.start {
            done.text.truncate(done.visible_len);
            out.push((start, done.end.max(start), done.text));
        }
    }

    /// A `<br>`: a line break, and a paragraph break if it is the second.
    fn line_break(&mut self, out: &mut Vec<(usize, usize, String)>) {
        if self.after_break {
            self.flush(out);
        } else if self.start.is_some() {
            self.text.push('\n');
            self.after_break = true;
        }
    }
}

/// The true source range of a character token. The tokenizer reports a
/// `<` that did not open a tag (as in `x < y`) at the position of the
/// character after it; the `<` itself is the last one at or before that.
/// Ranges are also kept on character boundaries inside the text.
fn char_range(text: &str, c: char, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let bytes = text.as_bytes();
    let mut start = range.start.min(text.len());
    // A `<` written as a character reference (`&lt;`) has its true range.
    if c == '<' && !matches!(bytes.get(start), Some(b'<' | b'&')) {
        let upto = (start + 1).min(bytes.len());
        if let Some(p) = bytes[..upto].iter().rposition(|&b| b == b'<') {
            return p..p + 1;
        }
    }
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The visible paragraphs of `text` (decoded HTML): decoded start, end and
/// the text to compare.
fn extract(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut current = Current::default();
    // Open elements: name, and whether it hides its content.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut hiding = 0usize;
    let mut heads = 0usize;
    let parser =
        NaiveParser::new_with_emitter(PosTrackingReader::new(text), TracingEmitter::default());
    for event in parser {
        let Ok((token, trace)) = event;
        match token {
            Token::Char(c) => {
                if hiding == 0 {
                    if let Trace::Char(range) = trace {
                        current.push(c, char_range(text, c, range));
                    }
                }
            }
            Token::StartTag(tag) => {
                let name = tag.name.as_str();
                let block = BLOCKS.contains(&name);
                if name == "br" {
                    if hiding == 0 {
                        current.line_break(&mut out);
                    }
                    continue;
                }
                if block {
                    current.flush(&mut out);
                    // A page's body starts where its first block does, even
                    // without `</head>`.
                    if heads > 0 {
                        open.retain(|(n, _)| n != "head");
                        heads = 0;
                        hiding = open.iter().filter(|(_, h)| *h).count();
                    }
                }
                if SELF_CLOSING_SIBLINGS.contains(&name)
                    && open.last().is_some_and(|(n, _)| n == name)
                {
                    if let Some((_, h)) = open.pop() {
                        hiding -= usize::from(h);
                    }
                }
                if VOID.contains(&name) || tag.self_closing {
                    continue;
                }
                let hides = IGNORED.contains(&name) || hidden(&tag.attributes);
                if name == "head" {
                    heads += 1;
                }
                hiding += usize::from(hides);
                open.push((tag.name, hides));
            }
            Token::EndTag(tag) => {
                let name = tag.name.as_str();
                if name == "br" {
                    if hiding == 0 {
                        current.line_break(&mut out);
                    }
                    continue;
                }
                if BLOCKS.contains(&name) {
                    current.flush(&mut out);
                }
                let depth = open.len();
                let found = open
                    .iter()
                    .rev()
                    .take(MATCH_DEPTH)
                    .position(|(n, _)| n == name);
                if let Some(back) = found {
                    for (n, h) in open.drain(depth - back - 1..) {
                        hiding -= usize::from(h);
                        heads -= usize::from(n == "head");
                    }
                }
            }
            Token::EndOfFile => current.flush(&mut out),
            Token::Comment(_) | Token::Doctype(_) => {}
        }
    }
    current.flush(&mut out);
    // Whatever the tokenizer's positions, spans never go backwards.
    let mut prev = 0;
    for p in &mut out {
        p.0 = p.0.max(prev);
        p.1 = p.1.max(p.0);
        prev = p.1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        read("t.html", html.as_bytes())
            .paragraphs
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn blocks_are_paragraphs_and_noise_is_ignored() {
        let html = "<!DOCTYPE html><html><head><title>Page title</title>\
            <style>p { color: red }</style><script>var x = '<p>no</p>';</script></head>\
            <body><nav><a href=/>Home</a> <a href=/news>News</a></nav>\
            <h1>The headline</h1>\
            <p>First <b>bold</b> paragraph &amp; more&hellip;</p>\
            <!-- a comment with words -->\
            <div hidden>hidden words</div><p aria-hidden=\"true\">aria words</p>\
            <p style=\"display: none\">styled away</p>\
            <ul><li>one item<li>two item</ul>\
            <div>Direct text<p>inner para</p>tail text</div>\
            <noscript>enable js</noscript><template>tpl</template>\
            <p>line one<br>line two<br><br>after breaks</p></body></html>";
        assert_eq!(
            texts(html),
            [
                "The headline",
                "First bold paragraph & more…",
                "one item",
                "two item",
                "Direct text",
                "inner para",
                "tail text",
                "line one\nline two",
                "after breaks"
            ]
        );
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
    fn declared_charset_is_honoured() {
        let mut html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\"></head><body><p>".to_vec();
        let start = html.len();
        html.extend_from_slice(b"\xa3\xf3d\xbc m\xb1ka");
        let end = html.len();
        html.extend_from_slice(b"</p></body></html>");
        let e = read("t.html", &html);
        assert_eq!(e.encoding.label(), "ISO-8859-2");
        assert_eq!(e.paragraphs[0].text, "Łódź mąka");
        assert_eq!(
            (e.paragraphs[0].start, e.paragraphs[0].end),
            (start as u64, end as u64)
        );
        let json = serde_json::to_string(&e.encoding).unwrap();
        assert_eq!(json, "\"ISO-8859-2\"");
        let back: crate::decode::Encoding = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e.encoding);
    }

    #[test]
    fn a_bare_less_than_sign_keeps_its_place() {
        for (src, want) in [("x < y", "x < y"), ("<\u{2039} hello", "<\u{2039} hello")] {
            let spans = extract(src);
            assert_eq!(spans.len(), 1, "{src:?}");
            assert_eq!(&src[spans[0].0..spans[0].1], want);
        }
        // Found by fuzzing: "<" then a byte that is not UTF-8.
        let e = read("a.htm", b"<\x8b");
        assert_eq!((e.paragraphs[0].start, e.paragraphs[0].end), (0, 2));
        // `&lt` (even without `;`) is a `<` with the entity's own range.
        let src = "<p>a &lt b</p><p>x &lt; y</p>";
        let spans = extract(src);
        assert_eq!(&src[spans[0].0..spans[0].1], "a &lt b");
        assert_eq!(&src[spans[1].0..spans[1].1], "x &lt; y");
    }

    #[test]
    fn multibyte_charset_offsets() {
        // Shift_JIS: two bytes per kana.
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("<meta charset=shift_jis><p>あいう</p>");
        let e = read("t.html", &bytes);
        let p = &e.paragraphs[0];
        assert_eq!(p.text, "あいう");
        assert_eq!((p.start, p.end), (27, 33));
    }

    #[test]
    fn charset_prescan() {
        assert_eq!(
            declared_charset(b"<META CHARSET='windows-1250'>").as_deref(),
            Some("windows-1250")
        );
        assert_eq!(declared_charset(b"<meta name=x>"), None);
        let d = decode_html(b"<meta charset=bogus><p>x</p>");
        assert!(d.1[0].contains("bogus"));
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
