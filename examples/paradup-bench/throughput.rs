//! The throughput benchmark: time and peak memory of one single-threaded
//! analysis of a large generated (or on-disk) corpus.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use paradup::{Analyzer, FileSource, KeepTexts, Options, Report, Spill};

use super::multilingual::{Corpus, Langs};
use super::text::{self, Para, Rng, Style, Topic, Vocab, Writer};

/// Settings of the `throughput` subcommand.
pub struct ThroughputArgs {
    /// Size of the generated corpus in MB (10^6 bytes).
    pub mb: f64,
    /// Keep every document's bytes alive until the analysis has finished
    /// (as a caller holding the whole corpus would); by default each
    /// document is dropped right after `add_document`.
    pub keep_bytes: bool,
    /// Read the corpus from this directory instead of generating it.
    pub from_dir: Option<PathBuf>,
    /// Write the generated corpus here before analyzing it.
    pub write: Option<PathBuf>,
    /// Generate this many short paragraphs instead of `mb` of documents.
    pub paragraphs: Option<usize>,
    /// Also time decode / segment / normalize / shingle separately.
    pub stages: bool,
    /// Generator seed.
    pub seed: u64,
    /// Spill word-level data past this many bytes to temporary files.
    pub spill: Option<usize>,
    /// Which generated corpus.
    pub corpus: Corpus,
    /// Add the files with `Analyzer::add_files` on this many threads.
    pub threads: Option<usize>,
    /// Library options.
    pub options: Options,
}

/// Documents for `Analyzer::add_files`: in memory (each handed over once,
/// so it is dropped after it is added, as in the one-at-a-time run), or
/// files read when their turn comes.
enum Docs {
    Memory(Vec<(String, Mutex<Option<Vec<u8>>>)>),
    Files(Vec<(String, PathBuf)>),
}

impl FileSource for Docs {
    type Bytes = Vec<u8>;
    type Error = String;

    fn files(&self) -> usize {
        match self {
            Docs::Memory(d) => d.len(),
            Docs::Files(f) => f.len(),
        }
    }

    fn name(&self, i: usize) -> &str {
        match self {
            Docs::Memory(d) => &d[i].0,
            Docs::Files(f) => &f[i].0,
        }
    }

    fn expected_size(&self, i: usize) -> u64 {
        match self {
            Docs::Memory(d) => d[i]
                .1
                .lock()
                .ok()
                .and_then(|b| b.as_ref().map(|b| b.len() as u64)),
            Docs::Files(f) => std::fs::metadata(&f[i].1).ok().map(|m| m.len()),
        }
        .unwrap_or(0)
    }

    fn load(&self, i: usize) -> Result<Vec<u8>, String> {
        match self {
            Docs::Memory(d) => d[i]
                .1
                .lock()
                .map_err(|e| e.to_string())?
                .take()
                .ok_or_else(|| "handed over already".to_owned()),
            Docs::Files(f) => std::fs::read(&f[i].1).map_err(|e| format!("{}: {e}", f[i].0)),
        }
    }
}

/// Current and peak resident memory in bytes, from `/proc/self/status`.
pub fn memory() -> Option<(u64, u64)> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = s.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb * 1024)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Resets the kernel's peak-RSS counter (`VmHWM`) to the current RSS.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

/// Generates documents one at a time, deterministically.
struct DocGen {
    rng: Rng,
    vocab: Vocab,
    recent: Vec<String>,
    /// The multilingual corpus's languages, and recent paragraphs per
    /// language (copies stay in their language).
    langs: Option<(Langs, Vec<Vec<String>>)>,
    made: usize,
    /// Paragraph words range.
    words: (usize, usize),
    /// Document size range in bytes, or paragraphs per document.
    size: DocSize,
}

#[derive(Clone, Copy)]
enum DocSize {
    Bytes(usize, usize),
    Paragraphs(usize),
}

const RECENT: usize = 20_000;

