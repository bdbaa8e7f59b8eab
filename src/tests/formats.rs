//! The format readers' own output, moved here from `tests/formats.rs` when
//! the readers became private: which documents and skips a file gives, and
//! that each paragraph's span holds its text. The analyzer's and the CLI's
//! side of the same files stays in `tests/formats.rs`.

use super::format_fixtures::{pack_zip, records, SHARED};
use super::item_names;
use crate::read::{read, Item};
use crate::Options;

/// JSON-unescapes a fragment of a string token.
fn json_fragment(raw: &[u8]) -> String {
    let quoted = format!("\"{}\"", std::str::from_utf8(raw).unwrap());
    serde_json::from_str(&quoted).unwrap()
}

#[test]
fn jsonl_and_csv_readers_map_records_back_to_their_bytes() {
    let (jsonl, csv) = records();
    let opts = Options::default();
    let items = read("data.jsonl", jsonl.as_bytes(), &opts);
    assert_eq!(
        item_names(&items),
        [
            "Jsonl data.jsonl#1",
            "skipped data.jsonl#2: no \"text\" field (fields: \"id\", \"title\")",
            "Jsonl data.jsonl#3"
        ]
    );
    for item in &items {
        let Item::Extracted(e) = item else { continue };
        assert!(e.source.is_none());
        for p in &e.paragraphs {
            let raw = &jsonl.as_bytes()[p.start as usize..p.end as usize];
            assert_eq!(json_fragment(raw), p.text);
        }
    }
    let Item::Extracted(first) = &items[0] else {
        panic!()
    };
    assert_eq!(
        first.paragraphs[0].text,
        "Café \"owners\" said the new menu would arrive next week."
    );
    assert_eq!(first.paragraphs[1].text, SHARED);

    let items = read("data.csv", csv.as_bytes(), &opts);
    assert_eq!(item_names(&items), ["Csv data.csv#1", "Csv data.csv#2"]);
    for item in &items {
        let Item::Extracted(e) = item else { continue };
        for p in &e.paragraphs {
            let raw = &csv[p.start as usize..p.end as usize];
            assert_eq!(raw.replace("\"\"", "\""), p.text);
        }
    }
    let Item::Extracted(first) = &items[0] else {
        panic!()
    };
    assert_eq!(first.paragraphs.len(), 2);
    assert_eq!(first.paragraphs[1].line, 4);
}

#[test]
fn zip_reader_lists_entries_and_skips_nested_archives_and_bombs() {
    let archive = pack_zip();
    let items = read("pack.zip", &archive, &Options::default());
    let got = item_names(&items);
    assert_eq!(got[0], "text pack.zip/docs/story.txt");
    assert_eq!(got[1], "Html pack.zip/docs/page.html");
    assert!(got[2].starts_with("skipped pack.zip/nested.zip: an archive inside the archive"));
    assert_eq!(got[3], "text pack.zip/../../evil.txt");
    assert!(
        got[4].starts_with("skipped pack.zip/bomb-honest.txt: 314572800 bytes uncompressed, more than the 256 MiB limit"),
        "{got:?}"
    );
    assert!(
        got[5].starts_with("skipped pack.zip/bomb-lying.txt: more than 256 MiB uncompressed (its header claimed 1000 bytes)"),
        "{got:?}"
    );
    assert_eq!(got[6], "text pack.zip/after.txt");
    assert_eq!(got.len(), 7);
}
