//! HTML: a spec-compliant tokenizer (`html5gum`) turns the page into tags
//! and characters; [`SpanEmitter`] gives each character its byte range in
//! the decoded text. Block elements (`p`, `li`, headings, table cells,
//! `div` …) end a paragraph; two `<br>` in a row do too. Text inside
//! `head`, `script`, `style`, `nav`, `noscript`, `template` and the like,
//! comments and hidden elements is ignored. A paragraph's span runs from its
//! first to its last visible character in the original bytes (markup in
//! between included); its text has entities decoded and tags removed.
//!
//! The charset is a byte-order mark if there is one, else the one declared
//! by `<meta charset>` or `<meta http-equiv="content-type">` in the first
//! 1024 bytes, else what [`decode`] finds.

use std::collections::VecDeque;
use std::ops::Range;

use html5gum::{Emitter, State, Tokenizer};

use crate::decode::{decode, decode_declared, Decoded};
use crate::report::SourceFormat;

use super::{ExtractedParagraph, Format, Input, Item, LineCounter};

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
fn hidden(attributes: &[(String, String)]) -> bool {
    let get = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if get("hidden").is_some() {
        return true;
    }
    if get("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    get("style").is_some_and(|s| {
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

/// Text and tags of a page, in source order, as the reader needs them.
enum Event {
    /// Characters copied from the source: `range` of the decoded text,
    /// with a carriage return read as a line feed.
    Raw(Range<usize>),
    /// Characters the tokenizer made (a character reference decoded, a
    /// NUL replaced): all of them stand for `range` of the source.
    Made(String, Range<usize>),
    /// A start tag: lowercase name, attributes (first of each name wins),
    /// and whether it ended with `/>`.
    Start(String, Vec<(String, String)>, bool),
    /// An end tag's lowercase name.
    End(String),
}

/// An [`Emitter`] that keeps only what [`extract`] uses and places every
/// character in the source. The tokenizer reports its reading position
/// through `move_position`; when it emits characters, they are either the
/// bytes just before that position (plain text) or the replacement for a
/// character reference that starts at the first `&` after the previous
/// piece of text or markup.
struct SpanEmitter<'a> {
    source: &'a [u8],
    /// The tokenizer's position in `source`.
    position: usize,
    /// Where the next piece of text can start: the end of the last text
    /// or markup emitted.
    text_from: usize,
    events: VecDeque<Event>,
    /// The last replacement, held back until the next event: at the end
    /// of the input the tokenizer reports a reference's end one byte short.
    made: Option<(String, Range<usize>)>,
    tag_name: Vec<u8>,
    tag_is_end: bool,
    self_closing: bool,
    attributes: Vec<(String, String)>,
    attribute: Option<(Vec<u8>, Vec<u8>)>,
    last_start_tag: Vec<u8>,
}

impl<'a> SpanEmitter<'a> {
    fn new(source: &'a str) -> Self {
        SpanEmitter {
            source: source.as_bytes(),
            position: 0,
            text_from: 0,
            events: VecDeque::new(),
            made: None,
            tag_name: Vec::new(),
            tag_is_end: false,
            self_closing: false,
            attributes: Vec::new(),
            attribute: None,
            last_start_tag: Vec::new(),
        }
    }

    /// Whether `s` is a copy of `source[start..]` (a carriage return is
    /// emitted as a line feed).
    fn is_copy_at(&self, s: &[u8], start: usize) -> bool {
        self.source
            .get(start..start.saturating_add(s.len()))
            .is_some_and(|src| {
                src.iter()
                    .zip(s)
                    .all(|(&a, &b)| a == b || (a == b'\r' && b == b'\n'))
            })
    }

    /// Where `s`, emitted at reading position `end`, was copied from, if it
    /// is a copy. Mostly the bytes just before the position; but the
    /// tokenizer emits a `</` that did not start an end tag (in raw text)
    /// only after the name that follows it, so a copy may also start where
    /// the previous text or markup ended, unless a reference starts there.
    fn copied_from(&self, s: &[u8], end: usize) -> Option<usize> {
        let from = self.text_from;
        if let Some(start) = end.checked_sub(s.len()) {
            // A reference's `&` between the previous text and this one
            // means the bytes are its replacement, even if they look like
            // its end (`&semi;`).
            if start >= from
                && memchr::memchr(b'&', self.source.get(from..start).unwrap_or_default()).is_none()
                && self.is_copy_at(s, start)
            {
                return Some(start);
            }
        }
        (self.source.get(from) != Some(&b'&')
            && from.saturating_add(s.len()) <= end
            && self.is_copy_at(s, from))
        .then_some(from)
    }

    /// Queues the held-back replacement, if any.
    fn release_made(&mut self) {
        if let Some((s, range)) = self.made.take() {
            self.events.push_back(Event::Made(s, range));
        }
    }

    /// Queues an event after the held-back replacement, if any.
    fn push(&mut self, event: Event) {
        self.release_made();
        self.events.push_back(event);
    }

    fn flush_attribute(&mut self) {
        if let Some((name, value)) = self.attribute.take() {
            let name = String::from_utf8_lossy(&name).into_owned();
            if !self.attributes.iter().any(|(n, _)| *n == name) {
                self.attributes
                    .push((name, String::from_utf8_lossy(&value).into_owned()));
            }
        }
    }
}

/// The tokenizer state after a start tag, as a parser without a tree
/// would guess it: raw text inside `script`, `style` and the like.
fn next_state(tag: &[u8]) -> Option<State> {
    match tag {
        b"title" | b"textarea" => Some(State::RcData),
        b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" => Some(State::RawText),
        b"script" => Some(State::ScriptData),
        b"plaintext" => Some(State::PlainText),
        _ => None,
    }
}

impl Emitter for SpanEmitter<'_> {
    type Token = Event;

    fn move_position(&mut self, offset: isize) {
        self.position = self.position.saturating_add_signed(offset);
    }

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        if let Some((s, mut range)) = self.made.take() {
            // The reference ran to the end of the input (see `made`).
            if range.end + 1 == self.source.len() && self.position == self.source.len() {
                range.end += 1;
            }
            self.events.push_back(Event::Made(s, range));
        }
    }

    fn emit_error(&mut self, _: html5gum::Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn emit_string(&mut self, s: &[u8]) {
        let end = self.position.min(self.source.len());
        if let Some(start) = self.copied_from(s, end) {
            self.push(Event::Raw(start..start + s.len()));
            self.text_from = start + s.len();
            return;
        }
        // A replacement: it starts where the previous text or markup ended,
        // at the reference's `&` if there is one.
        let from = self.text_from.min(self.source.len());
        let upto = end.max(from);
        let start = memchr::memchr(b'&', &self.source[from..upto]).map_or(from, |i| from + i);
        let end = end.max(start + 1).min(self.source.len());
        self.release_made();
        self.made = Some((
            String::from_utf8_lossy(s).into_owned(),
            start..end.max(start),
        ));
        self.text_from = end.max(start);
    }

    fn init_start_tag(&mut self) {
        self.tag_name.clear();
        self.tag_is_end = false;
        self.self_closing = false;
        self.attributes.clear();
        self.attribute = None;
    }

    fn init_end_tag(&mut self) {
        self.init_start_tag();
        self.tag_is_end = true;
    }

    fn init_comment(&mut self) {}

    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_attribute();
        self.text_from = self.position;
        let name = String::from_utf8_lossy(&self.tag_name).into_owned();
        if self.tag_is_end {
            self.push(Event::End(name));
            return None;
        }
        self.last_start_tag.clone_from(&self.tag_name);
        let attributes = std::mem::take(&mut self.attributes);
        self.push(Event::Start(name, attributes, self.self_closing));
        next_state(&self.tag_name)
    }

    fn emit_current_comment(&mut self) {
        self.release_made();
        self.text_from = self.position;
    }

    fn emit_current_doctype(&mut self) {
        self.release_made();
        self.text_from = self.position;
    }

    fn set_self_closing(&mut self) {
        self.self_closing = true;
    }

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, s: &[u8]) {
        self.tag_name.extend_from_slice(s);
    }

    fn push_comment(&mut self, _: &[u8]) {}

    fn push_doctype_name(&mut self, _: &[u8]) {}

    fn init_doctype(&mut self) {}

    fn init_attribute(&mut self) {
        self.flush_attribute();
        self.attribute = Some((Vec::new(), Vec::new()));
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        if let Some((name, _)) = &mut self.attribute {
            name.extend_from_slice(s);
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        if let Some((_, value)) = &mut self.attribute {
            value.extend_from_slice(s);
        }
    }

    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.tag_is_end && !self.tag_name.is_empty() && self.tag_name == self.last_start_tag
    }
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
    for event in Tokenizer::new_with_emitter(text, SpanEmitter::new(text)) {
        let Ok(event) = event;
        match event {
            Event::Raw(range) => {
                if hiding == 0 {
                    // Every character that starts inside the range (a
                    // character split between two pieces belongs to the first).
                    let mut at = range.start;
                    while at < range.end {
                        let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
                            at += 1;
                            continue;
                        };
                        let len = c.len_utf8();
                        current.push(if c == '\r' { '\n' } else { c }, at..at + len);
                        at += len;
                    }
                }
            }
            Event::Made(s, range) => {
                if hiding == 0 {
                    for c in s.chars() {
                        current.push(c, range.clone());
                    }
                }
            }
            Event::Start(name, attributes, self_closing) => {
                let name = name.as_str();
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
                if VOID.contains(&name) || self_closing {
                    continue;
                }
                let hides = IGNORED.contains(&name) || hidden(&attributes);
                if name == "head" {
                    heads += 1;
                }
                hiding += usize::from(hides);
                open.push((name.to_owned(), hides));
            }
            Event::End(name) => {
                let name = name.as_str();
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
    use crate::read::Extracted;

    /// The document the HTML reader gives for a file.
    fn read(name: &str, bytes: &[u8]) -> Extracted {
        Input::test(name, bytes, false).only_document(&Html)
    }

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

    /// Each case: source, then the text each paragraph's span must cover.
    /// html5tokenizer 0.5.2 ended spans inside a closing named reference
    /// (`&hell` of `&hellip;`), past a numeric one without `;`, short of a
    /// reference at the very end, started text after a self-closed raw-text
    /// element at byte 0, and put a `<` before a `<` on the second one.
    #[test]
    fn spans_match_the_source_around_references_and_raw_text() {
        for (src, want) in [
            ("<p>Elided &hellip;</p>", &["Elided &hellip;"][..]),
            (
                "<li>Python &raquo;</li><p>x&para;</p>",
                &["Python &raquo;", "x&para;"],
            ),
            ("<p>&NotEqualTilde; y</p>", &["&NotEqualTilde; y"]),
            ("<p>a &#65\n</p>", &["a &#65"]),
            ("<p>a &amp\u{a0}</p>", &["a &amp"]),
            ("tail &amp;", &["tail &amp;"]),
            ("tail &#x", &["tail &#x"]),
            ("<xmp>\n<p>shown</p>", &["<p>shown</p>"]),
            ("<script/>\n<p>shown</p>", &["<p>shown</p>"]),
            ("<<head>\n<p>end</p>", &["<", "end"]),
            ("<p>&semi; b</p>", &["&semi; b"]),
            // In raw text, `</b` is emitted as text only after its name.
            ("<xmp>a</b>\u{a0}", &["a</b>"]),
        ] {
            let got: Vec<&str> = extract(src).iter().map(|p| &src[p.0..p.1]).collect();
            assert_eq!(got, want, "{src:?}");
        }
    }

    /// A script ends at its own end tag even after a `<!--` and an end tag
    /// that is not its own (html5tokenizer 0.5.2 never ended it).
    #[test]
    fn script_ends_at_its_end_tag_after_a_comment_opener() {
        assert_eq!(
            texts("<script>if (a</b) x = '<!--';</script><p>after the script</p>"),
            ["after the script"]
        );
    }

    /// Markup-shaped text: tags of every kind the reader treats apart,
    /// references with and without `;`, raw-text elements, line ends,
    /// non-ASCII, and stray `<` and `&`.
    fn markup() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<br>",
            "<br/>",
            "<div hidden>",
            "</div>",
            "<b>",
            "</b>",
            "<li>",
            "<td>",
            "<h1>",
            "</h1>",
            "<head>",
            "</head>",
            "<title>",
            "</title>",
            "<script>",
            "</script>",
            "<script/>",
            "<style>",
            "</style>",
            "<xmp>",
            "</xmp>",
            "<textarea>",
            "<plaintext>",
            "<noscript>",
            "<!--",
            "-->",
            "<!DOCTYPE html>",
            "<![CDATA[",
            "]]>",
            "<a href='&amp;x'>",
            "</a>",
            "<p style='display:none'>",
            "&amp;",
            "&amp",
            "&lt",
            "&hellip;",
            "&raquo;",
            "&#65",
            "&#x41;",
            "&#",
            "&#x",
            "&",
            "&&",
            "&semi;",
            "&NotEqualTilde;",
            "&notit;",
            "&nbsp;",
            "<",
            "</",
            "< ",
            "<<",
            "x",
            "word ",
            "caf\u{e9}",
            "\u{2039}",
            "\u{65e5}\u{672c}",
            " ",
            "\n",
            "\r\n",
            "\r",
            "\0",
            "\t",
            "=",
            "'",
            "\"",
        ];
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        /// Spans are ordered, on character boundaries, start and end on a
        /// visible character, and never end inside a character reference.
        #[test]
        fn spans_are_trimmed_and_never_cut_a_reference(src in markup()) {
            let mut prev = 0;
            for (start, end, text) in extract(&src) {
                proptest::prop_assert!(prev <= start && start < end && end <= src.len());
                proptest::prop_assert!(src.is_char_boundary(start) && src.is_char_boundary(end));
                let span = &src[start..end];
                proptest::prop_assert!(!span.starts_with(char::is_whitespace), "{:?}", span);
                proptest::prop_assert!(!span.ends_with(char::is_whitespace), "{:?}", span);
                proptest::prop_assert!(!text.is_empty());
                if let Some(amp) = span.rfind('&') {
                    let tail = &span.as_bytes()[amp + 1..];
                    if tail.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'#') {
                        let next = src.as_bytes().get(end);
                        proptest::prop_assert!(
                            !next.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b';'),
                            "{:?} ends inside a reference", span
                        );
                    }
                }
                prev = end;
            }
        }
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
