//! Per-document word tokens: what passage alignment keeps of a document.
//!
//! A token is a word with its place in the document's *original* bytes
//! (12 bytes: start, length, flags, hash). Words are found and folded the
//! way the paragraph matcher compares them (NFKC, case folding, only
//! letters, digits and marks kept), but independently of it, so paragraph
//! matching is untouched. Plain text maps every word back to the original
//! bytes through the decoder's offset map; documents of extracted formats
//! (HTML, .docx, records) have no such map inside a paragraph, so their
//! tokens carry the whole paragraph's span and passages there are snapped
//! to whole paragraphs.

use caseless::Caseless;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::xxh3_64;

use super::stops::{Tally, NO_GRAM};
use super::vocab::Vocab;

/// The token starts a sentence (or a paragraph, or the document).
pub(crate) const SENTENCE: u16 = 1;
/// The token is a stop word of its document's language (`stops.rs`):
/// it weighs nothing in sentence similarity.
pub(crate) const STOP: u16 = 2;
/// The token is one character of a script written without spaces (Han,
/// kana, Thai, …): about half a word, so it weighs half in grams and
/// lengths ([`Token::weight`]).
pub(crate) const UNSPACED: u16 = 4;
/// The token's word is a function word of some language, whatever its
/// document's language (`stops::NO_GRAM`): it makes no gram and starts no
/// short match. This is a property of the word alone, so two documents
/// holding the same text make the same grams from it even when they are
/// in different languages (a quotation, a bilingual document), where
/// [`STOP`] differs.
pub(crate) const FUNCTION: u16 = 8;
/// Where [`Token::trail`] is kept in the flags (6 bits).
const TRAIL_SHIFT: u16 = 4;
/// Where [`Token::lead`] is kept in the flags (6 bits).
const LEAD_SHIFT: u16 = 10;
/// The most bytes of punctuation a side takes in beside its word.
const MARKS_MAX: usize = 63;

/// One word of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// Offset of the word's first byte in the original bytes.
    pub(crate) start: u32,
    /// Hash of the folded word.
    pub(crate) word: u32,
    /// Length of the word in the original bytes.
    pub(crate) len: u16,
    /// [`SENTENCE`], [`STOP`], and the lengths of [`Token::trail`] and
    /// [`Token::lead`] (6 bits each).
    pub(crate) flags: u16,
}

impl Token {
    /// Offset just past the word's last byte.
    pub(crate) fn end(&self) -> u64 {
        u64::from(self.start) + u64::from(self.len)
    }

    /// The token's weight in half words: 1 for a character of a script
    /// written without spaces ([`UNSPACED`]), 2 for any other word.
    pub(crate) fn weight(&self) -> u32 {
        if self.flags & UNSPACED != 0 {
            1
        } else {
            2
        }
    }

    pub(crate) fn starts_sentence(&self) -> bool {
        self.flags & SENTENCE != 0
    }

    /// A stop word of its document's language ([`STOP`]).
    pub(crate) fn is_stop(&self) -> bool {
        self.flags & STOP != 0
    }

    /// A function word of some language ([`FUNCTION`]).
    pub(crate) fn is_function(&self) -> bool {
        self.flags & FUNCTION != 0
    }

    /// Original bytes of the punctuation that closes the sentence right
    /// after the word (`.`, `).`, `?”`): a side ending on this word
    /// ends past them, so a reused sentence keeps its full stop.
    pub(crate) fn trail(&self) -> u64 {
        u64::from((self.flags >> TRAIL_SHIFT) & 63)
    }

    /// Original bytes of the opening quotes or brackets right before a
    /// word that starts a sentence: a side starting on this word starts
    /// there.
    pub(crate) fn lead(&self) -> u64 {
        u64::from((self.flags >> LEAD_SHIFT) & 63)
    }
}

/// Closing quotes and brackets, which may follow a sentence's last word
/// before or after its full stop.
fn closes(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '"'
            | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〉'
            | '》'
            | '〕'
    )
}

/// Opening quotes and brackets (and the Spanish inverted marks), which may
/// come before a sentence's first word.
fn opens(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '"'
            | '\''
            | '“'
            | '‘'
            | '„'
            | '«'
            | '‹'
            | '「'
            | '『'
            | '（'
            | '【'
            | '〈'
            | '《'
            | '〔'
            | '¿'
            | '¡'
    )
}

/// Whether `c` ends a sentence (a gap holding one breaks it, [`Gap`]).
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…')
}

