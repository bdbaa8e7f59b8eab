//! Word-level differences between two paragraphs, so a person sees at once
//! what was changed.
//!
//! The work is bounded whatever the input, and the result depends only on
//! the input (no clock): the common leading and trailing words are set
//! aside first, so near-identical texts of any length leave a tiny middle.
//! A middle of at most [`WORD_LEVEL_TOKENS`] tokens is diffed word by word
//! (`similar`'s patience diff). A longer one is diffed a level up, in
//! chunks of a sentence or so, and each changed run of chunks is then
//! diffed word by word while a work budget lasts; whatever is left over
//! is shown whole, as one deletion and one insertion, and the result says
//! so ([`WordDiff::coarse`]).

use serde::{Deserialize, Serialize};
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// What happened to a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of text with one [`Op`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// What happened to it.
    pub op: Op,
    /// The text, including the whitespace around words.
    pub text: String,
}

/// The differences between two texts, with how finely they were found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordDiff {
    /// The runs of text, in order. Concatenating the `equal` and `delete`
    /// spans gives the old text; `equal` and `insert` give the new one.
    pub spans: Vec<Span>,
    /// True when some changed stretch was too long to diff word by word
    /// and is shown whole (a deletion of the old stretch and an insertion
    /// of the new one) rather than word by word.
    pub coarse: bool,
    /// The work spent, in the unit of [`WORK_BUDGET`]: the sum over every
    /// sequence diff run of (number of items compared)². Deterministic; the
    /// bound tests assert on it rather than on time.
    pub work: u64,
}

/// A middle (what is left after the common leading and trailing words)
/// of at most this many tokens — words, the whitespace between them and
/// single punctuation marks, both texts together — is diffed word by word
/// in one go.
pub const WORD_LEVEL_TOKENS: usize = 10_000;

/// The most work ([`WordDiff::work`]) one diff spends beyond linear scans
/// of the texts: `WORD_LEVEL_TOKENS²`.
pub const WORK_BUDGET: u64 = (WORD_LEVEL_TOKENS as u64) * (WORD_LEVEL_TOKENS as u64);

/// The word-level differences from `old` to `new`. Concatenating the
/// `equal` and `delete` spans gives `old`; `equal` and `insert` give `new`.
/// Same as [`diff`] without saying whether the result is coarse.
pub fn word_diff(old: &str, new: &str) -> Vec<Span> {
    diff(old, new).spans
}

/// The differences from `old` to `new`, word by word where the work budget
/// allows (see the module documentation).
pub fn diff(old: &str, new: &str) -> WordDiff {
    // Common leading and trailing text, found byte by byte and cut back to
    // a word boundary: linear, and all that is needed for near-identical
    // texts.
    let head = common_head(old, new);
    let tail = common_tail(&old[head..], &new[head..]);
    let (am, bm) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut out = Builder::default();
    out.text(Op::Equal, &old[..head]);
    let (a, b) = (tokens(am), tokens(bm));
    if a.len() + b.len() <= WORD_LEVEL_TOKENS {
        out.words(&a, &b);
    } else {
        out.chunks(&a, &b);
    }
    out.text(Op::Equal, &old[old.len() - tail..]);
    WordDiff {
        spans: out.spans,
        coarse: out.coarse,
        work: out.work,
    }
}

/// What a character is to the diff: tokens are runs of whitespace, runs
/// of letters, digits and marks, and single other characters, so a word
/// and the punctuation beside it (`“The`, `ramp.”`) differ apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Word,
    Mark,
}

fn class(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
        Class::Word
    } else {
        Class::Mark
    }
}

/// Whether a token ends between `x` and `y`.
fn splits(x: char, y: char) -> bool {
    let (cx, cy) = (class(x), class(y));
    cx != cy || cx == Class::Mark
}

/// Whether `s` has a token boundary at byte `i` (a character boundary
/// between two tokens, or either end).
fn boundary(s: &str, i: usize) -> bool {
    if i == 0 || i == s.len() {
        return true;
    }
    let (before, after) = s.split_at(i);
    match (before.chars().next_back(), after.chars().next()) {
        (Some(x), Some(y)) => splits(x, y),
        _ => true,
    }
}

