//! Splitting decoded text into paragraphs.
//!
//! A paragraph is a block of lines between blank (or whitespace-only)
//! lines. In [`Segmentation::Auto`] mode a block is further examined: if it
//! looks like hard-wrapped prose its lines are joined, otherwise (as in text
//! with one paragraph per line) every line is its own paragraph. List items
//! and headings always start a new paragraph.

use serde::{Deserialize, Serialize};

/// How text is split into paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Segmentation {
    /// Blank lines separate paragraphs; inside a block, hard-wrapped prose is
    /// joined and one-paragraph-per-line text is split by line.
    #[default]
    Auto,
    /// Only blank lines separate paragraphs.
    Blank,
    /// Every non-blank line is a paragraph.
    Line,
}

impl std::str::FromStr for Segmentation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Segmentation::Auto),
            "blank" => Ok(Segmentation::Blank),
            "line" => Ok(Segmentation::Line),
            other => Err(format!(
                "unknown segmentation mode {other:?} (expected auto, blank or line)"
            )),
        }
    }
}

/// A paragraph's place in the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Byte offset of the first non-whitespace character.
    pub start: usize,
    /// Byte offset just past the last non-whitespace character.
    pub end: usize,
    /// 1-based line number of `start`.
    pub line: usize,
}

/// One line of text, without its terminator, trimmed of surrounding
/// whitespace. Blank lines have `start == end`.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    number: usize,
}

/// Hard-wrapped prose is wrapped at a width between these (in characters).
const WRAP_WIDTH: std::ops::RangeInclusive<usize> = 40..=100;

/// Splits `text` into paragraphs.
pub fn segment(text: &str, mode: Segmentation) -> Vec<Segment> {
    // Only lines with text are kept, and blocks as ranges of them: a file
    // of millions of blank lines costs nothing per blank line.
    let mut lines = Vec::new();
    let mut bounds = Vec::new();
    let mut block_start = 0;
    split_lines(text, |l| {
        if l.start < l.end {
            lines.push(l);
        } else {
            if lines.len() > block_start {
                bounds.push(block_start..lines.len());
            }
            block_start = lines.len();
        }
    });
    if lines.len() > block_start {
        bounds.push(block_start..lines.len());
    }
    let blocks: Vec<&[Line]> = bounds.into_iter().map(|r| &lines[r]).collect();
    let mut out = Vec::new();
    let emit = |out: &mut Vec<Segment>, first: &Line, last: &Line| {
        out.push(Segment {
            start: first.start,
            end: last.end,
            line: first.number,
        })
    };
    match mode {
        Segmentation::Blank => {
            for b in blocks {
                emit(&mut out, &b[0], &b[b.len() - 1]);
            }
        }
        Segmentation::Line => lines.iter().for_each(|l| emit(&mut out, l, l)),
        Segmentation::Auto => {
            let blocks: Vec<Block> = blocks.into_iter().map(|b| Block::new(text, b)).collect();
            // Blocks that could go either way follow the rest of the document.
            let wrapped = blocks
                .iter()
                .filter(|b| b.layout == Layout::Wrapped)
                .count();
            let by_line = blocks.iter().filter(|b| b.layout == Layout::ByLine).count();
            for b in &blocks {
                let join = match b.layout {
                    Layout::Wrapped => true,
                    Layout::ByLine => false,
                    Layout::Unsure => wrapped > by_line,
                };
                if !join {
                    b.lines.iter().for_each(|l| emit(&mut out, l, l));
                    continue;
                }
                let mut first = 0;
                for i in 1..b.lines.len() {
                    let ended_early = !b.full(i - 1) && ends_sentence(b.text[i - 1]);
                    if starts_item(b.text[i]) || is_heading(b.text[i - 1]) || ended_early {
                        emit(&mut out, &b.lines[first], &b.lines[i - 1]);
                        first = i;
                    }
                }
                emit(&mut out, &b.lines[first], &b.lines[b.lines.len() - 1]);
            }
        }
    }
    out
}

/// How the lines of a block relate to its paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Hard-wrapped prose: lines are joined.
    Wrapped,
    /// One paragraph per line.
    ByLine,
    /// Could be either (say, two filled lines, each ending a sentence).
    Unsure,
}

/// A run of non-blank lines and what they look like.
struct Block<'a> {
    lines: &'a [Line],
    text: Vec<&'a str>,
    lens: Vec<usize>,
    width: usize,
    layout: Layout,
}

