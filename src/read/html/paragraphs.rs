//! The block structure: which elements end a paragraph, which hide their
//! content, and the walk over the tokenizer's events that gathers the
//! visible paragraphs.

use html5gum::Tokenizer;

use super::emitter::{Event, SpanEmitter};

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

/// The visible paragraphs of `text` (decoded HTML): decoded start, end and
/// the text to compare.
pub(super) fn extract(text: &str) -> Vec<(usize, usize, String)> {
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
    use crate::read::html::tests::texts;

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
}
