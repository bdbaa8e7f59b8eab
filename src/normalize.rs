//! Turning a paragraph into the words that are compared.
//!
//! Normalization is for comparison only; spans never change. Text is put in
//! Unicode NFKC form and case-folded, split into words at Unicode word
//! boundaries (UAX #29), and every character that is not a letter, digit or
//! combining mark is dropped, which folds quotes, apostrophes, dashes,
//! ellipses and spaces of every kind. Numbers are kept. A word is also split
//! where a lower-case letter meets an upper-case one, so text glued without
//! a space (`changesThe`) still matches; the split applies to both sides of
//! every comparison alike. Scripts written
//! without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) are compared
//! character by character. A leading dateline such as `(NEW YORK) —` or
//! `WASHINGTON (AP) —` can be skipped.
//!
//! Pure-ASCII paragraphs, the common case, take a fast path that gives the
//! same words as the Unicode path (a property test checks this).

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_128;

/// The comparable form of one paragraph.
#[derive(Debug, Default)]
pub struct Normalizer {
    /// Normalized words joined by single spaces (always valid UTF-8).
    joined: Vec<u8>,
    /// One hash per normalized word.
    words: Vec<u64>,
    /// Scratch space for the Unicode path.
    scratch: String,
}

impl Normalizer {
    /// A normalizer with empty buffers; reuse it across paragraphs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Normalizes `text`, optionally skipping a leading dateline. Afterwards
    /// [`Normalizer::words`] and [`Normalizer::joined`] describe it.
    pub fn run(&mut self, text: &str, skip_dateline: bool) {
        self.joined.clear();
        self.words.clear();
        let body = if skip_dateline {
            &text[dateline_len(text)..]
        } else {
            text
        };
        if body.is_ascii() {
            self.ascii(body.as_bytes());
            return;
        }
        let mut plain = std::mem::take(&mut self.scratch);
        if ascii_equivalent(body, &mut plain) {
            self.ascii(plain.as_bytes());
        } else {
            self.unicode(body);
        }
        self.scratch = plain;
    }

    /// Hashes of the normalized words, in order.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// The normalized words joined by single spaces.
    pub fn joined(&self) -> &str {
        // Only whole characters are ever pushed.
        std::str::from_utf8(&self.joined).unwrap_or_default()
    }

    /// A 128-bit fingerprint of the whole normalized text: equal for texts
    /// that are identical after normalization.
    pub fn fingerprint(&self) -> u128 {
        xxh3_128(&self.joined)
    }

    fn push_word(&mut self, start: usize) {
        if self.joined.len() > start {
            self.words.push(word_hash(&self.joined[start..]));
            self.joined.push(b' ');
        }
    }

