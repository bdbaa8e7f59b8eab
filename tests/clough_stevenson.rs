//! The Clough–Stevenson corpus of reused short answers
//! (`../shared/corpora/clough-stevenson/`): real files in UTF-8 and
//! Windows-1252, labelled by how much of a source text they reuse.

mod common;

use std::collections::{HashMap, HashSet};

use paradup::{analyze, Encoding, Options};

struct Corpus {
    files: Vec<(String, Vec<u8>)>,
    report: paradup::Report,
    /// answer file -> (task letter, category)
    labels: HashMap<String, (String, String)>,
}

/// The corpus and its report; `None` (the test skipped) without `../shared`.
fn corpus() -> Option<Corpus> {
    let files = common::shared_files("corpora/clough-stevenson", "txt")?;
    let report = analyze(&files, Options::default()).unwrap();
    let csv = std::fs::read_to_string(common::shared(
        "corpora/clough-stevenson/file_information.csv",
    )?)
    .unwrap();
    let labels = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.trim().split(',').collect();
            (f.len() == 3).then(|| (f[0].to_owned(), (f[1].to_owned(), f[2].to_owned())))
        })
        .collect();
    Some(Corpus {
        files,
        report,
        labels,
    })
}

#[test]
fn every_file_is_decoded_and_fully_segmented() {
    let Some(c) = corpus() else {
        return;
    };
    assert!(c.files.len() >= 100);
    let cp1252: Vec<&str> = c
        .report
        .documents
        .iter()
        .filter(|d| d.encoding == Encoding::Windows1252)
        .map(|d| d.name.as_str())
        .collect();
    assert!(!cp1252.is_empty(), "the corpus has Windows-1252 files");
    for d in &c.report.documents {
        assert_eq!(
            d.encoding == Encoding::Windows1252,
            !d.warnings.is_empty(),
            "{}",
            d.name
        );
        assert!(!d.paragraphs.is_empty(), "{} has paragraphs", d.name);
    }
    // Every non-whitespace byte of every file lies in a paragraph (for these
    // single-byte and UTF-8 files a whitespace byte is ASCII whitespace).
    for ((name, bytes), d) in c.files.iter().zip(&c.report.documents) {
        for (i, &b) in bytes.iter().enumerate() {
            let inside = d
                .paragraphs
                .iter()
                .any(|p| p.start as usize <= i && i < p.end as usize);
            assert!(
                inside || b.is_ascii_whitespace() || b >= 0x80,
                "{name}: byte {i} ({b:#x}) dropped"
            );
        }
    }
}

#[test]
fn reuse_is_found_and_independent_answers_are_not() {
    let Some(c) = corpus() else {
        return;
    };
    let names: Vec<&str> = c.report.documents.iter().map(|d| d.name.as_str()).collect();
    let linked: HashSet<(&str, &str)> = c
        .report
        .pairs
        .iter()
        .map(|p| (names[p.a.doc as usize], names[p.b.doc as usize]))
        .flat_map(|(a, b)| [(a, b), (b, a)])
        .collect();
    let mut rate: HashMap<&str, (usize, usize)> = HashMap::new();
    for (file, (task, category)) in &c.labels {
        let source = format!("orig_task{task}.txt");
        let hit = linked.contains(&(file.as_str(), source.as_str()));
        let e = rate.entry(category.as_str()).or_default();
        e.0 += hit as usize;
        e.1 += 1;
    }
    let share = |k: &str| rate.get(k).map_or(0.0, |&(h, n)| h as f64 / n as f64);
    // Independent answers never match their source paragraph by paragraph.
    assert_eq!(rate["non"].0, 0, "{rate:?}");
    // Answers cut or lightly revised from the source are mostly found, more
    // often than heavily revised ones. (Answers that stitch sentences from
    // several source paragraphs are beyond paragraph-level matching.)
    assert!(share("cut") >= 0.5 && share("light") >= 0.5, "{rate:?}");
    assert!(share("heavy") < share("light"), "{rate:?}");
}

