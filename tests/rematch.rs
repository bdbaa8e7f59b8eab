//! Re-matching a kept analysis (issue 11 items 4 and 5): after any
//! sequence of added files, removed files and changed thresholds,
//! `Analyzer::rematch` gives the report a fresh analysis of the same files
//! with the same options gives, byte for byte as JSON — passages,
//! templates (`--ignore`) and references (`--against`) included.

use paradup::{Analyzer, ErrorKind, Options, Role};
use proptest::prelude::*;

/// Paragraphs that match each other at various scores: a base, edits of
/// it (near at different resemblances), it glued into a longer one
/// (contained), a sentence of it inside other text (a passage only), and
/// unrelated text.
const POOL: &[&str] = &[
    "The harbour authority announced that the eastern breakwater will be rebuilt over two summers, starting in June after the sailing season.",
    "The harbour authority said that the eastern breakwater would be rebuilt over two summers, starting in June after the sailing season.",
    "The port authority announced on Monday that the old eastern breakwater will be partly rebuilt over three summers, starting next June.",
    "The harbour authority announced that the eastern breakwater will be rebuilt over two summers, starting in June after the sailing season. Fishermen asked for a temporary mooring in the meantime and were promised one by the end of May.",
    "Council minutes from the spring session record a long debate about parking fees near the market square and the loss of trade it caused.",
    "Council minutes from the spring session record a heated debate about parking fees near the market square, and the trade lost since.",
    "Our reporter spent a morning with the ferry crew, who start their first crossing well before the sun comes up over the hills to the east.",
    "A cold snap is expected at the weekend with frost on the high ground. Council minutes from the spring session record a long debate about parking fees near the market square and the loss of trade it caused, and the forecast adds gusty winds along the coast.",
    "Volunteers at the lending library sorted four thousand donated books into crates for the autumn sale in the village hall next month.",
    "Short line here.",
    "Readers wrote in about the new bus timetable, which leaves the hill villages without an evening service at all during the winter months.",
];

/// A file made of pool paragraphs `picks`; odd seeds give Markdown, so
/// an extracted format takes part too.
fn file(n: usize, picks: &[usize]) -> (String, Vec<u8>) {
    let text: Vec<&str> = picks.iter().map(|&p| POOL[p % POOL.len()]).collect();
    if n % 3 == 1 {
        let md = format!("# Note {n}\n\n{}\n", text.join("\n\n"));
        return (format!("f{n}.md"), md.into_bytes());
    }
    (format!("f{n}.txt"), text.join("\n\n").into_bytes())
}

/// The threshold grid the operations pick from.
fn options(t: (usize, usize, usize)) -> Options {
    Options {
        near_threshold: [0.3, 0.5, 0.7, 0.9][t.0 % 4],
        contained_threshold: [0.5, 0.8, 0.95][t.1 % 3],
        min_passage_words: [5, 10, 15, 30][t.2 % 4],
        ..Options::default()
    }
}

/// How the files are checked.
#[derive(Debug, Clone, Copy)]
enum Mode {
    Plain,
    /// The first pool paragraph is a template (`--ignore`).
    Template,
    /// The first `n` files are references (`--against`), with `within`.
    Against(usize, bool),
}

#[derive(Debug, Clone)]
enum Op {
    Add(Vec<usize>),
    Remove(usize),
    Thresholds(usize, usize, usize),
}

fn template() -> (String, Vec<u8>) {
    ("template.txt".to_owned(), POOL[4].as_bytes().to_vec())
}

/// A fresh analysis of `files` (reference files first) with `options`.
fn fresh(mode: Mode, files: &[(String, Vec<u8>)], options: &Options) -> String {
    let mut a = Analyzer::new(options.clone()).unwrap();
    start(&mut a, mode, files);
    serde_json::to_string(&a.finish().unwrap()).unwrap()
}

/// Adds the templates, then the files (the references first, with their
/// role) to `a`; returns, per file, the documents and skips it gave.
fn start(a: &mut Analyzer, mode: Mode, files: &[(String, Vec<u8>)]) -> Vec<(usize, usize)> {
    if let Mode::Template = mode {
        let (name, bytes) = template();
        a.add_template(&name, &bytes).unwrap();
    }
    let mut out = Vec::new();
    for (i, (name, bytes)) in files.iter().enumerate() {
        if let Mode::Against(refs, within) = mode {
            if i == 0 {
                a.set_role(if refs > 0 { Role::Reference } else { Role::New })
                    .unwrap();
            }
            if i == refs {
                a.set_role(Role::New).unwrap();
                a.set_within(within);
            }
        }
        let added = a.add_file(name, bytes);
        out.push((added.documents.len(), added.skipped.len()));
    }
    out
}

