//! A saved reference index (issue 11 item 1): `paradup index REF --out
//! FILE` once, then `analyze NEW --against FILE` reads only the reference
//! files that can share text with the new ones, and reports the same reuse
//! as `--against REF`: the same pairs, clusters, passages and overlaps
//! between the documents (compared by name, since the documents not read
//! are not listed), and the same exit status. A stale, damaged or missing
//! index is named and never a panic.

mod common;

use std::path::Path;

use common::generate::xorshift;
use common::{assert_valid, paradup};
use serde_json::{json, Value};

/// A made-up word for number `i` (a vocabulary far larger than the text,
/// so chance wording shared between files is rare, as in real archives).
fn word(i: usize) -> String {
    const SYL: [&str; 16] = [
        "ka", "lo", "mer", "tin", "sa", "ru", "vel", "dor", "pi", "nes", "gal", "tho", "bri", "um",
        "fen", "ost",
    ];
    let mut w = String::new();
    let mut n = i + 17;
    while n > 0 {
        w.push_str(SYL[n % 16]);
        n /= 16;
    }
    w
}

/// A paragraph of `words` words drawn by `next`.
fn paragraph(next: &mut impl FnMut(usize) -> usize, words: usize) -> String {
    let mut p: Vec<String> = (0..words).map(|_| word(next(5000))).collect();
    p[0] = format!("The {}", p[0]);
    p.join(" ") + "."
}

/// Phrases planted across the corpus.
const COMMON: &str =
    "Figures from the weekly harbour bulletin were posted outside the office as usual.";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `archive/` (40 reference files) and `drafts/` (3 new ones). Planted:
/// a paragraph of file 3 that files 11 and 25 repeat, copied exactly by a
/// draft (one cluster, three reference copies); a paragraph of file 8
/// copied with two words changed (near); a long stretch of file 17 inside
/// a longer draft paragraph (contained, and a passage); eighteen words of
/// file 33 inside a draft paragraph (a passage only); a sentence in 36 files and a
/// draft (common wording: in more files than a gram may anchor); and
/// two drafts sharing a paragraph (reported with --within only).
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut next = xorshift(0x5eed_1234);
    let mut files: Vec<Vec<String>> = (0..40)
        .map(|_| (0..12).map(|_| paragraph(&mut next, 40)).collect())
        .collect();
    let repeated = files[3][4].clone();
    files[11][7] = repeated.clone();
    files[25][2] = repeated.clone();
    let near_source = files[8][5].clone();
    let mut near: Vec<&str> = near_source.split(' ').collect();
    near[6] = "lighthouse";
    near[20] = "marmalade";
    let near = near.join(" ");
    let passage = files[17][9].clone();
    // Eighteen words of file 33 inside a draft paragraph: a passage only.
    let words: Vec<&str> = files[33][1].split(' ').collect();
    let snippet = words[10..28].join(" ");
    for (i, f) in files.iter_mut().enumerate().take(36) {
        f[10] = format!("{} {COMMON} {}", word(9000 + i), word(9100 + i));
    }
    for (i, f) in files.iter().enumerate() {
        write(
            dir.path(),
            &format!("archive/r{i:02}.txt"),
            &(f.join("\n\n") + "\n"),
        );
    }
    let shared_drafts = paragraph(&mut next, 30);
    let own = |next: &mut dyn FnMut(usize) -> usize| {
        let mut n = |k| next(k);
        paragraph(&mut n, 35)
    };
    let one = [
        own(&mut next),
        repeated,
        format!("{} {passage} {}", own(&mut next), own(&mut next)),
        format!("Noted again: {COMMON}"),
        shared_drafts.clone(),
    ];
    let with_snippet = format!("{} {snippet} {}", own(&mut next), own(&mut next));
    let two = [
        own(&mut next),
        near,
        shared_drafts,
        with_snippet,
        own(&mut next),
    ];
    let three = [own(&mut next), own(&mut next)];
    write(dir.path(), "drafts/one.txt", &(one.join("\n\n") + "\n"));
    write(dir.path(), "drafts/two.txt", &(two.join("\n\n") + "\n"));
    write(dir.path(), "drafts/three.txt", &(three.join("\n\n") + "\n"));
    dir
}

