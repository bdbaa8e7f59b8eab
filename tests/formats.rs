//! The format readers end to end: HTML, JSON Lines, CSV and zip archives
//! (zip bomb and path traversal included), through the library and the
//! CLI. Every fixture is written here, at run time.

mod common;

use std::io::Write;
use std::path::Path;

use common::{assert_valid, docx, paradup};
use paradup::read::{read, Item};
use paradup::{Analyzer, Options, Report};

/// The paragraph copied between formats.
const SHARED: &str = "Żółte liście spadały na mokry chodnik, a miejski ogrodnik zbierał je do wielkich worków przed świtem.";
const OTHER: &str =
    "Nothing in this paragraph is repeated anywhere else in the little test corpus we build.";

fn story_txt() -> String {
    format!("{OTHER}\n\n{SHARED}\n")
}

/// An HTML page in ISO-8859-2 with noise around one copy of [`SHARED`]
/// (written with an entity for one letter); returns the bytes and the
/// span the paragraph must get.
fn page_html() -> (Vec<u8>, (u64, u64)) {
    let enc = |s: &str| encoding_rs::ISO_8859_2.encode(s).0.into_owned();
    let mut b = enc("<!DOCTYPE html>\n<html><head>\n<meta charset=\"iso-8859-2\">\n<title>Jesień w mieście ogrodnik</title>\n<style>p { margin: 0 } /* Żółte liście spadały */</style>\n<script>var s = \"<p>Żółte liście spadały na mokry chodnik</p>\";</script>\n</head><body>\n<nav><a href=\"/\">Strona główna</a> <a href=\"/x\">Wiadomości dnia</a></nav>\n<!-- Żółte liście spadały na mokry chodnik, a miejski ogrodnik -->\n<div hidden>Żółte liście spadały na mokry chodnik, a miejski ogrodnik zbierał</div>\n<p style=\"display:none\">ukryty tekst akapitu</p>\n<p>\n  ");
    let start = b.len();
    // "Żółte" with Ż as an entity, a tag in the middle.
    b.extend(enc("&#379;ółte liście <em>spadały</em> na mokry chodnik, a miejski ogrodnik zbierał je do wielkich worków przed świtem."));
    let end = b.len();
    b.extend(enc("\n</p>\n<p>Tom &amp; Jerry&nbsp;are here, in a paragraph of their own today.</p>\n</body></html>\n"));
    (b, (start as u64, end as u64))
}

fn docs(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Item::Text { name, .. } => format!("text {name}"),
            Item::Extracted(e) => format!("{:?} {}", e.format, e.name),
            Item::Skipped(s) => format!("skipped {}: {}", s.name, s.reason),
        })
        .collect()
}

/// The exact pairs of a report, sorted.
fn exact_pairs(report: &Report) -> Vec<((u32, u32), (u32, u32))> {
    report
        .pairs
        .iter()
        .filter(|p| p.kind == paradup::Kind::Exact)
        .map(|p| ((p.a.doc, p.a.para), (p.b.doc, p.b.para)))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn json_report(out: &std::process::Output) -> Report {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_valid(&json);
    serde_json::from_value(json).expect("report shape")
}

#[test]
fn html_copy_of_a_text_paragraph_is_found_with_exact_span() {
    let (html, (start, end)) = page_html();
    let story = story_txt();
    let mut a = Analyzer::new(Options::default()).unwrap();
    a.add_file("story.txt", story.as_bytes());
    a.add_file("page.html", &html);
    let report = a.finish().unwrap();
    let page = &report.documents[1];
    assert_eq!(page.format, paradup::read::SourceFormat::Html);
    assert_eq!(page.encoding.label(), "ISO-8859-2");
    assert_eq!(exact_pairs(&report), [((0, 1), (1, 0))]);
    let p = &page.paragraphs[0];
    assert_eq!((p.start, p.end), (start, end));
    assert_eq!(p.line, 13);
    // Nothing from the title, style, script, nav, comment or hidden parts.
    assert_eq!(page.paragraphs.len(), 2);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), &story).unwrap();
    std::fs::write(dir.path().join("page.html"), &html).unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let cli = json_report(&out);
    let names: Vec<&str> = cli.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["./page.html", "./story.txt"]);
    assert_eq!(cli.pairs.len(), 1);
    let text = paradup(&["analyze", "page.html", "story.txt"], dir.path());
    let shown = String::from_utf8_lossy(&text.stdout);
    // The HTML paragraph is shown as its text, without markup.
    assert!(shown.contains("liście spadały"), "{shown}");
    assert!(!shown.contains("<em>"), "{shown}");
}

