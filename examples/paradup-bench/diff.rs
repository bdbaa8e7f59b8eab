//! The word-diff benchmark: times `paradup::diff::word_diff` on pairs of
//! one-paragraph texts of growing size, so that super-linear growth shows as
//! a time per MB that climbs with the size.

use std::time::Instant;

use super::text::{edit_words, Rng, Vocab, Writer};

/// Arguments of `paradup-bench diff`.
pub struct DiffArgs {
    /// Largest size in MB (sizes double from 10 KB up to it).
    pub max_mb: f64,
    /// Seed of the generated text.
    pub seed: u64,
}

/// One paragraph of generated prose of at least `bytes` bytes.
pub fn long_paragraph(rng: &mut Rng, vocab: &Vocab, bytes: usize) -> String {
    let w = Writer { vocab };
    let mut out = String::with_capacity(bytes + 200);
    while out.len() < bytes {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.sentence(rng, None));
    }
    out
}

/// The kinds of pairs measured, from easiest to hardest.
const KINDS: [&str; 5] = [
    "one edit",
    "edits every ~2 KB",
    "1% of words",
    "unrelated",
    "repetitive, 1%",
];

fn pair(kind: usize, rng: &mut Rng, vocab: &Vocab, old: &str) -> String {
    match kind {
        0 => {
            // One word replaced in the middle: the near-identical pair.
            let mid = old.len() / 2;
            let at = old[mid..].find(' ').map_or(mid, |i| mid + i);
            format!("{} changed{}", &old[..at], &old[at..])
        }
        1 => edit_words(rng, vocab, old, 1.0 / 300.0),
        2 => edit_words(rng, vocab, old, 0.01),
        3 => long_paragraph(rng, vocab, old.len()),
        _ => {
            // One sentence over and over, a few words edited: few unique
            // words, the hard case for diff algorithms.
            let sentence = "the same few words come back again and again. ";
            let rep = sentence.repeat(old.len() / sentence.len() + 1);
            edit_words(rng, vocab, &rep, 0.01)
        }
    }
}

/// Runs the benchmark and prints one line per size and kind.
pub fn run(args: &DiffArgs) -> Result<(), String> {
    if args.max_mb.is_nan() || args.max_mb <= 0.0 {
        return Err("--max-mb must be positive".into());
    }
    let mut rng = Rng::new(args.seed);
    let vocab = Vocab::new(&mut rng, 20_000);
    let max = (args.max_mb * 1e6) as usize;
    println!("paradup-bench diff: word_diff of one-paragraph pairs (single-threaded)");
    println!(
        "{:>10}  {:<18} {:>9} {:>9} {:>8}  {:<12}",
        "bytes", "pair", "seconds", "MB/s", "spans", "result"
    );
    let mut size = 10_000;
    loop {
        let old = long_paragraph(&mut rng, &vocab, size.min(max));
        for (kind, name) in KINDS.iter().enumerate() {
            let new = pair(kind, &mut rng, &vocab, &old);
            let repetitive;
            let old = if kind == 4 {
                repetitive =
                    "the same few words come back again and again. ".repeat(old.len() / 47 + 1);
                &repetitive
            } else {
                &old
            };
            let t = Instant::now();
            let d = paradup::diff::diff(old, &new);
            let secs = t.elapsed().as_secs_f64();
            let mb = (old.len() + new.len()) as f64 / 1e6;
            println!(
                "{:>10}  {:<18} {:>9.4} {:>9.1} {:>8}  {:<12}",
                old.len(),
                name,
                secs,
                mb / secs.max(1e-9),
                d.spans.len(),
                if d.coarse { "coarse" } else { "word level" }
            );
        }
        if size >= max {
            break;
        }
        size *= 2;
    }
    Ok(())
}