impl<'a> Block<'a> {
    fn new(text: &'a str, lines: &'a [Line]) -> Self {
        if lines.len() < 2 {
            // One line is one paragraph; nothing to measure.
            return Block {
                lines,
                text: Vec::new(),
                lens: Vec::new(),
                width: 0,
                layout: Layout::ByLine,
            };
        }
        let text: Vec<&str> = lines.iter().map(|l| &text[l.start..l.end]).collect();
        let lens: Vec<usize> = text.iter().map(|t| t.chars().count()).collect();
        let width = lens.iter().copied().max().unwrap_or(0);
        let mut b = Block {
            lines,
            text,
            lens,
            width,
            layout: Layout::ByLine,
        };
        b.layout = b.classify();
        b
    }

    /// Whether line `i` was filled: the next line's first word would not
    /// have fitted after it. A wrapping editor breaks only such lines.
    fn full(&self, i: usize) -> bool {
        let next = self.text[i + 1].split_whitespace().next().unwrap_or("");
        self.lens[i] + 1 + next.chars().count() > self.width
    }

    /// Hard-wrapped prose has a typical wrap width, lines broken only where
    /// the next word would not fit, and lines that mostly end mid-sentence.
    fn classify(&self) -> Layout {
        if self.text.len() < 2 || !WRAP_WIDTH.contains(&self.width) {
            return Layout::ByLine;
        }
        // Breaks before list items and after headings say nothing about wrapping.
        let free: Vec<usize> = (0..self.text.len() - 1)
            .filter(|&i| !starts_item(self.text[i + 1]) && !is_heading(self.text[i]))
            .collect();
        let inner = free.len();
        // Wrapped prose is ragged: many lines of one length, or the same
        // line over and over, are records or repeats (a log), not prose.
        let ragged = free.iter().any(|&i| self.lens[i] != self.lens[free[0]]);
        let repeated = free.iter().all(|&i| self.text[i] == self.text[free[0]]);
        if inner >= 2 && !ragged && (inner >= 6 || repeated) {
            return Layout::ByLine;
        }
        let filled = free.iter().filter(|&&i| self.full(i)).count();
        let ending = free
            .iter()
            .filter(|&&i| ends_sentence(self.text[i]))
            .count();
        if inner == 0 || filled * 4 < inner * 3 {
            Layout::ByLine
        } else if ending < inner || (inner >= 3 && filled == inner) {
            Layout::Wrapped
        } else {
            Layout::Unsure
        }
    }
}

fn ends_sentence(line: &str) -> bool {
    matches!(
        line.chars().last(),
        Some('.' | '!' | '?' | ':' | ';' | '"' | '”' | '’' | '\'' | ')' | '…')
    )
}

/// List items: bullets (`-`, `*`, `+`, `•`) or numbers (`1.`, `2)`) followed
/// by a space.
pub(crate) fn starts_item(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '•' | '‣' | '◦' | '▪') => {
            matches!(chars.next(), Some(c) if c.is_whitespace())
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            let digits = line.len() - rest.len();
            digits <= 3 && (rest.starts_with(". ") || rest.starts_with(") "))
        }
        _ => false,
    }
}

/// Markdown ATX headings: one to six `#` and a space.
pub(crate) fn is_heading(line: &str) -> bool {
    let rest = line.trim_start_matches('#');
    let hashes = line.len() - rest.len();
    (1..=6).contains(&hashes) && rest.starts_with(' ')
}

/// Splits text into lines at LF, CRLF, CR, NEL, LS and PS, trimming each
/// line's surrounding whitespace.
/// Calls `f` with every line of `text`, in order, blank lines included.
fn split_lines(text: &str, mut f: impl FnMut(Line)) {
    let mut start = 0;
    let mut number = 1;
    let mut push = |s: usize, e: usize, number: usize| {
        let line = &text[s..e];
        let trimmed = line.trim_start();
        let ls = s + (line.len() - trimmed.len());
        let le = ls + trimmed.trim_end().len();
        f(Line {
            start: ls,
            end: le,
            number,
        });
    };
    line_breaks(text, |end, next| {
        push(start, end, number);
        number += 1;
        start = next;
    });
    push(start, text.len(), number);
}

/// Whether `bytes` (UTF-8) hold NEL (C2 85), LS (E2 80 A8) or PS (E2 80
/// A9): one `memchr2` pass. `str::contains` with a non-ASCII `char` is a
/// substring search that, in the .wasm, took a fifth of preparing a file
/// (three of them over every non-ASCII text; docs/benchmarks.md).
fn has_unicode_break(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|i| match bytes[i] {
        0xC2 => bytes.get(i + 1) == Some(&0x85),
        _ => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)),
    })
}

