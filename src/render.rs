//! Reports as text for people and CSV for spreadsheets. (JSON is the
//! report's serde form.)

use std::fmt::Write;

use crate::diff::{diff, Op};
use crate::escape;
use crate::report::{DocumentReport, Loc, Passage, PassageKind, PassageSide, Report};
use crate::ExtractedTexts;

/// Copies listed per cluster in text output.
pub const SHOWN_COPIES: usize = 20;

/// One row per pair, with a header. Lines are 1-based; `*_doc` and `*_para`
/// are the report's 0-based indices. Names are written as they are, except
/// that a name starting with `=`, `+`, `-`, `@`, tab or carriage return
/// gets a leading `'` so that a spreadsheet does not run it as a formula.
pub fn csv(report: &Report) -> String {
    written(|out| write_csv(report, out))
}

/// What `write` writes, as a string: the one way [`csv`], [`passages_csv`]
/// and [`text`] are built from their writers.
fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail, and only text goes in.
    let _ = write(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes [`csv`] to `sink` a row at a time.
pub fn write_csv(report: &Report, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    sink.write_all(
        b"a_document,a_line,b_document,b_line,kind,similarity,containment,a_doc,a_para,b_doc,b_para\n",
    )?;
    for p in &report.pairs {
        let (a, b) = (para(report, p.a), para(report, p.b));
        writeln!(
            sink,
            "{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&report.documents[p.a.doc as usize].name),
            a.line,
            csv_field(&report.documents[p.b.doc as usize].name),
            b.line,
            p.kind.as_str(),
            p.similarity,
            p.containment,
            p.a.doc,
            p.a.para,
            p.b.doc,
            p.b.para
        )?;
    }
    Ok(())
}

/// Which rows CSV output holds (`paradup analyze --format csv --rows …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rows {
    /// One row per matching paragraph pair ([`write_csv`]).
    #[default]
    Pairs,
    /// One row per passage ([`write_passages_csv`]).
    Passages,
    /// One row per paragraph ignored as template text
    /// ([`write_ignored_csv`]).
    Ignored,
}

impl Rows {
    /// The name used on the command line and by the page: `pairs` or
    /// `passages`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rows::Pairs => "pairs",
            Rows::Passages => "passages",
            Rows::Ignored => "ignored",
        }
    }
}

impl std::str::FromStr for Rows {
    type Err = String;

    /// `pairs` or `passages`; anything else is an error that names both.
    fn from_str(s: &str) -> Result<Rows, String> {
        match s {
            "pairs" => Ok(Rows::Pairs),
            "passages" => Ok(Rows::Passages),
            "ignored" => Ok(Rows::Ignored),
            _ => Err(format!(
                "unknown CSV rows {:?}: expected \"pairs\", \"passages\" or \"ignored\"",
                escape::terminal(s)
            )),
        }
    }
}

/// Writes the CSV of `rows`: [`write_csv`] or [`write_passages_csv`].
pub fn write_csv_rows(
    report: &Report,
    rows: Rows,
    sink: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match rows {
        Rows::Pairs => write_csv(report, sink),
        Rows::Passages => write_passages_csv(report, sink),
        Rows::Ignored => write_ignored_csv(report, sink),
    }
}

/// One row per ignored paragraph, with a header: its document's name,
/// byte range `[start, end)` in the original bytes and 1-based line; the
/// template's name and the line of the paragraph it matched; how it
/// matched; last the 0-based indices. Names are escaped as in [`csv`].
pub fn write_ignored_csv(report: &Report, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    sink.write_all(
        b"document,start,end,line,template,template_line,kind,similarity,containment,doc,para,template_index,template_para\n",
    )?;
    for i in &report.ignored {
        let name = report.documents.get(i.doc as usize).map(|d| &d.name);
        let template = report.templates.get(i.template as usize);
        let line = template
            .and_then(|t| t.paragraphs.get(i.template_para as usize))
            .map_or(0, |p| p.line);
        writeln!(
            sink,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(name.map_or("", String::as_str)),
            i.start,
            i.end,
            i.line,
            csv_field(template.map_or("", |t| t.name.as_str())),
            line,
            i.kind.as_str(),
            i.similarity,
            i.containment,
            i.doc,
            i.para,
            i.template,
            i.template_para
        )?;
    }
    Ok(())
}

