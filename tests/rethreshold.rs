//! Passages at other passage options without aligning again (issue 11
//! item 4): the threshold explorer's counts at every minimum passage
//! length from 1 to 60 (and a few similarities), and a re-match at
//! some of them, equal a fresh analysis's — on generated documents that
//! copy, edit, reorder and reword each other's sentences, and on PAN
//! pairs (read at run time from `../shared`).
//!
//! The minimum decides more than which passages are long enough: a
//! sentence inside a word run long enough to report is not searched for
//! similar sentences, so a higher minimum can add reworded passages. The
//! generated documents make that happen on purpose (a sentence copied
//! whole that its source also says reworded elsewhere).

mod common;

use common::word;

use paradup::{Analyzer, Options};

/// Documents (seeded) whose sentences are new, or taken from an earlier
/// document (or earlier in the same one) copied, with words replaced,
/// with their words shuffled (reworded), or as runs of several
/// sentences; each source document also says some of its own sentences
/// again reworded, so a copy of such a sentence is near a similar
/// sentence outside the copy.
fn generated(seed: u64, docs: usize) -> Vec<(String, Vec<u8>)> {
    let mut next = common::xorshift(seed);
    let mut fresh = 0usize;
    let mut sentence = |next: &mut dyn FnMut(usize) -> usize| {
        let len = 3 + next(24);
        fresh += 1;
        (0..len)
            .map(|i| word(fresh * 100 + i + next(3) * 50))
            .collect::<Vec<_>>()
    };
    let mut all: Vec<Vec<Vec<String>>> = Vec::new();
    for d in 0..docs {
        let mut doc: Vec<Vec<String>> = Vec::new();
        while doc.len() < 30 {
            let from: Option<&Vec<Vec<String>>> = match next(8) {
                0..=3 => None,
                4 if !doc.is_empty() => Some(&doc),
                _ if d > 0 => all.get(next(d)),
                _ => None,
            };
            let Some(from) = from.filter(|f| !f.is_empty()) else {
                doc.push(sentence(&mut next));
                continue;
            };
            let at = next(from.len());
            let run = (1 + next(4)).min(from.len() - at);
            let mut taken: Vec<Vec<String>> = from[at..at + run].to_vec();
            match next(4) {
                // Copied as it is.
                0 => {}
                // Every few words replaced.
                1 => {
                    let step = 2 + next(6);
                    for s in &mut taken {
                        for (i, w) in s.iter_mut().enumerate() {
                            if i % step == step / 2 {
                                *w = word(900_000 + next(100_000));
                            }
                        }
                    }
                }
                // Reworded: each sentence's words shuffled.
                2 => {
                    for s in &mut taken {
                        for i in (1..s.len()).rev() {
                            s.swap(i, next(i + 1));
                        }
                    }
                }
                // Runs reordered.
                _ => taken.reverse(),
            }
            doc.extend(taken);
        }
        all.push(doc);
    }
    all.iter()
        .enumerate()
        .map(|(d, doc)| {
            // Sentences in paragraphs of one to four.
            let mut text = String::new();
            for (i, s) in doc.iter().enumerate() {
                text.push_str(&s.join(" "));
                text.push('.');
                text.push_str(if (i + d) % 4 == 3 { "\n\n" } else { " " });
            }
            (format!("g{d}.txt"), text.into_bytes())
        })
        .collect()
}

/// The passage options swept: every minimum from 1 to 60, and a few
/// similarities at two minimums.
fn swept() -> Vec<Options> {
    let mut out: Vec<Options> = (1..=60)
        .map(|min| Options {
            min_passage_words: min,
            ..Options::default()
        })
        .collect();
    for similarity in [0.2, 0.35, 0.6, 0.8, 1.0] {
        for min in [4, 15] {
            out.push(Options {
                min_passage_words: min,
                passage_similarity: similarity,
                ..Options::default()
            });
        }
    }
    out
}

fn fresh(files: &[(String, Vec<u8>)], o: &Options) -> paradup::Report {
    let mut a = Analyzer::new(o.clone()).unwrap();
    for (name, bytes) in files {
        a.add_file(name, bytes);
    }
    a.finish().unwrap()
}

