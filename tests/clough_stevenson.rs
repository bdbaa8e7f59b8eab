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
