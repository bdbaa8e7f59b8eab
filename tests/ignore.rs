//! Templates (issue 11 item 3): `--ignore FILE` and `Analyzer::add_template`.
//! Paragraphs matching template text are neither originals nor copies, are
//! listed as `ignored` with their spans, and passages lying in them go.

mod common;

use common::{assert_valid, paradup};
use paradup::{Analyzer, ErrorKind, Kind, Options, Report};
use proptest::prelude::*;

/// The assignment every submission starts from.
const PROMPT: &str = "Describe the experiment you ran on the pendulum, the lengths you chose and how you timed each swing.";
const FOOTER: &str = "Submitted under the honour code of the physics department, which forbids copying the work of others.";
/// An answer two students share, and one of a student's own.
const SHARED: &str = "I tied a steel nut to a thread and timed ten swings for each of five lengths with a phone stopwatch.";
const OWN: &str = "My pendulum was a key on a shoelace, and I counted swings against the kitchen clock for three lengths.";

fn template() -> String {
    format!("# Lab report 3\n\n{PROMPT}\n\n{FOOTER}\n")
}

fn submission(name: &str, answer: &str) -> String {
    format!("Lab report 3\n\nName: {name}\n\n{PROMPT}\n\n{answer}\n\n{FOOTER}\n")
}

/// A folder with the template and three submissions (two share an answer).
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
    write("template.md", template());
    write("ada.txt", submission("Ada", SHARED));
    write("ben.txt", submission("Ben", SHARED));
    write("cy.txt", submission("Cy", OWN));
    dir
}

fn json(out: &std::process::Output) -> (serde_json::Value, Report) {
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_valid(&value);
    (value.clone(), serde_json::from_value(value).unwrap())
}

const DOCS: [&str; 3] = ["ada.txt", "ben.txt", "cy.txt"];

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["analyze", "--format", "json"];
    a.extend_from_slice(extra);
    a.extend_from_slice(&DOCS);
    a
}

#[test]
fn template_paragraphs_are_listed_as_ignored_and_never_matched() {
    let dir = corpus();
    let plain = paradup(&args(&[]), dir.path());
    let (_, plain) = json(&plain);
    // Without the template, the prompt and the footer are boilerplate.
    assert_eq!(plain.summary.boilerplate_clusters, 2);

    let out = paradup(&args(&["--ignore", "template.md"]), dir.path());
    assert_eq!(out.status.code(), Some(1), "the shared answer is a copy");
    let (value, r) = json(&out);
    assert_eq!(value["templates"][0]["name"], "template.md");
    assert_eq!(r.templates[0].format, paradup::SourceFormat::Markdown);
    // The heading, the prompt and the footer of every submission: 3 x 3.
    assert_eq!(r.summary.ignored_paragraphs, 9);
    assert_eq!(r.ignored.len(), 9);
    let texts: Vec<&str> = r
        .ignored
        .iter()
        .map(|i| {
            let bytes = std::fs::read(dir.path().join(DOCS[i.doc as usize])).unwrap();
            let p = r.documents[i.doc as usize].paragraphs[i.para as usize];
            // The span is the paragraph's, in the original file.
            assert_eq!((i.start, i.end, i.line), (p.start, p.end, p.line));
            let text = &bytes[i.start as usize..i.end as usize];
            // The matched template paragraph exists.
            assert!(r.templates[0].paragraphs.len() > i.template_para as usize);
            assert_eq!(i.kind, Kind::Exact);
            std::str::from_utf8(text).unwrap().to_owned().leak() as &str
        })
        .collect();
    assert_eq!(&texts[..3], ["Lab report 3", PROMPT, FOOTER]);
    assert_eq!(
        r.ignored
            .iter()
            .map(|i| i.template_para)
            .collect::<Vec<_>>(),
        [0, 1, 2, 0, 1, 2, 0, 1, 2]
    );
    // Only the shared answer is left: one cluster, one pair.
    assert_eq!((r.clusters.len(), r.pairs.len()), (1, 1));
    let ignored = |doc: u32, para: u32| r.ignored.iter().any(|i| (i.doc, i.para) == (doc, para));
    for p in &r.pairs {
        assert!(!ignored(p.a.doc, p.a.para) && !ignored(p.b.doc, p.b.para));
    }
    // No passage lies in template text, and the shares count own text
    // only: the answer is all Ada and Ben share.
    assert!(r.passages.iter().all(|p| p.a.doc != 2 && p.b.doc != 2));
    assert!(r.overlaps.iter().all(|o| (o.a, o.b) == (0, 1)));
    // Of Ada's own text ("Name: Ada" and the answer), the answer is shared.
    let own = (9 + SHARED.len()) as f64;
    assert_eq!(
        r.overlaps[0].a_share,
        (SHARED.len() as f64 / own * 1e4).round() / 1e4
    );
    // Compared: what is neither short nor ignored.
    assert_eq!(
        r.summary.compared_paragraphs + r.summary.ignored_paragraphs,
        plain.summary.compared_paragraphs + 3
    );
}

