//! The corpus's vocabulary: for each folded word (by hash), its stem and
//! the stop lists it is on (`stops.rs`). Kept per distinct word, not per token, so a
//! token needs only the word's hash.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer};

use super::stops;
use super::tokens::word_hash;

/// Keys are hashes already: used as they are.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A hash map keyed by hashes.
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A one-hash bit filter over hashes: "surely absent" in one probe of a
/// small table that stays in cache, where most lookups of the other
/// document's words in a pair miss.
#[derive(Default)]
pub(crate) struct Filter {
    bits: Vec<u64>,
    mask: u64,
}

impl Filter {
    /// Bytes held.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(crate) fn bytes(&self) -> usize {
        self.bits.capacity() * 8
    }

    /// A filter holding `keys` (about 16 bits a key, so about one absent
    /// key in sixteen passes).
    pub(crate) fn new(keys: impl ExactSizeIterator<Item = u64>) -> Filter {
        let size = (keys.len() * 16).next_power_of_two().max(1024);
        let mut f = Filter {
            bits: vec![0; size / 64],
            mask: size as u64 - 1,
        };
        for k in keys {
            let i = f.slot(k);
            f.bits[(i / 64) as usize] |= 1 << (i % 64);
        }
        f
    }

    fn slot(&self, key: u64) -> u64 {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20) & self.mask
    }

    /// False when `key` was surely not among the keys.
    pub(crate) fn may_hold(&self, key: u64) -> bool {
        let i = self.slot(key);
        self.bits[(i / 64) as usize] & (1 << (i % 64)) != 0
    }
}

/// What is known of one distinct word.
#[derive(Debug, Clone, Copy)]
struct Entry {
    stem: u32,
    /// The stop lists it is on, a bit per language.
    stops: u16,
}

/// Every distinct word seen, with its stem.
pub(crate) struct Vocab {
    words: IdMap<u32, Entry>,
    /// Recently looked-up words, one slot per hash's low bits:
    /// `RECENT_HELD | hash << 16 | stop lists`, or 0 for none. Most tokens are
    /// words seen lately, found here without probing `words`.
    recent: Vec<u64>,
    stemmer: Stemmer,
}

/// Slots of [`Vocab::recent`] (32 KiB).
const RECENT: usize = 4096;
/// Marks a slot of [`Vocab::recent`] as holding a word.
const RECENT_HELD: u64 = 1 << 48;

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            words: IdMap::default(),
            // Allocated at the first word (see `word`): a run with
            // passages off keeps nothing here.
            recent: Vec::new(),
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Vocab {
    /// The hash of folded word `w` and the stop lists it is on (a bit per
    /// language, [`stops::mask`]); learns its stem the first time.
    pub(crate) fn word(&mut self, w: &str) -> (u32, u16) {
        let h = word_hash(w);
        let slot = h as usize % RECENT;
        if self.recent.is_empty() {
            self.recent = vec![0; RECENT];
        }
        let held = self.recent[slot];
        if held >> 16 == (RECENT_HELD >> 16 | u64::from(h)) {
            return (h, held as u16);
        }
        let stops = match self.words.get(&h) {
            Some(e) => e.stops,
            None => {
                let stops = stops::mask(w);
                let stem = word_hash(&self.stemmer.stem(w));
                self.words.insert(h, Entry { stem, stops });
                stops
            }
        };
        self.recent[slot] = RECENT_HELD | u64::from(h) << 16 | u64::from(stops);
        (h, stops)
    }

    /// The stem (hash) of a word known by hash `h`.
    pub(crate) fn stem(&self, h: u32) -> u32 {
        self.words.get(&h).map_or(h, |e| e.stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_holds_every_key_and_passes_few_others() {
        let keys: Vec<u64> = (0..5000u64)
            .map(|k| k.wrapping_mul(0x2545_F491_4F6C_DD1D))
            .collect();
        let f = Filter::new(keys.iter().copied());
        assert!(keys.iter().all(|&k| f.may_hold(k)));
        let passed = (5000..25_000u64)
            .filter(|k| f.may_hold(k.wrapping_mul(0x2545_F491_4F6C_DD1D)))
            .count();
        // About one in sixteen by design; far from all.
        assert!(passed < 20_000 / 8, "{passed} of 20000 absent keys passed");
        assert!(!Filter::new(std::iter::empty()).may_hold(7));
    }

    #[test]
    fn recent_words_answer_as_the_vocabulary_does() {
        // Many more words than slots, so slots are taken over by other
        // words; stop words among them, looked up again and again.
        const ENGLISH: [&str; 6] = ["the", "of", "which", "yourselves", "a", "had"];
        let words: Vec<String> = (0..3 * RECENT)
            .map(|k| match k % 7 {
                0 => ENGLISH[k % ENGLISH.len()].to_string(),
                // On other languages' lists (some on English's too).
                1 => ["les", "der", "что", "και", "的", "の", "die", "a"][k % 8].to_string(),
                _ => format!("w{k}"),
            })
            .collect();
        let mut v = Vocab::default();
        for round in 0..3 {
            for (k, w) in words.iter().enumerate() {
                let (h, stops) = v.word(w);
                assert_eq!(h, word_hash(w));
                assert_eq!(stops, stops::mask(w), "{w} round {round}");
                let english = ENGLISH.contains(&w.as_str());
                assert_eq!(stops & 1 != 0, english, "{w}");
                assert_eq!(stops != 0, k % 7 <= 1, "{w}");
            }
        }
    }

    #[test]
    fn inflections_share_a_stem() {
        let mut v = Vocab::default();
        let (a, _) = v.word("connected");
        let (b, _) = v.word("connection");
        let (c, stops) = v.word("the");
        assert_eq!(v.stem(a), v.stem(b));
        assert_eq!(stops, 1 | stops::NO_GRAM);
        assert_ne!(v.stem(a), v.stem(c));
    }
}
