//! The CLI analyzes a corpus it is not allowed the memory to hold: under a
//! data limit of half the corpus size, spilling to temporary files gives
//! the same report as an unlimited run, and the same limit stops an
//! analysis that keeps everything in memory (so the limit is real), with
//! passages off and on, and with text copied into many documents (where
//! the passage search's anchor lists are the bulk).

#![cfg(target_os = "linux")]

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// Writes about `bytes` of news-like documents: paragraphs of 40–120
/// words from a vocabulary of pseudo-words, a tenth of them repeated
/// (some edited) in later documents.
fn write_corpus(dir: &Path, bytes: usize) -> usize {
    let mut next = common::xorshift(0x1234_5678_9ABC_DEF1u64);
    let syllables = [
        "ka", "lo", "mi", "ren", "sta", "vo", "dul", "pe", "tor", "an", "si", "gra",
    ];
    let vocab: Vec<String> = (0..3000)
        .map(|_| {
            (0..2 + next(3))
                .map(|_| syllables[next(syllables.len())])
                .collect()
        })
        .collect();
    let mut earlier: Vec<String> = Vec::new();
    let (mut written, mut docs) = (0, 0);
    while written < bytes {
        let mut text = String::new();
        while text.len() < 200_000 {
            let para = if !earlier.is_empty() && next(10) == 0 {
                let p = earlier[next(earlier.len())].clone();
                if next(2) == 0 {
                    p.replacen(' ', " also ", 1)
                } else {
                    p
                }
            } else {
                let words = 40 + next(80);
                let p = (0..words)
                    .map(|_| vocab[next(vocab.len())].as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
                    + ".";
                if earlier.len() < 5000 {
                    earlier.push(p.clone());
                }
                p
            };
            text.push_str(&para);
            text.push_str("\n\n");
        }
        std::fs::write(dir.join(format!("doc{docs:04}.txt")), &text).unwrap();
        written += text.len();
        docs += 1;
    }
    written
}

/// Runs the CLI with the data segment (heap) limited to `limit` bytes.
fn limited(limit: usize, args: &[&str], dir: &Path) -> Output {
    let script = format!("ulimit -d {} && exec \"$0\" \"$@\"", limit / 1024);
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_paradup"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sh runs")
}

/// Checks that `spilled` (a run under a data limit) exited 1 with the
/// report of `free` (the same analysis without a limit) and left nothing
/// in `temp`, and that `in_memory` (keeping everything in memory under the
/// same limit) did not fit.
fn spilled_like_free(spilled: &Output, free: &Output, temp: &Path, in_memory: &Output) {
    assert_eq!(
        spilled.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&spilled.stderr)
    );
    assert!(spilled.stdout == free.stdout, "spilling changed the report");
    assert_eq!(
        std::fs::read_dir(temp).unwrap().count(),
        0,
        "temporary files left"
    );
    assert_ne!(in_memory.status.code(), Some(1), "the limit did not bite");
}

#[test]
fn a_corpus_twice_the_memory_limit_is_analyzed_by_spilling() {
    let corpus = tempfile::tempdir().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let bytes = write_corpus(corpus.path(), 48 << 20);
    let limit = bytes / 2;
    let temp_dir = temp.path().to_str().unwrap();

    // Paragraph matching alone here; with passages on, below.
    let free = common::paradup(
        &["analyze", "--format", "json", "--no-passages", "."],
        corpus.path(),
    );
    assert_eq!(free.status.code(), Some(1), "{free:?}");
    let report: serde_json::Value = serde_json::from_slice(&free.stdout).unwrap();
    assert!(report["summary"]["duplicate_paragraphs"].as_u64().unwrap() > 1000);

    let spilled = limited(
        limit,
        &[
            "analyze",
            "--format",
            "json",
            "--no-passages",
            // Several threads read and match at once within the budget.
            "--threads",
            "3",
            "--memory",
            "4M",
            "--temp-dir",
            temp_dir,
            ".",
        ],
        corpus.path(),
    );

    // Keeping everything in memory does not fit under the same limit.
    let in_memory = limited(
        limit,
        &[
            "analyze",
            "--format",
            "json",
            "--no-passages",
            "--memory",
            "4G",
            ".",
        ],
        corpus.path(),
    );
    spilled_like_free(&spilled, &free, temp.path(), &in_memory);
}

