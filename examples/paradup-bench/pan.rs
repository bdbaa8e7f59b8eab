//! The PAN 2013 text-alignment benchmark: every (suspicious, source) pair of
//! the corpus subset in `../shared/corpora/pan13-train/` is analyzed, the
//! report's passages between the two documents become detections (with
//! `--no-passages`, its paragraph links, merged across `--gap`),
//! and PAN's measures (macro precision and recall over characters,
//! granularity, plagdet) score them against the ground truth, per
//! obfuscation category and overall.
//!
//! PAN counts Unicode characters, paradup reports byte spans: [`CharIndex`]
//! converts between the two exactly.
//!
//! The pairs are split deterministically into a tuning half and a check half
//! by the lowest bit of the xxh3-64 hash of `"<suspicious>\t<source>"`
//! (file names): 0 → tune, 1 → check. Tune on one, confirm on the other.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use paradup::{Options, Report};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Which pairs to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    /// The pairs whose name hash is even.
    Tune,
    /// The pairs whose name hash is odd.
    Check,
    /// Every pair (each half is still reported on its own).
    All,
}

/// Settings of the `pan` subcommand.
pub struct PanArgs {
    /// The corpus folder (with `pairs.tsv`, `susp/`, `src/`, `0N-*/`).
    pub dir: PathBuf,
    /// Which pairs to run.
    pub split: Split,
    /// Also analyze all documents of the chosen pairs as one corpus.
    pub whole: bool,
    /// Links at most this many characters apart on both sides merge into
    /// one detection; `None`: every link is a detection of its own.
    pub gap: Option<usize>,
    /// Per category, list the pairs with the lowest plagdet (0: none).
    pub worst: usize,
    /// Library options.
    pub options: Options,
}

/// PAN's obfuscation categories, in the corpus's folder order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// `01-no-plagiarism`: nothing reused.
    NoPlagiarism,
    /// `02-no-obfuscation`: verbatim copies.
    Verbatim,
    /// `03-random-obfuscation`: automatic random edits.
    Random,
    /// `04-translation-obfuscation`: machine-translation round trips.
    Translation,
    /// `05-summary-obfuscation`: human summaries.
    Summary,
}

impl Category {
    const ALL: [Category; 5] = [
        Category::NoPlagiarism,
        Category::Verbatim,
        Category::Random,
        Category::Translation,
        Category::Summary,
    ];

    /// The corpus's folder name.
    fn folder(self) -> &'static str {
        match self {
            Category::NoPlagiarism => "01-no-plagiarism",
            Category::Verbatim => "02-no-obfuscation",
            Category::Random => "03-random-obfuscation",
            Category::Translation => "04-translation-obfuscation",
            Category::Summary => "05-summary-obfuscation",
        }
    }

    fn from_folder(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.folder() == s)
    }
}

/// A half-open range of character offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// Just past the last character.
    pub end: usize,
}

impl Span {
    /// The span `[start, end)`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// PAN's overlap test: the two share at least one character.
    fn overlaps(self, o: Span) -> bool {
        self.start < o.end && o.start < self.end
    }
}

/// A case or a detection: a passage of the suspicious document and one of
/// the source document, within one pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Alignment {
    /// Index of the document pair.
    pub pair: usize,
    /// Characters in the suspicious document.
    pub susp: Span,
    /// Characters in the source document.
    pub src: Span,
}

impl Alignment {
    /// Whether `self` and `o` concern the same pair and overlap on both
    /// sides (PAN: a detection detects a case).
    fn overlaps(&self, o: &Alignment) -> bool {
        self.pair == o.pair && self.susp.overlaps(o.susp) && self.src.overlaps(o.src)
    }
}

/// Maps byte offsets of a UTF-8 text to character offsets and back.
pub struct CharIndex {
    /// Byte offset of every character, then the text's length.
    starts: Vec<usize>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CharIndex { starts }
    }

    /// The character offset of byte offset `byte`, or `None` when `byte`
    /// is past the end or inside a character.
    pub fn char_of_byte(&self, byte: usize) -> Option<usize> {
        self.starts.binary_search(&byte).ok()
    }

    /// The byte offset of character offset `ch`, or `None` past the end.
    pub fn byte_of_char(&self, ch: usize) -> Option<usize> {
        self.starts.get(ch).copied()
    }
}

