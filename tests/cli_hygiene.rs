//! What the CLI prints and what it opens: names, texts and warnings are
//! escaped on the terminal, CSV cells cannot start a formula, names keep
//! invalid bytes apart, and special files neither hang nor exhaust memory.
//! Every run has a deadline, so a regression that blocks fails the test
//! instead of hanging the suite.
#![cfg(unix)]

mod common;

use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use paradup::escape::is_escaped;
use paradup::Report;

const STORY: &str = "The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\n\nFishermen said the repairs were long overdue and thanked the council for acting quickly.\n";
const ECHO: &str = "Unrelated opening paragraph about a choir concert in the town hall last Sunday evening.\n\nThe harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\n";

/// Longest a run may take before it counts as hung (a guard, not a speed
/// assertion: every run here takes well under a second when it works).
const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `paradup args…` in `dir` with `stdin` as its input; panics (after
/// killing it) if it has not finished by [`DEADLINE`].
fn run_os(args: &[&OsStr], dir: &Path, stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paradup"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("paradup runs");
    let pid = child.id();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // A child that never reads its input must not block the test here.
    std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(out) => out.expect("paradup output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("paradup {args:?} did not finish within {DEADLINE:?}");
        }
    }
}

fn run(args: &[&str], dir: &Path) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    run_os(&args, dir, b"")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts that `bytes` are UTF-8 with no control character but the line
/// feed and no bidirectional control: nothing a terminal would obey.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what} is not UTF-8: {e}"));
    let bad: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| c != '\n' && is_escaped(c))
        .collect();
    assert!(
        bad.is_empty(),
        "{what} holds raw control characters {bad:?}:\n{text}"
    );
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

/// A .docx whose `word/document.xml` breaks off in a malformed end tag
/// holding `name`, so the reader's warning quotes it.
fn docx_with_bad_end_tag(paragraph: &str, name: &str) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p></{name}></w:body></w:document>"
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
    common::zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

