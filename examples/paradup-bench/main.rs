//! `paradup-bench`: the benchmarks (an example, so it is not installed with
//! the CLI). Run it with
//! `cargo run --profile fast --example paradup-bench -- SUBCOMMAND …`.
//!
//! * `recall` plants known edits (exact copies, case and punctuation
//!   changes, datelines, word edits, reordered sentences, glued and halved
//!   paragraphs, added sentences) and hard negatives in a generated corpus
//!   written in several layouts, runs the library on it and scores the report
//!   against the ground truth; then it lifts passages of sentences into
//!   other paragraphs (each edit kind, each layout) and scores the report's
//!   passages at character level with PAN's measures; it also scores the public Clough–Stevenson
//!   short-answer corpus when it is present.
//! * `clough` measures how well each answer's overlap share against its
//!   task's original separates reused from independent answers of the
//!   Clough–Stevenson corpus (ROC AUC), and lists the independent answers
//!   linked to anything.
//! * `pan` scores paragraph links as text-alignment detections on the
//!   PAN 2013 corpus subset in `../shared/corpora/pan13-train/` with PAN's
//!   measures (precision, recall, granularity, plagdet), per obfuscation
//!   category, on a tuning and a check half of the pairs.
//! * `diff` times the word diff on one-paragraph pairs of doubling size
//!   (one edit, scattered edits, unrelated, repetitive), so super-linear
//!   growth shows.
//! * `unicode` times the analysis of pathological texts (U+FDFA, long
//!   combining-mark runs, zero-width joiners, very long words and lines)
//!   against ASCII prose of the same size.
//! * `throughput` times one single-threaded analysis of a large generated
//!   corpus (or a directory) and reports MB/s and peak memory; `--corpus
//!   multilingual` generates news-like prose in eight languages with
//!   typographic punctuation instead of the English-like ASCII corpus.
//! * `read` times reading and normalizing alone (sniffing, decoding,
//!   segmenting, normalizing; fingerprinting apart, no matching) of the
//!   files of several folders taking turns, per byte, against the first.
//! * `gen` writes either generated corpus to a folder.
//!
//! Everything is generated deterministically from a seed. The benchmarks
//! are not run by `cargo test`; the unit tests of their measures are, with
//! `cargo test --example paradup-bench`.

#[cfg(not(target_arch = "wasm32"))]
mod clough;
#[cfg(not(target_arch = "wasm32"))]
mod command_line;
#[cfg(not(target_arch = "wasm32"))]
mod diff;
#[cfg(not(target_arch = "wasm32"))]
mod multilingual;
#[cfg(not(target_arch = "wasm32"))]
mod pan;
#[cfg(not(target_arch = "wasm32"))]
mod passages;
#[cfg(not(target_arch = "wasm32"))]
mod reading;
#[cfg(not(target_arch = "wasm32"))]
mod recall;
#[cfg(not(target_arch = "wasm32"))]
mod rematch;
#[cfg(not(target_arch = "wasm32"))]
mod text;
#[cfg(not(target_arch = "wasm32"))]
mod throughput;
#[cfg(not(target_arch = "wasm32"))]
mod unicode;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    command_line::main();
}

// The benchmarks are native; there is nothing to run on wasm32.
#[cfg(target_arch = "wasm32")]
fn main() {}