/// Runs `paradup` in `dir`: (the JSON report, checked against the schema,
/// the exit status, stderr).
fn run(args: &[&str], dir: &Path) -> (Value, i32, String) {
    let out = paradup(args, dir);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or(-1);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}); stderr: {stderr}"));
    assert_valid(&report);
    (report, code, stderr)
}

fn analyze(dir: &Path, extra: &[&str]) -> (Value, i32, String) {
    let mut args = vec!["analyze", "--format", "json", "-q"];
    args.extend_from_slice(extra);
    run(&args, dir)
}

fn index(dir: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["index", "-q"];
    args.extend_from_slice(extra);
    let out = paradup(&args, dir);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The reuse a report shows, with documents by name (their numbers differ
/// when fewer reference documents are listed), sorted.
fn reuse(r: &Value) -> Value {
    let name = |d: &Value| r["documents"][d.as_u64().unwrap() as usize]["name"].clone();
    let named = |v: &Value, keys: &[&str]| {
        let mut v = v.clone();
        for k in keys {
            let mut at = &mut v;
            for part in k.split('.') {
                at = &mut at[part];
            }
            let n = name(at);
            *at = n;
        }
        v
    };
    let sorted = |mut v: Vec<Value>| {
        v.sort_by_key(|x| x.to_string());
        Value::Array(v)
    };
    let list = |key: &str| r[key].as_array().cloned().unwrap_or_default();
    json!({
        "pairs": sorted(list("pairs").iter().map(|p| named(p, &["a.doc", "b.doc"])).collect()),
        "clusters": sorted(list("clusters").iter().map(|c| {
            let mut c = named(c, &["original.doc"]);
            let copies: Vec<Value> = c["copies"].as_array().unwrap().iter().map(|x| named(x, &["doc"])).collect();
            c["copies"] = Value::Array(copies);
            c
        }).collect()),
        "passages": sorted(list("passages").iter().map(|p| named(p, &["a.doc", "b.doc"])).collect()),
        "overlaps": sorted(list("overlaps").iter().map(|o| named(o, &["a", "b"])).collect()),
    })
}

fn names(r: &Value) -> Vec<String> {
    r["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_check_with_the_index_reports_what_a_check_against_the_whole_reference_does() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    for extra in [&[][..], &["--within"], &["--no-passages"]] {
        let full: Vec<&str> = [&["drafts", "--against", "archive"][..], extra].concat();
        let fast: Vec<&str> = [&["drafts", "--against", "archive.pdx"][..], extra].concat();
        let (a, code_a, _) = analyze(d, &full);
        let (b, code_b, _) = analyze(d, &fast);
        assert_eq!(code_a, 1, "{extra:?}");
        assert_eq!(code_a, code_b, "{extra:?}");
        assert_eq!(reuse(&a), reuse(&b), "{extra:?}");
        // The planted reuse is there (so the comparison compares something).
        let clusters = a["clusters"].as_array().unwrap();
        let from = |c: &Value| {
            a["documents"][c["original"]["doc"].as_u64().unwrap() as usize]["name"].clone()
        };
        assert!(clusters
            .iter()
            .any(|c| c["kind"] == "exact" && from(c) == "archive/r03.txt"));
        assert!(clusters
            .iter()
            .any(|c| c["kind"] == "contained" && from(c) == "archive/r17.txt"));
        assert!(a["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "near"));
        if extra != ["--no-passages"] {
            let passages = a["passages"].as_array().unwrap();
            let side = |p: &Value| {
                a["documents"][p["a"]["doc"].as_u64().unwrap() as usize]["name"].clone()
            };
            assert!(passages.iter().any(|p| side(p) == "archive/r17.txt"));
            assert!(passages.iter().any(|p| side(p) == "archive/r33.txt"));
        }
        // Only some reference files were read, and the report says how many.
        let used = &b["reference_indexes"][0];
        assert_eq!(used["index"], "archive.pdx");
        assert_eq!(used["files"], 40);
        let read = used["read"].as_u64().unwrap();
        assert!(read < 40, "read {read} of 40");
        let refs = names(&b)
            .iter()
            .filter(|n| n.starts_with("archive/"))
            .count();
        assert_eq!(refs as u64, read);
        for n in [
            "archive/r03.txt",
            "archive/r08.txt",
            "archive/r11.txt",
            "archive/r17.txt",
            "archive/r25.txt",
        ] {
            assert!(names(&b).iter().any(|x| x == n), "{n} not read");
        }
        assert!(a.get("reference_indexes").is_none());
    }
}

#[test]
fn without_reuse_the_check_reads_few_files_and_exits_0_like_the_full_one() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let (a, code_a, _) = analyze(d, &["drafts/three.txt", "--against", "archive"]);
    let (b, code_b, _) = analyze(d, &["drafts/three.txt", "--against", "archive.pdx"]);
    assert_eq!((code_a, code_b), (0, 0));
    assert_eq!(reuse(&a), reuse(&b));
    assert!(b["reference_indexes"][0]["read"].as_u64().unwrap() < 40);
}

#[test]
fn a_changed_or_added_reference_file_is_named_and_every_file_read() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    // File 30 now holds the drafts' shared paragraph; a new file holds a
    // paragraph of draft three. Neither is in the index as it is now.
    let three = std::fs::read_to_string(d.join("drafts/three.txt")).unwrap();
    let first = three.split("\n\n").next().unwrap().to_owned();
    let old = std::fs::read_to_string(d.join("archive/r30.txt")).unwrap();
    std::fs::write(
        d.join("archive/r30.txt"),
        format!("{old}\n{first} Changed.\n"),
    )
    .unwrap();
    write(d, "archive/r40.txt", &format!("{first}\n"));
    let (a, code_a, _) = analyze(d, &["drafts", "--against", "archive"]);
    let (b, code_b, stderr) = analyze(d, &["drafts", "--against", "archive.pdx"]);
    assert!(
        stderr.contains("archive/r30.txt changed since reference index archive.pdx"),
        "{stderr}"
    );
    assert!(
        stderr.contains("archive/r40.txt is not in reference index archive.pdx"),
        "{stderr}"
    );
    assert_eq!((code_a, code_b), (1, 1));
    assert_eq!(reuse(&a), reuse(&b));
    assert!(names(&b).contains(&"archive/r40.txt".to_owned()));
    // The index's counts no longer hold: every file is read.
    assert_eq!(b["reference_indexes"][0]["files"], 41);
    assert_eq!(b["reference_indexes"][0]["read"], 41);
}

#[test]
fn an_index_beside_other_references_is_read_whole_with_a_note() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let (a, code_a, _) = analyze(
        d,
        &[
            "drafts",
            "--against",
            "archive",
            "--against",
            "drafts/three.txt",
        ],
    );
    let (b, code_b, stderr) = analyze(
        d,
        &[
            "drafts",
            "--against",
            "archive.pdx",
            "--against",
            "drafts/three.txt",
        ],
    );
    assert!(
        stderr.contains("given with other --against paths"),
        "{stderr}"
    );
    assert_eq!((code_a, code_b), (1, 1));
    assert_eq!(reuse(&a), reuse(&b));
    assert_eq!(b["reference_indexes"][0]["read"], 40);
}

#[test]
fn a_reference_file_gone_since_indexing_is_named_and_every_other_file_read() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    std::fs::remove_file(d.join("archive/r05.txt")).unwrap();
    let (a, code_a, _) = analyze(d, &["drafts", "--against", "archive"]);
    let (b, code_b, stderr) = analyze(d, &["drafts", "--against", "archive.pdx"]);
    assert!(
        stderr.contains("archive/r05.txt is in reference index archive.pdx but no longer there"),
        "{stderr}"
    );
    assert_eq!((code_a, code_b), (1, 1));
    assert_eq!(reuse(&a), reuse(&b));
    assert_eq!(b["reference_indexes"][0]["read"], 39);
}