/// In a check against a reference (`--against`), how many documents are
/// on each side.
fn against_line(report: &Report) -> Option<String> {
    use crate::report::Role;
    let count = |r| {
        report
            .documents
            .iter()
            .filter(|d| d.role == Some(r))
            .count()
    };
    report.documents.iter().any(|d| d.role.is_some()).then(|| {
        format!(
            "checked against a reference: {} new documents, {} reference documents (reuse among reference documents is not compared)",
            count(Role::New),
            count(Role::Reference)
        )
    })
}

/// The text output's line on template text: how many paragraphs were
/// ignored, in how many documents, and from which templates.
fn ignored_line(report: &Report) -> String {
    let mut per_template = vec![0u64; report.templates.len()];
    for i in &report.ignored {
        if let Some(n) = per_template.get_mut(i.template as usize) {
            *n += 1;
        }
    }
    let mut docs: Vec<u32> = report.ignored.iter().map(|i| i.doc).collect();
    docs.dedup();
    let from: Vec<String> = report
        .templates
        .iter()
        .zip(per_template)
        .map(|(t, n)| format!("{} ({n})", escape::terminal(&t.name)))
        .collect();
    format!(
        "{} paragraphs ignored as template text ({} bytes in {} documents): {}",
        report.summary.ignored_paragraphs,
        report.summary.ignored_bytes,
        docs.len(),
        from.join(", ")
    )
}

/// One row per passage, with a header: for each side (`a` earlier, `b`
/// later) its document's name, the byte range `[start, end)` in that
/// document's original bytes and its 1-based first and last lines; then
/// the passage's words (on the later side), similarity and kind
/// (`verbatim`, `edited`, `reworded`, `summary`); last the 0-based document indices.
/// Names are escaped as in [`csv`], so a name cannot start a formula.
pub fn passages_csv(report: &Report) -> String {
    written(|out| write_passages_csv(report, out))
}

/// Writes [`passages_csv`] to `sink` a row at a time.
pub fn write_passages_csv(report: &Report, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    sink.write_all(
        b"a_document,a_start,a_end,a_line,a_end_line,b_document,b_start,b_end,b_line,b_end_line,words,similarity,kind,a_doc,b_doc\n",
    )?;
    let name = |doc: u32| {
        report
            .documents
            .get(doc as usize)
            .map_or_else(String::new, |d| csv_field(&d.name))
    };
    for p in &report.passages {
        let (a, b) = (&p.a, &p.b);
        writeln!(
            sink,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            name(a.doc),
            a.start,
            a.end,
            a.line,
            a.end_line,
            name(b.doc),
            b.start,
            b.end,
            b.line,
            b.end_line,
            p.words,
            p.similarity,
            kind_name(p.kind),
            a.doc,
            b.doc
        )?;
    }
    Ok(())
}

/// The name of a passage kind, as in the report.
fn kind_name(kind: PassageKind) -> &'static str {
    match kind {
        PassageKind::Verbatim => "verbatim",
        PassageKind::Edited => "edited",
        PassageKind::Reworded => "reworded",
        PassageKind::Summary => "summary",
    }
}

/// A CSV cell for `s`, quoted when it holds a comma, quote or line break.
/// A cell that a spreadsheet would read as a formula — starting with `=`,
/// `+`, `-`, `@`, tab or carriage return — gets a leading `'` and is
/// quoted, as OWASP recommends against CSV injection; names are the only
/// free text in the CSV, and a file may well be called `=HYPERLINK(…)`.
fn csv_field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn para(report: &Report, l: Loc) -> &crate::report::Paragraph {
    &report.documents[l.doc as usize].paragraphs[l.para as usize]
}

/// A paragraph's text on one line, fit for a terminal: whitespace runs
/// (newlines included) become one space, then [`escape::terminal`] makes
/// control and bidirectional characters visible.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if space && !out.is_empty() {
        out.push(' ');
    }
    escape::terminal(&out).into_owned()
}

/// Shortens text to about `max` characters, keeping its start and end.
fn clip(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_owned();
    }
    let head: String = s.chars().take(max * 2 / 3).collect();
    let tail: String = s.chars().skip(n - max / 3).collect();
    format!("{head} … {tail}")
}