#[test]
fn only_template_text_in_common_exits_0() {
    let dir = corpus();
    let out = paradup(
        &["analyze", "--ignore", "template.md", "ada.txt", "cy.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("6 paragraphs ignored as template text (")
            && text.contains("in 2 documents): template.md (6)"),
        "{text}"
    );
    let without = paradup(&["analyze", "ada.txt", "cy.txt"], dir.path());
    assert_eq!(without.status.code(), Some(1));
}

#[test]
fn a_missing_template_is_named_exit_2_and_the_rest_is_analyzed() {
    let dir = corpus();
    let out = paradup(
        &args(&["--ignore", "nope.md", "--ignore", "template.md"]),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read template nope.md"), "{err}");
    let (_, r) = json(&out);
    assert_eq!(r.documents.len(), 3);
    assert_eq!(r.templates.len(), 1);
    assert_eq!(r.summary.ignored_paragraphs, 9);
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].name, "nope.md");
    assert!(r.skipped[0].reason.starts_with("template not read: "));
}

#[test]
fn templates_are_read_in_any_format_and_from_folders() {
    let dir = corpus();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    let html = format!("<html><body><h1>Lab report 3</h1><p>{PROMPT}</p></body></html>");
    std::fs::write(dir.path().join("templates/prompt.html"), html).unwrap();
    let footer = common::docx(&[FOOTER]);
    std::fs::write(dir.path().join("templates/footer.docx"), footer).unwrap();
    let out = paradup(&args(&["--ignore", "templates"]), dir.path());
    let (_, r) = json(&out);
    let names: Vec<&str> = r.templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["templates/footer.docx", "templates/prompt.html"]);
    assert_eq!(r.summary.ignored_paragraphs, 9);
    // The footer matched the .docx, the rest the HTML page.
    let footers = r.ignored.iter().filter(|i| i.template == 0).count();
    assert_eq!(footers, 3);
}

#[test]
fn edited_and_partial_template_paragraphs_are_ignored_too() {
    let dir = corpus();
    let edited = PROMPT.replace("the lengths you chose", "the lengths");
    let partial = "Describe the experiment you ran on the pendulum.";
    let text = format!("{edited}\n\n{partial}\n\n{OWN}\n");
    std::fs::write(dir.path().join("dee.txt"), text).unwrap();
    let out = paradup(
        &[
            "analyze",
            "--format",
            "json",
            "--ignore",
            "template.md",
            "dee.txt",
        ],
        dir.path(),
    );
    let (_, r) = json(&out);
    let kinds: Vec<(u32, Kind)> = r.ignored.iter().map(|i| (i.para, i.kind)).collect();
    assert_eq!(kinds, [(0, Kind::Near), (1, Kind::Contained)]);
    assert!(r.ignored[1].containment >= r.settings.contained_threshold);
}

#[test]
fn csv_rows_list_the_ignored_paragraphs() {
    let dir = corpus();
    let out = paradup(
        &[
            "analyze",
            "--format",
            "csv",
            "--rows",
            "ignored",
            "--ignore",
            "template.md",
            "ada.txt",
        ],
        dir.path(),
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("document,start,end,line,template,template_line,kind"));
    // The prompt: line 5 of ada.txt, line 3 of the template.
    let start = submission("Ada", SHARED).find(PROMPT).unwrap();
    let end = start + PROMPT.len();
    assert_eq!(
        lines[2],
        format!("ada.txt,{start},{end},5,template.md,3,exact,1,1,0,2,0,1")
    );
}

