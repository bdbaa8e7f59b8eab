//! The Clough–Stevenson benchmark: how well a document-level reuse score
//! separates answers built from a source text (`cut`, `light`, `heavy`)
//! from answers written independently (`non`), as a ROC AUC, and which
//! independent answers the report links to anything.
//!
//! The score of an answer is its `overlaps` share against its task's
//! original: the share of the answer's paragraph bytes that a paragraph
//! match or a passage with the original covers. It is what the report
//! gives users (the overlap heatmap), it grows with the amount reused, and
//! it is normalized by the answer's length, so a long answer with one
//! borrowed sentence ranks below a short one stitched from the source.

use std::path::PathBuf;

use paradup::{Analyzer, Options, Report};

use super::recall::{load_clough, Clough};

/// Settings of the `clough` subcommand.
pub struct CloughArgs {
    /// The corpus folder.
    pub dir: PathBuf,
    /// Print every answer's scores.
    pub list: bool,
    /// Library options.
    pub options: Options,
}

/// One answer's scores.
struct Answer<'a> {
    name: &'a str,
    category: &'a str,
    /// Overlap share against its original, each answer analyzed with it.
    pairwise: f64,
    /// The same, all 100 files analyzed as one corpus.
    whole: f64,
    /// The share recomputed from the pairwise report's pairs and passages
    /// (a check on `overlaps`).
    covered: f64,
}

/// The share of document `doc`'s paragraph bytes matched in `other`
/// (0 when the report has no overlap between them).
pub fn share(report: &Report, doc: u32, other: u32) -> f64 {
    report
        .overlaps
        .iter()
        .find_map(|o| {
            if (o.a, o.b) == (doc, other) {
                Some(o.a_share)
            } else if (o.a, o.b) == (other, doc) {
                Some(o.b_share)
            } else {
                None
            }
        })
        .unwrap_or(0.0)
}

/// The share of `doc`'s paragraph bytes covered by its paragraphs paired
/// with one of `other`'s, or by its side of a passage with `other`, each
/// byte counted once.
pub fn covered_share(report: &Report, doc: u32, other: u32) -> f64 {
    let paragraphs = &report.documents[doc as usize].paragraphs;
    let mut spans: Vec<(u64, u64)> = Vec::new();
    for p in &report.pairs {
        for (me, them) in [(p.a, p.b), (p.b, p.a)] {
            if me.doc == doc && them.doc == other {
                let q = &paragraphs[me.para as usize];
                spans.push((q.start, q.end));
            }
        }
    }
    for p in &report.passages {
        for (me, them) in [(&p.a, &p.b), (&p.b, &p.a)] {
            if me.doc == doc && them.doc == other {
                spans.push((me.start, me.end));
            }
        }
    }
    spans.sort_unstable();
    let (mut total, mut reach) = (0, 0);
    for (start, end) in spans {
        let from = start.max(reach);
        if end > from {
            total += end - from;
            reach = end;
        }
    }
    let all: u64 = paragraphs.iter().map(|q| q.end - q.start).sum();
    if all == 0 {
        0.0
    } else {
        total as f64 / all as f64
    }
}