impl DocGen {
    fn new(corpus: Corpus, seed: u64, words: (usize, usize), size: DocSize) -> Self {
        let mut rng = Rng::new(seed);
        let vocab = Vocab::new(&mut rng, 4000);
        let langs = match corpus {
            Corpus::Ascii => None,
            Corpus::Multilingual => {
                let langs = Langs::new(&mut rng, &vocab);
                let recent = vec![Vec::new(); langs.langs.len()];
                Some((langs, recent))
            }
        };
        DocGen {
            rng,
            vocab,
            recent: Vec::new(),
            langs,
            made: 0,
            words,
            size,
        }
    }

    /// The next document: name, bytes, number of paragraphs written.
    fn next_doc(&mut self) -> (String, Vec<u8>, usize) {
        if self.langs.is_some() {
            return self.next_multilingual();
        }
        let style = Style::ALL[self.made % Style::ALL.len()];
        let w = Writer { vocab: &self.vocab };
        let topic = Topic::new(&mut self.rng, &self.vocab);
        let (target, max_paras) = match self.size {
            DocSize::Bytes(lo, hi) => (self.rng.range(lo, hi), usize::MAX),
            DocSize::Paragraphs(n) => (usize::MAX, n),
        };
        let mut paras: Vec<String> = Vec::new();
        let mut bytes = 0;
        while bytes < target && paras.len() < max_paras {
            let text = if !self.recent.is_empty() && self.rng.chance(0.1) {
                let src = self.recent[self.rng.below(self.recent.len())].clone();
                match self.rng.below(20) {
                    0..=9 => src,
                    10..=12 => text::recase(&mut self.rng, &src),
                    13..=16 => text::edit_words(&mut self.rng, &self.vocab, &src, 0.05),
                    _ => format!("{}{src}", text::dateline(&mut self.rng)),
                }
            } else {
                let p: Para = w.paragraph(&mut self.rng, Some(&topic), self.words.0, self.words.1);
                let t = p.text();
                if self.recent.len() < RECENT {
                    self.recent.push(t.clone());
                } else {
                    let i = self.rng.below(RECENT);
                    self.recent[i] = t.clone();
                }
                t
            };
            bytes += text.len() + 2;
            paras.push(text);
        }
        let mut out = Vec::with_capacity(bytes + bytes / 50 + 64);
        text::render(&paras, style, &mut out);
        let name = format!("doc{:06}-{}.txt", self.made, style.name());
        self.made += 1;
        (name, out, paras.len())
    }

    /// The next document of the multilingual corpus: the same sizes,
    /// layouts and planted copies (one paragraph in ten a copy of a recent
    /// one: exact, re-cased, 5% of words edited, or with a dateline) as the
    /// ASCII corpus, each document in one language.
    fn next_multilingual(&mut self) -> (String, Vec<u8>, usize) {
        let (langs, recent_all) = self.langs.as_mut().expect("multilingual");
        let mut style = Style::ALL[self.made % Style::ALL.len()];
        let li = Langs::for_doc(self.made);
        let lang = &langs.langs[li];
        if !lang.spaced() && style.layout == text::Layout::Wrap {
            // Wrapping at spaces leaves Chinese and Japanese on one line but
            // breaks after a dateline: write them with blank lines instead.
            style.layout = text::Layout::Blank;
        }
        let recent = &mut recent_all[li];
        let rng = &mut self.rng;
        let topic = lang.topic(rng);
        let (target, max_paras) = match self.size {
            DocSize::Bytes(lo, hi) => (rng.range(lo, hi), usize::MAX),
            DocSize::Paragraphs(n) => (usize::MAX, n),
        };
        let mut paras: Vec<String> = Vec::new();
        let mut bytes = 0;
        while bytes < target && paras.len() < max_paras {
            let text = if !recent.is_empty() && rng.chance(0.1) {
                let src = recent[rng.below(recent.len())].clone();
                match rng.below(20) {
                    0..=9 => src,
                    10..=12 => text::recase(rng, &src),
                    13..=16 => lang.edit(rng, &src, 0.05),
                    _ => format!("{}{src}", text::dateline(rng)),
                }
            } else {
                let t = lang.paragraph(rng, &topic, self.words.0, self.words.1);
                if recent.len() < RECENT {
                    recent.push(t.clone());
                } else {
                    let i = rng.below(RECENT);
                    recent[i] = t.clone();
                }
                t
            };
            bytes += text.len() + 2;
            paras.push(text);
        }
        let mut out = Vec::with_capacity(bytes + bytes / 50 + 64);
        text::render(&paras, style, &mut out);
        let name = format!("doc{:06}-{}-{}.txt", self.made, lang.name, style.name());
        self.made += 1;
        (name, out, paras.len())
    }
}