/// Text bytes of the marks right after a word at the start of `after`
/// that end its sentence: closing quotes, brackets and sentence-ending
/// marks with no space between, at least one of them sentence-ending;
/// 0 when there are none.
fn closing_marks(after: &str) -> usize {
    let (mut len, mut ends) = (0, 0);
    for c in after.chars() {
        if !(closes(c) || ends_sentence(c)) {
            break;
        }
        if len + c.len_utf8() > MARKS_MAX {
            // A run too long to take whole (a row of dots): none of it,
            // rather than a side ending inside it.
            return 0;
        }
        len += c.len_utf8();
        if ends_sentence(c) {
            ends = len;
        }
    }
    // Closers after the last sentence mark belong to it (`.”`); closers
    // after the word but before no mark (`”`) do not end a sentence.
    if ends == 0 {
        0
    } else {
        len
    }
}

/// Text bytes of the opening quotes and brackets at the end of `before`,
/// right before a word.
fn opening_marks(before: &str) -> usize {
    let mut len = 0;
    for c in before.chars().rev() {
        if !opens(c) {
            break;
        }
        if len + c.len_utf8() > MARKS_MAX {
            return 0;
        }
        len += c.len_utf8();
    }
    len
}

/// The flag bits of `lead` and `trail` original bytes.
fn marks(lead: u64, trail: u64) -> u16 {
    // Both are at most MARKS_MAX text bytes, but an offset map may widen
    // them (UTF-16 input): past 63 they are left out.
    let fit = |n: u64| if n <= 63 { n as u16 } else { 0 };
    (fit(lead) << LEAD_SHIFT) | (fit(trail) << TRAIL_SHIFT)
}

/// Where lines start, for the `line` of a passage's side.
#[derive(Debug, Clone, Default)]
pub(crate) enum Lines {
    /// Plain text: `(offset, line)` where lines start (line 1 at the
    /// start is implied), in order.
    Starts(Vec<(u32, u32)>),
    /// Extracted formats: tokens carry paragraph spans; the line of a side
    /// is that of its paragraph in the report.
    #[default]
    Paragraphs,
}

/// What is kept of one document.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocTokens {
    pub(crate) tokens: Vec<Token>,
    pub(crate) lines: Lines,
}

/// Turns documents into tokens, filling the shared vocabulary.
#[derive(Default)]
pub(crate) struct Tokenizer {
    pub(crate) vocab: Vocab,
    folded: String,
    nfkc: String,
    /// Words of the Unicode path folded lately.
    memo: Memo,
    /// The stop lists of the current document's words so far.
    tally: Tally,
}

/// A word to add: folded, or looked up already (its hash and the stop
/// lists it is on).
enum Word<'f> {
    Folded(&'f str),
    Known(u32, u16),
}

/// What adding a word did.
enum Pushed {
    /// Offsets no longer fit: the document's tokens stop.
    Full,
    /// A word too long for a token: nothing added, nothing looked up.
    Skipped,
    /// A token added, with the word's hash and the stop lists it is on.
    Token(u32, u16),
}

/// Slots of [`Memo`].
const MEMO: usize = 4096;

/// The Unicode path's recent words as they stand in the text, each with
/// what folding it gave (`None`: no letters or digits), one slot per
/// hash of the text: NFKC, case folding and the letter filter cost far
/// more than a hash and a comparison, and most words recur. A word is
/// put here only after the vocabulary knows it, so a hit gives what the
/// vocabulary would.
///
/// Empty until first put to: a run with passages off (whose collector
/// still holds a tokenizer) keeps nothing here.
#[derive(Default)]
struct Memo {
    /// Each slot's key (the text's hash), text and what it folded to.
    slots: Vec<(u64, String, Folded)>,
}

/// What folding a word gave: its hash and the stop lists it is on, or
/// `None` when nothing was left of it.
type Folded = Option<(u32, u16)>;

impl Memo {
    /// The slot of `raw` and its key there.
    fn slot(&self, raw: &str) -> (usize, u64) {
        let key = xxh3_64(raw.as_bytes());
        (key as usize % MEMO, key)
    }

    /// What `raw` folded to, if it is in its slot.
    fn get(&self, (slot, key): (usize, u64), raw: &str) -> Option<Folded> {
        let (k, text, folded) = self.slots.get(slot)?;
        (*k == key && text == raw).then_some(*folded)
    }