/// PAN's measures over a set of cases and detections.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// Number of cases.
    pub cases: usize,
    /// Number of detections.
    pub detections: usize,
    /// Cases that at least one detection detects.
    pub detected: usize,
    /// Macro-averaged precision over detections.
    pub precision: f64,
    /// Macro-averaged recall over cases.
    pub recall: f64,
    /// Mean number of detections per detected case (1 when none is).
    pub granularity: f64,
    /// F1 / log2(1 + granularity).
    pub plagdet: f64,
}

/// For each alignment of `of`, the share of its characters (both sides
/// together) covered by the alignments of `by` that overlap it; the mean.
/// Recall is `coverage(cases, detections)`, precision the reverse. As in
/// PAN's own evaluation script: 1 when both sets are empty, 0 when only
/// one is.
fn macro_coverage(of: &[Alignment], by: &[Alignment]) -> f64 {
    if of.is_empty() && by.is_empty() {
        return 1.0;
    }
    if of.is_empty() || by.is_empty() {
        return 0.0;
    }
    let by_pair = group(by);
    let mut sum = 0.0;
    for a in of {
        let hits: Vec<&Alignment> = by_pair
            .get(&a.pair)
            .into_iter()
            .flatten()
            .filter(|b| a.overlaps(b))
            .copied()
            .collect();
        let covered = covered(a.susp, hits.iter().map(|b| b.susp))
            + covered(a.src, hits.iter().map(|b| b.src));
        let total = a.susp.len() + a.src.len();
        if total > 0 {
            sum += covered as f64 / total as f64;
        }
    }
    sum / of.len() as f64
}

/// The alignments by pair.
fn group(xs: &[Alignment]) -> HashMap<usize, Vec<&Alignment>> {
    let mut m: HashMap<usize, Vec<&Alignment>> = HashMap::new();
    for x in xs {
        m.entry(x.pair).or_default().push(x);
    }
    m
}

/// How many characters of `span` the union of `by` covers.
fn covered(span: Span, by: impl Iterator<Item = Span>) -> usize {
    let mut clipped: Vec<Span> = by
        .map(|b| Span::new(b.start.max(span.start), b.end.min(span.end)))
        .filter(|s| s.start < s.end)
        .collect();
    clipped.sort_unstable();
    let (mut total, mut reach) = (0, span.start);
    for s in clipped {
        let from = s.start.max(reach);
        if s.end > from {
            total += s.end - from;
            reach = s.end;
        }
    }
    total
}

/// PAN's precision, recall, granularity and plagdet of `detections`
/// against `cases`.
pub fn score(cases: &[Alignment], detections: &[Alignment]) -> Scores {
    let recall = macro_coverage(cases, detections);
    let precision = macro_coverage(detections, cases);
    let by_pair = group(detections);
    let (mut detected, mut hits) = (0, 0);
    for c in cases {
        let n = by_pair
            .get(&c.pair)
            .into_iter()
            .flatten()
            .filter(|d| c.overlaps(d))
            .count();
        if n > 0 {
            detected += 1;
            hits += n;
        }
    }
    // PAN's script: 1 when nothing is detected.
    let granularity = if detected == 0 {
        1.0
    } else {
        hits as f64 / detected as f64
    };
    let plagdet = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall) / (1.0 + granularity).log2()
    };
    Scores {
        cases: cases.len(),
        detections: detections.len(),
        detected,
        precision,
        recall,
        granularity,
        plagdet,
    }
}

/// One document pair of the corpus and its ground truth.
struct PairSpec {
    susp: String,
    src: String,
    category: Category,
    /// In the tuning half.
    tune: bool,
    /// The cases, `pair` being this pair's index.
    cases: Vec<Alignment>,
}

/// A document: its text and its character index.
struct Doc {
    text: String,
    index: CharIndex,
}

impl Doc {
    /// The text of a character span, or `None` past the end.
    fn slice(&self, span: Span) -> Option<&str> {
        let (a, b) = (
            self.index.byte_of_char(span.start)?,
            self.index.byte_of_char(span.end)?,
        );
        self.text.get(a..b)
    }
}

/// Whether a pair belongs to the tuning half (see the module comment).
fn in_tune_half(susp: &str, src: &str) -> bool {
    xxhash_rust::xxh3::xxh3_64(format!("{susp}\t{src}").as_bytes()) & 1 == 0
}