/// Defect 6 of issue 12: names, paragraph texts, warnings and stderr
/// messages reached the terminal with their escape sequences.
#[test]
fn nothing_printed_carries_raw_control_or_bidi_characters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // ESC ] 0 ; … BEL sets the window title; U+202E reverses what follows.
    let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}\u{2066}\u{9b}";
    let story_name = format!("story{hostile}.txt");
    let text = format!(
        "The harbour council voted on Tuesday {hostile} to rebuild the old stone pier before the winter storms.\n"
    );
    std::fs::write(d.join(&story_name), &text).unwrap();
    std::fs::write(
        d.join(format!("echo{hostile}.txt")),
        format!("{text}\n{ECHO}"),
    )
    .unwrap();
    // A near copy, so the word diff shows hostile text too.
    std::fs::write(
        d.join("near.txt"),
        text.replace("Tuesday", "Monday")
            .replace("winter", "autumn"),
    )
    .unwrap();
    std::fs::write(
        d.join(format!("zz{hostile}.docx")),
        docx_with_bad_end_tag(STORY.lines().next().unwrap(), &format!("x{hostile}")),
    )
    .unwrap();
    // Skipped (mostly NUL bytes), and missing: both named on stderr.
    std::fs::write(d.join(format!("nul{hostile}.txt")), [0u8; 4096]).unwrap();
    let missing = format!("missing{hostile}.txt");

    let out = run(&["analyze", ".", &missing], d);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_inert("stdout", &out.stdout);
    assert_inert("stderr", &out.stderr);
    let shown = String::from_utf8_lossy(&out.stdout);
    let escaped = "\\u{001B}]0;owned\\u{0007}\\u{001B}[2J\\u{202E}\\u{2066}\\u{009B}";
    assert!(
        shown.contains(&format!("story{escaped}.txt:1")),
        "names escaped:\n{shown}"
    );
    assert!(
        shown.contains(&format!("Tuesday {escaped} to rebuild")),
        "texts escaped:\n{shown}"
    );
    assert!(
        shown.contains("malformed") && shown.contains(&format!("x{escaped}")),
        "the .docx warning is shown, escaped:\n{shown}"
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cannot read missing{escaped}.txt")),
        "{err}"
    );
    assert!(
        err.contains(&format!("skipped ./nul{escaped}.txt")),
        "{err}"
    );

    // JSON is data, not for the terminal: it keeps the exact names, and
    // JSON itself escapes C0 controls.
    let json = run(&["analyze", "--format", "json", "."], d);
    assert!(
        !json.stdout.iter().any(|&b| b < b' ' && b != b'\n'),
        "JSON has raw C0 bytes"
    );
    let report: Report = serde_json::from_slice(&json.stdout).unwrap();
    assert!(report
        .documents
        .iter()
        .any(|doc| doc.name == format!("./{story_name}")));

    // dedup's errors go through the same escaping.
    std::fs::write(d.join(format!("out{hostile}")), "a file, not a folder").unwrap();
    let out = run(
        &["dedup", "near.txt", "--out", &format!("out{hostile}/x")],
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_inert("dedup stderr", &out.stderr);
    assert!(
        stderr(&out).contains(&format!("out{escaped}")),
        "{}",
        stderr(&out)
    );

    // A dedup that succeeds names its output folder and log in its summary,
    // and restore names them again: both escaped.
    let out_dir = format!("kept{hostile}");
    let out = run(&["dedup", "near.txt", "--out", &out_dir], d);
    assert!(out.status.success() || out.status.code() == Some(1));
    assert_inert("dedup summary", &out.stderr);
    assert!(
        stderr(&out).contains(&format!("kept{escaped}")),
        "{}",
        stderr(&out)
    );
    let log = format!("{out_dir}/paradup-dedup-log.json");
    let out = run(&["restore", &log, "--out", &format!("back{hostile}")], d);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_inert("restore summary", &out.stderr);
    assert!(
        stderr(&out).contains(&format!("back{escaped}")),
        "{}",
        stderr(&out)
    );
}

/// A refused option value is quoted by clap: escaped as well.
#[test]
fn refused_option_values_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &["analyze", "--min-words", "1\u{202e}2\u{9b}", "x.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_inert("stderr", &out.stderr);
    assert!(
        stderr(&out).contains("'1\\u{202E}2\\u{009B}'"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &["analyze", "--min-words", "\u{1b}]0;owned\u{7}", "x.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_inert("stderr", &out.stderr);
}

/// Defect 10 of issue 12: a name a spreadsheet reads as a formula.
#[test]
fn csv_cells_cannot_start_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("=HYPERLINK(1).txt"), STORY).unwrap();
    std::fs::write(d.join("-minus.txt"), ECHO).unwrap();
    std::fs::write(d.join("@at.txt"), ECHO).unwrap();
    std::fs::write(d.join("+plus.txt"), ECHO).unwrap();
    let out = run(
        &[
            "analyze",
            "--format",
            "csv",
            "=HYPERLINK(1).txt",
            "-minus.txt",
            "@at.txt",
            "+plus.txt",
        ],
        d,
    );
    // `-minus.txt` is an unknown option to clap; name it after `--`.
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &[
            "analyze",
            "--format",
            "csv",
            "--",
            "=HYPERLINK(1).txt",
            "-minus.txt",
            "@at.txt",
            "+plus.txt",
        ],
        d,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(rows.len() >= 4, "{csv}");
    for row in &rows {
        for cell in row.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "cell {cell:?} in {csv}"
            );
        }
    }
    assert!(
        csv.contains("\"'=HYPERLINK(1).txt\",1,\"'-minus.txt\",3,exact"),
        "{csv}"
    );
    assert!(csv.contains("\"'@at.txt\""), "{csv}");
    assert!(csv.contains("\"'+plus.txt\""), "{csv}");
}

