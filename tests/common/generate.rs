//! Generated test data: random numbers, long paragraphs, random bytes and
//! proptest strategies.
//!
//! Included by the integration tests (`tests/common`) and by the crate's
//! unit tests (`src/tests`), so it names nothing of paradup.

use proptest::prelude::*;

/// A small deterministic random source for generated corpora: each call
/// gives a number below `n`.
pub fn xorshift(seed: u64) -> impl FnMut(usize) -> usize {
    let mut x = seed;
    move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    }
}

/// A deterministic paragraph of about `bytes` bytes on one line: numbered
/// sentences from a small vocabulary.
pub fn long_paragraph(bytes: usize, seed: u64) -> String {
    const WORDS: [&str; 24] = [
        "harbour", "council", "evening", "ferry", "report", "gazette", "tide", "market", "storm",
        "pier", "the", "a", "of", "and", "was", "said", "on", "by", "late", "new", "old", "north",
        "quay", "boats",
    ];
    let mut next = xorshift(seed);
    let mut out = String::with_capacity(bytes + 100);
    let mut n = 0;
    while out.len() < bytes {
        n += 1;
        out.push_str(&format!("Item {n}:"));
        for _ in 0..next(12) + 4 {
            out.push(' ');
            out.push_str(WORDS[next(WORDS.len())]);
        }
        out.push_str(". ");
    }
    out.pop();
    out
}

/// SplitMix64: eight random bytes per step.
pub struct Bytes(pub u64);

impl Bytes {
    /// The next eight random bytes.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `n` random bytes.
    pub fn blob(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(n);
        v
    }
}

/// Text built from pieces that stress segmentation: words, spaces of every
/// kind, every line ending, list markers, headings, non-ASCII.
pub fn texty() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("word ".to_string()),
        Just("The quick brown fox jumps over the lazy dog. ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\n\n".to_string()),
        Just("  \t".to_string()),
        Just("\u{a0}".to_string()),
        Just("- ".to_string()),
        Just("# ".to_string()),
        Just("1. ".to_string()),
        Just("(LONDON) — ".to_string()),
        Just("“Gaza’s” … ".to_string()),
        Just("東京 ".to_string()),
        "[a-z]{1,12}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat().into_bytes())
}

/// Any bytes: [`texty`] text, random bytes, or random bytes behind a
/// UTF-16 byte-order mark.
pub fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        texty(),
        prop::collection::vec(any::<u8>(), 0..400),
        // Bytes with a UTF-16 BOM in front.
        prop::collection::vec(any::<u8>(), 0..200).prop_map(|mut v| {
            v.splice(0..0, [0xFF, 0xFE]);
            v
        }),
    ]
}

/// A made-up word for `n` (two or three syllables, then one more), a
/// content word in no stop list, so generated texts share only what
/// their generator makes them share.
pub fn word(n: usize) -> String {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ter", "van", "so", "rud", "pe", "ling", "dor", "bra", "us", "fen",
        "tal", "mor", "gi",
    ];
    let mut w = String::new();
    let mut x = n + 17;
    for _ in 0..2 + n % 2 {
        w.push_str(SYL[x % SYL.len()]);
        x /= SYL.len();
    }
    w.push_str(SYL[(n * 7) % SYL.len()]);
    w
}

/// `groups` texts of `words` made-up words each (no two groups share a
/// word triple but by chance), each written `copies` times: documents
/// `(name, text)`, the copies of a group one after the other. Every pair
/// of copies shares all its grams, so the passage search's anchor lists
/// and shared grams (8 bytes per candidate pair and gram) outweigh the
/// corpus several times over.
pub fn copied_texts(
    groups: usize,
    copies: usize,
    words: usize,
    seed: u64,
) -> Vec<(String, String)> {
    let mut next = xorshift(seed);
    let mut out = Vec::with_capacity(groups * copies);
    for g in 0..groups {
        let mut text = String::new();
        for i in 0..words {
            text.push_str(&word(next(3000)));
            // Sentences of 20 words, paragraphs of 100.
            text.push_str(match i % 100 {
                99 => ".\n\n",
                _ if i % 20 == 19 => ". ",
                _ => " ",
            });
        }
        for c in 0..copies {
            out.push((format!("g{g:03}c{c:02}.txt"), text.clone()));
        }
    }
    out
}
