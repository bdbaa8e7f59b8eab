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
//! same words as the Unicode path (a property test checks this). Other
//! text takes a second fast path ([`fast`]) for as long as each of its
//! characters normalizes on its own, which covers prose in Latin, Greek,
//! Cyrillic, Han and kana with its punctuation; the rest of a paragraph
//! from the last ASCII space before any other character takes the Unicode
//! path. Property tests check both against the Unicode path.

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_128;

mod dateline;
mod fast;

pub(crate) use dateline::dateline_len;

/// The comparable form of one paragraph.
#[derive(Debug, Default)]
pub struct Normalizer {
    /// Normalized words joined by single spaces (always valid UTF-8).
    joined: Vec<u8>,
    /// One hash per normalized word.
    words: Vec<u64>,
    /// Scratch space for the Unicode path.
    scratch: String,
    /// What the Unicode path does with recently seen characters.
    chars: CharCache,
    /// What the fast path does with every character seen so far.
    fast: fast::Table,
    /// The Unicode path's output for recently seen pieces of text.
    memo: Memo,
    /// Bytes of text normalized character by character by the Unicode path
    /// (not found in the memo): its work, for tests.
    #[cfg(test)]
    slow_bytes: usize,
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
        match fast::run(&mut self.fast, &mut self.joined, &mut self.words, body) {
            None => {
                self.joined.pop();
            }
            // The fast path stopped at a character it leaves to the
            // Unicode path: the rest of the text, from an ASCII space.
            Some(from) => self.unicode(&body[from..]),
        }
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

    /// The Unicode path. The text is cut before every ASCII space, and the
    /// pieces are normalized one by one: NFKC never joins characters across
    /// such a place (nothing composes with a space, and it is a starter), and
    /// neither do word boundaries (UAX #29 keeps only whitespace together
    /// before a space), so the words are the same as the whole text's. Text
    /// repeats its words, so each piece's output is remembered
    /// ([`Memo`]): a repeated piece costs a hash lookup rather than NFKC,
    /// word segmentation and Unicode property lookups per character (a
    /// U+FDFA expands to 18 characters under NFKC).
    fn unicode(&mut self, text: &str) {
        let mut memo = std::mem::take(&mut self.memo);
        let mut rest = text;
        while !rest.is_empty() {
            let cut = memchr::memchr(b' ', &rest.as_bytes()[1..]).map_or(rest.len(), |i| i + 1);
            let (piece, tail) = rest.split_at(cut);
            rest = tail;
            if piece.len() > MEMO_PIECE {
                self.unicode_piece(piece);
                continue;
            }
            if let Some(&(j, w)) = memo.map.get(piece) {
                self.joined
                    .extend_from_slice(&memo.joined[j.0 as usize..j.1 as usize]);
                self.words
                    .extend_from_slice(&memo.words[w.0 as usize..w.1 as usize]);
                continue;
            }
            let (j0, w0) = (self.joined.len(), self.words.len());
            self.unicode_piece(piece);
            if memo.map.len() >= MEMO_ENTRIES || memo.joined.len() >= MEMO_BYTES {
                memo.clear();
            }
            let j = (
                memo.joined.len() as u32,
                (memo.joined.len() + self.joined.len() - j0) as u32,
            );
            let w = (
                memo.words.len() as u32,
                (memo.words.len() + self.words.len() - w0) as u32,
            );
            memo.joined.extend_from_slice(&self.joined[j0..]);
            memo.words.extend_from_slice(&self.words[w0..]);
            memo.map.insert(piece.to_owned(), (j, w));
        }
        self.joined.pop();
        self.memo = memo;
    }

    /// Normalizes one piece of text and appends its words, each followed by
    /// a space.
    fn unicode_piece(&mut self, text: &str) {
        #[cfg(test)]
        {
            self.slow_bytes += text.len();
        }
        let mut nfkc = std::mem::take(&mut self.scratch);
        nfkc.clear();
        nfkc.extend(text.nfkc());
        for word in nfkc.unicode_words() {
            let mut start = self.joined.len();
            let mut prev_lower = false;
            for raw in word.chars() {
                let info = self.chars.get(raw);
                if info.alphanumeric {
                    if prev_lower && info.upper {
                        self.push_word(start);
                        start = self.joined.len();
                    }
                    prev_lower = info.lower;
                }
                for &(c, keep) in &info.fold[..usize::from(info.folded)] {
                    match keep {
                        Keep::Alone => {
                            self.push_word(start);
                            let s = self.joined.len();
                            push_char(&mut self.joined, c);
                            self.push_word(s);
                            start = self.joined.len();
                        }
                        Keep::InWord => push_char(&mut self.joined, c),
                        Keep::Drop => {}
                    }
                }
            }
            self.push_word(start);
        }
        self.scratch = nfkc;
    }
}

