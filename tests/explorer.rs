//! The threshold explorer's counts (issue 11 item 4): at every cut of the
//! near threshold, the contained threshold, the minimum passage words
//! (1 to 60) and a few passage similarities,
//! `Explorer::counts` gives exactly the pairs, clusters and passages of a
//! fresh analysis's summary with those options — with templates and
//! references too — and takes them from the pairs it keeps (no matching
//! again) wherever that is exact.

mod common;

use common::word;
use paradup::{Analyzer, Explorer, Options, Role};

/// `len` words of text number `t`, ending in a full stop.
fn base(t: usize, len: usize) -> Vec<String> {
    (0..len).map(|i| word(t * 1000 + i)).collect()
}

fn sentence(words: &[String]) -> String {
    format!("{}.", words.join(" "))
}

/// `words` with every `step`-th word replaced (a near copy whose
/// resemblance falls as `step` does).
fn edited(words: &[String], step: usize, salt: usize) -> Vec<String> {
    let mut out = words.to_vec();
    for (i, w) in out.iter_mut().enumerate() {
        if i % step == step / 2 {
            *w = word(90_000 + salt * 100 + i);
        }
    }
    out
}

/// Files whose paragraphs match at many scores: exact copies, near edits
/// of graded strength, paragraphs glued into longer ones (contained) or
/// partly kept, a headline over its own lead, and long runs of text
/// shared across paragraph boundaries (passages only).
fn files() -> Vec<(String, Vec<u8>)> {
    let b: Vec<Vec<String>> = (0..8).map(|t| base(t, 36)).collect();
    let story: Vec<String> = base(20, 90);
    let mut docs: Vec<Vec<String>> = Vec::new();
    // d0: the originals.
    docs.push(vec![
        sentence(&b[0]),
        sentence(&b[1]),
        sentence(&b[2]),
        sentence(&b[3]),
        sentence(&story[..30]),
        sentence(&story[30..60]),
        sentence(&story[60..]),
    ]);
    // d1: an exact copy, near edits of graded strength, a glued copy.
    docs.push(vec![
        sentence(&b[0]),
        sentence(&edited(&b[1], 9, 1)),
        sentence(&edited(&b[2], 5, 2)),
        sentence(&[b[3].clone(), base(30, 14)].concat()),
        sentence(&base(31, 30)),
    ]);
    // d2: more edits, a partial copy, a headline over its lead, and the
    // story again with its paragraphs cut elsewhere and a few words changed.
    let mut told = story.clone();
    told[44] = word(77_001);
    told[71] = word(77_002);
    docs.push(vec![
        sentence(&edited(&b[1], 4, 3)),
        sentence(&edited(&b[2], 3, 4)),
        sentence(&[b[0][..24].to_vec(), base(32, 20)].concat()),
        sentence(&b[4][..12]),
        sentence(&b[4]),
        sentence(&told[..45]),
        sentence(&told[45..]),
        sentence(&b[0]),
    ]);
    // d3: a near copy of a near copy, a contained one well below the
    // glue ratio, the story's middle inside other text, and more copies.
    docs.push(vec![
        sentence(&edited(&edited(&b[1], 9, 1), 6, 5)),
        sentence(&[b[5].clone(), b[2][..20].to_vec()].concat()),
        sentence(&[base(33, 15), story[20..70].to_vec(), base(34, 10)].concat()),
        sentence(&edited(&b[3], 7, 6)),
        sentence(&b[4]),
        sentence(&edited(&b[6], 2, 7)),
    ]);
    // d4: reuse among the later files, and within itself.
    docs.push(vec![
        sentence(&b[6]),
        sentence(&edited(&b[6], 8, 8)),
        sentence(&edited(&b[5], 3, 9)),
        sentence(&[b[7].clone(), base(35, 40)].concat()),
        sentence(&b[7]),
        sentence(&edited(&b[0], 12, 10)),
    ]);
    docs.into_iter()
        .enumerate()
        .map(|(i, paras)| (format!("d{i}.txt"), paras.join("\n\n").into_bytes()))
        .collect()
}

/// How the files are checked.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Plain,
    /// A template (`--ignore`) holds an edit of one original.
    Template,
    /// The first two files are references (`--against`), with `within`.
    Against,
}

fn template() -> Vec<u8> {
    sentence(&edited(&base(2, 36), 6, 11)).into_bytes()
}

