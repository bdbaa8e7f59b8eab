//! The news texts the project was founded on (`../shared/seeds/`): the
//! republished story must be found paragraph by paragraph, and paragraphs
//! that merely cover the same events must not.

mod common;

use common::{paragraphs, shared_files, text};
use paradup::{analyze, Kind, Loc, Options, Report};

/// The seed files, `(name, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

/// The seeds and their report; `None` (the test skipped) without `../shared`.
fn seeds() -> Option<(Files, Report)> {
    let files = shared_files("seeds", "txt")?;
    assert_eq!(files.len(), 5, "five seed files");
    let report = analyze(&files, Options::default()).expect("valid options");
    Some((files, report))
}

fn doc_index(files: &[(String, Vec<u8>)], prefix: &str) -> u32 {
    files
        .iter()
        .position(|(n, _)| n.starts_with(prefix))
        .expect("seed present") as u32
}

fn find(report: &Report, files: &[(String, Vec<u8>)], doc: u32, starts: &str) -> Loc {
    let hits: Vec<Loc> = paragraphs(report, files, doc)
        .into_iter()
        .filter(|(_, t)| t.starts_with(starts))
        .map(|(l, _)| l)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "exactly one paragraph starts with {starts:?}"
    );
    hits[0]
}

fn pair(report: &Report, x: Loc, y: Loc) -> Option<&paradup::Pair> {
    report
        .pairs
        .iter()
        .find(|p| (p.a == x && p.b == y) || (p.a == y && p.b == x))
}

#[test]
fn republished_story_is_found_paragraph_by_paragraph() {
    let Some((files, report)) = seeds() else {
        return;
    };
    let (d000, d002) = (doc_index(&files, "000_"), doc_index(&files, "002_"));
    let start = find(
        &report,
        &files,
        d000,
        "(NEW YORK) — Elon Musk, the tech billionaire",
    );
    let article: Vec<Loc> = paragraphs(&report, &files, d000)
        .into_iter()
        .map(|(l, _)| l)
        .filter(|l| l.para >= start.para)
        .collect();
    let copy = paragraphs(&report, &files, d002);
    assert_eq!(article.len(), copy.len(), "same number of paragraphs");
    for ((orig, (dup, dup_text)), i) in article.iter().zip(&copy).zip(0..) {
        let p = pair(&report, *orig, *dup)
            .unwrap_or_else(|| panic!("paragraph {i} of 002 not paired with 000: {dup_text}"));
        let expected = if dup_text.starts_with("MORE:") {
            Kind::Contained
        } else {
            Kind::Exact
        };
        assert_eq!(p.kind, expected, "paragraph {i}: {dup_text}");
        assert_eq!(p.a, *orig, "the earlier occurrence comes first");
    }
    // The lead differs only by its dateline.
    let lead = pair(&report, article[0], copy[0].0).unwrap();
    assert_eq!((lead.kind, lead.similarity), (Kind::Exact, 1.0));
    let glued = copy.iter().filter(|(_, t)| t.starts_with("MORE:")).count();
    assert_eq!(glued, 2, "two paragraphs carry a glued MORE: link");
    // Nearly all of 002 repeats 000.
    let o = report
        .overlaps
        .iter()
        .find(|o| o.a == d000 && o.b == d002)
        .expect("overlap between 000 and 002");
    assert!(o.b_share > 0.99 && o.a_share < 0.3, "{o:?}");
}

#[test]
fn edited_idf_paragraph_inside_000_is_found() {
    let Some((files, report)) = seeds() else {
        return;
    };
    let d000 = doc_index(&files, "000_");
    let long = find(
        &report,
        &files,
        d000,
        "The Israel Defense Forces said it struck at least 1,600",
    );
    let short = find(
        &report,
        &files,
        d000,
        "The IDF said it struck at least 1,600",
    );
    let p = pair(&report, long, short).expect("the two 1,600-targets paragraphs pair");
    assert_eq!(p.kind, Kind::Near);
    assert!(p.similarity >= 0.5);
    // The cluster scores the copy against the original (the earlier one).
    let c = report
        .clusters
        .iter()
        .find(|c| c.original == long)
        .expect("cluster");
    assert!(c
        .copies
        .iter()
        .any(|x| (x.doc, x.para) == (short.doc, short.para)));
}

