//! Invariants that must hold for any input.

mod common;

use paradup::dedup;
use paradup::{analyze, decode, Options, Report, Segmentation};
use proptest::prelude::*;

fn options(mode: Segmentation) -> Options {
    Options {
        segmentation: mode,
        min_words: 1,
        ..Options::default()
    }
}

fn mode() -> impl Strategy<Value = Segmentation> {
    prop_oneof![
        Just(Segmentation::Auto),
        Just(Segmentation::Blank),
        Just(Segmentation::Line)
    ]
}

/// Text built from pieces that stress segmentation: words, spaces of every
/// kind, every line ending, list markers, headings, non-ASCII.
fn texty() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("word ".to_string()),
        Just("The quick brown fox jumps over the lazy dog. ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\n\n".to_string()),
        Just("  \t".to_string()),
        Just("\u{a0}".to_string()),
        Just("- ".to_string()),
        Just("# ".to_string()),
        Just("1. ".to_string()),
        Just("(LONDON) — ".to_string()),
        Just("“Gaza’s” … ".to_string()),
        Just("東京 ".to_string()),
        "[a-z]{1,12}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat().into_bytes())
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        texty(),
        prop::collection::vec(any::<u8>(), 0..400),
        // Bytes with a UTF-16 BOM in front.
        prop::collection::vec(any::<u8>(), 0..200).prop_map(|mut v| {
            v.splice(0..0, [0xFF, 0xFE]);
            v
        }),
    ]
}

