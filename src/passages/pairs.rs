//! Candidate document pairs: documents that share winnowed fingerprints of
//! their content words, never all pairs.
//!
//! Each document's content words (words on any stop list left out) give one hash per
//! `FP_WORDS` consecutive words; the hashes divisible by `SAMPLE` are its
//! fingerprints. Sampling by value keeps a gram in every document or in
//! none, so a shared passage with `n` distinct content grams goes
//! unnoticed with probability `2^-n` (lightly edited text keeps few
//! grams whole, which winnowing by position would often miss). An inverted index
//! (a sort of `fingerprint << DOC_BITS | document`) lists the documents of each
//! fingerprint in input order; every document is linked to the *earliest*
//! `LINK` documents holding the fingerprint only, so text repeated in N
//! documents (boilerplate) proposes about `LINK × N` pairs, not N². A
//! fingerprint twice in one document proposes that document with itself.
//! Pairs proposed by at least `MIN_SHARED` fingerprints are aligned.
//!
//! The same index, over every gram rather than the sampled ones, gives each
//! candidate pair the grams its documents share (those in at most
//! `MAX_DOCUMENTS` documents): a pair's anchors come from its shared grams,
//! not from a scan of either document. Those lists are kept in
//! `anchors.rs`, past their share of the budget in temporary files.
//!
//! A gram's value has `GRAM_BITS` (40) bits: with 32, two different grams
//! met by chance about once per 4·10^9 pairs of grams, so a document met a
//! large corpus (10^8 grams) through about 2 % of its grams by chance, and
//! those chance pairs were aligned (and, against a saved reference index,
//! read). With 40 bits that is 256 times rarer, and a value and its
//! document still fit one `u64` to sort (`DOC_BITS` for the document).

use std::io;

use super::anchors::{Lists, Shared};
use super::tokens::Token;
use crate::spill::{Sorter, Temp};

/// Content words per fingerprint.
const FP_WORDS: usize = 3;
/// Bits of a gram's value ([`fingerprints_at`]).
pub(crate) const GRAM_BITS: u32 = 40;
/// Bits of a document's number beside a gram's value in the index's
/// entries: at most 2^24 (16,777,216) documents have passages.
pub(crate) const DOC_BITS: u32 = 64 - GRAM_BITS;
/// The documents the pair search takes.
const MAX_DOCS: usize = 1 << DOC_BITS;
// `SAMPLE`, `LINK` and `MAX_DOCUMENTS` also decide which reference files a
// saved reference index reads (`src/refindex.rs`): keep it in step.
/// One gram in `SAMPLE` (by hash value) is a fingerprint.
pub(crate) const SAMPLE: u32 = 2;
/// A document is linked to at most this many earlier documents per
/// fingerprint.
pub(crate) const LINK: usize = 8;
/// A fingerprint found in more documents than this links none of them:
/// it is common wording (or low-variety text), not evidence of reuse, and
/// linking through it made the work grow with the corpus squared. Reuse
/// spread over more documents is still found through its rarer
/// fingerprints, and whole copied paragraphs by paragraph matching.
pub(crate) const MAX_DOCUMENTS: usize = 32;
/// Fingerprints a candidate pair must share.
const MIN_SHARED: u32 = 1;

/// The sampled fingerprints of a document's tokens with the token index
/// of each one's first word, in order of position: where a pair's shared
/// text can be (the anchors of `super::windows`). A value has
/// [`GRAM_BITS`] bits; its low 32 are the hash's top 32, so a gram is
/// sampled (`value % sample == 0`) by those as with 32-bit values, and
/// the 8 bits above them tell apart grams that would share those.
pub(super) fn fingerprints_at(tokens: &[Token], sample: u32, out: &mut Vec<(u64, u32)>) {
    out.clear();
    if tokens.iter().any(|t| t.weight() == 1) {
        return weighted_fingerprints_at(tokens, sample, out);
    }
    // The last `FP_WORDS` content words (words on any stop list left out) and the
    // token index of each, oldest first: each content word completes the
    // gram that starts `FP_WORDS - 1` content words before it.
    let mut last = [(0u32, 0u32); FP_WORDS];
    let mut seen = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.is_function() {
            continue;
        }
        last.copy_within(1.., 0);
        last[FP_WORDS - 1] = (t.word, i as u32);
        seen += 1;
        if seen < FP_WORDS {
            continue;
        }
        let g = gram(last.iter().map(|x| x.0));
        // Sampling by value, not by position: a gram kept in one document
        // is kept wherever it occurs.
        if g % u64::from(sample) == 0 {
            out.push((g, last[0].1));
        }
    }
}