/// Runs `ops` on a kept analysis of `initial` and checks every re-match
/// against a fresh analysis of the same files.
fn check(mode: Mode, initial: &[Vec<usize>], ops: &[Op]) -> Result<(), TestCaseError> {
    check_with(mode, true, initial, ops)
}

/// [`check`], with passages on or off.
fn check_with(
    mode: Mode,
    passages: bool,
    initial: &[Vec<usize>],
    ops: &[Op],
) -> Result<(), TestCaseError> {
    let mut n = 0;
    let mut files: Vec<(String, Vec<u8>)> = initial
        .iter()
        .map(|p| {
            n += 1;
            file(n, p)
        })
        .collect();
    let mut opts = Options {
        passages,
        ..Options::default()
    };
    let mut a = Analyzer::keeping(opts.clone()).unwrap();
    let mut gave = start(&mut a, mode, &files);
    // The references stay first: removing one shrinks their count.
    let mut refs = match mode {
        Mode::Against(r, _) => r.min(files.len()),
        _ => 0,
    };
    let skips_before = a.skipped_list().len() - gave.iter().map(|g| g.1).sum::<usize>();
    for op in ops {
        match op {
            Op::Add(picks) => {
                if matches!(mode, Mode::Against(..)) && refs == files.len() {
                    // The first new document: the role changes now.
                    a.set_role(Role::New).unwrap();
                    if let Mode::Against(_, within) = mode {
                        a.set_within(within);
                    }
                }
                n += 1;
                let f = file(n, picks);
                let added = a.add_file(&f.0, &f.1);
                gave.push((added.documents.len(), added.skipped.len()));
                files.push(f);
            }
            Op::Remove(i) => {
                if files.is_empty() {
                    continue;
                }
                let i = i % files.len();
                let docs: usize = gave[..i].iter().map(|g| g.0).sum();
                let skips: usize = skips_before + gave[..i].iter().map(|g| g.1).sum::<usize>();
                for d in (docs..docs + gave[i].0).rev() {
                    a.remove_document(d).unwrap();
                }
                for s in (skips..skips + gave[i].1).rev() {
                    prop_assert!(a.remove_skipped(s));
                }
                gave.remove(i);
                files.remove(i);
                if i < refs {
                    refs -= 1;
                }
            }
            Op::Thresholds(x, y, z) => {
                opts = Options {
                    passages,
                    ..options((*x, *y, *z))
                }
            }
        }
        let mode_now = match mode {
            Mode::Against(_, within) => Mode::Against(refs, within),
            m => m,
        };
        let kept = serde_json::to_string(&a.rematch(&opts, &mut |_| {}).unwrap()).unwrap();
        prop_assert_eq!(kept, fresh(mode_now, &files, &opts), "after {:?}", op);
    }
    Ok(())
}

fn picks() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..POOL.len(), 1..4)
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        picks().prop_map(Op::Add),
        (0..8usize).prop_map(Op::Remove),
        (0..4usize, 0..3usize, 0..4usize).prop_map(|(x, y, z)| Op::Thresholds(x, y, z)),
    ];
    prop::collection::vec(op, 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_rematch_is_a_fresh_analysis(
        initial in prop::collection::vec(picks(), 0..5),
        ops in ops(),
    ) {
        check(Mode::Plain, &initial, &ops)?;
    }

    #[test]
    fn a_rematch_without_passages_is_a_fresh_analysis(
        initial in prop::collection::vec(picks(), 0..7),
        ops in ops(),
    ) {
        check_with(Mode::Plain, false, &initial, &ops)?;
    }

    #[test]
    fn a_rematch_with_a_template_is_a_fresh_analysis(
        initial in prop::collection::vec(picks(), 1..4),
        ops in ops(),
    ) {
        check(Mode::Template, &initial, &ops)?;
    }

    #[test]
    fn a_rematch_against_references_is_a_fresh_analysis(
        initial in prop::collection::vec(picks(), 1..5),
        refs in 0..3usize,
        within: bool,
        ops in ops(),
    ) {
        check(Mode::Against(refs, within), &initial, &ops)?;
    }
}