/// Spans are ordered, non-overlapping, trimmed, and every non-whitespace
/// character of the file lies in exactly one paragraph.
fn check_spans(bytes: &[u8], report: &Report) -> Result<(), TestCaseError> {
    let paras = &report.documents[0].paragraphs;
    let d = decode(bytes);
    let mut prev_end = 0;
    for p in paras {
        prop_assert!(p.start < p.end, "empty paragraph {p:?}");
        prop_assert!(p.start >= prev_end, "overlap or disorder at {p:?}");
        prop_assert!(p.end as usize <= bytes.len());
        prev_end = p.end;
    }
    let mut j = 0;
    for (i, c) in d.text.char_indices() {
        let (s, e) = (
            d.offsets.original(i) as u64,
            d.offsets.original(i + c.len_utf8()) as u64,
        );
        while j < paras.len() && paras[j].end <= s {
            j += 1;
        }
        let inside = j < paras.len() && paras[j].start <= s && e <= paras[j].end;
        if c.is_whitespace() {
            // Paragraphs are trimmed: no whitespace at either edge.
            prop_assert!(!(inside && (paras[j].start == s || paras[j].end == e)));
        } else {
            prop_assert!(inside, "character {c:?} at byte {s} is in no paragraph");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn segmentation_invariants(bytes in any_bytes(), mode in mode()) {
        let report = analyze(&[("doc", &bytes)], options(mode)).unwrap();
        check_spans(&bytes, &report)?;
        let para_lines: Vec<u64> = report.documents[0].paragraphs.iter().map(|p| p.line).collect();
        prop_assert!(para_lines.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn analysis_is_deterministic(docs in prop::collection::vec(texty(), 1..5)) {
        let named: Vec<(String, Vec<u8>)> =
            docs.into_iter().enumerate().map(|(i, d)| (format!("d{i}"), d)).collect();
        let a = analyze(&named, options(Segmentation::Auto)).unwrap();
        let b = analyze(&named, options(Segmentation::Auto)).unwrap();
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    #[test]
    fn dedup_loses_nothing(
        picks in prop::collection::vec(prop::collection::vec(0usize..6, 1..8), 1..4),
        sep in prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n\r\n"), Just("\n  \n")],
    ) {
        // Documents assembled from a small pool, so copies are common.
        let pool = [
            "The ferry to the island now leaves an hour earlier on weekdays.",
            "Volunteers planted two hundred oak saplings along the river path.",
            "THE FERRY TO THE ISLAND NOW LEAVES AN HOUR EARLIER ON WEEKDAYS!",
            "The library will stay open late during the exam weeks this spring.",
            "(OSLO) — Volunteers planted two hundred oak saplings along the river path.",
            "A brass band played in the square while the market traders packed up.",
        ];
        let docs: Vec<(String, Vec<u8>)> = picks
            .iter()
            .enumerate()
            .map(|(i, ps)| {
                let body: Vec<&str> = ps.iter().map(|&p| pool[p]).collect();
                (format!("d{i}"), (body.join(sep) + sep).into_bytes())
            })
            .collect();
        let report = analyze(&docs, Options::default()).unwrap();
        let sources: Vec<&[u8]> = docs.iter().map(|d| d.1.as_slice()).collect();
        let kinds = [paradup::Kind::Exact, paradup::Kind::Near, paradup::Kind::Contained];
        let result = dedup::run(&report, &sources, &kinds);
        for (doc, src) in sources.iter().enumerate() {
            let logged = &result.log.documents[doc];
            let pieces: Vec<(u64, Vec<u8>)> = logged
                .removed
                .iter()
                .map(|r| (r.start, r.text.clone().into_bytes()))
                .collect();
            prop_assert_eq!(&dedup::reconstruct(&result.outputs[doc], &pieces), src);
            // Only whole copies (and the whitespace around them) go.
            let paras = &report.documents[doc].paragraphs;
            for r in &logged.removed {
                for (i, &b) in src[r.start as usize..r.end as usize].iter().enumerate() {
                    let at = r.start + i as u64;
                    let in_copy = paras.iter().any(|p| p.start <= at && at < p.end
                        && report.clusters.iter().any(|c| c.copies.iter().any(|x| x.doc as usize == doc
                            && paras[x.para as usize] == *p)));
                    prop_assert!(in_copy || b.is_ascii_whitespace());
                }
            }
        }
        // Every distinct text survives somewhere: the first occurrence is kept.
        let kept_all: String = result.outputs.iter().map(|o| String::from_utf8_lossy(o).into_owned()).collect();
        for c in &report.clusters {
            let p = report.documents[c.original.doc as usize].paragraphs[c.original.para as usize];
            let original = &sources[c.original.doc as usize][p.start as usize..p.end as usize];
            prop_assert!(kept_all.contains(std::str::from_utf8(original).unwrap()));
        }
    }
}

/// File names that select every reader.
const NAMES: [&str; 11] = [
    "a.txt", "a.md", "a.html", "a.docx", "a.jsonl", "a.csv", "a.zip", "a.pdf", "noext", "a.xhtml",
    "a.ndjson",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every reader, on arbitrary bytes under every name: no panic, spans
    /// ordered and inside their source, and every skip has a reason.
    #[test]
    fn every_format_keeps_span_invariants(bytes in any_bytes(), pick in 0usize..NAMES.len()) {
        use paradup::read::{read, Item};
        for item in read(NAMES[pick], &bytes, &Options::default()) {
            match item {
                Item::Extracted(e) => prop_assert_eq!(e.check_spans(bytes.len()), Ok(())),
                Item::Skipped(s) => prop_assert!(!s.reason.is_empty()),
                Item::Text { .. } => {}
            }
        }
    }

    /// How documents reach the analyzer does not matter: read as files or
    /// as entries of one archive, they give the same paragraphs, pairs and
    /// clusters.
    #[test]
    fn packaging_does_not_change_the_analysis(docs in prop::collection::vec(texty(), 1..5)) {
        let files: Vec<(String, Vec<u8>)> =
            docs.into_iter().enumerate().map(|(i, d)| (format!("d{i}.txt"), d)).collect();
        let mut direct = paradup::Analyzer::new(Options::default()).unwrap();
        for (name, bytes) in &files {
            direct.add_file(name, bytes);
        }
        let direct = direct.finish().unwrap();
        let mut zipped = paradup::Analyzer::new(Options::default()).unwrap();
        let entries: Vec<(&str, &[u8])> =
            files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        zipped.add_file("all.zip", &common::zip_of(&entries));
        let zipped = zipped.finish().unwrap();
        prop_assert_eq!(direct.documents.len(), zipped.documents.len());
        for (a, b) in direct.documents.iter().zip(&zipped.documents) {
            prop_assert_eq!(format!("all.zip/{}", a.name), b.name.clone());
            prop_assert_eq!(&a.paragraphs, &b.paragraphs);
        }
        prop_assert_eq!(direct.pairs, zipped.pairs);
        prop_assert_eq!(direct.clusters, zipped.clusters);
        prop_assert_eq!(direct.summary, zipped.summary);
    }
}