    /// The ASCII path: word boundaries as `unicode_words` finds them (rules
    /// WB5–WB13b of UAX #29 restricted to ASCII; a property test checks it
    /// against the Unicode path), with
    /// lower-casing, camel-case splitting and hashing done in the same pass
    /// over the bytes (the hash equals [`word_hash`] of the word).
    fn ascii(&mut self, bytes: &[u8]) {
        let (joined, words) = (&mut self.joined, &mut self.words);
        let is_word = |c: Wb| matches!(c, Wb::Letter | Wb::Digit | Wb::ExtendNumLet);
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            let mut class = wb(bytes[i]);
            if !is_word(class) {
                i += 1;
                continue;
            }
            let mut start = joined.len();
            let mut h = WORD_SEED;
            let mut prev_lower = false;
            loop {
                // bytes[i] belongs to the word and has class `class`.
                let b = bytes[i];
                if class != Wb::ExtendNumLet {
                    if prev_lower && b.is_ascii_uppercase() && joined.len() > start {
                        words.push(word_finish(h));
                        joined.push(b' ');
                        start = joined.len();
                        h = WORD_SEED;
                    }
                    prev_lower = b.is_ascii_lowercase();
                    let lower = b.to_ascii_lowercase();
                    joined.push(lower);
                    h = word_step(h, lower);
                }
                i += 1;
                if i >= n {
                    break;
                }
                let c = wb(bytes[i]);
                if is_word(c) {
                    class = c;
                    continue;
                }
                let next = if i + 1 < n {
                    wb(bytes[i + 1])
                } else {
                    Wb::Other
                };
                if !joins(class, c, next) {
                    break;
                }
                // The middle character is punctuation: dropped.
                i += 1;
                class = next;
            }
            if joined.len() > start {
                words.push(word_finish(h));
                joined.push(b' ');
            }
        }
        joined.pop();
    }

    fn unicode(&mut self, text: &str) {
        let mut nfkc = std::mem::take(&mut self.scratch);
        nfkc.clear();
        nfkc.extend(text.nfkc());
        for word in nfkc.unicode_words() {
            let mut start = self.joined.len();
            let mut prev_lower = false;
            for raw in word.chars() {
                if raw.is_alphanumeric() {
                    if prev_lower && raw.is_uppercase() {
                        self.push_word(start);
                        start = self.joined.len();
                    }
                    prev_lower = raw.is_lowercase();
                }
                for c in std::iter::once(raw).default_case_fold() {
                    if is_unspaced_script(c) {
                        self.push_word(start);
                        let s = self.joined.len();
                        push_char(&mut self.joined, c);
                        self.push_word(s);
                        start = self.joined.len();
                    } else if c.is_alphanumeric()
                        || unicode_normalization::char::is_combining_mark(c)
                    {
                        push_char(&mut self.joined, c);
                    }
                }
            }
            self.push_word(start);
        }
        self.joined.pop();
        self.scratch = nfkc;
    }
}

fn push_char(v: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    v.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// A fast 64-bit hash of one normalized word (words are short, so a
/// multiply-rotate loop beats a general-purpose hash here).
fn word_hash(word: &[u8]) -> u64 {
    word_finish(word.iter().fold(WORD_SEED, |h, &b| word_step(h, b)))
}

const WORD_SEED: u64 = 0xcbf2_9ce4_8422_2325;

#[inline]
fn word_step(h: u64, b: u8) -> u64 {
    (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

#[inline]
fn word_finish(h: u64) -> u64 {
    h ^ (h >> 29)
}

/// The normalized words of `text`, for display and tests.
pub fn normalized_words(text: &str, skip_dateline: bool) -> Vec<String> {
    let mut n = Normalizer::new();
    n.run(text, skip_dateline);
    n.joined()
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Writes into `out` an ASCII text that normalizes exactly like `text`, if
/// `text` is ASCII but for typographic punctuation: curly quotes (word
/// boundary classes as `'` and `"`), dashes, the ellipsis (NFKC `...`) and
/// the no-break space (NFKC ` `). News copy is mostly like this, and the
/// ASCII path is many times faster than the Unicode one.
fn ascii_equivalent(text: &str, out: &mut String) -> bool {
    out.clear();
    for c in text.chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201C}' | '\u{201D}' => out.push('"'),
            '\u{2013}' | '\u{2014}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{A0}' => out.push(' '),
            _ => return false,
        }
    }
    true
}

/// Scripts written without spaces between words, compared per character.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF        // Thai, Lao
        | 0x1000..=0x109F      // Myanmar
        | 0x1780..=0x17FF      // Khmer
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF      // Katakana phonetic extensions
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFF66..=0xFF9F      // Halfwidth katakana
        | 0x20000..=0x3FFFF    // CJK extensions B and later
    )
}

/// Word-boundary classes of ASCII bytes (UAX #29).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Digit,
    ExtendNumLet,
    MidLetter,
    MidNumLet,
    MidNum,
    Other,
}

fn wb(b: u8) -> Wb {
    WB_TABLE[b as usize]
}

