//! The Unicode fast path: text whose characters each normalize on their
//! own is normalized in one pass over its characters, with what becomes of
//! each character looked up once per normalizer ([`Table`]) rather than
//! found by NFKC, UAX #29 word segmentation and property lookups every
//! time.
//!
//! Three facts make it give the Unicode path's words exactly:
//!
//! - **NFKC per character.** A character has a *normalization boundary*
//!   before it when the first character of its full compatibility
//!   decomposition is a starter (combining class 0) that never composes
//!   with a preceding character (NFKC quick check Yes, not Maybe). When
//!   every character of a text has one, nothing composes or reorders
//!   across characters, so the text's NFKC form is the concatenation of
//!   each character's own. Characters without one (combining marks,
//!   Hangul vowel and final jamo) are left to the Unicode path.
//! - **Word boundaries from classes.** With no Extend, Format or ZWJ
//!   character, no Hebrew letter and no regional indicator in the text,
//!   UAX #29 decides word boundaries from the word-break classes ALetter,
//!   Numeric, ExtendNumLet, Katakana, MidLetter, MidNumLet, MidNum and
//!   everything else (rules WB5–WB13b, and a break everywhere else): the
//!   ASCII path's rules with Katakana added. A character's class is read
//!   off `unicode-segmentation` itself: the boundaries it finds in a few
//!   dozen probe strings around the character are compared with those of
//!   a known member of each class ([`signature`]); a character matching
//!   none is left to the Unicode path. So the classes are those of the
//!   crate the Unicode path uses, whatever its Unicode version.
//! - **The rest per character.** Case folding, camel-case splitting and
//!   what is kept are the Unicode path's own, from [`CharInfo`].

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

use super::{word_hash, CharInfo, Keep, Wb};

/// Tags of an [`Entry`] that are not classes.
const UNKNOWN: u8 = 0xFF;
/// Left to the Unicode path.
const SLOW: u8 = 0xFE;
/// NFKC maps the character to other characters, in `out`.
const MAPPED: u8 = 0xFD;

/// Flags of an [`Entry`] (the NFKC character's properties).
const ALNUM: u8 = 1;
const LOWER: u8 = 2;
const UPPER: u8 = 4;
/// Its folded form is a word of its own (scripts written without spaces).
const ALONE: u8 = 8;

/// Bytes of output an [`Entry`] holds: three folded characters, or a
/// short NFKC mapping.
const OUT: usize = 13;

/// What becomes of one character on the fast path.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// Its word-break class (a [`Wb`]), or [`SLOW`], [`MAPPED`],
    /// [`UNKNOWN`].
    tag: u8,
    flags: u8,
    /// Bytes used in `out`.
    len: u8,
    /// The case-folded characters it adds to a word (UTF-8), or for
    /// [`MAPPED`] its NFKC form.
    out: [u8; OUT],
}

impl Entry {
    const UNKNOWN: Entry = Entry {
        tag: UNKNOWN,
        flags: 0,
        len: 0,
        out: [0; OUT],
    };
    const SLOW: Entry = Entry {
        tag: SLOW,
        ..Entry::UNKNOWN
    };

    fn out(&self) -> &[u8] {
        &self.out[..usize::from(self.len)]
    }
}

/// The entry of an ASCII character: its class from the ASCII path's table
/// (Single_Quote behaves as MidNumLet, Double_Quote, CR, LF and
/// WSegSpace as any other character, when the text has no Hebrew letter
/// and no Extend character), lower-cased when it is a letter or digit.
const fn ascii_entry(b: u8) -> Entry {
    let alnum = b.is_ascii_alphanumeric();
    let mut e = Entry {
        tag: super::wb_of(b) as u8,
        flags: 0,
        len: 0,
        out: [0; OUT],
    };
    if alnum {
        e.flags = ALNUM
            | if b.is_ascii_lowercase() { LOWER } else { 0 }
            | if b.is_ascii_uppercase() { UPPER } else { 0 };
        e.len = 1;
        e.out[0] = b.to_ascii_lowercase();
    }
    e
}

const ASCII: [Entry; 128] = {
    let mut t = [Entry::UNKNOWN; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = ascii_entry(i as u8);
        i += 1;
    }
    t
};

/// Known members of the classes the fast path handles.
const REPS: [(char, Wb); 8] = [
    ('a', Wb::Letter),
    ('1', Wb::Digit),
    ('_', Wb::ExtendNumLet),
    (':', Wb::MidLetter),
    ('.', Wb::MidNumLet),
    (',', Wb::MidNum),
    ('!', Wb::Other),
    ('\u{30A2}', Wb::Katakana),
];

