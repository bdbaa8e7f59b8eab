//! The tokenizer's output as the reader needs it: text and tags in source
//! order, every character placed in the source ([`SpanEmitter`]).

use std::collections::VecDeque;
use std::ops::Range;

use html5gum::{Emitter, State};

/// Text and tags of a page, in source order, as the reader needs them.
pub(super) enum Event {
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

/// An [`Emitter`] that keeps only what
/// [`extract`](super::paragraphs::extract) uses and places every
/// character in the source. The tokenizer reports its reading position
/// through `move_position`; when it emits characters, they are either the
/// bytes just before that position (plain text) or the replacement for a
/// character reference that starts at the first `&` after the previous
/// piece of text or markup.
pub(super) struct SpanEmitter<'a> {
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
    pub(super) fn new(source: &'a str) -> Self {
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

#[cfg(test)]
mod tests {
    use crate::read::html::paragraphs::extract;
    use crate::read::html::tests::{read, texts};

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
}
