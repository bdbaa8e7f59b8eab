//! The reading benchmark: time per input byte of reading and normalizing
//! alone — sniffing the format, validating or decoding, segmenting and
//! normalizing every paragraph — of the files of several folders, the
//! folders taking turns, so that a folder of multilingual text can be
//! compared with an ASCII one under the same load (issue 10 item 1). The
//! fingerprinting that `add_document` does next (the paragraph's key, its
//! shingles and winnowed grams) is timed apart, and nothing is matched.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use paradup::__internals::{read, segment, shingles, winnow, Item, Normalizer};
use paradup::Options;

use super::throughput::read_dir_sorted;

/// Arguments of `paradup-bench read`.
pub struct ReadArgs {
    /// The folders; ratios are against the first.
    pub dirs: Vec<PathBuf>,
    /// Rounds: each times every folder once, in turn.
    pub rounds: usize,
    /// Leave fingerprinting out (for instruction counts of reading and
    /// normalizing alone).
    pub no_fingerprint: bool,
    /// Library options (segmentation, datelines, shingle size).
    pub options: Options,
}

/// The times of one pass over a folder.
#[derive(Debug, Clone, Copy, Default)]
struct Times {
    /// Sniffing and decoding (UTF-8 validation and a copy for UTF-8).
    read: Duration,
    segment: Duration,
    normalize: Duration,
    /// The key (xxh3-128 of the normalized text), shingles and winnowing.
    fingerprint: Duration,
    /// Words found, so two builds can be checked to find the same number.
    words: usize,
}

impl Times {
    /// Reading and normalizing: what issue 10 item 1 measures.
    fn reading(&self) -> Duration {
        self.read + self.segment + self.normalize
    }
}

/// One pass over `files`: every stage of adding them but interning and
/// matching. Not inlined, so `valgrind --tool=callgrind
/// --toggle-collect='*reading*pass*'` counts its instructions alone.
#[inline(never)]
fn pass(files: &[(String, Vec<u8>)], options: &Options, fingerprint: bool) -> Times {
    let mut t = Times::default();
    let mut norm = Normalizer::new();
    let (mut sh, mut fp) = (Vec::new(), Vec::new());
    for (name, bytes) in files {
        let start = Instant::now();
        let items = read(name, bytes, options);
        t.read += start.elapsed();
        for item in items {
            let Item::Text { bytes, .. } = item else {
                continue;
            };
            let start = Instant::now();
            let d = paradup::decode(&bytes);
            let now = Instant::now();
            t.read += now - start;
            let segs = segment(&d.text, options.segmentation);
            let mut last = Instant::now();
            t.segment += last - now;
            for s in &segs {
                norm.run(&d.text[s.start..s.end], options.skip_datelines);
                let now = Instant::now();
                t.normalize += now - last;
                t.words += norm.words().len();
                std::hint::black_box(norm.words());
                if !fingerprint {
                    last = now;
                    continue;
                }
                std::hint::black_box(norm.fingerprint());
                if norm.words().len() >= options.min_words {
                    sh.clear();
                    fp.clear();
                    shingles(norm.words(), options.shingle_words, &mut sh);
                    winnow(&sh, 4, &mut fp);
                    std::hint::black_box(&fp);
                }
                last = Instant::now();
                t.fingerprint += last - now;
            }
        }
    }
    t
}

/// One stage's time out of a pass's.
type Stage = dyn Fn(&Times) -> Duration;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The `read` subcommand.
pub fn run(args: &ReadArgs) -> Result<(), String> {
    let mut corpora = Vec::new();
    for dir in &args.dirs {
        let names = read_dir_sorted(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut files = Vec::new();
        for p in names {
            let b = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            files.push((p.display().to_string(), b));
        }
        let bytes: usize = files.iter().map(|f| f.1.len()).sum();
        corpora.push((dir.display().to_string(), files, bytes));
    }
    println!(
        "paradup-bench read: reading (sniff + decode), segmenting and normalizing every paragraph, \
         then fingerprinting (key, shingles, winnowing) timed apart; files in memory; {} rounds, \
         the folders taking turns",
        args.rounds
    );
    let mut all: Vec<Vec<Times>> = vec![Vec::new(); corpora.len()];
    for round in 0..args.rounds {
        for (i, (name, files, bytes)) in corpora.iter().enumerate() {
            let t = pass(files, &args.options, !args.no_fingerprint);
            let mb = *bytes as f64 / 1e6;
            println!(
                "  round {} {name}: read+segment+normalize {:.3} s ({:.1} MB/s; read {:.3}, segment {:.3}, normalize {:.3}), fingerprint {:.3} s, {} words",
                round + 1,
                t.reading().as_secs_f64(),
                mb / t.reading().as_secs_f64(),
                t.read.as_secs_f64(),
                t.segment.as_secs_f64(),
                t.normalize.as_secs_f64(),
                t.fingerprint.as_secs_f64(),
                t.words
            );
            all[i].push(t);
        }
    }
    // Nanoseconds per byte, best and median of the rounds.
    let per_byte = |i: usize, f: &Stage| -> (f64, f64) {
        let v: Vec<Duration> = all[i].iter().map(f).collect();
        let b = corpora[i].2 as f64;
        let best = v.iter().min().copied().unwrap_or_default();
        (
            best.as_secs_f64() * 1e9 / b,
            median(v).as_secs_f64() * 1e9 / b,
        )
    };
    let stages: [(&str, &Stage); 6] = [
        ("read+segment+normalize", &|t| t.reading()),
        ("  read", &|t| t.read),
        ("  segment", &|t| t.segment),
        ("  normalize", &|t| t.normalize),
        ("fingerprint", &|t| t.fingerprint),
        ("all of the above", &|t| t.reading() + t.fingerprint),
    ];
    println!(
        "ns per byte (best / median of the rounds), and speed per byte against the first folder:"
    );
    for (i, (name, files, bytes)) in corpora.iter().enumerate() {
        println!("  {name} ({} files, {bytes} bytes)", files.len());
        for (stage, f) in &stages {
            let (best, med) = per_byte(i, f);
            let (b0, m0) = per_byte(0, f);
            println!(
                "    {stage:<24} {best:>6.2} / {med:>6.2} ns/B   {:>5.1}% / {:>5.1}%",
                100.0 * b0 / best,
                100.0 * m0 / med
            );
        }
    }
    Ok(())
}