/// [`fingerprints_at`] for a document holding characters of a script
/// written without spaces (half a word each): each content word completes
/// the gram of the content words before it that weigh `FP_WORDS` words
/// together, so six such characters make a gram. On spaced words alone it
/// gives what [`fingerprints_at`] gives (kept apart so that loop stays as
/// lean as it was).
fn weighted_fingerprints_at(tokens: &[Token], sample: u32, out: &mut Vec<(u64, u32)>) {
    // The last content words in a ring, each with its token index and
    // weight.
    const RING: usize = 8;
    const FULL: u32 = 2 * FP_WORDS as u32;
    let mut ring = [(0u32, 0u32, 0u32); RING];
    let mut held = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if t.is_function() {
            continue;
        }
        ring[held % RING] = (t.word, i as u32, t.weight());
        held += 1;
        // Walk back until the gram weighs enough (at most `2 * FP_WORDS`
        // content words, all half a word).
        let (mut k, mut sum) = (0, 0);
        while k < held.min(RING) && sum < FULL {
            sum += ring[(held - 1 - k) % RING].2;
            k += 1;
        }
        if sum < FULL {
            continue;
        }
        let g = gram((held - k..held).map(|j| ring[j % RING].0));
        if g % u64::from(sample) == 0 {
            out.push((g, ring[(held - k) % RING].1));
        }
    }
}

/// The value of the gram of `words` (content words' hashes).
fn gram(words: impl Iterator<Item = u32>) -> u64 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for x in words {
        h = (h ^ u64::from(x)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
    }
    ((h >> 24) & 0xFF) << 32 | (h >> 32)
}

/// Candidate pairs, and for each the grams its two documents share.
pub(super) struct Candidates {
    /// The pairs of documents `(a, b)`, `a <= b`, to align, sorted.
    pub(super) pairs: Vec<(u32, u32)>,
    /// For pair `k` (across documents), the content-word grams (every
    /// gram, not only the sampled fingerprints) that both its documents
    /// hold and that are in at most `MAX_DOCUMENTS` documents, sorted,
    /// each marked when no third document holds it (`anchors::entry`).
    /// Their positions in the later document are the pair's anchors,
    /// found without reading the rest of either document.
    shared: Shared,
}

impl Candidates {
    /// The grams pair `k` shares (empty for a document with itself), as
    /// entries (`anchors::gram`, `anchors::private`), read into `buf` if
    /// they spilled.
    #[inline]
    pub(super) fn shared<'c>(&'c self, k: usize, buf: &'c mut Vec<u64>) -> io::Result<&'c [u64]> {
        self.shared.get(k, buf)
    }

    /// A hash of [`Candidates::shared`]`(k)`: whether a pair shares the
    /// same grams as in an earlier run, each held by as few documents (a
    /// file added or removed elsewhere can change which anchors count).
    pub(super) fn shared_hash(&self, k: usize) -> io::Result<u64> {
        let mut buf = Vec::new();
        Ok(self
            .shared(k, &mut buf)?
            .iter()
            .fold(0x9E37_79B9_7F4A_7C15, |h, &g| {
                xxhash_rust::xxh3::xxh3_64_with_seed(&g.to_le_bytes(), h)
            }))
    }
}

/// A document's grams sorted by value, each with its token position, and
/// a directory of where each slot of values begins: where a gram is, in
/// one look at the directory and one at a few entries.
pub(super) struct ByGram {
    entries: Vec<(u64, u32)>,
    /// Where the entries of each slot begin, and after the last where they
    /// end: gram `g` is in slot `g * slots >> GRAM_BITS`, one slot per
    /// `PER_SLOT` entries. Grams are hash values spread evenly, so a slot
    /// holds about `PER_SLOT` of them; a search of the whole list by
    /// galloping from where `g` falls in proportion touched several cache
    /// lines of a long document, one after the other.
    starts: Vec<u32>,
}

/// Entries per slot of [`ByGram`]'s directory (a byte of directory per
/// entry of 16).
const PER_SLOT: usize = 4;

