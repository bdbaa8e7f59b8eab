//! The recall benchmark: a generated corpus with planted edits and hard
//! negatives, analyzed through the library, scored against ground truth.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

use paradup::{Analyzer, Kind, Options, Report};

use super::text::{self, EditKind, Para, Rng, Style, Topic, Vocab, Writer};

/// Kinds of hard negatives: different paragraphs that must not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HardKind {
    /// Shares the first 5–8 words of its source, the rest is different.
    Opening,
    /// Reuses its source's content words in different sentences and order.
    Topic,
}

impl HardKind {
    fn name(self) -> &'static str {
        match self {
            HardKind::Opening => "shared opening (5-8 words)",
            HardKind::Topic => "same topic words, reordered",
        }
    }
}

/// What a written paragraph is, for ground truth.
#[derive(Clone, Debug)]
pub enum Label {
    /// Fresh text: source number.
    Fresh(u32),
    /// A planted copy of these sources.
    Copy(EditKind, Vec<u32>),
    /// A hard negative of this source.
    HardNeg(HardKind, u32),
}

impl Label {
    fn groups(&self) -> &[u32] {
        match self {
            Label::Fresh(id) => std::slice::from_ref(id),
            Label::Copy(_, s) => s,
            Label::HardNeg(..) => &[],
        }
    }
}

/// A paragraph as written into a document.
pub struct Written {
    /// Byte span of its text in the document.
    pub start: usize,
    /// End of that span.
    pub end: usize,
    /// What it is.
    pub label: Label,
    /// Its text (for diagnostics).
    pub text: String,
}

/// A generated document.
pub struct GenDoc {
    /// File name.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// How it was written.
    pub style: Style,
    /// Its paragraphs in order.
    pub paras: Vec<Written>,
}

/// One planted (copy, source) link to find.
pub struct Planted {
    kind: EditKind,
    doc: usize,
    para: usize,
    source: u32,
}

/// The generated corpus and its ground truth.
pub struct Corpus {
    /// Documents in input order.
    pub docs: Vec<GenDoc>,
    /// Where each source lives: (document, paragraph).
    sources: Vec<(usize, usize)>,
    planted: Vec<Planted>,
    hard: Vec<(HardKind, usize, usize, u32)>,
}

/// Generates the corpus for `seed` with `ndocs` documents.
pub fn generate(seed: u64, ndocs: usize) -> Corpus {
    let mut rng = Rng::new(seed);
    let vocab = Vocab::new(&mut rng, 4000);
    let w = Writer { vocab: &vocab };
    let mut pool: Vec<Para> = Vec::new();
    let mut sources = Vec::new();
    let mut planted = Vec::new();
    let mut hard = Vec::new();
    let mut docs = Vec::with_capacity(ndocs);
    let mut next_kind = 0usize;
    let mut next_hard = 0usize;
    for d in 0..ndocs {
        let topic = Topic::new(&mut rng, &vocab);
        let style = Style::ALL[d % Style::ALL.len()];
        let n = rng.range(12, 28);
        let avail = pool.len();
        let mut texts: Vec<String> = Vec::with_capacity(n);
        let mut labels: Vec<Label> = Vec::with_capacity(n);
        let mut fresh_here: Vec<Para> = Vec::new();
        for _ in 0..n {
            let r = rng.unit();
            if avail < 50 || r < 0.45 {
                let p = w.paragraph(&mut rng, Some(&topic), 15, 90);
                labels.push(Label::Fresh((avail + fresh_here.len()) as u32));
                texts.push(p.text());
                fresh_here.push(p);
            } else if r < 0.55 {
                let kind = [HardKind::Opening, HardKind::Topic][next_hard % 2];
                next_hard += 1;
                let s = rng.below(avail);
                let text = hard_negative(&mut rng, &w, &topic, &pool[s], kind);
                labels.push(Label::HardNeg(kind, s as u32));
                texts.push(text);
            } else {
                let kind = EditKind::ALL[next_kind % EditKind::ALL.len()];
                next_kind += 1;
                let (text, srcs) = plant(&mut rng, &w, &topic, &pool[..avail], kind);
                labels.push(Label::Copy(kind, srcs));
                texts.push(text);
            }
        }
        let mut bytes = Vec::new();
        let spans = text::render(&texts, style, &mut bytes);
        let mut paras = Vec::with_capacity(n);
        for (i, ((label, text), (start, end))) in
            labels.into_iter().zip(texts).zip(spans).enumerate()
        {
            match &label {
                Label::Fresh(id) => {
                    debug_assert_eq!(*id as usize, sources.len());
                    sources.push((d, i));
                }
                Label::Copy(kind, srcs) => {
                    for &s in srcs {
                        planted.push(Planted {
                            kind: *kind,
                            doc: d,
                            para: i,
                            source: s,
                        });
                    }
                }
                Label::HardNeg(kind, s) => hard.push((*kind, d, i, *s)),
            }
            paras.push(Written {
                start,
                end,
                label,
                text,
            });
        }
        pool.extend(fresh_here);
        docs.push(GenDoc {
            name: format!("doc{d:04}-{}.txt", style.name()),
            bytes,
            style,
            paras,
        });
    }
    Corpus {
        docs,
        sources,
        planted,
        hard,
    }
}

