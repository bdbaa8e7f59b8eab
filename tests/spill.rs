//! An analysis that spills its word-level data to temporary files reports
//! exactly what an in-memory analysis reports.

mod common;

use paradup::{Analyzer, ErrorKind, Options, Report, Spill};
use proptest::prelude::*;

fn in_memory(files: &[(String, Vec<u8>)], options: &Options) -> Report {
    let mut a = Analyzer::new(options.clone()).unwrap();
    for (name, bytes) in files {
        a.add_file(name, bytes);
    }
    a.finish().unwrap()
}

fn spilled(files: &[(String, Vec<u8>)], options: &Options, budget: usize) -> Report {
    let dir = tempfile::tempdir().unwrap();
    let spill = Spill {
        dir: dir.path().to_path_buf(),
        budget,
    };
    let mut a = Analyzer::with_spill(options.clone(), spill).unwrap();
    for (name, bytes) in files {
        a.add_file(name, bytes);
    }
    let report = a.finish().unwrap();
    // Nothing is left behind.
    #[cfg(unix)]
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    report
}

fn assert_same(files: &[(String, Vec<u8>)], options: &Options, budgets: &[usize]) {
    let expected = serde_json::to_string(&in_memory(files, options)).unwrap();
    for &budget in budgets {
        let got = serde_json::to_string(&spilled(files, options, budget)).unwrap();
        assert!(got == expected, "budget {budget}: reports differ");
    }
}

/// Many documents built from a shared pool of sentences, so paragraphs
/// repeat exactly, with edits, and glued together.
fn generated(docs: usize) -> Vec<(String, Vec<u8>)> {
    let words = [
        "river", "council", "budget", "harbour", "winter", "station", "report", "mayor", "bridge",
        "school", "market", "ferry", "storm", "vote", "library", "tunnel", "garden", "road",
        "festival", "court",
    ];
    let mut next = common::xorshift(0x2545_F491_4F6C_DD1Du64);
    let pool: Vec<String> = (0..400)
        .map(|_| {
            let n = 8 + next(30);
            (0..n)
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(" ")
                + "."
        })
        .collect();
    (0..docs)
        .map(|d| {
            let mut text = String::new();
            for _ in 0..(5 + next(15)) {
                let mut para = pool[next(pool.len())].clone();
                match next(4) {
                    0 => para = para.replacen(' ', " quietly ", 1),
                    1 => {
                        para.push(' ');
                        para.push_str(&pool[next(pool.len())]);
                    }
                    _ => {}
                }
                text.push_str(&para);
                text.push_str("\n\n");
            }
            (format!("doc{d:03}.txt"), text.into_bytes())
        })
        .collect()
}

#[test]
fn spilling_changes_nothing_on_a_generated_corpus() {
    // 150 files keep the test near a minute in CI's debug build (300 took
    // two) and still repeat a lot.
    let files = generated(150);
    let report = in_memory(&files, &Options::default());
    assert!(
        report.clusters.len() > 100,
        "the corpus should repeat a lot"
    );
    // From a few shingle sets per run up to more than the whole corpus.
    assert_same(&files, &Options::default(), &[4 << 10, 256 << 10, 1 << 30]);
    // At 64 bytes nearly every shingle set, gram list and sorted run is a
    // temporary file of its own (169,000 of them with all 150 files, 51 s
    // alone, 45 of them in system calls, and most of the three minutes
    // `tests/spill.rs` took in CI): a fifth of the files still spill every
    // store and merge thousands of runs.
    let few = &files[..30];
    assert!(in_memory(few, &Options::default()).clusters.len() > 10);
    assert_same(few, &Options::default(), &[64]);
}

#[test]
fn spilling_changes_nothing_on_the_seeds() {
    let Some(mut files) = common::shared_files("seeds", "txt") else {
        return;
    };
    let Some(clough) = common::shared_files("corpora/clough-stevenson", "txt") else {
        return;
    };
    files.extend(clough);
    assert!(files.len() > 90);
    assert_same(&files, &Options::default(), &[256, 16 << 10]);
}

#[test]
fn an_unusable_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let spill = Spill {
        dir: missing.clone(),
        budget: 1 << 20,
    };
    let Err(e) = Analyzer::with_spill(Options::default(), spill) else {
        panic!("a missing folder was accepted");
    };
    assert!(matches!(e.kind(), ErrorKind::Spill { .. }));
    let message = e.to_string();
    assert!(message.contains("temporary files"), "{message}");
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );
}

#[test]
fn losing_the_temporary_folder_fails_the_analysis_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let spill = Spill {
        dir: path.clone(),
        budget: 256,
    };
    let mut a = Analyzer::with_spill(Options::default(), spill).unwrap();
    drop(dir);
    for (name, bytes) in generated(20) {
        a.add_file(&name, &bytes);
    }
    let Err(e) = a.finish() else {
        panic!("the analysis succeeded without its temporary files");
    };
    assert!(matches!(e.kind(), ErrorKind::Spill { .. }));
    let message = e.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
}

fn texty() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("alpha beta gamma delta epsilon zeta. ".to_string()),
        Just("The quick brown fox jumps over the lazy dog. ".to_string()),
        Just("one two three four five six seven eight ".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        "[a-e]{1,3} ",
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the documents and however small the budget, spilling
    /// gives the in-memory report.
    #[test]
    fn spilling_is_invisible(docs in prop::collection::vec(texty(), 1..8), budget in 1usize..2048) {
        let files: Vec<(String, Vec<u8>)> =
            docs.into_iter().enumerate().map(|(i, d)| (format!("d{i}.txt"), d)).collect();
        let options = Options { min_words: 1, ..Options::default() };
        let expected = serde_json::to_string(&in_memory(&files, &options)).unwrap();
        let got = serde_json::to_string(&spilled(&files, &options, budget)).unwrap();
        prop_assert_eq!(got, expected);
    }
}