#[test]
fn a_damaged_missing_or_mismatched_index_is_named_and_the_rest_analyzed() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let whole = std::fs::read(d.join("archive.pdx")).unwrap();
    std::fs::write(d.join("cut.pdx"), &whole[..whole.len() / 2]).unwrap();
    let mut bad_header = whole.clone();
    // The header is JSON just before the footer: break its first byte.
    let footer = 3 * 32 + 16 + 8;
    let at = u64::from_le_bytes(whole[whole.len() - footer + 96..][..8].try_into().unwrap());
    bad_header[at as usize] = b'#';
    std::fs::write(d.join("header.pdx"), &bad_header).unwrap();
    for (index, why) in [
        ("cut.pdx", "damaged reference index"),
        ("header.pdx", "damaged reference index"),
        ("missing.pdx", "missing.pdx"),
    ] {
        let (r, code, stderr) = analyze(
            d,
            &["drafts", "--against", index, "--against", "archive/r03.txt"],
        );
        assert_eq!(code, 2, "{index}");
        assert!(
            stderr.contains(index) && stderr.contains(why),
            "{index}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        // The rest is analyzed: the drafts against the other reference.
        assert!(r["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == index));
        assert!(names(&r).contains(&"archive/r03.txt".to_owned()));
        assert!(!r["clusters"].as_array().unwrap().is_empty());
    }
    // Other preparation options than the index's: named, exit 2.
    let (r, code, stderr) = analyze(
        d,
        &["drafts", "--against", "archive.pdx", "--min-words", "3"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("archive.pdx") && stderr.contains("--min-words"),
        "{stderr}"
    );
    assert_eq!(names(&r).len(), 3);
}

#[test]
fn an_index_built_within_a_tiny_memory_budget_is_the_same_file() {
    // Past --memory the entries go out as sorted runs and are merged back:
    // the same bytes, on one thread or several.
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "big.pdx"]).0, 0);
    assert_eq!(
        index(
            d,
            &[
                "archive",
                "--out",
                "small.pdx",
                "--memory",
                "4K",
                "--threads",
                "1"
            ]
        )
        .0,
        0
    );
    let (big, small) = (
        std::fs::read(d.join("big.pdx")).unwrap(),
        std::fs::read(d.join("small.pdx")).unwrap(),
    );
    assert!(big == small, "the indexes differ");
}

