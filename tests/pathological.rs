//! Pathological inputs for the core (issue 12, defects 9 and 10): huge
//! near-identical paragraphs for the word diff, Unicode that expands under
//! normalization, and random, compressed or encrypted bytes that must not be
//! read as text. No assertion here is on time: the diff reports the work it
//! did, and the speed figures come from `paradup-bench diff` and
//! `paradup-bench unicode` (docs/robustness.md).

mod common;

use common::generate::{long_paragraph, Bytes};
use paradup::diff::{diff, Op, Span, WordDiff, WORK_BUDGET};

fn side(d: &WordDiff, skip: Op) -> String {
    d.spans
        .iter()
        .filter(|s| s.op != skip)
        .map(|s| s.text.as_str())
        .collect()
}

fn changed(d: &WordDiff) -> Vec<&Span> {
    d.spans.iter().filter(|s| s.op != Op::Equal).collect()
}

fn check_sides(d: &WordDiff, old: &str, new: &str) {
    assert!(side(d, Op::Insert) == old, "equal + delete spans != old");
    assert!(side(d, Op::Delete) == new, "equal + insert spans != new");
}

const SIZE: usize = 4_600_000;

#[test]
fn near_identical_4_6_mb_paragraphs_diff_word_by_word_with_little_work() {
    let old = long_paragraph(SIZE, 7);
    let mid = old.len() / 2 + old[old.len() / 2..].find(' ').unwrap();
    let new = format!("{} inserted{}", &old[..mid], &old[mid..]);
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(!d.coarse);
    let c = changed(&d);
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].op, c[0].text.as_str()), (Op::Insert, "inserted "));
    // Only the few tokens around the edit were diffed.
    assert!(d.work <= 100, "work {}", d.work);
}

#[test]
fn edits_at_both_ends_of_4_6_mb_are_anchored_and_found_word_by_word() {
    // Nothing in common at the ends: the sentences found once in each text
    // tie the two together.
    let old = long_paragraph(SIZE, 8);
    let new = old.replacen("Item 2:", "Item two:", 1);
    let last = new.rfind("Item ").unwrap();
    let new = format!("{}Entry{}", &new[..last], &new[last + 4..]);
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(!d.coarse);
    assert!(d.work <= WORK_BUDGET, "work {}", d.work);
    let c: Vec<(Op, &str)> = changed(&d)
        .iter()
        .map(|s| (s.op, s.text.as_str()))
        .collect();
    assert_eq!(
        c,
        [
            // The colon is a token of its own, unchanged.
            (Op::Delete, "2"),
            (Op::Insert, "two"),
            (Op::Delete, "Item"),
            (Op::Insert, "Entry")
        ]
    );
}

#[test]
fn repetitive_4_6_mb_with_edits_at_both_ends_falls_back_within_the_budget() {
    // No sentence occurs once: nothing to anchor on, and far too long to
    // diff word by word. Shown whole, and said so.
    let old = "the tide came in and the tide went out. ".repeat(SIZE / 40);
    let new = format!("The{} Done.", &old[3..]);
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(d.coarse);
    assert!(d.work <= WORK_BUDGET, "work {}", d.work);
    assert_eq!(changed(&d).len(), 2);
}

#[test]
fn unrelated_4_6_mb_paragraphs_fall_back_within_the_budget() {
    let old = long_paragraph(SIZE, 9);
    let new = long_paragraph(SIZE, 10);
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(d.coarse);
    assert!(d.work <= WORK_BUDGET, "work {}", d.work);
}

#[test]
fn scattered_edits_in_200_kb_are_found_word_by_word() {
    // Long enough to need the chunk level, short enough for its budget.
    let old = long_paragraph(200_000, 11);
    let mut new = old.clone();
    for n in [40, 700, 1500, 2400] {
        let at = new.find(&format!("Item {n}:")).unwrap();
        new.insert_str(at, "NEW ");
    }
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(!d.coarse);
    assert!(d.work <= WORK_BUDGET, "work {}", d.work);
    let c = changed(&d);
    assert_eq!(c.len(), 4, "{c:?}");
    assert!(
        c.iter()
            .all(|s| s.op == Op::Insert && s.text.trim() == "NEW"),
        "{c:?}"
    );
}

// ---------------------------------------------------------------------------
// Random, compressed and encrypted bytes are not text (defect 10). The
// checks on the format sniffer itself are unit tests, since it is internal
// (src/tests/pathological.rs); the analyzer's side is checked here.

#[test]
fn the_issue_s_200_kb_random_file_is_skipped_by_the_analyzer_with_a_reason() {
    let mut rng = Bytes(200);
    let files: Vec<(String, Vec<u8>)> = (0..6)
        .map(|i| (format!("random{i}.txt"), rng.blob(200_000)))
        .chain([(
            "fine.txt".to_owned(),
            b"A real paragraph of text, kept as it is.\n".to_vec(),
        )])
        .collect();
    let mut a = paradup::Analyzer::new(paradup::Options::default()).unwrap();
    for (name, bytes) in &files {
        a.add_file(name, bytes);
    }
    let r = a.finish().unwrap();
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.skipped.len(), 6);
    for s in &r.skipped {
        assert!(
            s.reason.contains("compressed, encrypted or random"),
            "{}: {}",
            s.name,
            s.reason
        );
    }
}