/// A source among `pool` meeting `ok`, trying at random.
fn pick_source(rng: &mut Rng, pool: &[Para], ok: impl Fn(&Para) -> bool) -> usize {
    for _ in 0..1000 {
        let i = rng.below(pool.len());
        if ok(&pool[i]) {
            return i;
        }
    }
    panic!("no suitable source paragraph in the pool");
}

/// Makes one planted copy of `kind`; returns its text and its sources.
fn plant(
    rng: &mut Rng,
    w: &Writer,
    topic: &Topic,
    pool: &[Para],
    kind: EditKind,
) -> (String, Vec<u32>) {
    let any = |_: &Para| true;
    match kind {
        EditKind::Exact => {
            let s = pick_source(rng, pool, any);
            (pool[s].text(), vec![s as u32])
        }
        EditKind::Recase => {
            let s = pick_source(rng, pool, any);
            (text::recase(rng, &pool[s].text()), vec![s as u32])
        }
        EditKind::Repunct => {
            let s = pick_source(rng, pool, any);
            (text::repunct(rng, &pool[s].text()), vec![s as u32])
        }
        EditKind::Dateline => {
            let s = pick_source(rng, pool, any);
            (
                format!("{}{}", text::dateline(rng), pool[s].text()),
                vec![s as u32],
            )
        }
        EditKind::Edit5 | EditKind::Edit10 => {
            let s = pick_source(rng, pool, any);
            let rate = if kind == EditKind::Edit5 { 0.05 } else { 0.10 };
            (
                text::edit_words(rng, w.vocab, &pool[s].text(), rate),
                vec![s as u32],
            )
        }
        EditKind::Reorder => {
            let s = pick_source(rng, pool, |p| p.sentences.len() >= 3);
            let mut order: Vec<usize> = (0..pool[s].sentences.len()).collect();
            while order.windows(2).all(|x| x[0] < x[1]) {
                rng.shuffle(&mut order);
            }
            let text = order
                .iter()
                .map(|&i| pool[s].sentences[i].as_str())
                .collect::<Vec<_>>()
                .join(" ");
            (text, vec![s as u32])
        }
        EditKind::GluedPair => {
            let a = pick_source(rng, pool, any);
            let b = pick_source(rng, pool, |p| !std::ptr::eq(p, &pool[a]));
            (
                format!("{} {}", pool[a].text(), pool[b].text()),
                vec![a as u32, b as u32],
            )
        }
        EditKind::GluedMore => {
            let s = pick_source(rng, pool, any);
            (
                format!("MORE: {}{}", w.headline(rng), pool[s].text()),
                vec![s as u32],
            )
        }
        EditKind::Half => {
            // Both halves longer than a hard negative's shared opening.
            let s = pick_source(rng, pool, |p| half_cut(p).is_some());
            let p = &pool[s];
            let cut = half_cut(p).expect("checked");
            let part = if rng.chance(0.5) {
                &p.sentences[..cut]
            } else {
                &p.sentences[cut..]
            };
            (part.join(" "), vec![s as u32])
        }
        EditKind::SentenceAdded => {
            let s = pick_source(rng, pool, any);
            (
                format!("{} {}", pool[s].text(), w.sentence(rng, Some(topic))),
                vec![s as u32],
            )
        }
    }
}