#[test]
fn index_refuses_to_overwrite_a_file_that_is_not_an_index() {
    let dir = corpus();
    let d = dir.path();
    let (code, stderr) = index(d, &["archive", "--out", "drafts/one.txt"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not overwritten"), "{stderr}");
    assert!(std::fs::read_to_string(d.join("drafts/one.txt"))
        .unwrap()
        .contains(COMMON));
    // An index is replaced.
    assert_eq!(index(d, &["archive", "--out", "x.pdx"]).0, 0);
    assert_eq!(index(d, &["archive/r01.txt", "--out", "x.pdx"]).0, 0);
    let (r, _, _) = analyze(d, &["drafts", "--against", "x.pdx"]);
    assert_eq!(r["reference_indexes"][0]["files"], 1);
}

/// Runs `paradup` in `dir` with `stdin` piped in: (report, exit status,
/// stderr).
fn run_piped(args: &[&str], dir: &Path, stdin: &[u8]) -> (Value, i32, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_paradup"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}); stderr: {stderr}"));
    assert_valid(&report);
    (report, out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn an_input_read_from_a_pipe_is_checked_as_against_the_whole_reference() {
    // A pipe can be read once: its text must reach the analysis, not only
    // the lookup.
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let one = std::fs::read(d.join("drafts/one.txt")).unwrap();
    let args = |against: &'static str| {
        vec![
            "analyze",
            "--format",
            "json",
            "-q",
            "/dev/stdin",
            "--against",
            against,
        ]
    };
    let (a, code_a, _) = run_piped(&args("archive"), d, &one);
    let (b, code_b, stderr) = run_piped(&args("archive.pdx"), d, &one);
    assert_eq!((code_a, code_b), (1, 1), "{stderr}");
    assert!(!a["clusters"].as_array().unwrap().is_empty());
    assert_eq!(reuse(&a), reuse(&b));
    assert!(names(&b).contains(&"/dev/stdin".to_owned()), "{stderr}");
    // Read once, for both the lookup and the analysis: the index still
    // spares most files.
    let read = b["reference_indexes"][0]["read"].as_u64().unwrap();
    assert!(read < 40, "read {read} of 40");
    // In text output too (which shows the piped text again).
    let text = run_text(d, &one);
    assert!(text.contains("copy      /dev/stdin:3  exact"), "{text}");
}

/// The text report of `/dev/stdin` (fed `stdin`) against the index.
fn run_text(dir: &Path, stdin: &[u8]) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_paradup"))
        .args(["analyze", "-q", "/dev/stdin", "--against", "archive.pdx"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The index at `from` written to `to` with its JSON header changed by
/// `edit` (the header sits just before the footer, whose last three
/// numbers are its place, its length and the magic).
fn edit_header(from: &Path, to: &Path, edit: impl FnOnce(&mut Value)) -> Value {
    let whole = std::fs::read(from).unwrap();
    let footer = whole.len() - (4 * 32 + 24);
    let at = u64::from_le_bytes(whole[whole.len() - 24..][..8].try_into().unwrap()) as usize;
    let mut header: Value = serde_json::from_slice(&whole[at..footer]).unwrap();
    let was = header.clone();
    edit(&mut header);
    let text = serde_json::to_vec(&header).unwrap();
    let mut out = whole[..at].to_vec();
    out.extend_from_slice(&text);
    let mut tail = whole[footer..].to_vec();
    let n = tail.len();
    tail[n - 16..n - 8].copy_from_slice(&(text.len() as u64).to_le_bytes());
    out.extend(tail);
    std::fs::write(to, out).unwrap();
    was
}

#[test]
fn an_index_written_by_another_paradup_is_refused_with_its_name() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    // Unchanged, the rewritten file serves (so the edit itself is sound).
    let was = edit_header(&d.join("archive.pdx"), &d.join("same.pdx"), |_| {});
    assert_eq!(was["version"], env!("CARGO_PKG_VERSION"));
    let (_, code, stderr) = analyze(d, &["drafts", "--against", "same.pdx"]);
    assert_eq!(code, 1, "{stderr}");
    let older = |h: &mut Value| h["version"] = json!("0.0.1");
    let other_rules = |h: &mut Value| {
        let rules = h["lookup_rules"]
            .as_u64()
            .expect("lookup_rules in the header");
        h["lookup_rules"] = json!(rules + 1);
    };
    let missing = |h: &mut Value| {
        h.as_object_mut().unwrap().remove("lookup_rules");
    };
    let edits: [&dyn Fn(&mut Value); 3] = [&older, &other_rules, &missing];
    for edit in edits {
        edit_header(&d.join("archive.pdx"), &d.join("other.pdx"), edit);
        let (r, code, stderr) = analyze(d, &["drafts", "--against", "other.pdx"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("other.pdx") && stderr.contains("build it again"),
            "{stderr}"
        );
        assert!(r["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "other.pdx"));
        assert_eq!(names(&r).len(), 3);
    }
}

#[test]
fn a_reference_file_of_many_records_is_indexed_and_its_records_found() {
    // Each record is a document: the index files them all under the file,
    // and a check reads the file when any record shares text.
    let dir = corpus();
    let d = dir.path();
    let mut next = xorshift(0xfeed);
    let records: Vec<String> = (0..300).map(|_| paragraph(&mut next, 30)).collect();
    let planted = records[257].clone();
    let jsonl: String = records
        .iter()
        .map(|r| json!({ "text": r }).to_string() + "\n")
        .collect();
    write(d, "archive/records.jsonl", &jsonl);
    write(d, "new.txt", &format!("{planted}\n"));
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let (a, code_a, _) = analyze(d, &["new.txt", "--against", "archive"]);
    let (b, code_b, stderr) = analyze(d, &["new.txt", "--against", "archive.pdx"]);
    assert_eq!((code_a, code_b), (1, 1), "{stderr}");
    assert_eq!(reuse(&a), reuse(&b));
    assert!(
        names(&b).contains(&"archive/records.jsonl#258".to_owned()),
        "{:?}",
        names(&b)
    );
    assert!(b["reference_indexes"][0]["read"].as_u64().unwrap() < 41);
}

#[test]
fn a_check_run_from_another_folder_uses_the_index() {
    // Indexed from the corpus's folder with a relative path, checked from
    // a subfolder: the files are those indexed, none added or gone.
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let sub = d.join("drafts");
    let (a, code_a, _) = analyze(&sub, &["one.txt", "two.txt", "--against", "../archive"]);
    let (b, code_b, stderr) = analyze(&sub, &["one.txt", "two.txt", "--against", "../archive.pdx"]);
    assert_eq!((code_a, code_b), (1, 1), "{stderr}");
    assert!(!stderr.contains("reference index"), "{stderr}");
    let read = b["reference_indexes"][0]["read"].as_u64().unwrap();
    assert!(read < 40, "read {read} of 40");
    // The same reuse, the reference documents named as the full check
    // from this folder names them (`../archive/…`, not absolute paths).
    assert_eq!(reuse(&a), reuse(&b));
    assert!(names(&b).iter().any(|n| n.starts_with("../archive/")));
    // The other way round: indexed from the subfolder as `../archive`,
    // checked from the corpus's folder, where the full check says
    // `archive/…` (not `drafts/../archive/…`).
    let (_, _) = index(&sub, &["../archive", "--out", "../up.pdx"]);
    let (a, _, _) = analyze(d, &["drafts/one.txt", "--against", "archive"]);
    let (b, code_b, stderr) = analyze(d, &["drafts/one.txt", "--against", "up.pdx"]);
    assert_eq!(code_b, 1, "{stderr}");
    assert_eq!(reuse(&a), reuse(&b));
    assert!(names(&b).iter().any(|n| n.starts_with("archive/")));
}
#[test]
fn damaged_table_entries_are_named_not_taken_for_no_match() {
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let whole = std::fs::read(d.join("archive.pdx")).unwrap();
    let footer = whole.len() - (4 * 32 + 24);
    let n =
        |i: usize| u64::from_le_bytes(whole[footer + 8 * i..][..8].try_into().unwrap()) as usize;
    // Each table's entries zeroed, whole or only their second half (the
    // blocks before it stay sound, and a block cut in two keeps its first
    // entry), the directories left as they were.
    for half in [false, true] {
        let mut bad = whole.clone();
        for t in 0..4 {
            let (start, count) = (n(4 * t), n(4 * t + 1));
            let from = if half { start + 8 * (count / 2) } else { start };
            bad[from..start + 8 * count].fill(0);
        }
        std::fs::write(d.join("bad.pdx"), &bad).unwrap();
        let (r, code, stderr) = analyze(d, &["drafts", "--against", "bad.pdx"]);
        assert_eq!(code, 2, "half {half}: {stderr}");
        assert!(
            stderr.contains("bad.pdx") && stderr.contains("damaged reference index"),
            "half {half}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(r["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "bad.pdx"));
    }
}

#[test]
fn an_input_that_is_an_indexed_file_is_read_as_a_reference_as_in_a_full_check() {
    // A reference file with nothing to look up (its one paragraph is too
    // short to compare) given as an input too: a full check reads it once,
    // as a reference, so the index must hand it over whatever it holds.
    let dir = corpus();
    let d = dir.path();
    write(d, "archive/note.txt", "Back soon.\n");
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    for against in ["archive", "archive.pdx"] {
        let out = paradup(
            &["analyze", "-q", "archive/note.txt", "--against", against],
            d,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{against}: {stderr}");
        assert!(
            stderr.contains("every input is also a reference"),
            "{against}: {stderr}"
        );
    }
    let (a, code_a, stderr_a) = analyze(d, &["archive/note.txt", "drafts", "--against", "archive"]);
    let (b, code_b, stderr_b) = analyze(
        d,
        &["archive/note.txt", "drafts", "--against", "archive.pdx"],
    );
    assert_eq!((code_a, code_b), (1, 1));
    assert!(stderr_a.contains("also references"), "{stderr_a}");
    assert!(stderr_b.contains("also references"), "{stderr_b}");
    assert_eq!(reuse(&a), reuse(&b));
    let role = |r: &Value| {
        r["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == "archive/note.txt")
            .map(|x| x["role"].clone())
    };
    assert_eq!(role(&a), Some(json!("reference")));
    assert_eq!(role(&a), role(&b));
}

#[test]
fn an_unusable_temporary_folder_is_named_as_such() {
    let dir = corpus();
    let d = dir.path();
    for (folder, why) in [
        ("nowhere", "No such file"),
        ("drafts/one.txt", "not a folder"),
    ] {
        let (code, stderr) = index(d, &["archive", "--out", "x.pdx", "--temp-dir", folder]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains(&format!("temporary folder {folder}")) && stderr.contains(why),
            "{stderr}"
        );
        assert!(!d.join("x.pdx").exists());
    }
}

#[test]
fn an_index_of_the_former_format_is_refused_with_a_word_to_build_it_again() {
    // Format version 1 filed 32-bit passage grams: its lookups would not
    // match this paradup's 40-bit ones, so it is never used.
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let mut old = std::fs::read(d.join("archive.pdx")).unwrap();
    old[8..12].copy_from_slice(&1u32.to_le_bytes());
    std::fs::write(d.join("old.pdx"), &old).unwrap();
    let (r, code, stderr) = analyze(d, &["drafts", "--against", "old.pdx"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("old.pdx")
            && stderr.contains("format version 1")
            && stderr.contains("build it again with `paradup index`"),
        "{stderr}"
    );
    assert!(r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "old.pdx"));
}

/// The report's `skipped` list, as (name, reason) strings.
fn skipped(r: &Value) -> Vec<String> {
    r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{}: {}", s["name"], s["reason"]))
        .collect()
}

#[test]
fn files_skipped_or_unreadable_when_indexed_are_listed_as_a_full_check_lists_them() {
    // A reference over --max-file-size (unreadable, trouble) and a binary
    // one (skipped): a check with the index tries the first again and
    // lists both as a full check does, and reads only what can match.
    let dir = corpus();
    let d = dir.path();
    let big: String = (0..400)
        .map(|i| format!("Filler line number {i}.\n"))
        .collect();
    write(d, "archive/big.txt", &big);
    // A PNG image named like text: walked, read, skipped by the reader.
    std::fs::write(
        d.join("archive/pic.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    let limit = ["--max-file-size", "5K"];
    let (code, stderr) = index(
        d,
        &[&["archive", "--out", "archive.pdx"][..], &limit].concat(),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("archive/big.txt"), "{stderr}");
    for news in ["drafts", "drafts/three.txt"] {
        let full: Vec<&str> = [&[news, "--against", "archive"][..], &limit].concat();
        let fast: Vec<&str> = [&[news, "--against", "archive.pdx"][..], &limit].concat();
        let (a, code_a, _) = analyze(d, &full);
        let (b, code_b, stderr) = analyze(d, &fast);
        assert_eq!((code_a, code_b), (2, 2), "{news}: {stderr}");
        assert_eq!(skipped(&a), skipped(&b), "{news}");
        assert!(skipped(&a).iter().any(|s| s.contains("pic.txt")), "{news}");
        assert!(skipped(&a).iter().any(|s| s.contains("big.txt")), "{news}");
        assert_eq!(reuse(&a), reuse(&b), "{news}");
        assert!(!stderr.contains("every reference file is read"), "{stderr}");
        let read = b["reference_indexes"][0]["read"].as_u64().unwrap();
        assert!(read < 40, "{news}: read {read} of 42");
    }
}

#[cfg(unix)]
#[test]
fn a_reference_unreadable_since_indexing_is_trouble_as_in_a_full_check() {
    // Its size and time are those indexed, and the new text shares nothing
    // with it, yet a full check fails to read it: exit status 2, and it is
    // in `skipped`. (Root reads any file: the checks then run as `nobody`.)
    // A binary file, skipped whole when indexed, locked too: its old
    // reason must not stand in for the new trouble.
    let dir = corpus();
    let d = dir.path();
    let image = d.join("archive/scan.txt");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let locked = d.join("archive/r39.txt");
    use std::os::unix::fs::PermissionsExt;
    for f in [&locked, &image] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let as_root = std::fs::read(&locked).is_ok();
    if as_root {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let check = |against: &str| {
        let exe = env!("CARGO_BIN_EXE_paradup");
        let args = [
            "analyze",
            "--format",
            "json",
            "-q",
            "drafts/three.txt",
            "--against",
            against,
        ];
        let mut cmd = if as_root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", exe]);
            c
        } else {
            std::process::Command::new(exe)
        };
        let out = cmd.args(args).current_dir(d).output().unwrap();
        let r: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
        });
        (r, out.status.code().unwrap_or(-1))
    };
    let (a, code_a) = check("archive");
    let (b, code_b) = check("archive.pdx");
    assert_eq!((code_a, code_b), (2, 2));
    assert_eq!(skipped(&a), skipped(&b));
    assert!(skipped(&a).iter().any(|s| s.contains("r39.txt")));
    assert!(skipped(&a).iter().any(|s| s.contains("scan.txt")));
    assert!(b["reference_indexes"][0]["read"].as_u64().unwrap() < 40);
}

#[test]
fn the_same_index_given_twice_is_one_reference() {
    // Read once, without the note meant for an index beside other
    // references (a folder given twice is read once by a full check too:
    // `a_folder_given_twice_is_one_reference`).
    let dir = corpus();
    let d = dir.path();
    assert_eq!(index(d, &["archive", "--out", "archive.pdx"]).0, 0);
    let twice = ["--against", "archive.pdx", "--against", "./archive.pdx"];
    let (a, code_a, _) = analyze(d, &["drafts", "--against", "archive"]);
    let (b, code_b, stderr) = analyze(d, &[&["drafts"][..], &twice].concat());
    assert_eq!((code_a, code_b), (1, 1));
    assert!(!stderr.contains("other --against paths"), "{stderr}");
    assert_eq!(reuse(&a), reuse(&b));
    assert_eq!(skipped(&a), skipped(&b));
    assert!(b["reference_indexes"][0]["read"].as_u64().unwrap() < 40);
    assert_eq!(b["reference_indexes"].as_array().unwrap().len(), 1);
}

#[test]
fn a_folder_given_twice_is_one_reference() {
    // A full check, no index: `archive` and `./archive` are the same
    // files, read once, with a note; the report is the one of `archive`
    // alone, as with the same index given twice.
    let dir = corpus();
    let d = dir.path();
    let twice = ["--against", "archive", "--against", "./archive"];
    let (a, code_a, _) = analyze(d, &["drafts", "--against", "archive"]);
    let (b, code_b, stderr) = analyze(d, &[&["drafts"][..], &twice].concat());
    assert_eq!((code_a, code_b), (1, 1));
    assert!(
        stderr.contains("named more than once (--against): read once"),
        "{stderr}"
    );
    assert_eq!(a["documents"], b["documents"]);
    assert_eq!(reuse(&a), reuse(&b));
    assert_eq!(skipped(&a), skipped(&b));
}