/// Settings of the `gen` subcommand.
pub struct GenArgs {
    /// Which corpus.
    pub corpus: Corpus,
    /// Megabytes (10^6 bytes) to write, in documents of 100–200 KB.
    pub mb: f64,
    /// Generator seed.
    pub seed: u64,
    /// The folder to write into (created if missing).
    pub out: PathBuf,
}

/// The `gen` subcommand: writes the throughput benchmark's corpus (the
/// same files as `throughput --write`) without analyzing it, so the CLI,
/// the page's measure script and other tools can read it.
pub fn gen(args: &GenArgs) -> Result<(), String> {
    let dir = &args.out;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let target = (args.mb * 1e6) as usize;
    let mut gen = DocGen::new(
        args.corpus,
        args.seed,
        (15, 90),
        DocSize::Bytes(100_000, 200_000),
    );
    let (mut total, mut files, mut paras) = (0, 0, 0);
    while total < target {
        let (name, b, n) = gen.next_doc();
        std::fs::write(dir.join(&name), &b).map_err(|e| format!("{name}: {e}"))?;
        total += b.len();
        files += 1;
        paras += n;
    }
    println!(
        "wrote {:.1} MB ({total} bytes) in {files} files, {paras} paragraphs, to {}",
        total as f64 / 1e6,
        dir.display()
    );
    Ok(())
}

/// CPU seconds (user and system, every thread) the process has used so
/// far, from `/proc/self/stat` (in 1/100 s); `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    cpu_of("/proc/self/stat")
}

/// CPU seconds the calling thread has used so far.
fn thread_cpu_seconds() -> Option<f64> {
    cpu_of("/proc/thread-self/stat")
}

/// Both, as a pair.
fn cpu_now() -> Cpu {
    Some((cpu_seconds()?, thread_cpu_seconds()?))
}