    fn put(&mut self, (slot, key): (usize, u64), raw: &str, folded: Folded) {
        if self.slots.is_empty() {
            self.slots = vec![(0, String::new(), None); MEMO];
        }
        let s = &mut self.slots[slot];
        s.0 = key;
        s.1.clear();
        s.1.push_str(raw);
        s.2 = folded;
    }
}

/// Where the words of one plain text go.
struct Words<'w> {
    tokens: &'w mut Vec<Token>,
    text: &'w str,
    original: &'w dyn Fn(usize) -> usize,
    /// What the text since the previous word holds, read up to `gap.at`.
    gap: Gap,
    /// Text offset just past the previous word.
    last_end: usize,
}

/// The text between the previous word and the next, as far as read: the
/// ASCII path reads it while looking for the next word, so most gaps are
/// never read twice.
#[derive(Default)]
struct Gap {
    /// Text offset up to which the gap has been read.
    at: usize,
    /// A sentence-ending mark was seen.
    stop: bool,
    /// Line feeds (or paragraph separators) seen.
    newlines: u32,
}

impl Gap {
    /// Reads `text[self.at..to]`.
    fn read(&mut self, text: &str, to: usize) {
        if self.at < to {
            for c in text[self.at..to].chars() {
                match c {
                    c if ends_sentence(c) => self.stop = true,
                    '\n' | '\u{2029}' => self.newlines += 1,
                    _ => {}
                }
            }
            self.at = to;
        }
    }

    /// Whether the gap ends a sentence: a full stop, question or
    /// exclamation mark (Latin or CJK), or a blank line.
    fn breaks(&self) -> bool {
        self.stop || self.newlines >= 2
    }
}

/// Marks the last of `tokens` (whose word ends at text offset `last_end`)
/// with the sentence-ending marks right after it, up to the end of `text`
/// (the next word's start), if any; their text bytes.
fn close_sentence(
    tokens: &mut [Token],
    text: &str,
    original: &dyn Fn(usize) -> usize,
    last_end: usize,
) -> usize {
    let Some(t) = tokens.last_mut() else { return 0 };
    let k = closing_marks(&text[last_end..]);
    if k > 0 {
        let trail = original(last_end + k).saturating_sub(original(last_end)) as u64;
        t.flags |= marks(0, trail);
    }
    k
}

/// Offsets past this cannot be stored; a document's tokens stop there.
const MAX_OFFSET: u64 = u32::MAX as u64;

impl Tokenizer {
    /// Tokens of decoded plain `text`, a whole document; `original` maps
    /// text offsets to the file's.
    pub(crate) fn plain(&mut self, text: &str, original: &dyn Fn(usize) -> usize) -> DocTokens {
        let mut d = self.plain_part(text, original);
        self.tally.settle(&mut d.tokens);
        d
    }

    /// [`Tokenizer::plain`] for part of a document, whose stop words are
    /// those of any language until the document is settled.
    fn plain_part(&mut self, text: &str, original: &dyn Fn(usize) -> usize) -> DocTokens {
        let mut tokens = Vec::with_capacity(text.len() / 6);
        let mut words = Words {
            tokens: &mut tokens,
            text,
            original,
            gap: Gap::default(),
            last_end: 0,
        };
        // UAX #29 always breaks between ASCII whitespace and a following
        // ASCII character that is not whitespace (no rule joins them, and
        // none looks across whitespace), so no word crosses such a cut:
        // ASCII stretches between cuts take the fast path, the pieces
        // holding other characters UAX #29 (`plain_reference` in the tests
        // checks the two give the same tokens). Runs of spaces are not
        // cut: a space joins the next space, and marks attach to them.
        let bytes = text.as_bytes();
        let cut = |c: usize| {
            c > 0
                && bytes[c - 1].is_ascii_whitespace()
                && bytes[c].is_ascii()
                && !bytes[c].is_ascii_whitespace()
        };
        let mut at = 0;
        while at < bytes.len() {
            let Some(k) = first_non_ascii(&bytes[at..]) else {
                self.ascii_words(&mut words, at, bytes.len());
                break;
            };
            let other = at + k;
            // The piece holding `other` runs from the last cut before it
            // to the first after it.
            let start = (at + 1..other).rev().find(|&c| cut(c)).unwrap_or(at);
            if !self.ascii_words(&mut words, at, start) {
                break;
            }
            let end = (other + 1..bytes.len())
                .find(|&c| cut(c))
                .unwrap_or(bytes.len());
            if !self.unicode_words(&mut words, start, end) {
                break;
            }
            at = end;
        }
        let last_end = words.last_end;
        close_sentence(&mut tokens, text, original, last_end);
        tokens.shrink_to_fit();
        let mut lines = Vec::new();
        line_starts(text, original, 1, &mut lines);
        lines.shrink_to_fit();
        DocTokens {
            tokens,
            lines: Lines::Starts(lines),
        }
    }