/// The cases above hit every kind of match; this one pins that a
/// threshold change really changes the report, so the comparisons are
/// not of empty reports.
#[test]
fn thresholds_change_the_report_without_reading_again() {
    let mut a = Analyzer::keeping(Options::default()).unwrap();
    for (i, picks) in [[0, 4, 6], [1, 5, 8], [2, 7, 10]].iter().enumerate() {
        let (name, bytes) = file(i * 3, picks);
        a.add_file(&name, &bytes);
    }
    let loose = a.rematch(&options((0, 0, 0)), &mut |_| {}).unwrap();
    let strict = a.rematch(&options((3, 2, 3)), &mut |_| {}).unwrap();
    assert!(
        loose.pairs.len() > strict.pairs.len(),
        "{} vs {}",
        loose.pairs.len(),
        strict.pairs.len()
    );
    // A sentence of 24 words reused inside another paragraph: a passage
    // at a minimum of 15 words, none at 30.
    let mut b = Analyzer::keeping(Options::default()).unwrap();
    b.add_document(
        "minutes.txt",
        format!("{}\n\n{}", POOL[8], POOL[4]).as_bytes(),
    );
    b.add_document("weather.txt", POOL[7].as_bytes());
    let at = |min_passage_words| Options {
        min_passage_words,
        ..Options::default()
    };
    let short = b.rematch(&at(15), &mut |_| {}).unwrap();
    let long = b.rematch(&at(30), &mut |_| {}).unwrap();
    assert_eq!((short.passages.len(), long.passages.len()), (1, 0));
    // The analyzer is still usable after re-matches, and finish gives the
    // report of the options it was made with (here the defaults).
    let default = a.rematch(&Options::default(), &mut |_| {}).unwrap();
    assert_eq!(default, a.finish().unwrap());
}

#[test]
fn options_that_prepare_differently_are_refused() {
    let mut a = Analyzer::keeping(Options::default()).unwrap();
    a.add_document("a.txt", POOL[0].as_bytes());
    let other = Options {
        min_words: 3,
        ..Options::default()
    };
    assert!(!a.can_rematch(&other));
    let e = a.rematch(&other, &mut |_| {}).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::CannotRematch { .. }), "{e}");
    assert!(e.to_string().contains("min_words"), "{e}");
    let e = a.remove_document(3).unwrap_err();
    assert!(e.to_string().contains("no document 3"), "{e}");
    // An analyzer that keeps nothing cannot re-match.
    let mut plain = Analyzer::new(Options::default()).unwrap();
    assert!(!plain.can_rematch(&Options::default()));
    assert!(plain.rematch(&Options::default(), &mut |_| {}).is_err());
}

/// The explorer's scores are the report's: at any thresholds above the
/// floor, the candidates that reach one of them are exactly the report's
/// pairs that are not exact repeats, with the same scores.
#[test]
fn candidate_scores_are_the_scores_the_report_cuts() {
    let mut a = Analyzer::keeping(Options::default()).unwrap();
    for (i, picks) in [[0, 4, 6], [1, 5, 8], [2, 7, 10], [3, 0, 9]]
        .iter()
        .enumerate()
    {
        let (name, bytes) = file(i * 3, picks);
        a.add_file(&name, &bytes);
    }
    let scores = a.candidate_scores(0.1).unwrap();
    assert!(scores
        .iter()
        .all(|c| c.similarity >= 0.1 || c.containment >= 0.1));
    let mut seen_below = false;
    for t in [(0, 0, 0), (1, 1, 0), (2, 1, 0), (3, 2, 0)] {
        let o = options(t);
        let report = a.rematch(&o, &mut |_| {}).unwrap();
        let mut expected: Vec<_> = report
            .pairs
            .iter()
            .filter(|p| p.kind != paradup::Kind::Exact)
            .map(|p| (p.a, p.b, p.similarity, p.containment))
            .collect();
        let mut cut: Vec<_> = scores
            .iter()
            .filter(|c| c.similarity >= o.near_threshold || c.containment >= o.contained_threshold)
            .map(|c| (c.a, c.b, c.similarity, c.containment))
            .collect();
        seen_below |= cut.len() < scores.len();
        expected.sort_by_key(|x| (x.0, x.1));
        cut.sort_by_key(|x| (x.0, x.1));
        assert_eq!(cut, expected, "at {o:?}");
    }
    assert!(seen_below, "some candidates fall under the cut");
    assert!(a.candidate_scores(0.0).is_err());
}

