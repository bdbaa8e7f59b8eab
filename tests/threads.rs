//! `--threads N`: files are read and prepared on N threads, and the output
//! is byte for byte the same at every count (issue 10, item 2).

mod common;

use std::path::Path;

use common::{paradup, xorshift};

/// Writes a corpus of `docs` stories (paragraphs of pseudo-words, one in
/// eight copied from an earlier story, some re-cased), plus files in other
/// formats and encodings that share a paragraph with them.
fn write_corpus(dir: &Path, docs: usize) {
    let mut next = xorshift(0x05EE_D0F7_EAD5);
    let syllables = [
        "mar", "ten", "so", "qui", "lo", "bra", "del", "un", "ka", "ri",
    ];
    let vocab: Vec<String> = (0..800)
        .map(|_| (0..2 + next(2)).map(|_| syllables[next(10)]).collect())
        .collect();
    let mut earlier: Vec<String> = Vec::new();
    for d in 0..docs {
        let mut text = String::new();
        for _ in 0..12 + next(12) {
            let para = if !earlier.is_empty() && next(8) == 0 {
                let p = earlier[next(earlier.len())].clone();
                if next(3) == 0 {
                    p.to_uppercase()
                } else {
                    p
                }
            } else {
                let words: Vec<&str> = (0..20 + next(60))
                    .map(|_| vocab[next(vocab.len())].as_str())
                    .collect();
                let p = words.join(" ") + ".";
                earlier.push(p.clone());
                p
            };
            text.push_str(&para);
            text.push_str(if d % 3 == 0 { "\r\n\r\n" } else { "\n\n" });
        }
        std::fs::write(dir.join(format!("story{d:03}.txt")), text).unwrap();
    }
    let shared = &earlier[3];
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        format!("An opening line of the UTF-16 file.\n\n{shared}\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(dir.join("wide.txt"), utf16).unwrap();
    std::fs::write(
        dir.join("page.html"),
        format!("<html><body><p>A paragraph of the page alone.</p><p>{shared}</p></body></html>"),
    )
    .unwrap();
    let zip = common::zip_of(&[
        ("inside/copy.txt", format!("{shared}\n").as_bytes()),
        ("inside/image.png", b"\x89PNG\r\n\x1a\n not text"),
    ]);
    std::fs::write(dir.join("bundle.zip"), zip).unwrap();
}

/// `paradup ARGS` in `dir`, with `--threads N` after the command; returns
/// the exit status, stdout and stderr (warnings, which come in input
/// order too).
fn run(dir: &Path, args: &[&str], threads: Option<&str>) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let mut all = vec![args[0]];
    if let Some(n) = threads {
        all.extend(["--threads", n]);
    }
    all.extend(&args[1..]);
    let out = paradup(&all, dir);
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn reports_are_byte_identical_at_every_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 60);
    let seeds = common::shared("seeds");
    let mut inputs = vec![dir.path().to_str().unwrap().to_owned()];
    if let Some(seeds) = &seeds {
        inputs.push(seeds.to_str().unwrap().to_owned());
    }
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    for format in ["json", "text"] {
        let mut args = vec!["analyze", "--format", format];
        args.extend(&inputs);
        let one = run(dir.path(), &args, Some("1"));
        assert_eq!(one.0, Some(1));
        let warnings = String::from_utf8_lossy(&one.2);
        assert!(warnings.contains("image.png"), "{warnings}");
        if format == "json" {
            let report: paradup::Report = serde_json::from_slice(&one.1).unwrap();
            assert!(report.documents.len() > 60, "{}", report.documents.len());
            assert!(report.pairs.len() > 50, "{}", report.pairs.len());
            assert!(!report.passages.is_empty());
            assert!(!report.skipped.is_empty(), "the image in the zip");
        }
        for threads in [Some("2"), Some("3"), None] {
            let many = run(dir.path(), &args, threads);
            assert!(many == one, "{format} with --threads {threads:?} differs");
        }
    }
}

#[test]
fn dedup_output_and_log_are_the_same_at_every_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 20);
    let outputs: Vec<Vec<(String, Vec<u8>)>> = ["1", "3"]
        .iter()
        .map(|threads| {
            let out = dir.path().join(format!("out{threads}"));
            let cmd = paradup(
                &[
                    "dedup",
                    "--threads",
                    threads,
                    "--out",
                    out.to_str().unwrap(),
                    "--",
                    "story000.txt",
                    "story001.txt",
                    "story002.txt",
                    "story003.txt",
                    "story004.txt",
                    "story005.txt",
                    "wide.txt",
                    "page.html",
                    "bundle.zip",
                ],
                dir.path(),
            );
            assert_eq!(cmd.status.code(), Some(1), "{cmd:?}");
            let mut files: Vec<(String, Vec<u8>)> = walk(&out);
            files.sort();
            files
        })
        .collect();
    assert!(outputs[0].len() > 5);
    assert!(outputs[0] == outputs[1], "dedup differs with 3 threads");
}