/// The `pan` subcommand.
pub fn run(args: &PanArgs) -> Result<(), String> {
    let dir = &args.dir;
    let list = dir.join("pairs.tsv");
    if !list.is_file() {
        return Err(format!(
            "pan: the PAN 2013 corpus is not at {} (no pairs.tsv there); it lives outside the repository, in ../shared/corpora/pan13-train/ — pass its folder with --dir",
            dir.display()
        ));
    }
    let t0 = Instant::now();
    let mut pairs = load_pairs(dir, &list)?;
    pairs.retain(|p| match args.split {
        Split::Tune => p.tune,
        Split::Check => !p.tune,
        Split::All => true,
    });
    for (i, p) in pairs.iter_mut().enumerate() {
        for c in &mut p.cases {
            c.pair = i;
        }
    }
    let docs = load_docs(dir, &pairs)?;
    let t_load = t0.elapsed();
    println!(
        "paradup-bench pan ({}): {} pairs ({} tune, {} check), {} documents, {:.2} MB; split: xxh3-64 of \"suspicious\\tsource\", even = tune, odd = check",
        dir.display(),
        pairs.len(),
        pairs.iter().filter(|p| p.tune).count(),
        pairs.iter().filter(|p| !p.tune).count(),
        docs.len(),
        docs.values().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6,
    );
    println!(
        "options: {}; {}",
        super::recall::describe(&args.options),
        match args.gap {
            Some(g) => format!("links merged across at most {g} characters"),
            None => "links not merged".to_string(),
        }
    );

    let t1 = Instant::now();
    let mut detections = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        let (s, r) = (&docs[&p.susp], &docs[&p.src]);
        let report = paradup::analyze(
            &[
                (format!("susp/{}", p.susp), s.text.as_bytes()),
                (format!("src/{}", p.src), r.text.as_bytes()),
            ],
            args.options.clone(),
        )
        .map_err(|e| format!("pan: analyzing {} with {}: {e}", p.susp, p.src))?;
        same_documents(&report, 2)?;
        let links = links(&report);
        detections.extend(detect(&report, &links, (0, s), (1, r), i, args.gap)?);
    }
    let t_pairs = t1.elapsed();
    println!(
        "\neach pair analyzed as its own two-document corpus ({:.2} s)",
        t_pairs.as_secs_f64()
    );
    print_halves(&pairs, &detections, args.split);
    if args.worst > 0 {
        print_worst(&pairs, &docs, &detections, args.worst);
    }

    if args.whole {
        let t2 = Instant::now();
        let names: Vec<&String> = docs.keys().collect();
        let slot: HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let inputs: Vec<(&str, &[u8])> = names
            .iter()
            .map(|n| (n.as_str(), docs[*n].text.as_bytes()))
            .collect();
        let report = paradup::analyze(&inputs, args.options.clone())
            .map_err(|e| format!("pan: analyzing the whole subset: {e}"))?;
        same_documents(&report, inputs.len())?;
        let links = links(&report);
        let mut whole = Vec::new();
        for (i, p) in pairs.iter().enumerate() {
            let s = (slot[p.susp.as_str()], &docs[&p.susp]);
            let r = (slot[p.src.as_str()], &docs[&p.src]);
            whole.extend(detect(&report, &links, s, r, i, args.gap)?);
        }
        println!(
            "\nall {} documents analyzed as one corpus ({:.2} s)",
            names.len(),
            t2.elapsed().as_secs_f64()
        );
        print_halves(&pairs, &whole, args.split);
    }
    println!(
        "\ntime: load {:.2} s, total {:.2} s",
        t_load.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Checks that the report has one document per input, in input order, so
/// its document indices are the inputs'.
fn same_documents(report: &Report, inputs: usize) -> Result<(), String> {
    if report.documents.len() == inputs {
        Ok(())
    } else {
        Err(format!(
            "pan: {inputs} documents analyzed, {} in the report",
            report.documents.len()
        ))
    }
}

/// Reads `pairs.tsv` and every pair's XML ground truth.
fn load_pairs(dir: &Path, list: &Path) -> Result<Vec<PairSpec>, String> {
    let tsv = std::fs::read_to_string(list).map_err(|e| format!("pan: {}: {e}", list.display()))?;
    let mut pairs = Vec::new();
    for (n, line) in tsv.lines().enumerate().skip(1) {
        let bad = || format!("pan: {} line {}: {line:?}", list.display(), n + 1);
        let f: Vec<&str> = line.split('\t').collect();
        let [susp, src, category, count] = f[..] else {
            return Err(bad());
        };
        let category = Category::from_folder(category).ok_or_else(bad)?;
        let count: usize = count.parse().map_err(|_| bad())?;
        let stem = |s: &str| s.strip_suffix(".txt").unwrap_or(s).to_string();
        let xml = dir
            .join(category.folder())
            .join(format!("{}-{}.xml", stem(susp), stem(src)));
        let cases = read_cases(&xml, susp, src)?;
        if cases.len() != count {
            return Err(format!(
                "pan: {} holds {} cases, pairs.tsv says {count}",
                xml.display(),
                cases.len()
            ));
        }
        pairs.push(PairSpec {
            susp: susp.to_string(),
            src: src.to_string(),
            category,
            tune: in_tune_half(susp, src),
            cases,
        });
    }
    Ok(pairs)
}

/// The `plagiarism` features of one ground-truth file, as alignments of
/// pair 0 (the caller renumbers them).
fn read_cases(xml: &Path, susp: &str, src: &str) -> Result<Vec<Alignment>, String> {
    let text = std::fs::read_to_string(xml).map_err(|e| format!("pan: {}: {e}", xml.display()))?;
    let bad = |what: String| format!("pan: {}: {what}", xml.display());
    let mut reader = Reader::from_str(&text);
    let mut cases = Vec::new();
    loop {
        let e = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => e,
            Ok(_) => continue,
            Err(e) => return Err(bad(e.to_string())),
        };
        let mut attrs: HashMap<String, String> = HashMap::new();
        for a in e.attributes() {
            let a = a.map_err(|e| bad(e.to_string()))?;
            let value = a.unescape_value().map_err(|e| bad(e.to_string()))?;
            attrs.insert(
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                value.into_owned(),
            );
        }
        let get = |k: &str| attrs.get(k).map(String::as_str);
        match e.name().as_ref() {
            b"document" if get("reference") != Some(susp) => {
                return Err(bad(format!("the document is not {susp}")));
            }
            b"feature" if get("name") == Some("plagiarism") => {
                if get("source_reference") != Some(src) {
                    return Err(bad(format!("a case whose source is not {src}")));
                }
                let num = |k: &str| -> Result<usize, String> {
                    get(k)
                        .and_then(|v| v.parse().ok())
                        .ok_or_else(|| bad(format!("a case without a number in {k}")))
                };
                let (so, sl) = (num("this_offset")?, num("this_length")?);
                let (ro, rl) = (num("source_offset")?, num("source_length")?);
                cases.push(Alignment {
                    pair: 0,
                    susp: Span::new(so, so + sl),
                    src: Span::new(ro, ro + rl),
                });
            }
            _ => {}
        }
    }
    Ok(cases)
}