    /// Adds the token of `word` at original `start..end`.
    fn push(
        (vocab, tally): (&mut Vocab, &mut Tally),
        tokens: &mut Vec<Token>,
        word: Word<'_>,
        (start, end): (u64, u64),
        sentence: bool,
    ) -> Pushed {
        if end > MAX_OFFSET {
            return Pushed::Full;
        }
        // A "word" of 64 KiB gets no token, so no side starts or ends in it.
        let Ok(len) = u16::try_from(end - start) else {
            return Pushed::Skipped;
        };
        let (word, stops) = match word {
            Word::Folded(folded) => vocab.word(folded),
            Word::Known(word, stops) => (word, stops),
        };
        tokens.push(Token {
            start: start as u32,
            word,
            len,
            flags: flags(stops, sentence),
        });
        tally.add(stops);
        Pushed::Token(word, stops)
    }

    /// The tokens of ASCII `text[from..to]` (which no word crosses);
    /// false once offsets no longer fit. One pass over the bytes finds the
    /// words and reads the gaps between them; a word that is already
    /// folded (lower-case letters and digits only, the common case) is
    /// looked up as it stands in the text.
    fn ascii_words(&mut self, w: &mut Words<'_>, from: usize, to: usize) -> bool {
        let bytes = w.text.as_bytes();
        w.gap.read(w.text, from);
        let mut i = from;
        while i < to {
            let class = ASCII_CLASS[usize::from(bytes[i])];
            if class < WORD {
                // Only read here when the gap is read up to `i` (it is not
                // after underscores that made no word).
                if w.gap.at == i {
                    match class {
                        STOP_MARK | DOT => w.gap.stop = true,
                        LINE_FEED => w.gap.newlines += 1,
                        _ => {}
                    }
                    w.gap.at = i + 1;
                }
                i += 1;
                continue;
            }
            let s = i;
            // Whether the word holds upper-case letters, or underscores or
            // punctuation joined into it (most words hold neither).
            let (mut upper, mut joined) = (false, false);
            loop {
                // Lower-case letters and digits, the bulk of most words.
                i += bytes[i..to]
                    .iter()
                    .position(|&b| ASCII_CLASS[usize::from(b)] != LOWER)
                    .unwrap_or(to - i);
                if i == to {
                    break;
                }
                match ASCII_CLASS[usize::from(bytes[i])] {
                    UPPER => upper = true,
                    // `_` joins anything word-like (WB13a, WB13b).
                    UNDERSCORE => joined = true,
                    MID | DOT
                        if i + 1 < to
                            && i > s
                            && joins_ascii(bytes[i - 1], bytes[i], bytes[i + 1]) =>
                    {
                        joined = true
                    }
                    _ => break,
                }
                i += 1;
            }
            let word = if upper || joined {
                self.folded.clear();
                self.folded.push_str(&w.text[s..i]);
                self.folded.make_ascii_lowercase();
                if joined {
                    self.folded.retain(|c| c.is_ascii_alphanumeric());
                    // Underscores alone are no word.
                    if self.folded.is_empty() {
                        continue;
                    }
                }
                &self.folded
            } else {
                &w.text[s..i]
            };
            let lists = (&mut self.vocab, &mut self.tally);
            if let Pushed::Full = Self::word(lists, w, Word::Folded(word), s, i) {
                return false;
            }
        }
        true
    }

    /// The tokens of `text[from..to]` by UAX #29; false once offsets no
    /// longer fit.
    fn unicode_words(&mut self, w: &mut Words<'_>, from: usize, to: usize) -> bool {
        for (s, word) in w.text[from..to].unicode_word_indices() {
            let (s, e) = (from + s, from + s + word.len());
            // A word folded before is not folded again.
            let slot = self.memo.slot(word);
            let looked = match self.memo.get(slot, word) {
                Some(Some((h, stops))) => Word::Known(h, stops),
                Some(None) => continue,
                None if !fold(word, &mut self.folded, &mut self.nfkc) => {
                    self.memo.put(slot, word, None);
                    continue;
                }
                None => Word::Folded(&self.folded),
            };
            match Self::word((&mut self.vocab, &mut self.tally), w, looked, s, e) {
                Pushed::Full => return false,
                Pushed::Token(h, stops) => {
                    self.memo.put(slot, word, Some((h, stops)));
                    if unspaced(word) {
                        if let Some(t) = w.tokens.last_mut() {
                            t.flags |= UNSPACED;
                        }
                    }
                }
                Pushed::Skipped => {}
            }
        }
        true
    }