#[test]
fn repeated_headline_in_001_is_found() {
    let Some((files, report)) = seeds() else {
        return;
    };
    let d001 = doc_index(&files, "001_");
    let hits: Vec<Loc> = paragraphs(&report, &files, d001)
        .into_iter()
        .filter(|(_, t)| t.contains("Report: Elon Musk Has Secretly Been in Contact With Putin"))
        .map(|(l, _)| l)
        .collect();
    assert_eq!(hits.len(), 2);
    assert!(pair(&report, hits[0], hits[1]).is_some());
}

#[test]
fn related_but_different_paragraphs_are_not_reported() {
    let Some((files, report)) = seeds() else {
        return;
    };
    let d000 = doc_index(&files, "000_");
    let d002 = doc_index(&files, "002_");
    let d001 = doc_index(&files, "001_");
    let start = find(
        &report,
        &files,
        d000,
        "(NEW YORK) — Elon Musk, the tech billionaire",
    );
    // Every pair is one of the expected ones: the republished story, the IDF
    // paragraph and the 001 headline. Casualty updates, headlines and their
    // own paragraphs, and the paraphrase in 004 are not duplicates.
    for p in &report.pairs {
        let story = p.a.doc == d000 && p.a.para >= start.para && p.b.doc == d002;
        let idf = p.a.doc == d000
            && p.b.doc == d000
            && text(&report, &files, p.b).starts_with("The IDF said");
        let headline = p.a.doc == d001 && p.b.doc == d001;
        assert!(
            story || idf || headline,
            "unexpected pair:\n  {}\n  {}",
            text(&report, &files, p.a),
            text(&report, &files, p.b)
        );
    }
    assert_eq!(report.pairs.len(), 31 + 1 + 1);
    // 004 shares no paragraph: its overlaps come from the passages listed
    // in SAME_EVENTS alone.
    let d004 = doc_index(&files, "004_");
    for o in report
        .overlaps
        .iter()
        .filter(|o| o.a == d004 || o.b == d004)
    {
        assert!(
            report
                .passages
                .iter()
                .any(|p| (p.a.doc, p.b.doc) == (o.a, o.b)),
            "{o:?}"
        );
    }
    let toll = find(
        &report,
        &files,
        d000,
        "At least 558 people have been killed",
    );
    let monday = find(&report, &files, d000, "At least 492 people were killed");
    assert!(pair(&report, toll, monday).is_none());
}

/// A passage's text on one side, read from the seed's bytes at run time.
fn side_text(files: &[(String, Vec<u8>)], s: &paradup::PassageSide) -> String {
    String::from_utf8_lossy(&files[s.doc as usize].1[s.start as usize..s.end as usize]).into_owned()
}

/// Whether a passage lies within the republished story (000 → 002), the
/// edited IDF paragraph repeated inside 000 or the headline repeated inside
/// 001: the known reuse, checked above.
fn known_reuse(files: &[(String, Vec<u8>)], p: &paradup::Passage) -> bool {
    let (d000, d001, d002) = (
        doc_index(files, "000_"),
        doc_index(files, "001_"),
        doc_index(files, "002_"),
    );
    (p.a.doc, p.b.doc) == (d000, d002)
        || (p.a.doc, p.b.doc) == (d001, d001)
        || ((p.a.doc, p.b.doc) == (d000, d000) && side_text(files, &p.b).contains("IDF said"))
}

#[test]
fn republished_story_is_one_long_passage() {
    let Some((files, report)) = seeds() else {
        return;
    };
    let (d000, d002) = (doc_index(&files, "000_"), doc_index(&files, "002_"));
    let story: Vec<&paradup::Passage> = report
        .passages
        .iter()
        .filter(|p| (p.a.doc, p.b.doc) == (d000, d002))
        .collect();
    // The passages cover nearly all of 002's bytes (its paragraphs all
    // repeat 000's; only the glued MORE: links differ).
    let covered: u64 = story.iter().map(|p| p.b.end - p.b.start).sum();
    let len = files[d002 as usize].1.len() as u64;
    assert!(
        covered as f64 > 0.95 * len as f64,
        "{covered} of {len} bytes of 002 in passages with 000: {story:?}"
    );
    for p in &story {
        assert!(
            side_text(&files, &p.a).split_whitespace().count() as u64 >= p.words / 2,
            "{p:?}"
        );
    }
}