/// The sentence boundary closest to the middle of `p` that leaves both
/// halves at least 10 words long, if there is one.
fn half_cut(p: &Para) -> Option<usize> {
    let total = p.words();
    let mut best: Option<(usize, usize)> = None;
    let mut acc = 0;
    for i in 1..p.sentences.len() {
        acc += p.sentences[i - 1].split_whitespace().count();
        if acc >= 10 && total - acc >= 10 {
            let dist = acc.abs_diff(total / 2);
            if best.is_none_or(|b| dist < b.0) {
                best = Some((dist, i));
            }
        }
    }
    best.map(|b| b.1)
}

/// A paragraph that resembles `source` superficially but is not a copy.
fn hard_negative(
    rng: &mut Rng,
    w: &Writer,
    topic: &Topic,
    source: &Para,
    kind: HardKind,
) -> String {
    match kind {
        HardKind::Opening => {
            let text = source.text();
            let k = rng.range(5, 8);
            let prefix: Vec<&str> = text.split(' ').take(k).collect();
            let mut rest = w.paragraph(rng, Some(topic), 12, 80).text();
            if let Some(c) = rest.chars().next() {
                let low: String = c.to_lowercase().collect();
                rest.replace_range(..c.len_utf8(), &low);
            }
            format!("{} {}", prefix.join(" "), rest)
        }
        HardKind::Topic => {
            let mut bag: Vec<String> = source
                .text()
                .split(' ')
                .filter(|t| !text::is_function_word(t) && *t != "--")
                .map(|t| {
                    t.chars()
                        .filter(|c| c.is_alphanumeric() || *c == '\'')
                        .collect::<String>()
                        .to_lowercase()
                })
                .filter(|t| !t.is_empty())
                .collect();
            rng.shuffle(&mut bag);
            let mut sentences = Vec::new();
            while !bag.is_empty() {
                let len = rng.range(6, 16);
                sentences.push(w.sentence_from(rng, None, len, &mut bag));
            }
            sentences.join(" ")
        }
    }
}

/// Union-find over global paragraph indices.
struct Classes(Vec<u32>);

impl Classes {
    fn find(&mut self, x: u32) -> u32 {
        let mut r = x;
        while self.0[r as usize] != r {
            r = self.0[r as usize];
        }
        let mut x = x;
        while self.0[x as usize] != r {
            let next = self.0[x as usize];
            self.0[x as usize] = r;
            x = next;
        }
        r
    }
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb) as usize] = ra.min(rb);
        }
    }
}

/// The links a report makes, resolved through exact-equal paragraphs: two
/// paragraphs are linked when their exact classes are equal or a pair or a
/// cluster copy joins the two classes.
pub struct Links {
    offsets: Vec<u32>,
    classes: Classes,
    links: HashSet<(u32, u32)>,
}

impl Links {
    /// Builds the links of `report`.
    pub fn new(report: &Report) -> Self {
        let mut offsets = Vec::with_capacity(report.documents.len() + 1);
        let mut total = 0u32;
        for d in &report.documents {
            offsets.push(total);
            total += d.paragraphs.len() as u32;
        }
        offsets.push(total);
        let g = |l: paradup::Loc| offsets[l.doc as usize] + l.para;
        let mut classes = Classes((0..total).collect());
        for p in &report.pairs {
            if p.kind == Kind::Exact {
                classes.union(g(p.a), g(p.b));
            }
        }
        let mut links = HashSet::new();
        let mut add = |classes: &mut Classes, a: u32, b: u32| {
            let (ra, rb) = (classes.find(a), classes.find(b));
            links.insert((ra.min(rb), ra.max(rb)));
        };
        for p in &report.pairs {
            add(&mut classes, g(p.a), g(p.b));
        }
        for c in &report.clusters {
            let o = g(c.original);
            for copy in &c.copies {
                add(
                    &mut classes,
                    o,
                    g(paradup::Loc {
                        doc: copy.doc,
                        para: copy.para,
                    }),
                );
            }
        }
        Links {
            offsets,
            classes,
            links,
        }
    }

    /// Global index of a paragraph.
    pub fn global(&self, doc: usize, para: usize) -> u32 {
        self.offsets[doc] + para as u32
    }

