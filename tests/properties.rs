//! Invariants that must hold for any input.

mod common;

use common::generate::{any_bytes, texty};
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

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

/// How a generated document is written to bytes.
#[derive(Debug, Clone, Copy)]
enum Written {
    Utf8,
    Utf8Bom,
    Windows1252,
    Utf16Le {
        bom: bool,
    },
    Utf16Be {
        bom: bool,
    },
    /// UTF-8, with every third paragraph in Windows-1252 and stray bytes
    /// that are neither.
    Mixed,
}

fn written() -> impl Strategy<Value = Written> {
    prop_oneof![
        Just(Written::Utf8),
        Just(Written::Utf8Bom),
        Just(Written::Windows1252),
        any::<bool>().prop_map(|bom| Written::Utf16Le { bom }),
        any::<bool>().prop_map(|bom| Written::Utf16Be { bom }),
        Just(Written::Mixed),
    ]
}

fn cp1252(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(s).0.into_owned()
}

fn write_as(paragraphs: &[&str], sep: &str, how: Written) -> Vec<u8> {
    let text = paragraphs.join(sep) + sep;
    let utf16 = |le: bool, bom: bool| -> Vec<u8> {
        let units =
            (bom.then_some('\u{FEFF}').into_iter().map(|c| c as u16)).chain(text.encode_utf16());
        units
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    match how {
        Written::Utf8 => text.into_bytes(),
        Written::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Written::Windows1252 => cp1252(&text),
        Written::Utf16Le { bom } => utf16(true, bom),
        Written::Utf16Be { bom } => utf16(false, bom),
        Written::Mixed => {
            let mut out = Vec::new();
            for (i, p) in paragraphs.iter().enumerate() {
                if i % 3 == 2 {
                    out.extend(cp1252(p));
                    out.extend_from_slice(b" \x81\x8D\xFF");
                } else {
                    out.extend_from_slice(p.as_bytes());
                }
                out.extend_from_slice(sep.as_bytes());
            }
            out
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Dedup then restore gives back every input byte for byte, whatever
    /// its encoding, for every format dedup rewrites (text, Markdown), as
    /// files or as archive entries, through the zip the page writes (the
    /// names and log the CLI writes) and the log read back from JSON.
    #[test]
    fn dedup_then_restore_gives_back_every_input(
        docs in prop::collection::vec(
            (prop::collection::vec(0usize..6, 1..7), written(), any::<bool>()),
            1..4,
        ),
        sep in prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n\r\n"), Just("\r\n")],
        packed in any::<bool>(),
    ) {
        let pool = [
            "Café owners on the quay said the new ferry timetable — at last — suits them.",
            "The “harbour” committee approved €40,000 for repairs to the naïve old pier.",
            "CAFÉ OWNERS ON THE QUAY SAID THE NEW FERRY TIMETABLE — AT LAST — SUITS THEM!",
            "Volunteers planted two hundred oak saplings along the river path on Sunday.",
            "# Café owners on the quay said the new ferry timetable — at last — suits them.",
            "A brass band played in the square while the market traders packed up.",
        ];
        let files: Vec<(String, Vec<u8>)> = docs
            .iter()
            .enumerate()
            .map(|(i, (picks, how, markdown))| {
                let body: Vec<&str> = picks.iter().map(|&p| pool[p]).collect();
                let ext = if *markdown { "md" } else { "txt" };
                (format!("d{i}.{ext}"), write_as(&body, sep, *how))
            })
            .collect();
        let mut analyzer = paradup::Analyzer::new(Options::default()).unwrap();
        let archive;
        let mut sources: Vec<(String, usize, bool, Vec<u8>)> = Vec::new();
        if packed {
            let entries: Vec<(&str, &[u8])> =
                files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
            archive = common::zip_of(&entries);
            for (ordinal, origin) in analyzer.add_file("all.zip", &archive).documents.iter().enumerate() {
                sources.push(("all.zip".into(), ordinal, origin.is_entry(), origin.source(&archive).to_vec()));
            }
        } else {
            for (name, bytes) in &files {
                for (ordinal, origin) in analyzer.add_file(name, bytes).documents.iter().enumerate() {
                    sources.push((name.clone(), ordinal, origin.is_entry(), origin.source(bytes).to_vec()));
                }
            }
        }
        let report = analyzer.finish().unwrap();
        prop_assert_eq!(report.documents.len(), files.len());
        let kinds = [paradup::Kind::Exact, paradup::Kind::Near, paradup::Kind::Contained];
        let inputs = sources.iter().map(|(file, ordinal, is_entry, source)| dedup::ZipInput {
            file_relative: file,
            file_name: file,
            ordinal: *ordinal,
            is_entry: *is_entry,
            source,
        });
        let zipped = dedup::zip(&report, inputs, &kinds).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
        let mut entry = |name: &str| -> Vec<u8> {
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut z.by_name(name).unwrap(), &mut data).unwrap();
            data
        };
        let log: dedup::Log = serde_json::from_slice(&entry(dedup::LOG_NAME)).unwrap();
        prop_assert_eq!(log.documents.len(), files.len());
        for ((name, original), logged) in files.iter().zip(&log.documents) {
            let output = logged.output.clone().unwrap();
            let expected = if packed { format!("all.zip/{name}") } else { name.clone() };
            prop_assert_eq!(&output, &expected);
            let kept = entry(&output);
            prop_assert_eq!(kept.len() as u64, original.len() as u64 - logged.removed.iter().map(|r| r.end - r.start).sum::<u64>());
            let restored = dedup::restore(&kept, logged);
            prop_assert_eq!(restored.as_deref(), Ok(original.as_slice()), "{}", name);
        }
    }
}

fn policy() -> impl Strategy<Value = dedup::Policy> {
    prop_oneof![
        Just(dedup::Policy::First),
        Just(dedup::Policy::Longest),
        Just(dedup::Policy::Newest),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whichever copy each policy keeps (with preference ranks and times,
    /// some missing, and any kinds removed): the kept bytes and the log
    /// give back every input byte for byte, in every encoding; of each
    /// cluster's removable group exactly one paragraph stays, and it is the
    /// one every removal of the group names as kept.
    #[test]
    fn dedup_loses_nothing_under_every_policy(
        docs in prop::collection::vec(
            (prop::collection::vec(0usize..7, 1..7), written(), prop::option::of(0u32..3), prop::option::of(0i64..4)),
            1..5,
        ),
        sep in prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n\r\n"), Just("\n  \n")],
        policy in policy(),
        contained in any::<bool>(),
    ) {
        // A small pool, with longer and shorter versions of one text.
        let pool = [
            "The ferry to the island now leaves an hour earlier on weekdays.",
            "The ferry to the island now leaves an hour earlier on weekdays and Sundays too.",
            "THE FERRY TO THE ISLAND NOW LEAVES AN HOUR EARLIER ON WEEKDAYS!",
            "Volunteers planted two hundred oak saplings along the river path.",
            "(OSLO) — Volunteers planted two hundred oak saplings along the river path.",
            "Café owners on the quay said the new timetable suits them — at last.",
            "A brass band played in the square while the market traders packed up.",
        ];
        let files: Vec<Vec<u8>> = docs
            .iter()
            .map(|(picks, how, _, _)| {
                let body: Vec<&str> = picks.iter().map(|&p| pool[p]).collect();
                write_as(&body, sep, *how)
            })
            .collect();
        let named: Vec<(String, &[u8])> =
            files.iter().enumerate().map(|(i, b)| (format!("d{i}.txt"), b.as_slice())).collect();
        let report = analyze(&named, Options::default()).unwrap();
        let mut kinds = vec![paradup::Kind::Exact, paradup::Kind::Near];
        if contained {
            kinds.push(paradup::Kind::Contained);
        }
        let keep = dedup::Keep {
            policy,
            prefer: Vec::new(),
            ranks: docs.iter().map(|d| d.2).collect(),
            modified: docs.iter().map(|d| d.3).collect(),
        };
        let sources: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
        let result = dedup::run_keeping(&report, &sources, &kinds, &keep);
        for (doc, src) in sources.iter().enumerate() {
            let logged = &result.log.documents[doc];
            let restored = dedup::restore(&result.outputs[doc], logged);
            prop_assert_eq!(restored.as_deref(), Ok(*src));
        }
        // The removed paragraphs, by (document, line).
        let removed: std::collections::HashSet<(String, u64)> = result
            .log
            .documents
            .iter()
            .flat_map(|d| d.removed.iter().map(|r| (d.name.clone(), r.line)))
            .collect();
        let at = |l: paradup::Loc| {
            let d = &report.documents[l.doc as usize];
            (d.name.clone(), d.paragraphs[l.para as usize].line)
        };
        for c in &report.clusters {
            let group: Vec<paradup::Loc> = std::iter::once(c.original)
                .chain(c.copies.iter().filter(|x| kinds.contains(&x.kind)).map(|x| paradup::Loc { doc: x.doc, para: x.para }))
                .collect();
            if group.len() < 2 {
                continue;
            }
            // Each pool text is a line of its own, so (name, line) names
            // one paragraph.
            let stays: Vec<&paradup::Loc> = group.iter().filter(|l| !removed.contains(&at(**l))).collect();
            prop_assert_eq!(stays.len(), 1, "{:?}", c);
            let kept = at(*stays[0]);
            for l in &group {
                if l == stays[0] {
                    continue;
                }
                let (name, line) = at(*l);
                let r = result.log.documents[l.doc as usize]
                    .removed
                    .iter()
                    .find(|r| r.line == line)
                    .unwrap();
                let k = r.kept.as_ref().unwrap();
                prop_assert_eq!((&k.document, k.line), (&kept.0, kept.1), "{} {}", name, line);
            }
            // Preference comes first.
            let best = group.iter().map(|l| keep.ranks[l.doc as usize].unwrap_or(u32::MAX)).min();
            prop_assert_eq!(Some(keep.ranks[stays[0].doc as usize].unwrap_or(u32::MAX)), best);
        }
    }
}