/// Reads every document the pairs name and checks that their cases lie
/// inside them.
fn load_docs(dir: &Path, pairs: &[PairSpec]) -> Result<BTreeMap<String, Doc>, String> {
    let mut docs: BTreeMap<String, Doc> = BTreeMap::new();
    for p in pairs {
        for (folder, name) in [("susp", &p.susp), ("src", &p.src)] {
            if docs.contains_key(name) {
                continue;
            }
            let path = dir.join(folder).join(name);
            let bytes =
                std::fs::read(&path).map_err(|e| format!("pan: {}: {e}", path.display()))?;
            // The corpus is UTF-8 throughout; PAN's offsets count its characters.
            let text = String::from_utf8(bytes)
                .map_err(|e| format!("pan: {} is not UTF-8: {e}", path.display()))?;
            let index = CharIndex::new(&text);
            docs.insert(name.clone(), Doc { text, index });
        }
        let (sd, rd) = (&docs[&p.susp], &docs[&p.src]);
        for c in &p.cases {
            let (Some(st), Some(rt)) = (sd.slice(c.susp), rd.slice(c.src)) else {
                return Err(format!(
                    "pan: a case of {} / {} lies past the end of a document",
                    p.susp, p.src
                ));
            };
            // Verbatim cases hold the same words on both sides: a check of
            // the character offsets on real non-ASCII text.
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            if p.category == Category::Verbatim && words(st) != words(rt) {
                return Err(format!(
                    "pan: the verbatim case of {} / {} at characters {}..{} / {}..{} does not read the same on both sides",
                    p.susp, p.src, c.susp.start, c.susp.end, c.src.start, c.src.end
                ));
            }
        }
    }
    Ok(docs)
}

/// Every link between two paragraphs of different documents, by document
/// pair `(a, b)` with `a < b`, as `(paragraph of a, paragraph of b)`: the
/// report's pairs, and every two members of a cluster (original and
/// copies).
type Links = HashMap<(u32, u32), Vec<(u32, u32)>>;