/// Length of the longest common prefix of `a` and `b` that ends on a token
/// boundary of both.
fn common_head(a: &str, b: &str) -> usize {
    let mut i = a
        .as_bytes()
        .iter()
        .zip(b.as_bytes())
        .take_while(|(x, y)| x == y)
        .count();
    while !(a.is_char_boundary(i) && b.is_char_boundary(i)) {
        i -= 1;
    }
    if boundary(a, i) && boundary(b, i) {
        return i;
    }
    // Inside the common part the two texts have the same boundaries: the
    // start of the token that holds `i` (a run of one class: a single mark
    // is a token of its own, so `i` is never inside one).
    let cls = a[..i].chars().next_back().map(class);
    a[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| Some(class(c)) != cls)
        .map_or(0, |(j, c)| j + c.len_utf8())
}

/// Length of the longest common suffix of `a` and `b` that starts on a
/// token boundary of both.
fn common_tail(a: &str, b: &str) -> usize {
    let mut n = a
        .as_bytes()
        .iter()
        .rev()
        .zip(b.as_bytes().iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !(a.is_char_boundary(a.len() - n) && b.is_char_boundary(b.len() - n)) {
        n -= 1;
    }
    let (ia, ib) = (a.len() - n, b.len() - n);
    if boundary(a, ia) && boundary(b, ib) {
        return n;
    }
    let tail = &a[ia..];
    let cls = tail.chars().next().map(class);
    tail.char_indices()
        .find(|&(_, c)| Some(class(c)) != cls)
        .map_or(0, |(j, _)| tail.len() - j)
}

/// Splits text into tokens ([`Class`]), which together give the text back.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev = None;
    for (i, c) in s.char_indices() {
        if prev.is_some_and(|p| splits(p, c)) {
            out.push(&s[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The chunks one level above words: up to the end of a sentence or line,
/// or up to a word chosen by its hash (about one in 16), so that chunks
/// fall at the same places in both texts after an edit even in text
/// without punctuation; never more than 64 tokens.
fn chunks<'a>(toks: &'a [&'a str]) -> Vec<&'a [&'a str]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut after_end = false;
    for (i, t) in toks.iter().enumerate() {
        let ws = t.starts_with(char::is_whitespace);
        // Text with no spaces (CJK, long symbols) is cut at 64 tokens too.
        if (ws && (after_end || t.contains('\n'))) || i + 1 - start >= 64 {
            out.push(&toks[start..=i]);
            start = i + 1;
        }
        after_end =
            !ws && (t.ends_with(['.', '!', '?', '…', ';']) || fnv(t.as_bytes()).is_multiple_of(16));
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn cost(n: usize, m: usize) -> u64 {
    let s = (n + m) as u64;
    s * s
}

#[derive(Default)]
struct Builder {
    spans: Vec<Span>,
    coarse: bool,
    work: u64,
}

impl Builder {
    fn push(&mut self, op: Op, toks: &[&str]) {
        if toks.is_empty() {
            return;
        }
        let text = self.open(op);
        toks.iter().for_each(|t| text.push_str(t));
    }

    fn text(&mut self, op: Op, s: &str) {
        if !s.is_empty() {
            self.open(op).push_str(s);
        }
    }

    /// The text of the last span, which is made an `op` span.
    fn open(&mut self, op: Op) -> &mut String {
        if self.spans.last().is_none_or(|last| last.op != op) {
            self.spans.push(Span {
                op,
                text: String::new(),
            });
        }
        let last = self.spans.len() - 1;
        &mut self.spans[last].text
    }

    /// A changed stretch shown whole.
    fn whole(&mut self, a: &[&str], b: &[&str]) {
        self.push(Op::Delete, a);
        self.push(Op::Insert, b);
    }

    /// Diffs two token runs word by word (the caller checked the budget).
    fn words(&mut self, a: &[&str], b: &[&str]) {
        if a.is_empty() || b.is_empty() {
            return self.whole(a, b);
        }
        self.work += cost(a.len(), b.len());
        for op in patience(a, b) {
            match op {
                DiffOp::Equal { old_index, len, .. } => {
                    self.push(Op::Equal, &a[old_index..old_index + len])
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => self.push(Op::Delete, &a[old_index..old_index + old_len]),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => self.push(Op::Insert, &b[new_index..new_index + new_len]),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => self.whole(
                    &a[old_index..old_index + old_len],
                    &b[new_index..new_index + new_len],
                ),
            }
        }
    }

    /// Diffs two long token runs chunk by chunk: chunks found once in
    /// each text anchor the two (in the longest run in the same order, as
    /// in a patience diff), and the stretches between anchors are diffed
    /// while the budget lasts.
    fn chunks(&mut self, a: &[&str], b: &[&str]) {
        let (ca, cb) = (chunks(a), chunks(b));
        let (sa, sb) = (starts(&ca), starts(&cb));
        let (mut i, mut j) = (0, 0);
        for (ai, bj) in unique_anchors(&ca, &cb)
            .into_iter()
            .chain([(ca.len(), cb.len())])
        {
            self.gap(&ca[i..ai], &cb[j..bj], &a[sa[i]..sa[ai]], &b[sb[j]..sb[bj]]);
            if ai < ca.len() {
                self.push(Op::Equal, ca[ai]);
            }
            (i, j) = (ai + 1, bj + 1);
        }
    }

    /// Diffs the stretch between two anchors, given as chunks and as the
    /// same tokens: word by word if small enough, else chunk by chunk and
    /// then each changed run of chunks word by word, while the budget
    /// lasts; what is left is shown whole.
    fn gap(&mut self, ca: &[&[&str]], cb: &[&[&str]], a: &[&str], b: &[&str]) {
        if a.is_empty() || b.is_empty() {
            return self.whole(a, b);
        }
        if self.affords(a.len(), b.len()) && a.len() + b.len() <= WORD_LEVEL_TOKENS {
            return self.words(a, b);
        }
        if !self.affords(ca.len(), cb.len()) {
            self.coarse = true;
            return self.whole(a, b);
        }
        self.work += cost(ca.len(), cb.len());
        let (sa, sb) = (starts(ca), starts(cb));
        for op in patience(ca, cb) {
            let (old, new) = (op.old_range(), op.new_range());
            let (ra, rb) = (
                &a[sa[old.start]..sa[old.end]],
                &b[sb[new.start]..sb[new.end]],
            );
            match op {
                DiffOp::Equal { .. } => self.push(Op::Equal, ra),
                _ if ra.is_empty() || rb.is_empty() => self.whole(ra, rb),
                _ if self.affords(ra.len(), rb.len())
                    && ra.len() + rb.len() <= WORD_LEVEL_TOKENS =>
                {
                    self.words(ra, rb)
                }
                _ => {
                    self.coarse = true;
                    self.whole(ra, rb);
                }
            }
        }
    }

    /// Whether diffing `n` items against `m` fits in what is left of the
    /// budget.
    fn affords(&self, n: usize, m: usize) -> bool {
        self.work + cost(n, m) <= WORK_BUDGET
    }
}

/// `similar`'s patience diff of `a` and `b`, run on numbers standing for
/// their items: equal items get equal numbers, and the diff looks at
/// nothing but equality, so the ops are the same as on the items. One
/// instance of the diff serves words and chunks alike, where two cost
/// about 12 KB of the .wasm.
fn patience<T: std::hash::Hash + Eq>(a: &[T], b: &[T]) -> Vec<DiffOp> {
    use std::collections::HashMap;
    let mut numbers: HashMap<&T, u32> = HashMap::new();
    let mut number = |item| {
        let next = numbers.len() as u32;
        *numbers.entry(item).or_insert(next)
    };
    let a: Vec<u32> = a.iter().map(&mut number).collect();
    let b: Vec<u32> = b.iter().map(&mut number).collect();
    capture_diff_slices(Algorithm::Patience, &a, &b)
}

/// The token index where each chunk starts, and the total at the end.
fn starts(chunks: &[&[&str]]) -> Vec<usize> {
    let mut out = Vec::with_capacity(chunks.len() + 1);
    let mut n = 0;
    out.push(0);
    for c in chunks {
        n += c.len();
        out.push(n);
    }
    out
}

/// Pairs `(i, j)` of chunks that occur exactly once in `a` and once in
/// `b`, equal, and in the longest sequence increasing in both (patience
/// sorting, O(n log n)).
fn unique_anchors(a: &[&[&str]], b: &[&[&str]]) -> Vec<(usize, usize)> {
    use std::collections::HashMap;
    // Per chunk: occurrences in a, in b, and its position in b.
    let mut seen: HashMap<&[&str], (u32, u32, usize)> = HashMap::new();
    for c in a {
        seen.entry(c).or_default().0 += 1;
    }
    for (j, c) in b.iter().enumerate() {
        if let Some(e) = seen.get_mut(c) {
            e.1 += 1;
            e.2 = j;
        }
    }
    let pairs: Vec<(usize, usize)> = a
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match seen[c] {
            (1, 1, j) => Some((i, j)),
            _ => None,
        })
        .collect();
    // Longest increasing subsequence of the b positions.
    let mut piles: Vec<usize> = Vec::new(); // index into pairs of each pile's top
    let mut back: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let p = piles.partition_point(|&t| pairs[t].1 < j);
        back[k] = p.checked_sub(1).map(|q| piles[q]);
        if p == piles.len() {
            piles.push(k);
        } else {
            piles[p] = k;
        }
    }
    let mut out = Vec::with_capacity(piles.len());
    let mut k = piles.last().copied();
    while let Some(x) = k {
        out.push(pairs[x]);
        k = back[x];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(d: &[Span], skip: Op) -> String {
        d.iter()
            .filter(|s| s.op != skip)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn reconstructs_both_sides() {
        let old = "The IDF said it struck at least 1,600 targets.";
        let new = "The Israel Defense Forces said it struck at least 1,600 targets.";
        let d = word_diff(old, new);
        assert_eq!(side(&d, Op::Insert), old);
        assert_eq!(side(&d, Op::Delete), new);
        assert!(d
            .iter()
            .any(|s| s.op == Op::Delete && s.text.contains("IDF")));
        assert!(d
            .iter()
            .any(|s| s.op == Op::Insert && s.text.contains("Defense")));
    }

    #[test]
    fn tokens_give_the_text_back() {
        for s in ["", " ", "a", " a  b\n\tc ", "héllo wörld\u{a0}x"] {
            assert_eq!(tokens(s).concat(), s);
            let t = tokens(s);
            assert_eq!(chunks(&t).concat(), t);
        }
        assert_eq!(tokens(" ab  c"), [" ", "ab", "  ", "c"]);
        assert_eq!(
            tokens("“Don't,” né.."),
            ["“", "Don", "'", "t", ",", "”", " ", "né", ".", "."]
        );
    }

    #[test]
    fn punctuation_beside_a_word_differs_apart_from_it() {
        let d = word_diff("closed the ramp. Then", "closed “the ramp.” Then");
        let inserted: Vec<&str> = d
            .iter()
            .filter(|s| s.op == Op::Insert)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(inserted, ["“", "”"]);
        assert!(d.iter().all(|s| s.op != Op::Delete), "{d:?}");
        let d = word_diff("salt, pepper", "salt; pepper");
        assert_eq!(side(&d, Op::Insert), "salt, pepper");
        assert_eq!(
            d.iter()
                .filter(|s| s.op != Op::Equal)
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>(),
            [",", ";"]
        );
    }

    #[test]
    fn empty_and_identical_texts() {
        assert!(word_diff("", "").is_empty());
        let d = diff("same text", "same text");
        assert_eq!(d.spans.len(), 1);
        assert_eq!((d.coarse, d.work), (false, 0));
        assert_eq!(word_diff("", "new words")[0].op, Op::Insert);
        assert_eq!(word_diff("old words", "")[0].op, Op::Delete);
    }

    #[test]
    fn changes_far_apart_in_a_long_text_are_found_chunk_by_chunk() {
        // Sentences numbered so that each is unique; 1,000 of them make a
        // middle far above the word-level limit.
        let old: String = (0..1000)
            .map(|i| format!("Sentence number {i} says little. "))
            .collect();
        let new = old
            .replace("number 10 says", "number 10 said")
            .replace("number 900 says", "number 900 said");
        let d = diff(&old, &new);
        assert_eq!(side(&d.spans, Op::Insert), old);
        assert_eq!(side(&d.spans, Op::Delete), new);
        assert!(!d.coarse);
        let deleted: Vec<&str> = d
            .spans
            .iter()
            .filter(|s| s.op == Op::Delete)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(deleted, ["says", "says"]);
    }

    proptest::proptest! {
        #[test]
        fn both_sides_come_back(
            old in "[ab \u{a0}\u{e9}\u{3000}\n.,“\u{301}]{0,30}",
            new in "[ab \u{a0}\u{e9}\u{3000}\n.,“\u{301}]{0,30}",
        ) {
            let d = diff(&old, &new);
            proptest::prop_assert_eq!(side(&d.spans, Op::Insert), old);
            proptest::prop_assert_eq!(side(&d.spans, Op::Delete), new);
            proptest::prop_assert!(!d.coarse);
            // Neighbouring spans differ in kind.
            proptest::prop_assert!(d.spans.windows(2).all(|w| w[0].op != w[1].op));
        }

        #[test]
        fn numbering_the_items_leaves_the_diff_as_it_is(
            a in proptest::collection::vec("[a-d]{1,2}", 0..40),
            b in proptest::collection::vec("[a-d]{1,2}", 0..40),
        ) {
            let direct = similar::capture_diff_slices(similar::Algorithm::Patience, &a, &b);
            proptest::prop_assert_eq!(super::patience(&a, &b), direct);
        }
    }
}