#[test]
fn dedup_never_removes_template_text() {
    let dir = corpus();
    let out = paradup(
        &[
            "dedup",
            "--out",
            "out",
            "--ignore",
            "template.md",
            "ada.txt",
            "ben.txt",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ben = std::fs::read_to_string(dir.path().join("out/ben.txt")).unwrap();
    assert!(ben.contains(PROMPT) && ben.contains(FOOTER), "{ben}");
    assert!(!ben.contains(SHARED), "the shared answer is removed: {ben}");
}

#[test]
fn dedup_with_a_missing_template_writes_nothing() {
    let dir = corpus();
    let out = paradup(
        &[
            "dedup", "--out", "out", "--ignore", "nope.md", "ada.txt", "ben.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read template nope.md"), "{err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_template_after_a_document_is_refused() {
    let mut a = Analyzer::new(Options::default()).unwrap();
    a.add_template("t.txt", PROMPT.as_bytes()).unwrap();
    a.add_document("a.txt", PROMPT.as_bytes());
    let e = a.add_template("late.txt", FOOTER.as_bytes()).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::TemplateAfterDocuments { template } if template == "late.txt")
    );
    assert!(e.to_string().contains("late.txt"), "{e}");
    let r = a.finish().unwrap();
    assert_eq!((r.templates.len(), r.ignored.len()), (1, 1));
}

#[test]
fn passages_inside_template_text_are_dropped() {
    // A long template paragraph: two documents share it inside their own
    // paragraphs (not as whole paragraphs), and as whole paragraphs.
    let long = format!("{PROMPT} {FOOTER} {PROMPT}");
    let a = format!("{long}\n\n{OWN}\n");
    let b = format!(
        "{long}\n\nSomething else entirely, about the weather on the hill and the sheep.\n"
    );
    let run = |template: bool| {
        let mut an = Analyzer::new(Options::default()).unwrap();
        if template {
            an.add_template("t.txt", long.as_bytes()).unwrap();
        }
        an.add_document("a.txt", a.as_bytes());
        an.add_document("b.txt", b.as_bytes());
        an.finish().unwrap()
    };
    let (with, without) = (run(true), run(false));
    assert!(!without.passages.is_empty() && !without.pairs.is_empty());
    assert!(with.passages.is_empty() && with.pairs.is_empty());
    assert_eq!(with.summary.reused_bytes, 0);
    assert!(with.overlaps.is_empty());
}

/// Paragraphs from a small vocabulary, so documents and templates share
/// some of them exactly and others in part.
fn paragraphs() -> impl Strategy<Value = Vec<String>> {
    let words = prop::sample::select(vec![
        "tide", "pier", "vote", "storm", "ferry", "quay", "mayor", "budget", "gull", "nets",
    ]);
    let paragraph = prop::collection::vec(words, 1..12).prop_map(|w| w.join(" "));
    prop::collection::vec(paragraph, 0..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// An empty template ignores nothing and changes nothing else; with any
    /// template, every ignored entry is a real paragraph's span and takes
    /// part in no cluster, pair or overlap share.
    #[test]
    fn ignored_paragraphs_are_real_and_unmatched(
        docs in prop::collection::vec(paragraphs(), 1..4),
        template in paragraphs(),
    ) {
        let docs: Vec<String> = docs.iter().map(|d| d.join("\n\n")).collect();
        let run = |t: Option<&str>| {
            let mut a = Analyzer::new(Options::default()).unwrap();
            if let Some(t) = t {
                a.add_template("t.txt", t.as_bytes()).unwrap();
            }
            for (i, d) in docs.iter().enumerate() {
                a.add_document(&format!("{i}.txt"), d.as_bytes());
            }
            a.finish().unwrap()
        };
        let plain = run(None);
        let mut empty = run(Some(""));
        prop_assert!(empty.ignored.is_empty());
        prop_assert_eq!(empty.templates.len(), 1);
        empty.templates.clear();
        prop_assert_eq!(&empty, &plain);

        let r = run(Some(&template.join("\n\n")));
        prop_assert_eq!(r.summary.ignored_paragraphs, r.ignored.len() as u64);
        for i in &r.ignored {
            let p = r.documents[i.doc as usize].paragraphs[i.para as usize];
            prop_assert_eq!((i.start, i.end, i.line), (p.start, p.end, p.line));
            prop_assert!((i.template_para as usize) < r.templates[0].paragraphs.len());
            let at = |d: u32, q: u32| (d, q) == (i.doc, i.para);
            prop_assert!(!r.pairs.iter().any(|p| at(p.a.doc, p.a.para) || at(p.b.doc, p.b.para)));
            prop_assert!(!r.clusters.iter().any(|c| at(c.original.doc, c.original.para)
                || c.copies.iter().any(|x| at(x.doc, x.para))));
        }
        prop_assert!(r.summary.compared_paragraphs + r.summary.ignored_paragraphs <= r.summary.paragraphs);
    }
}