/// ROC AUC of `positive` scores against `negative` ones: the probability
/// that a random positive scores above a random negative, ties counting
/// one half (the Mann–Whitney U statistic over the product of the sizes).
pub fn auc(positive: &[f64], negative: &[f64]) -> f64 {
    if positive.is_empty() || negative.is_empty() {
        return f64::NAN;
    }
    let mut u = 0.0;
    for &p in positive {
        for &n in negative {
            u += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    u / (positive.len() * negative.len()) as f64
}

/// The AUC of the reused categories against `non`, by `score`.
fn category_auc(answers: &[Answer], score: impl Fn(&Answer) -> f64) -> f64 {
    let (mut pos, mut neg) = (Vec::new(), Vec::new());
    for a in answers {
        if a.category == "non" {
            neg.push(score(a));
        } else {
            pos.push(score(a));
        }
    }
    auc(&pos, &neg)
}

/// Analyzes the given documents as one corpus.
fn analyze(docs: &[(&str, &[u8])], options: &Options) -> Report {
    let mut a = Analyzer::new(options.clone()).expect("options were validated");
    for (name, bytes) in docs {
        a.add_document(name, bytes);
    }
    a.finish().expect("an in-memory analysis cannot fail")
}

/// What links document `doc` to any other document in `report`: one line
/// per pair or passage, naming the other side.
fn links_of(report: &Report, doc: u32) -> Vec<String> {
    let name = |d: u32| report.documents[d as usize].name.as_str();
    let mut out = Vec::new();
    for p in &report.pairs {
        if p.a.doc == doc || p.b.doc == doc {
            let other = if p.a.doc == doc { p.b.doc } else { p.a.doc };
            out.push(format!(
                "paragraph pair with {} ({}, similarity {})",
                name(other),
                p.kind.as_str(),
                p.similarity
            ));
        }
    }
    for p in &report.passages {
        if p.a.doc == doc || p.b.doc == doc {
            let (me, other) = if p.a.doc == doc {
                (&p.a, &p.b)
            } else {
                (&p.b, &p.a)
            };
            out.push(format!(
                "passage with {} ({:?}, {} words, similarity {}): bytes {}..{} here, {}..{} there",
                name(other.doc),
                p.kind,
                p.words,
                p.similarity,
                me.start,
                me.end,
                other.start,
                other.end
            ));
        }
    }
    out
}

/// The `clough` subcommand.
pub fn run(args: &CloughArgs) -> Result<(), String> {
    let c = load_clough(&args.dir).ok_or_else(|| {
        format!(
            "no Clough–Stevenson corpus in {} (file_information.csv and orig_task[a-e].txt)",
            args.dir.display()
        )
    })?;
    println!(
        "paradup-bench clough ({}): {} answers; score = the answer's overlap share against its task's original",
        args.dir.display(),
        c.answers.len()
    );
    println!("options: {}", super::recall::describe(&args.options));
    let t0 = std::time::Instant::now();
    let whole = whole_corpus(&c, &args.options);
    let mut answers = Vec::with_capacity(c.answers.len());
    for (i, (name, task, category, bytes)) in c.answers.iter().enumerate() {
        let orig = original(&c, *task)?;
        let report = analyze(
            &[("orig", &c.originals[orig].1), (name, bytes)],
            &args.options,
        );
        answers.push(Answer {
            name,
            category,
            pairwise: share(&report, 1, 0),
            covered: covered_share(&report, 1, 0),
            whole: share(&whole, (c.originals.len() + i) as u32, orig as u32),
        });
    }
    let elapsed = t0.elapsed();
    if args.list {
        println!(
            "\n  {:<16} {:<6} {:>8} {:>8}",
            "answer", "class", "pairwise", "whole"
        );
        for a in &answers {
            println!(
                "  {:<16} {:<6} {:>8.4} {:>8.4}",
                a.name, a.category, a.pairwise, a.whole
            );
        }
    }
    println!(
        "\nROC AUC, reused (cut, light, heavy) against non (Mann–Whitney, ties 1/2):\n  each answer with its original: {:.4}\n  all files as one corpus:       {:.4}\n  (check: bytes covered by pairs and passages, pairwise: {:.4})",
        category_auc(&answers, |a| a.pairwise),
        category_auc(&answers, |a| a.whole),
        category_auc(&answers, |a| a.covered)
    );
    println!("\nrecall at the operating point \"any reuse of the original reported\" (score > 0):");
    println!(
        "  {:<6} {:>7} {:>10} {:>10} {:>12}",
        "class", "answers", "pairwise", "whole", "mean share"
    );
    for cat in ["cut", "light", "heavy", "non"] {
        let of: Vec<&Answer> = answers.iter().filter(|a| a.category == cat).collect();
        let hit = |f: &dyn Fn(&Answer) -> f64| of.iter().filter(|a| f(a) > 0.0).count();
        let mean = of.iter().map(|a| a.pairwise).sum::<f64>() / of.len().max(1) as f64;
        println!(
            "  {:<6} {:>7} {:>10} {:>10} {:>12.3}",
            cat,
            of.len(),
            format!("{}/{}", hit(&|a| a.pairwise), of.len()),
            format!("{}/{}", hit(&|a| a.whole), of.len()),
            mean
        );
    }
    println!(
        "\nwhole corpus: {} pairs, {} passages",
        whole.pairs.len(),
        whole.passages.len()
    );
    println!("non answers linked to anything (whole corpus; target: none):");
    let mut any = false;
    for (i, (name, _, category, _)) in c.answers.iter().enumerate() {
        if category != "non" {
            continue;
        }
        let links = links_of(&whole, (c.originals.len() + i) as u32);
        for l in &links {
            println!("  {name}: {l}");
        }
        any |= !links.is_empty();
    }
    if !any {
        println!("  none");
    }
    println!(
        "\ntime: {:.2} s ({} two-document analyses and one of {} files)",
        elapsed.as_secs_f64(),
        answers.len(),
        c.originals.len() + c.answers.len()
    );
    Ok(())
}

/// The index of task `task`'s original.
fn original(c: &Clough, task: char) -> Result<usize, String> {
    c.originals
        .iter()
        .position(|(t, _)| *t == task)
        .ok_or_else(|| format!("no original for task {task}"))
}

/// All originals, then all answers, as one corpus.
fn whole_corpus(c: &Clough, options: &Options) -> Report {
    let names: Vec<String> = c
        .originals
        .iter()
        .map(|(t, _)| format!("orig_task{t}.txt"))
        .collect();
    let mut docs: Vec<(&str, &[u8])> = names
        .iter()
        .zip(&c.originals)
        .map(|(n, (_, b))| (n.as_str(), b.as_slice()))
        .collect();
    docs.extend(
        c.answers
            .iter()
            .map(|(n, _, _, b)| (n.as_str(), b.as_slice())),
    );
    analyze(&docs, options)
}

#[cfg(test)]
mod tests {
    use super::auc;

    #[test]
    fn auc_counts_ties_as_one_half() {
        assert_eq!(auc(&[1.0, 2.0], &[0.0, 0.0]), 1.0);
        assert_eq!(auc(&[0.0], &[0.0, 1.0]), 0.25);
        assert_eq!(auc(&[0.0, 0.0], &[0.0]), 0.5);
        assert_eq!(auc(&[0.5, 0.1], &[0.3]), 0.5);
    }
}