/// Longest piece of text (in bytes) whose output [`Memo`] keeps.
const MEMO_PIECE: usize = 256;

/// Pieces, and bytes of output, that [`Memo`] keeps before it starts afresh.
const MEMO_ENTRIES: usize = 1 << 15;
const MEMO_BYTES: usize = 1 << 21;

/// The Unicode path's output for pieces of text seen before: a map from a
/// piece to its ranges in `joined` and `words`. A pure cache: the output is
/// the same with or without it.
#[derive(Debug, Default)]
struct Memo {
    map: std::collections::HashMap<String, Ranges, xxhash_rust::xxh3::Xxh3DefaultBuilder>,
    joined: Vec<u8>,
    words: Vec<u64>,
}

/// A piece's output: its ranges in [`Memo`]'s `joined` and `words`.
type Ranges = ((u32, u32), (u32, u32));

impl Memo {
    fn clear(&mut self) {
        self.map.clear();
        self.joined.clear();
        self.words.clear();
    }
}

/// What becomes of a character of the case-folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A word of its own (scripts written without spaces).
    Alone,
    /// Part of the word (letters, digits, combining marks).
    InWord,
    /// Dropped (punctuation, symbols, spaces).
    Drop,
}

/// The Unicode character properties the Unicode path asks about one
/// character of NFKC text, and its case folding with what becomes of each
/// folded character.
#[derive(Debug, Clone, Copy)]
struct CharInfo {
    /// The character these are for (`u32::MAX`: none yet).
    key: u32,
    alphanumeric: bool,
    lower: bool,
    upper: bool,
    /// How many entries of `fold` are used.
    folded: u8,
    fold: [(char, Keep); 3],
}

impl CharInfo {
    const EMPTY: CharInfo = CharInfo {
        key: u32::MAX,
        alphanumeric: false,
        lower: false,
        upper: false,
        folded: 0,
        fold: [('\0', Keep::Drop); 3],
    };

    fn of(raw: char) -> CharInfo {
        let mut info = CharInfo {
            key: raw as u32,
            alphanumeric: raw.is_alphanumeric(),
            lower: raw.is_lowercase(),
            upper: raw.is_uppercase(),
            ..CharInfo::EMPTY
        };
        for c in std::iter::once(raw).default_case_fold() {
            let keep = if is_unspaced_script(c) {
                Keep::Alone
            } else if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
                Keep::InWord
            } else {
                Keep::Drop
            };
            // Full case folding maps one character to at most three.
            if let Some(slot) = info.fold.get_mut(usize::from(info.folded)) {
                *slot = (c, keep);
                info.folded += 1;
            }
        }
        info
    }
}

/// A direct-mapped cache of [`CharInfo`]: text uses few distinct
/// characters, and looking their properties up in Unicode's tables
/// (binary searches) is most of the Unicode path's time otherwise.
#[derive(Debug)]
struct CharCache(Vec<CharInfo>);

impl Default for CharCache {
    fn default() -> Self {
        CharCache(vec![CharInfo::EMPTY; CHAR_CACHE])
    }
}

/// Entries of the [`CharCache`] (a power of two).
const CHAR_CACHE: usize = 1024;

impl CharCache {
    fn get(&mut self, c: char) -> CharInfo {
        let slot = &mut self.0[c as usize & (CHAR_CACHE - 1)];
        if slot.key != c as u32 {
            *slot = CharInfo::of(c);
        }
        *slot
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

/// The normalized words of `text`, for tests.
#[cfg(test)]
pub fn normalized_words(text: &str, skip_dateline: bool) -> Vec<String> {
    let mut n = Normalizer::new();
    n.run(text, skip_dateline);
    n.joined()
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Scripts written without spaces between words, compared per character.
pub(crate) fn is_unspaced_script(c: char) -> bool {
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

/// Word-boundary classes (UAX #29) of ASCII bytes, and of the characters
/// the fast path handles (which adds Katakana).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Wb {
    Letter,
    Digit,
    ExtendNumLet,
    MidLetter,
    MidNumLet,
    MidNum,
    Other,
    Katakana,
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

#[cfg(test)]
impl Normalizer {
    /// The Unicode path alone, on fresh buffers.
    fn unicode_reset(&mut self, text: &str) {
        self.joined.clear();
        self.words.clear();
        self.unicode(text);
    }
}

#[cfg(test)]
mod tests;
