//! Hostile and broken input, generated at run time: every file gets an
//! outcome, nothing panics or hangs, and the good files in the same batch
//! are fully analyzed.

mod common;

use std::process::Output;

use common::paradup;

use paradup::Report;

const GOOD_A: &str =
    "The library will stay open late during the exam weeks this spring, the council said.\n";
const GOOD_B: &str = "Opening note.\n\nThe library will stay open late during the exam weeks this spring, the council said.\n";

fn json(out: &Output) -> Report {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a report ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The good pair of files, plus whatever the test adds.
fn batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good-a.txt"), GOOD_A).unwrap();
    std::fs::write(dir.path().join("good-b.txt"), GOOD_B).unwrap();
    dir
}

/// The copy in good-b.txt is found (its original may be another file
/// with the same text, depending on what the batch holds).
fn good_pair_found(r: &Report) {
    let names: Vec<&str> = r.documents.iter().map(|d| d.name.as_str()).collect();
    assert!(
        names.iter().any(|n| n.ends_with("good-a.txt")),
        "good-a analyzed"
    );
    let b = names
        .iter()
        .position(|n| n.ends_with("good-b.txt"))
        .expect("good-b analyzed") as u32;
    assert!(
        r.clusters
            .iter()
            .any(|c| c.copies.iter().any(|x| x.doc == b && x.para == 1)),
        "the good files' duplicate is still found"
    );
}

#[test]
fn empty_whitespace_and_binary_files() {
    let dir = batch();
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("blank.txt"), b"  \n\t\r\n\n   \n").unwrap();
    std::fs::write(d.join("nul.txt"), [0u8; 4096]).unwrap();
    let noise: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 30 + 1) as u8).collect();
    std::fs::write(d.join("control.txt"), noise).unwrap();
    std::fs::write(d.join("program.txt"), b"\x7fELF\x02\x01\x01\0\0\0\0").unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], d);
    assert_eq!(out.status.code(), Some(1));
    let r = json(&out);
    good_pair_found(&r);
    let outcome = |n: &str| -> String {
        if let Some(s) = r.skipped.iter().find(|s| s.name.ends_with(n)) {
            return format!("skipped: {}", s.reason);
        }
        let d = r
            .documents
            .iter()
            .find(|d| d.name.ends_with(n))
            .expect("every file has an outcome");
        format!("{} paragraphs", d.paragraphs.len())
    };
    assert_eq!(outcome("empty.txt"), "0 paragraphs");
    assert_eq!(outcome("blank.txt"), "0 paragraphs");
    assert_eq!(
        outcome("nul.txt"),
        "skipped: binary data (contains NUL bytes)"
    );
    assert_eq!(
        outcome("control.txt"),
        "skipped: binary data (mostly control characters)"
    );
    assert!(outcome("program.txt").contains("executable"));
}

#[test]
fn a_50_mb_line_without_spaces() {
    let dir = batch();
    std::fs::write(dir.path().join("long.txt"), "x".repeat(50 << 20)).unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    let r = json(&out);
    good_pair_found(&r);
    let long = r
        .documents
        .iter()
        .find(|d| d.name.ends_with("long.txt"))
        .unwrap();
    assert_eq!(long.paragraphs.len(), 1);
    assert_eq!(
        (long.paragraphs[0].start, long.paragraphs[0].end),
        (0, 50 << 20)
    );
}

#[test]
fn a_million_identical_lines() {
    let dir = batch();
    let line = "every line of this file says exactly the same thing\n";
    std::fs::write(dir.path().join("repeat.txt"), line.repeat(1_000_000)).unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    let r = json(&out);
    good_pair_found(&r);
    let doc = r
        .documents
        .iter()
        .position(|d| d.name.ends_with("repeat.txt"))
        .unwrap() as u32;
    assert_eq!(r.documents[doc as usize].paragraphs.len(), 1_000_000);
    let c = r.clusters.iter().find(|c| c.original.doc == doc).unwrap();
    assert_eq!(c.copies.len(), 999_999);
    // Text output stays readable.
    let text = paradup(&["analyze", "repeat.txt"], dir.path());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("… and 999979 more copies"));
    assert!(text.lines().count() < 100);
}

#[test]
fn ten_thousand_tiny_files_and_deep_folders() {
    let dir = batch();
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..10_000 {
        std::fs::write(
            many.join(format!("{i:05}.txt")),
            format!("tiny file number {i} with a few words\n"),
        )
        .unwrap();
    }
    let mut deep = dir.path().join("deep");
    for i in 0..100 {
        deep = deep.join(format!("level{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("bottom.txt"), GOOD_A).unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    let r = json(&out);
    good_pair_found(&r);
    assert_eq!(r.documents.len(), 10_000 + 3);
    assert!(r
        .documents
        .iter()
        .any(|d| d.name.ends_with("level99/bottom.txt")));
}

#[test]
fn the_same_file_twice() {
    let dir = batch();
    let out = paradup(
        &["analyze", "--format", "json", "good-a.txt", "good-a.txt"],
        dir.path(),
    );
    let r = json(&out);
    assert_eq!(r.documents.len(), 2);
    assert_eq!(r.pairs.len(), 1);
    assert_eq!(r.overlaps[0].a_share, 1.0);
}

#[cfg(unix)]
#[test]
fn unreadable_paths_are_named_and_the_rest_is_analyzed() {
    let dir = batch();
    std::os::unix::fs::symlink("nowhere/at/all.txt", dir.path().join("dangling.txt")).unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read ./dangling.txt"), "{err}");
    let r = json(&out);
    good_pair_found(&r);
    assert!(r.skipped.iter().any(|s| s.name.ends_with("dangling.txt")));
}

#[test]
fn invalid_utf8_in_the_middle() {
    let dir = batch();
    let mut bytes = GOOD_A.as_bytes().to_vec();
    bytes.splice(10..10, [0xff, 0xfe, 0x80]);
    bytes.extend_from_slice("Ünïcödé text after the bad bytes goes on here.\n".as_bytes());
    std::fs::write(dir.path().join("mixed.txt"), &bytes).unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    let r = json(&out);
    let d = r
        .documents
        .iter()
        .find(|d| d.name.ends_with("mixed.txt"))
        .unwrap();
    assert_eq!(d.encoding, paradup::Encoding::Utf8WithWindows1252);
    assert!(d.warnings[0].contains("3 byte(s)"));
    assert_eq!(d.paragraphs.last().unwrap().end as usize, bytes.len() - 1);
}

#[test]
fn names_and_text_are_shown_literally() {
    let dir = batch();
    let name = "<img src=x onerror=alert(1)> \u{202e}txt.exe \u{1F600} e\u{301}.txt";
    let text = "<script>alert(1)</script> \u{1b}[31mred\u{1b}[0m and a \u{0}NUL, \u{202e}reversed, e\u{301}, \u{1F600}.";
    let body = format!("{text}\n\n{text}\n");
    std::fs::write(dir.path().join(name), &body).unwrap();
    let out = paradup(&["analyze", "--min-words", "2", "."], dir.path());
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("<img src=x onerror=alert(1)> \\u{202E}txt.exe \u{1F600} e\u{301}.txt"),
        "{shown}"
    );
    assert!(
        shown.contains("<script>alert(1)</script> \\u{001B}[31mred\\u{001B}[0m and a \\u{0000}NUL"),
        "{shown}"
    );
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202e}') && !shown.contains('\0'));
    let out = paradup(
        &["analyze", "--format", "json", "--min-words", "2", "."],
        dir.path(),
    );
    let r = json(&out);
    assert!(r.documents.iter().any(|d| d.name.ends_with(name)));
}