impl ByGram {
    /// The grams of `tokens` (all content-word grams, as
    /// [`fingerprints_at`] with a sample of 1 gives them).
    pub(super) fn new(tokens: &[Token]) -> ByGram {
        let mut out = Vec::new();
        fingerprints_at(tokens, 1, &mut out);
        if tokens.len() <= 1 << DOC_BITS {
            // A gram and a position below 2^24 fit one `u64` in the same
            // order: one integer compared instead of a pair.
            let packed = sort_spread(out.iter().map(|&(g, p)| g << DOC_BITS | u64::from(p)));
            let low = (1 << DOC_BITS) - 1;
            out.clear();
            out.extend(packed.iter().map(|&x| (x >> DOC_BITS, (x & low) as u32)));
        } else {
            out.sort_unstable();
        }
        ByGram::from_sorted(out)
    }

    /// The directory over `entries`, sorted already.
    pub(super) fn from_sorted(entries: Vec<(u64, u32)>) -> ByGram {
        let slots = entries.len().div_ceil(PER_SLOT).max(1);
        let mut starts = Vec::with_capacity(slots + 1);
        let mut e = 0;
        for slot in 0..slots {
            while e < entries.len() && Self::slot_of(entries[e].0, slots) < slot {
                e += 1;
            }
            starts.push(e as u32);
        }
        starts.push(entries.len() as u32);
        ByGram { entries, starts }
    }

    fn slot_of(g: u64, slots: usize) -> usize {
        ((u128::from(g) * slots as u128) >> GRAM_BITS) as usize
    }

    /// The slot gram `g` would be in.
    fn slot(&self, g: u64) -> usize {
        Self::slot_of(g, self.starts.len() - 1).min(self.starts.len() - 2)
    }

    /// Every gram with its position, by gram and then position.
    pub(super) fn entries(&self) -> &[(u64, u32)] {
        &self.entries
    }

    /// Bytes held.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(super) fn bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<(u64, u32)>() + self.starts.capacity() * 4
    }
}

/// `values` sorted, for values spread evenly over `0..2^64` (hashes in
/// their top bits): each goes to the bucket its top bits fall in, in
/// proportion (about one a bucket), and only the buckets are sorted, in
/// one pass instead of a sort's dozens of comparisons per value. Values
/// that are not spread evenly are still sorted, only slower.
fn sort_spread(values: impl ExactSizeIterator<Item = u64> + Clone) -> Vec<u64> {
    let n = values.len();
    let bucket = |x: u64| ((u128::from(x) * n as u128) >> 64) as usize;
    // Counts, then where each bucket begins, then (after placing) where
    // each ends. `u32`: `ByGram::new` sorts at most 2^24 values.
    let mut at = vec![0u32; n + 1];
    for x in values.clone() {
        at[bucket(x) + 1] += 1;
    }
    for b in 1..=n {
        at[b] += at[b - 1];
    }
    let mut out = vec![0u64; n];
    for x in values {
        let b = bucket(x);
        out[at[b] as usize] = x;
        at[b] += 1;
    }
    let mut start = 0;
    for &end in &at[..n] {
        let run = &mut out[start..end as usize];
        if run.len() > 1 {
            run.sort_unstable();
        }
        start = end as usize;
    }
    out
}

/// The positions in a document of `len` tokens (its [`ByGram`]) of
/// `grams` (ascending), sorted.
pub(super) fn positions(
    by_gram: &ByGram,
    grams: impl IntoIterator<Item = u64, IntoIter: Clone>,
    len: usize,
    out: &mut Vec<u32>,
) {
    let mut none = Vec::new();
    marked_positions(
        by_gram,
        grams.into_iter().map(|g| (g, false)),
        len,
        out,
        &mut none,
    );
}

