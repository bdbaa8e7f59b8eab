//! Planted passages for the recall benchmark: runs of sentences lifted from
//! source documents into paragraphs of other text, edited in one way per
//! target document, written blank-line separated, one paragraph per line,
//! or hard-wrapped, and scored at character level with PAN's measures
//! (`pan::score`) against the report's `passages`.
//!
//! The text is typographic (curly quotes and apostrophes, em dashes,
//! ellipses) and names people with accented names, so character offsets
//! differ from byte offsets as in real text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use paradup::{Analyzer, Options, Report};

use super::pan::{self, Alignment, CharIndex, Span};
use super::text::{capitalize, recase, Para, Rng, Topic, Vocab, Writer};

/// How a lifted passage is edited in its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edit {
    /// Unchanged.
    Verbatim,
    /// About one content word in eight replaced.
    ChangedWords,
    /// About one word in sixteen inserted and one in sixteen deleted.
    InsertedDeleted,
    /// Typographic quotes, dashes and ellipses made plain, commas moved.
    Repunct,
    /// Upper, lower, title or random case.
    Recase,
    /// Quoted as a whole, inner quotation marks changed to single ones.
    Requote,
    /// The same words, wrapped at another width than the source.
    Rewrap,
    /// A phrase of two or three words moved inside each sentence.
    Reordered,
}

impl Edit {
    /// Every edit, in table order.
    pub const ALL: [Edit; 8] = [
        Edit::Verbatim,
        Edit::ChangedWords,
        Edit::InsertedDeleted,
        Edit::Repunct,
        Edit::Recase,
        Edit::Requote,
        Edit::Rewrap,
        Edit::Reordered,
    ];

    fn name(self) -> &'static str {
        match self {
            Edit::Verbatim => "verbatim",
            Edit::ChangedWords => "changed words",
            Edit::InsertedDeleted => "inserted/deleted",
            Edit::Repunct => "re-punctuated",
            Edit::Recase => "re-cased",
            Edit::Requote => "re-quoted",
            Edit::Rewrap => "re-wrapped",
            Edit::Reordered => "reordered",
        }
    }
}

/// How a document's paragraphs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layout {
    /// Blank lines between one-line paragraphs.
    Blank,
    /// One paragraph per line, no blank lines.
    Line,
    /// Hard-wrapped at this many columns, blank lines between paragraphs.
    Wrap(usize),
}

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::Blank => "blank lines",
            Layout::Line => "one per line",
            Layout::Wrap(_) => "hard-wrapped",
        }
    }
}

/// Given names and family names for the generated text (written for this
/// benchmark), many with letters outside ASCII.
const GIVEN: &[&str] = &[
    "Zoë",
    "José",
    "Chloé",
    "Søren",
    "Márta",
    "Jürgen",
    "Íñigo",
    "Łucja",
    "Ömer",
    "François",
    "Inês",
    "Björn",
    "Anaïs",
    "Dragoș",
    "Renée",
    "Tomáš",
];
const FAMILY: &[&str] = &[
    "Lefèvre",
    "Ødegård",
    "Kovács",
    "Weiß",
    "Ibáñez",
    "Dvořák",
    "Çelik",
    "Gonçalves",
    "Núñez",
    "Štěpánek",
    "Müller",
    "Þórsdóttir",
    "Ångström",
    "Grüning",
    "Piñera",
    "Nguyễn",
];

/// A generated document with its byte → character index.
pub struct Doc {
    /// File name.
    pub name: String,
    /// UTF-8 bytes.
    pub bytes: Vec<u8>,
    /// Sentences of each paragraph (sources only), with each sentence's
    /// byte span in `bytes`.
    sentences: Vec<Vec<(usize, usize)>>,
}

/// One planted passage: where it lies in its target and its source.
pub struct Case {
    /// Target (later) document.
    pub target: usize,
    /// Source document.
    pub source: usize,
    /// Bytes of the passage in the target.
    pub in_target: (usize, usize),
    /// Bytes of the lifted sentences in the source.
    pub in_source: (usize, usize),
    /// How it was edited.
    pub edit: Edit,
    /// How the target is written.
    pub layout: Layout,
    /// Whether the lifted sentences cross a paragraph boundary of the
    /// source.
    pub crossing: bool,
}

