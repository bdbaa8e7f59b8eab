//! CSV (RFC 4180, read leniently): the first row names the columns; every
//! later non-blank row is one document (`file#N`) whose text is its `text`
//! column. Quoted fields may hold delimiters, newlines and doubled quotes.
//! The delimiter is a comma, or a semicolon or tab when the header row has
//! more of those. Any encoding [`decode`] reads is accepted.

use std::ops::Range;

use crate::decode::decode;
use crate::report::SourceFormat;

use super::records::{Field, Records, TEXT_FIELD};
use super::{Format, Input, Item};

/// The CSV reader.
pub(super) struct Csv;

impl Format for Csv {
    fn read<'a>(&self, input: &Input<'_, 'a>) -> Vec<Item<'a>> {
        let decoded = decode(input.bytes);
        let text = decoded.text.as_str();
        let delimiter = delimiter(text);
        let mut records = Records::new(input, &decoded, SourceFormat::Csv);
        let mut pos = 0;
        let mut header: Option<Vec<String>> = None;
        let mut column = None;
        while let Some((row, fields)) = next_row(text, &mut pos, delimiter) {
            let blank = fields.len() == 1
                && fields
                    .first()
                    .and_then(|f| text.get(f.clone()))
                    .is_none_or(|f| f.trim().is_empty());
            if blank {
                continue;
            }
            let Some(names) = &header else {
                let names: Vec<String> = fields
                    .iter()
                    .map(|f| unescape(text, f.clone()).text.trim().to_owned())
                    .collect();
                column = names
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(TEXT_FIELD));
                header = Some(names);
                continue;
            };
            let Some(column) = column else {
                records.without_field();
                continue;
            };
            match fields.get(column) {
                Some(f) => records.add(row, &unescape(text, f.clone())),
                None => {
                    records.skip_field(format!(
                        "the row has {} field(s), fewer than the {} columns of the header",
                        fields.len(),
                        names.len()
                    ));
                }
            }
        }
        records.finish(&header.unwrap_or_default())
    }
}

/// `,`, or `;` or tab when the first line holds more of them.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    let count = |d: char| first.matches(d).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d as char), d == b','))
        .unwrap_or(b',')
}

/// The next row from `pos`: its range (without the line end) and its
/// fields' raw ranges (quotes included).
fn next_row(
    text: &str,
    pos: &mut usize,
    delimiter: u8,
) -> Option<(Range<usize>, Vec<Range<usize>>)> {
    let b = text.as_bytes();
    let start = *pos;
    if start >= b.len() {
        return None;
    }
    let mut fields = Vec::new();
    let mut field_start = start;
    let mut quoted = false;
    let mut i = start;
    let end = loop {
        let Some(&c) = b.get(i) else {
            fields.push(field_start..i);
            break i;
        };
        if quoted {
            if c == b'"' {
                if b.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                quoted = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' if i == field_start => quoted = true,
            c if c == delimiter => {
                fields.push(field_start..i);
                field_start = i + 1;
            }
            b'\n' | b'\r' => {
                fields.push(field_start..i);
                let next = if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                *pos = next;
                return Some((start..i, fields));
            }
            _ => {}
        }
        i += 1;
    };
    *pos = b.len();
    Some((start..end, fields))
}

/// A field's text from its raw range in `text`.
fn unescape(text: &str, raw: Range<usize>) -> Field {
    let mut field = Field::default();
    let body = text.get(raw.clone()).unwrap_or_default();
    let Some(inner) = body.strip_prefix('"') else {
        for (i, c) in body.char_indices() {
            field.push(c, raw.start + i);
        }
        field.finish(raw.end);
        return field;
    };
    let base = raw.start + 1;
    let mut end = base;
    let mut open = true;
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' && open {
            if chars.peek().is_some_and(|&(_, n)| n == '"') {
                chars.next();
                field.push('"', base + i);
                end = base + i + 2;
            } else {
                open = false;
            }
            continue;
        }
        // Text after the closing quote is kept, as most readers do.
        field.push(c, base + i);
        end = base + i + c.len_utf8();
    }
    field.finish(end);
    field
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reader makes of a file (`nested`: an archive's entry).
    fn read<'a>(name: &'a str, bytes: &'a [u8], nested: bool) -> Vec<Item<'a>> {
        Csv.read(&Input::test(name, bytes, nested))
    }

    type Doc = (String, Vec<(u64, u64, String)>);

    fn extracted(items: &[Item]) -> Vec<Doc> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Extracted(e) => Some((
                    e.name.clone(),
                    e.paragraphs
                        .iter()
                        .map(|p| (p.start, p.end, p.text.clone()))
                        .collect(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn quoted_fields_map_back() {
        let src = "id,Text,extra\r\n1,\"Hello, \"\"world\"\" here\",x\r\n\r\n2,\"two\n\nparas\",y\n3,plain text,z\n4\n";
        let items = read("f.csv", src.as_bytes(), false);
        let got = extracted(&items);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, "f.csv#1");
        let (s, e, t) = &got[0].1[0];
        assert_eq!(t, "Hello, \"world\" here");
        assert_eq!(&src[*s as usize..*e as usize], "Hello, \"\"world\"\" here");
        assert_eq!(got[1].0, "f.csv#2");
        assert_eq!(got[1].1.len(), 2);
        assert_eq!(got[2].1[0].2, "plain text");
        match items.last() {
            Some(Item::Skipped(s)) => {
                assert_eq!(s.name, "f.csv#4");
                assert!(s.reason.contains("1 field(s), fewer than the 3 columns"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn semicolons_and_missing_column() {
        let items = read("f.csv", b"a;text\n1;bonjour tout le monde\n", false);
        assert_eq!(extracted(&items)[0].1[0].2, "bonjour tout le monde");
        let items = read("f.csv", b"a,body\n1,x\n", false);
        match &items[..] {
            [Item::Skipped(s)] => assert_eq!(
                s.reason,
                "no \"text\" column to read the text from (columns found: \"a\", \"body\")"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hostile_csv_does_not_panic() {
        for src in [
            "\"",
            "text\n\"",
            "text\n\"a\"\"",
            "text\n\"a\"b,\"",
            ",,,\n\r\r\n",
            "text\né\"\u{0}",
        ] {
            let _ = read("f.csv", src.as_bytes(), false);
            let _ = read("f.csv", src.as_bytes(), true);
        }
    }
}