/// JSON-unescapes a fragment of a string token.
fn json_fragment(raw: &[u8]) -> String {
    let quoted = format!("\"{}\"", std::str::from_utf8(raw).unwrap());
    serde_json::from_str(&quoted).unwrap()
}

#[test]
fn jsonl_and_csv_records_map_back_to_their_bytes() {
    let jsonl = format!(
        "{{\"id\": 1, \"text\": \"Caf\\u00e9 \\\"owners\\\" said the new menu would arrive next week.\\n\\n{}\"}}\n\n{{\"id\": 2, \"title\": \"no text here\"}}\n{{\"text\": \"Tab\\there and a slash \\/ in a record about nothing at all.\"}}\n",
        SHARED.replace('ł', "\\u0142")
    );
    let csv = format!(
        "id,text,author\n7,\"Hello, \"\"quoted\"\" world, with commas, inside a field.\n\nSecond paragraph of the same record, after a blank line.\",ann\n8,\"{SHARED}\",bob\n"
    );
    let opts = Options::default();
    let items = read("data.jsonl", jsonl.as_bytes(), &opts);
    assert_eq!(
        docs(&items),
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
    assert_eq!(docs(&items), ["Csv data.csv#1", "Csv data.csv#2"]);
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

    let mut a = Analyzer::new(opts).unwrap();
    a.add_file("data.jsonl", jsonl.as_bytes());
    a.add_file("data.csv", csv.as_bytes());
    let report = a.finish().unwrap();
    assert_eq!(exact_pairs(&report), [((0, 1), (3, 0))]);
    assert_eq!(report.skipped.len(), 1);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.jsonl"), &jsonl).unwrap();
    std::fs::write(dir.path().join("data.csv"), &csv).unwrap();
    let out = paradup(
        &["analyze", "--format", "json", "data.jsonl", "data.csv"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let cli = json_report(&out);
    assert_eq!(cli.documents.len(), 4);
    assert_eq!(cli.documents[3].name, "data.csv#2");
}

/// CRC-32 (IEEE), bit by bit: fine for the few small entries here.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One zip entry, written by hand so sizes can lie.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    data: Vec<u8>,
    size: u32,
}

fn stored(name: &str, data: &[u8]) -> Entry {
    Entry {
        name: name.into(),
        method: 0,
        crc: crc32(data),
        data: data.to_vec(),
        size: data.len() as u32,
    }
}

/// A deflate stream of `mib` MiB of zeros, built from one sync-flushed
/// MiB repeated (each block refers only to zeros before it).
fn zeros_deflated(mib: usize) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![0u8; 1 << 20]).unwrap();
    enc.flush().unwrap();
    let chunk = enc.get_ref().clone();
    let mut out = Vec::with_capacity(chunk.len() * mib + 2);
    for _ in 0..mib {
        out.extend_from_slice(&chunk);
    }
    out.extend_from_slice(&[0x03, 0x00]); // final empty block
    out
}

fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        let header = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0x0800u16.to_le_bytes()); // UTF-8 names
            h.extend(e.method.to_le_bytes());
            h.extend([0, 0, 0x21, 0]); // time, date
            h.extend(e.crc.to_le_bytes());
            h.extend((e.data.len() as u32).to_le_bytes());
            h.extend(e.size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend_from_slice(name);
            h
        };
        let local = header(b"PK\x03\x04", false);
        central.extend(header(b"PK\x01\x02", true));
        out.extend(local);
        out.extend_from_slice(&e.data);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

