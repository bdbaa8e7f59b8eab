//! The normalizer's tests: the ASCII fast path against the Unicode path,
//! word boundaries, folding and datelines.

use super::*;
use proptest::prelude::*;

fn words(s: &str) -> Vec<String> {
    normalized_words(s, true)
}

#[test]
fn quotes_case_and_punctuation_fold() {
    assert_eq!(
        words("“Gaza’s” FUTURE — isn't… U.S. 1,600"),
        words("\"gaza's\" future - isnt... US 1600")
    );
    assert_eq!(words("Gaza’s future"), ["gazas", "future"]);
    assert_eq!(
        words("headline hereThe story"),
        ["headline", "here", "the", "story"]
    );
    assert_eq!(words("turf\"While"), ["turf", "while"]);
}

#[test]
fn numbers_are_kept_apart() {
    assert_ne!(words("At least 558 people"), words("At least 492 people"));
}

#[test]
fn nfkc_and_spaces_fold() {
    assert_eq!(words("ﬁne\u{a0}ＡＢＣ\u{2009}x"), ["fine", "abc", "x"]);
    assert_eq!(words("Straße"), words("STRASSE"));
}

#[test]
fn unspaced_scripts_split_per_character() {
    assert_eq!(words("東京タワー"), ["東", "京", "タ", "ワ", "ー"]);
    assert_eq!(words("กินข้าว").len(), 7);
}

#[test]
fn datelines_are_skipped() {
    for (with, len) in [
        ("(NEW YORK) — Elon Musk spoke.", 13),
        ("WASHINGTON (AP) — Elon Musk spoke.", 20),
        ("LONDON -- Elon Musk spoke.", 10),
        ("PARIS, France - Elon Musk spoke.", 16),
    ] {
        let n = dateline_len(with);
        assert_eq!(&with[n..], "Elon Musk spoke.", "{with}");
        assert!(n >= len, "{with}");
        assert_eq!(words(with), ["elon", "musk", "spoke"]);
    }
    for without in [
        "MORE: Election officials confront Musk",
        "U.S. billionaire Elon Musk - the owner",
        "-ABC News’ Will Steakin contributed",
        "IDF said — and so on",
        "Sirens sounded in Tel Aviv — twice.",
    ] {
        assert_eq!(dateline_len(without), 0, "{without}");
    }
}

/// The Unicode path as it was before the character cache and the
/// memo: every character looked up, the whole text at once.
fn reference(text: &str) -> (String, Vec<u64>) {
    let mut n = Normalizer::new();
    let nfkc: String = text.nfkc().collect();
    for word in nfkc.unicode_words() {
        let mut start = n.joined.len();
        let mut prev_lower = false;
        for raw in word.chars() {
            if raw.is_alphanumeric() {
                if prev_lower && raw.is_uppercase() {
                    n.push_word(start);
                    start = n.joined.len();
                }
                prev_lower = raw.is_lowercase();
            }
            for c in std::iter::once(raw).default_case_fold() {
                if is_unspaced_script(c) {
                    n.push_word(start);
                    let s = n.joined.len();
                    push_char(&mut n.joined, c);
                    n.push_word(s);
                    start = n.joined.len();
                } else if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
                    push_char(&mut n.joined, c);
                }
            }
        }
        n.push_word(start);
    }
    n.joined.pop();
    (n.joined().to_owned(), n.words)
}

#[test]
fn repeated_unicode_words_are_normalized_once() {
    // Issue 12: U+FDFA expands to 18 characters under NFKC; a text of
    // them ran 48 times slower than ASCII. Each distinct piece is now
    // normalized once per normalizer.
    let text = "\u{FDFA} ".repeat(300_000) + "\u{FDFA}\u{FDFA}";
    let mut n = Normalizer::new();
    n.run(&text, false);
    assert_eq!(n.words().len(), 4 * 300_000 + 7);
    assert!(n.slow_bytes <= 16, "{} bytes the slow way", n.slow_bytes);
    n.run(&text[..400], false);
    assert_eq!(
        (n.joined().to_owned(), n.words().to_vec()),
        reference(&text[..400])
    );
    // Accented prose: its words repeat.
    let prose = "Thé fîrst ünïcode séntence, répeated. ".repeat(10_000);
    n.slow_bytes = 0;
    n.run(&prose, false);
    assert!(n.slow_bytes <= 100, "{} bytes the slow way", n.slow_bytes);
    assert_eq!(n.words().len(), 50_000);
}

#[test]
fn case_folding_gives_at_most_three_characters() {
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert!(std::iter::once(c).default_case_fold().count() <= 3, "{c:?}");
    }
}

#[test]
fn pathological_texts_give_the_same_words_as_before() {
    let mut n = Normalizer::new();
    for text in [
        "\u{FDFA} \u{FDFA}\u{FDFA}  \u{FDFA}",
        "a\u{301}\u{316}\u{301} \u{301}x \u{93E}y",
        "w\u{200D}o\u{200D}r\u{200D}d \u{1F468}\u{200D}\u{1F469} \u{200D}z",
        "\u{3000}東京 \u{a0}Straße ΣΊΣΥΦΟΣ İstanbul \u{1100}\u{1161}\u{11A8} ﬁne",
        "camelCase  XMLHttp  don't U.S. 1,600 \u{a8} x\u{a8}y",
    ] {
        for _ in 0..2 {
            n.run(text, false);
            assert_eq!(
                (n.joined().to_owned(), n.words().to_vec()),
                reference(text),
                "{text:?}"
            );
        }
    }
}

proptest! {
    #[test]
    fn unicode_path_gives_the_same_words_as_before(
        texts in proptest::collection::vec(
            "[aZß0 .'\u{a0}\u{3000}\u{301}\u{316}\u{93E}\u{200D}\u{FDFA}\u{FB01}\u{a8}\u{1100}\u{1161}\u{11A8}\u{AC00}東ΣςİéÉ\u{1F468}\u{0644}\u{0627}]{0,24}",
            1..6,
        )
    ) {
        // One normalizer over several texts, so the memo is used.
        let mut n = Normalizer::new();
        for t in texts.iter().chain(&texts) {
            n.unicode_reset(t);
            let (joined, words) = reference(t);
            prop_assert_eq!(n.joined(), joined.as_str());
            prop_assert_eq!(n.words(), &words[..]);
        }
    }

    #[test]
    fn ascii_and_unicode_paths_agree(s in "[a-zA-Z0-9_:.',; !?\"()\\-‘’“”–—…\u{a0}]{0,40}") {
        let mut fast = Normalizer::new();
        fast.run(&s, false);
        let mut slow = Normalizer::new();
        slow.unicode_reset(&s);
        prop_assert_eq!(fast.joined(), slow.joined());
        prop_assert_eq!(fast.words(), slow.words());
    }
}