/// Neighbours in the probe strings: a member of every word-break class
/// (ALetter, Numeric, ExtendNumLet, MidLetter, MidNumLet, MidNum, Other,
/// Katakana, Hebrew_Letter, Single_Quote, Double_Quote, WSegSpace, CR, LF,
/// Newline, Extend, Format, Regional_Indicator), so two characters of
/// different classes differ in some probe.
const NEIGHBOURS: [&str; 18] = [
    "a",
    "1",
    "_",
    ":",
    ".",
    ",",
    "!",
    "\u{30A2}",
    "\u{05D0}",
    "'",
    "\"",
    " ",
    "\r",
    "\n",
    "\u{85}",
    "\u{301}",
    "\u{AD}",
    "\u{1F1E6}",
];

/// Where `unicode-segmentation` finds word boundaries around `c`: one bit
/// per probe string (56 of them), set when the whole string is one
/// segment. Characters
/// of one word-break class give the same bits (UAX #29 looks at classes
/// only, and at Extended_Pictographic after a ZWJ, which is not probed:
/// a ZWJ never takes the fast path).
pub(super) fn signature(c: char) -> u64 {
    let mut bits = 0u64;
    let mut k = 0;
    let mut s = String::new();
    let mut probe = |parts: &[&str]| {
        s.clear();
        parts.iter().for_each(|p| s.push_str(p));
        if s.split_word_bounds().count() == 1 {
            bits |= 1 << k;
        }
        k += 1;
    };
    let mut buf = [0u8; 4];
    let c = &*c.encode_utf8(&mut buf);
    for n in NEIGHBOURS {
        probe(&[n, c]);
        probe(&[c, n]);
    }
    probe(&[c, "\u{200D}"]);
    probe(&[c, c]);
    probe(&["a", c, "a"]);
    probe(&["1", c, "1"]);
    probe(&["\u{05D0}", c, "\u{05D0}"]);
    // Middle characters between two of it tell letters from digits.
    for mid in [":", ".", ","] {
        probe(&[c, mid, c]);
        probe(&["a", mid, c]);
        probe(&[c, mid, "a"]);
        probe(&["1", mid, c]);
        probe(&[c, mid, "1"]);
    }
    bits
}

/// The fast path's entries, filled on first use, in pages of 256 code
/// points allocated when a character of the page is first seen.
#[derive(Debug, Default)]
pub(super) struct Table {
    /// Page number + 1 of each block of 256 code points (0: none yet).
    index: Vec<u32>,
    pages: Vec<Entry>,
    /// [`signature`] of each of [`REPS`] (empty until first needed).
    reps: Vec<u64>,
    /// Entries worked out so far.
    filled: usize,
}

/// Most entries a [`Table`] works out: each costs some 60 probe
/// segmentations, so a text made of every character of Unicode would be
/// slower on the fast path than on the Unicode path; past this many
/// (several times the characters of common Chinese and Japanese text),
/// new characters take the Unicode path.
const MAX_FILLED: usize = 16_384;

impl Table {
    /// The entry of `c`.
    #[inline(always)]
    pub(super) fn get(&mut self, c: char) -> Entry {
        let cp = c as u32;
        if cp < 128 {
            return ASCII[cp as usize];
        }
        if let Some(&p) = self.index.get((cp >> 8) as usize) {
            if p != 0 {
                if let Some(e) = self.pages.get((p as usize - 1) * 256 + (cp & 255) as usize) {
                    if e.tag != UNKNOWN {
                        return *e;
                    }
                }
            }
        }
        self.miss(c)
    }

    /// [`Table::get`] the first time `c` is seen: works its entry out and
    /// stores it.
    #[cold]
    #[inline(never)]
    fn miss(&mut self, c: char) -> Entry {
        if self.filled >= MAX_FILLED {
            return Entry::SLOW;
        }
        self.filled += 1;
        let cp = c as u32;
        let e = self.fill(c);
        let block = (cp >> 8) as usize;
        if self.index.is_empty() {
            self.index = vec![0; (char::MAX as usize >> 8) + 1];
        }
        if self.index[block] == 0 {
            self.pages.extend([Entry::UNKNOWN; 256]);
            self.index[block] = (self.pages.len() / 256) as u32;
        }
        self.pages[(self.index[block] as usize - 1) * 256 + (cp & 255) as usize] = e;
        e
    }