/// Every file under `dir`, as (path relative to it, bytes).
fn walk(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

#[test]
fn zero_threads_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "One paragraph of text here.\n").unwrap();
    for (arg, says) in [("0", "at least 1"), ("many", "not a number")] {
        let out = paradup(&["analyze", "--threads", arg, "a.txt"], dir.path());
        assert_eq!(out.status.code(), Some(2), "{arg}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{arg}: {err}");
    }
}

#[test]
fn templates_ignore_the_same_paragraphs_at_every_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 12);
    // A template holding one paragraph that several stories share.
    let story = std::fs::read_to_string(dir.path().join("story005.txt")).unwrap();
    let para = story.split("\n\n").next().unwrap().trim();
    let template = tempfile::tempdir().unwrap();
    let path = template.path().join("template.txt");
    std::fs::write(&path, format!("{para}\n")).unwrap();
    let args = [
        "analyze",
        "--format",
        "json",
        "--ignore",
        path.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ];
    let one = run(dir.path(), &args, Some("1"));
    let report: paradup::Report = serde_json::from_slice(&one.1).unwrap();
    assert!(
        report.summary.ignored_paragraphs > 0,
        "the template matched nothing"
    );
    for threads in [Some("2"), Some("3"), None] {
        let many = run(dir.path(), &args, threads);
        assert!(
            many == one,
            "--threads {threads:?} ignores other paragraphs"
        );
    }
}

#[test]
fn an_absurd_thread_count_gives_the_same_report_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 6);
    let args = ["analyze", "--format", "json", dir.path().to_str().unwrap()];
    let one = run(dir.path(), &args, Some("1"));
    for huge in ["100000", "18446744073709551615"] {
        let many = run(dir.path(), &args, Some(huge));
        assert!(
            many == one,
            "--threads {huge}: {}",
            String::from_utf8_lossy(&many.2)
        );
    }
}

#[test]
fn spilling_gives_the_same_report_at_every_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 40);
    let temp = tempfile::tempdir().unwrap();
    let corpus = dir.path().to_str().unwrap();
    let unlimited = ["analyze", "--format", "json", corpus];
    let one = run(dir.path(), &unlimited, Some("1"));
    let report: paradup::Report = serde_json::from_slice(&one.1).unwrap();
    assert!(report.pairs.len() > 30, "{}", report.pairs.len());
    // 1 KiB: the shingle sets, the index and the candidate pairs all go
    // to temporary files, and the files in flight are one at a time.
    let temp_dir = temp.path().to_str().unwrap();
    let spilled = [
        "analyze",
        "--format",
        "json",
        "--memory",
        "1K",
        "--temp-dir",
        temp_dir,
        corpus,
    ];
    for threads in ["1", "2", "3"] {
        let many = run(dir.path(), &spilled, Some(threads));
        assert!(many == one, "--threads {threads} with spilling differs");
    }
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
}

#[test]
fn a_check_against_a_reference_is_the_same_at_every_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 30);
    // The first ten stories are the reference; the rest are checked
    // against them (and, with --within, against each other).
    let reference = tempfile::tempdir().unwrap();
    for d in 0..10 {
        let name = format!("story{d:03}.txt");
        std::fs::rename(dir.path().join(&name), reference.path().join(&name)).unwrap();
    }
    let against = reference.path().to_str().unwrap();
    let corpus = dir.path().to_str().unwrap();
    for within in [false, true] {
        let mut args = vec!["analyze", "--format", "json", "--against", against];
        if within {
            args.push("--within");
        }
        args.push(corpus);
        let one = run(dir.path(), &args, Some("1"));
        let report: paradup::Report = serde_json::from_slice(&one.1).unwrap();
        assert!(report.pairs.len() > 5, "{}", report.pairs.len());
        assert!(report
            .documents
            .iter()
            .any(|d| d.role == Some(paradup::Role::Reference)));
        for threads in [Some("2"), Some("3"), None] {
            let many = run(dir.path(), &args, threads);
            assert!(many == one, "--threads {threads:?}, within {within}");
        }
    }
}
