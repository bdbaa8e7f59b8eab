//! `paradup-bench`: the benchmarks of issue #2.
//!
//! * `recall` plants known edits (exact copies, case and punctuation
//!   changes, datelines, word edits, reordered sentences, glued and halved
//!   paragraphs, added sentences) and hard negatives in a generated corpus
//!   written in several layouts, runs the library on it and scores the report
//!   against the ground truth; it also scores the public Clough–Stevenson
//!   short-answer corpus when it is present.
//! * `diff` times the word diff on one-paragraph pairs of doubling size
//!   (one edit, scattered edits, unrelated, repetitive), so super-linear
//!   growth shows.
//! * `unicode` times the analysis of pathological texts (U+FDFA, long
//!   combining-mark runs, zero-width joiners, very long words and lines)
//!   against ASCII prose of the same size.
//! * `throughput` times one single-threaded analysis of a large generated
//!   corpus (or a directory) and reports MB/s and peak memory.
//!
//! Everything is generated deterministically from a seed; nothing here is
//! run by `cargo test`.

#[path = "bench/diff.rs"]
mod diff;
#[path = "bench/recall.rs"]
mod recall;
#[path = "bench/text.rs"]
mod text;
#[path = "bench/throughput.rs"]
mod throughput;
#[path = "bench/unicode.rs"]
mod unicode;

use std::path::PathBuf;

use paradup::{Options, Segmentation};

const USAGE: &str = "\
usage:
  paradup-bench recall [--seed N] [--docs N] [--out DIR] [--sweep] [--examples N]
                       [--clough DIR] [OPTIONS]
  paradup-bench throughput [--mb N] [--keep-bytes] [--write DIR] [--from-dir DIR]
                           [--paragraphs N] [--stages] [--seed N] [--spill-mb N]
                           [OPTIONS]
  paradup-bench diff [--max-mb N] [--seed N]
  paradup-bench unicode [--mb N] [--seed N] [--only NAME]

OPTIONS (fields of paradup::Options):
  --shingle-words K  --near T  --contained T  --min-words N
  --segmentation auto|blank|line  --no-skip-datelines

recall:     --docs (default 240) documents; --out writes the corpus; --sweep runs
            shingle_words 1..=4 x near {0.4,0.5,0.6,0.7} x contained {0.7,0.8,0.9};
            --examples prints that many misses per kind and false positives;
            --clough (default ../shared/corpora/clough-stevenson).
throughput: --mb (default 100) of 100-200 KB documents; each document is dropped
            after add_document unless --keep-bytes; --stages also times decode,
            segment, normalize and shingle separately; --paragraphs N times N short
            paragraphs instead; --spill-mb N keeps N MB of word-level data in memory
            and spills the rest to temporary files in the system's temp folder.
diff:       one-paragraph pairs from 10 KB doubling up to --max-mb (default 4.6).
unicode:    --mb (default 4) of each kind of text, analyzed in documents of 1 MB;
            --only runs the kinds whose name contains NAME.";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args) {
        eprintln!("paradup-bench: {e}\n\n{USAGE}");
        std::process::exit(2);
    }
}

/// Command-line arguments, parsed by hand.
struct Args {
    rest: Vec<String>,
}

impl Args {
    /// Removes `--name` and returns whether it was there.
    fn flag(&mut self, name: &str) -> bool {
        match self.rest.iter().position(|a| a == name) {
            Some(i) => {
                self.rest.remove(i);
                true
            }
            None => false,
        }
    }

    /// Removes `--name VALUE` and parses the value.
    fn value<T: std::str::FromStr>(&mut self, name: &str) -> Result<Option<T>, String>
    where
        T::Err: std::fmt::Display,
    {
        let Some(i) = self.rest.iter().position(|a| a == name) else {
            return Ok(None);
        };
        if i + 1 >= self.rest.len() {
            return Err(format!("{name} needs a value"));
        }
        let v = self.rest.remove(i + 1);
        self.rest.remove(i);
        v.parse()
            .map(Some)
            .map_err(|e| format!("{name} {v:?}: {e}"))
    }

    fn options(&mut self) -> Result<Options, String> {
        let mut o = Options::default();
        if let Some(v) = self.value("--shingle-words")? {
            o.shingle_words = v;
        }
        if let Some(v) = self.value("--near")? {
            o.near_threshold = v;
        }
        if let Some(v) = self.value("--contained")? {
            o.contained_threshold = v;
        }
        if let Some(v) = self.value("--min-words")? {
            o.min_words = v;
        }
        if let Some(v) = self.value::<Segmentation>("--segmentation")? {
            o.segmentation = v;
        }
        if self.flag("--no-skip-datelines") {
            o.skip_datelines = false;
        }
        o.validate().map_err(|e| e.to_string())?;
        Ok(o)
    }

    fn done(&self) -> Result<(), String> {
        match self.rest.first() {
            Some(a) => Err(format!("unexpected argument {a:?}")),
            None => Ok(()),
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err("missing subcommand".into());
    };
    let mut a = Args {
        rest: rest.to_vec(),
    };
    match cmd.as_str() {
        "recall" => {
            let r = recall::RecallArgs {
                seed: a.value("--seed")?.unwrap_or(1),
                docs: a.value("--docs")?.unwrap_or(240),
                out: a.value::<PathBuf>("--out")?,
                sweep: a.flag("--sweep"),
                examples: a.value("--examples")?.unwrap_or(0),
                clough: a
                    .value::<PathBuf>("--clough")?
                    .unwrap_or_else(|| PathBuf::from("../shared/corpora/clough-stevenson")),
                options: a.options()?,
            };
            a.done()?;
            if r.docs < 10 {
                return Err("--docs must be at least 10".into());
            }
            recall::run(&r)
        }
        "throughput" => {
            let t = throughput::ThroughputArgs {
                mb: a.value("--mb")?.unwrap_or(100.0),
                keep_bytes: a.flag("--keep-bytes"),
                from_dir: a.value::<PathBuf>("--from-dir")?,
                write: a.value::<PathBuf>("--write")?,
                paragraphs: a.value("--paragraphs")?,
                stages: a.flag("--stages"),
                seed: a.value("--seed")?.unwrap_or(1),
                spill: a.value::<f64>("--spill-mb")?.map(|mb| (mb * 1e6) as usize),
                options: a.options()?,
            };
            a.done()?;
            throughput::run(&t)
        }
        "diff" => {
            let d = diff::DiffArgs {
                max_mb: a.value("--max-mb")?.unwrap_or(4.6),
                seed: a.value("--seed")?.unwrap_or(1),
            };
            a.done()?;
            diff::run(&d)
        }
        "unicode" => {
            let u = unicode::UnicodeArgs {
                mb: a.value("--mb")?.unwrap_or(4.0),
                seed: a.value("--seed")?.unwrap_or(1),
                only: a.value("--only")?,
            };
            a.done()?;
            unicode::run(&u)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown subcommand {other:?}")),
    }
}
