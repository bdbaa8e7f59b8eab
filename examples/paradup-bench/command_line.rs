//! The benchmark's command line (clap), on the targets that have one.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use paradup::{Options, Segmentation};

use super::multilingual::Corpus;
use super::{clough, diff, pan, reading, recall, rematch, throughput, unicode};

#[derive(Parser)]
#[command(
    name = "paradup-bench",
    about = "Benchmarks of paradup: recall, PAN 2013 text alignment, throughput, word diff and pathological Unicode"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plant known edits and hard negatives in a generated corpus and score
    /// the report against them (and the Clough–Stevenson corpus if present).
    Recall {
        /// Generator seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of generated documents (at least 10).
        #[arg(long, default_value_t = 240, value_parser = clap::value_parser!(u64).range(10..))]
        docs: u64,
        /// Write the generated corpus into this folder.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Run shingle_words 1..=4 x near {0.4,0.5,0.6,0.7} x contained
        /// {0.7,0.8,0.9} instead of the given options.
        #[arg(long)]
        sweep: bool,
        /// Print this many misses per kind and false positives.
        #[arg(long, default_value_t = 0)]
        examples: usize,
        /// The Clough–Stevenson corpus.
        #[arg(long, default_value = "../shared/corpora/clough-stevenson")]
        clough: PathBuf,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// ROC AUC of reused against independent Clough–Stevenson answers,
    /// scored by their overlap share against their task's original.
    Clough {
        /// The corpus folder (file_information.csv, orig_task*.txt, answers).
        #[arg(long, default_value = "../shared/corpora/clough-stevenson")]
        dir: PathBuf,
        /// Print every answer's scores.
        #[arg(long)]
        list: bool,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Score the detections on the PAN 2013 text-alignment corpus subset
    /// with PAN's measures (precision, recall, granularity, plagdet), per
    /// obfuscation category, on a tuning and a check half.
    Pan {
        /// The corpus folder (pairs.tsv, susp/, src/, 0N-*/).
        #[arg(long, default_value = "../shared/corpora/pan13-train")]
        dir: PathBuf,
        /// Which half of the pairs to run: tune, check or all (both halves
        /// reported apart, then together).
        #[arg(long, value_enum, default_value_t = pan::Split::All)]
        split: pan::Split,
        /// Also analyze all documents of the chosen pairs as one corpus.
        #[arg(long)]
        whole: bool,
        /// Merge links whose paragraphs are at most this many characters
        /// apart in both documents (neighbouring or overlapping ones always
        /// merge); 400 was best on the tuning half (docs/benchmarks.md).
        #[arg(long, default_value_t = 400)]
        gap: usize,
        /// Do not merge: every paragraph link is a detection of its own.
        #[arg(long, conflicts_with = "gap")]
        no_merge: bool,
        /// Also list, per category, the N pairs with the lowest plagdet:
        /// each case and detection with its character spans, for reading
        /// what was missed or found in excess.
        #[arg(long, default_value_t = 0)]
        worst: usize,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Time one single-threaded analysis of a large generated corpus (or a
    /// folder) and report MB/s and peak memory.
    Throughput {
        /// Megabytes (10^6 bytes) of 100–200 KB documents.
        #[arg(long, default_value_t = 100.0)]
        mb: f64,
        /// Keep every document's bytes until the end (by default each is
        /// dropped after add_document).
        #[arg(long)]
        keep_bytes: bool,
        /// Read the corpus from this folder instead of generating it.
        #[arg(long)]
        from_dir: Option<PathBuf>,
        /// Write the generated corpus into this folder first.
        #[arg(long)]
        write: Option<PathBuf>,
        /// Time this many short paragraphs instead.
        #[arg(long)]
        paragraphs: Option<usize>,
        /// Also time decode, segment, normalize and shingle separately.
        #[arg(long)]
        stages: bool,
        /// Generator seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Which generated corpus: ascii (English-like, the one of every
        /// figure before 2026-11-29) or multilingual (eight languages,
        /// typographic punctuation).
        #[arg(long, value_enum, default_value_t = Corpus::Ascii)]
        corpus: Corpus,
        /// Keep this many MB of word-level data in memory and spill the rest
        /// to temporary files.
        #[arg(long)]
        spill_mb: Option<f64>,
        /// Add the files through `Analyzer::add_files` with this many
        /// threads (as the CLI does; 1 is sequential) instead of one
        /// `add_document` at a time. With --from-dir the files are then
        /// read inside the timed run, by the worker threads.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Time reading and normalizing alone (sniff, decode, segment,
    /// normalize; fingerprinting apart, no matching) of the files of one
    /// or more folders, taking turns, with the speed per byte against the
    /// first folder.
    Read {
        /// The folders (the first is the one the others are compared with).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Rounds: each times every folder once, in turn.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
        rounds: u64,
        /// Leave fingerprinting out (for instruction counts of reading and
        /// normalizing alone: `valgrind --tool=callgrind
        /// --toggle-collect='*reading*pass*'`).
        #[arg(long)]
        no_fingerprint: bool,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Time adding one small file to an analyzed folder, removing one and
    /// changing a threshold, with the analysis kept (as the page does),
    /// against a fresh analysis (single-threaded; reports compared).
    Rematch {
        /// The analyzed corpus (e.g. written by `gen`).
        #[arg(long)]
        dir: PathBuf,
        #[command(flatten)]
        options: OptionArgs,
    },
    /// Write the throughput benchmark's generated corpus to a folder
    /// (the same files as `throughput --write`) without analyzing it.
    Gen {
        /// Which corpus.
        #[arg(long, value_enum, default_value_t = Corpus::Ascii)]
        corpus: Corpus,
        /// Megabytes (10^6 bytes) of 100–200 KB documents.
        #[arg(long, default_value_t = 100.0)]
        mb: f64,
        /// Generator seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Time the word diff on one-paragraph pairs of doubling size.
    Diff {
        /// Largest size in MB (sizes double from 10 KB up to it).
        #[arg(long, default_value_t = 4.6)]
        max_mb: f64,
        /// Generator seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time pathological texts against ASCII prose of the same size.
    Unicode {
        /// Megabytes of each kind of text, in documents of 1 MB.
        #[arg(long, default_value_t = 4.0)]
        mb: f64,
        /// Generator seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Only the kinds whose name contains this.
        #[arg(long)]
        only: Option<String>,
    },
}

/// Fields of [`paradup::Options`]; unset ones keep their defaults.
#[derive(Args)]
struct OptionArgs {
    /// Words per shingle.
    #[arg(long)]
    shingle_words: Option<usize>,
    /// Near-copy threshold.
    #[arg(long)]
    near: Option<f64>,
    /// Containment threshold.
    #[arg(long)]
    contained: Option<f64>,
    /// Shortest paragraph compared, in words.
    #[arg(long)]
    min_words: Option<usize>,
    /// auto, blank or line.
    #[arg(long, value_parser = |s: &str| s.parse::<Segmentation>())]
    segmentation: Option<Segmentation>,
    /// Compare leading datelines too.
    #[arg(long)]
    no_skip_datelines: bool,
    /// Leave passages (reuse inside paragraphs) out, to time paragraph
    /// matching alone.
    #[arg(long)]
    no_passages: bool,
}

impl OptionArgs {
    fn options(&self) -> Result<Options, String> {
        let d = Options::default();
        let o = Options {
            shingle_words: self.shingle_words.unwrap_or(d.shingle_words),
            near_threshold: self.near.unwrap_or(d.near_threshold),
            contained_threshold: self.contained.unwrap_or(d.contained_threshold),
            min_words: self.min_words.unwrap_or(d.min_words),
            segmentation: self.segmentation.unwrap_or(d.segmentation),
            skip_datelines: !self.no_skip_datelines,
            passages: d.passages && !self.no_passages,
            ..d
        };
        o.validate().map_err(|e| e.to_string())?;
        Ok(o)
    }
}

/// Parses the command line and runs the chosen benchmark.
pub fn main() {
    if let Err(e) = run(Cli::parse().command) {
        eprintln!("paradup-bench: {e}");
        std::process::exit(2);
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Recall {
            seed,
            docs,
            out,
            sweep,
            examples,
            clough,
            options,
        } => recall::run(&recall::RecallArgs {
            seed,
            docs: docs as usize,
            out,
            sweep,
            examples,
            clough,
            options: options.options()?,
        }),
        Command::Clough { dir, list, options } => clough::run(&clough::CloughArgs {
            dir,
            list,
            options: options.options()?,
        }),
        Command::Pan {
            dir,
            split,
            whole,
            gap,
            no_merge,
            worst,
            options,
        } => pan::run(&pan::PanArgs {
            dir,
            split,
            whole,
            gap: (!no_merge).then_some(gap),
            worst,
            options: options.options()?,
        }),
        Command::Throughput {
            mb,
            keep_bytes,
            from_dir,
            write,
            paragraphs,
            stages,
            seed,
            corpus,
            spill_mb,
            threads,
            options,
        } => throughput::run(&throughput::ThroughputArgs {
            threads: threads.map(usize::from),
            mb,
            keep_bytes,
            from_dir,
            write,
            paragraphs,
            stages,
            seed,
            spill: spill_mb.map(|mb| (mb * 1e6) as usize),
            corpus,
            options: options.options()?,
        }),
        Command::Read {
            dirs,
            rounds,
            no_fingerprint,
            options,
        } => reading::run(&reading::ReadArgs {
            dirs,
            rounds: rounds as usize,
            no_fingerprint,
            options: options.options()?,
        }),
        Command::Rematch { dir, options } => rematch::run(&rematch::RematchArgs {
            dir,
            options: options.options()?,
        }),
        Command::Gen {
            corpus,
            mb,
            seed,
            out,
        } => throughput::gen(&throughput::GenArgs {
            corpus,
            mb,
            seed,
            out,
        }),
        Command::Diff { max_mb, seed } => diff::run(&diff::DiffArgs { max_mb, seed }),
        Command::Unicode { mb, seed, only } => {
            unicode::run(&unicode::UnicodeArgs { mb, seed, only })
        }
    }
}
