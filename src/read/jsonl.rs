//! JSON Lines: every non-blank line is a JSON object, one document
//! (`file#N`) whose text is its `text` string field. `serde_json` finds the
//! field's raw token; the string is unescaped here, keeping for every
//! character the position of its escape, so spans land on the file's bytes.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::value::RawValue;

use crate::decode::decode;
use crate::report::SourceFormat;

use super::records::{Field, Records, TEXT_FIELD};
use super::{Format, Input, Item};

/// The JSON Lines reader.
pub(super) struct Jsonl;

impl Format for Jsonl {
    fn read<'a>(&self, input: &Input<'_, 'a>) -> Vec<Item<'a>> {
        let decoded = decode(input.bytes);
        let text = decoded.text.as_str();
        let mut records = Records::new(input, &decoded, SourceFormat::Jsonl);
        let mut fields_found: Vec<String> = Vec::new();
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let start = pos;
            pos += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            if body.trim().is_empty() {
                continue;
            }
            let object: HashMap<Cow<str>, &RawValue> = match serde_json::from_str(body) {
                Ok(o) => o,
                Err(e) => {
                    records.skip(format!("not a JSON object: {e}"));
                    continue;
                }
            };
            if fields_found.is_empty() {
                fields_found = object.keys().map(|k| k.to_string()).collect();
                fields_found.sort();
            }
            let Some(raw) = object.get(TEXT_FIELD) else {
                let mut keys: Vec<String> = object.keys().map(|k| format!("{k:?}")).collect();
                keys.sort();
                records.skip(format!(
                    "no {TEXT_FIELD:?} field (fields: {})",
                    if keys.is_empty() {
                        "none".into()
                    } else {
                        keys.join(", ")
                    }
                ));
                continue;
            };
            let token = raw.get();
            let offset = (token.as_ptr() as usize).saturating_sub(body.as_ptr() as usize);
            match unescape(token, start + offset) {
                Some(field) => records.add(start..start + body.len(), &field),
                None => records.skip_field(format!("the {TEXT_FIELD:?} field is not a string")),
            }
        }
        records.finish(&fields_found)
    }
}

/// Unescapes a JSON string token (with its quotes) that starts at decoded
/// position `at`. `None` when the token is not a string.
pub fn unescape(token: &str, at: usize) -> Option<Field> {
    let inner = token.strip_prefix('"')?.strip_suffix('"')?;
    let at = at + 1;
    let mut field = Field::default();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            field.push(c, at + i);
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        let simple = match e {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        if let Some(s) = simple {
            field.push(s, at + i);
            continue;
        }
        if e != 'u' {
            // serde_json already rejected anything else.
            field.push('\u{FFFD}', at + i);
            continue;
        }
        let hex = |chars: &mut std::iter::Peekable<std::str::CharIndices>| -> Option<u32> {
            let mut v = 0;
            for _ in 0..4 {
                v = v * 16 + chars.next()?.1.to_digit(16)?;
            }
            Some(v)
        };
        let high = hex(&mut chars).unwrap_or(0xFFFD);
        let ch = if (0xD800..0xDC00).contains(&high) {
            // A surrogate pair is two escapes for one character.
            let mut ahead = chars.clone();
            let low = match (ahead.next(), ahead.next()) {
                (Some((_, '\\')), Some((_, 'u'))) => hex(&mut ahead),
                _ => None,
            };
            match low {
                Some(low) if (0xDC00..0xE000).contains(&low) => {
                    chars = ahead;
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                }
                _ => None,
            }
        } else {
            char::from_u32(high)
        };
        field.push(ch.unwrap_or('\u{FFFD}'), at + i);
    }
    field.finish(at + inner.len());
    Some(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reader makes of a file (`nested`: an archive's entry).
    fn read<'a>(name: &'a str, bytes: &'a [u8], nested: bool) -> Vec<Item<'a>> {
        Jsonl.read(&Input::test(name, bytes, nested))
    }
    use crate::read::Extracted;

    fn docs<'a>(items: &'a [Item]) -> Vec<&'a Extracted> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Extracted(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn unescape_maps_every_character() {
        let token = r#""a\"b\n\u00e9\ud83d\ude00z""#;
        let f = unescape(token, 10).unwrap();
        assert_eq!(f.text, "a\"b\né😀z");
        // 'é' came from `\u00e9` at token offset 7; 'z' from offset 25.
        let e = f.text.find('é').unwrap();
        assert_eq!(f.map[e], 10 + 7);
        let z = f.text.find('z').unwrap();
        assert_eq!(f.map[z], 10 + 25);
        assert_eq!(*f.map.last().unwrap(), 10 + token.len() - 1);
        assert!(unescape("12", 0).is_none());
        assert_eq!(unescape(r#""\ud800x""#, 0).unwrap().text, "\u{FFFD}x");
    }

    #[test]
    fn records_are_documents() {
        let src = "{\"id\":1,\"text\":\"First para here.\\n\\nSecond \\\"quoted\\\" one.\"}\n\n{\"text\": 5}\nnot json\n{\"id\":4}\n{\"text\":\"caf\\u00e9 au lait\"}\n";
        let items = read("f.jsonl", src.as_bytes(), false);
        let d = docs(&items);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].name, "f.jsonl#1");
        assert_eq!(d[0].paragraphs.len(), 2);
        let p = &d[0].paragraphs[1];
        assert_eq!(p.text, "Second \"quoted\" one.");
        assert_eq!(
            &src[p.start as usize..p.end as usize],
            "Second \\\"quoted\\\" one."
        );
        assert_eq!(d[1].name, "f.jsonl#5");
        let q = &d[1].paragraphs[0];
        assert_eq!(&src[q.start as usize..q.end as usize], "caf\\u00e9 au lait");
        assert_eq!(q.line, 6);
        let skipped: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Skipped(s) => Some(format!("{}: {}", s.name, s.reason)),
                _ => None,
            })
            .collect();
        assert_eq!(skipped.len(), 3);
        assert!(skipped[0].starts_with("f.jsonl#2: the \"text\" field is not a string"));
        assert!(skipped[1].starts_with("f.jsonl#3: not a JSON object"));
        assert_eq!(skipped[2], "f.jsonl#4: no \"text\" field (fields: \"id\")");
    }

    #[test]
    fn missing_field_is_named() {
        let items = read("f.jsonl", b"{\"body\":\"x\",\"id\":1}\n", false);
        match &items[..] {
            [Item::Skipped(s)] => assert_eq!(
                s.reason,
                "no \"text\" field to read the text from (fields found: \"body\", \"id\")"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nested_records_carry_their_bytes() {
        let src = "{\"text\":\"one two three\"}\n{\"text\":\"four five six\"}\n";
        let items = read("f.jsonl", src.as_bytes(), true);
        let d = docs(&items);
        let source = d[1].source.as_deref().unwrap();
        assert_eq!(source, "{\"text\":\"four five six\"}".as_bytes());
        let p = &d[1].paragraphs[0];
        assert_eq!(&source[p.start as usize..p.end as usize], b"four five six");
        assert_eq!(p.line, 1);
    }
}
