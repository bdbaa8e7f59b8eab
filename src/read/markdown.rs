//! Markdown: paragraphs come from the source text as usual, but link
//! targets, autolinks, inline HTML tags, fence lines and reference
//! definitions are masked out of the text that is compared. Masking
//! replaces bytes with spaces, so every offset stays on the source. Heading
//! marks, emphasis and list markers are punctuation, which normalization
//! already ignores.

use crate::decode::decode;
use crate::report::SourceFormat;
use crate::segment::segment;

use super::{ExtractedParagraph, Format, Input, Item};

/// The Markdown reader.
pub(super) struct Markdown;

impl Format for Markdown {
    fn read<'a>(&self, input: &Input<'_, 'a>) -> Vec<Item<'a>> {
        let decoded = decode(input.bytes);
        let masked = mask(&decoded.text);
        let paragraphs = segment(&decoded.text, input.options.segmentation)
            .into_iter()
            .map(|s| ExtractedParagraph {
                start: decoded.offsets.original(s.start) as u64,
                end: decoded.offsets.original(s.end) as u64,
                line: s.line as u64,
                text: masked[s.start..s.end].to_owned(),
            })
            .collect();
        vec![input.document(
            SourceFormat::Markdown,
            decoded.encoding,
            decoded.warnings,
            paragraphs,
        )]
    }
}

/// The text with Markdown syntax that is not prose replaced by spaces
/// (same length, same offsets).
pub fn mask(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut blank = |from: usize, to: usize| out[from..to].iter_mut().for_each(|b| *b = b' ');
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let body = trimmed.trim_end();
        let is_fence = body.starts_with("```") || body.starts_with("~~~");
        if is_fence || is_reference_definition(body) {
            blank(pos + indent, pos + indent + body.len());
        } else {
            for (from, to) in inline_syntax(line) {
                blank(pos + from, pos + to);
            }
        }
        pos += line.len();
    }
    // Only ASCII bytes were replaced, always whole characters.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `[label]: target "title"`.
fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[') && line.find("]:").is_some_and(|i| i > 1)
}

/// Byte ranges in a line of link targets `](…)`, autolinks `<http…>` and
/// inline HTML tags `<tag …>`.
fn inline_syntax(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b']' if b.get(i + 1) == Some(&b'(') => {
                if let Some(close) = line[i + 2..].find(')') {
                    let end = i + 2 + close + 1;
                    out.push((i + 1, end));
                    i = end;
                    continue;
                }
            }
            b'<' => {
                let rest = &line[i + 1..];
                let tagish = rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
                if tagish {
                    if let Some(close) = rest.find('>') {
                        let end = i + 1 + close + 1;
                        out.push((i, end));
                        i = end;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalized_words;
    use crate::read::Extracted;

    /// The document the Markdown reader gives for a file.
    fn read(name: &str, bytes: &[u8]) -> Extracted {
        Input::test(name, bytes, false).only_document(&Markdown)
    }

    #[test]
    fn mask_keeps_length_and_prose() {
        let t = "See [the report](https://example.org/a?b=c) and <https://x.y>, <b>bold</b>.\n```rust\nlet x = 1;\n```\n[r]: https://example.org\n";
        let m = mask(t);
        assert_eq!(m.len(), t.len());
        assert_eq!(
            normalized_words(&m, false),
            ["see", "the", "report", "and", "bold", "let", "x", "1"]
        );
    }

    #[test]
    fn spans_stay_on_the_source() {
        let src = "# Title of the note here\n\nA [linked](http://a.b/c) paragraph with *emphasis* inside it.\n";
        let e = read("n.md", src.as_bytes());
        assert_eq!(e.paragraphs.len(), 2);
        let p = &e.paragraphs[1];
        assert_eq!(
            &src[p.start as usize..p.end as usize],
            "A [linked](http://a.b/c) paragraph with *emphasis* inside it."
        );
        assert_eq!(
            normalized_words(&p.text, false),
            [
                "a",
                "linked",
                "paragraph",
                "with",
                "emphasis",
                "inside",
                "it"
            ]
        );
    }
}