    /// Adds the token of `word`, at `s..e` of the text.
    fn word(
        lists: (&mut Vocab, &mut Tally),
        w: &mut Words<'_>,
        word: Word<'_>,
        s: usize,
        e: usize,
    ) -> Pushed {
        w.gap.read(w.text, s);
        let sentence = w.tokens.is_empty() || w.gap.breaks();
        let stop = w.gap.stop;
        w.gap = Gap {
            at: e,
            ..Gap::default()
        };
        let span = ((w.original)(s) as u64, (w.original)(e) as u64);
        // Only a gap holding a sentence mark has marks that end a sentence.
        let closed = if stop {
            close_sentence(w.tokens, &w.text[..s], w.original, w.last_end)
        } else {
            0
        };
        let lead = if sentence {
            // After the previous sentence's marks: a straight quote both
            // closes and opens, and goes to one side only.
            let from = (w.last_end + closed).min(s);
            let k = opening_marks(&w.text[from..s]);
            span.0.saturating_sub((w.original)(s - k) as u64)
        } else {
            0
        };
        let pushed = Self::push(lists, w.tokens, word, span, sentence);
        if let Pushed::Token(..) = pushed {
            w.last_end = e;
            if let Some(t) = w.tokens.last_mut() {
                t.flags |= marks(lead, 0);
            }
        }
        pushed
    }

    /// Tokens of an extracted document's paragraphs (span, line and text
    /// each). With `exact` (plain text extracted by a reader, UTF-8) a
    /// paragraph whose text is as long as its span is its span's bytes,
    /// and its words keep their own spans; otherwise every token carries
    /// its paragraph's span.
    pub(crate) fn extracted<'t>(
        &mut self,
        paragraphs: impl Iterator<Item = (u64, u64, u64, &'t str)>,
        exact: bool,
    ) -> DocTokens {
        let mut tokens = Vec::new();
        let mut lines = Vec::new();
        for (start, end, line, text) in paragraphs {
            if exact && text.len() as u64 == end - start && end <= MAX_OFFSET {
                // The span's bytes are the text: words map exactly.
                let at = |i: usize| start as usize + i;
                let mut d = self.plain_part(text, &at);
                tokens.append(&mut d.tokens);
                let line = u32::try_from(line).unwrap_or(u32::MAX);
                lines.push((start as u32, line));
                line_starts(text, &at, line, &mut lines);
                continue;
            }
            if exact && end <= MAX_OFFSET {
                lines.push((start as u32, u32::try_from(line).unwrap_or(u32::MAX)));
            }
            if end > MAX_OFFSET || end - start > u64::from(u16::MAX) {
                // Past 4 GiB, or a paragraph too long for a token's length:
                // left out, so no side starts or ends inside it.
                continue;
            }
            let mut prev_end = 0usize;
            let mut first = true;
            for (s, w) in text.unicode_word_indices() {
                if !fold(w, &mut self.folded, &mut self.nfkc) {
                    continue;
                }
                let sentence = first || breaks_sentence(&text[prev_end..s]);
                first = false;
                prev_end = s + w.len();
                let (word, stops) = self.vocab.word(&self.folded);
                tokens.push(Token {
                    start: start as u32,
                    word,
                    len: (end - start) as u16,
                    flags: flags(stops, sentence) | if unspaced(w) { UNSPACED } else { 0 },
                });
                self.tally.add(stops);
            }
        }
        self.tally.settle(&mut tokens);
        tokens.shrink_to_fit();
        DocTokens {
            tokens,
            lines: if exact {
                lines.shrink_to_fit();
                Lines::Starts(lines)
            } else {
                Lines::Paragraphs
            },
        }
    }
}