#[test]
fn zip_archive_with_nested_archive_traversal_names_and_bombs() {
    let (html, (start, end)) = page_html();
    let inner = zip(&[stored("inner.txt", story_txt().as_bytes())]);
    let bomb = zeros_deflated(300);
    let archive = zip(&[
        stored("docs/story.txt", story_txt().as_bytes()),
        stored("docs/page.html", &html),
        stored("nested.zip", &inner),
        stored("../../evil.txt", format!("{OTHER}\n").as_bytes()),
        // Says 300 MiB: skipped from its header.
        Entry {
            name: "bomb-honest.txt".into(),
            method: 8,
            crc: 0,
            data: bomb.clone(),
            size: 300 << 20,
        },
        // Says 1 KB but inflates to 300 MiB: stopped by take() at the limit.
        Entry {
            name: "bomb-lying.txt".into(),
            method: 8,
            crc: 0,
            data: bomb,
            size: 1000,
        },
        stored(
            "after.txt",
            b"An entry after the bombs is still read as usual here.",
        ),
    ]);
    let items = read("pack.zip", &archive, &Options::default());
    let got = docs(&items);
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

    let mut a = Analyzer::new(Options::default()).unwrap();
    let added = a.add_file("pack.zip", &archive);
    assert_eq!(added.documents.len(), 4);
    assert_eq!(added.skipped.len(), 3);
    // The HTML entry's spans point into the entry's bytes.
    assert_eq!(added.documents[1].source(&archive), &html[..]);
    let report = a.finish().unwrap();
    assert_eq!(report.skipped.len(), 3);
    let page = &report.documents[1];
    assert_eq!(
        (page.paragraphs[0].start, page.paragraphs[0].end),
        (start, end)
    );
    assert_eq!(exact_pairs(&report), [((0, 0), (2, 0)), ((0, 1), (1, 0))]);

    // The CLI: analyze (schema-valid) and dedup writes only under --out.
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("a/b");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("pack.zip"), &archive).unwrap();
    let out = paradup(&["analyze", "--format", "json", "pack.zip"], &work);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let cli = json_report(&out);
    assert_eq!(cli.documents.len(), 4);
    assert_eq!(cli.skipped.len(), 3);
    let out = paradup(&["dedup", "--out", "out", "pack.zip"], &work);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let mut written = Vec::new();
    list(dir.path(), dir.path(), &mut written);
    written.sort();
    assert_eq!(
        written,
        [
            "a/b/out/pack.zip/after.txt",
            "a/b/out/pack.zip/docs/page.html",
            "a/b/out/pack.zip/docs/story.txt",
            "a/b/out/pack.zip/evil.txt",
            "a/b/out/paradup-dedup-log.json",
            "a/b/pack.zip",
        ]
    );
}

fn list(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            list(root, &p, out);
        } else {
            out.push(
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

#[test]
fn docx_paragraphs_have_index_spans() {
    let doc = docx(&[
        "A title & more",
        "",
        SHARED,
        "The last words of the document are here.",
    ]);
    let story = story_txt();
    let mut a = Analyzer::new(Options::default()).unwrap();
    a.add_file("story.txt", story.as_bytes());
    a.add_file("letter.docx", &doc);
    let report = a.finish().unwrap();
    let d = &report.documents[1];
    assert_eq!(d.format, paradup::read::SourceFormat::Docx);
    assert_eq!(d.encoding.label(), "utf-8");
    assert_eq!(
        d.warnings,
        ["spans are paragraph indices (a .docx has no text bytes)"]
    );
    let spans: Vec<(u64, u64)> = d.paragraphs.iter().map(|p| (p.start, p.end)).collect();
    assert_eq!(spans, [(0, 1), (2, 3), (3, 4)]);
    assert_eq!(exact_pairs(&report), [((0, 1), (1, 1))]);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("story.txt"), &story).unwrap();
    std::fs::write(dir.path().join("letter.docx"), &doc).unwrap();
    std::fs::write(dir.path().join("fake.docx"), b"not a zip at all").unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let cli = json_report(&out);
    assert_eq!(cli.documents.len(), 2);
    assert_eq!(
        cli.skipped[0].reason,
        "not a valid .docx: not a zip archive"
    );
}