    /// Whether the two paragraphs are linked.
    pub fn linked(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.classes.find(a), self.classes.find(b));
        ra == rb || self.links.contains(&(ra.min(rb), ra.max(rb)))
    }
}

/// Segmentation check of one style.
#[derive(Default, Clone)]
pub struct SegStat {
    docs: usize,
    written: usize,
    segmented: usize,
    exact_spans: usize,
    bad_docs: usize,
}

/// Everything measured on one run.
pub struct Score {
    per_kind: BTreeMap<EditKind, (usize, usize)>,
    seg: Vec<(Style, SegStat)>,
    pairs: usize,
    true_pairs: usize,
    fp_hard: usize,
    fp_other: usize,
    hard_reported: BTreeMap<HardKind, (usize, usize)>,
    misses: Vec<(EditKind, String, String)>,
    false_pairs: Vec<(String, String, Kind, f64, f64)>,
    seg_examples: Vec<String>,
}

impl Score {
    /// Mean recall over kinds and the lowest recall with its kind.
    fn recall_summary(&self) -> (f64, f64, EditKind) {
        let mut sum = 0.0;
        let mut min = (f64::INFINITY, EditKind::Exact);
        for (&k, &(planted, found)) in &self.per_kind {
            let r = found as f64 / planted.max(1) as f64;
            sum += r;
            if r < min.0 {
                min = (r, k);
            }
        }
        (sum / self.per_kind.len().max(1) as f64, min.0, min.1)
    }

    fn precision(&self) -> f64 {
        if self.pairs == 0 {
            1.0
        } else {
            self.true_pairs as f64 / self.pairs as f64
        }
    }
}

/// For each written paragraph of each document, the index of the report
/// paragraph containing its first byte; for each report paragraph, the
/// written paragraph containing its first byte.
struct SpanMap {
    written_to_report: Vec<Vec<usize>>,
    report_to_written: Vec<Vec<Option<usize>>>,
}

fn map_spans(
    corpus: &Corpus,
    report: &Report,
    keep_examples: usize,
) -> (SpanMap, Vec<(Style, SegStat)>, Vec<String>) {
    let mut examples = Vec::new();
    let mut seg: Vec<(Style, SegStat)> = Style::ALL
        .iter()
        .map(|&s| (s, SegStat::default()))
        .collect();
    let mut w2r = Vec::with_capacity(corpus.docs.len());
    let mut r2w = Vec::with_capacity(corpus.docs.len());
    for (doc, rd) in corpus.docs.iter().zip(&report.documents) {
        let rp = &rd.paragraphs;
        let stat = &mut seg
            .iter_mut()
            .find(|(s, _)| *s == doc.style)
            .expect("style listed")
            .1;
        stat.docs += 1;
        stat.written += doc.paras.len();
        stat.segmented += rp.len();
        if rp.len() != doc.paras.len() {
            stat.bad_docs += 1;
        }
        let mut w = Vec::with_capacity(doc.paras.len());
        for p in &doc.paras {
            let i = rp
                .partition_point(|r| r.start as usize <= p.start)
                .saturating_sub(1);
            if rp
                .get(i)
                .is_some_and(|r| r.start as usize == p.start && r.end as usize == p.end)
            {
                stat.exact_spans += 1;
            } else if examples.len() < keep_examples {
                let raw = String::from_utf8_lossy(&doc.bytes[p.start..p.end]);
                examples.push(format!(
                    "{} paragraph {} written as {:?}",
                    doc.name,
                    doc.paras
                        .iter()
                        .position(|q| q.start == p.start)
                        .unwrap_or(0),
                    raw
                ));
            }
            w.push(i);
        }
        let r: Vec<Option<usize>> = rp
            .iter()
            .map(|r| {
                let i = doc
                    .paras
                    .partition_point(|p| p.start <= r.start as usize)
                    .checked_sub(1)?;
                ((r.start as usize) < doc.paras[i].end).then_some(i)
            })
            .collect();
        w2r.push(w);
        r2w.push(r);
    }
    (
        SpanMap {
            written_to_report: w2r,
            report_to_written: r2w,
        },
        seg,
        examples,
    )
}