/// The paragraphs whose text [`text`] shows, in the order it shows them:
/// each cluster's original, then at most its first [`SHOWN_COPIES`]
/// copies. Only these need to be looked up, so a caller can fetch their
/// texts without holding the corpus.
pub fn shown_paragraphs(report: &Report) -> impl Iterator<Item = Loc> + '_ {
    report.clusters.iter().flat_map(|c| {
        std::iter::once(c.original).chain(c.copies.iter().take(SHOWN_COPIES).map(|copy| Loc {
            doc: copy.doc,
            para: copy.para,
        }))
    })
}

/// A text that [`text`] shows: a paragraph, or one side of a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shown {
    /// A paragraph ([`crate::paragraph_text`] gives its text).
    Paragraph(Loc),
    /// One side of the report's passage number `index` (0-based), whose
    /// text [`passage_text`] gives.
    Passage {
        /// Index into the report's `passages`.
        index: usize,
        /// Which side.
        side: Side,
    },
}

impl Shown {
    /// The document the text lies in (`None` for a passage the report does
    /// not have).
    pub fn doc(self, report: &Report) -> Option<u32> {
        match self {
            Shown::Paragraph(l) => Some(l.doc),
            Shown::Passage { index, side } => report.passages.get(index).map(|p| side.of(p).doc),
        }
    }
}

/// One side of a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The earlier side, `a`.
    A,
    /// The later side, `b`.
    B,
}

impl Side {
    /// This side of `passage`.
    pub fn of(self, passage: &Passage) -> &PassageSide {
        match self {
            Side::A => &passage.a,
            Side::B => &passage.b,
        }
    }
}

/// Every text [`text`] shows, in the order it shows them: the paragraphs
/// of [`shown_paragraphs`], then both sides of every passage. A caller
/// looks up these and no others.
pub fn shown(report: &Report) -> impl Iterator<Item = Shown> + '_ {
    shown_paragraphs(report).map(Shown::Paragraph).chain(
        (0..report.passages.len())
            .flat_map(|index| [Side::A, Side::B].map(|side| Shown::Passage { index, side })),
    )
}

/// The text shown for one side of a passage in `document`, given the
/// bytes its spans point into (`source`) and the texts its reader
/// extracted (`texts`), as [`crate::paragraph_text`] takes them: for
/// plain text and Markdown the side's byte range decoded in the
/// document's encoding; for HTML, .docx and records, whose bytes are
/// markup, escapes or paragraph numbers, the extracted texts of the whole
/// paragraphs the side touches, joined by a blank line. `None` if the
/// range lies outside `source`, touches no paragraph, or the extracted
/// texts were not kept.
pub fn passage_text(
    document: &DocumentReport,
    source: &[u8],
    texts: Option<&ExtractedTexts>,
    side: &PassageSide,
) -> Option<String> {
    crate::analyze::span_text(document, source, texts, side.start, side.end)
}

/// A readable summary: totals, document overlaps, every cluster with
/// `file:line` references and each copy's differences from its original,
/// then every passage with `file:line–line` on both sides and a shortened
/// word diff of the two sides.
///
/// `lookup` gives the text to show for a paragraph or a passage side; it
/// is asked only for the texts of [`shown`] (`None` shows nothing):
/// [`crate::paragraph_text`] gives a paragraph's (the decoded span for
/// plain text and Markdown, the text the reader extracted for HTML, .docx
/// and records), [`passage_text`] a passage side's.
pub fn text<'t>(report: &Report, lookup: impl Fn(Shown) -> Option<&'t str>) -> String {
    written(|out| write_text(report, lookup, out))
}

