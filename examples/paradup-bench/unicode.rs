//! The pathological-text benchmark: analysis speed per input byte of
//! generated texts that are hard on decoding, segmentation and
//! normalization, against plain ASCII prose of the same size.

use std::time::{Duration, Instant};

use paradup::__internals::Normalizer;
use paradup::{Analyzer, Options};

use super::text::{Rng, Vocab, Writer};

/// Arguments of `paradup-bench unicode`.
pub struct UnicodeArgs {
    /// Megabytes of each kind of text.
    pub mb: f64,
    /// Seed of the generated text.
    pub seed: u64,
    /// Only the kinds whose name contains this.
    pub only: Option<String>,
}

/// One kind of text: its name and a generator of about `n` bytes.
type Kind = (&'static str, fn(&mut Rng, &Vocab, usize) -> String);

const KINDS: [Kind; 14] = [
    ("ascii prose", ascii_prose),
    ("accented prose", accented_prose),
    ("curly quotes prose", curly_prose),
    ("U+FDFA spaced", |_, _, n| repeat_to("\u{FDFA} ", n, 60)),
    ("U+FDFA unspaced", |_, _, n| repeat_to("\u{FDFA}", n, 60)),
    ("U+FDFA one line", |_, _, n| "\u{FDFA} ".repeat(n / 4)),
    ("combining runs", |_, _, n| {
        repeat_to(&format!("a{} ", "\u{301}\u{316}".repeat(40)), n, 8)
    }),
    ("one combining run", |_, _, n| {
        format!("a{}", "\u{301}\u{316}".repeat(n / 4))
    }),
    ("zero-width joiners", |_, _, n| {
        repeat_to(
            "w\u{200D}o\u{200D}r\u{200D}d \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} ",
            n,
            20,
        )
    }),
    ("one long word", |_, _, n| "x".repeat(n)),
    ("one long accented word", |_, _, n| "é".repeat(n / 2)),
    ("one huge line", |rng, vocab, n| {
        ascii_prose(rng, vocab, n).replace('\n', " ")
    }),
    ("han", |_, _, n| repeat_to("東京の天気は晴れです。", n, 10)),
    ("arabic", |_, _, n| {
        repeat_to("السلام عليكم ورحمة الله وبركاته ", n, 6)
    }),
];

/// `unit` repeated `per_line` times on each line, lines separated by blank
/// lines, up to about `n` bytes.
fn repeat_to(unit: &str, n: usize, per_line: usize) -> String {
    let line = unit.repeat(per_line);
    let mut out = String::with_capacity(n + line.len() + 2);
    while out.len() < n {
        out.push_str(line.trim_end());
        out.push_str("\n\n");
    }
    out
}

fn ascii_prose(rng: &mut Rng, vocab: &Vocab, n: usize) -> String {
    let w = Writer { vocab };
    let mut out = String::with_capacity(n + 2000);
    while out.len() < n {
        out.push_str(&w.paragraph(rng, None, 40, 120).text());
        out.push_str("\n\n");
    }
    out
}

fn accented_prose(rng: &mut Rng, vocab: &Vocab, n: usize) -> String {
    ascii_prose(rng, vocab, n)
        .replace('e', "é")
        .replace('a', "à")
        .replace('o', "ö")
}

fn curly_prose(rng: &mut Rng, vocab: &Vocab, n: usize) -> String {
    ascii_prose(rng, vocab, n)
        .replace(", ", "\u{2019}s \u{201C}")
        .replace(". ", "\u{201D} \u{2014} ")
}

/// Runs the benchmark and prints one line per kind.
pub fn run(args: &UnicodeArgs) -> Result<(), String> {
    if args.mb.is_nan() || args.mb <= 0.0 {
        return Err("--mb must be positive".into());
    }
    let n = (args.mb * 1e6) as usize;
    let mut rng = Rng::new(args.seed);
    let vocab = Vocab::new(&mut rng, 20_000);
    println!(
        "paradup-bench unicode: {:.1} MB of each kind, single-threaded",
        args.mb
    );
    println!(
        "{:<24} {:>6} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "kind", "MB", "words", "analyze", "MB/s", "vs ASCII", "normalize"
    );
    let mut ascii_rate = None;
    for (name, make) in KINDS {
        if args
            .only
            .as_ref()
            .is_some_and(|o| !name.contains(o.as_str()))
        {
            continue;
        }
        let text = make(&mut rng, &vocab, n);
        let bytes = text.len() as f64 / 1e6;
        // Split into documents of about 1 MB at line breaks, as files.
        let docs = split_docs(&text, 1_000_000);
        let t = Instant::now();
        let mut a = Analyzer::new(Options::default()).map_err(|e| e.to_string())?;
        for (i, d) in docs.iter().enumerate() {
            a.add_document(&format!("{i}.txt"), d.as_bytes());
        }
        let report = a.finish().map_err(|e| e.to_string())?;
        let secs = t.elapsed().as_secs_f64();
        let words: u64 = report
            .documents
            .iter()
            .flat_map(|d| &d.paragraphs)
            .map(|p| p.words)
            .sum();
        let rate = bytes / secs.max(1e-9);
        let base = *ascii_rate.get_or_insert(rate);
        println!(
            "{:<24} {:>6.2} {:>9} {:>8.2}s {:>9.1} {:>8.1}x {:>9.2}s",
            name,
            bytes,
            words,
            secs,
            rate,
            base / rate,
            normalize_time(&text).as_secs_f64()
        );
    }
    Ok(())
}

/// Pieces of about `size` bytes cut after a line break (or anywhere on a
/// character boundary when a line is longer).
fn split_docs(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(size);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let cut = rest[cut..].find('\n').map_or(rest.len(), |i| cut + i + 1);
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out
}

/// Time spent normalizing the text paragraph by paragraph (blank lines).
fn normalize_time(text: &str) -> Duration {
    let mut n = Normalizer::new();
    let t = Instant::now();
    for p in text.split("\n\n") {
        n.run(p, true);
    }
    t.elapsed()
}