    /// Works out the entry of a non-ASCII character.
    fn fill(&mut self, c: char) -> Entry {
        let mut first = None;
        decompose_compatible(c, |d| {
            first.get_or_insert(d);
        });
        let first = first.unwrap_or(c);
        if canonical_combining_class(first) != 0
            || is_nfkc_quick(std::iter::once(first)) != IsNormalized::Yes
        {
            return Entry::SLOW;
        }
        let nfkc: String = std::iter::once(c).nfkc().collect();
        if nfkc.chars().eq(std::iter::once(c)) {
            return self.classify(c);
        }
        if nfkc.len() > OUT {
            return Entry::SLOW;
        }
        // Each character of the mapping must be a fast character itself.
        for d in nfkc.chars() {
            if !matches!(self.get(d).tag, t if t != SLOW && t != MAPPED) {
                return Entry::SLOW;
            }
        }
        let mut e = Entry {
            tag: MAPPED,
            ..Entry::UNKNOWN
        };
        e.len = nfkc.len() as u8;
        e.out[..nfkc.len()].copy_from_slice(nfkc.as_bytes());
        e
    }

    /// The entry of a character that NFKC leaves as it is.
    fn classify(&mut self, c: char) -> Entry {
        if self.reps.is_empty() {
            self.reps = REPS.iter().map(|&(r, _)| signature(r)).collect();
        }
        let sig = signature(c);
        let Some(i) = self.reps.iter().position(|&r| r == sig) else {
            return Entry::SLOW;
        };
        let class = REPS[i].1;
        let info = CharInfo::of(c);
        // `unicode_words` keeps a segment holding an alphanumeric character
        // by its own tables: they must agree with the standard library's.
        let mut buf = [0u8; 4];
        let kept = c.encode_utf8(&mut buf).unicode_words().next().is_some();
        if kept != info.alphanumeric {
            return Entry::SLOW;
        }
        let mut e = Entry {
            tag: class as u8,
            ..Entry::UNKNOWN
        };
        if info.alphanumeric {
            e.flags |= ALNUM;
        }
        if info.lower {
            e.flags |= LOWER;
        }
        if info.upper {
            e.flags |= UPPER;
        }
        let (mut alone, mut in_word) = (0, 0);
        let mut len = 0;
        for &(f, keep) in &info.fold[..usize::from(info.folded)] {
            match keep {
                Keep::Alone => alone += 1,
                Keep::InWord => in_word += 1,
                Keep::Drop => continue,
            }
            len += f.encode_utf8(&mut e.out[len..]).len();
        }
        e.len = len as u8;
        if alone > 0 {
            e.flags |= ALONE;
        }
        let mid = matches!(class, Wb::MidLetter | Wb::MidNumLet | Wb::MidNum);
        // Keep the cases the machine below does not model on the Unicode
        // path: a character that is a word on its own and part of one, an
        // output without an alphanumeric character (a segment without one
        // is dropped), output from a character in the middle of a word.
        if (alone > 0 && alone + in_word > 1) || (len > 0 && (!info.alphanumeric || mid)) {
            return Entry::SLOW;
        }
        e
    }
}

/// The state of the word machine between characters.
#[derive(Debug, Default)]
struct Machine {
    /// Inside a segment (a word in the UAX #29 sense).
    in_word: bool,
    /// Class of the segment's last word character.
    last: u8,
    /// A middle character (MidLetter, MidNumLet, MidNum) after the
    /// segment's last word character, waiting for the next one.
    pending: Option<u8>,
    /// Where the current word starts in `joined`.
    start: usize,
    /// The last alphanumeric character was lower-case.
    prev_lower: bool,
}

const fn is_word(class: u8) -> bool {
    matches!(class, c if c == Wb::Letter as u8
        || c == Wb::Digit as u8
        || c == Wb::ExtendNumLet as u8
        || c == Wb::Katakana as u8)
}

const fn is_mid(class: u8) -> bool {
    matches!(class, c if c == Wb::MidLetter as u8
        || c == Wb::MidNumLet as u8
        || c == Wb::MidNum as u8)
}

/// Whether two word characters next to each other are in one segment
/// (WB5, WB8–WB10, WB13, WB13a, WB13b).
#[inline]
fn word_joins(prev: u8, next: u8) -> bool {
    const L: u8 = Wb::Letter as u8;
    const D: u8 = Wb::Digit as u8;
    const E: u8 = Wb::ExtendNumLet as u8;
    const K: u8 = Wb::Katakana as u8;
    match prev {
        L | D => next != K,
        E => true,
        K => next == K || next == E,
        _ => false,
    }
}

/// WB6, WB7, WB11, WB12: a word continues over a middle character.
#[inline]
fn mid_joins(prev: u8, mid: u8, next: u8) -> bool {
    const L: u8 = Wb::Letter as u8;
    const D: u8 = Wb::Digit as u8;
    const ML: u8 = Wb::MidLetter as u8;
    const MNL: u8 = Wb::MidNumLet as u8;
    const MN: u8 = Wb::MidNum as u8;
    matches!((prev, mid, next), (L, ML | MNL, L) | (D, MN | MNL, D))
}

