//! The format readers end to end: HTML, JSON Lines, CSV and zip archives
//! (zip bomb and path traversal included), through the library and the
//! CLI. Every fixture is written at run time (`common/format_fixtures.rs`).
//! What the (internal) readers give for the same files is checked by the
//! crate's unit tests, `src/tests/formats.rs`.

mod common;

use std::path::Path;

use common::format_fixtures::{pack_zip, page_html, records, story_txt, SHARED};
use common::{assert_valid, docx, paradup};
use paradup::{Analyzer, Options, Report};

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
    assert_eq!(page.format, paradup::SourceFormat::Html);
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

#[test]
fn jsonl_and_csv_records_map_back_to_their_bytes() {
    let (jsonl, csv) = records();
    let opts = Options::default();
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

#[test]
fn zip_archive_with_nested_archive_traversal_names_and_bombs() {
    let (html, (start, end)) = page_html();
    let archive = pack_zip();
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
    assert_eq!(d.format, paradup::SourceFormat::Docx);
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