/// [`positions`] of `grams` (ascending, each with a mark) in `out`, and
/// those of the marked ones alone in `marked`: one search per gram where
/// two calls of [`positions`] searched the marked grams twice.
pub(super) fn marked_positions(
    by_gram: &ByGram,
    grams: impl IntoIterator<Item = (u64, bool), IntoIter: Clone>,
    len: usize,
    out: &mut Vec<u32>,
    marked: &mut Vec<u32>,
) {
    out.clear();
    marked.clear();
    let grams = grams.into_iter();
    let entries = &by_gram.entries;
    // The later document of a pair is seldom in cache. Reading first
    // where each gram's slot begins, in loads that depend on nothing, and
    // then the first entry there, lets their cache misses overlap instead
    // of coming one after the other (2026-12-02, `docs/passages.md`).
    for (g, _) in grams.clone() {
        out.push(by_gram.starts[by_gram.slot(g)]);
    }
    let mut touched = 0;
    for &e in out.iter() {
        touched ^= entries.get(e as usize).map_or(0, |x| x.0);
    }
    std::hint::black_box(touched);
    out.clear();
    for (g, mark) in grams {
        let s = by_gram.slot(g);
        let slot = &entries[by_gram.starts[s] as usize..by_gram.starts[s + 1] as usize];
        let from = slot.partition_point(|x| x.0 < g);
        let at = slot[from..].iter().take_while(|x| x.0 == g).map(|x| x.1);
        if mark {
            let before = out.len();
            out.extend(at);
            marked.extend_from_slice(&out[before..]);
        } else {
            out.extend(at);
        }
    }
    sort_distinct(out, len);
    sort_distinct(marked, len);
}

/// Sorts `out`, distinct positions in a document of `len` tokens.
fn sort_distinct(out: &mut Vec<u32>, len: usize) {
    // Each position holds one gram, so they are distinct: a bit per token
    // puts many in order in one pass where a sort would compare them.
    if out.len() < len / 256 {
        out.sort_unstable();
        return;
    }
    let mut bits = vec![0u64; len.div_ceil(64)];
    for &p in out.iter() {
        bits[p as usize / 64] |= 1 << (p % 64);
    }
    out.clear();
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            out.push((w * 64) as u32 + word.trailing_zeros());
            word &= word - 1;
        }
    }
}

/// Puts document `d`'s grams with their positions in the vector.
pub(super) type GramsOf<'g> = dyn FnMut(usize, &mut Vec<(u64, u32)>) -> io::Result<()> + 'g;

/// The pairs of documents to align, and the common fingerprints. `budget`
/// bounds the memory of the two sorts (half each), of the anchor lists
/// (a quarter) and of the pairs' shared grams (half, once the sorts are
/// done) when `temp` is set (`anchors.rs`). Only pairs that
/// `relevant` accepts are proposed (against a reference, no pair of two
/// reference documents), and a document's `LINK` earlier documents per
/// fingerprint are the earliest relevant ones: pairs that are never
/// aligned neither cost a sort nor crowd out those that are. The grams in
/// `common` (sorted) count as held by more than `MAX_DOCUMENTS` documents
/// whatever the documents here: a check against a saved reference index
/// knows them common in the whole reference, whose holders it leaves
/// unread.
/// `docs` documents are read one after the other, in order, by `grams_of`
/// (every gram of document `d` with its position, as [`fingerprints_at`]
/// with a sample of 1 gives them), so their tokens need not all be in
/// memory at once.
pub(super) fn candidates(
    docs: usize,
    grams_of: &mut GramsOf<'_>,
    budget: usize,
    temp: Temp,
    relevant: &dyn Fn(u32, u32) -> bool,
    common: &[u64],
) -> io::Result<Candidates> {
    if docs > MAX_DOCS {
        return Err(io::Error::other(format!(
            "passages: {docs} documents, more than the {MAX_DOCS} the pair search takes (use --no-passages)"
        )));
    }
    // Every gram of every document (`fingerprint << DOC_BITS | document`):
    // the sampled ones propose pairs, all of them give the pairs' anchors.
    let mut index = Sorter::new("passage-index", budget / 2, false, temp.clone());
    let mut fps = Vec::new();
    for d in 0..docs {
        grams_of(d, &mut fps)?;
        index.extend(fps.iter().map(|&(f, _)| f << DOC_BITS | d as u64))?;
    }
    let mut index = index.into_sorted()?;
    let mut proposals = Sorter::new("passage-pairs", budget / 2, false, temp.clone());
    let mut run: Vec<u32> = Vec::new();
    // The grams in 2 to `MAX_DOCUMENTS` documents, and their documents.
    let mut lists = Lists::new(budget / 4, temp.clone());
    let mut fingerprint: Option<u64> = None;
    let mut distinct: Vec<u32> = Vec::new();
    loop {
        let next = index.next()?;
        if next.map(|e| e >> DOC_BITS) != fingerprint && !run.is_empty() {
            let f = fingerprint.unwrap_or(0);
            let sampled = f.is_multiple_of(u64::from(SAMPLE));
            // `run` holds the gram's documents in order, repeats included.
            distinct.clear();
            for w in 0..run.len() {
                let d = run[w];
                if w > 0 && run[w - 1] == d {
                    if sampled && (w < 2 || run[w - 2] != d) && relevant(d, d) {
                        let d = u64::from(d);
                        proposals.extend([d << 32 | d])?;
                    }
                    continue;
                }
                distinct.push(d);
            }
            // A gram in one document links nothing: `common` is searched
            // only for grams that could.
            let known_common = || common.binary_search(&f).is_ok();
            let linked = if distinct.len() > MAX_DOCUMENTS || (distinct.len() > 1 && known_common())
            {
                0
            } else {
                distinct.len()
            };
            if linked > 1 {
                lists.push(f, &distinct)?;
            }
            let linked = if sampled { linked } else { 0 };
            for (i, &later) in distinct[..linked].iter().enumerate().skip(1) {
                proposals.extend(
                    distinct[..i]
                        .iter()
                        .filter(|&&earlier| relevant(earlier, later))
                        .take(LINK)
                        .map(|&earlier| u64::from(earlier) << 32 | u64::from(later)),
                )?;
            }
            run.clear();
        }
        let Some(e) = next else { break };
        fingerprint = Some(e >> DOC_BITS);
        run.push((e & (MAX_DOCS as u64 - 1)) as u32);
    }
    // The index's memory goes before the pairs' is taken.
    drop(index);
    let pairs = pairs_of(proposals)?;
    let shared = Shared::new(&lists, &pairs, budget / 2, temp)?;
    Ok(Candidates { pairs, shared })
}