/// For each answer: (category, overlap share against its task's original).
fn answer_shares(c: &Corpus) -> Vec<(&str, f64)> {
    let index = |name: &str| {
        c.report
            .documents
            .iter()
            .position(|d| d.name == name)
            .map(|i| i as u32)
    };
    let mut out: Vec<(&str, f64)> = c
        .labels
        .iter()
        .filter(|(_, (_, category))| category != "orig")
        .map(|(file, (task, category))| {
            let (answer, original) = (
                index(file).expect("answer analyzed"),
                index(&format!("orig_task{task}.txt")).expect("original analyzed"),
            );
            let share = c
                .report
                .overlaps
                .iter()
                .find_map(|o| match (o.a, o.b) {
                    (a, b) if (a, b) == (original, answer) => Some(o.b_share),
                    (a, b) if (a, b) == (answer, original) => Some(o.a_share),
                    _ => None,
                })
                .unwrap_or(0.0);
            (category.as_str(), share)
        })
        .collect();
    out.sort_by(|x, y| x.partial_cmp(y).unwrap());
    out
}

/// ROC AUC of `pos` against `neg` (Mann–Whitney, ties one half).
fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    let u: f64 = pos
        .iter()
        .flat_map(|p| neg.iter().map(move |n| (p, n)))
        .map(|(p, n)| match p.partial_cmp(n).unwrap() {
            std::cmp::Ordering::Greater => 1.0,
            std::cmp::Ordering::Equal => 0.5,
            std::cmp::Ordering::Less => 0.0,
        })
        .sum();
    u / (pos.len() * neg.len()) as f64
}

/// The target. Not met on 2026-11-29: `g1pD_taskd` and
/// `g4pE_taske` share 15–20-word passages with their original (shared
/// terminology; a paraphrased definition), and `non` answers of tasks d and
/// e share passages with each other (docs/benchmarks.md lists them). Run
/// it with `cargo test --test clough_stevenson -- --ignored`.
#[test]
#[ignore = "issue 9 target not met yet: non answers share passages (docs/benchmarks.md)"]
fn no_independent_answer_shares_a_passage() {
    let Some(c) = corpus() else {
        return;
    };
    let names: Vec<&str> = c.report.documents.iter().map(|d| d.name.as_str()).collect();
    let non: HashSet<u32> = (0..names.len() as u32)
        .filter(|&d| {
            c.labels
                .get(names[d as usize])
                .is_some_and(|l| l.1 == "non")
        })
        .collect();
    assert_eq!(non.len(), 38, "the corpus's independent answers");
    for p in &c.report.passages {
        for (me, other) in [(&p.a, &p.b), (&p.b, &p.a)] {
            assert!(
                !non.contains(&me.doc),
                "independent answer {} shares bytes {}..{} with {} ({}..{}, {:?}, {} words)",
                names[me.doc as usize],
                me.start,
                me.end,
                names[other.doc as usize],
                other.start,
                other.end,
                p.kind,
                p.words
            );
        }
    }
}

#[test]
fn reused_answers_outrank_independent_ones() {
    let Some(c) = corpus() else {
        return;
    };
    let shares = answer_shares(&c);
    let of = |reused: bool| -> Vec<f64> {
        shares
            .iter()
            .filter(|(cat, _)| (*cat != "non") == reused)
            .map(|x| x.1)
            .collect()
    };
    let (pos, neg) = (of(true), of(false));
    assert_eq!((pos.len(), neg.len()), (57, 38));
    // Independent answers reuse little of their original: no more than a
    // fifth of their bytes (reused answers average a half to three
    // quarters).
    assert!(neg.iter().all(|&s| s <= 0.2), "{shares:?}");
    let auc = auc(&pos, &neg);
    assert!(auc >= AUC_FLOOR, "AUC {auc:.4} < {AUC_FLOOR}: {shares:?}");
}

/// The AUC measured on 2026-11-29 with h/align ec025fd (0.9631,
/// `paradup-bench clough`) less its rounding: one reused answer falling to
/// a share of 0 lowers the AUC by about 0.009 (38 × ½ + 2 of 2,166 pairs),
/// so this floor lets no answer's rank fall. The target is 0.97.
const AUC_FLOOR: f64 = 0.96;
