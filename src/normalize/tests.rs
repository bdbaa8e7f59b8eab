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

/// Characters the fast path must get right or leave to the Unicode path:
/// ASCII punctuation of every word-break class, Latin, Greek and Cyrillic
/// letters with their case-folding specials (ß, ẞ, ſ, İ, ı, final sigma,
/// ΐ), Han, kana (the prolonged sound mark, the middle dot), compatibility
/// characters (ligature, full-width, superscript, fraction, ellipsis,
/// no-break and ideographic spaces, the Greek question mark and ano
/// teleia), typographic punctuation, combining marks, ZWJ and ZWNJ, soft
/// hyphen, emoji, a regional indicator, Hebrew, Hangul syllables and
/// jamo, Thai, Arabic, U+FDFA, U+FFFD and control characters.
const MIXED: &str = "[a-zA-Z0-9_:.',;!\\\"\\- \r\n\u{1}\u{85}éÉñßẞſİıΣσςάΆΐЖжё東京あアー・ＡＡ１，ﬁ²½…\u{a0}\u{3000}\u{2009}\u{202F}‘’“”–—«»·\u{387}\u{37E}\u{301}\u{316}\u{200D}\u{200C}\u{AD}\u{1F468}\u{1F1E6}אשׁ가\u{1100}\u{1161}\u{11A8}กل\u{FDFA}\u{FFFD}]";

fn run_words(n: &mut Normalizer, text: &str) -> (String, Vec<u64>) {
    n.run(text, false);
    (n.joined().to_owned(), n.words().to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn fast_path_gives_the_same_words_as_the_unicode_path(
        texts in proptest::collection::vec(proptest::string::string_regex(&format!("{MIXED}{{0,30}}")).unwrap(), 1..6)
    ) {
        // One normalizer over several texts: its tables are filled by the
        // earlier ones.
        let mut n = Normalizer::new();
        for t in texts.iter().chain(&texts) {
            prop_assert_eq!(run_words(&mut n, t), reference(t), "{:?}", t);
        }
    }
}

#[test]
fn every_fast_character_gives_the_same_words_as_the_unicode_path() {
    // Each character the fast path takes, in contexts that exercise its
    // class: alone, between letters, digits and katakana, doubled, before
    // an upper-case letter and after a middle character.
    let mut n = Normalizer::new();
    let mut fast = 0;
    for c in (0x80..0x3_0000).filter_map(char::from_u32) {
        if (c as u32).is_multiple_of(4096) {
            // A table works out a bounded number of characters.
            n = Normalizer::new();
        }
        if n.fast.get(c).is_slow() {
            continue;
        }
        fast += 1;
        for text in [
            format!("{c}"),
            format!("a{c}b"),
            format!("1{c}2"),
            format!("\u{30A2}{c}\u{30A2}"),
            format!("x{c}{c}Y"),
            format!("a.{c}_{c}:z"),
        ] {
            assert_eq!(run_words(&mut n, &text), reference(&text), "{text:?}");
        }
    }
    // Letters, digits and punctuation of most scripts.
    assert!(fast > 50_000, "{fast} characters on the fast path");
}

#[test]
fn prose_in_eight_languages_takes_the_fast_path() {
    // Issue 10: text with any character other than ASCII and a few
    // typographic marks took the Unicode path (NFKC, UAX #29 and a memo
    // of pieces), four times slower than ASCII.
    let prose = [
        "“It’s over,” said Antonín Dvořák — twice… in São Paulo, 12\u{a0}km away.",
        "L’été dernier, « cette décision » a été prise à Genève ; c’est sûr.",
        "Die Straße in München war gesperrt, sagte der Bürgermeister „gestern“.",
        "¿Qué pasó en la reunión? El señor Muñoz respondió: «nada».",
        "Президент заявил, что решение будет принято в ближайшие дни.",
        "Ο πρωθυπουργός δήλωσε ότι η απόφαση είναι οριστική· τι έγινε;",
        "国务院总理在北京表示，经济发展取得新进展。",
        "東京都の知事は「新しいプロジェクト」を発表しました、と述べた。",
    ];
    let mut n = Normalizer::new();
    for text in prose {
        n.slow_bytes = 0;
        assert_eq!(run_words(&mut n, text), reference(text), "{text}");
        assert_eq!(n.slow_bytes, 0, "{text}");
    }
    // A character the fast path leaves (a combining mark) sends the rest
    // of the text, from the last space before it, to the Unicode path.
    let text = "Prix de l’été cafe\u{301} crème";
    n.slow_bytes = 0;
    assert_eq!(run_words(&mut n, text), reference(text));
    assert_eq!(n.slow_bytes, " cafe\u{301} crème".len());
}

#[test]
fn a_text_of_many_distinct_characters_stays_correct_past_the_table_bound() {
    // Every character costs probe segmentations the first time: past a
    // bound, new characters take the Unicode path instead.
    let text: String = (0x4E00..0x4E00 + 20_000)
        .filter_map(char::from_u32)
        .flat_map(|c| [c, 'x', ' '])
        .collect();
    let mut n = Normalizer::new();
    assert_eq!(run_words(&mut n, &text), reference(&text));
    assert!(n.slow_bytes > 0);
    assert_eq!(n.fast.filled(), 16_384);
}

/// Pieces of news prose in the corpus's eight languages and their
/// typographic punctuation, glued in random orders by
/// [`prose_runs_give_the_same_words_as_the_unicode_path`]: words of
/// ASCII and other letters run into each other (camel-case splits across
/// scripts, `ÉtéA`), with digits, middle characters, no-break spaces and
/// characters that are words of their own.
const PIECES: [&str; 40] = [
    "the",
    "The",
    "Antonín",
    "DVOŘÁK",
    "dvořák",
    "São",
    "l’été",
    "été",
    "Été",
    "sûr",
    "Straße",
    "STRASSE",
    "„gestern“",
    "¿Qué",
    "señor",
    "Muñoz",
    "Президент",
    "заявил",
    "МОСКВА",
    "Ο",
    "πρωθυπουργός",
    "ΟΔΟΣ",
    "οδός",
    "国务院",
    "北京",
    "東京都",
    "プロジェクト",
    "しました",
    "。",
    "，",
    "«\u{a0}",
    "\u{a0}»",
    "…",
    "—",
    "12,5",
    "3.14",
    "1\u{a0}000",
    "ﬁne",
    "ＡＢＣ",
    "x_y",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn prose_runs_give_the_same_words_as_the_unicode_path(
        parts in proptest::collection::vec(
            (proptest::sample::select(&PIECES[..]), proptest::sample::select(&["", "", " ", "\u{a0}", ", ", ". ", "’", ":", "-", "_"][..])),
            1..24,
        )
    ) {
        let text: String = parts.iter().flat_map(|(p, sep)| [*p, *sep]).collect();
        let mut n = Normalizer::new();
        n.slow_bytes = 0;
        prop_assert_eq!(run_words(&mut n, &text), reference(&text), "{:?}", text);
        // All of it on the fast path.
        prop_assert_eq!(n.slow_bytes, 0, "{:?}", text);
    }
}