/// A fresh keeping analyzer's report on `refs` (as references) and `news`
/// with `within`, for comparison.
fn fresh_against(refs: &[(String, Vec<u8>)], news: &[(String, Vec<u8>)], within: bool) -> String {
    let mut a = Analyzer::keeping(Options::default()).unwrap();
    a.set_role(Role::Reference).unwrap();
    for (n, b) in refs {
        a.add_file(n, b);
    }
    a.set_role(Role::New).unwrap();
    a.set_within(within);
    for (n, b) in news {
        a.add_file(n, b);
    }
    serde_json::to_string(&a.rematch(&Options::default(), &mut |_| {}).unwrap()).unwrap()
}

/// Passages kept from a re-match are not reused once `within` changes
/// which document pairs are aligned: the two new documents share a
/// passage that only `within` reports.
#[test]
fn changing_within_aligns_the_new_pairs() {
    let refs = vec![file(0, &[0, 4])];
    let news = vec![file(3, &[7, 6]), file(6, &[10, 7])];
    let mut a = Analyzer::keeping(Options::default()).unwrap();
    a.set_role(Role::Reference).unwrap();
    for (n, b) in &refs {
        a.add_file(n, b);
    }
    a.set_role(Role::New).unwrap();
    for (n, b) in &news {
        a.add_file(n, b);
    }
    let o = Options::default();
    let without = serde_json::to_string(&a.rematch(&o, &mut |_| {}).unwrap()).unwrap();
    assert_eq!(without, fresh_against(&refs, &news, false));
    a.set_within(true);
    let with = serde_json::to_string(&a.rematch(&o, &mut |_| {}).unwrap()).unwrap();
    assert_ne!(with, without, "within reports the drafts' shared text");
    assert_eq!(with, fresh_against(&refs, &news, true));
}

/// With a template, the explorer's scores keep the paragraphs the report
/// keeps: a paragraph sharing a little wording with the template is not
/// set aside as template text just because the scores go down to 0.1.
#[test]
fn candidate_scores_match_templates_at_the_reports_thresholds() {
    let template = "Submissions must reach the editor by noon on Friday, typed, with the author's name and telephone number on the first page.";
    // Shares "the author's name and telephone number" with the template:
    // far under its thresholds, over 0.1 of the paragraph's shingles.
    let own = "The panel will read every entry twice and will check the author's name and telephone number before the winners are told in March.";
    let edited = "The panel will read each entry twice and will check the author's name and telephone number before the winners are told in April.";
    let mut a = Analyzer::keeping(Options::default()).unwrap();
    a.add_template("template.txt", template.as_bytes()).unwrap();
    a.add_file("one.txt", own.as_bytes());
    a.add_file("two.txt", edited.as_bytes());
    let report = a.rematch(&Options::default(), &mut |_| {}).unwrap();
    assert!(report.ignored.is_empty(), "{:?}", report.ignored);
    assert_eq!(report.pairs.len(), 1);
    let scores = a.candidate_scores(0.1).unwrap();
    assert_eq!(scores.len(), 1, "{scores:?}");
    assert_eq!((scores[0].a.doc, scores[0].b.doc), (0, 1));
}

/// A paragraph right before a longer one holding most of it (a headline
/// over its lead) is left out when it counts as contained, but at a high
/// contained threshold it is a near copy: the explorer's scores, made at
/// the floor where everything counts as contained, still hold it.
#[test]
fn a_pair_the_report_finds_near_is_among_the_scores_even_when_it_heads() {
    // 12 words, then 11 of them with a 12th changed and 4 more: the
    // later is much longer, shares most of the first, but not all.
    let head = "Storm damage closed the coastal road between the two harbour villages yesterday";
    let lead = "Storm damage closed the coastal road between the two harbour villages on Monday for three days";
    let text = format!("{head}.\n\n{lead}.\n");
    let o = Options {
        near_threshold: 0.3,
        contained_threshold: 0.95,
        ..Options::default()
    };
    let mut a = Analyzer::keeping(o.clone()).unwrap();
    a.add_file("one.txt", text.as_bytes());
    let report = a.rematch(&o, &mut |_| {}).unwrap();
    let scores = a.candidate_scores(0.1).unwrap();
    for p in report
        .pairs
        .iter()
        .filter(|p| p.kind != paradup::Kind::Exact)
    {
        assert!(
            scores.iter().any(|c| (c.a, c.b) == (p.a, p.b)),
            "{p:?} not among {scores:?}"
        );
    }
    assert!(
        !report.pairs.is_empty(),
        "the report has the pair: {scores:?}"
    );
}