/// Defect 10 of issue 12: `bad\xff.txt` and `bad\xfe.txt` were both
/// `bad\u{FFFD}.txt`.
#[test]
fn names_keep_invalid_bytes_apart() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("in");
    std::fs::create_dir(&d).unwrap();
    let ff = OsStr::from_bytes(b"bad\xff.txt");
    let fe = OsStr::from_bytes(b"bad\xfe.txt");
    std::fs::write(d.join(ff), STORY).unwrap();
    std::fs::write(d.join(fe), ECHO).unwrap();
    let json = run(&["analyze", "--format", "json", "in"], dir.path());
    assert_eq!(json.status.code(), Some(1), "{}", stderr(&json));
    let report: Report = serde_json::from_slice(&json.stdout).unwrap();
    let names: Vec<&str> = report.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["in/bad\\xFE.txt", "in/bad\\xFF.txt"]);
    let text = run(&["analyze", "in"], dir.path());
    let shown = String::from_utf8(text.stdout).unwrap();
    assert!(shown.contains("original  in/bad\\xFE.txt:3"), "{shown}");
    assert!(shown.contains("copy      in/bad\\xFF.txt:1"), "{shown}");
    // Named on the command line, too.
    let args = [
        OsStr::new("analyze"),
        OsStr::new("--format"),
        OsStr::new("csv"),
        d.join(ff).into_os_string().leak(),
        d.join(fe).into_os_string().leak(),
    ];
    let csv = run_os(&args, dir.path(), b"");
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.contains("bad\\xFF.txt,1,") && csv.contains("bad\\xFE.txt,3,"),
        "{csv}"
    );
    // dedup writes each file under its own bytes, as before.
    let out = run(&["dedup", "in", "--out", "o"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let o = dir.path().join("o/in");
    assert_eq!(std::fs::read(o.join(fe)).unwrap(), ECHO.as_bytes());
    let kept = std::fs::read_to_string(o.join(ff)).unwrap();
    assert!(!kept.contains("harbour council"), "{kept}");
}

/// Defect 7 of issue 12: a FIFO named `zz.txt` in a folder blocked
/// `paradup analyze DIR` forever; a link to `/dev/zero` was read until
/// memory ran out. Both are now skipped with a reason, never opened.
#[test]
fn special_files_in_folders_are_skipped_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("in");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("a.txt"), STORY).unwrap();
    std::fs::write(d.join("b.txt"), ECHO).unwrap();
    mkfifo(&d.join("zz.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(d.join("sock.txt")).unwrap();
    // A FIFO the walk would not read anyway is not mentioned.
    mkfifo(&d.join("pipe.dat"));
    let why = ", not a regular file: folders are searched for regular files only";
    let skipped = |out: &Output| -> Vec<(String, String)> {
        let report: Report = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report.documents.len(), 2);
        report
            .skipped
            .into_iter()
            .map(|s| (s.name, s.reason))
            .collect()
    };
    let out = run(&["analyze", "--format", "json", "in"], dir.path());
    // Skipping a special file is not trouble: the status is the analysis's.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        skipped(&out),
        [
            ("in/sock.txt".to_owned(), format!("a socket{why}")),
            ("in/zz.txt".to_owned(), format!("a named pipe (FIFO){why}")),
        ]
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "paradup: skipped in/zz.txt: a named pipe (FIFO){why}"
        )),
        "{err}"
    );
    // Text output and dedup read the regular files again; still no hang.
    let text = run(&["analyze", "in"], dir.path());
    assert_eq!(text.status.code(), Some(1), "{}", stderr(&text));
    let out = run(&["dedup", "in", "--out", "o"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // A device linked into the folder. The bound keeps a regression that
    // reads it from eating memory: it would stop at 1 MiB and fail here.
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
    let out = run(
        &["analyze", "--format", "json", "--max-file-size", "1M", "in"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        skipped(&out)[1],
        ("in/zero.txt".to_owned(), format!("a character device{why}"))
    );
}

/// Defect 7 of issue 12: an input named on the command line is read up to
/// `--max-file-size` and then given up with a message naming it and the
/// bound; the other files are still analyzed.
#[test]
fn inputs_stop_at_the_size_bound() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), STORY).unwrap();
    std::fs::write(d.join("b.txt"), ECHO).unwrap();
    for endless in ["/dev/zero", "/dev/urandom"] {
        let out = run(
            &[
                "analyze",
                "--format",
                "json",
                "--max-file-size",
                "1M",
                "a.txt",
                endless,
                "b.txt",
            ],
            d,
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        let reason = "more than 1 MiB (--max-file-size); not analyzed";
        assert!(
            err.contains(&format!("paradup: cannot read {endless}: {reason}")),
            "{err}"
        );
        let report: Report = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report.skipped.len(), 1);
        assert_eq!(report.skipped[0].name, endless);
        assert_eq!(report.skipped[0].reason, reason);
        assert_eq!(report.pairs.len(), 1, "the rest is analyzed");
    }
    // A regular file over the bound is not read; at the bound it is.
    // a.txt is the larger.
    assert!(STORY.len() > ECHO.len());
    let size = STORY.len().to_string();
    let smaller = (STORY.len() - 1).to_string();
    let at = run(&["analyze", "--max-file-size", &size, "a.txt", "b.txt"], d);
    assert_eq!(at.status.code(), Some(1), "{}", stderr(&at));
    let over = run(
        &["analyze", "--max-file-size", &smaller, "a.txt", "b.txt"],
        d,
    );
    assert_eq!(over.status.code(), Some(2));
    assert!(
        stderr(&over).contains(&format!(
            "paradup: cannot read a.txt: more than {smaller} bytes (--max-file-size)"
        )),
        "{}",
        stderr(&over)
    );
    // A pipe exactly at the bound is read; one byte more is not.
    let args = |bound: &str| -> Vec<String> {
        ["analyze", "--max-file-size", bound, "a.txt", "/dev/stdin"]
            .map(String::from)
            .to_vec()
    };
    // As long as a.txt, which is exactly at the bound too.
    let pipe = ECHO.to_owned() + &"\n".repeat(STORY.len() - ECHO.len());
    let piped = run_os(&os(&args(&size)), d, pipe.as_bytes());
    assert_eq!(piped.status.code(), Some(1), "{}", stderr(&piped));
    assert!(String::from_utf8_lossy(&piped.stdout).contains("copy      /dev/stdin:3"));
    let piped = run_os(&os(&args(&smaller)), d, pipe.as_bytes());
    assert_eq!(piped.status.code(), Some(2));
    assert!(
        stderr(&piped).contains("cannot read /dev/stdin: more than"),
        "{}",
        stderr(&piped)
    );
    // Bad bounds are refused before anything is read.
    for bad in ["0", "-1", "1X", "99999999999999T"] {
        let out = run(&["analyze", "--max-file-size", bad, "a.txt"], d);
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
}

fn os(v: &[String]) -> Vec<&OsStr> {
    v.iter().map(OsStr::new).collect()
}

/// A named FIFO given on the command line is read like a pipe (it is
/// what the user asked for), not skipped.
#[test]
fn a_named_fifo_on_the_command_line_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), STORY).unwrap();
    mkfifo(&d.join("fifo"));
    let fifo = d.join("fifo");
    // Opening for writing waits for paradup to open it for reading. The
    // thread is not joined: should paradup never open the FIFO, the test
    // fails on its output instead of waiting for the writer.
    std::thread::spawn(move || {
        let mut w = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
        w.write_all(ECHO.as_bytes()).unwrap();
    });
    let out = run(&["analyze", "a.txt", "fifo"], d);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("copy      fifo:3"));
}
