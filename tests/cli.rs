//! The `paradup` binary: exit status, formats, bad paths, dedup, and the
//! JSON report checked against the schema.

mod common;

use common::{assert_valid, docx, paradup, zip_of};

use paradup::dedup::Log;
use paradup::Report;

const STORY: &str = "The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\n\nFishermen said the repairs were long overdue and thanked the council for acting quickly.\n";
const ECHO: &str = "Unrelated opening paragraph about a choir concert in the town hall last Sunday evening.\n\nThe harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\n";
const OTHER: &str =
    "A recipe for bread needs flour, water, salt and a great deal of patience from the baker.\n";

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("story.txt"), STORY).unwrap();
    std::fs::write(dir.path().join("echo.txt"), ECHO).unwrap();
    std::fs::write(dir.path().join("other.txt"), OTHER).unwrap();
    dir
}

#[test]
fn exit_status_follows_diff() {
    let dir = corpus();
    let none = paradup(&["analyze", "story.txt", "other.txt"], dir.path());
    assert_eq!(
        none.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&none.stderr)
    );
    let some = paradup(&["analyze", "story.txt", "echo.txt"], dir.path());
    assert_eq!(some.status.code(), Some(1));
    let bad = paradup(&["analyze", "--near", "1.5", "story.txt"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("near_threshold"));
}