/// The generated corpus: sources first, then targets.
pub struct Corpus {
    /// Documents in input order.
    pub docs: Vec<Doc>,
    /// Number of source documents (the first ones).
    pub sources: usize,
    /// Each target's edit and layout.
    pub targets: Vec<(Edit, Layout)>,
    /// The planted passages.
    pub cases: Vec<Case>,
}

/// Makes generated sentences typographic: curly quotes and apostrophes,
/// em dashes, ellipses; sometimes a person's accented name.
fn typeset(rng: &mut Rng, sentence: &str) -> String {
    let mut words: Vec<String> = sentence.split(' ').map(str::to_owned).collect();
    if words.len() > 4 && rng.chance(0.3) {
        let name = format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY));
        let at = rng.range(1, words.len() - 2);
        words.insert(at, name);
    }
    let mut open = true;
    let mut out = String::with_capacity(sentence.len() + 16);
    for c in words.join(" ").chars() {
        match c {
            '"' => {
                out.push(if open { '“' } else { '”' });
                open = !open;
            }
            '\'' => out.push('’'),
            _ => out.push(c),
        }
    }
    out.replace(" -- ", " — ").replace("...", "…")
}

/// A typographic paragraph of `min..=max` words.
fn paragraph(rng: &mut Rng, w: &Writer, topic: &Topic, min: usize, max: usize) -> Vec<String> {
    let Para { sentences } = w.paragraph(rng, Some(topic), min, max);
    sentences.iter().map(|s| typeset(rng, s)).collect()
}

/// Splits a token into leading punctuation, word, trailing punctuation.
fn split_token(t: &str) -> (&str, &str, &str) {
    let start = t.find(char::is_alphanumeric).unwrap_or(t.len());
    let end = t.rfind(char::is_alphanumeric).map_or(start, |i| {
        i + t[i..].chars().next().map_or(1, char::len_utf8)
    });
    (&t[..start], &t[start..end], &t[end..])
}