/// Scores `report` against the corpus's ground truth.
pub fn score(corpus: &Corpus, report: &Report, options: &Options, keep_examples: usize) -> Score {
    let (map, seg, seg_examples) = map_spans(corpus, report, keep_examples);
    let mut links = Links::new(report);
    let mut per_kind: BTreeMap<EditKind, (usize, usize)> =
        EditKind::ALL.iter().map(|&k| (k, (0, 0))).collect();
    let mut misses = Vec::new();
    for p in &corpus.planted {
        let (sd, sp) = corpus.sources[p.source as usize];
        let c = links.global(p.doc, map.written_to_report[p.doc][p.para]);
        let s = links.global(sd, map.written_to_report[sd][sp]);
        let e = per_kind.get_mut(&p.kind).expect("kind listed");
        e.0 += 1;
        if links.linked(c, s) {
            e.1 += 1;
        } else if misses
            .iter()
            .filter(|m: &&(EditKind, String, String)| m.0 == p.kind)
            .count()
            < keep_examples
        {
            let (src, copy) = (
                &corpus.docs[sd].paras[sp].text,
                &corpus.docs[p.doc].paras[p.para].text,
            );
            let (sim, cont) = shingle_scores(src, copy, options);
            misses.push((
                p.kind,
                src.to_string(),
                format!("{copy}\n    (exact scores: similarity {sim:.3}, containment {cont:.3})"),
            ));
        }
    }
    let mut hard_reported: BTreeMap<HardKind, (usize, usize)> = BTreeMap::new();
    for h in &corpus.hard {
        hard_reported.entry(h.0).or_default().1 += 1;
    }
    let mut hard_hit: HashSet<(usize, usize)> = HashSet::new();
    let (mut true_pairs, mut fp_hard, mut fp_other) = (0, 0, 0);
    let mut false_pairs = Vec::new();
    let label = |l: paradup::Loc| -> Option<(usize, usize)> {
        map.report_to_written[l.doc as usize][l.para as usize].map(|w| (l.doc as usize, w))
    };
    for pair in &report.pairs {
        let (Some(a), Some(b)) = (label(pair.a), label(pair.b)) else {
            fp_other += 1;
            continue;
        };
        let la = &corpus.docs[a.0].paras[a.1].label;
        let lb = &corpus.docs[b.0].paras[b.1].label;
        let shared = la.groups().iter().any(|g| lb.groups().contains(g));
        if shared || pair.kind == Kind::Exact {
            true_pairs += 1;
            continue;
        }
        let hard = match (la, lb) {
            (Label::HardNeg(_, s), other) if other.groups().contains(s) => Some(a),
            (other, Label::HardNeg(_, s)) if other.groups().contains(s) => Some(b),
            _ => None,
        };
        match hard {
            Some(h) => {
                fp_hard += 1;
                hard_hit.insert(h);
            }
            None => fp_other += 1,
        }
        if false_pairs.len() < keep_examples * 3 {
            // The paragraphs as paradup segmented them.
            let span = |l: paradup::Loc| {
                let r = &report.documents[l.doc as usize].paragraphs[l.para as usize];
                let bytes = &corpus.docs[l.doc as usize].bytes[r.start as usize..r.end as usize];
                String::from_utf8_lossy(bytes).into_owned()
            };
            false_pairs.push((
                span(pair.a),
                span(pair.b),
                pair.kind,
                pair.similarity,
                pair.containment,
            ));
        }
    }
    for h in &corpus.hard {
        if hard_hit.contains(&(h.1, h.2)) {
            hard_reported.entry(h.0).or_default().0 += 1;
        }
    }
    Score {
        per_kind,
        seg,
        pairs: report.pairs.len(),
        true_pairs,
        fp_hard,
        fp_other,
        hard_reported,
        misses,
        false_pairs,
        seg_examples,
    }
}

/// Shingle resemblance and containment of two texts, computed as the
/// analyzer defines them (for diagnosing misses).
fn shingle_scores(a: &str, b: &str, o: &Options) -> (f64, f64) {
    let set = |t: &str| {
        let mut n = paradup::__internals::Normalizer::new();
        n.run(t, o.skip_datelines);
        let mut v = Vec::new();
        paradup::__internals::shingles(n.words(), o.shingle_words, &mut v);
        v.sort_unstable();
        v.dedup();
        v
    };
    let (x, y) = (set(a), set(b));
    let inter = paradup::__internals::intersection(&x, &y) as f64;
    let short = x.len().min(y.len()) as f64;
    let union = (x.len() + y.len()) as f64 - inter;
    (inter / union.max(1.0), inter / short.max(1.0))
}