/// Calls `f(end, next)` at every line break of `text`, in order: `end` is
/// where the break starts, `next` where the following line starts. Breaks
/// are LF, CRLF and CR, and NEL, LS and PS when the text holds any (checked
/// once, so ASCII text is scanned with `memchr`). The one line-break rule
/// of paragraphs and of passage line numbers.
pub(crate) fn line_breaks(text: &str, mut f: impl FnMut(usize, usize)) {
    let unicode_breaks = !text.is_ascii() && has_unicode_break(text.as_bytes());
    if unicode_breaks {
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let brk = match c {
                '\r' => {
                    if let Some(&(_, '\n')) = iter.peek() {
                        iter.next();
                    }
                    true
                }
                '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
                _ => false,
            };
            if brk {
                f(i, iter.peek().map_or(text.len(), |&(j, _)| j));
            }
        }
    } else {
        let bytes = text.as_bytes();
        let mut pos = 0;
        while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            let i = pos + off;
            pos = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            f(i, pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, mode: Segmentation) -> Vec<&str> {
        segment(text, mode)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn blank_lines_separate() {
        let t = "  first para\n\n \t \nsecond para  \n";
        assert_eq!(texts(t, Segmentation::Auto), ["first para", "second para"]);
        let segs = segment(t, Segmentation::Auto);
        assert_eq!(segs[0].line, 1);
        assert_eq!(segs[1].line, 4);
    }

    #[test]
    fn one_paragraph_per_line_is_split() {
        let t = "A headline without a full stop\nThe first paragraph is a long line of text that goes well past the usual wrap width of a text editor.\nA second paragraph, also on one line, and also long enough to pass any wrap width we use.\n";
        assert_eq!(texts(t, Segmentation::Auto).len(), 3);
        assert_eq!(texts(t, Segmentation::Blank).len(), 1);
    }

    #[test]
    fn hard_wrapped_prose_is_joined() {
        let t = "This paragraph was wrapped by an editor at about sixty\ncolumns, so its lines end in the middle of sentences and\nshould be read as one paragraph.\nA new paragraph begins after the short line above and it\nalso wraps.\n";
        assert_eq!(
            texts(t, Segmentation::Auto),
            [
                "This paragraph was wrapped by an editor at about sixty\ncolumns, so its lines end in the middle of sentences and\nshould be read as one paragraph.",
                "A new paragraph begins after the short line above and it\nalso wraps."
            ]
        );
    }

    #[test]
    fn repeated_lines_are_not_prose() {
        let t = "the same line repeated over and over again\n".repeat(50);
        assert_eq!(segment(&t, Segmentation::Auto).len(), 50);
    }

    #[test]
    fn list_items_and_headings_start_paragraphs() {
        let t = "# Notes on the wrapped list that follows below here\n- the first item is long enough to be wrapped onto a\n  second line by the editor that wrote it out\n- the second item\n";
        assert_eq!(
            texts(t, Segmentation::Auto),
            [
                "# Notes on the wrapped list that follows below here",
                "- the first item is long enough to be wrapped onto a\n  second line by the editor that wrote it out",
                "- the second item"
            ]
        );
    }

    #[test]
    fn every_line_ending_counts() {
        let t = "one\r\ntwo\rthree\u{85}four\u{2028}five\nsix";
        assert_eq!(
            texts(t, Segmentation::Line),
            ["one", "two", "three", "four", "five", "six"]
        );
        let lines: Vec<usize> = segment(t, Segmentation::Line)
            .iter()
            .map(|s| s.line)
            .collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn crlf_blank_lines() {
        let t = "alpha beta\r\n\r\ngamma delta\r\n";
        assert_eq!(texts(t, Segmentation::Auto), ["alpha beta", "gamma delta"]);
    }

    #[test]
    fn items_and_headings_detected() {
        assert!(starts_item("- x"));
        assert!(starts_item("12. x"));
        assert!(starts_item("3) x"));
        assert!(!starts_item("-x"));
        assert!(!starts_item("2024. was a year"));
        assert!(is_heading("## Title"));
        assert!(!is_heading("#hashtag"));
    }

    #[test]
    fn unicode_breaks_found_as_contains_finds_them() {
        let cases = [
            "plain",
            "“quoted” – dash",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{2029}b",
            "\u{2027}\u{202A}",
            "é\u{80}",
            "\u{C2}\u{85}",
            "end\u{2029}",
            "\u{85}",
            "\u{2020}\u{2028}",
        ];
        for t in cases {
            let want = t.contains('\u{85}') || t.contains('\u{2028}') || t.contains('\u{2029}');
            assert_eq!(has_unicode_break(t.as_bytes()), want, "{t:?}");
            // Cut short, the check never reads past the end.
            for end in 0..=t.len() {
                let _ = has_unicode_break(&t.as_bytes()[..end]);
            }
        }
    }
}