fn links(report: &Report) -> Links {
    let mut out: Links = HashMap::new();
    let mut add = |x: (u32, u32), y: (u32, u32)| {
        let (x, y) = if x.0 <= y.0 { (x, y) } else { (y, x) };
        if x.0 != y.0 {
            out.entry((x.0, y.0)).or_default().push((x.1, y.1));
        }
    };
    for p in &report.pairs {
        add((p.a.doc, p.a.para), (p.b.doc, p.b.para));
    }
    for c in &report.clusters {
        let members: Vec<(u32, u32)> = std::iter::once((c.original.doc, c.original.para))
            .chain(c.copies.iter().map(|k| (k.doc, k.para)))
            .collect();
        for (i, &x) in members.iter().enumerate() {
            for &y in &members[i + 1..] {
                add(x, y);
            }
        }
    }
    for v in out.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    out
}

/// One side of a group of linked paragraphs: the inclusive range of
/// paragraph indices and the characters from the first one's start to the
/// last one's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Side {
    first: u32,
    last: u32,
    span: Span,
}

impl Side {
    /// Whether `self` and `o` overlap, are neighbouring paragraphs, or
    /// have at most `gap` characters between them.
    fn near(self, o: Side, gap: usize) -> bool {
        let neighbours =
            o.first <= self.last.saturating_add(1) && self.first <= o.last.saturating_add(1);
        let between = self
            .span
            .start
            .max(o.span.start)
            .saturating_sub(self.span.end.min(o.span.end));
        neighbours || between <= gap
    }

    fn join(self, o: Side) -> Side {
        Side {
            first: self.first.min(o.first),
            last: self.last.max(o.last),
            span: Span::new(
                self.span.start.min(o.span.start),
                self.span.end.max(o.span.end),
            ),
        }
    }
}

/// A group of linked paragraphs: its side in the suspicious and in the
/// source document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Block {
    susp: Side,
    src: Side,
}

/// Merges blocks that are near each other (see [`Side::near`]) on both
/// sides, until none are, so a passage that spans several paragraphs is
/// one detection (PAN counts fragments against granularity).
fn merge(mut blocks: Vec<Block>, gap: usize) -> Vec<Block> {
    loop {
        let mut merged = false;
        let mut i = 0;
        while i < blocks.len() {
            let mut j = i + 1;
            while j < blocks.len() {
                let (a, b) = (blocks[i], blocks[j]);
                if a.susp.near(b.susp, gap) && a.src.near(b.src, gap) {
                    blocks[i] = Block {
                        susp: a.susp.join(b.susp),
                        src: a.src.join(b.src),
                    };
                    blocks.swap_remove(j);
                    merged = true;
                } else {
                    j += 1;
                }
            }
            i += 1;
        }
        if !merged {
            break;
        }
    }
    blocks.sort_unstable();
    blocks
}

/// The detections of pair `pair` between documents `susp` and `src`
/// (report index and text): the links, their byte spans converted to
/// characters, merged with `gap` (not at all when it is `None`).
fn detect(
    report: &Report,
    links: &Links,
    susp: (usize, &Doc),
    src: (usize, &Doc),
    pair: usize,
    gap: Option<usize>,
) -> Result<Vec<Alignment>, String> {
    let (s, r) = (susp.0 as u32, src.0 as u32);
    if report.settings.passages {
        return passages(report, susp, src, pair);
    }
    let found: Vec<(u32, u32)> = if s < r {
        links.get(&(s, r)).cloned().unwrap_or_default()
    } else {
        let v = links.get(&(r, s)).cloned().unwrap_or_default();
        v.into_iter().map(|(a, b)| (b, a)).collect()
    };
    let side = |(doc, d): (usize, &Doc), para: u32| -> Result<Side, String> {
        let p = &report.documents[doc].paragraphs[para as usize];
        let ch = |x: u64| {
            d.index.char_of_byte(x as usize).ok_or_else(|| {
                format!(
                    "pan: byte {x} of {} is not a character boundary",
                    report.documents[doc].name
                )
            })
        };
        Ok(Side {
            first: para,
            last: para,
            span: Span::new(ch(p.start)?, ch(p.end)?),
        })
    };
    let blocks = found
        .into_iter()
        .map(|(a, b)| {
            Ok(Block {
                susp: side(susp, a)?,
                src: side(src, b)?,
            })
        })
        .collect::<Result<Vec<Block>, String>>()?;
    let blocks = match gap {
        Some(gap) => merge(blocks, gap),
        None => blocks,
    };
    Ok(blocks
        .into_iter()
        .map(|b| Alignment {
            pair,
            susp: b.susp.span,
            src: b.src.span,
        })
        .collect())
}