/// Byte classes of the ASCII path: below [`WORD`] a byte starts no word.
const OTHER: u8 = 0;
/// `!`, `?`: may end a sentence.
const STOP_MARK: u8 = 1;
/// `.`: may end a sentence, or join a word between letters or digits.
const DOT: u8 = 2;
/// `\n`.
const LINE_FEED: u8 = 3;
/// `'`, `:`, `,`, `;`: may join a word between letters or digits.
const MID: u8 = 4;
/// First class that starts a word.
const WORD: u8 = 5;
/// Lower-case letters and digits: kept as they are.
const LOWER: u8 = 5;
/// Upper-case letters: lower-cased.
const UPPER: u8 = 6;
/// `_`: joins, but is no letter.
const UNDERSCORE: u8 = 7;

/// The class of every byte (non-ASCII bytes never reach the ASCII path).
static ASCII_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b'a'..=b'z' | b'0'..=b'9' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'_' => UNDERSCORE,
            b'!' | b'?' => STOP_MARK,
            b'.' => DOT,
            b'\n' => LINE_FEED,
            b'\'' | b':' | b',' | b';' => MID,
            _ => OTHER,
        };
        b += 1;
    }
    t
};

/// Where the first byte that is not ASCII is: 16 bytes at a time (the
/// standard library's check reads them a word at a time), then byte by byte.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    let chunks = bytes.chunks_exact(16);
    let ascii = 16 * chunks.take_while(|c| c.is_ascii()).count();
    bytes[ascii..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|k| ascii + k)
}

/// Whether `word` (as UAX #29 gives it) is one character of a script
/// written without spaces, which UAX #29 splits character by character
/// (with its combining marks, as Thai vowel signs).
fn unspaced(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(crate::normalize::is_unspaced_script)
        && chars.all(is_mark)
}

/// The weight of `tokens` in half words ([`Token::weight`]), at most
/// `u32::MAX` (a side of 2^31 one-letter words would pass it).
pub(crate) fn half_words(tokens: &[Token]) -> u32 {
    let half: u64 = tokens.iter().map(|t| u64::from(t.weight())).sum();
    u32::try_from(half).unwrap_or(u32::MAX)
}

/// The flags of a new token whose word is on the stop lists of `stops`
/// (`stops::mask`): a word on any list starts as a stop word ([`STOP`])
/// until its document is settled.
fn flags(stops: u16, sentence: bool) -> u16 {
    (if stops != 0 { STOP } else { 0 })
        | (if stops & NO_GRAM != 0 { FUNCTION } else { 0 })
        | (if sentence { SENTENCE } else { 0 })
}

/// Whether ASCII punctuation `mid` between `before` and `after` stays inside
/// a word, as UAX #29 keeps `don't`, `3.5`, `1,000` and `a:b` whole
/// (MidNumLet, MidLetter and MidNum between letters or digits: WB6, WB7,
/// WB11, WB12).
fn joins_ascii(before: u8, mid: u8, after: u8) -> bool {
    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
    let digits = before.is_ascii_digit() && after.is_ascii_digit();
    match mid {
        b'\'' | b'.' => letters || digits,
        b':' => letters,
        b',' | b';' => digits,
        _ => false,
    }
}

/// Folds a word for comparison into `out` (NFKC, case fold, letters,
/// digits and marks only). False when nothing is left.
pub(super) fn fold(word: &str, out: &mut String, nfkc: &mut String) -> bool {
    out.clear();
    if word.is_ascii() {
        out.extend(
            word.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase() as char),
        );
    } else {
        nfkc.clear();
        nfkc.extend(word.nfkc());
        out.extend(
            nfkc.chars()
                .default_case_fold()
                .filter(|c| c.is_alphanumeric() || is_mark(*c)),
        );
    }
    !out.is_empty()
}

/// Combining marks (kept inside words, as the paragraph matcher keeps them).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether the text between two words ends a sentence: a full stop,
/// question or exclamation mark (Latin or CJK), or a blank line.
fn breaks_sentence(gap: &str) -> bool {
    let mut read = Gap::default();
    read.read(gap, gap.len());
    read.breaks()
}

/// Original offsets where lines 2, 3, … start, with the line breaks of
/// `segment` (its `line_breaks`) so lines agree with the paragraphs'.
fn line_starts(
    text: &str,
    original: &dyn Fn(usize) -> usize,
    first_line: u32,
    out: &mut Vec<(u32, u32)>,
) {
    let mut line = first_line;
    // Whether `out`'s last entry was pushed here (the caller's first is kept).
    let mut own = false;
    let mut start = 0;
    crate::segment::line_breaks(text, |end, next| {
        // A blank line holds no word, so no passage side starts or ends on
        // it: its entry gives way to the next one, and a file of millions
        // of blank lines costs nothing per line.
        let blank = text[start..end].trim().is_empty();
        start = next;
        let o = original(next) as u64;
        line = line.saturating_add(1);
        if own && blank {
            out.pop();
        }
        own = o <= MAX_OFFSET;
        if own {
            out.push((o as u32, line));
        }
    });
}

