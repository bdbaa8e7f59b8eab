//! What a saved reference index (`paradup index`, CLI only) files a
//! reference file under, and what a check looks up for a new one: the
//! values through which two documents can meet in an analysis. Two
//! paragraphs are compared only when they share an index fingerprint (or,
//! too short for any, the same text), and two documents are aligned for
//! passages only through content-word grams they share, so a reference
//! file that holds none of a new document's values cannot be reported
//! with it.

use super::Analyzer;

/// The lookup values of some documents, each list sorted and distinct.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LookupKeys {
    /// The paragraphs' index fingerprints (winnowed word grams).
    pub fingerprints: Vec<u32>,
    /// The text keys (folded to 32 bits) of compared paragraphs too short
    /// to have any fingerprint.
    pub short: Vec<u32>,
    /// Every content-word gram of the passages' tokens.
    pub grams: Vec<u32>,
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
            }
            out.fingerprints.extend_from_slice(fps);
        }
        analyzer.passages.grams(d, &mut out.grams);
    }
    for list in [&mut out.fingerprints, &mut out.short, &mut out.grams] {
        list.sort_unstable();
        list.dedup();
    }
    Some(out)
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
        assert!(!a.fingerprints.is_empty() && !a.grams.is_empty());
        let with_intro = keys(&format!("Intro line here.\n\n{ONE}"), Options::default());
        let within = |x: &[u32], y: &[u32]| x.iter().all(|v| y.binary_search(v).is_ok());
        assert!(within(&a.fingerprints, &with_intro.fingerprints));
        assert!(within(&a.grams, &with_intro.grams));
        let other = keys("Gardens, roses and tulips need soil that drains well in the spring rain.", Options::default());
        assert!(a.fingerprints.iter().all(|f| !other.fingerprints.contains(f)));
    }

    #[test]
    fn short_compared_paragraphs_are_looked_up_by_their_text() {
        let options = Options {
            min_words: 2,
            ..Options::default()
        };
        let k = keys("Two words", options.clone());
        assert!(k.fingerprints.is_empty());
        assert_eq!(k.short.len(), 1);
        assert_eq!(k, keys("two  WORDS", options));
        // Below min_words a paragraph is never compared, and not looked up.
        assert!(keys("Two words", Options::default()).short.is_empty());
    }

    #[test]
    fn only_a_keeping_analyzer_has_them() {
        let a = Analyzer::new(Options::default()).unwrap();
        assert!(lookup_keys(&a).is_none());
    }
}