/// Adds the template or the roles, then the files, to `a`.
fn start(a: &mut Analyzer, mode: Mode, files: &[(String, Vec<u8>)]) {
    if mode == Mode::Template {
        a.add_template("template.txt", &template()).unwrap();
    }
    for (i, (name, bytes)) in files.iter().enumerate() {
        if mode == Mode::Against && i == 0 {
            a.set_role(Role::Reference).unwrap();
        }
        if mode == Mode::Against && i == 2 {
            a.set_role(Role::New).unwrap();
            a.set_within(true);
        }
        a.add_file(name, bytes);
    }
}

/// A fresh analysis's (pairs, clusters, passages) and passage words.
fn fresh(mode: Mode, files: &[(String, Vec<u8>)], o: &Options) -> ((u64, u64, u64), Vec<u64>) {
    let mut a = Analyzer::new(o.clone()).unwrap();
    start(&mut a, mode, files);
    let r = a.finish().unwrap();
    let s = r.summary;
    let words = r.passages.iter().map(|p| p.words).collect();
    ((s.pairs, s.clusters, s.passages), words)
}

/// The explorer's counts at `o` against a fresh analysis's; returns
/// whether the paragraphs were matched again and the counts.
fn check(a: &Analyzer, e: &Explorer, mode: Mode, o: &Options) -> (bool, (u64, u64, u64)) {
    let p = e.counts(a, o).unwrap();
    let got = (p.pairs, p.clusters, p.passages);
    let (want, words) = fresh(mode, &files(), o);
    assert_eq!(got, want, "{mode:?} at {o:?}");
    assert_eq!(p.passage_words, words, "{mode:?} at {o:?}");
    (p.matched_again, got)
}

const CUTS: &[f64] = &[
    0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0,
];

fn explore(mode: Mode) {
    let files = files();
    let shown = Options::default();
    let mut a = Analyzer::keeping(shown.clone()).unwrap();
    start(&mut a, mode, &files);
    let report = a.rematch(&shown, &mut |_| {}).unwrap();
    assert!(report.summary.passages > 0, "the fixture has passages");
    assert!(
        report.pairs.iter().any(|p| p.kind == paradup::Kind::Exact)
            && report.pairs.iter().any(|p| p.kind == paradup::Kind::Near)
            && report
                .pairs
                .iter()
                .any(|p| p.kind == paradup::Kind::Contained),
        "exact, near and contained pairs"
    );
    let e = a.explorer(0.1).unwrap();
    let mut seen = Vec::new();
    for &cut in CUTS {
        for o in [
            Options {
                near_threshold: cut,
                ..shown.clone()
            },
            Options {
                contained_threshold: cut,
                ..shown.clone()
            },
        ] {
            let (matched_again, counts) = check(&a, &e, mode, &o);
            // Matched again only where the kept pairs cannot say: with
            // templates, which match at the paragraph thresholds.
            let moved = o.near_threshold != shown.near_threshold
                || o.contained_threshold != shown.contained_threshold;
            assert_eq!(matched_again, mode == Mode::Template && moved, "{o:?}");
            seen.push(counts);
        }
    }
    // Every minimum length from 1 to 60, and other similarities: from the
    // pieces the re-match kept, nothing aligned again.
    let passage_options = (1..=60)
        .map(|min| Options {
            min_passage_words: min,
            ..shown.clone()
        })
        .chain([0.3, 0.7, 0.9].map(|similarity| Options {
            passage_similarity: similarity,
            ..shown.clone()
        }));
    for o in passage_options {
        assert!(!check(&a, &e, mode, &o).0);
        let p = e.counts(&a, &o).unwrap();
        assert!(!p.aligned_again, "{o:?}");
        seen.push((p.pairs, p.clusters, p.passages));
    }
    // Under the floor: matched again, still exact.
    let low = Options {
        near_threshold: 0.05,
        ..shown.clone()
    };
    assert!(check(&a, &e, mode, &low).0);
    // The cuts move every count.
    for (i, what, least) in [(0, "pairs", 5), (1, "clusters", 2), (2, "passages", 3)] {
        let get = |c: &(u64, u64, u64)| [c.0, c.1, c.2][i];
        let mut values: Vec<u64> = seen.iter().map(get).collect();
        values.sort_unstable();
        values.dedup();
        eprintln!("{mode:?}: {what} take {values:?}");
        assert!(values.len() >= least, "{mode:?}: {what} take {values:?}");
    }
    // Nothing the analyzer keeps changed: the next re-match is the same.
    assert!(e.fits(&a));
    assert_eq!(a.rematch(&shown, &mut |_| {}).unwrap(), report);
}