/// The fast path's output buffers and machine.
struct Out<'a> {
    joined: &'a mut Vec<u8>,
    words: &'a mut Vec<u64>,
    m: Machine,
}

impl Out<'_> {
    #[inline(always)]
    fn push_word(&mut self, start: usize) {
        if self.joined.len() > start {
            self.words.push(word_hash(&self.joined[start..]));
            self.joined.push(b' ');
        }
    }

    /// Ends the current segment.
    #[inline]
    fn end(&mut self) {
        self.push_word(self.m.start);
        self.m.in_word = false;
        self.m.pending = None;
    }

    /// One character of the NFKC text (never [`SLOW`] or [`MAPPED`]).
    #[inline(always)]
    fn char(&mut self, e: &Entry) {
        let class = e.tag;
        if self.m.in_word {
            if let Some(mid) = self.m.pending.take() {
                if mid_joins(self.m.last, mid, class) {
                    return self.add(e);
                }
                self.end();
            } else if is_word(class) {
                if word_joins(self.m.last, class) {
                    return self.add(e);
                }
                self.end();
            } else if is_mid(class) {
                self.m.pending = Some(class);
                return;
            } else {
                self.end();
            }
        }
        if is_word(class) {
            self.m.in_word = true;
            self.m.start = self.joined.len();
            self.m.prev_lower = false;
            self.add(e);
        } else if e.len > 0 {
            // Any other character: a segment of its own.
            self.m.start = self.joined.len();
            self.m.prev_lower = false;
            self.add(e);
            self.push_word(self.m.start);
        }
    }

    /// Adds a character to the current segment, as the Unicode path does.
    #[inline(always)]
    fn add(&mut self, e: &Entry) {
        if e.flags & ALNUM != 0 {
            if self.m.prev_lower && e.flags & UPPER != 0 {
                self.push_word(self.m.start);
                self.m.start = self.joined.len();
            }
            self.m.prev_lower = e.flags & LOWER != 0;
        }
        if e.flags & ALONE != 0 {
            self.push_word(self.m.start);
            let s = self.joined.len();
            put(self.joined, e);
            self.push_word(s);
            self.m.start = self.joined.len();
        } else {
            put(self.joined, e);
        }
        self.m.last = e.tag;
    }
}

/// Appends an entry's output. Natively, copies of a length known when
/// compiling are a few moves; a copy of any length was a call of
/// `memmove` per character (7% of a multilingual analysis). The .wasm
/// keeps the one copy: the arms cost it 4 KB it does not have.
#[inline(always)]
fn put(joined: &mut Vec<u8>, e: &Entry) {
    #[cfg(target_arch = "wasm32")]
    return joined.extend_from_slice(e.out());
    #[cfg(not(target_arch = "wasm32"))]
    match e.len {
        1 => joined.push(e.out[0]),
        2 => joined.extend_from_slice(&e.out[..2]),
        3 => joined.extend_from_slice(&e.out[..3]),
        4 => joined.extend_from_slice(&e.out[..4]),
        _ => joined.extend_from_slice(e.out()),
    }
}

/// Normalizes `text` on the fast path, appending its words to `joined`
/// (each followed by a space) and `words`. Returns `None` when done, or
/// the position of an ASCII space (or 0) from which the rest of the text
/// must take the Unicode path: the fast path stopped at a character it
/// does not handle, after that space, and took back what it had added
/// since. (No word crosses an ASCII space, see `Normalizer::unicode`.)
pub(super) fn run(
    table: &mut Table,
    joined: &mut Vec<u8>,
    words: &mut Vec<u64>,
    text: &str,
) -> Option<usize> {
    let mut out = Out {
        joined,
        words,
        m: Machine::default(),
    };
    // Where the text was last cut at a space: position, output lengths.
    let mut cut = (0, out.joined.len(), out.words.len());
    for (i, c) in text.char_indices() {
        if c == ' ' {
            out.char(&ASCII[32]);
            cut = (i, out.joined.len(), out.words.len());
            continue;
        }
        let e = table.get(c);
        match e.tag {
            SLOW => {
                out.joined.truncate(cut.1);
                out.words.truncate(cut.2);
                return Some(cut.0);
            }
            MAPPED => {
                // Checked when the entry was made: fast characters only.
                let mapped = std::str::from_utf8(e.out()).unwrap_or_default();
                for d in mapped.chars() {
                    out.char(&table.get(d));
                }
            }
            _ => out.char(&e),
        }
    }
    if out.m.in_word {
        out.end();
    }
    None
}

#[cfg(test)]
impl Entry {
    pub(super) fn is_slow(&self) -> bool {
        self.tag == SLOW
    }
}

#[cfg(test)]
impl Table {
    pub(super) fn filled(&self) -> usize {
        self.filled
    }
}