/// The explorer's passages at every swept option against a fresh
/// analysis's, then re-matches at some of them against a fresh report;
/// returns how many distinct passage counts the sweep saw.
fn sweep(files: &[(String, Vec<u8>)], what: &str) -> usize {
    let shown = Options::default();
    let mut a = Analyzer::keeping(shown.clone()).unwrap();
    for (name, bytes) in files {
        a.add_file(name, bytes);
    }
    a.rematch(&shown, &mut |_| {}).unwrap();
    let e = a.explorer(0.5).unwrap();
    let mut counts = Vec::new();
    for o in swept() {
        let p = e.counts(&a, &o).unwrap();
        assert!(!p.aligned_again, "{what}: {o:?}");
        let want = fresh(files, &o);
        let words: Vec<u64> = want.passages.iter().map(|p| p.words).collect();
        assert_eq!(p.passages, want.summary.passages, "{what}: {o:?}");
        assert_eq!(p.passage_words, words, "{what}: {o:?}");
        counts.push(p.passages);
    }
    // A re-match at other passage options: the whole report, spans and
    // lines too, from the kept pieces.
    for min in [1, 6, 22, 41, 15] {
        let o = Options {
            min_passage_words: min,
            ..shown.clone()
        };
        assert_eq!(
            a.rematch(&o, &mut |_| {}).unwrap(),
            fresh(files, &o),
            "{what}: re-match at {min}"
        );
    }
    counts.sort_unstable();
    counts.dedup();
    counts.len()
}

#[test]
fn passages_at_every_minimum_equal_a_fresh_analysis_on_generated_documents() {
    for seed in [7, 1234, 99_991] {
        let files = generated(seed, 8);
        let distinct = sweep(&files, &format!("seed {seed}"));
        assert!(distinct >= 10, "seed {seed}: {distinct} passage counts");
    }
}

/// Two texts, the second a summary of the first: one `summary` passage
/// at the default options, and every minimum's re-threshold equal to a
/// fresh analysis.
fn sweep_summary(source: (&str, &str), summary: (&str, &str)) {
    let files = vec![
        (source.0.to_string(), source.1.as_bytes().to_vec()),
        (summary.0.to_string(), summary.1.as_bytes().to_vec()),
    ];
    let kinds: Vec<_> = fresh(&files, &Options::default())
        .passages
        .iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(kinds, [paradup::PassageKind::Summary], "{}", summary.0);
    sweep(&files, summary.0);
}

/// A report and a digest summarizing it: one `summary` passage at the
/// default options, made of pieces found at other minimums apart.
#[test]
fn passages_at_every_minimum_equal_a_fresh_analysis_on_a_summary() {
    sweep_summary(
        ("report.txt", common::REPORT),
        ("digest.txt", common::DIGEST),
    );
}

#[test]
fn passages_at_every_minimum_equal_a_fresh_analysis_on_a_summary_of_short_sentences() {
    // The summary is found from pieces too short to report alone, before
    // the filter: a re-threshold must chain them the same way.
    sweep_summary(
        ("minutes.txt", common::MINUTES),
        ("brief.txt", common::BRIEF),
    );
}

/// PAN 2013 pairs (source, then suspicious document), two of each kind of
/// obfuscation.
#[test]
fn passages_at_every_minimum_equal_a_fresh_analysis_on_pan_pairs() {
    let Some(root) = common::shared("corpora/pan13-train") else {
        return;
    };
    let pairs = std::fs::read_to_string(root.join("pairs.tsv")).unwrap();
    for kind in [
        "02-no-obfuscation",
        "03-random-obfuscation",
        "04-translation-obfuscation",
        "05-summary-obfuscation",
    ] {
        let chosen = pairs
            .lines()
            .filter(|l| l.split('\t').nth(2) == Some(kind))
            .take(2);
        for line in chosen {
            let f: Vec<&str> = line.split('\t').collect();
            let read = |dir: &str, name: &str| std::fs::read(root.join(dir).join(name)).unwrap();
            let files = vec![
                (f[1].to_string(), read("src", f[1])),
                (f[0].to_string(), read("susp", f[0])),
            ];
            sweep(&files, &format!("{kind} {} {}", f[1], f[0]));
        }
    }
}