/// The detections of pair `pair` when the report has passages: each
/// passage between the two documents, as the aligner merged it (no further
/// merging: one reused passage is already one passage).
fn passages(
    report: &Report,
    susp: (usize, &Doc),
    src: (usize, &Doc),
    pair: usize,
) -> Result<Vec<Alignment>, String> {
    let (s, r) = (susp.0 as u32, src.0 as u32);
    let span = |(doc, d): (usize, &Doc), start: u64, end: u64| -> Result<Span, String> {
        let ch = |x: u64| {
            d.index.char_of_byte(x as usize).ok_or_else(|| {
                format!(
                    "pan: byte {x} of {} is not a character boundary",
                    report.documents[doc].name
                )
            })
        };
        Ok(Span::new(ch(start)?, ch(end)?))
    };
    let mut out = Vec::new();
    for p in &report.passages {
        let (on_susp, on_src) = if (p.a.doc, p.b.doc) == (s, r) {
            (p.a, p.b)
        } else if (p.a.doc, p.b.doc) == (r, s) {
            (p.b, p.a)
        } else {
            continue;
        };
        out.push(Alignment {
            pair,
            susp: span(susp, on_susp.start, on_susp.end)?,
            src: span(src, on_src.start, on_src.end)?,
        });
    }
    Ok(out)
}

/// Prints, per category, the `n` pairs with the lowest plagdet, with their
/// cases and detections (character spans, suspicious side first) and the
/// start of each detection's suspicious text.
fn print_worst(
    pairs: &[PairSpec],
    docs: &BTreeMap<String, Doc>,
    detections: &[Alignment],
    n: usize,
) {
    let of = |i: usize| -> Vec<Alignment> {
        detections.iter().filter(|d| d.pair == i).copied().collect()
    };
    for c in Category::ALL {
        let mut ranked: Vec<(f64, usize)> = (0..pairs.len())
            .filter(|&i| pairs[i].category == c)
            .map(|i| (score(&pairs[i].cases, &of(i)).plagdet, i))
            .filter(|&(p, _)| p < 1.0)
            .collect();
        ranked.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        println!("\nworst {} pairs of {}:", n.min(ranked.len()), c.folder());
        for &(plagdet, i) in ranked.iter().take(n) {
            let p = &pairs[i];
            let s = score(&p.cases, &of(i));
            println!(
                "  {} {} ({}): plagdet {plagdet:.3}, precision {:.3}, recall {:.3}, granularity {:.2}",
                p.susp,
                p.src,
                if p.tune { "tune" } else { "check" },
                s.precision,
                s.recall,
                s.granularity
            );
            let show = |span: Span, doc: &str| {
                let text = docs[doc].slice(span).unwrap_or("");
                let head: String = text.chars().take(60).collect();
                head.replace('\n', " ")
            };
            for a in &p.cases {
                println!(
                    "    case      susp {:>6}..{:<6} src {:>6}..{:<6} {:?}",
                    a.susp.start,
                    a.susp.end,
                    a.src.start,
                    a.src.end,
                    show(a.susp, &p.susp)
                );
            }
            for d in of(i) {
                println!(
                    "    detection susp {:>6}..{:<6} src {:>6}..{:<6} {:?}",
                    d.susp.start,
                    d.susp.end,
                    d.src.start,
                    d.src.end,
                    show(d.susp, &p.susp)
                );
            }
        }
    }
}

