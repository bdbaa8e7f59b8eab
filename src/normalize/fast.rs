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
//!
//! The word machine ([`Machine::char`]) takes any of these characters;
//! the common ones take shortcuts that do what it would do, in fewer
//! steps: a run of letters and digits inside a word
//! ([`Machine::word_run`], the ASCII path's loop for ASCII bytes), a
//! character with no output that ends a segment ([`BREAK`]), a letter
//! that begins a word, a character that is a word of its own ([`OWN`]).
//! Each word's hash is kept as its bytes are added.

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

use super::{word_finish, word_hash, word_step, CharInfo, Keep, Wb, WORD_SEED};

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
/// A letter or digit that is not a word of its own: in a word of letters
/// and digits, it just goes on with the word ([`Machine::word_run`]).
const PLAIN: u8 = 16;
/// Any other character with no output (a space, most punctuation): it
/// ends the segment, if any, and does nothing else.
const BREAK: u8 = 32;
/// A word of its own that is no word character (Han, hiragana): it ends
/// the segment, if any, and is a segment of its own.
const OWN: u8 = 64;

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

    /// With [`ALONE`]: [`word_hash`] of its output, the word it makes,
    /// kept in `out` past the one character (so an entry stays 16 bytes).
    #[inline(always)]
    fn alone(&self) -> u64 {
        let o = &self.out;
        u64::from_le_bytes([o[5], o[6], o[7], o[8], o[9], o[10], o[11], o[12]])
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
            | PLAIN
            | if b.is_ascii_lowercase() { LOWER } else { 0 }
            | if b.is_ascii_uppercase() { UPPER } else { 0 };
        e.len = 1;
        e.out[0] = b.to_ascii_lowercase();
    } else if e.tag == Wb::Other as u8 {
        e.flags = BREAK;
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
        self.get_code(cp)
    }

    /// The entry of the character with code point `cp` (above 0x7F).
    #[inline(always)]
    fn get_code(&mut self, cp: u32) -> Entry {
        *self.get_ref(cp)
    }

    /// [`Table::get_code`], by reference.
    #[inline(always)]
    fn get_ref(&mut self, cp: u32) -> &Entry {
        let at = self
            .index
            .get((cp >> 8) as usize)
            .filter(|&&p| p != 0)
            .map(|&p| (p as usize - 1) * 256 + (cp & 255) as usize);
        if let Some(at) = at {
            if self.pages.get(at).is_some_and(|e| e.tag != UNKNOWN) {
                return &self.pages[at];
            }
        }
        self.miss(cp)
    }

    /// [`Table::get`] the first time a character is seen: works its entry
    /// out and stores it.
    #[cold]
    #[inline(never)]
    fn miss(&mut self, cp: u32) -> &Entry {
        let Some(c) = char::from_u32(cp) else {
            return &Entry::SLOW;
        };
        if self.filled >= MAX_FILLED {
            return &Entry::SLOW;
        }
        self.filled += 1;
        let e = self.fill(c);
        let block = (cp >> 8) as usize;
        if self.index.is_empty() {
            self.index = vec![0; (char::MAX as usize >> 8) + 1];
        }
        if self.index[block] == 0 {
            self.pages.extend([Entry::UNKNOWN; 256]);
            self.index[block] = (self.pages.len() / 256) as u32;
        }
        let at = (self.index[block] as usize - 1) * 256 + (cp & 255) as usize;
        self.pages[at] = e;
        &self.pages[at]
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
        let mut mapped = nfkc.chars();
        if let (Some(d), None) = (mapped.next(), mapped.next()) {
            // One character (a no-break space, a full-width letter): its
            // entry is that character's.
            let e = self.get(d);
            return if matches!(e.tag, SLOW | MAPPED) {
                Entry::SLOW
            } else {
                e
            };
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
            // One character of at most 4 bytes: room for the hash.
            let hash = word_hash(e.out()).to_le_bytes();
            if len > OUT - hash.len() {
                return Entry::SLOW;
            }
            e.out[OUT - hash.len()..].copy_from_slice(&hash);
            e.flags |= ALONE;
            if class == Wb::Other {
                e.flags |= OWN;
            }
        } else if matches!(class, Wb::Letter | Wb::Digit) {
            e.flags |= PLAIN;
        } else if class == Wb::Other && len == 0 {
            e.flags |= BREAK;
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

/// Class numbers of the word machine.
const L: u8 = Wb::Letter as u8;
const D: u8 = Wb::Digit as u8;
const E: u8 = Wb::ExtendNumLet as u8;
const K: u8 = Wb::Katakana as u8;
const ML: u8 = Wb::MidLetter as u8;
const MNL: u8 = Wb::MidNumLet as u8;
const MN: u8 = Wb::MidNum as u8;
/// No middle character is pending.
const NO_MID: u8 = 0xFF;

const fn is_word(class: u8) -> bool {
    matches!(class, L | D | E | K)
}

const fn is_mid(class: u8) -> bool {
    matches!(class, ML | MNL | MN)
}

/// Whether two word characters next to each other are in one segment
/// (WB5, WB8–WB10, WB13, WB13a, WB13b).
#[inline]
fn word_joins(prev: u8, next: u8) -> bool {
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
    matches!((prev, mid, next), (L, ML | MNL, L) | (D, MN | MNL, D))
}

/// The word machine: the output buffers (moved out of the normalizer for
/// the run, so their lengths can live in registers) and the state between
/// characters.
struct Machine {
    joined: Vec<u8>,
    words: Vec<u64>,
    /// Inside a segment (a word in the UAX #29 sense).
    in_word: bool,
    /// Class of the segment's last word character.
    last: u8,
    /// A middle character (MidLetter, MidNumLet, MidNum) after the
    /// segment's last word character, waiting for the next one, or
    /// [`NO_MID`].
    pending: u8,
    /// In a segment whose last character is a letter or digit, with no
    /// middle character pending: a [`PLAIN`] character just goes on
    /// with the word ([`Machine::word_run`]).
    hot: bool,
    /// Where the current word starts in `joined`.
    start: usize,
    /// [`word_hash`]'s state over `joined[start..]`, kept as bytes are
    /// added so a word is not read again to hash it.
    h: u64,
    /// The last alphanumeric character was lower-case.
    prev_lower: bool,
}

impl Machine {
    /// Ends the current word, if it has any output.
    #[inline(always)]
    fn finish(&mut self) {
        if self.joined.len() > self.start {
            self.words.push(word_finish(self.h));
            self.joined.push(b' ');
        }
    }

    /// Starts a new word at the end of the output.
    #[inline(always)]
    fn restart(&mut self) {
        self.start = self.joined.len();
        self.h = WORD_SEED;
    }

    /// Ends the current segment.
    #[inline]
    fn end(&mut self) {
        self.finish();
        self.in_word = false;
        self.pending = NO_MID;
        self.hot = false;
    }

    /// Letters and digits from `bytes[i]` on, while [`Machine::hot`]:
    /// ASCII ones as the ASCII path's loop does, others by their
    /// [`PLAIN`] entries; what [`Machine::char`] does with each, with the
    /// state in registers. Returns where they end (the first character
    /// that is not one, left to [`Machine::char`]).
    #[inline(always)]
    fn word_run(&mut self, table: &mut Table, bytes: &[u8], mut i: usize) -> usize {
        let (mut h, mut prev_lower, mut last) = (self.h, self.prev_lower, self.last);
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                if prev_lower && b.is_ascii_uppercase() {
                    self.words.push(word_finish(h));
                    self.joined.push(b' ');
                    self.start = self.joined.len();
                    h = WORD_SEED;
                }
                prev_lower = b.is_ascii_lowercase();
                let lower = b.to_ascii_lowercase();
                self.joined.push(lower);
                h = word_step(h, lower);
                last = if b.is_ascii_digit() { D } else { L };
                i += 1;
            } else {
                let (cp, len) = decode(bytes, i);
                let e = table.get_ref(cp);
                if e.flags & PLAIN == 0 {
                    break;
                }
                if e.flags & ALNUM != 0 {
                    if prev_lower && e.flags & UPPER != 0 {
                        self.words.push(word_finish(h));
                        self.joined.push(b' ');
                        self.start = self.joined.len();
                        h = WORD_SEED;
                    }
                    prev_lower = e.flags & LOWER != 0;
                }
                h = put_hashed(&mut self.joined, h, e);
                last = e.tag;
                i += len;
            }
        }
        (self.h, self.prev_lower, self.last) = (h, prev_lower, last);
        i
    }

    /// A [`PLAIN`] character outside a segment: it begins a word, as
    /// [`Machine::char`] does.
    #[inline(always)]
    fn begin(&mut self, e: &Entry) {
        self.in_word = true;
        self.restart();
        self.prev_lower = e.flags & (ALNUM | LOWER) == ALNUM | LOWER;
        self.put(e);
        self.last = e.tag;
        self.hot = true;
    }

    /// An [`OWN`] character outside a segment: a segment and a word of its
    /// own, as [`Machine::char`] makes it.
    #[inline(always)]
    fn own(&mut self, e: &Entry) {
        put(&mut self.joined, e);
        self.words.push(e.alone());
        self.joined.push(b' ');
        self.restart();
        self.last = e.tag;
    }

    /// Characters from `bytes[i]` on that are words of their own
    /// ([`OWN`]) or have no output ([`BREAK`]), outside a segment (as
    /// after [`Machine::own`]): [`Machine::own`] of the first, nothing of
    /// the others, as [`Machine::char`] does (Chinese and Japanese text
    /// with its punctuation). Returns where they end.
    #[inline(always)]
    fn own_run(&mut self, table: &mut Table, bytes: &[u8], mut i: usize) -> usize {
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                break;
            }
            let (cp, len) = decode(bytes, i);
            let e = table.get_ref(cp);
            if e.flags & OWN != 0 {
                put(&mut self.joined, e);
                self.words.push(e.alone());
                self.joined.push(b' ');
            } else if e.flags & BREAK == 0 {
                break;
            }
            i += len;
        }
        self.restart();
        i
    }

    /// One character of the NFKC text (never [`SLOW`] or [`MAPPED`]).
    #[inline(always)]
    fn char(&mut self, e: &Entry) {
        let class = e.tag;
        if self.in_word {
            if self.pending != NO_MID {
                let mid = self.pending;
                self.pending = NO_MID;
                if mid_joins(self.last, mid, class) {
                    self.add(e);
                    self.hot = matches!(self.last, L | D);
                    return;
                }
                self.end();
            } else if is_word(class) {
                if word_joins(self.last, class) {
                    self.add(e);
                    self.hot = matches!(self.last, L | D);
                    return;
                }
                self.end();
            } else if is_mid(class) {
                self.pending = class;
                self.hot = false;
                return;
            } else {
                self.end();
            }
        }
        if is_word(class) {
            self.in_word = true;
            self.restart();
            self.prev_lower = false;
            self.add(e);
            self.hot = matches!(self.last, L | D);
        } else if e.len > 0 {
            // Any other character: a segment of its own.
            self.restart();
            self.prev_lower = false;
            self.add(e);
            self.finish();
        }
    }

    /// Adds a character to the current segment, as the Unicode path does.
    #[inline(always)]
    fn add(&mut self, e: &Entry) {
        if e.flags & ALNUM != 0 {
            if self.prev_lower && e.flags & UPPER != 0 {
                self.finish();
                self.restart();
            }
            self.prev_lower = e.flags & LOWER != 0;
        }
        if e.flags & ALONE != 0 {
            // A word of its own, whose hash is the entry's.
            self.finish();
            put(&mut self.joined, e);
            self.words.push(e.alone());
            self.joined.push(b' ');
            self.restart();
        } else {
            self.put(e);
        }
        self.last = e.tag;
    }

    /// Appends an entry's output to the current word and hashes it.
    #[inline(always)]
    fn put(&mut self, e: &Entry) {
        self.h = put_hashed(&mut self.joined, self.h, e);
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

/// [`put`] that also steps the word's hash over the output.
#[inline(always)]
fn put_hashed(joined: &mut Vec<u8>, h: u64, e: &Entry) -> u64 {
    #[cfg(not(target_arch = "wasm32"))]
    match e.len {
        1 => {
            joined.push(e.out[0]);
            return word_step(h, e.out[0]);
        }
        2 => {
            joined.extend_from_slice(&e.out[..2]);
            return word_step(word_step(h, e.out[0]), e.out[1]);
        }
        3 => {
            joined.extend_from_slice(&e.out[..3]);
            return word_step(word_step(word_step(h, e.out[0]), e.out[1]), e.out[2]);
        }
        _ => {}
    }
    joined.extend_from_slice(e.out());
    e.out().iter().fold(h, |h, &b| word_step(h, b))
}

/// The code point of the character starting at `bytes[i]`, a byte above
/// 0x7F that begins a character of valid UTF-8, and its length.
#[inline(always)]
fn decode(bytes: &[u8], i: usize) -> (u32, usize) {
    let at = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    let b0 = u32::from(bytes[i]);
    if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | at(1), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | (at(1) << 6) | at(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (at(1) << 12) | (at(2) << 6) | at(3),
            4,
        )
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
    let mut m = Machine {
        joined: std::mem::take(joined),
        words: std::mem::take(words),
        in_word: false,
        last: 0,
        pending: NO_MID,
        hot: false,
        start: 0,
        h: WORD_SEED,
        prev_lower: false,
    };
    m.start = m.joined.len();
    let result = machine_run(table, &mut m, text);
    *joined = m.joined;
    *words = m.words;
    result
}

/// [`run`] on the machine's buffers.
#[inline(always)]
fn machine_run(table: &mut Table, m: &mut Machine, text: &str) -> Option<usize> {
    // Where the text was last cut at a space: position, output lengths.
    let mut cut = (0, m.joined.len(), m.words.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if m.hot {
            i = m.word_run(table, bytes, i);
            if i >= bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let e = if b < 0x80 {
            i += 1;
            if b == b' ' {
                // What `char` does with a space: it ends the segment.
                if m.in_word {
                    m.end();
                }
                cut = (i - 1, m.joined.len(), m.words.len());
                continue;
            }
            &ASCII[usize::from(b)]
        } else {
            let (cp, len) = decode(bytes, i);
            i += len;
            table.get_ref(cp)
        };
        // The common kinds of character first, each as `char` does it.
        if e.flags & PLAIN != 0 && !m.in_word {
            m.begin(e);
            continue;
        }
        if e.flags & BREAK != 0 {
            if m.in_word {
                m.end();
            }
            continue;
        }
        if e.flags & OWN != 0 {
            if m.in_word {
                m.end();
            }
            m.own(e);
            i = m.own_run(table, bytes, i);
            continue;
        }
        let e = *e;
        match e.tag {
            SLOW => {
                m.joined.truncate(cut.1);
                m.words.truncate(cut.2);
                return Some(cut.0);
            }
            MAPPED => {
                // Checked when the entry was made: fast characters only.
                let mapped = std::str::from_utf8(e.out()).unwrap_or_default();
                for d in mapped.chars() {
                    m.char(&table.get(d));
                }
            }
            _ => m.char(&e),
        }
    }
    if m.in_word {
        m.end();
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