#[test]
fn the_explorers_counts_are_a_fresh_analysis_summary_at_every_cut() {
    explore(Mode::Plain);
}

#[test]
fn the_explorers_counts_are_exact_with_templates() {
    explore(Mode::Template);
}

#[test]
fn the_explorers_counts_are_exact_against_references() {
    explore(Mode::Against);
}

/// Explored at other shown thresholds (a re-match not at the defaults):
/// the counts still match, and an explorer made before a change of the
/// analysis no longer fits it.
#[test]
fn the_explorer_follows_the_report_on_show() {
    let files = files();
    let shown = Options {
        near_threshold: 0.7,
        contained_threshold: 0.6,
        min_passage_words: 10,
        ..Options::default()
    };
    let mut a = Analyzer::keeping(Options::default()).unwrap();
    start(&mut a, Mode::Plain, &files);
    a.rematch(&shown, &mut |_| {}).unwrap();
    let e = a.explorer(0.2).unwrap();
    for &cut in CUTS {
        let o = Options {
            near_threshold: cut,
            ..shown.clone()
        };
        let p = e.counts(&a, &o).unwrap();
        assert_eq!(p.matched_again, cut < 0.2);
        let (want, _) = fresh(Mode::Plain, &files, &o);
        assert_eq!((p.pairs, p.clusters, p.passages), want, "at {o:?}");
    }
    a.rematch(&Options::default(), &mut |_| {}).unwrap();
    assert!(!e.fits(&a), "another report is on show");
    assert!(e.counts(&a, &shown).is_err());
    let e = a.explorer(0.2).unwrap();
    a.add_document(
        "late.txt",
        b"A late file with a paragraph of its own to add.\n",
    );
    assert!(!e.fits(&a), "a document was added");
}

/// The first passage in the report's order among those whose `words`
/// `better` prefers to every other's.
fn pick(
    passages: Vec<paradup::Passage>,
    better: impl Fn(u64, u64) -> bool,
) -> Option<paradup::Passage> {
    let mut best: Option<paradup::Passage> = None;
    for p in passages {
        if best.as_ref().is_none_or(|b| better(p.words, b.words)) {
            best = Some(p);
        }
    }
    best
}

#[test]
fn the_explorers_length_examples_are_a_fresh_analysis_passages_either_side_of_the_cut() {
    let files = files();
    let shown = Options::default();
    let mut a = Analyzer::keeping(shown.clone()).unwrap();
    start(&mut a, Mode::Plain, &files);
    a.rematch(&shown, &mut |_| {}).unwrap();
    let e = a.explorer(0.1).unwrap();
    let passages = |o: &Options| {
        let mut f = Analyzer::new(o.clone()).unwrap();
        start(&mut f, Mode::Plain, &files);
        f.finish().unwrap().passages
    };
    let loosest = passages(&Options {
        min_passage_words: 1,
        ..shown.clone()
    });
    let (mut above_seen, mut below_seen) = (0, 0);
    for cut in [1, 5, 10, 15, 20, 30, 45, 60, 200] {
        let o = Options {
            min_passage_words: cut,
            ..shown.clone()
        };
        let [above, below] = e.length_examples(&a, &o).unwrap();
        let want_above = pick(passages(&o), |w, best| w < best);
        let want_below = pick(
            loosest
                .iter()
                .filter(|p| p.words < cut as u64)
                .cloned()
                .collect(),
            |w, best| w > best,
        );
        assert_eq!(above, want_above, "just above {cut}");
        assert_eq!(below, want_below, "just below {cut}");
        if let Some(p) = &above {
            assert!(p.words >= cut as u64);
            above_seen += 1;
        }
        if let Some(p) = &below {
            assert!(p.words < cut as u64);
            below_seen += 1;
        }
    }
    // The fixture has passages on both sides of most cuts, and none of
    // 200 words or more.
    assert!(
        above_seen >= 6 && below_seen >= 6,
        "{above_seen} {below_seen}"
    );
    let far = Options {
        min_passage_words: 200,
        ..shown.clone()
    };
    assert!(e.length_examples(&a, &far).unwrap()[0].is_none());
}