/// Prints the scores of the tuning half, the check half and (with
/// `--split all`) all pairs.
fn print_halves(pairs: &[PairSpec], detections: &[Alignment], split: Split) {
    let halves: &[(&str, Option<bool>)] = match split {
        Split::Tune => &[("tune", Some(true))],
        Split::Check => &[("check", Some(false))],
        Split::All => &[("tune", Some(true)), ("check", Some(false)), ("all", None)],
    };
    for &(label, tune) in halves {
        let chosen = |i: usize| tune.is_none_or(|t| pairs[i].tune == t);
        println!(
            "\n  {label:<28} {:>5} {:>5} {:>5} {:>8} {:>9} {:>7} {:>6} {:>7}",
            "pairs", "cases", "dets", "detected", "precision", "recall", "gran", "plagdet"
        );
        let mut rows: Vec<(String, Vec<usize>)> = Category::ALL
            .iter()
            .map(|&c| {
                let of: Vec<usize> = (0..pairs.len())
                    .filter(|&i| chosen(i) && pairs[i].category == c)
                    .collect();
                (c.folder().to_string(), of)
            })
            .collect();
        rows.push((
            "overall".to_string(),
            (0..pairs.len()).filter(|&i| chosen(i)).collect(),
        ));
        for (name, of) in rows {
            let cases: Vec<Alignment> = of
                .iter()
                .flat_map(|&i| pairs[i].cases.iter().copied())
                .collect();
            let dets: Vec<Alignment> = detections
                .iter()
                .filter(|d| of.binary_search(&d.pair).is_ok())
                .copied()
                .collect();
            let s = score(&cases, &dets);
            let or_dash = |ok: bool, x: f64, w: usize| {
                if ok {
                    format!("{x:>w$.4}")
                } else {
                    format!("{:>w$}", "-")
                }
            };
            println!(
                "  {name:<28} {:>5} {:>5} {:>5} {:>8} {} {} {} {}",
                of.len(),
                s.cases,
                s.detections,
                s.detected,
                or_dash(s.detections > 0, s.precision, 9),
                or_dash(s.cases > 0, s.recall, 7),
                or_dash(s.cases > 0, s.granularity, 6),
                or_dash(s.cases > 0, s.plagdet, 7),
            );
        }
        let clean: Vec<usize> = (0..pairs.len())
            .filter(|&i| chosen(i) && pairs[i].category == Category::NoPlagiarism)
            .collect();
        let flagged = clean
            .iter()
            .filter(|&&i| detections.iter().any(|d| d.pair == i))
            .count();
        println!(
            "  no-plagiarism pairs with any detection: {flagged} of {} ({:.1}%)",
            clean.len(),
            100.0 * flagged as f64 / clean.len().max(1) as f64
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn al(pair: usize, susp: (usize, usize), src: (usize, usize)) -> Alignment {
        Alignment {
            pair,
            susp: Span::new(susp.0, susp.1),
            src: Span::new(src.0, src.1),
        }
    }

    #[test]
    fn perfect_detection_scores_one() {
        let cases = [al(0, (10, 110), (0, 100)), al(1, (5, 50), (200, 260))];
        let s = score(&cases, &cases);
        assert_eq!((s.precision, s.recall, s.granularity), (1.0, 1.0, 1.0));
        assert_eq!(s.plagdet, 1.0);
        assert_eq!(s.detected, 2);
    }

    #[test]
    fn a_detection_split_in_two_has_granularity_two() {
        let cases = [al(0, (0, 100), (0, 100))];
        let dets = [al(0, (0, 50), (0, 50)), al(0, (50, 100), (50, 100))];
        let s = score(&cases, &dets);
        assert_eq!((s.precision, s.recall, s.granularity), (1.0, 1.0, 2.0));
        // F1 = 1, divided by log2(3).
        assert!((s.plagdet - 1.0 / 3f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn no_detections_means_zero_recall_and_plagdet() {
        let cases = [al(0, (0, 100), (0, 100))];
        let s = score(&cases, &[]);
        assert_eq!((s.recall, s.plagdet, s.detected), (0.0, 0.0, 0));
        assert_eq!(s.granularity, 1.0);
    }

    #[test]
    fn a_false_detection_lowers_precision_only() {
        let cases = [al(0, (0, 100), (0, 100))];
        let exact = al(0, (0, 100), (0, 100));
        // In another pair: detects nothing, contributes 0 to precision.
        let wrong_pair = al(1, (0, 100), (0, 100));
        // Right pair, but overlapping the case on one side only.
        let one_side = al(0, (0, 100), (500, 600));
        for false_one in [wrong_pair, one_side] {
            let s = score(&cases, &[exact, false_one]);
            assert_eq!((s.precision, s.recall, s.granularity), (0.5, 1.0, 1.0));
            assert!((s.plagdet - 2.0 / 3.0).abs() < 1e-12);
        }
    }

    #[test]
    fn partial_overlap_counts_characters_on_both_sides() {
        // The detection covers half the case in the suspicious document and
        // all of it in the source: (50 + 100) / 200 of the case; of its own
        // 50 + 200 characters, 50 + 100 lie in the case.
        let cases = [al(0, (0, 100), (0, 100))];
        let s = score(&cases, &[al(0, (50, 100), (0, 200))]);
        assert!((s.recall - 0.75).abs() < 1e-12);
        assert!((s.precision - 0.6).abs() < 1e-12);
        // Two detections covering the same characters count them once.
        let twice = [al(0, (0, 60), (0, 100)), al(0, (40, 100), (0, 100))];
        assert_eq!(score(&cases, &twice).recall, 1.0);
    }

    #[test]
    fn char_and_byte_offsets_convert_exactly() {
        // 'é' is 2 bytes, '—' 3, '😀' 4.
        let text = "café — 😀 x";
        let ix = CharIndex::new(text);
        let n = text.chars().count();
        for (ch, (byte, c)) in text.char_indices().enumerate() {
            assert_eq!(ix.char_of_byte(byte), Some(ch), "char {c:?}");
            assert_eq!(ix.byte_of_char(ch), Some(byte));
        }
        assert_eq!(ix.char_of_byte(3), Some(3)); // 'é' starts at byte 3
        assert_eq!(ix.char_of_byte(4), None); // inside 'é'
        assert_eq!(ix.char_of_byte(6), Some(5)); // '—' after "é "
        assert_eq!(ix.char_of_byte(7), None); // inside '—'
        assert_eq!(ix.byte_of_char(7), Some(10)); // '😀'
        assert_eq!(ix.char_of_byte(text.len()), Some(n));
        assert_eq!(ix.byte_of_char(n), Some(text.len()));
        assert_eq!(ix.byte_of_char(n + 1), None);
        assert_eq!(ix.char_of_byte(text.len() + 1), None);
        // A slice taken through the index is the same text either way.
        let (a, b) = (ix.byte_of_char(2).unwrap(), ix.byte_of_char(8).unwrap());
        assert_eq!(&text[a..b], "fé — 😀");
    }

    /// A block linking paragraph `s` (characters `ss`) with paragraph `r`
    /// (characters `rs`).
    fn block(s: u32, ss: (usize, usize), r: u32, rs: (usize, usize)) -> Block {
        let side = |i, (a, b)| Side {
            first: i,
            last: i,
            span: Span::new(a, b),
        };
        Block {
            susp: side(s, ss),
            src: side(r, rs),
        }
    }

    #[test]
    fn neighbouring_links_merge_into_one_detection() {
        // Paragraphs 3, 4, 5 of one side copy 10, 11, 12 of the other, with
        // a line break between them; 20 and 30 are a separate match far away.
        let links = vec![
            block(4, (101, 200), 11, (1101, 1200)),
            block(3, (0, 100), 10, (1000, 1100)),
            block(20, (5000, 5100), 30, (9000, 9100)),
            block(5, (201, 300), 12, (1201, 1300)),
        ];
        let b = merge(links, 0);
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].susp.first, b[0].susp.last), (3, 5));
        assert_eq!((b[0].src.first, b[0].src.last), (10, 12));
        assert_eq!(
            (b[0].susp.span, b[0].src.span),
            (Span::new(0, 300), Span::new(1000, 1300))
        );
        assert_eq!(b[1].susp.span, Span::new(5000, 5100));
    }

    #[test]
    fn links_near_on_one_side_only_stay_apart() {
        let links = vec![
            block(3, (0, 100), 10, (1000, 1100)),
            block(4, (101, 200), 20, (3000, 3100)),
        ];
        assert_eq!(merge(links.clone(), 0).len(), 2);
        assert_eq!(merge(links, 1000).len(), 2);
    }

    #[test]
    fn the_gap_bridges_unlinked_paragraphs_between_links() {
        // Paragraphs 4 and 5 (100 characters) lie between two links whose
        // source paragraphs are neighbours.
        let links = vec![
            block(3, (0, 100), 10, (1000, 1100)),
            block(6, (200, 300), 11, (1101, 1200)),
        ];
        assert_eq!(merge(links.clone(), 99).len(), 2);
        let b = merge(links, 100);
        assert_eq!(b.len(), 1);
        assert_eq!(
            (b[0].susp.span, b[0].src.span),
            (Span::new(0, 300), Span::new(1000, 1200))
        );
    }

    #[test]
    fn pairs_split_about_evenly() {
        let names: Vec<(String, String)> = (0..400)
            .map(|i| {
                (
                    format!("suspicious-document{i:05}.txt"),
                    format!("source-document{:05}.txt", i * 7),
                )
            })
            .collect();
        let tune = names.iter().filter(|(s, r)| in_tune_half(s, r)).count();
        assert!(
            (150..=250).contains(&tune),
            "{tune} of 400 in the tuning half"
        );
    }

    #[test]
    fn a_missing_corpus_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join("paradup-bench-pan-no-such-corpus");
        let e = run(&PanArgs {
            dir,
            split: Split::All,
            whole: false,
            gap: Some(0),
            worst: 0,
            options: Options::default(),
        })
        .unwrap_err();
        assert!(e.contains("not at") && e.contains("--dir"), "{e}");
    }
}
