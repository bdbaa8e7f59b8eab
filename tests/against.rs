//! Checking new documents against a reference (issue 11 item 1):
//! `--against REF`, `--within`, `Analyzer::set_role`. Only reuse between a
//! new and a reference document is reported (among new ones too with
//! `--within`), the reference is the original, and reuse among reference
//! documents is never reported.

mod common;

use common::{assert_valid, paradup};
use paradup::{Analyzer, ErrorKind, Options, Report, Role};

/// Two archive articles share a paragraph with each other (reuse among
/// references, never reported); a draft copies a paragraph of the first
/// and a sentence-long passage of the second; two drafts share a
/// paragraph with each other (reported only with `--within`).
const HARBOUR: &str = "The harbour authority announced that the eastern breakwater will be rebuilt over two summers, starting in June.";
const SHARED_IN_ARCHIVE: &str = "Council minutes from the spring session record a long debate about parking fees near the market square.";
const MILL: &str = "The old paper mill on the river closed in 1978, and its brick chimney is now a listed landmark of the valley.";
const LIBRARY: &str = "Volunteers at the lending library sorted four thousand donated books into crates for the autumn sale in the hall.";
const DRAFT_OWN: &str = "Our reporter spent a morning with the ferry crew, who start their first crossing well before the sun comes up.";
const DRAFTS_SHARED: &str = "Readers wrote in about the new bus timetable, which leaves the hill villages without an evening service at all.";
const OTHER_OWN: &str = "A cold snap is expected at the weekend, with frost on the high ground and gusty winds along the exposed coast.";

/// A folder with `archive/` (the reference) and `drafts/` (new).
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "archive/a.txt",
        format!("{HARBOUR}\n\n{SHARED_IN_ARCHIVE}\n"),
    );
    write("archive/b.txt", format!("{SHARED_IN_ARCHIVE}\n\n{MILL}\n"));
    // The mill sentence inside a longer paragraph: a passage, not a
    // paragraph match.
    write(
        "drafts/one.txt",
        format!("{HARBOUR}\n\n{DRAFT_OWN} As the archive recalls, {MILL} Nobody in town has forgotten it.\n\n{DRAFTS_SHARED}\n"),
    );
    write(
        "drafts/two.txt",
        format!("{DRAFTS_SHARED}\n\n{OTHER_OWN}\n"),
    );
    write("drafts/clean.txt", format!("{OTHER_OWN} {LIBRARY}\n"));
    write("other/library.txt", format!("{LIBRARY}\n"));
    dir
}

fn report(out: &std::process::Output) -> Report {
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_valid(&value);
    serde_json::from_value(value).unwrap()
}