/// Applies `edit` to the lifted sentences; returns the passage's text.
fn apply(rng: &mut Rng, vocab: &Vocab, edit: Edit, sentences: &[String]) -> String {
    let text = sentences.join(" ");
    match edit {
        Edit::Verbatim | Edit::Rewrap => text,
        Edit::ChangedWords => {
            let mut tokens: Vec<String> = text.split(' ').map(str::to_owned).collect();
            let n = tokens.len();
            for _ in 0..n.div_ceil(8) {
                let i = rng.below(n);
                let (lead, word, tail) = split_token(&tokens[i]);
                if word.is_empty() {
                    continue;
                }
                let mut new = vocab.zipf(rng).to_owned();
                if word.chars().next().is_some_and(char::is_uppercase) {
                    capitalize(&mut new);
                }
                tokens[i] = format!("{lead}{new}{tail}");
            }
            tokens.join(" ")
        }
        Edit::InsertedDeleted => {
            let mut tokens: Vec<String> = text.split(' ').map(str::to_owned).collect();
            let ops = tokens.len().div_ceil(16);
            for _ in 0..ops {
                let i = rng.range(1, tokens.len() - 1);
                tokens.insert(i, vocab.zipf(rng).to_owned());
                let j = rng.range(1, tokens.len() - 2);
                // Keep sentence ends: delete only words without a full stop.
                if !tokens[j].ends_with(['.', '?', '!', '…', '”']) {
                    tokens.remove(j);
                }
            }
            tokens.join(" ")
        }
        Edit::Repunct => {
            let plain = text
                .replace(['“', '”'], "\"")
                .replace('’', "'")
                .replace(" — ", " -- ")
                .replace('…', "...");
            let mut tokens: Vec<String> = plain.split(' ').map(str::to_owned).collect();
            let n = tokens.len();
            for t in tokens.iter_mut().take(n - 1) {
                if t.ends_with(',') {
                    t.pop();
                } else if t.chars().last().is_some_and(char::is_alphanumeric) && rng.chance(0.1) {
                    t.push(',');
                }
            }
            tokens.join(" ")
        }
        Edit::Recase => recase(rng, &text),
        Edit::Requote => {
            let inner = text.replace('“', "‘").replace('”', "’");
            let (open, close) =
                *rng.pick(&[("“", "”"), ("«\u{a0}", "\u{a0}»"), ("„", "“"), ("\"", "\"")]);
            format!("{open}{inner}{close}")
        }
        Edit::Reordered => sentences
            .iter()
            .map(|s| {
                let mut tokens: Vec<String> = s.split(' ').map(str::to_owned).collect();
                let n = tokens.len();
                if n >= 7 {
                    // Move a phrase from before the last word elsewhere
                    // before the last word.
                    let len = rng.range(2, 3);
                    let from = rng.range(1, n - 1 - len);
                    let phrase: Vec<String> = tokens.drain(from..from + len).collect();
                    let mut to = rng.range(1, n - 1 - len);
                    if to == from {
                        to = if from > 1 { from - 1 } else { from + 1 };
                    }
                    for (k, t) in phrase.into_iter().enumerate() {
                        tokens.insert(to + k, t);
                    }
                }
                tokens.join(" ")
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Writes paragraphs in `layout` with `\n` line ends; returns the bytes and,
/// for each paragraph, the document offset of every byte of its text (and
/// of its end), so spans inside a paragraph map exactly.
fn render(paras: &[String], layout: Layout) -> (Vec<u8>, Vec<Vec<usize>>) {
    let mut out = Vec::new();
    let mut maps = Vec::with_capacity(paras.len());
    for (i, p) in paras.iter().enumerate() {
        if i > 0 && layout != Layout::Line {
            out.push(b'\n');
        }
        let mut map = Vec::with_capacity(p.len() + 1);
        match layout {
            Layout::Blank | Layout::Line => {
                map.extend((0..=p.len()).map(|k| out.len() + k));
                out.extend_from_slice(p.as_bytes());
            }
            Layout::Wrap(width) => {
                let mut col = 0;
                for (k, w) in p.split(' ').enumerate() {
                    let len = w.chars().count();
                    if k > 0 {
                        // The space becomes a line break or stays a space.
                        map.push(out.len());
                        if col + 1 + len > width {
                            out.push(b'\n');
                            col = 0;
                        } else {
                            out.push(b' ');
                            col += 1;
                        }
                    }
                    map.extend((0..w.len()).map(|k| out.len() + k));
                    out.extend_from_slice(w.as_bytes());
                    col += len;
                }
                map.push(out.len());
            }
        }
        maps.push(map);
        out.push(b'\n');
    }
    (out, maps)
}

/// Generates `per_cell` target documents for every edit and layout (the
/// re-wrapped ones always hard-wrapped at 40–60 columns, from sources
/// written one paragraph per line), each with three passages from three
/// sources, and as many source documents.
pub fn generate(seed: u64, per_cell: usize) -> Corpus {
    let mut rng = Rng::new(seed ^ 0x7061_7373);
    let vocab = Vocab::new(&mut rng, 4000);
    let w = Writer { vocab: &vocab };
    let layouts = [Layout::Blank, Layout::Line, Layout::Wrap(72)];
    let mut targets = Vec::new();
    for edit in Edit::ALL {
        for layout in layouts {
            for _ in 0..per_cell {
                let layout = if edit == Edit::Rewrap {
                    Layout::Wrap(rng.range(40, 60))
                } else {
                    layout
                };
                targets.push((edit, layout));
            }
        }
    }
    let nsources = targets.len();
    let mut docs = Vec::new();
    let mut topics = Vec::new();
    let mut source_text: Vec<Vec<Vec<String>>> = Vec::new();
    let mut source_layout = Vec::new();
    for s in 0..nsources {
        let topic = Topic::new(&mut rng, &vocab);
        let n = rng.range(8, 14);
        let paras: Vec<Vec<String>> = (0..n)
            .map(|_| paragraph(&mut rng, &w, &topic, 40, 90))
            .collect();
        let layout = layouts[s % 3];
        let joined: Vec<String> = paras.iter().map(|p| p.join(" ")).collect();
        let (bytes, maps) = render(&joined, layout);
        let sentences = paras
            .iter()
            .zip(&maps)
            .map(|(p, map)| {
                let mut at = 0;
                p.iter()
                    .map(|s| {
                        let span = (map[at], map[at + s.len()]);
                        at += s.len() + 1;
                        span
                    })
                    .collect()
            })
            .collect();
        docs.push(Doc {
            name: format!("src{s:03}-{}.txt", layout.name().replace(' ', "-")),
            bytes,
            sentences,
        });
        topics.push(topic);
        source_text.push(paras);
        source_layout.push(layout);
    }
    let mut cases = Vec::new();
    let mut used = std::collections::HashSet::new();
    for (t, &(edit, layout)) in targets.iter().enumerate() {
        let doc = docs.len();
        // Three distinct sources; re-wrapped passages come from one-line
        // paragraphs.
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < 3 {
            let s = rng.below(nsources);
            if !chosen.contains(&s) && (edit != Edit::Rewrap || source_layout[s] == Layout::Line) {
                chosen.push(s);
            }
        }
        // The host text is on the first source's topic: shared topic words
        // must not make a passage.
        let n = rng.range(8, 12);
        let mut paras: Vec<Vec<String>> = (0..n)
            .map(|_| paragraph(&mut rng, &w, &topics[chosen[0]], 30, 80))
            .collect();
        let mut hosts: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut hosts);
        let mut planted = Vec::new();
        for (k, &s) in chosen.iter().enumerate() {
            let src = &source_text[s];
            // Two to four sentences of at least 20 words; the third
            // passage of each target, and a fifth of the others, cross into
            // the next paragraph.
            let crossing = k == 2 || rng.chance(0.2);
            let (lifted, first, last) = loop {
                let p = rng.below(src.len() - 1);
                let take = rng.range(2, 4);
                let mut picked: Vec<(usize, usize)> = if crossing {
                    let before = rng.range(1, take - 1).min(src[p].len());
                    let after = (take - before).min(src[p + 1].len());
                    (src[p].len() - before..src[p].len())
                        .map(|i| (p, i))
                        .chain((0..after).map(|i| (p + 1, i)))
                        .collect()
                } else {
                    let start = rng.below(src[p].len());
                    (start..(start + take).min(src[p].len()))
                        .map(|i| (p, i))
                        .collect()
                };
                // Each source sentence is lifted once: two targets sharing
                // a sentence would be reuse the ground truth does not list.
                if picked.iter().any(|&(p, i)| used.contains(&(s, p, i))) {
                    continue;
                }
                let text: Vec<String> = picked.iter().map(|&(p, i)| src[p][i].clone()).collect();
                let words: usize = text.iter().map(|s| s.split(' ').count()).sum();
                if words >= 20
                    && (!crossing || picked.first().map(|x| x.0) != picked.last().map(|x| x.0))
                {
                    used.extend(picked.iter().map(|&(p, i)| (s, p, i)));
                    let last = picked.pop().expect("sentences picked");
                    let first = picked.first().copied().unwrap_or(last);
                    break (text, first, last);
                }
            };
            let in_source = (
                docs[s].sentences[first.0][first.1].0,
                docs[s].sentences[last.0][last.1].1,
            );
            let passage = apply(&mut rng, &vocab, edit, &lifted);
            let host = hosts[k];
            let at = rng.below(paras[host].len() + 1);
            paras[host].insert(at, passage);
            planted.push((s, host, at, in_source, crossing));
        }
        let joined: Vec<String> = paras.iter().map(|p| p.join(" ")).collect();
        let (bytes, maps) = render(&joined, layout);
        for (s, host, at, in_source, crossing) in planted {
            let start: usize = paras[host][..at].iter().map(|x| x.len() + 1).sum();
            let end = start + paras[host][at].len();
            cases.push(Case {
                target: doc,
                source: s,
                in_target: (maps[host][start], maps[host][end]),
                in_source,
                edit,
                layout,
                crossing,
            });
        }
        docs.push(Doc {
            name: format!("tgt{t:03}.txt"),
            bytes,
            sentences: Vec::new(),
        });
    }
    Corpus {
        docs,
        sources: nsources,
        targets,
        cases,
    }
}

/// Character spans of a document's bytes.
fn chars(index: &CharIndex, (start, end): (usize, usize)) -> Span {
    Span::new(
        index.char_of_byte(start).expect("a character boundary"),
        index.char_of_byte(end).expect("a character boundary"),
    )
}

/// The scored rows: per edit, per layout of the target, passages crossing a
/// source paragraph boundary, and overall.
pub struct Scored {
    /// `(row name, scores)`.
    pub rows: Vec<(String, pan::Scores)>,
    /// Passages between documents that share no planted passage, or
    /// inside one document.
    pub unplanted: Vec<String>,
}

/// Scores the report's passages against the planted ones.
pub fn score(corpus: &Corpus, report: &Report) -> Scored {
    let index: Vec<CharIndex> = corpus
        .docs
        .iter()
        .map(|d| CharIndex::new(std::str::from_utf8(&d.bytes).expect("generated UTF-8")))
        .collect();
    // A pair number per (later, earlier) document.
    let mut pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut pair_of = |later: usize, earlier: usize| {
        let n = pairs.len();
        *pairs.entry((later, earlier)).or_insert(n)
    };
    let cases: Vec<(Alignment, &Case)> = corpus
        .cases
        .iter()
        .map(|c| {
            let a = Alignment {
                pair: pair_of(c.target, c.source),
                susp: chars(&index[c.target], c.in_target),
                src: chars(&index[c.source], c.in_source),
            };
            (a, c)
        })
        .collect();
    let mut detections = Vec::new();
    let mut unplanted = Vec::new();
    for p in &report.passages {
        let (later, earlier) = (p.b.doc as usize, p.a.doc as usize);
        let a = Alignment {
            pair: pair_of(later, earlier),
            susp: chars(&index[later], (p.b.start as usize, p.b.end as usize)),
            src: chars(&index[earlier], (p.a.start as usize, p.a.end as usize)),
        };
        if !cases.iter().any(|(c, _)| c.pair == a.pair) {
            let mut line = String::new();
            let _ = write!(
                line,
                "{} {}..{} ~ {} {}..{} ({:?}, {} words)",
                corpus.docs[earlier].name,
                p.a.start,
                p.a.end,
                corpus.docs[later].name,
                p.b.start,
                p.b.end,
                p.kind,
                p.words
            );
            unplanted.push(line);
        }
        detections.push(a);
    }
    // A row scores the cases it selects and the detections in their pairs
    // and in their targets' pairs without a case (so a passage linking a
    // target to the wrong document lowers its row's precision).
    let with_case: Vec<usize> = cases.iter().map(|x| x.0.pair).collect();
    let row = |keep: &dyn Fn(&Case) -> bool| -> pan::Scores {
        let cs: Vec<Alignment> = cases.iter().filter(|(_, c)| keep(c)).map(|x| x.0).collect();
        let targets: Vec<usize> = corpus
            .cases
            .iter()
            .filter(|c| keep(c))
            .map(|c| c.target)
            .collect();
        let selected: Vec<usize> = pairs
            .iter()
            .filter(|&((later, _), n)| {
                cs.iter().any(|c| c.pair == *n)
                    || (targets.contains(later) && !with_case.contains(n))
            })
            .map(|(_, &n)| n)
            .collect();
        let ds: Vec<Alignment> = detections
            .iter()
            .filter(|d| selected.contains(&d.pair))
            .copied()
            .collect();
        pan::score(&cs, &ds)
    };
    let mut rows = Vec::new();
    for edit in Edit::ALL {
        rows.push((edit.name().to_owned(), row(&|c: &Case| c.edit == edit)));
    }
    for layout in ["blank lines", "one per line", "hard-wrapped"] {
        rows.push((
            format!("layout: {layout}"),
            row(&|c: &Case| c.layout.name() == layout),
        ));
    }
    rows.push((
        "crossing a source paragraph break".to_owned(),
        row(&|c: &Case| c.crossing),
    ));
    let overall = pan::score(&cases.iter().map(|x| x.0).collect::<Vec<_>>(), &detections);
    rows.push(("all (every passage reported)".to_owned(), overall));
    Scored { rows, unplanted }
}

/// Generates, analyzes and prints the planted-passage scores.
pub fn run(seed: u64, options: &Options) -> Result<(), String> {
    let corpus = generate(seed, 2);
    let mut a = Analyzer::new(options.clone()).map_err(|e| e.to_string())?;
    for d in &corpus.docs {
        a.add_document(&d.name, &d.bytes);
    }
    let t = std::time::Instant::now();
    let report = a.finish().map_err(|e| e.to_string())?;
    let elapsed = t.elapsed();
    let bytes: usize = corpus.docs.iter().map(|d| d.bytes.len()).sum();
    println!(
        "planted passages: {} sources, {} targets, {} passages of 2–4 sentences lifted into other paragraphs, {:.2} MB; analysis {:.3} s (finish); {} passages and {} paragraph pairs reported",
        corpus.sources,
        corpus.targets.len(),
        corpus.cases.len(),
        bytes as f64 / 1e6,
        elapsed.as_secs_f64(),
        report.passages.len(),
        report.pairs.len()
    );
    println!("character-level PAN measures of the report's passages:");
    println!(
        "  {:<36} {:>5} {:>5} {:>9} {:>7} {:>11} {:>8}",
        "planted", "cases", "found", "precision", "recall", "granularity", "plagdet"
    );
    let s = score(&corpus, &report);
    for (name, r) in &s.rows {
        println!(
            "  {:<36} {:>5} {:>5} {:>9.4} {:>7.4} {:>11.4} {:>8.4}",
            name, r.cases, r.detected, r.precision, r.recall, r.granularity, r.plagdet
        );
    }
    println!(
        "passages between documents that share no planted passage, or inside one: {}",
        s.unplanted.len()
    );
    for u in s.unplanted.iter().take(10) {
        println!("  {u}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planted_spans_hold_the_passages() {
        let c = generate(3, 1);
        assert_eq!(c.cases.len(), 3 * c.targets.len());
        for case in &c.cases {
            let t = std::str::from_utf8(&c.docs[case.target].bytes).unwrap();
            let s = std::str::from_utf8(&c.docs[case.source].bytes).unwrap();
            let (a, b) = case.in_target;
            let (x, y) = case.in_source;
            let copy: Vec<&str> = t[a..b].split_whitespace().collect();
            let orig: Vec<&str> = s[x..y].split_whitespace().collect();
            assert!(!t[a..b].starts_with(char::is_whitespace) && !t[a..b].ends_with(' '));
            if matches!(case.edit, Edit::Verbatim | Edit::Rewrap) {
                assert_eq!(copy, orig, "{:?}", case.edit);
            }
            assert!(orig.len() >= 20);
            if case.crossing {
                assert!(s[x..y].contains('\n'), "crosses a paragraph break");
            }
        }
    }

    #[test]
    fn a_perfect_detector_scores_one() {
        let c = generate(5, 1);
        let report = paradup::analyze::<&str, &[u8]>(&[], Options::default()).unwrap();
        let mut report = report;
        report.passages = c
            .cases
            .iter()
            .map(|k| paradup::Passage {
                a: side(k.source, k.in_source),
                b: side(k.target, k.in_target),
                words: 0,
                similarity: 1.0,
                kind: paradup::PassageKind::Verbatim,
            })
            .collect();
        let s = score(&c, &report);
        let all = s.rows.last().unwrap().1;
        assert_eq!(
            (all.precision, all.recall, all.granularity),
            (1.0, 1.0, 1.0)
        );
        assert!(s.unplanted.is_empty());
    }

    fn side(doc: usize, (start, end): (usize, usize)) -> paradup::PassageSide {
        paradup::PassageSide {
            doc: doc as u32,
            start: start as u64,
            end: end as u64,
            line: 1,
            end_line: 1,
        }
    }
}