/// Runs the analysis on the corpus.
pub fn analyze(corpus: &Corpus, options: &Options) -> Result<Report, paradup::Error> {
    let mut a = Analyzer::new(options.clone())?;
    for d in &corpus.docs {
        a.add_document(&d.name, &d.bytes);
    }
    a.finish()
}

/// A one-line description of the options.
pub fn describe(o: &Options) -> String {
    format!(
        "segmentation={:?} min_words={} shingle_words={} near_threshold={} contained_threshold={} skip_datelines={}",
        o.segmentation, o.min_words, o.shingle_words, o.near_threshold, o.contained_threshold, o.skip_datelines
    )
}

/// Writes the corpus to `dir`.
pub fn write_corpus(corpus: &Corpus, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for d in &corpus.docs {
        std::fs::write(dir.join(&d.name), &d.bytes)?;
    }
    Ok(())
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// Settings of the `recall` subcommand.
pub struct RecallArgs {
    /// Generator seed.
    pub seed: u64,
    /// Number of documents.
    pub docs: usize,
    /// Where to write the corpus, if anywhere.
    pub out: Option<std::path::PathBuf>,
    /// Library options.
    pub options: Options,
    /// Run the threshold grid instead.
    pub sweep: bool,
    /// Examples of misses and false positives to print per kind.
    pub examples: usize,
    /// The Clough–Stevenson corpus directory.
    pub clough: std::path::PathBuf,
}

/// The `recall` subcommand.
pub fn run(args: &RecallArgs) -> Result<(), String> {
    let t0 = Instant::now();
    let corpus = generate(args.seed, args.docs);
    let t_gen = t0.elapsed();
    if let Some(dir) = &args.out {
        write_corpus(&corpus, dir).map_err(|e| format!("writing {}: {e}", dir.display()))?;
        println!("corpus written to {}", dir.display());
    }
    let bytes: usize = corpus.docs.iter().map(|d| d.bytes.len()).sum();
    let written: usize = corpus.docs.iter().map(|d| d.paras.len()).sum();
    println!(
        "paradup-bench recall: seed {}, {} documents, {} paragraphs, {:.2} MB (generated in {:.2} s)",
        args.seed,
        corpus.docs.len(),
        written,
        bytes as f64 / 1e6,
        t_gen.as_secs_f64()
    );
    if args.sweep {
        return sweep(&corpus, &args.options, &args.clough);
    }
    println!("options: {}", describe(&args.options));
    let t1 = Instant::now();
    let report = analyze(&corpus, &args.options).map_err(|e| e.to_string())?;
    let t_an = t1.elapsed();
    let s = score(&corpus, &report, &args.options, args.examples);
    print_score(&s);
    println!();
    super::passages::run(args.seed, &args.options)?;
    println!();
    clough_stevenson(&args.clough, &args.options);
    println!(
        "\ntime: generate {:.2} s, analyze {:.3} s ({:.1} MB/s), total {:.2} s",
        t_gen.as_secs_f64(),
        t_an.as_secs_f64(),
        bytes as f64 / 1e6 / t_an.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

fn print_score(s: &Score) {
    println!("\nsegmentation (paragraphs written vs. paragraphs paradup segmented)");
    println!(
        "  {:<12} {:>5} {:>8} {:>10} {:>11} {:>9}",
        "layout", "docs", "written", "segmented", "exact spans", "bad docs"
    );
    let mut failures = 0;
    for (style, st) in &s.seg {
        failures += st.bad_docs;
        println!(
            "  {:<12} {:>5} {:>8} {:>10} {:>11} {:>9}{}",
            style.name(),
            st.docs,
            st.written,
            st.segmented,
            st.exact_spans,
            st.bad_docs,
            if st.bad_docs > 0 || st.exact_spans != st.written {
                "  <-- SEGMENTATION FAILURE"
            } else {
                ""
            }
        );
    }
    if failures > 0 {
        println!("  !!! {failures} documents segmented differently from how they were written");
    }
    for e in &s.seg_examples {
        println!("  mis-segmented: {e}");
    }
    println!("\nrecall by edit kind");
    println!(
        "  {:<16} {:>7} {:>6} {:>8}",
        "kind", "planted", "found", "recall"
    );
    let (mut tp, mut tf) = (0, 0);
    for (k, &(planted, found)) in &s.per_kind {
        tp += planted;
        tf += found;
        println!(
            "  {:<16} {:>7} {:>6} {:>8}",
            k.name(),
            planted,
            found,
            pct(found, planted)
        );
    }
    println!("  {:<16} {:>7} {:>6} {:>8}", "all", tp, tf, pct(tf, tp));
    println!(
        "\nprecision: {} of {} reported pairs are planted links = {}; false positives {} (hard negatives {}, other {})",
        s.true_pairs,
        s.pairs,
        pct(s.true_pairs, s.pairs),
        s.fp_hard + s.fp_other,
        s.fp_hard,
        s.fp_other
    );
    for (k, (hit, total)) in &s.hard_reported {
        println!("  hard negatives reported ({}): {hit} of {total}", k.name());
    }
    for (k, src, copy) in &s.misses {
        println!(
            "  missed {}:\n    source: {}\n    copy:   {}",
            k.name(),
            clip(src, 160),
            clip(copy, 160)
        );
    }
    for (a, b, kind, sim, cont) in &s.false_pairs {
        println!(
            "  false positive ({} sim {sim} cont {cont}):\n    a: {}\n    b: {}",
            kind.as_str(),
            clip(a, 160),
            clip(b, 160)
        );
    }
}

fn sweep(corpus: &Corpus, base: &Options, clough: &Path) -> Result<(), String> {
    println!(
        "sweep over shingle_words x near_threshold x contained_threshold (other options: min_words={} skip_datelines={})",
        base.min_words, base.skip_datelines
    );
    let cs = load_clough(clough);
    println!(
        "{:>2} {:>5} {:>5} | {:>6} {:>22} | {:>7} {:>8} {:>8} | clough-stevenson cut/light/heavy/non",
        "k",
        "near",
        "cont",
        "mean R",
        "min R (kind)",
        "prec",
        "hardneg",
        "otherFP",
    );
    for k in 1..=4 {
        for near in [0.4, 0.5, 0.6, 0.7] {
            for cont in [0.7, 0.8, 0.9] {
                let o = Options {
                    shingle_words: k,
                    near_threshold: near,
                    contained_threshold: cont,
                    ..base.clone()
                };
                let report = analyze(corpus, &o).map_err(|e| e.to_string())?;
                let s = score(corpus, &report, &o, 0);
                let (mean, min, min_kind) = s.recall_summary();
                let hard: usize = s.hard_reported.values().map(|x| x.0).sum();
                let hard_total: usize = s.hard_reported.values().map(|x| x.1).sum();
                let cs_line = match &cs {
                    Some(c) => {
                        let r = clough_rates(c, &o);
                        r.iter()
                            .map(|(_, d, n)| format!("{d}/{n}"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    }
                    None => "-".into(),
                };
                println!(
                    "{:>2} {:>5.2} {:>5.2} | {:>5.1}% {:>6.1}% {:>15} | {:>6.2}% {:>4}/{:<3} {:>8} | {}",
                    k,
                    near,
                    cont,
                    100.0 * mean,
                    100.0 * min,
                    if min < 1.0 { min_kind.name() } else { "-" },
                    100.0 * s.precision(),
                    hard,
                    hard_total,
                    s.fp_other,
                    cs_line
                );
            }
        }
    }
    Ok(())
}

/// The Clough–Stevenson corpus: originals per task, answers with labels.
pub struct Clough {
    /// `(task letter, bytes)` of each `orig_task*.txt`, tasks a to e.
    pub originals: Vec<(char, Vec<u8>)>,
    /// `(file name, task letter, category, bytes)` of each answer, in the
    /// order of `file_information.csv`.
    pub answers: Vec<(String, char, String, Vec<u8>)>,
}

/// Loads the corpus, or `None` with a message when it is missing.
pub fn load_clough(dir: &Path) -> Option<Clough> {
    let csv = match std::fs::read_to_string(dir.join("file_information.csv")) {
        Ok(s) => s,
        Err(e) => {
            println!(
                "clough-stevenson: skipped ({}: {e})",
                dir.join("file_information.csv").display()
            );
            return None;
        }
    };
    let mut originals = Vec::new();
    for t in ['a', 'b', 'c', 'd', 'e'] {
        match std::fs::read(dir.join(format!("orig_task{t}.txt"))) {
            Ok(b) => originals.push((t, b)),
            Err(e) => {
                println!("clough-stevenson: skipped (orig_task{t}.txt: {e})");
                return None;
            }
        }
    }
    let mut answers = Vec::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.trim().split(',').collect();
        if f.len() < 3 {
            continue;
        }
        let task = f[1].trim().chars().next().unwrap_or('?');
        if f[2].trim() == "orig" {
            continue;
        }
        match std::fs::read(dir.join(f[0].trim())) {
            Ok(b) => answers.push((f[0].trim().to_string(), task, f[2].trim().to_string(), b)),
            Err(e) => println!("clough-stevenson: cannot read {}: {e}", f[0]),
        }
    }
    Some(Clough { originals, answers })
}

/// A category's name, answers detected, and answers.
pub type CategoryRate = (String, usize, usize);

/// Per category (cut, light, heavy, non): (category, detected, answers).
pub fn clough_rates(c: &Clough, options: &Options) -> Vec<(String, usize, usize)> {
    clough_detail(c, options).0
}

/// Like [`clough_rates`], plus the names of misclassified answers: copies
/// not detected, and `non` answers detected.
pub fn clough_detail(c: &Clough, options: &Options) -> (Vec<CategoryRate>, Vec<(String, String)>) {
    let mut wrong = Vec::new();
    let mut a = Analyzer::new(options.clone()).expect("options were validated");
    for (t, b) in &c.originals {
        a.add_document(&format!("orig_task{t}.txt"), b);
    }
    for (name, _, _, b) in &c.answers {
        a.add_document(name, b);
    }
    let report = a.finish().expect("an in-memory analysis cannot fail");
    let mut links = Links::new(&report);
    let mut out: Vec<(String, usize, usize)> = ["cut", "light", "heavy", "non"]
        .iter()
        .map(|c| (c.to_string(), 0, 0))
        .collect();
    for (i, (_, task, cat, _)) in c.answers.iter().enumerate() {
        let doc = c.originals.len() + i;
        let Some(orig) = c.originals.iter().position(|(t, _)| t == task) else {
            continue;
        };
        let na = report.documents[doc].paragraphs.len();
        let no = report.documents[orig].paragraphs.len();
        let mut hit = false;
        'outer: for p in 0..na {
            for q in 0..no {
                let (x, y) = (links.global(doc, p), links.global(orig, q));
                if links.linked(x, y) {
                    hit = true;
                    break 'outer;
                }
            }
        }
        let entry = match out.iter_mut().find(|e| e.0 == *cat) {
            Some(e) => e,
            None => {
                out.push((cat.clone(), 0, 0));
                out.last_mut().expect("just pushed")
            }
        };
        entry.2 += 1;
        if hit {
            entry.1 += 1;
        }
        if hit == (cat == "non") {
            wrong.push((cat.clone(), c.answers[i].0.clone()));
        }
    }
    (out, wrong)
}

/// Prints detection per category on the Clough–Stevenson corpus.
pub fn clough_stevenson(dir: &Path, options: &Options) {
    let Some(c) = load_clough(dir) else {
        return;
    };
    println!(
        "clough-stevenson ({}): {} answers; an answer is detected when any of its paragraphs is linked to a paragraph of its task's original",
        dir.display(),
        c.answers.len()
    );
    let (rates, wrong) = clough_detail(&c, options);
    for (cat, hit, n) in rates {
        let what = if cat == "non" {
            "false-positive rate"
        } else {
            "detection rate"
        };
        println!("  {cat:<6} {hit:>3} of {n:<3} {what} {}", pct(hit, n));
    }
    let names = |cat: &str| {
        wrong
            .iter()
            .filter(|w| w.0 == cat)
            .map(|w| w.1.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for cat in ["cut", "light", "heavy"] {
        println!("  undetected {cat}: {}", names(cat));
    }
    println!("  detected non: {}", names("non"));
}