/// User and system time of a `/proc/…/stat` file, in seconds.
fn cpu_of(path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(path).ok()?;
    // Fields after the command name: state is the 3rd field, utime the
    // 14th and stime the 15th.
    let mut after = stat[stat.rfind(')')? + 1..].split_whitespace().skip(11);
    let utime: f64 = after.next()?.parse().ok()?;
    let stime: f64 = after.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// CPU seconds of the process and of the calling thread, when known.
type Cpu = Option<(f64, f64)>;

/// Per stage: wall time and CPU seconds.
type Stages = Vec<(&'static str, Duration, Cpu)>;

/// Times spent in `finish`, per progress stage.
fn finish_timed(a: Analyzer) -> (Report, Stages) {
    let mut stages: Vec<(&'static str, Instant, Cpu)> = Vec::new();
    let (start, cpu_start) = (Instant::now(), cpu_now());
    let report = a
        .finish_with_progress(&mut |p| {
            if stages.last().map(|s| s.0) != Some(p.stage.as_str()) {
                stages.push((p.stage.as_str(), Instant::now(), cpu_now()));
            }
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let (end, cpu_end) = (Instant::now(), cpu_now());
    let cpu = |a: Cpu, b: Cpu| {
        let (a, b) = (a?, b?);
        Some((b.0 - a.0, b.1 - a.1))
    };
    let mut out = Vec::new();
    if let Some(first) = stages.first() {
        out.push(("prepare", first.1 - start, cpu(cpu_start, first.2)));
    }
    for (i, (name, t, c)) in stages.iter().enumerate() {
        let (next, next_cpu) = stages.get(i + 1).map_or((end, cpu_end), |s| (s.1, s.2));
        out.push((*name, next - *t, cpu(*c, next_cpu)));
    }
    (report, out)
}

struct Measured {
    docs: usize,
    bytes: u64,
    add: Duration,
    finish: Duration,
    finish_stages: Stages,
    /// CPU seconds of adding the files (the process's, the calling
    /// thread's), when known.
    add_cpu: Cpu,
    report: Report,
}

fn analyzer(options: &Options, spill: Option<usize>) -> Analyzer {
    match spill {
        None => Analyzer::new(options.clone()),
        Some(budget) => Analyzer::with_spill(
            options.clone(),
            Spill {
                dir: std::env::temp_dir(),
                budget,
            },
        ),
    }
    .expect("valid options")
}

fn analyze_iter(
    options: &Options,
    spill: Option<usize>,
    docs: impl Iterator<Item = (String, Vec<u8>)>,
    keep: &mut Vec<Vec<u8>>,
    keep_bytes: bool,
) -> Measured {
    let mut a = analyzer(options, spill);
    let mut add = Duration::ZERO;
    let (mut n, mut bytes) = (0, 0u64);
    let cpu_start = cpu_now();
    for (name, b) in docs {
        let t = Instant::now();
        a.add_document(&name, &b);
        add += t.elapsed();
        n += 1;
        bytes += b.len() as u64;
        if keep_bytes {
            keep.push(b);
        }
    }
    let add_cpu = cpu_now()
        .zip(cpu_start)
        .map(|(b, a)| (b.0 - a.0, b.1 - a.1));
    let t = Instant::now();
    let (report, finish_stages) = finish_timed(a);
    Measured {
        docs: n,
        bytes,
        add,
        finish: t.elapsed(),
        finish_stages,
        add_cpu,
        report,
    }
}

/// The run through `Analyzer::add_files` on `threads` threads.
fn analyze_files(options: &Options, spill: Option<usize>, docs: &Docs, threads: usize) -> Measured {
    let mut a = analyzer(options, spill);
    let (mut n, mut bytes) = (0, 0u64);
    let (t, cpu_start) = (Instant::now(), cpu_now());
    a.add_files(docs, threads, KeepTexts::Never, &mut |e| {
        let r = e.reading();
        (n, bytes) = (r.files_done as usize, r.bytes_done);
        if let paradup::FileEvent::Unread { error, .. } = e {
            panic!("{error}");
        }
    });
    let add = t.elapsed();
    let add_cpu = cpu_now()
        .zip(cpu_start)
        .map(|(b, a)| (b.0 - a.0, b.1 - a.1));
    let t = Instant::now();
    let (report, finish_stages) = finish_timed(a);
    Measured {
        docs: n,
        bytes,
        add,
        finish: t.elapsed(),
        finish_stages,
        add_cpu,
        report,
    }
}

fn print_measured(m: &Measured, baseline: u64, reset: bool) {
    let total = m.add + m.finish;
    let mb = m.bytes as f64 / 1e6;
    println!("  input            {:.1} MB ({} bytes)", mb, m.bytes);
    println!("  documents        {}", m.docs);
    println!(
        "  paragraphs       {} ({} compared, {} pairs, {} clusters)",
        m.report.summary.paragraphs,
        m.report.summary.compared_paragraphs,
        m.report.summary.pairs,
        m.report.clusters.len()
    );
    println!(
        "  elapsed          {:.3} s  (add_document {:.3} s, finish {:.3} s)",
        total.as_secs_f64(),
        m.add.as_secs_f64(),
        m.finish.as_secs_f64()
    );
    let stages: Vec<String> = m
        .finish_stages
        .iter()
        .map(|(n, d, _)| format!("{n} {:.2} s", d.as_secs_f64()))
        .collect();
    println!("  finish stages    {}", stages.join(", "));
    // CPU seconds beside the wall times: on a busy machine they show what
    // ran on several cores where the wall time cannot.
    let cpu: Option<Vec<String>> = std::iter::once(("adding", m.add_cpu))
        .chain(m.finish_stages.iter().map(|(n, _, c)| (*n, *c)))
        .map(|(n, c)| c.map(|(all, main)| format!("{n} {all:.2} s ({main:.2} s)")))
        .collect();
    if let Some(cpu) = cpu {
        println!(
            "  cpu (user+sys)   {} (in brackets: the calling thread's)",
            cpu.join(", ")
        );
    }
    println!(
        "  throughput       {:.1} MB/s overall, {:.1} MB/s add_document only",
        mb / total.as_secs_f64(),
        mb / m.add.as_secs_f64()
    );
    if let Some((rss, hwm)) = memory() {
        let peak_over = hwm.saturating_sub(baseline);
        println!(
            "  memory           peak (VmHWM) {:.1} MiB{}, baseline before analysis {:.1} MiB, peak - baseline {:.1} MiB, RSS now {:.1} MiB",
            mib(hwm),
            if reset { " (reset just before analysis)" } else { " (whole process)" },
            mib(baseline),
            mib(peak_over),
            mib(rss)
        );
        println!(
            "  peak / input     {:.2}x (whole-process peak), {:.2}x (peak - baseline)",
            hwm as f64 / m.bytes as f64,
            peak_over as f64 / m.bytes as f64
        );
    }
}

/// Times decode, segmentation, normalization and shingling separately on
/// freshly generated (identical) documents.
fn stage_pass(options: &Options, docs: impl Iterator<Item = (String, Vec<u8>)>) {
    let (mut t_dec, mut t_seg, mut t_norm, mut t_sh) = (
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
    );
    let mut norm = paradup::__internals::Normalizer::new();
    let (mut sh, mut fp) = (Vec::new(), Vec::new());
    let mut bytes = 0usize;
    for (_, b) in docs {
        bytes += b.len();
        let t = Instant::now();
        let d = paradup::decode(&b);
        t_dec += t.elapsed();
        let t = Instant::now();
        let segs = paradup::__internals::segment(&d.text, options.segmentation);
        t_seg += t.elapsed();
        for s in &segs {
            let t = Instant::now();
            norm.run(&d.text[s.start..s.end], options.skip_datelines);
            let _ = norm.fingerprint();
            t_norm += t.elapsed();
            let t = Instant::now();
            sh.clear();
            fp.clear();
            paradup::__internals::shingles(norm.words(), options.shingle_words, &mut sh);
            paradup::__internals::winnow(&sh, 4, &mut fp);
            sh.sort_unstable();
            t_sh += t.elapsed();
        }
    }
    let mb = bytes as f64 / 1e6;
    let line = |name: &str, d: Duration| {
        println!(
            "    {name:<22} {:>7.2} s  {:>8.1} MB/s",
            d.as_secs_f64(),
            mb / d.as_secs_f64()
        )
    };
    println!("  per-stage timing of the add_document work (separate pass, same input):");
    line("decode", t_dec);
    line("segment", t_seg);
    line("normalize+fingerprint", t_norm);
    line("shingle+winnow+sort", t_sh);
    line("sum", t_dec + t_seg + t_norm + t_sh);
}

/// The files (not folders) directly in `dir`, in name order.
pub fn read_dir_sorted(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// The `throughput` subcommand.
pub fn run(args: &ThroughputArgs) -> Result<(), String> {
    match args.threads {
        None => println!(
            "paradup-bench throughput (single-threaded); options: {}",
            super::recall::describe(&args.options)
        ),
        Some(n) => println!(
            "paradup-bench throughput (add_files on {n} thread{}); options: {}",
            if n == 1 { "" } else { "s" },
            super::recall::describe(&args.options)
        ),
    }
    if let Some(budget) = args.spill {
        println!(
            "word-level data past {:.1} MB spills to {}",
            budget as f64 / 1e6,
            std::env::temp_dir().display()
        );
    }
    if let Some(n) = args.paragraphs {
        return run_paragraphs(args, n);
    }
    if let Some(dir) = &args.from_dir {
        let files = read_dir_sorted(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if let Some(threads) = args.threads {
            println!(
                "reading {} files from {} inside the timed run (by the worker threads)",
                files.len(),
                dir.display()
            );
            let docs = Docs::Files(
                files
                    .iter()
                    .map(|f| (f.display().to_string(), f.clone()))
                    .collect(),
            );
            let (baseline, _) = memory().unwrap_or((0, 0));
            let reset = reset_peak();
            let m = analyze_files(&args.options, args.spill, &docs, threads);
            print_measured(&m, baseline, reset);
            return Ok(());
        }
        println!(
            "reading {} files from {} one at a time (each dropped after add_document; read time excluded)",
            files.len(),
            dir.display()
        );
        let (baseline, _) = memory().unwrap_or((0, 0));
        let reset = reset_peak();
        let mut read = Duration::ZERO;
        let docs = files.iter().map(|f| {
            let t = Instant::now();
            let b = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            read += t.elapsed();
            (f.display().to_string(), b)
        });
        let m = analyze_iter(&args.options, args.spill, docs, &mut Vec::new(), false);
        print_measured(&m, baseline, reset);
        println!(
            "  file reading     {:.2} s (not counted)",
            read.as_secs_f64()
        );
        return Ok(());
    }
    let target = (args.mb * 1e6) as usize;
    let t = Instant::now();
    let mut gen = DocGen::new(
        args.corpus,
        args.seed,
        (15, 90),
        DocSize::Bytes(100_000, 200_000),
    );
    let mut corpus: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total = 0;
    let mut written_paras = 0;
    while total < target {
        let (name, b, n) = gen.next_doc();
        total += b.len();
        written_paras += n;
        corpus.push((name, b));
    }
    let ndocs = corpus.len();
    println!(
        "generated {:.1} MB of the {} corpus in {} documents, {} paragraphs written, in {:.1} s (not counted)",
        total as f64 / 1e6,
        args.corpus.name(),
        ndocs,
        written_paras,
        t.elapsed().as_secs_f64()
    );
    if let Some(dir) = &args.write {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for (name, b) in &corpus {
            std::fs::write(dir.join(name), b).map_err(|e| format!("{name}: {e}"))?;
        }
        println!("corpus written to {}", dir.display());
    }
    corpus.shrink_to_fit();
    let (baseline, _) = memory().unwrap_or((0, 0));
    let reset = reset_peak();
    println!(
        "analyzing with the corpus in memory; {}",
        if args.keep_bytes {
            "every document kept until finish (--keep-bytes)"
        } else {
            "each document dropped after add_document"
        }
    );
    let mut keep = Vec::new();
    let m = match args.threads {
        None => analyze_iter(
            &args.options,
            args.spill,
            corpus.into_iter(),
            &mut keep,
            args.keep_bytes,
        ),
        Some(threads) => {
            let docs = Docs::Memory(
                corpus
                    .into_iter()
                    .map(|(name, b)| (name, Mutex::new(Some(b))))
                    .collect(),
            );
            analyze_files(&args.options, args.spill, &docs, threads)
        }
    };
    print_measured(&m, baseline, reset);
    drop(keep);
    if args.stages {
        let mut gen = DocGen::new(
            args.corpus,
            args.seed,
            (15, 90),
            DocSize::Bytes(100_000, 200_000),
        );
        stage_pass(
            &args.options,
            (0..ndocs).map(|_| {
                let (n, b, _) = gen.next_doc();
                (n, b)
            }),
        );
    }
    Ok(())
}

fn run_paragraphs(args: &ThroughputArgs, n: usize) -> Result<(), String> {
    const PER_DOC: usize = 1000;
    let mut gen = DocGen::new(
        args.corpus,
        args.seed,
        (8, 30),
        DocSize::Paragraphs(PER_DOC),
    );
    let ndocs = n.div_ceil(PER_DOC);
    println!(
        "{n} short paragraphs (8-30 words, ~10% duplicated) in {ndocs} documents of {PER_DOC}, generated one document at a time (generation not counted, each dropped after add_document)"
    );
    let (baseline, _) = memory().unwrap_or((0, 0));
    let reset = reset_peak();
    let mut gen_time = Duration::ZERO;
    let docs = (0..ndocs).map(|_| {
        let t = Instant::now();
        let (name, b, _) = gen.next_doc();
        gen_time += t.elapsed();
        (name, b)
    });
    let m = analyze_iter(&args.options, args.spill, docs, &mut Vec::new(), false);
    print_measured(&m, baseline, reset);
    println!(
        "  generation       {:.1} s (not counted)",
        gen_time.as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(corpus: Corpus, seed: u64, n: usize) -> Vec<(String, Vec<u8>)> {
        let mut g = DocGen::new(corpus, seed, (15, 90), DocSize::Bytes(20_000, 40_000));
        (0..n)
            .map(|_| {
                let (name, b, _) = g.next_doc();
                (name, b)
            })
            .collect()
    }

    #[test]
    fn multilingual_corpus_is_deterministic_and_seeded() {
        let a = docs(Corpus::Multilingual, 3, 12);
        assert_eq!(a, docs(Corpus::Multilingual, 3, 12));
        assert_ne!(a, docs(Corpus::Multilingual, 4, 12));
        assert_ne!(a, docs(Corpus::Ascii, 3, 12));
    }

    #[test]
    fn multilingual_corpus_has_every_language_in_its_script() {
        let has = |s: &str, lo: u32, hi: u32| s.chars().any(|c| (lo..=hi).contains(&(c as u32)));
        let mut seen = Vec::new();
        for (name, b) in docs(Corpus::Multilingual, 1, 10) {
            let text = String::from_utf8(b).expect("UTF-8");
            let lang = name
                .split('-')
                .nth(1)
                .expect("language in the name")
                .to_string();
            match lang.as_str() {
                "en" => {
                    assert!(text.contains('“') && text.contains('’') && text.contains('\u{a0}'))
                }
                "fr" => assert!(text.contains("«\u{a0}") && text.contains('é')),
                "de" => assert!(text.contains('„') && has(&text, 0xe4, 0xfc)),
                "es" => assert!(text.contains('¿') && text.contains('ñ')),
                "ru" => assert!(has(&text, 0x430, 0x44f)),
                "el" => assert!(has(&text, 0x3b1, 0x3c9)),
                "zh" => assert!(text.contains('。') && has(&text, 0x4e00, 0x9fff)),
                "ja" => assert!(has(&text, 0x3040, 0x309f) && has(&text, 0x30a0, 0x30ff)),
                other => panic!("unexpected language {other}"),
            }
            seen.push(lang);
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 8, "{seen:?}");
    }

    #[test]
    fn multilingual_corpus_plants_copies_within_a_language() {
        // Paragraphs written more than once: the planted exact copies.
        let mut count = std::collections::HashMap::new();
        for (name, b) in docs(Corpus::Multilingual, 2, 30) {
            let text = String::from_utf8(b).expect("UTF-8");
            for p in text.split('\n').map(str::trim).filter(|p| p.len() > 80) {
                count
                    .entry(p.to_string())
                    .or_insert_with(Vec::new)
                    .push(name.clone());
            }
        }
        let repeated: Vec<&Vec<String>> = count.values().filter(|v| v.len() > 1).collect();
        assert!(
            repeated.len() > 20,
            "{} repeated paragraphs",
            repeated.len()
        );
        for names in repeated {
            let lang = |n: &String| n.split('-').nth(1).map(str::to_string);
            assert!(
                names.iter().all(|n| lang(n) == lang(&names[0])),
                "{names:?}"
            );
        }
    }
}
