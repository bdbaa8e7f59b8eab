//! What a saved reference index (`paradup index`, CLI only) files a
//! reference file under, and what a check looks up for a new one: the
//! values through which two documents can meet in an analysis. Two
//! paragraphs are compared only when they share an index fingerprint (or,
//! too short for any, the same text), and two documents are aligned for
//! passages only through content-word grams they share, so a reference
//! file that holds none of a new document's values cannot be reported
//! with it.

use super::candidates::{MAX_SCAN, SCAN_BUDGET, SHARED_FRACTION};
use super::Analyzer;

/// A class with at most this many fingerprints can become a candidate of
/// another through a single shared one (`SHARED_FRACTION`); one with more,
/// facing a paragraph with more too, needs two at least.
pub const FEW_FINGERPRINTS: usize = SHARED_FRACTION;
/// A fingerprint held by at most this many classes proposes every pair
/// of them that can show reuse (its scan budget covers the whole run).
pub const ALL_PROPOSED: usize = MAX_SCAN;
const _: () = assert!(SCAN_BUDGET / MAX_SCAN >= MAX_SCAN);

/// The lookup values of some documents.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LookupKeys {
    /// Per compared paragraph that has any, its index fingerprints
    /// (winnowed word grams), sorted and distinct, in document order.
    pub paragraphs: Vec<Vec<u32>>,
    /// The text keys (folded to 32 bits) of compared paragraphs too short
    /// to have any fingerprint, sorted and distinct.
    pub short: Vec<u32>,
    /// Per document, every content-word gram of its passage tokens
    /// (40-bit values), sorted and distinct.
    pub grams: Vec<Vec<u64>>,
}

impl LookupKeys {
    /// Adds `other`'s values after these.
    pub fn append(&mut self, other: LookupKeys) {
        self.paragraphs.extend(other.paragraphs);
        self.short.extend(other.short);
        self.short.sort_unstable();
        self.short.dedup();
        self.grams.extend(other.grams);
    }
}

/// The lookup values of every document `analyzer` holds, or `None` when
/// it was not made with [`Analyzer::keeping`] (only that one keeps them).
/// A 32-bit fold of a key can meet another's by chance: that only makes a
/// lookup read one file more, never less.
pub fn lookup_keys(analyzer: &Analyzer) -> Option<LookupKeys> {
    let kept = analyzer.kept.as_ref()?;
    let mut out = LookupKeys::default();
    for (d, doc) in analyzer.corpus.docs.iter().enumerate() {
        for ((key, fps), p) in kept.keys(d).zip(&doc.paragraphs) {
            if p.words < analyzer.options.min_words as u64 {
                continue;
            }
            if fps.is_empty() {
                out.short.push(fold(key));
            } else {
                let mut fps = fps.to_vec();
                fps.sort_unstable();
                fps.dedup();
                out.paragraphs.push(fps);
            }
        }
        let mut grams = Vec::new();
        // A keeping analyzer never spills, so reading its tokens cannot fail.
        analyzer.passages.grams(d, &mut grams).ok()?;
        grams.sort_unstable();
        grams.dedup();
        out.grams.push(grams);
    }
    out.short.sort_unstable();
    out.short.dedup();
    Some(out)
}

/// Tells `analyzer` that `grams` (passage grams) are held by more than
/// `GRAM_DOCUMENTS` documents of the reference, most of them not read: a
/// check against a saved reference index that leaves their holders unread
/// gets the pairs and anchors a check against the whole reference gets,
/// in which they link and anchor nothing.
pub fn set_common_grams(analyzer: &mut Analyzer, grams: Vec<u64>) {
    analyzer.passages.set_common_grams(grams);
}

/// A paragraph key folded to 32 bits.
fn fold(key: u128) -> u32 {
    let k = (key as u64) ^ ((key >> 64) as u64);
    (k ^ (k >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    const ONE: &str = "The harbour authority announced that the eastern breakwater will be rebuilt over two summers.";

    fn keys(text: &str, options: Options) -> LookupKeys {
        let mut a = Analyzer::keeping(options).unwrap();
        a.add_document("x.txt", text.as_bytes());
        lookup_keys(&a).unwrap()
    }

    #[test]
    fn the_same_text_gives_the_same_values_and_other_text_others() {
        let a = keys(ONE, Options::default());
        assert!(!a.paragraphs.is_empty() && !a.grams[0].is_empty());
        let with_intro = keys(&format!("Intro line here.\n\n{ONE}"), Options::default());
        let within = |x: &[u64], y: &[u64]| x.iter().all(|v| y.binary_search(v).is_ok());
        assert!(with_intro.paragraphs.contains(&a.paragraphs[0]));
        assert!(within(&a.grams[0], &with_intro.grams[0]));
        let other = keys(
            "Gardens, roses and tulips need soil that drains well in the spring rain.",
            Options::default(),
        );
        assert!(a.paragraphs[0]
            .iter()
            .all(|f| !other.paragraphs[0].contains(f)));
    }

    #[test]
    fn short_compared_paragraphs_are_looked_up_and_uncompared_ones_not() {
        let options = Options {
            min_words: 2,
            ..Options::default()
        };
        let k = keys("Two words", options.clone());
        // Shorter than an index gram: one fingerprint of the whole
        // (a paragraph with none at all is looked up by its text key).
        assert_eq!(k.paragraphs.len() + k.short.len(), 1);
        assert_eq!(k, keys("two  WORDS", options));
        // Below min_words a paragraph is never compared, and not looked up.
        let none = keys("Two words", Options::default());
        assert!(none.paragraphs.is_empty() && none.short.is_empty());
    }

    #[test]
    fn only_a_keeping_analyzer_has_them() {
        let a = Analyzer::new(Options::default()).unwrap();
        assert!(lookup_keys(&a).is_none());
    }
}