/// A re-match keeps the passages of document pairs aligned before, but
/// not of a pair whose shared grams changed: here a passage the first two
/// documents share comes to be in more documents than anchor a pair, so a
/// fresh analysis no longer finds it in that pair, and neither does the
/// re-match.
#[test]
fn a_pair_sharing_other_grams_after_an_addition_is_aligned_again() {
    // Words of document `n` alone, enough to keep two passages of one
    // document more than an alignment window apart.
    let own = |n: usize| -> String {
        (0..260)
            .map(|i| format!("w{n}q{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = "The night shift at the bakery starts at two, when the ovens are lit and the first rye loaves are shaped by hand.";
    let second = "Cyclists crossing the old stone bridge were asked to dismount while masons repointed the parapet on the upstream side.";
    let doc = |n: usize, passages: &[&str]| {
        let body = passages.join(&format!("\n\n{}\n\n", own(n)));
        (format!("d{n}.txt"), format!("{body}\n").into_bytes())
    };
    let mut files = vec![doc(0, &[first, second]), doc(1, &[first, second])];
    let o = Options::default();
    let mut a = Analyzer::keeping(o.clone()).unwrap();
    for (n, b) in &files {
        a.add_file(n, b);
    }
    let before = a.rematch(&o, &mut |_| {}).unwrap();
    assert_eq!(before.passages.len(), 2, "both passages in the pair");
    // 32 more documents with the second passage: its grams are then in 34
    // documents, too many to anchor any pair.
    for n in 2..34 {
        let f = doc(n, &[second]);
        a.add_file(&f.0, &f.1);
        files.push(f);
    }
    let after = a.rematch(&o, &mut |_| {}).unwrap();
    let pair = |r: &paradup::Report| {
        r.passages
            .iter()
            .filter(|p| (p.a.doc, p.b.doc) == (0, 1))
            .count()
    };
    assert_eq!(
        pair(&after),
        1,
        "the second passage no longer anchors the pair"
    );
    assert_eq!(
        serde_json::to_string(&after).unwrap(),
        fresh(Mode::Plain, &files, &o)
    );
}

/// Document `n` of many sharing a phrase (two paragraphs); from `d050`
/// on they share a second phrase too.
fn phrase_doc(n: usize) -> (String, Vec<u8>) {
    let late = if n >= 50 {
        " The tug skipper logged the tide at the north pier gate."
    } else {
        ""
    };
    let text = format!(
        "Item {n}: crews q{n} and r{n} met at the ferry terminal before dawn on the day of the count.{late}\n\n\
         Volunteers x{n} and y{n} sorted crates {n} for the autumn sale in hall z{n}.\n"
    );
    (format!("d{n:03}.txt"), text.into_bytes())
}

/// Appending documents one at a time to many that share a phrase: the
/// phrase's fingerprints come to be in more than 64 paragraphs, so each
/// paragraph with it is paired with fewer earlier ones (the candidate
/// search's budget per fingerprint), and paragraphs before the new ones
/// get other candidates. Each re-match, which searches and scores again
/// only what the appended documents change, is still a fresh analysis.
#[test]
fn appending_to_a_phrase_many_paragraphs_share_is_a_fresh_analysis() {
    // From d050 on, the paragraphs share a second phrase too: the later
    // ones rank those earlier ones first among their candidates, until
    // the first phrase pairs them with fewer earlier paragraphs.
    let o = Options {
        passages: false,
        ..Options::default()
    };
    let mut a = Analyzer::keeping(o.clone()).unwrap();
    let mut files: Vec<(String, Vec<u8>)> = (0..60).map(phrase_doc).collect();
    for (n, b) in &files {
        a.add_file(n, b);
    }
    a.rematch(&o, &mut |_| {}).unwrap();
    for n in 60..72 {
        let f = phrase_doc(n);
        a.add_file(&f.0, &f.1);
        files.push(f);
        let kept = serde_json::to_string(&a.rematch(&o, &mut |_| {}).unwrap()).unwrap();
        assert_eq!(kept, fresh(Mode::Plain, &files, &o), "after adding d{n}");
    }
    let report = a.rematch(&o, &mut |_| {}).unwrap();
    assert!(report.pairs.len() > 100, "{}", report.pairs.len());
}

/// A kept analysis of `files` with `o`, matched once, then each removal
/// of `removals` (an index into the files left) followed by a re-match:
/// every report is a fresh analysis of the files left.
fn remove_in_turn(files: &[(String, Vec<u8>)], o: &Options, removals: &[usize]) {
    let mut a = Analyzer::keeping(o.clone()).unwrap();
    let mut left = files.to_vec();
    let mut docs = Vec::new();
    for (n, b) in &left {
        docs.push(a.add_file(n, b).documents.len());
    }
    a.rematch(o, &mut |_| {}).unwrap();
    for &i in removals {
        let first: usize = docs[..i].iter().sum();
        for d in (first..first + docs[i]).rev() {
            a.remove_document(d).unwrap();
        }
        docs.remove(i);
        let name = left.remove(i).0;
        let kept = serde_json::to_string(&a.rematch(o, &mut |_| {}).unwrap()).unwrap();
        assert_eq!(
            kept,
            fresh(Mode::Plain, &left, o),
            "after removing {name}, passages {}",
            o.passages
        );
    }
}

/// Removing the first, a middle or the last file, one after the other,
/// with passages on and off: files whose paragraphs repeat, edit and
/// contain each other's, so a removal takes first occurrences away (their
/// classes then start in a later file) as well as whole classes.
#[test]
fn removing_the_first_a_middle_or_the_last_file_is_a_fresh_analysis() {
    let picks: [&[usize]; 7] = [
        &[0, 4, 6],
        &[1, 5, 0],
        &[2, 7, 10],
        &[3, 0, 9],
        &[4, 8, 1],
        &[6, 0, 5],
        &[10, 2, 3],
    ];
    let files: Vec<_> = picks.iter().enumerate().map(|(n, p)| file(n, p)).collect();
    for passages in [true, false] {
        let o = Options {
            passages,
            ..Options::default()
        };
        remove_in_turn(&files, &o, &[0, 0, 0]);
        remove_in_turn(&files, &o, &[3, 2, 2]);
        remove_in_turn(&files, &o, &[6, 5, 4]);
    }
}

/// Adding then removing, with a re-match after each, passages on and
/// off: the removal goes on from a search that was itself an append.
#[test]
fn adding_then_removing_is_a_fresh_analysis() {
    for passages in [true, false] {
        for ops in [
            vec![Op::Add(vec![0, 5]), Op::Remove(0)],
            vec![
                Op::Add(vec![2, 4]),
                Op::Remove(4),
                Op::Add(vec![1, 7]),
                Op::Remove(1),
            ],
            vec![
                Op::Add(vec![3]),
                Op::Add(vec![0, 6]),
                Op::Remove(5),
                Op::Remove(2),
            ],
            vec![Op::Remove(1), Op::Add(vec![1, 4]), Op::Remove(3)],
        ] {
            let initial = vec![vec![0, 4, 6], vec![1, 5], vec![2, 0, 9], vec![6, 8]];
            check_with(Mode::Plain, passages, &initial, &ops).unwrap();
        }
    }
}

/// Removing documents one at a time from many that share a phrase: the
/// phrase's run of classes shrinks under 64, so each paragraph with it is
/// paired with more earlier ones (the candidate search's budget per
/// fingerprint) and paragraphs far from the removed ones get other
/// candidates. Each re-match is still a fresh analysis.
#[test]
fn removing_from_a_phrase_many_paragraphs_share_is_a_fresh_analysis() {
    let o = Options {
        passages: false,
        ..Options::default()
    };
    let files: Vec<(String, Vec<u8>)> = (0..72).map(phrase_doc).collect();
    remove_in_turn(&files, &o, &[0, 30, 69, 0, 1, 40, 2, 50, 3, 4]);
}
