//! Passages in the text and CSV output (`paradup::render`): each side's
//! `file:line–line`, the shortened word diff of the two sides' texts, the
//! text of a side in an extracted format, and passage rows in CSV.
//!
//! The renderer is tested on reports whose passages are written here by
//! hand, at spans worked out from the sample texts, so these tests do not
//! depend on what the aligner finds; the last tests run the CLI on real
//! files.

mod common;

use std::collections::HashMap;

use paradup::render::{self, passage_text, Rows, Shown};
use paradup::{
    analyze, paragraph_text, Analyzer, Options, Passage, PassageKind, PassageSide, Report,
};

/// The report on `files` with `passages` in it instead of the aligner's.
fn report_with(files: &[(&str, &[u8])], passages: Vec<Passage>) -> Report {
    let options = Options {
        passages: false,
        ..Options::default()
    };
    let mut report = analyze(files, options).expect("report");
    report.settings.passages = true;
    report.summary.passages = passages.len() as u64;
    report.passages = passages;
    report
}

/// The side of document `doc` (whose bytes are `bytes`) that covers the
/// first occurrence of `needle`, with its lines counted from the bytes.
fn side(doc: u32, bytes: &[u8], needle: &[u8]) -> PassageSide {
    let start = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the needle is in the text");
    let end = start + needle.len();
    let line = |at: usize| 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
    PassageSide {
        doc,
        start: start as u64,
        end: end as u64,
        line: line(start),
        end_line: line(end - 1),
    }
}

fn passage(a: PassageSide, b: PassageSide, words: u64, kind: PassageKind) -> Passage {
    Passage {
        a,
        b,
        words,
        similarity: if kind == PassageKind::Verbatim {
            1.0
        } else {
            0.9
        },
        kind,
    }
}

/// Every text the text output shows, for documents read from `files`
/// (plain text: the spans hold the text).
fn plain_texts(report: &Report, files: &[(&str, &[u8])]) -> HashMap<Shown, String> {
    render::shown(report)
        .map(|s| {
            let doc = s.doc(report).expect("a document") as usize;
            let (document, bytes) = (&report.documents[doc], files[doc].1);
            let text = match s {
                Shown::Paragraph(l) => paragraph_text(document, bytes, None, l.para as usize),
                Shown::Passage { index, side } => {
                    passage_text(document, bytes, None, side.of(&report.passages[index]))
                }
            };
            (s, text.expect("a text"))
        })
        .collect()
}

fn text_output(report: &Report, texts: &HashMap<Shown, String>) -> String {
    render::text(report, |s| texts.get(&s).map(String::as_str))
}

/// The text output for documents read from `files` ([`plain_texts`]).
fn plain_text_output(report: &Report, files: &[(&str, &[u8])]) -> String {
    text_output(report, &plain_texts(report, files))
}

/// The passage section of text output: from its heading to the end.
fn passages_section(out: &str) -> &str {
    let at = out
        .find("\nPassages reused inside and across paragraphs")
        .unwrap_or_else(|| panic!("no passage section in:\n{out}"));
    &out[at..]
}