/// The passages reported between texts that merely cover the same events
/// (every passage outside [`known_reuse`]), as the aligner of 2026-11-29
/// reports them: `(earlier seed, later seed, line of the earlier side,
/// line of the later side, most words, why)`. Anything else reported there
/// fails the test, and so does an entry no longer reported (remove it when
/// the aligner stops an over-report). 000 and 002 carry the same article,
/// so most entries come twice.
const SAME_EVENTS: &[(&str, &str, u64, u64, u64, &str)] = &[
    // The Wall Street Journal's quoted attribution, 8 words in quotation
    // marks, with its lead-in.
    ("000_", "001_", 180, 9, 21, "shared WSJ quote"),
    ("001_", "002_", 9, 2, 23, "shared WSJ quote"),
    // The same Starlink/Taiwan fact told in another order: no shared run
    // of 15 words, the words reordered. (000 ~ 001 on that fact, and 003's
    // headline bridged to a later sentence by two short phrases, were
    // reported too before h/align f8f0e6c.)
    ("001_", "004_", 11, 5, 18, "OVER-REPORT: paraphrase"),
    // Peskov's quoted 8 words, extended over words the sides do not share.
    (
        "000_",
        "001_",
        191,
        17,
        18,
        "shared Peskov quote, over-extended",
    ),
    (
        "001_",
        "002_",
        17,
        13,
        16,
        "shared Peskov quote, over-extended",
    ),
    // The WSJ's phrase on the Starlink request, word for word.
    ("000_", "004_", 181, 5, 15, "15 words shared verbatim"),
    ("002_", "004_", 3, 5, 15, "15 words shared verbatim"),
    // Peskov's quote paraphrased in 004 (the quote's words reordered).
    (
        "000_",
        "004_",
        191,
        3,
        17,
        "OVER-REPORT: paraphrase of a quote",
    ),
    (
        "002_",
        "004_",
        13,
        3,
        17,
        "OVER-REPORT: paraphrase of a quote",
    ),
    // The wire sentence on military aid, lightly reworded in 004's summary.
    ("000_", "004_", 206, 1, 19, "lightly edited wire clause"),
    ("002_", "004_", 28, 1, 19, "lightly edited wire clause"),
    // The WSJ's quoted phrases ("high-level Russians", "implicit threats")
    // in a lightly edited sentence.
    ("001_", "004_", 14, 3, 28, "shared WSJ quotes, edited"),
];

#[test]
#[ignore = "issue 9 not done: the rewording stage reports sentences of same-event write-ups (000/001/002/003/004) as passages; `cargo test --test seeds -- --ignored` lists them"]
fn same_events_share_only_the_sentences_listed() {
    let Some((files, report)) = seeds() else {
        return;
    };
    let prefix = |d: u32| &files[d as usize].0[..4];
    let mut unmatched: Vec<_> = SAME_EVENTS.iter().collect();
    let mut unexpected = Vec::new();
    for p in report.passages.iter().filter(|p| !known_reuse(&files, p)) {
        let found = unmatched.iter().position(|&&(a, b, la, lb, most, _)| {
            files[p.a.doc as usize].0.starts_with(a)
                && files[p.b.doc as usize].0.starts_with(b)
                && (p.a.line, p.b.line) == (la, lb)
                && p.words <= most
        });
        match found {
            Some(i) => {
                unmatched.remove(i);
            }
            None => unexpected.push(format!(
                "{}:{}–{} ~ {}:{}–{} ({:?}, {} words, similarity {}):\n  {:?}\n  {:?}",
                prefix(p.a.doc),
                p.a.line,
                p.a.end_line,
                prefix(p.b.doc),
                p.b.line,
                p.b.end_line,
                p.kind,
                p.words,
                p.similarity,
                side_text(&files, &p.a),
                side_text(&files, &p.b)
            )),
        }
    }
    assert!(
        unexpected.is_empty(),
        "unexpected passages:\n{}",
        unexpected.join("\n")
    );
    assert!(unmatched.is_empty(), "not reported: {unmatched:?}");
    // The casualty updates inside 000 stay apart.
    let d000 = doc_index(&files, "000_");
    let toll = find(
        &report,
        &files,
        d000,
        "At least 558 people have been killed",
    );
    let monday = find(&report, &files, d000, "At least 492 people were killed");
    let span = |l: Loc| {
        let p = &report.documents[l.doc as usize].paragraphs[l.para as usize];
        (p.start, p.end)
    };
    let (t, m) = (span(toll), span(monday));
    let inside =
        |s: &paradup::PassageSide, (start, end): (u64, u64)| s.start < end && start < s.end;
    assert!(
        !report
            .passages
            .iter()
            .any(|p| (inside(&p.a, t) && inside(&p.b, m)) || (inside(&p.a, m) && inside(&p.b, t))),
        "the two casualty updates share a passage"
    );
}