/// A file of millions of blank lines costs memory for its bytes, not per
/// line: under a data limit of four times its size it is analyzed, with
/// the paragraphs between the blank lines found.
#[test]
fn millions_of_blank_lines_cost_nothing_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let para = "The ferry to the northern islands left an hour late because of fog.";
    let blank = "\n".repeat(8 << 20);
    let text = format!("{para}\n{blank}{para}\n{blank}{para}\r\n{blank}");
    std::fs::write(dir.path().join("blank.txt"), &text).unwrap();
    let out = limited(
        4 * text.len(),
        &["analyze", "--format", "json", "blank.txt"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paragraphs = report["documents"][0]["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 3);
    assert_eq!(paragraphs[2]["line"], 2 * (8 << 20) + 3);
}

/// With passages on (the default), what the passage stage keeps per word
/// spills too: every document's tokens past a quarter of the budget, and
/// the documents prepared for alignment in blocks of half of it. Under a
/// data limit of twice the corpus size, a spilling run on two threads
/// reports exactly what an unlimited one does, and keeping everything in
/// memory does not fit under the same limit. (What does not spill — each
/// candidate pair's shared grams, the report — weighs about the corpus
/// here: 28 MiB resident at `--memory 2M` for 24 MiB, 12 MiB without
/// passages; in memory 145 MiB. Before tokens spilled, the spilling run
/// took 137 MiB and failed under this limit.)
#[test]
fn passages_spill_within_the_memory_limit() {
    let corpus = tempfile::tempdir().unwrap();
    let bytes = write_corpus(corpus.path(), 24 << 20);
    passages_spill_within(corpus.path(), 2 * bytes, 100);
}

/// Text copied into many documents: every gram of a group's text is in
/// its 32 copies, so the anchor lists (each gram with its documents) and
/// each candidate pair's shared grams (8 bytes per pair and gram) weigh
/// about 5 times the corpus. They spill too: under a data limit of 4 times
/// the corpus, a spilling run on two threads reports what an unlimited
/// one does. (Release build, this 13 MB corpus: 22 MiB resident at
/// `--memory 2M`, 19 MiB without passages, 129 MiB in memory; before they
/// spilled, 84 MiB at `--memory 2M`, which fails under this limit.)
#[test]
fn anchor_lists_spill_within_the_memory_limit() {
    let corpus = tempfile::tempdir().unwrap();
    let mut bytes = 0;
    for (name, text) in common::generate::copied_texts(20, 32, 2000, 0x5EED_0A9C_4011_2233) {
        std::fs::write(corpus.path().join(name), &text).unwrap();
        bytes += text.len();
    }
    passages_spill_within(corpus.path(), 4 * bytes, 1000);
}

/// The corpus in `dir`, analyzed with passages: more than `min_passages`
/// without a limit; under a data limit of `limit` bytes, a spilling run on
/// two threads (`--memory 2M`) reports the same, and the run holding
/// everything in memory does not fit.
fn passages_spill_within(dir: &Path, limit: usize, min_passages: usize) {
    let temp = tempfile::tempdir().unwrap();
    let temp_dir = temp.path().to_str().unwrap();

    let free = common::paradup(&["analyze", "--format", "json", "."], dir);
    assert_eq!(free.status.code(), Some(1), "{free:?}");
    let report: serde_json::Value = serde_json::from_slice(&free.stdout).unwrap();
    let passages = report["passages"].as_array().unwrap().len();
    assert!(passages > min_passages, "{passages} passages");

    let spilled = limited(
        limit,
        &[
            "analyze",
            "--format",
            "json",
            "--threads",
            "2",
            "--memory",
            "2M",
            "--temp-dir",
            temp_dir,
            ".",
        ],
        dir,
    );
    let in_memory = limited(
        limit,
        &["analyze", "--format", "json", "--memory", "4G", "."],
        dir,
    );
    spilled_like_free(&spilled, &free, temp.path(), &in_memory);
}