fn run(args: &[&str], dir: &tempfile::TempDir) -> (Report, i32, String) {
    let mut a = vec!["analyze", "--format", "json", "-q"];
    a.extend_from_slice(args);
    let out = paradup(&a, dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (report(&out), out.status.code().unwrap_or(-1), stderr)
}

fn doc(r: &Report, name: &str) -> u32 {
    r.documents.iter().position(|d| d.name == name).unwrap() as u32
}

fn role(r: &Report, d: u32) -> Role {
    r.documents[d as usize].role.expect("a role")
}

/// Every document pair the report links by a pair, a cluster copy, a
/// passage or an overlap.
fn linked(r: &Report) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    out.extend(r.pairs.iter().map(|p| (p.a.doc, p.b.doc)));
    for c in &r.clusters {
        out.extend(c.copies.iter().map(|x| (c.original.doc, x.doc)));
    }
    out.extend(r.passages.iter().map(|p| (p.a.doc, p.b.doc)));
    out.extend(r.overlaps.iter().map(|o| (o.a, o.b)));
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn only_reuse_between_new_and_reference_is_reported_with_the_reference_first() {
    let dir = corpus();
    let (r, status, _) = run(&["drafts", "--against", "archive"], &dir);
    assert_eq!(status, 1);
    // Reference documents come first and every document has a role.
    let names: Vec<(&str, Role)> = r
        .documents
        .iter()
        .map(|d| (d.name.as_str(), d.role.unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("archive/a.txt", Role::Reference),
            ("archive/b.txt", Role::Reference),
            ("drafts/clean.txt", Role::New),
            ("drafts/one.txt", Role::New),
            ("drafts/two.txt", Role::New),
        ]
    );
    let (a, b, one) = (
        doc(&r, "archive/a.txt"),
        doc(&r, "archive/b.txt"),
        doc(&r, "drafts/one.txt"),
    );
    // The harbour paragraph (exact) and the mill paragraph (contained in
    // a longer draft paragraph): pairs and clusters, the archive the
    // original.
    let pairs: Vec<(u32, u32)> = r.pairs.iter().map(|p| (p.a.doc, p.b.doc)).collect();
    assert_eq!(pairs, [(a, one), (b, one)]);
    let originals: Vec<u32> = r.clusters.iter().map(|c| c.original.doc).collect();
    assert_eq!(originals, [a, b]);
    // The mill sentence is also a passage from archive/b.txt.
    assert!(r.passages.iter().any(|p| (p.a.doc, p.b.doc) == (b, one)));
    // Nothing links two reference documents, nor two drafts.
    for (x, y) in linked(&r) {
        assert_ne!(role(&r, x), role(&r, y), "documents {x} and {y}");
    }
    assert_eq!(linked(&r), [(a, one), (b, one)]);
}

#[test]
fn reuse_among_reference_documents_is_never_reported() {
    let dir = corpus();
    // Without --against, the archive's shared paragraph is a pair.
    let plain = paradup(
        &["analyze", "--format", "json", "-q", "archive"],
        dir.path(),
    );
    let plain = report(&plain);
    assert_eq!(plain.pairs.len(), 1);
    assert!(plain.documents.iter().all(|d| d.role.is_none()));
    // Checking a draft that shares nothing against the archive reports
    // nothing at all, and exits 0.
    let (r, status, _) = run(&["drafts/clean.txt", "--against", "archive"], &dir);
    assert_eq!(status, 0);
    assert!(r.pairs.is_empty() && r.clusters.is_empty());
    assert!(r.passages.is_empty() && r.overlaps.is_empty());
    assert_eq!(r.summary.reused_bytes, 0);
}

#[test]
fn within_adds_reuse_among_new_documents_and_sets_the_exit_status() {
    let dir = corpus();
    let two_drafts = ["drafts/one.txt", "drafts/two.txt"];
    // Two drafts sharing a paragraph, against a reference none uses:
    // nothing without --within (exit 0), the shared paragraph with it
    // (exit 1).
    let mut args = two_drafts.to_vec();
    args.extend(["--against", "other/library.txt", "--no-passages"]);
    let (r, status, _) = run(&args, &dir);
    assert_eq!(status, 0);
    assert!(r.pairs.is_empty() && r.overlaps.is_empty());
    args.push("--within");
    let (r, status, _) = run(&args, &dir);
    assert_eq!(status, 1);
    let (one, two) = (doc(&r, "drafts/one.txt"), doc(&r, "drafts/two.txt"));
    let pairs: Vec<(u32, u32)> = r.pairs.iter().map(|p| (p.a.doc, p.b.doc)).collect();
    assert_eq!(pairs, [(one, two)]);
    // With the whole archive and --within, both kinds are there, and
    // still nothing among references.
    let (r, _, _) = run(&["drafts", "--against", "archive", "--within"], &dir);
    for (x, y) in linked(&r) {
        assert!(
            role(&r, x) == Role::New || role(&r, y) == Role::New,
            "documents {x} and {y}"
        );
    }
    assert!(linked(&r).len() > 2);
}

#[test]
fn an_input_that_is_also_a_reference_is_read_once_as_a_reference() {
    let dir = corpus();
    // `.` holds the archive: its files are references only.
    let (r, _, _) = run(&["archive", "drafts", "--against", "archive"], &dir);
    let (plain, _, _) = run(&["drafts", "--against", "archive"], &dir);
    assert_eq!(r, plain);
}

#[test]
fn within_needs_against() {
    let dir = corpus();
    let out = paradup(&["analyze", "--within", "drafts"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--against"));
}

#[test]
fn a_missing_reference_is_named_exits_2_and_the_rest_is_analyzed() {
    let dir = corpus();
    let (r, status, stderr) = run(
        &[
            "drafts",
            "--against",
            "archive/a.txt",
            "--against",
            "archive/gone.txt",
        ],
        &dir,
    );
    assert_eq!(status, 2);
    assert!(
        stderr.contains("cannot read reference archive/gone.txt"),
        "{stderr}"
    );
    assert!(r.skipped.iter().any(|s| s.name == "archive/gone.txt"));
    // The harbour paragraph is still found against the other reference.
    let a = doc(&r, "archive/a.txt");
    assert_eq!(r.pairs.len(), 1);
    assert_eq!(r.pairs[0].a.doc, a);
}

#[test]
fn text_output_says_what_was_checked_against_what() {
    let dir = corpus();
    let out = paradup(
        &["analyze", "-q", "drafts", "--against", "archive"],
        dir.path(),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("checked against a reference: 3 new documents, 2 reference documents"),
        "{text}"
    );
    let plain = paradup(&["analyze", "-q", "drafts"], dir.path());
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("checked against"));
}

#[test]
fn spilling_and_threads_give_the_same_report() {
    let dir = corpus();
    let args = ["drafts", "--against", "archive", "--within"];
    let (base, _, _) = run(&args, &dir);
    let mut spilled = args.to_vec();
    spilled.extend(["--memory", "1K", "--threads", "1"]);
    assert_eq!(run(&spilled, &dir).0, base);
    let mut threaded = args.to_vec();
    threaded.extend(["--threads", "3"]);
    assert_eq!(run(&threaded, &dir).0, base);
}

#[test]
fn dedup_against_removes_reference_text_from_the_new_files_only() {
    let dir = corpus();
    let out = paradup(
        &["dedup", "drafts", "--against", "archive", "--out", "clean"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clean = dir.path().join("clean");
    // No reference file is written; the draft lost the harbour paragraph
    // and kept its own (passages are never cut).
    assert!(!clean.join("archive").exists());
    let one = std::fs::read_to_string(clean.join("drafts/one.txt")).unwrap();
    assert!(!one.contains(HARBOUR) && one.contains(DRAFT_OWN));
    // Without --within, the drafts' shared paragraph stays in both.
    let two = std::fs::read_to_string(clean.join("drafts/two.txt")).unwrap();
    assert!(one.contains(DRAFTS_SHARED) && two.contains(DRAFTS_SHARED));
    // Restore rebuilds the new files exactly.
    let back = paradup(
        &["restore", "clean/paradup-dedup-log.json", "--out", "back"],
        dir.path(),
    );
    assert_eq!(
        back.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    for name in ["drafts/one.txt", "drafts/two.txt", "drafts/clean.txt"] {
        assert_eq!(
            std::fs::read(dir.path().join("back").join(name)).unwrap(),
            std::fs::read(dir.path().join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn dedup_against_refuses_another_keep_policy() {
    let dir = corpus();
    for extra in [&["--keep", "longest"][..], &["--prefer", "drafts/**"]] {
        let mut args = vec!["dedup", "drafts", "--against", "archive", "--out", "o"];
        args.extend_from_slice(extra);
        let out = paradup(&args, dir.path());
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("do not apply with --against"), "{stderr}");
        assert!(!dir.path().join("o").exists());
    }
}

#[test]
fn the_library_takes_the_reference_first() {
    let mut a = Analyzer::new(Options::default()).unwrap();
    a.set_role(Role::Reference).unwrap();
    a.add_document("ref.txt", format!("{HARBOUR}\n\n{MILL}\n").as_bytes());
    a.add_document("ref2.txt", format!("{MILL}\n").as_bytes());
    a.set_role(Role::New).unwrap();
    a.add_document("new.txt", format!("{MILL}\n").as_bytes());
    // A reference after a new document is refused.
    let err = a.set_role(Role::Reference).unwrap_err();
    assert_eq!(*err.kind(), ErrorKind::ReferenceAfterDocuments);
    let r = a.finish().unwrap();
    // The mill paragraph is in both references and the new document: only
    // the new copy is reported, under the first reference.
    assert_eq!(r.clusters.len(), 1);
    assert_eq!(r.clusters[0].original.doc, 0);
    let copies: Vec<u32> = r.clusters[0].copies.iter().map(|c| c.doc).collect();
    assert_eq!(copies, [2]);
    assert!(r.pairs.iter().all(|p| p.b.doc == 2));
    // Documents without a role are refused as a reference afterwards, too.
    let mut b = Analyzer::new(Options::default()).unwrap();
    b.add_document("x.txt", b"one two three four five six\n");
    assert!(b.set_role(Role::Reference).is_err());
}

#[test]
fn inputs_that_are_all_references_are_an_error_not_a_clean_result() {
    let dir = corpus();
    // The same folder on both sides: nothing is left to check.
    for args in [
        &["analyze", "archive", "--against", "archive"][..],
        &["analyze", "archive/a.txt", "--against", "archive"],
        &["dedup", "archive", "--against", "archive", "--out", "o"],
    ] {
        let out = paradup(args, dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("every input is also a reference"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert!(!dir.path().join("o").exists());
    // A missing input is still named when the run stops there.
    let out = paradup(
        &[
            "analyze",
            "archive",
            "no-such-draft.txt",
            "--against",
            "archive",
        ],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no-such-draft.txt"), "{stderr}");
    // Some inputs on both sides: the rest is checked, with a warning.
    let (r, status, stderr) = run(&["drafts", "archive/a.txt", "--against", "archive"], &dir);
    assert_eq!(status, 1, "{stderr}");
    assert!(
        stderr.contains("1 input file(s) are also references"),
        "{stderr}"
    );
    let a = doc(&r, "archive/a.txt");
    assert_eq!(role(&r, a), Role::Reference);
    assert_eq!(
        r.documents
            .iter()
            .filter(|d| d.name == "archive/a.txt")
            .count(),
        1
    );
}