#[test]
fn memory_and_temporary_folder_options() {
    let dir = corpus();
    let missing = dir.path().join("no-such-folder");
    let out = paradup(
        &[
            "analyze",
            "--temp-dir",
            missing.to_str().unwrap(),
            "story.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("temporary files"), "{err}");
    assert!(err.contains("no-such-folder"), "{err}");
    let out = paradup(&["analyze", "--memory", "12", "story.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too small"));
    // With 1K the index spills past 64 fingerprints; these files hold
    // thousands. Spilling changes nothing.
    let mut next = common::xorshift(7);
    let words = [
        "tide", "pier", "vote", "storm", "ferry", "quay", "mayor", "budget",
    ];
    let paragraphs: Vec<String> = (0..40)
        .map(|_| {
            (0..20)
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    for f in 0..10 {
        let text: Vec<&str> = (0..8).map(|_| paragraphs[next(40)].as_str()).collect();
        std::fs::write(dir.path().join(format!("gen{f}.txt")), text.join("\n\n")).unwrap();
    }
    let free = paradup(&["analyze", "--format", "json", "."], dir.path());
    let tight = paradup(
        &["analyze", "--format", "json", "--memory", "1K", "."],
        dir.path(),
    );
    assert_eq!(tight.status.code(), Some(1));
    assert!(free.stdout == tight.stdout);
}

#[test]
fn json_report_matches_schema_and_library() {
    let dir = corpus();
    let out = paradup(
        &[
            "analyze",
            "--format",
            "json",
            "story.txt",
            "echo.txt",
            "other.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_valid(&json);
    let report: Report = serde_json::from_value(json).expect("report shape");
    assert_eq!(report.documents.len(), 3);
    assert_eq!(report.pairs.len(), 1);
    let p = report.pairs[0];
    assert_eq!((p.a.doc, p.a.para, p.b.doc, p.b.para), (0, 0, 1, 1));
    // The CLI is a thin front end: the library gives the same report.
    let lib = paradup::analyze(
        &[
            ("story.txt", STORY),
            ("echo.txt", ECHO),
            ("other.txt", OTHER),
        ],
        paradup::Options::default(),
    )
    .unwrap();
    assert_eq!(lib, report);
}

#[test]
fn seeds_report_matches_schema() {
    let Some(dir) = common::shared("seeds") else {
        return;
    };
    let out = paradup(&["analyze", "--format", "json", "."], &dir);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&json);
    assert_eq!(json["documents"].as_array().unwrap().len(), 5);
}

#[test]
fn csv_and_text_formats() {
    let dir = corpus();
    let csv = paradup(
        &["analyze", "--format", "csv", "story.txt", "echo.txt"],
        dir.path(),
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("a_document,a_line,b_document,b_line,kind"));
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].starts_with("story.txt,1,echo.txt,3,exact,1,1,"),
        "{}",
        lines[1]
    );
    let text = paradup(&["analyze", "story.txt", "echo.txt"], dir.path());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("original  story.txt:1"), "{text}");
    assert!(text.contains("copy      echo.txt:3"), "{text}");
}

#[test]
fn missing_paths_are_named_and_the_rest_is_analyzed() {
    let dir = corpus();
    let out = paradup(
        &[
            "analyze",
            "--format",
            "json",
            "story.txt",
            "nope.txt",
            "echo.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read nope.txt"), "{err}");
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.documents.len(), 2);
    assert_eq!(report.pairs.len(), 1);
}

#[test]
fn directories_are_walked_for_text_files() {
    let dir = corpus();
    std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
    std::fs::write(dir.path().join("sub/deeper/copy.md"), STORY).unwrap();
    std::fs::write(dir.path().join("sub/skip.bin"), STORY).unwrap();
    std::fs::write(dir.path().join("sub/page.html"), STORY).unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = report.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "./echo.txt",
            "./other.txt",
            "./story.txt",
            "./sub/deeper/copy.md",
            "./sub/page.html"
        ]
    );
    let out = paradup(
        &["analyze", "--format", "json", "--include", "*.bin", "."],
        dir.path(),
    );
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.documents.len(), 6);
    assert!(report.documents.iter().any(|d| d.name == "./sub/skip.bin"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_end() {
    let dir = corpus();
    std::fs::create_dir(dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("loop/up")).unwrap();
    let out = paradup(&["analyze", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.documents.len(), 3);
}

#[test]
fn dedup_removes_later_copies_and_logs_them() {
    let dir = corpus();
    let out_dir = dir.path().join("out");
    let out = paradup(
        &[
            "dedup",
            "story.txt",
            "echo.txt",
            "other.txt",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kept = |n: &str| std::fs::read_to_string(out_dir.join(n)).unwrap();
    assert_eq!(kept("story.txt"), STORY, "originals are kept byte for byte");
    assert_eq!(kept("other.txt"), OTHER);
    assert_eq!(
        kept("echo.txt"),
        "Unrelated opening paragraph about a choir concert in the town hall last Sunday evening.\n\n"
    );
    let log: Log =
        serde_json::from_slice(&std::fs::read(out_dir.join("paradup-dedup-log.json")).unwrap())
            .unwrap();
    let echo = &log.documents[1];
    assert_eq!(echo.removed.len(), 1);
    let r = &echo.removed[0];
    assert_eq!(
        (r.original_document.as_str(), r.original_line, r.line),
        ("story.txt", 1, 3)
    );
    // Kept bytes plus the logged removals give back the input.
    let mut rebuilt = kept("echo.txt");
    rebuilt.insert_str(r.start as usize, &r.text);
    assert_eq!(rebuilt, ECHO);
}

#[test]
fn dedup_never_writes_outside_out() {
    let dir = corpus();
    let inner = dir.path().join("a/b");
    std::fs::create_dir_all(&inner).unwrap();
    let out = paradup(
        &["dedup", "../../story.txt", "../../echo.txt", "--out", "o"],
        &inner,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(inner.join("o/story.txt").exists());
    assert!(inner.join("o/echo.txt").exists());
    // The inputs themselves are untouched.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("echo.txt")).unwrap(),
        ECHO
    );
}

#[test]
fn binary_files_are_skipped_with_a_reason_and_the_rest_is_analyzed() {
    let dir = corpus();
    std::fs::write(dir.path().join("image.txt"), b"\x89PNG\r\n\x1a\nrest").unwrap();
    std::fs::write(dir.path().join("blob.txt"), b"abc\0\x01\x02\0\0\x03def").unwrap();
    let utf16: Vec<u8> = ECHO.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.path().join("wide.txt"), utf16).unwrap();
    let out = paradup(
        &[
            "analyze",
            "--format",
            "json",
            "story.txt",
            "image.txt",
            "blob.txt",
            "wide.txt",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "binary input is not trouble: it is reported"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("skipped image.txt: a PNG image"), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&json);
    let report: Report = serde_json::from_value(json).unwrap();
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(skipped, ["image.txt", "blob.txt"]);
    assert!(report.skipped[1].reason.contains("NUL"));
    // UTF-16 without a byte-order mark is text, and its copy is found.
    assert_eq!(report.documents[1].name, "wide.txt");
    assert_eq!(report.documents[1].encoding, paradup::Encoding::Utf16Le);
    assert_eq!(report.pairs.len(), 1);
    let text = paradup(&["analyze", "story.txt", "image.txt"], dir.path());
    assert!(String::from_utf8_lossy(&text.stdout).contains("skipped: image.txt: a PNG image"));
}

#[test]
fn markdown_syntax_does_not_count() {
    let dir = corpus();
    std::fs::write(
        dir.path().join("notes.md"),
        "## Harbour\n\nThe **harbour council** voted on [Tuesday](https://example.org/tuesday) to rebuild the old stone pier before the winter storms.\n",
    )
    .unwrap();
    let out = paradup(
        &["analyze", "--format", "json", "story.txt", "notes.md"],
        dir.path(),
    );
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.documents[1].format, paradup::SourceFormat::Markdown);
    let p = report
        .pairs
        .iter()
        .find(|p| p.b.doc == 1)
        .expect("markdown copy found");
    assert_eq!(p.kind, paradup::Kind::Exact);
    let span = report.documents[1].paragraphs[p.b.para as usize];
    let src = std::fs::read_to_string(dir.path().join("notes.md")).unwrap();
    assert!(src[span.start as usize..span.end as usize].starts_with("The **harbour council**"));
}

/// The cluster lines (`original`, `copy` and diff lines) of text output
/// (not the passages listed after the clusters).
fn cluster_lines(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|l| !l.starts_with('['))
        .take_while(|l| !l.starts_with("Passages reused"))
        .filter(|l| l.starts_with("  "))
        .collect()
}

#[test]
fn text_output_shows_html_paragraphs_without_markup() {
    let dir = corpus();
    std::fs::write(
        dir.path().join("page.html"),
        "<!DOCTYPE html><html><head><title>Pier</title></head><body>\n<p>The harbour <em>council</em> voted on Tuesday to rebuild the old <a href=\"/pier\">stone pier</a> before the winter storms.</p>\n<p>Fishermen said the repairs were long overdue &amp; thanked the council for acting quickly.</p>\n</body></html>\n",
    )
    .unwrap();
    let out = paradup(&["analyze", "page.html", "story.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines = cluster_lines(&text);
    assert_eq!(
        lines[0],
        "  original  page.html:2  The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms."
    );
    // The copy's text equals the extracted original: no difference shown.
    assert!(
        lines[1].starts_with("  copy      story.txt:1  exact"),
        "{text}"
    );
    assert_eq!(
        lines[2],
        "  original  page.html:3  Fishermen said the repairs were long overdue & thanked the council for acting quickly."
    );
    assert!(lines[3].starts_with("  copy      story.txt:3  "), "{text}");
    assert!(lines[4].contains("[-&-] {+and+}"), "{text}");
    assert_eq!(lines.len(), 5, "{text}");
    for markup in ["<", ">", "&amp;", "href"] {
        assert!(
            lines.iter().all(|l| !l.contains(markup)),
            "{markup} shown: {text}"
        );
    }
}

/// Archive entries keep no bytes in the CLI: a plain-text entry's span
/// text comes from the archive read again, an HTML entry's extracted text
/// and a record's from what the analysis kept.
#[test]
fn text_output_shows_the_text_of_archive_entries() {
    let dir = corpus();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let html = "<p>Fishermen said the repairs were <b>long</b> overdue &amp; thanked the council for acting quickly.</p>";
    let jsonl = "{\"text\": \"Fishermen said the repairs were long overdue and thanked the council for acting \\\"quickly\\\".\"}\n";
    std::fs::write(
        dir.path().join("pack.zip"),
        zip_of(&[
            ("in/u16.txt", &utf16[..]),
            ("in/page.html", html.as_bytes()),
            ("in/r.jsonl", jsonl.as_bytes()),
        ]),
    )
    .unwrap();
    let out = paradup(&["analyze", "story.txt", "pack.zip"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines = cluster_lines(&text);
    assert_eq!(
        lines[0],
        "  original  story.txt:1  The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms."
    );
    assert!(
        lines[1].starts_with("  copy      pack.zip/in/u16.txt:1  exact"),
        "{text}"
    );
    assert_eq!(
        lines[2],
        "  original  story.txt:3  Fishermen said the repairs were long overdue and thanked the council for acting quickly."
    );
    let copies = lines[3..].join("\n");
    assert!(
        copies.contains("  copy      pack.zip/in/page.html:1  "),
        "{text}"
    );
    assert!(copies.contains("[-and-] {+&+}"), "{text}");
    assert!(
        copies.contains("  copy      pack.zip/in/r.jsonl#1:1  "),
        "{text}"
    );
    // The quotes the record adds are marked apart from the word.
    assert!(copies.contains("acting {+\"+}quickly{+\"+}."), "{text}");
    for markup in ["<b>", "&amp;", "\\\""] {
        assert!(!text.contains(markup), "{markup} shown: {text}");
    }
}

#[test]
fn text_output_shows_the_extracted_text_of_docx_and_records() {
    let dir = corpus();
    std::fs::write(
        dir.path().join("letter.docx"),
        docx(&[
            "A short title & more",
            "The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.",
        ]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("menu.jsonl"),
        "{\"id\": 1, \"text\": \"Caf\\u00e9 \\\"owners\\\" said the new menu would arrive next week, after the storms.\"}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("menu.txt"),
        "Café \"owners\" said the new menu would arrive next week, after the storms.\n",
    )
    .unwrap();
    let out = paradup(
        &[
            "analyze",
            "letter.docx",
            "menu.jsonl",
            "story.txt",
            "menu.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines = cluster_lines(&text);
    assert_eq!(
        lines,
        [
            "  original  letter.docx:1  The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.",
            "  copy      story.txt:1  exact similarity 1.0000, containment 1.0000",
            "  original  menu.jsonl#1:1  Café \"owners\" said the new menu would arrive next week, after the storms.",
            "  copy      menu.txt:1  exact similarity 1.0000, containment 1.0000",
        ],
        "{text}"
    );
}

#[test]
fn dedup_writes_archive_entries_and_record_files_as_before() {
    let dir = corpus();
    let page = "<html><body><p>The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.</p></body></html>\n";
    let record = "{\"text\": \"Fishermen said the repairs were long overdue and thanked the council for acting quickly.\"}\n";
    let archive = zip_of(&[
        ("docs/story.txt", STORY.as_bytes()),
        ("docs/echo.txt", ECHO.as_bytes()),
        ("page.html", page.as_bytes()),
        ("data.jsonl", record.as_bytes()),
        ("../../other.txt", OTHER.as_bytes()),
    ]);
    std::fs::write(dir.path().join("pack.zip"), &archive).unwrap();
    let records = format!(
        "{record}{{\"text\": \"A record about a choir that sang in the town hall on Sunday evening.\"}}\n"
    );
    std::fs::write(dir.path().join("recs.jsonl"), &records).unwrap();
    let late_kept = "A late paragraph about the weather by the sea, found in no other file.\n\n";
    let late = format!("{late_kept}The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\n");
    std::fs::write(dir.path().join("late.txt"), &late).unwrap();
    let out = paradup(
        &[
            "dedup",
            "pack.zip",
            "recs.jsonl",
            "late.txt",
            "--out",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("paradup: wrote 6 files to out (2 paragraphs removed;"),
        "{err}"
    );
    let o = dir.path().join("out");
    let mut written: Vec<String> = Vec::new();
    let mut stack = vec![o.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(&o).unwrap().to_string_lossy();
                written.push(rel.replace('\\', "/"));
            }
        }
    }
    written.sort();
    assert_eq!(
        written,
        [
            "late.txt",
            "pack.zip/docs/echo.txt",
            "pack.zip/docs/story.txt",
            "pack.zip/other.txt",
            "pack.zip/page.html",
            "paradup-dedup-log.json",
            "recs.jsonl",
        ]
    );
    let kept = |n: &str| std::fs::read_to_string(o.join(n)).unwrap();
    let echo_kept = "Unrelated opening paragraph about a choir concert in the town hall last Sunday evening.\n\n";
    assert_eq!(kept("pack.zip/docs/story.txt"), STORY);
    assert_eq!(kept("pack.zip/docs/echo.txt"), echo_kept);
    assert_eq!(kept("pack.zip/page.html"), page, "HTML is copied unchanged");
    assert_eq!(kept("pack.zip/other.txt"), OTHER);
    assert_eq!(
        kept("recs.jsonl"),
        records,
        "a record file is written whole"
    );
    assert_eq!(kept("late.txt"), late_kept);

    let log: Log =
        serde_json::from_slice(&std::fs::read(o.join("paradup-dedup-log.json")).unwrap()).unwrap();
    let summary: Vec<(&str, u64, u64, usize)> = log
        .documents
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.bytes_before,
                d.bytes_after,
                d.removed.len(),
            )
        })
        .collect();
    let (story, echo, other) = (STORY.len() as u64, ECHO.len() as u64, OTHER.len() as u64);
    let (page, records) = (page.len() as u64, records.len() as u64);
    let echo_after = echo_kept.len() as u64;
    let record_line = record.trim_end().len() as u64;
    let (late, late_after) = (late.len() as u64, late_kept.len() as u64);
    assert_eq!(
        summary,
        [
            ("pack.zip/docs/story.txt", story, story, 0),
            ("pack.zip/docs/echo.txt", echo, echo_after, 1),
            ("pack.zip/page.html", page, page, 0),
            // A record in an archive carries its own line.
            ("pack.zip/data.jsonl#1", record_line, record_line, 0),
            ("pack.zip/../../other.txt", other, other, 0),
            // Records point into the whole file.
            ("recs.jsonl#1", records, records, 0),
            ("recs.jsonl#2", records, records, 0),
            ("late.txt", late, late_after, 1),
        ]
    );
    for (removed, start) in [
        (&log.documents[1].removed[0], echo_after),
        (&log.documents[7].removed[0], late_after),
    ] {
        assert_eq!(
            (removed.original_document.as_str(), removed.original_line),
            ("pack.zip/docs/story.txt", 1)
        );
        assert_eq!((removed.start, removed.line), (start, 3));
        assert_eq!(
            removed.text,
            "The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\n"
        );
    }
}

/// A pipe cannot be read twice: its bytes are kept for the text output
/// and dedup, which read regular files again.
#[cfg(unix)]
#[test]
fn piped_input_is_shown_and_deduplicated() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = corpus();
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_paradup"))
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(ECHO.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let text = run(&["analyze", "story.txt", "/dev/stdin"]);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert_eq!(
        text.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    assert!(shown.contains("copy      /dev/stdin:3"), "{shown}");
    let dedup = run(&["dedup", "story.txt", "/dev/stdin", "--out", "o"]);
    assert_eq!(
        dedup.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&dedup.stderr)
    );
    let kept = std::fs::read_to_string(dir.path().join("o/stdin")).unwrap();
    assert!(kept.starts_with("Unrelated opening paragraph"));
    assert!(!kept.contains("harbour council"), "{kept}");
}

#[test]
fn an_input_named_like_the_dedup_log_does_not_replace_it() {
    let dir = corpus();
    std::fs::write(dir.path().join("paradup-dedup-log.json"), STORY).unwrap();
    let out = paradup(
        &["dedup", "paradup-dedup-log.json", "echo.txt", "--out", "o"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let log: Log = serde_json::from_slice(
        &std::fs::read(dir.path().join("o/paradup-dedup-log.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(log.documents.len(), 2);
    let copy = std::fs::read_to_string(dir.path().join("o/paradup-dedup-log-2.json")).unwrap();
    assert_eq!(copy, STORY);
}

/// Stderr is not a terminal here (the test captures it): no progress bar
/// reaches it, with or without `--quiet`, and the report is the same.
#[test]
fn no_progress_output_when_stderr_is_not_a_terminal_or_with_quiet() {
    let dir = corpus();
    let plain = paradup(&["analyze", "--format", "json", "."], dir.path());
    assert_eq!(plain.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&plain.stderr), "");
    for quiet in ["--quiet", "-q"] {
        let out = paradup(&["analyze", quiet, "--format", "json", "."], dir.path());
        assert_eq!(out.status.code(), Some(1), "{quiet}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{quiet}");
        assert_eq!(out.stdout, plain.stdout, "{quiet}");
    }
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out");
    let dedup = paradup(
        &[
            "dedup",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
            "story.txt",
            "echo.txt",
        ],
        dir.path(),
    );
    assert_eq!(dedup.status.code(), Some(1));
    // Only the summary line, which --quiet keeps.
    let err = String::from_utf8_lossy(&dedup.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("paradup: wrote 2 files"), "{err}");
}

/// On a terminal (a pseudo-terminal made by util-linux `script`) the bar
/// is drawn on stderr, naming the stage and the files read; `--quiet`
/// draws nothing. The report goes to a file, so everything the terminal
/// receives comes from stderr.
#[test]
fn progress_bar_on_a_terminal_unless_quiet() {
    let script_works = std::process::Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if !script_works {
        common::skip("util-linux `script` (to make a pseudo-terminal) is not available");
        return;
    }
    let dir = corpus();
    let on_terminal = |extra: &str| {
        let command = format!(
            "{} analyze {extra} --format json . > report.json",
            env!("CARGO_BIN_EXE_paradup")
        );
        let out = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .expect("script runs");
        let report = std::fs::read(dir.path().join("report.json")).unwrap();
        (String::from_utf8_lossy(&out.stdout).into_owned(), report)
    };
    let (shown, report) = on_terminal("");
    assert!(shown.contains("3/3 files"), "{shown:?}");
    // Every stage is drawn at least once, in order.
    let mut at = 0;
    for stage in ["reading", "matching", "passages", "clustering", "reporting"] {
        let found = shown[at..].find(&format!(" {stage} "));
        assert!(found.is_some(), "{stage} after byte {at} of {shown:?}");
        at += found.unwrap_or(0);
    }
    let (quiet, quiet_report) = on_terminal("--quiet");
    assert_eq!(quiet, "");
    assert_eq!(report, quiet_report);
    let _: Report = serde_json::from_slice(&report).expect("a report");
}

// --- dedup --keep / --prefer (issue 11, item 2) ---------------------------

const PIER: &str = "The harbour council voted on Tuesday to rebuild the old stone pier.";
const PIER_LONG: &str =
    "The harbour council voted on Tuesday to rebuild the old stone pier before winter.";

/// `mirror/a.txt` holds the first occurrence, `canonical/b.txt` a longer
/// near copy, `c.txt` an exact copy; each opens with a paragraph of its own.
fn keep_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, body: String| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    };
    write(
        "mirror/a.txt",
        format!("A mirror keeps this opening paragraph about the ferry timetable.\n\n{PIER}\n"),
    );
    write(
        "canonical/b.txt",
        format!("The canonical copy opens with a note about the library hours.\n\n{PIER_LONG}\n"),
    );
    write(
        "c.txt",
        format!("A third file starts with a word on the brass band in the square.\n\n{PIER}\n"),
    );
    dir
}

const KEEP_INPUTS: [&str; 3] = ["mirror/a.txt", "canonical/b.txt", "c.txt"];

/// Runs `paradup dedup` on the keep corpus with `extra` arguments; returns
/// the log and the output folder.
fn keep_dedup(dir: &std::path::Path, extra: &[&str]) -> (Log, std::path::PathBuf) {
    let out_dir = dir.join("out");
    let _ = std::fs::remove_dir_all(&out_dir);
    let mut args = vec!["dedup", "--out", "out"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&KEEP_INPUTS);
    let out = paradup(&args, dir);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log =
        serde_json::from_slice(&std::fs::read(out_dir.join("paradup-dedup-log.json")).unwrap())
            .unwrap();
    (log, out_dir)
}

/// For every removal: (document it was removed from, kept document, rule).
fn kept_by(log: &Log) -> Vec<(String, String, String)> {
    log.documents
        .iter()
        .flat_map(|d| {
            d.removed.iter().map(|r| {
                let k = r.kept.as_ref().expect("every removal names its kept copy");
                let rule = serde_json::to_value(k.rule).unwrap();
                (
                    d.name.clone(),
                    k.document.clone(),
                    rule.as_str().unwrap().to_owned(),
                )
            })
        })
        .collect()
}

fn owned(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

/// Which of the three outputs still hold the pier paragraph.
fn holders(out_dir: &std::path::Path) -> Vec<&'static str> {
    KEEP_INPUTS
        .into_iter()
        .filter(|n| {
            // Files given by path are written under their file names.
            let name = n.rsplit('/').next().unwrap();
            std::fs::read_to_string(out_dir.join(name))
                .unwrap()
                .contains("stone pier")
        })
        .collect()
}

#[test]
fn dedup_keep_first_is_the_default_and_says_so() {
    let dir = keep_corpus();
    let (log, out_dir) = keep_dedup(dir.path(), &[]);
    assert_eq!(holders(&out_dir), ["mirror/a.txt"]);
    assert_eq!(
        kept_by(&log),
        owned(&[
            ("canonical/b.txt", "mirror/a.txt", "first"),
            ("c.txt", "mirror/a.txt", "first"),
        ])
    );
    let keep = log.keep.expect("the log says how it chose");
    assert_eq!(keep.policy, paradup::dedup::Policy::First);
    // The same as asking for it.
    let (asked, _) = keep_dedup(dir.path(), &["--keep", "first"]);
    assert_eq!(asked.documents, log.documents);
}

#[test]
fn dedup_keep_longest_keeps_the_longer_copy_and_removes_the_first() {
    let dir = keep_corpus();
    let (log, out_dir) = keep_dedup(dir.path(), &["--keep", "longest"]);
    assert_eq!(holders(&out_dir), ["canonical/b.txt"]);
    assert_eq!(
        kept_by(&log),
        owned(&[
            ("mirror/a.txt", "canonical/b.txt", "longest"),
            ("c.txt", "canonical/b.txt", "longest"),
        ])
    );
    // The removed first occurrence is compared with the copy kept.
    let r = &log.documents[0].removed[0];
    assert_eq!(
        (r.original_document.as_str(), r.line),
        ("canonical/b.txt", 3)
    );
    assert_eq!(r.kind, paradup::Kind::Near);
    assert_eq!(r.kept.as_ref().unwrap().line, 3);
}

#[test]
fn dedup_keep_newest_uses_modification_times() {
    let dir = keep_corpus();
    let set = |rel: &str, secs: u64| {
        let f = std::fs::File::options()
            .write(true)
            .open(dir.path().join(rel))
            .unwrap();
        f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
            .unwrap();
    };
    set("mirror/a.txt", 1_700_000_000);
    set("canonical/b.txt", 1_600_000_000);
    set("c.txt", 1_750_000_000);
    let (log, out_dir) = keep_dedup(dir.path(), &["--keep", "newest"]);
    assert_eq!(holders(&out_dir), ["c.txt"]);
    assert_eq!(
        kept_by(&log),
        owned(&[
            ("mirror/a.txt", "c.txt", "newest"),
            ("canonical/b.txt", "c.txt", "newest"),
        ])
    );
    assert!(log.keep.as_ref().unwrap().without_time.is_empty());
    // Equal times: the first wins that tie, and the log says `first`.
    set("c.txt", 1_700_000_000);
    let (log, out_dir) = keep_dedup(dir.path(), &["--keep", "newest"]);
    assert_eq!(holders(&out_dir), ["mirror/a.txt"]);
    assert_eq!(
        kept_by(&log),
        owned(&[
            ("canonical/b.txt", "mirror/a.txt", "newest"),
            ("c.txt", "mirror/a.txt", "first"),
        ])
    );
}

#[test]
fn dedup_keep_newest_without_a_time_falls_back_to_first_and_says_so() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = keep_corpus();
    // c.txt is the newest file, but standard input has no time.
    let mut child = Command::new(env!("CARGO_BIN_EXE_paradup"))
        .args([
            "dedup",
            "--keep",
            "newest",
            "--out",
            "o",
            "/dev/stdin",
            "c.txt",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let piped = std::fs::read(dir.path().join("mirror/a.txt")).unwrap();
    child.stdin.take().unwrap().write_all(&piped).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no modification time") && err.contains("/dev/stdin"),
        "{err}"
    );
    let log: Log = serde_json::from_slice(
        &std::fs::read(dir.path().join("o/paradup-dedup-log.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(log.keep.as_ref().unwrap().without_time, ["/dev/stdin"]);
    assert_eq!(kept_by(&log), owned(&[("c.txt", "/dev/stdin", "first")]));
}

#[test]
fn dedup_prefer_keeps_copies_in_matching_paths_first() {
    let dir = keep_corpus();
    let (log, out_dir) = keep_dedup(dir.path(), &["--prefer", "canonical/*"]);
    assert_eq!(holders(&out_dir), ["canonical/b.txt"]);
    assert_eq!(
        kept_by(&log),
        owned(&[
            ("mirror/a.txt", "canonical/b.txt", "prefer"),
            ("c.txt", "canonical/b.txt", "prefer"),
        ])
    );
    assert_eq!(log.keep.as_ref().unwrap().prefer, ["canonical/*"]);
    // An earlier pattern wins over a later one; a tie in preference goes
    // to the policy, then to the first.
    let (log, out_dir) = keep_dedup(
        dir.path(),
        &[
            "--prefer",
            "c.txt",
            "--prefer",
            "canonical/*",
            "--keep",
            "longest",
        ],
    );
    assert_eq!(holders(&out_dir), ["c.txt"]);
    assert_eq!(
        kept_by(&log),
        owned(&[
            ("mirror/a.txt", "c.txt", "prefer"),
            ("canonical/b.txt", "c.txt", "prefer"),
        ])
    );
    let (log, _) = keep_dedup(dir.path(), &["--prefer", "*.txt", "--keep", "longest"]);
    assert_eq!(
        kept_by(&log),
        owned(&[
            ("mirror/a.txt", "canonical/b.txt", "longest"),
            ("c.txt", "canonical/b.txt", "longest"),
        ])
    );
}

#[test]
fn dedup_refuses_an_unknown_policy_and_a_bad_glob() {
    let dir = keep_corpus();
    let out = paradup(
        &["dedup", "--keep", "biggest", "--out", "o", "c.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("biggest") && err.contains("longest"), "{err}");
    let out = paradup(
        &["dedup", "--prefer", "canonical/[ab", "--out", "o", "c.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--prefer \"canonical/[ab\""), "{err}");
    assert!(!dir.path().join("o").exists(), "nothing written");
}

#[test]
fn restore_rebuilds_the_inputs_from_a_log_written_with_a_policy_and_from_an_old_log() {
    let dir = keep_corpus();
    let (_, out_dir) = keep_dedup(dir.path(), &["--keep", "longest"]);
    let check = |restored: &std::path::Path| {
        for n in KEEP_INPUTS {
            let name = n.rsplit('/').next().unwrap();
            assert_eq!(
                std::fs::read(restored.join(name)).unwrap(),
                std::fs::read(dir.path().join(n)).unwrap(),
                "{n}"
            );
        }
    };
    let out = paradup(
        &["restore", "out/paradup-dedup-log.json", "--out", "r1"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    check(&dir.path().join("r1"));
    // A log written before dedup could choose has no `keep` and no `kept`.
    let log_path = out_dir.join("paradup-dedup-log.json");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&log_path).unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("keep").unwrap();
    for d in json["documents"].as_array_mut().unwrap() {
        for r in d["removed"].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("kept").unwrap();
        }
    }
    std::fs::write(&log_path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    let old: Log = serde_json::from_slice(&std::fs::read(&log_path).unwrap()).unwrap();
    assert!(old.keep.is_none());
    let out = paradup(
        &["restore", "out/paradup-dedup-log.json", "--out", "r2"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    check(&dir.path().join("r2"));
}

#[test]
fn dedup_keep_newest_gives_archive_entries_no_time() {
    let dir = keep_corpus();
    let a = std::fs::read(dir.path().join("mirror/a.txt")).unwrap();
    std::fs::write(dir.path().join("pack.zip"), zip_of(&[("a.txt", &a[..])])).unwrap();
    // The archive is newer than c.txt, but its entries have no time of
    // their own: `newest` would say the entry; the fallback says `first`.
    let f = std::fs::File::options()
        .write(true)
        .open(dir.path().join("pack.zip"))
        .unwrap();
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(4_000_000_000))
        .unwrap();
    let out = paradup(
        &[
            "dedup", "--keep", "newest", "--out", "o", "pack.zip", "c.txt",
        ],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("pack.zip/a.txt"), "{err}");
    let log: Log = serde_json::from_slice(
        &std::fs::read(dir.path().join("o/paradup-dedup-log.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(log.keep.as_ref().unwrap().without_time, ["pack.zip/a.txt"]);
    assert_eq!(
        kept_by(&log),
        owned(&[("c.txt", "pack.zip/a.txt", "first")])
    );
}

#[test]
fn rows_choose_csv_rows_and_are_refused_with_other_formats() {
    let dir = corpus();
    let run = |args: &[&str]| {
        let mut all = vec!["analyze"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["story.txt", "echo.txt"]);
        paradup(&all, dir.path())
    };
    // Pairs are the default rows: the same bytes as before, and as the
    // library's CSV.
    let default = run(&["--format", "csv"]);
    let pairs = run(&["--format", "csv", "--rows", "pairs"]);
    assert_eq!(default.status.code(), Some(1));
    assert_eq!(pairs.status.code(), Some(1));
    assert_eq!(default.stdout, pairs.stdout);
    let lib = paradup::analyze(
        &[("story.txt", STORY), ("echo.txt", ECHO)],
        paradup::Options::default(),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(pairs.stdout).unwrap(),
        paradup::render::csv(&lib)
    );
    let passages = run(&["--format", "csv", "--rows", "passages"]);
    let csv = String::from_utf8(passages.stdout).unwrap();
    assert!(
        csv.starts_with("a_document,a_start,a_end,a_line,a_end_line,b_document,"),
        "{csv}"
    );
    assert_eq!(csv, paradup::render::passages_csv(&lib));
    // With text or JSON, --rows means nothing: refused before any output.
    for format in [&["--format", "text"][..], &["--format", "json"], &[]] {
        let mut args = format.to_vec();
        args.extend_from_slice(&["--rows", "passages"]);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--rows applies to --format csv only"),
            "{args:?}: {err}"
        );
    }
    let out = run(&["--format", "csv", "--rows", "lines"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("passages"));
}