/// Writes [`text`] to `sink` a piece at a time, so a long report is never
/// held whole in memory.
pub fn write_text<'t>(
    report: &Report,
    lookup: impl Fn(Shown) -> Option<&'t str>,
    sink: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    /// Bytes gathered before they are written out.
    const CHUNK: usize = 1 << 16;
    let paragraph = |l: Loc| lookup(Shown::Paragraph(l));
    let s = &report.summary;
    let mut out = String::new();
    let name = |doc: u32| {
        report
            .documents
            .get(doc as usize)
            .map_or_else(String::new, |d| escape::terminal(&d.name).into_owned())
    };
    let at = |l: Loc| format!("{}:{}", name(l.doc), para(report, l).line);
    let _ = writeln!(
        out,
        "paradup {}: {} documents, {} paragraphs ({} compared)",
        report.tool.version, s.documents, s.paragraphs, s.compared_paragraphs
    );
    let share = if s.paragraph_bytes == 0 {
        0.0
    } else {
        100.0 * s.duplicated_bytes as f64 / s.paragraph_bytes as f64
    };
    let _ = writeln!(
        out,
        "{} duplicate paragraphs in {} clusters ({} boilerplate), {:.1}% of all paragraph text",
        s.duplicate_paragraphs, s.clusters, s.boilerplate_clusters, share
    );
    let passages = if report.settings.passages {
        format!("{} reused passages", s.passages)
    } else {
        "passages not looked for (--no-passages)".to_owned()
    };
    let _ = writeln!(
        out,
        "{passages}; {} bytes repeat earlier text (in copied paragraphs or passages)",
        s.reused_bytes
    );
    if !report.templates.is_empty() {
        let _ = writeln!(out, "{}", ignored_line(report));
    }
    if let Some(line) = against_line(report) {
        let _ = writeln!(out, "{line}");
    }
    for s in &report.skipped {
        let _ = writeln!(
            out,
            "skipped: {}: {}",
            escape::terminal(&s.name),
            escape::terminal(&s.reason)
        );
    }
    for d in &report.documents {
        for w in &d.warnings {
            let _ = writeln!(
                out,
                "note: {}: {}",
                escape::terminal(&d.name),
                escape::terminal(w)
            );
        }
    }
    if !report.overlaps.is_empty() {
        let _ = writeln!(
            out,
            "\nDocuments sharing text (share of each that the other repeats):"
        );
        for o in &report.overlaps {
            if out.len() >= CHUNK {
                sink.write_all(out.as_bytes())?;
                out.clear();
            }
            let _ = writeln!(
                out,
                "  {} ({:.1}%)  <->  {} ({:.1}%)",
                name(o.a),
                100.0 * o.a_share,
                name(o.b),
                100.0 * o.b_share
            );
        }
    }
    for (i, c) in report.clusters.iter().enumerate() {
        if out.len() >= CHUNK {
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
        let _ = writeln!(
            out,
            "\n[{}] {}{} · {} copies in {} documents",
            i + 1,
            c.kind.as_str(),
            if c.boilerplate { " · boilerplate" } else { "" },
            c.copies.len(),
            c.documents
        );
        let original = paragraph(c.original).unwrap_or_default();
        let _ = writeln!(
            out,
            "  original  {}  {}",
            at(c.original),
            clip(&one_line(original), 160)
        );
        for copy in c.copies.iter().take(SHOWN_COPIES) {
            let l = Loc {
                doc: copy.doc,
                para: copy.para,
            };
            let _ = writeln!(
                out,
                "  copy      {}  {} similarity {:.4}, containment {:.4}",
                at(l),
                copy.kind.as_str(),
                copy.similarity,
                copy.containment
            );
            let text = paragraph(l).unwrap_or_default();
            if text != original {
                let _ = writeln!(out, "            {}", inline_diff(original, text));
            }
        }
        if c.copies.len() > SHOWN_COPIES {
            let _ = writeln!(
                out,
                "  … and {} more copies (--format json or csv lists them all)",
                c.copies.len() - SHOWN_COPIES
            );
        }
    }
    if !report.passages.is_empty() {
        let _ = writeln!(
            out,
            "\nPassages reused inside and across paragraphs (earlier side first):"
        );
    }
    for (index, p) in report.passages.iter().enumerate() {
        if out.len() >= CHUNK {
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
        let side = |s: &PassageSide| {
            if s.end_line == s.line {
                format!("{}:{}", name(s.doc), s.line)
            } else {
                format!("{}:{}\u{2013}{}", name(s.doc), s.line, s.end_line)
            }
        };
        let _ = writeln!(
            out,
            "\n({}) {} \u{2194} {} \u{b7} {} \u{b7} {} words \u{b7} similarity {:.4}",
            index + 1,
            side(&p.a),
            side(&p.b),
            kind_name(p.kind),
            p.words,
            p.similarity
        );
        let docs = if p.a.doc == p.b.doc {
            vec![p.a.doc]
        } else {
            vec![p.a.doc, p.b.doc]
        };
        for doc in docs {
            let markup = report
                .documents
                .get(doc as usize)
                .is_some_and(|d| !d.format.spans_hold_text());
            if markup {
                let _ = writeln!(
                    out,
                    "    (whole paragraphs shown for {}: its bytes are markup, not the text)",
                    name(doc)
                );
            }
        }
        let a = lookup(Shown::Passage {
            index,
            side: Side::A,
        });
        let b = lookup(Shown::Passage {
            index,
            side: Side::B,
        });
        if let (Some(a), Some(b)) = (a, b) {
            for line in passage_diff(a, b) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    sink.write_all(out.as_bytes())
}

/// Differences as `[-deleted-]{+inserted+}`, with long unchanged stretches
/// and long changes shortened; a diff too long to work out word by word
/// ([`crate::diff::WordDiff::coarse`]) says so.
fn inline_diff(old: &str, new: &str) -> String {
    let mut out = String::new();
    let d = diff(old, new);
    for (k, span) in d.spans.iter().enumerate() {
        let t = one_line(&span.text);
        // `one_line` drops a leading space; the text's own is kept.
        if span.text.starts_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        if span.op != Op::Equal && t.trim().is_empty() {
            // Only spacing changed (a space before a mark, a line wrapped
            // elsewhere): the one space above stands for it.
            continue;
        }
        let (open, close) = match span.op {
            Op::Equal => {
                out.push_str(&clip(&t, 60));
                continue;
            }
            Op::Delete => ("[-", "-]"),
            Op::Insert => ("{+", "+}"),
        };
        // A change is set apart by spaces only where the text has them,
        // so a quote or full stop added to a word stays on it; a deletion
        // and the insertion that replaces it are kept apart.
        let _ = write!(out, "{open}{}{close}", clip(t.trim(), CHANGE_CHARS));
        if span.text.ends_with(char::is_whitespace)
            || d.spans.get(k + 1).is_some_and(|n| n.op != Op::Equal)
        {
            out.push(' ');
        }
    }
    let mut out = out.trim_end().to_owned();
    if d.coarse {
        out.push_str(" (too long to diff word by word)");
    }
    out
}

/// The most characters of one deleted or inserted stretch a text diff
/// shows; a coarse diff can delete a whole long paragraph.
const CHANGE_CHARS: usize = 240;

/// Words kept at each end of an unchanged stretch of a passage diff; a
/// longer stretch shows its ends around `… N words …`.
const EQUAL_EDGE: usize = 5;

/// Words kept at each end of a deleted or inserted stretch of a passage
/// diff.
const CHANGE_EDGE: usize = 12;

/// Width of a passage diff's lines (without their indent).
const DIFF_WIDTH: usize = 96;

/// Most lines of one passage diff; the rest is counted, not shown.
const DIFF_LINES: usize = 8;

/// The differences between a passage's two sides, shortened to a few
/// lines: whitespace runs become one space on both sides first (a
/// re-wrapped passage is not a change), unchanged stretches longer than a
/// few words show their ends around `… N words …`, changes are marked
/// `[-deleted-]` and `{+inserted+}` (long ones shortened alike), and the
/// words are wrapped at [`DIFF_WIDTH`] columns, at most [`DIFF_LINES`]
/// lines.
fn passage_diff(a: &str, b: &str) -> Vec<String> {
    let (a, b) = (one_line(a), one_line(b));
    let d = diff(&a, &b);
    let mut words: Vec<String> = Vec::new();
    // Whether the text before the next span ended inside a word (no space).
    let mut joined = false;
    let mut last_op = Op::Equal;
    for span in &d.spans {
        let (edge, open, close) = match span.op {
            Op::Equal => (EQUAL_EDGE, "", ""),
            Op::Delete => (CHANGE_EDGE, "[-", "-]"),
            Op::Insert => (CHANGE_EDGE, "{+", "+}"),
        };
        let mut run = shorten(span.text.split_whitespace(), edge);
        if run.is_empty() {
            // Only whitespace: what follows is set apart.
            joined = false;
            continue;
        }
        run[0].insert_str(0, open);
        if let Some(last) = run.last_mut() {
            last.push_str(close);
        }
        // A quote or full stop added to a word stays on it, as in the
        // text; a deletion and the insertion replacing it stay apart.
        let glue = joined
            && !span.text.starts_with(char::is_whitespace)
            && !(last_op == Op::Delete && span.op == Op::Insert);
        let mut run = run.into_iter();
        // Glued only while the two fit on a line: `wrap` clips a longer
        // "word" in its middle, which could cut a change's marks.
        let fits = |prev: &String, next: &String| {
            prev.chars().count() + next.chars().count() <= DIFF_WIDTH
        };
        if let (true, Some(prev)) = (glue, words.last_mut()) {
            if let Some(first) = run.next() {
                if fits(prev, &first) {
                    prev.push_str(&first);
                } else {
                    words.push(first);
                }
            }
        }
        words.extend(run);
        joined = !span.text.ends_with(char::is_whitespace);
        last_op = span.op;
    }
    if d.coarse {
        words.push("(too long to diff word by word)".to_owned());
    }
    let mut lines = wrap(&words, DIFF_WIDTH);
    if lines.len() > DIFF_LINES {
        let more = lines.len() - (DIFF_LINES - 1);
        lines.truncate(DIFF_LINES - 1);
        lines.push(format!("\u{2026} ({more} more lines of differences)"));
    }
    lines
}

/// The words of a run, or its first and last `edge` words around
/// `… N words …` when it is longer than that saves.
fn shorten<'s>(words: impl Iterator<Item = &'s str>, edge: usize) -> Vec<String> {
    let words: Vec<&str> = words.collect();
    // Cutting fewer than three words saves nothing.
    if words.len() <= 2 * edge + 3 {
        return words.into_iter().map(str::to_owned).collect();
    }
    let cut = words.len() - 2 * edge;
    let mut out: Vec<String> = words[..edge].iter().map(|w| (*w).to_owned()).collect();
    out.push(format!("\u{2026} {cut} words \u{2026}"));
    out.extend(words[words.len() - edge..].iter().map(|w| (*w).to_owned()));
    out
}

/// `words` joined by spaces into lines of at most `width` characters (a
/// longer word, clipped to [`CHANGE_CHARS`], gets a line of its own).
fn wrap(words: &[String], width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for w in words {
        let w = clip(w, CHANGE_CHARS);
        let n = w.chars().count();
        if len > 0 && len + 1 + n > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(&w);
        len += n;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_added_to_a_word_stay_on_it_and_changes_stay_apart() {
        let (old, new) = (
            "It said “several officials” closed the ramp. Then",
            "It cites \"several officials\" closed “the ramp.” Then",
        );
        let want = "It [-said-] {+cites+} [-“-] {+\"+}several officials[-”-] {+\"+} closed {+“+}the ramp.{+”+} Then";
        assert_eq!(passage_diff(old, new), [want]);
        assert_eq!(inline_diff(old, new), want);
        // A space dropped before a mark, or a line wrapped elsewhere, is
        // no change to show.
        assert_eq!(
            inline_diff("Quoi ? Oui, le chat\nrit", "Quoi? Oui, le chien rit"),
            "Quoi ? Oui, le [-chat-] {+chien+} rit"
        );
        // Text without spaces: a change glued to a long run of words is
        // set apart rather than clipped with its marks.
        let (a, b) = (
            format!("{}乙。{}", "甲".repeat(200), "丙".repeat(150)),
            format!("{}丁。{}", "甲".repeat(200), "丙".repeat(150)),
        );
        for line in passage_diff(&a, &b) {
            assert_eq!(
                line.matches("{+").count(),
                line.matches("+}").count(),
                "{line}"
            );
            assert_eq!(
                line.matches("[-").count(),
                line.matches("-]").count(),
                "{line}"
            );
        }
    }

    #[test]
    fn paragraphs_are_shown_on_one_line_and_escaped() {
        assert_eq!(
            one_line("a\u{1b}[31m\n\n b\u{202E}c\0"),
            "a\\u{001B}[31m b\\u{202E}c\\u{0000}"
        );
    }

    #[test]
    fn a_diff_too_long_for_words_is_short_and_says_so() {
        let old = "alpha beta gamma ".repeat(20_000);
        let new = "delta epsilon zeta ".repeat(20_000);
        let shown = inline_diff(&old, &new);
        assert!(
            shown.ends_with("(too long to diff word by word)"),
            "{shown}"
        );
        assert!(shown.chars().count() < 4 * CHANGE_CHARS, "{}", shown.len());
        // A short diff is word by word and has no note.
        let shown = inline_diff("the quick brown fox", "the slow brown fox");
        assert_eq!(shown, "the [-quick-] {+slow+} brown fox");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a=b+c.txt"), "a=b+c.txt");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        for (name, cell) in [
            ("=1+2.txt", "\"'=1+2.txt\""),
            ("+x.txt", "\"'+x.txt\""),
            ("-x.txt", "\"'-x.txt\""),
            ("@SUM(A1).txt", "\"'@SUM(A1).txt\""),
            ("\tx.txt", "\"'\tx.txt\""),
            ("\rx.txt", "\"'\rx.txt\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
        ] {
            assert_eq!(csv_field(name), cell, "{name:?}");
        }
    }

    #[test]
    fn text_asks_only_for_the_paragraphs_it_shows() {
        let footer = "Sign up for our weekly newsletter and never miss a story from the coast.";
        let files: Vec<(String, String)> = (0..SHOWN_COPIES + 3)
            .map(|i| (format!("f{i}.txt"), format!("Header {i}\n\n{footer}\n")))
            .collect();
        let report = crate::analyze(&files, crate::Options::default()).unwrap();
        assert_eq!(report.clusters.len(), 1);
        assert_eq!(report.clusters[0].copies.len(), SHOWN_COPIES + 2);
        let shown: Vec<Loc> = shown_paragraphs(&report).collect();
        assert_eq!(shown.len(), 1 + SHOWN_COPIES);
        assert_eq!(shown[0], Loc { doc: 0, para: 1 });
        assert_eq!(
            shown[SHOWN_COPIES],
            Loc {
                doc: SHOWN_COPIES as u32,
                para: 1
            }
        );
        let asked = std::cell::RefCell::new(Vec::new());
        let out = text(&report, |s| {
            asked.borrow_mut().push(s);
            Some(if s.doc(&report) == Some(3) {
                "an edited footer"
            } else {
                footer
            })
        });
        let mut asked = asked.into_inner();
        asked.sort();
        asked.dedup();
        let mut all: Vec<Shown> = super::shown(&report).collect();
        all.sort();
        assert_eq!(asked, all);
        let paragraphs: Vec<Loc> = asked
            .iter()
            .filter_map(|s| match s {
                Shown::Paragraph(l) => Some(*l),
                Shown::Passage { .. } => None,
            })
            .collect();
        assert_eq!(paragraphs, shown);
        assert!(
            out.contains(&format!("  original  f0.txt:3  {footer}\n")),
            "{out}"
        );
        assert!(out.contains("{+edited+}"), "{out}");
        assert!(out.contains("… and 2 more copies"), "{out}");
    }

    #[test]
    fn long_text_is_written_in_pieces() {
        // 1,500 clusters of a paragraph and its copy: well over 64 KiB.
        let files: Vec<(String, String)> = (0..1500)
            .map(|i| {
                // Words of their own for each paragraph, so none is near another.
                let x: String = [i / 676, i / 26 % 26, i % 26]
                    .iter()
                    .map(|&d| char::from(b'a' + d as u8))
                    .collect();
                let para = format!("{x}alpha {x}beta {x}gamma {x}delta {x}epsilon {x}zeta");
                (format!("f{i}.txt"), format!("{para}\n\n{para}\n"))
            })
            .collect();
        let report = crate::analyze(&files, crate::Options::default()).unwrap();
        assert_eq!(report.clusters.len(), 1500);
        struct Pieces(Vec<usize>, Vec<u8>);
        impl std::io::Write for Pieces {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.push(buf.len());
                self.1.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut sink = Pieces(Vec::new(), Vec::new());
        write_text(&report, |_| Some("text"), &mut sink).unwrap();
        assert!(sink.0.len() > 2, "{} writes", sink.0.len());
        assert!(sink.0.iter().all(|&n| n < (1 << 16) + 4096));
        assert_eq!(sink.1, text(&report, |_| Some("text")).into_bytes());
    }

    #[test]
    fn clip_keeps_ends() {
        let s = "x".repeat(100) + "END";
        let c = clip(&s, 30);
        assert!(c.ends_with("END") && c.contains('…'));
    }
}