/// The 1-based line of original offset `at` in a plain document.
pub(crate) fn line_of(starts: &[(u32, u32)], at: u64) -> u64 {
    match starts.partition_point(|&(s, _)| u64::from(s) <= at) {
        0 => 1,
        i => u64::from(starts[i - 1].1),
    }
}

/// The hash a folded word is known by.
pub(crate) fn word_hash(folded: &str) -> u32 {
    let h = xxh3_64(folded.as_bytes());
    (h ^ (h >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> DocTokens {
        Tokenizer::default().plain(text, &|i| i)
    }

    fn words(text: &str) -> Vec<&str> {
        plain(text)
            .tokens
            .iter()
            .map(|t| &text[t.start as usize..t.end() as usize])
            .collect()
    }

    /// The tokens of `text` by UAX #29 alone, as `plain` made them for
    /// any text holding a non-ASCII character before it cut at ASCII
    /// whitespace.
    fn plain_reference(text: &str) -> Vec<Token> {
        let mut t = Tokenizer::default();
        let (mut tokens, mut prev_end) = (Vec::<Token>::new(), 0);
        for (s, w) in text.unicode_word_indices() {
            if !fold(w, &mut t.folded, &mut t.nfkc) {
                continue;
            }
            let gap = &text[prev_end..s];
            let sentence = tokens.is_empty() || breaks_sentence(gap);
            let closed = match tokens.last_mut() {
                Some(last) if gap.chars().any(ends_sentence) => {
                    let k = closing_marks(gap);
                    last.flags |= marks(0, k as u64);
                    k
                }
                _ => 0,
            };
            let lead = if sentence {
                opening_marks(&gap[closed..])
            } else {
                0
            };
            prev_end = s + w.len();
            let span = (s as u64, prev_end as u64);
            let word = Word::Folded(&t.folded);
            Tokenizer::push(
                (&mut t.vocab, &mut t.tally),
                &mut tokens,
                word,
                span,
                sentence,
            );
            let unspaced = if unspaced(w) { UNSPACED } else { 0 };
            tokens.last_mut().unwrap().flags |= marks(lead as u64, 0) | unspaced;
        }
        if let Some(last) = tokens.last_mut() {
            last.flags |= marks(0, closing_marks(&text[prev_end..]) as u64);
        }
        t.tally.settle(&mut tokens);
        tokens
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Cutting at ASCII whitespace and the ASCII fast path give UAX
        /// #29's tokens, whatever surrounds the cuts: marks, format
        /// characters and joiners after a space, ideographic spaces,
        /// flags, quotes, numbers with separators.
        #[test]
        fn pieces_give_the_tokens_of_uax29(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "Bc", "don't", "3.5", "1,000", "U.S.", "x_y", " ", "  ", "\t", "\n", "\r\n",
                "\n\n", ".", ",", "'", "?", "!", "-", "\u{301}", "\u{200D}", "\u{AD}", "\u{200B}",
                "\u{3000}", "\u{A0}", "é", "Ü", "ß", "ﬁ", "ｃａｆé", "“", "”", "’", "—", "…", "東京",
                "。", "\u{1F1EB}\u{1F1F7}", "\u{1F469}\u{200D}\u{1F52C}", "Ωμέγα", "Жук", "٣",
                "\u{0915}\u{093F}", "\u{093F}", "\u{2029}", "\u{85}", "\u{2060}", ":", "·", "_",
                ";", "9", "x", "\u{B}", "\u{C}", "\"",
            ]),
            0..40,
        )) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(plain(&text).tokens, plain_reference(&text), "{:?}", text);
        }
    }

    #[test]
    fn words_folded_before_give_the_tokens_folding_gives() {
        // Unicode words (and pieces with no letters) recurring, among more
        // distinct words than the memo has slots.
        let mut text = String::new();
        for k in 0..3 * MEMO {
            text.push_str(
                [
                    "Ωμέγα ",
                    "ＣＡＦÉ— ",
                    "Жук… ",
                    "\u{2014}\u{2014} ",
                    "naïve ",
                ][k % 5],
            );
            text.push_str(&format!("é{k} "));
        }
        let mut t = Tokenizer::default();
        let first = t.plain(&text, &|i| i).tokens;
        let again = t.plain(&text, &|i| i).tokens;
        assert_eq!(first, plain_reference(&text));
        assert_eq!(again, first);
    }

    #[test]
    fn the_first_byte_past_ascii_is_found_anywhere() {
        let text = "plain words and more words, long enough for several chunks";
        assert_eq!(first_non_ascii(text.as_bytes()), None);
        for at in [0, 1, 15, 16, 17, 31, 32, 40, text.len()] {
            let mixed = format!("{}é{}", &text[..at], &text[at..]);
            assert_eq!(first_non_ascii(mixed.as_bytes()), Some(at), "{mixed}");
        }
    }

    #[test]
    fn characters_of_unspaced_scripts_weigh_half_a_word() {
        let weights =
            |text: &str| -> Vec<u32> { plain(text).tokens.iter().map(Token::weight).collect() };
        // Han, hiragana and Thai (a consonant with its vowel sign) one
        // character a token; a katakana run, Latin and Cyrillic words whole.
        assert_eq!(weights("港口は"), [1, 1, 1]);
        assert_eq!(weights("กัน"), [1, 1]);
        assert_eq!(weights("ニュース harbour гавань"), [2, 2, 2]);
    }

    #[test]
    fn words_keep_their_exact_spans() {
        assert_eq!(
            words("Don't stop — 3.5 apples, U.S. “quoted” 1,000."),
            ["Don't", "stop", "3.5", "apples", "U.S", "quoted", "1,000"]
        );
        assert_eq!(
            words("Don't stop - 3.5 apples, U.S. 1,000."),
            ["Don't", "stop", "3.5", "apples", "U.S", "1,000"]
        );
    }

    #[test]
    fn sentences_keep_their_quotes_and_closing_marks() {
        let text = "“Go home.” She left (quietly). “Why?” he asked, “now” — «Non.»\nEnd…";
        let t = plain(text);
        let marked: Vec<&str> = t
            .tokens
            .iter()
            .filter(|t| t.lead() + t.trail() > 0)
            .map(|t| {
                &text[(u64::from(t.start) - t.lead()) as usize..(t.end() + t.trail()) as usize]
            })
            .collect();
        // `now` and `Non` are quoted but mid-sentence (no lead), `asked`
        // is followed by a comma only (no trail).
        assert_eq!(
            marked,
            ["“Go", "home.”", "quietly).", "“Why?”", "Non.»", "End…"]
        );
        // A run of marks too long to take whole is not taken at all.
        let dots = format!("(Stop{}", ".".repeat(MARKS_MAX + 1));
        let t = plain(&dots);
        assert_eq!((t.tokens[0].lead(), t.tokens[0].trail()), (1, 0));
        // The same through an offset map: marks count in original bytes.
        let t = Tokenizer::default().plain("(Yes.)", &|i| 2 * i);
        let spans: Vec<(u64, u64)> = t
            .tokens
            .iter()
            .map(|t| (u64::from(t.start) - t.lead(), t.end() + t.trail()))
            .collect();
        assert_eq!(spans, [(0, 12)]);
    }

    #[test]
    fn folding_makes_case_and_width_equal() {
        let a = plain("Café CAFÉ ｃａｆé café");
        let w: Vec<u32> = a.tokens.iter().map(|t| t.word).collect();
        assert!(w.iter().all(|&x| x == w[0]), "{w:?}");
    }

    #[test]
    fn sentences_start_after_stops_and_blank_lines() {
        let t = plain("One two. Three four\nfive\n\nsix? seven");
        let s: Vec<bool> = t.tokens.iter().map(Token::starts_sentence).collect();
        assert_eq!(s, [true, false, true, false, false, true, true]);
    }

    #[test]
    fn lines_count_crlf_cr_and_lf_once_each() {
        let text = "a\r\nb\rc\nd";
        let DocTokens {
            lines: Lines::Starts(s),
            tokens,
        } = plain(text)
        else {
            panic!("plain text has line starts")
        };
        let lines: Vec<u64> = tokens.iter().map(|t| line_of(&s, t.start.into())).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    #[test]
    fn offsets_go_through_the_map() {
        // Every decoded byte is two original bytes, after a 2-byte mark.
        let t = Tokenizer::default().plain("ab cd", &|i| 2 + 2 * i);
        let spans: Vec<(u32, u64)> = t.tokens.iter().map(|t| (t.start, t.end())).collect();
        assert_eq!(spans, [(2, 6), (8, 12)]);
    }
}