/// Cells of a CSV line (RFC 4180 quoting; no line breaks in cells here).
fn cells(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let (mut quoted, mut chars) = (false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

const WRAPPED: &[u8] = b"The harbour council met on Tuesday evening in the old town hall.\nIt voted to rebuild the old stone pier\nbefore the winter storms arrived.\n";
const LIFTED: &[u8] = b"Our reporter was there. It voted to rebuild the old stone pier before the winter storms arrived. Nobody objected.\n";
const SENTENCE: &[u8] =
    b"It voted to rebuild the old stone pier\nbefore the winter storms arrived.";
const SENTENCE_ONE_LINE: &[u8] =
    b"It voted to rebuild the old stone pier before the winter storms arrived.";

#[test]
fn a_passage_over_two_lines_shows_both_sides_and_their_lines() {
    let files = [("wrapped.txt", WRAPPED), ("lifted.txt", LIFTED)];
    let p = passage(
        side(0, WRAPPED, SENTENCE),
        side(1, LIFTED, SENTENCE_ONE_LINE),
        13,
        PassageKind::Verbatim,
    );
    assert_eq!((p.a.line, p.a.end_line, p.b.line), (2, 3, 1));
    let report = report_with(&files, vec![p]);
    let out = plain_text_output(&report, &files);
    assert!(
        out.contains("1 reused passages; "),
        "the summary counts passages:\n{out}"
    );
    assert_eq!(
        passages_section(&out),
        "\nPassages reused inside and across paragraphs (earlier side first):\n\
         \n(1) wrapped.txt:2\u{2013}3 \u{2194} lifted.txt:1 \u{b7} verbatim \u{b7} 13 words \u{b7} similarity 1.0000\n\
         \x20   It voted to rebuild the old stone pier before the winter storms arrived.\n"
    );
}

#[test]
fn crlf_line_ends_are_not_changes() {
    let crlf: Vec<u8> = String::from_utf8_lossy(WRAPPED)
        .replace('\n', "\r\n")
        .into_bytes();
    let crlf_sentence =
        b"It voted to rebuild the old stone pier\r\nbefore the winter storms arrived.";
    let files = [("crlf.txt", &crlf[..]), ("lifted.txt", LIFTED)];
    let p = passage(
        side(0, &crlf, crlf_sentence),
        side(1, LIFTED, SENTENCE_ONE_LINE),
        13,
        PassageKind::Verbatim,
    );
    let report = report_with(&files, vec![p]);
    let texts = plain_texts(&report, &files);
    let side_a = &texts[&Shown::Passage {
        index: 0,
        side: render::Side::A,
    }];
    assert_eq!(side_a.as_bytes(), crlf_sentence, "the bytes of the span");
    let section = passages_section(&text_output(&report, &texts)).to_owned();
    assert!(
        section.contains("(1) crlf.txt:2\u{2013}3 \u{2194} lifted.txt:1 "),
        "{section}"
    );
    assert!(
        section.ends_with(
            "\n    It voted to rebuild the old stone pier before the winter storms arrived.\n"
        ),
        "no change marked for a line break:\n{section}"
    );
    assert!(!section.contains('\r'), "{section:?}");
}

#[test]
fn multibyte_names_and_text_are_kept_and_hostile_names_escaped() {
    let a = "Größe zählt: der Hafenrat beschloss am Dienstag, die alte Mole vor den Winterstürmen neu zu bauen.\n".as_bytes();
    let b = "Vorwort. Der Hafenrat beschloss am Dienstag, die alte Mole vor den Herbststürmen neu zu bauen.\n".as_bytes();
    let files = [("café/naïve 日本.txt", a), ("evil\u{202e}txt.md", b)];
    let p = passage(
        side(
            0,
            a,
            "Hafenrat beschloss am Dienstag, die alte Mole vor den Winterstürmen neu zu bauen."
                .as_bytes(),
        ),
        side(
            1,
            b,
            "Hafenrat beschloss am Dienstag, die alte Mole vor den Herbststürmen neu zu bauen."
                .as_bytes(),
        ),
        13,
        PassageKind::Edited,
    );
    let report = report_with(&files, vec![p]);
    let texts = plain_texts(&report, &files);
    let section = passages_section(&text_output(&report, &texts)).to_owned();
    assert!(
        section.contains(
            "(1) café/naïve 日本.txt:1 \u{2194} evil\\u{202E}txt.md:1 \u{b7} edited \u{b7} 13 words \u{b7} similarity 0.9000\n"
        ),
        "{section}"
    );
    // The diff, wrapped at 96 columns.
    assert!(
        section.ends_with(
            "\n    Hafenrat beschloss am Dienstag, die alte Mole vor den [-Winterstürmen-] {+Herbststürmen+} neu zu\n    bauen.\n"
        ),
        "{section}"
    );
    let csv = render::passages_csv(&report);
    let row = cells(csv.lines().nth(1).expect("a row"));
    assert_eq!(row[0], "café/naïve 日本.txt");
    assert_eq!(row[5], "evil\u{202e}txt.md", "CSV keeps names as they are");
}

/// Words `w0 w1 …` of a long generated passage, deterministic.
fn long_text(n: usize) -> String {
    let words = [
        "tide", "pier", "vote", "storm", "ferry", "quay", "mayor", "budget", "harbour", "crane",
    ];
    (0..n)
        .map(|i| format!("{}{}", words[i % words.len()], i / words.len()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_long_passage_prints_a_few_lines() {
    let old = long_text(2000);
    // Two words changed, far apart, and the whole passage re-wrapped.
    let new = old
        .replacen("storm30 ", "squall30 ", 1)
        .replacen("quay150 ", "wharf150 ", 1)
        .replace(' ', "\n");
    let files = [("old.txt", old.as_bytes()), ("new.txt", new.as_bytes())];
    let p = passage(
        side(0, old.as_bytes(), old.as_bytes()),
        side(1, new.as_bytes(), new.as_bytes()),
        2000,
        PassageKind::Edited,
    );
    assert_eq!(p.b.end_line, 2000);
    let report = report_with(&files, vec![p]);
    let section = passages_section(&plain_text_output(&report, &files)).to_owned();
    let lines: Vec<&str> = section.lines().skip(3).collect();
    // The heading and four lines of diff.
    assert_eq!(lines.len(), 5, "{section}");
    let diff = lines[1..]
        .iter()
        .map(|l| l.trim_start())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        diff.contains("[-storm30-] {+squall30+}") && diff.contains("[-quay150-] {+wharf150+}"),
        "{section}"
    );
    // The unchanged stretches: 303 words before the first change, 1,201
    // between, 494 after; five words kept at each end of each.
    for cut in [293, 1191, 484] {
        assert!(
            diff.contains(&format!("\u{2026} {cut} words \u{2026}")),
            "{cut}: {section}"
        );
    }
    assert!(
        diff.starts_with("tide0 pier0 vote0 storm0 ferry0 \u{2026}"),
        "{diff}"
    );
    assert!(diff.ends_with("budget199 harbour199 crane199"), "{diff}");
}

#[test]
fn many_changes_are_cut_to_a_few_lines_and_counted() {
    let old = long_text(600);
    let new: String = old
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i % 7 == 3 {
                format!("X{w}")
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let files = [("old.txt", old.as_bytes()), ("new.txt", new.as_bytes())];
    let p = passage(
        side(0, old.as_bytes(), old.as_bytes()),
        side(1, new.as_bytes(), new.as_bytes()),
        600,
        PassageKind::Edited,
    );
    let report = report_with(&files, vec![p]);
    let section = passages_section(&plain_text_output(&report, &files)).to_owned();
    let lines: Vec<&str> = section.lines().skip(3).collect();
    assert_eq!(lines.len(), 9, "the heading and eight lines: {section}");
    assert!(
        lines[8].starts_with("    \u{2026} (") && lines[8].ends_with(" more lines of differences)"),
        "{section}"
    );
    assert!(
        lines.iter().all(|l| l.chars().count() <= 4 + 96),
        "{section}"
    );
}

#[test]
fn csv_rows_hold_both_spans_and_names_cannot_start_a_formula() {
    let files = [
        ("=cmd|' /C calc'!A0.txt", WRAPPED),
        ("+lifted, too.txt", LIFTED),
    ];
    let p = passage(
        side(0, WRAPPED, SENTENCE),
        side(1, LIFTED, SENTENCE_ONE_LINE),
        13,
        PassageKind::Verbatim,
    );
    let report = report_with(&files, vec![p.clone()]);
    let csv = render::passages_csv(&report);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "a_document,a_start,a_end,a_line,a_end_line,b_document,b_start,b_end,b_line,b_end_line,words,similarity,kind,a_doc,b_doc"
    );
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[1],
        format!(
            "\"'=cmd|' /C calc'!A0.txt\",{},{},2,3,\"'+lifted, too.txt\",{},{},1,1,13,1,verbatim,0,1",
            p.a.start, p.a.end, p.b.start, p.b.end
        )
    );
    let row = cells(lines[1]);
    assert_eq!(row.len(), 15);
    assert!(row[0].starts_with('\'') && row[5].starts_with('\''));
    // The spans slice the passage out of the original bytes.
    let slice = |bytes: &[u8], s: &str, e: &str| {
        bytes[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()].to_vec()
    };
    assert_eq!(slice(WRAPPED, &row[1], &row[2]), SENTENCE);
    assert_eq!(slice(LIFTED, &row[6], &row[7]), SENTENCE_ONE_LINE);
    // The same through the streaming writer and the rows choice; pairs
    // rows are the pairs CSV, unchanged.
    let mut out = Vec::new();
    render::write_csv_rows(&report, Rows::Passages, &mut out).unwrap();
    assert_eq!(out, csv.as_bytes());
    let mut out = Vec::new();
    render::write_csv_rows(&report, Rows::Pairs, &mut out).unwrap();
    assert_eq!(out, render::csv(&report).as_bytes());
    assert_eq!("passages".parse::<Rows>(), Ok(Rows::Passages));
    assert_eq!("pairs".parse::<Rows>(), Ok(Rows::Pairs));
    let err = "lines".parse::<Rows>().unwrap_err();
    assert!(
        err.contains("\"pairs\", \"passages\" or \"ignored\""),
        "{err}"
    );
    assert_eq!("ignored".parse::<Rows>(), Ok(Rows::Ignored));
}

#[test]
fn no_passages_no_rows_and_the_summary_says_why() {
    let files = [("wrapped.txt", WRAPPED), ("lifted.txt", LIFTED)];
    let mut report = report_with(&files, Vec::new());
    assert_eq!(
        render::passages_csv(&report).lines().count(),
        1,
        "header only"
    );
    let out = text_output(&report, &HashMap::new());
    assert!(out.contains("\n0 reused passages; "), "{out}");
    assert!(!out.contains("Passages reused"), "{out}");
    report.settings.passages = false;
    let out = text_output(&report, &HashMap::new());
    assert!(
        out.contains("passages not looked for (--no-passages)"),
        "{out}"
    );
}

#[test]
fn an_html_side_shows_the_extracted_text_of_the_paragraphs_it_touches() {
    let html: &[u8] = b"<p>An opening <b>paragraph</b> about the choir concert on Sunday.</p>\n<p>It voted to rebuild the old <em>stone</em> pier before the winter storms arrived.</p>\n";
    let mut analyzer = Analyzer::new(Options {
        passages: false,
        ..Options::default()
    })
    .unwrap();
    let added_html = analyzer.add_file("page.html", html);
    let added_text = analyzer.add_file("lifted.txt", LIFTED);
    let mut report = analyzer.finish().unwrap();
    // The passage's bytes on the HTML side: from "It" to "arrived.", tags
    // and all.
    let a = side(
        0,
        html,
        b"It voted to rebuild the old <em>stone</em> pier before the winter storms arrived.",
    );
    let b = side(1, LIFTED, SENTENCE_ONE_LINE);
    report.settings.passages = true;
    report.passages = vec![passage(a, b, 13, PassageKind::Verbatim)];
    let html_doc = &added_html.documents[0];
    let shown_a = passage_text(
        &report.documents[0],
        html_doc.source(html),
        html_doc.texts.as_ref(),
        &a,
    );
    assert_eq!(
        shown_a.as_deref(),
        Some("It voted to rebuild the old stone pier before the winter storms arrived.")
    );
    // Without the extracted texts there is nothing to show (the bytes are
    // markup), and a range in no paragraph shows nothing.
    assert_eq!(passage_text(&report.documents[0], html, None, &a), None);
    let between = PassageSide {
        start: 69,
        end: 70,
        ..a
    };
    assert_eq!(html[69], b'\n');
    assert_eq!(
        passage_text(
            &report.documents[0],
            html,
            html_doc.texts.as_ref(),
            &between
        ),
        None
    );
    // A range over both paragraphs shows both, a blank line between.
    let both = PassageSide { start: 3, ..a };
    assert_eq!(
        passage_text(&report.documents[0], html, html_doc.texts.as_ref(), &both).as_deref(),
        Some("An opening paragraph about the choir concert on Sunday.\n\nIt voted to rebuild the old stone pier before the winter storms arrived.")
    );
    let text_doc = &added_text.documents[0];
    let mut texts = HashMap::new();
    texts.insert(
        Shown::Passage {
            index: 0,
            side: render::Side::A,
        },
        shown_a.unwrap(),
    );
    texts.insert(
        Shown::Passage {
            index: 0,
            side: render::Side::B,
        },
        passage_text(&report.documents[1], text_doc.source(LIFTED), None, &b).unwrap(),
    );
    let section = passages_section(&text_output(&report, &texts)).to_owned();
    assert!(
        section.contains("(1) page.html:2 \u{2194} lifted.txt:1 \u{b7} verbatim"),
        "{section}"
    );
    assert!(
        section.contains(
            "    (whole paragraphs shown for page.html: its bytes are markup, not the text)\n"
        ),
        "{section}"
    );
    assert!(
        section.ends_with(
            "\n    It voted to rebuild the old stone pier before the winter storms arrived.\n"
        ),
        "{section}"
    );
}

#[test]
fn utf16_sides_are_decoded() {
    let text = "Caf\u{e9} owners said the pier must be rebuilt before winter.\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let files = [("u16.txt", &utf16[..]), ("plain.txt", text.as_bytes())];
    let report = report_with(&files, Vec::new());
    // "owners … winter.": characters 5 to 56, two bytes each after the BOM.
    let side = PassageSide {
        doc: 0,
        start: 2 + 2 * 5,
        end: 2 + 2 * 56,
        line: 1,
        end_line: 1,
    };
    assert_eq!(
        passage_text(&report.documents[0], &utf16, None, &side).as_deref(),
        Some("owners said the pier must be rebuilt before winter.")
    );
    // A range outside the bytes gives no text.
    let outside = PassageSide {
        end: utf16.len() as u64 + 2,
        ..side
    };
    assert_eq!(
        passage_text(&report.documents[0], &utf16, None, &outside),
        None
    );
}

// ---- The CLI on real files, with the aligner's passages -------------------

const SOURCE: &str = "The harbour council met on Tuesday evening in the old town hall to\n\
discuss the future of the stone pier. After two hours of debate the\n\
members agreed that the pier could not survive another winter without\n\
repairs, and they voted to spend the reserve fund on new foundations.\n\
\n\
A choir concert followed in the same hall, with songs from the coast and\n\
a collection for the lifeboat crew.\n";

/// A paragraph of other text with two sentences of `SOURCE` lifted into
/// it, one word changed.
const EDITED: &str = "Our correspondent writes from the coast about a busy week for the town. After two hours of debate the members agreed that the pier could not survive another winter without repairs, and they voted to spend the emergency fund on new foundations. Local fishermen welcomed the news and promised to help with the heavy work.\n";

/// The same two sentences lifted word for word, re-wrapped.
const VERBATIM: &str = "Notes from the week, kept by the editor for the archive and the readers.\n\
\n\
In brief: after two hours of debate the members agreed that the pier\n\
could not survive another winter without repairs, and they voted to\n\
spend the reserve fund on new foundations. The vote was unanimous, the\n\
clerk said, and the work begins in March.\n";

/// The words of `bytes`, lower-cased and without punctuation.
fn words(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn cli_report(dir: &std::path::Path, files: &[&str]) -> Report {
    let mut args = vec!["analyze", "--format", "json"];
    args.extend_from_slice(files);
    let out = common::paradup(&args, dir);
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

#[test]
fn cli_text_lists_a_lifted_passage_with_both_sides_and_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("source.txt"), SOURCE).unwrap();
    std::fs::write(dir.path().join("edited.txt"), EDITED).unwrap();
    let report = cli_report(dir.path(), &["source.txt", "edited.txt"]);
    assert_eq!(report.passages.len(), 1, "{:?}", report.passages);
    let p = &report.passages[0];
    assert_eq!((p.a.doc, p.b.doc), (0, 1));
    let out = common::paradup(&["analyze", "source.txt", "edited.txt"], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines = |s: &PassageSide, name: &str| {
        if s.line == s.end_line {
            format!("{name}:{}", s.line)
        } else {
            format!("{name}:{}\u{2013}{}", s.line, s.end_line)
        }
    };
    // The source side spans wrapped lines; the lifted one is on line 1.
    assert!(p.a.end_line > p.a.line, "{p:?}");
    assert_eq!((p.b.line, p.b.end_line), (1, 1));
    let heading = format!(
        "(1) {} \u{2194} {} \u{b7} ",
        lines(&p.a, "source.txt"),
        lines(&p.b, "edited.txt")
    );
    assert!(text.contains(&heading), "{heading}\n{text}");
    assert!(text.contains("1 reused passages; "), "{text}");
    let section = passages_section(&text);
    assert!(section.contains("[-reserve-] {+emergency+}"), "{section}");
    // The unchanged words around the change, shortened in the middle.
    assert!(
        section.contains("After two hours of debate \u{2026} "),
        "{section}"
    );
    assert!(section.contains(" words \u{2026} "), "{section}");
}

#[test]
fn cli_passage_rows_parse_back_and_slice_to_the_same_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("=source.txt"), SOURCE).unwrap();
    std::fs::write(dir.path().join("verbatim, too.txt"), VERBATIM).unwrap();
    let names = ["=source.txt", "verbatim, too.txt"];
    let report = cli_report(dir.path(), &names);
    assert!(!report.passages.is_empty());
    let mut args = vec!["analyze", "--format", "csv", "--rows", "passages"];
    args.extend_from_slice(&names);
    let out = common::paradup(&args, dir.path());
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<String>> = csv.lines().skip(1).map(cells).collect();
    assert_eq!(rows.len(), report.passages.len(), "{csv}");
    let files = [SOURCE.as_bytes(), VERBATIM.as_bytes()];
    for (row, p) in rows.iter().zip(&report.passages) {
        let n = |i: usize| row[i].parse::<u64>().expect("a number");
        assert_eq!(row[0], "'=source.txt", "a formula neutralised");
        assert_eq!(row[5], "verbatim, too.txt");
        assert_eq!(
            (n(1), n(2), n(3), n(4)),
            (p.a.start, p.a.end, p.a.line, p.a.end_line)
        );
        assert_eq!(
            (n(6), n(7), n(8), n(9)),
            (p.b.start, p.b.end, p.b.line, p.b.end_line)
        );
        assert_eq!((n(13), n(14)), (u64::from(p.a.doc), u64::from(p.b.doc)));
        assert_eq!(n(10), p.words);
        assert_eq!(row[11].parse::<f64>().unwrap(), p.similarity);
        let slice = |doc: usize, s: u64, e: u64| &files[doc][s as usize..e as usize];
        let (a, b) = (
            slice(n(13) as usize, n(1), n(2)),
            slice(n(14) as usize, n(6), n(7)),
        );
        if row[12] == "verbatim" {
            assert_eq!(words(a), words(b), "{row:?}");
        }
        let b_words = words(b);
        assert!(
            b_words
                .windows(4)
                .any(|w| w == ["members", "agreed", "that", "the"]),
            "{b_words:?}"
        );
    }
    assert!(rows.iter().any(|r| r[12] == "verbatim"), "{csv}");
}