/// [`wb_of`] for every byte, computed at compile time.
const WB_TABLE: [Wb; 256] = {
    let mut t = [Wb::Other; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = wb_of(i as u8);
        i += 1;
    }
    t
};

const fn wb_of(b: u8) -> Wb {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
        b'0'..=b'9' => Wb::Digit,
        b'_' => Wb::ExtendNumLet,
        b':' => Wb::MidLetter,
        b'.' | b'\'' => Wb::MidNumLet,
        b',' | b';' => Wb::MidNum,
        _ => Wb::Other,
    }
}

/// Whether a word of class `prev` continues over the middle character `c`
/// into a character of class `next` (rules WB6, WB7, WB11 and WB12).
fn joins(prev: Wb, c: Wb, next: Wb) -> bool {
    matches!(
        (prev, c, next),
        (Wb::Letter, Wb::MidLetter | Wb::MidNumLet, Wb::Letter)
            | (Wb::Digit, Wb::MidNum | Wb::MidNumLet, Wb::Digit)
    )
}

/// Length in bytes of a leading dateline such as `(LONDON) — `,
/// `WASHINGTON (AP) — ` or `PARIS, France -- `, or 0 when there is none.
pub fn dateline_len(text: &str) -> usize {
    const MAX: usize = 80;
    let head = &text[..floor_char_boundary(text, MAX)];
    let mut chars = head.char_indices().peekable();
    let mut open = false;
    if let Some(&(_, '(')) = chars.peek() {
        chars.next();
        open = true;
    }
    // The place: capitals, spaces and a little punctuation; at least three
    // capitals and no lower-case letter in its first word.
    let mut capitals = 0;
    let mut end_place = 0;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_uppercase() {
            capitals += 1;
        } else if c.is_lowercase() {
            // "PARIS, France": one mixed-case word may follow a comma.
            match head[..i].rsplit_once(", ") {
                Some((_, tail)) if !tail.contains(' ') => {}
                _ => return 0,
            }
        } else if !(c == ' ' || c == '.' || c == ',' || c == '\'' || c == '’' || c == '&') {
            break;
        }
        end_place = i + c.len_utf8();
        chars.next();
    }
    if capitals < 3 {
        return 0;
    }
    let mut rest = &head[end_place..];
    if open {
        rest = match rest.strip_prefix(')') {
            Some(r) => r,
            None => return 0,
        };
    }
    // An optional agency in parentheses: "(AP)", "(Reuters)".
    let trimmed = rest.trim_start();
    if let Some(inner) = trimmed.strip_prefix('(') {
        match inner.find(')') {
            Some(close) if close <= 20 && !inner[..close].contains('(') => {
                rest = &inner[close + 1..];
            }
            _ => return 0,
        }
    }
    let rest_trim = rest.trim_start();
    let dash_at = head.len() - rest_trim.len();
    let spaced = head[..dash_at].ends_with(char::is_whitespace);
    let after = if let Some(r) = rest_trim
        .strip_prefix('—')
        .or_else(|| rest_trim.strip_prefix('–'))
    {
        r
    } else if let Some(r) = rest_trim.strip_prefix("--") {
        r
    } else if spaced {
        match rest_trim.strip_prefix('-') {
            Some(r) => r,
            None => return 0,
        }
    } else {
        return 0;
    };
    let body = after.trim_start();
    if body.len() == after.len() || body.is_empty() {
        return 0;
    }
    head.len() - body.len()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
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

    proptest! {
        #[test]
        fn ascii_and_unicode_paths_agree(s in "[a-zA-Z0-9_:.',; !?\"()\\-‘’“”–—…\u{a0}]{0,40}") {
            let mut fast = Normalizer::new();
            fast.run(&s, false);
            let mut slow = Normalizer::new();
            slow.unicode(&s);
            prop_assert_eq!(fast.joined(), slow.joined());
            prop_assert_eq!(fast.words(), slow.words());
        }
    }
}