/// The proposed pairs, sorted and distinct, each proposed `MIN_SHARED`
/// times at least.
fn pairs_of(proposals: Sorter) -> io::Result<Vec<(u32, u32)>> {
    let mut proposals = proposals.into_sorted()?;
    let mut out = Vec::new();
    let (mut current, mut count) = (None, 0u32);
    loop {
        let next = proposals.next()?;
        if next != current {
            if let Some(p) = current {
                if count >= MIN_SHARED {
                    out.push(((p >> 32) as u32, p as u32));
                }
            }
            current = next;
            count = 0;
        }
        if next.is_none() {
            break;
        }
        count += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passages::anchors;
    use crate::passages::tokens::Tokenizer;

    /// The candidates of documents all in memory.
    fn candidates(
        docs: &[&[Token]],
        budget: usize,
        temp: Temp,
        relevant: &dyn Fn(u32, u32) -> bool,
        common: &[u64],
    ) -> io::Result<Candidates> {
        let mut grams_of = |d: usize, out: &mut Vec<(u64, u32)>| {
            fingerprints_at(docs[d], 1, out);
            Ok(())
        };
        super::candidates(docs.len(), &mut grams_of, budget, temp, relevant, common)
    }

    fn toks(t: &mut Tokenizer, text: &str) -> Vec<Token> {
        t.plain(text, &|i| i).tokens
    }

    const SHARED: &str = "the harbour commission approved seventeen new mooring licences for fishing boats after a long debate about winter storms";

    #[test]
    fn the_weighted_grams_of_spaced_words_are_the_plain_ones() {
        let mut t = Tokenizer::default();
        let text = format!("{SHARED}. It was the end of it, and then the of a to {SHARED}");
        let tokens = toks(&mut t, &text);
        for sample in [1, 2] {
            let (mut plain, mut weighted) = (Vec::new(), Vec::new());
            fingerprints_at(&tokens, sample, &mut plain);
            weighted_fingerprints_at(&tokens, sample, &mut weighted);
            assert!(!plain.is_empty());
            assert_eq!(plain, weighted);
        }
    }

    #[test]
    fn a_gram_of_unspaced_characters_holds_six_of_them() {
        let mut t = Tokenizer::default();
        // Han characters are tokens of half a word each; a katakana run is
        // one word (UAX #29 keeps it whole).
        let tokens = toks(&mut t, "港口扩建计划明年春天开工");
        assert!(tokens.iter().all(|t| t.weight() == 1));
        let mut got = Vec::new();
        fingerprints_at(&tokens, 1, &mut got);
        let words: Vec<u32> = tokens.iter().map(|t| t.word).collect();
        let expected: Vec<(u64, u32)> = (0..=words.len() - 6)
            .map(|i| (gram(words[i..i + 6].iter().copied()), i as u32))
            .collect();
        assert_eq!(got, expected);
        // Mixed: three spaced words, or a word and four characters.
        let tokens = toks(&mut t, "ニュース港口扩建");
        assert_eq!(tokens[0].weight(), 2);
        fingerprints_at(&tokens, 1, &mut got);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, 0);
    }

    #[test]
    fn fingerprints_are_the_grams_of_consecutive_content_words() {
        let mut t = Tokenizer::default();
        let text = format!("{SHARED}. It was the end of it, and then the of a to {SHARED}");
        let tokens = toks(&mut t, &text);
        let content: Vec<(u32, u32)> = (0..tokens.len() as u32)
            .filter(|&i| !tokens[i as usize].is_function())
            .map(|i| (tokens[i as usize].word, i))
            .collect();
        for sample in [1, 2, 3] {
            let expected: Vec<(u64, u32)> = content
                .windows(FP_WORDS)
                .map(|w| (gram(w.iter().map(|x| x.0)), w[0].1))
                .filter(|g| g.0 % u64::from(sample) == 0)
                .collect();
            let mut got = Vec::new();
            fingerprints_at(&tokens, sample, &mut got);
            assert_eq!(got, expected);
            assert!(!got.is_empty());
        }
        let mut got = vec![(1, 1)];
        fingerprints_at(&tokens[..2], 1, &mut got);
        assert!(got.is_empty());
    }

    #[test]
    fn spread_values_come_out_sorted_as_by_a_sort() {
        let spread: Vec<u64> = (0..5000u64)
            .map(|k| k.wrapping_mul(0x2545_F491_4F6C_DD1D))
            .collect();
        // Crowded into few buckets, repeated, at the ends of the range.
        let crowded: Vec<u64> = (0..3000u64)
            .map(|k| [0, 7, u64::MAX, u64::MAX - 1, 1 << 40][k as usize % 5].wrapping_add(k % 3))
            .collect();
        for values in [spread, crowded, vec![], vec![9], vec![u64::MAX, 0]] {
            let mut sorted = values.clone();
            sorted.sort_unstable();
            assert_eq!(sort_spread(values.iter().copied()), sorted);
        }
    }

    #[test]
    fn documents_sharing_a_passage_are_paired_and_others_not() {
        let mut t = Tokenizer::default();
        let a = toks(
            &mut t,
            &format!("Opening words here. {SHARED}. Closing remark."),
        );
        let b = toks(
            &mut t,
            "Completely different text about gardens, roses, tulips and soil quality in spring.",
        );
        let c = toks(&mut t, &format!("Another start entirely. {SHARED}."));
        let docs = [&a[..], &b[..], &c[..]];
        assert_eq!(
            candidates(&docs, usize::MAX, None, &|_, _| true, &[])
                .unwrap()
                .pairs,
            [(0, 2)]
        );
    }

    #[test]
    fn repeats_inside_a_document_pair_it_with_itself() {
        let mut t = Tokenizer::default();
        let a = toks(&mut t, &format!("{SHARED}. Something between. {SHARED}."));
        assert_eq!(
            candidates(&[&a[..]], usize::MAX, None, &|_, _| true, &[])
                .unwrap()
                .pairs,
            [(0, 0)]
        );
    }

    #[test]
    fn boilerplate_in_many_documents_links_each_to_the_earliest_few() {
        let mut t = Tokenizer::default();
        let docs: Vec<Vec<Token>> = (0..30)
            .map(|i| toks(&mut t, &format!("Document number {i}. {SHARED}.")))
            .collect();
        let refs: Vec<&[Token]> = docs.iter().map(|d| &d[..]).collect();
        let pairs = candidates(&refs, usize::MAX, None, &|_, _| true, &[])
            .unwrap()
            .pairs;
        assert!(pairs.len() <= LINK * 30, "{}", pairs.len());
        assert!(pairs.iter().all(|&(a, _)| (a as usize) < LINK));
        // Every document is linked to the first.
        assert_eq!(pairs.iter().filter(|p| p.0 == 0).count(), 29);
    }

    /// Two documents holding `SHARED`, a third of text `third`, and the
    /// pair search's candidates.
    fn two_sharing_and(third: &str) -> ([Vec<Token>; 3], Candidates) {
        let mut t = Tokenizer::default();
        let a = toks(&mut t, &format!("Opening words here. {SHARED}."));
        let b = toks(&mut t, &format!("{SHARED}. Unrelated closing words."));
        let c = toks(&mut t, third);
        let found = candidates(
            &[&a[..], &b[..], &c[..]],
            usize::MAX,
            None,
            &|_, _| true,
            &[],
        )
        .unwrap();
        ([a, b, c], found)
    }

    #[test]
    fn each_pair_knows_the_grams_it_shares_and_where_they_are() {
        let ([a, b, _], found) =
            two_sharing_and("Completely different text about gardens and soil.");
        assert_eq!(found.pairs, [(0, 1)]);
        // Exactly the grams both hold, sorted and distinct.
        let grams = |x: &[Token]| {
            let mut v: Vec<u64> = ByGram::new(x).entries().iter().map(|g| g.0).collect();
            v.dedup();
            v
        };
        let (ga, gb) = (grams(&a), grams(&b));
        let both: Vec<u64> = ga.iter().copied().filter(|g| gb.contains(g)).collect();
        assert!(!both.is_empty());
        let mut buf = Vec::new();
        let shared = found.shared(0, &mut buf).unwrap();
        let got: Vec<u64> = shared.iter().map(|&e| anchors::gram(e)).collect();
        assert_eq!(got, both);
        // No third document holds them.
        assert!(shared.iter().all(|&e| anchors::private(e)));
        // Their positions in `b` are the shared text's content words.
        let mut at = Vec::new();
        positions(
            &ByGram::new(&b),
            shared.iter().map(|&e| anchors::gram(e)),
            b.len(),
            &mut at,
        );
        let shared_words = SHARED.split(' ').count() as u32;
        assert!(at.iter().all(|&p| p < shared_words), "{at:?}");
        assert_eq!(at.len(), both.len());
    }

    #[test]
    fn a_shared_gram_a_third_document_holds_is_not_private_to_the_pair() {
        // The third holds the first words of the shared text only.
        let ([_, _, c], found) =
            two_sharing_and("The harbour commission approved seventeen gardens.");
        let k = found.pairs.binary_search(&(0, 1)).unwrap();
        let mut buf = Vec::new();
        let shared = found.shared(k, &mut buf).unwrap();
        let in_c: Vec<u64> = ByGram::new(&c).entries().iter().map(|g| g.0).collect();
        let (held, private): (Vec<u64>, Vec<u64>) = shared
            .iter()
            .partition(|&&e| in_c.contains(&anchors::gram(e)));
        assert!(!held.is_empty() && !private.is_empty());
        assert!(held.iter().all(|&e| !anchors::private(e)));
        assert!(private.iter().all(|&e| anchors::private(e)));
    }

    #[test]
    fn a_gram_in_too_many_documents_anchors_no_pair() {
        // The shared text is in every document, more than MAX_DOCUMENTS:
        // it is common wording, and proposes and anchors nothing.
        let mut t = Tokenizer::default();
        let docs: Vec<Vec<Token>> = (0..=MAX_DOCUMENTS)
            .map(|i| toks(&mut t, &format!("Item {i}. {SHARED}.")))
            .collect();
        let refs: Vec<&[Token]> = docs.iter().map(|d| &d[..]).collect();
        let found = candidates(&refs, usize::MAX, None, &|_, _| true, &[]).unwrap();
        assert!(found.pairs.is_empty(), "{:?}", found.pairs);
        assert!(found.shared.is_empty());
    }

    #[test]
    fn grams_equal_in_their_low_32_bits_only_pair_no_documents() {
        // Two different word triples whose values agree in the 32 bits a
        // value used to have (a chance meeting, about once per 4·10^9
        // pairs of grams), both sampled: with 40 bits they stay apart.
        let mut seen = std::collections::HashMap::new();
        let (x, y) = (0u32..)
            .find_map(|i| {
                let g = gram([i, i ^ 0x5555, 7].into_iter());
                if g % u64::from(SAMPLE) != 0 {
                    return None;
                }
                match seen.insert(g as u32, (i, g)) {
                    Some((j, h)) if h != g => Some((j, i)),
                    _ => None,
                }
            })
            .unwrap();
        let doc = |i: u32| -> Vec<Token> {
            [i, i ^ 0x5555, 7]
                .iter()
                .enumerate()
                .map(|(k, &word)| Token {
                    start: 10 * k as u32,
                    word,
                    len: 5,
                    flags: 0,
                })
                .collect()
        };
        let (a, b) = (doc(x), doc(y));
        let found = candidates(&[&a[..], &b[..]], usize::MAX, None, &|_, _| true, &[]).unwrap();
        assert!(found.pairs.is_empty(), "{:?}", found.pairs);
        // The same triple in both does pair them.
        let found = candidates(&[&a[..], &a[..]], usize::MAX, None, &|_, _| true, &[]).unwrap();
        assert_eq!(found.pairs, [(0, 1)]);
    }

    #[test]
    fn grams_known_common_link_and_anchor_nothing() {
        // Two documents sharing a passage, its grams all said to be common
        // (in many documents not read): no pair, no anchor.
        let mut t = Tokenizer::default();
        let a = toks(&mut t, &format!("Opening words here. {SHARED}."));
        let b = toks(&mut t, &format!("{SHARED}. Unrelated closing words."));
        let docs = [&a[..], &b[..]];
        let all = |_: u32, _: u32| true;
        assert_eq!(
            candidates(&docs, usize::MAX, None, &all, &[])
                .unwrap()
                .pairs,
            [(0, 1)]
        );
        let mut common: Vec<u64> = ByGram::new(&b).entries().iter().map(|g| g.0).collect();
        common.sort_unstable();
        common.dedup();
        let found = candidates(&docs, usize::MAX, None, &all, &common).unwrap();
        assert!(found.pairs.is_empty() && found.shared.is_empty());
    }

    #[test]
    fn only_relevant_pairs_are_proposed() {
        // Ten reference documents (0..10) and two new ones (10, 11) share
        // a passage; against the references only (no `--within`), each new
        // one is linked to the earliest `LINK` references, and no two
        // references nor the two new documents are paired.
        let mut t = Tokenizer::default();
        let docs: Vec<Vec<Token>> = (0..12)
            .map(|i| toks(&mut t, &format!("Document number {i}. {SHARED}.")))
            .collect();
        let refs: Vec<&[Token]> = docs.iter().map(|d| &d[..]).collect();
        let against = |x: u32, y: u32| (x < 10) != (y < 10);
        let pairs = candidates(&refs, usize::MAX, None, &against, &[])
            .unwrap()
            .pairs;
        let expected: Vec<(u32, u32)> = (0..LINK as u32)
            .flat_map(|r| [(r, 10), (r, 11)])
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn positions_are_those_of_a_plain_search_in_any_layout() {
        // Grams spread evenly, bunched at one end, and repeated, searched
        // for present and absent values, few (sorted) and many (bits).
        let mut x: u64 = 7;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            x >> 24
        };
        for (n, spread) in [(0, 40), (1, 40), (3000, 40), (3000, 12), (3000, 2)] {
            let mut by: Vec<(u64, u32)> = (0..n as u32)
                .map(|p| (next() & ((1 << spread) - 1), p))
                .collect();
            by.sort_unstable();
            let directory = ByGram::from_sorted(by.clone());
            for take in [1, 7, 400, 3000] {
                let mut grams: Vec<u64> = by.iter().step_by(take).map(|g| g.0).collect();
                grams.extend((0..20).map(|_| next() & ((1 << spread) - 1)));
                grams.sort_unstable();
                grams.dedup();
                let mut expected: Vec<u32> = by
                    .iter()
                    .filter(|g| grams.binary_search(&g.0).is_ok())
                    .map(|g| g.1)
                    .collect();
                expected.sort_unstable();
                let mut at = Vec::new();
                positions(&directory, grams.iter().copied(), n, &mut at);
                assert_eq!(at, expected, "{n} grams over {spread} bits, every {take}th");
                // Marking every third gram gives the same positions, and
                // apart those of the marked grams alone.
                let mark = |i: usize| i % 3 == 1;
                let marked_grams: Vec<u64> = (0..grams.len())
                    .filter(|&i| mark(i))
                    .map(|i| grams[i])
                    .collect();
                let mut expected_marked: Vec<u32> = by
                    .iter()
                    .filter(|g| marked_grams.binary_search(&g.0).is_ok())
                    .map(|g| g.1)
                    .collect();
                expected_marked.sort_unstable();
                let (mut all, mut marked) = (Vec::new(), Vec::new());
                let pairs = grams.iter().enumerate().map(|(i, &g)| (g, mark(i)));
                marked_positions(&directory, pairs, n, &mut all, &mut marked);
                assert_eq!(all, expected);
                assert_eq!(marked, expected_marked);
            }
        }
    }
}
