//! Passages: text reused inside and across paragraphs, found over whole
//! documents with exact byte spans on both sides (`docs/passages.md`).
//!
//! While documents are added, each becomes a compact stream of word
//! tokens (`tokens`; stems and stop words per distinct word in `vocab`).
//! At the end, documents sharing winnowed fingerprints become candidate
//! pairs (`pairs`, never all pairs; the grams each pair shares in
//! `anchors`), and each pair is aligned: shared runs of words chained
//! across small gaps (`extend`), then sentences similar in their stems
//! (`sentences`). Passages are mapped back to byte spans and lines.

mod anchors;
mod extend;
mod pairs;
mod rethreshold;
mod sentences;
mod stops;
mod store;
mod summary;
mod tokens;
mod vocab;

use std::io;
use std::sync::{Arc, Mutex, PoisonError};

use self::rethreshold::Pieces;
use self::store::{Doc, Store};
use self::tokens::{line_of, DocTokens, Lines, Token, Tokenizer};
use crate::options::Options;
use crate::report::{round4, DocumentReport, Passage, PassageKind, PassageSide};
use crate::spill::Temp;

/// Words bridged between two runs of equal words (on each side).
const GAP: u32 = 6;
/// Tokens on each side of a shared fingerprint (an anchor) that a pair's
/// alignment looks at in the later document, when another anchor lies
/// within `NEAR` tokens: the work of a pair grows with the text the two
/// share, not with their lengths. Chosen on PAN's tune half
/// (`docs/passages.md`, "Cost").
const WINDOW: u32 = 200;
/// The same for a lone anchor.
const LONE_WINDOW: u32 = 100;
/// Anchors this close (in tokens) are not lone.
const NEAR: u32 = 30;
/// A pair sharing at least one gram per `DENSE` tokens of its shorter
/// document keeps every lone anchor, whoever else holds its gram: short
/// texts sharing that much are related, as Clough–Stevenson's answers
/// are with the original that many of them reuse (without this, its AUC
/// fell from 0.9631 to 0.9538). Long documents sharing a few common
/// phrases by chance stay below it (`docs/passages.md`, "Cost").
const DENSE: usize = 200;

/// The token ranges (sorted, disjoint) of a document of `len` tokens
/// around its anchors `at` (sorted): `WINDOW` tokens on each side of an
/// anchor with another within `NEAR`, `LONE_WINDOW` of a lone one. Given
/// `private` (the anchors, sorted, whose gram no third document holds),
/// a lone anchor not in it opens no window: a lone gram that other
/// documents hold too is mostly common wording, and chance pairs of
/// such grams were more than half the passage work on the generated
/// 100 MB corpus, for no change on PAN (`docs/passages.md`, "Cost").
/// `Job::windows` gives no `private` for a pair that shares much
/// ([`DENSE`]).
fn around(at: &[u32], private: Option<&[u32]>, len: u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (i, &p) in at.iter().enumerate() {
        // A lone anchor is often chance wording; one with another close
        // by is more likely shared text.
        let paired =
            (i > 0 && p - at[i - 1] <= NEAR) || at.get(i + 1).is_some_and(|&q| q - p <= NEAR);
        if !paired && private.is_some_and(|v| v.binary_search(&p).is_err()) {
            continue;
        }
        let w = if paired { WINDOW } else { LONE_WINDOW };
        let (lo, hi) = (p.saturating_sub(w), p.saturating_add(w).min(len));
        match out.last_mut() {
            Some(w) if w.1 >= lo => w.1 = w.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// One passage found in a pair, in tokens: half-open ranges of the two
/// documents' token indices, the number of aligned tokens (both sides
/// together) and how it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    a: (u32, u32),
    b: (u32, u32),
    aligned: u32,
    kind: PassageKind,
}

/// What a saved reference index (CLI only) needs of the pair search: a
/// gram in more documents than `GRAM_DOCUMENTS` anchors and links nothing;
/// a gram divisible by `GRAM_SAMPLE` proposes pairs, each document with
/// the earliest `GRAM_LINK` earlier ones holding it.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use pairs::{
    GRAM_BITS, LINK as GRAM_LINK, MAX_DOCUMENTS as GRAM_DOCUMENTS, SAMPLE as GRAM_SAMPLE,
};

/// What passage alignment keeps while documents are added.
#[derive(Default)]
pub(crate) struct Collector {
    enabled: bool,
    tokenizer: Tokenizer,
    /// Every document's tokens, past a budget on disk.
    docs: Store,
    /// Bytes of earlier documents prepared at once (tokens read back,
    /// sentences, grams by value, indexes) when tokens spilled.
    prepared: usize,
    /// Grams known to be in more than `GRAM_DOCUMENTS` documents of a
    /// reference not read whole (sorted): they link and anchor nothing.
    common: Vec<u64>,
}

impl Collector {
    /// Marks `grams` as common (see [`pairs::candidates`]): a check against
    /// a saved reference index (CLI only) need not read their holders.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn set_common_grams(&mut self, mut grams: Vec<u64>) {
        grams.sort_unstable();
        grams.dedup();
        self.common = grams;
    }

    /// Document `d`'s content-word grams, every one (the values the pair
    /// search indexes), in text order: what a saved reference index
    /// (`paradup index`, CLI only) files a reference file under.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn grams(&self, d: usize, out: &mut Vec<u64>) -> io::Result<()> {
        let mut at = Vec::new();
        if d < self.docs.len() {
            pairs::fingerprints_at(&self.docs.get(d)?.tokens, 1, &mut at);
        }
        out.extend(at.iter().map(|g| g.0));
        Ok(())
    }

    /// A collector; keeps nothing when `options.passages` is off. With
    /// `temp`, tokens past a quarter of `budget` go to a temporary file,
    /// and then the alignment prepares earlier documents in blocks of half
    /// of `budget` ([`Job::in_blocks`]).
    pub(crate) fn new(options: &Options, budget: usize, temp: Temp) -> Self {
        Collector {
            enabled: options.passages,
            docs: Store::new(budget / 4, temp),
            prepared: budget / 2,
            ..Collector::default()
        }
    }

    /// Adds a plain-text document (decoded `text`, `original` mapping its
    /// offsets to the file's).
    pub(crate) fn add_plain(&mut self, text: &str, original: &dyn Fn(usize) -> usize) {
        let d = if self.enabled {
            self.tokenizer.plain(text, original)
        } else {
            DocTokens::default()
        };
        self.docs.push(d);
    }

    /// Adds a document of an extracted format: its paragraphs' spans,
    /// lines and comparison texts; `exact` when the format's spans hold
    /// the text as UTF-8 (see [`Tokenizer::extracted`]).
    pub(crate) fn add_extracted<'t>(
        &mut self,
        paragraphs: impl Iterator<Item = (u64, u64, u64, &'t str)>,
        exact: bool,
    ) {
        let d = if self.enabled {
            self.tokenizer.extracted(paragraphs, exact)
        } else {
            DocTokens::default()
        };
        self.docs.push(d);
    }

    /// Forgets document `d` (later ones move down), for a re-match
    /// without it; the vocabulary keeps its words, which is harmless (a
    /// word's stem does not depend on the other words).
    pub(crate) fn remove(&mut self, d: usize) {
        self.docs.remove(d);
    }

    /// Every passage of the corpus, sorted by `(a.doc, b.doc, a.start,
    /// b.start)`. `docs` are the report's documents (for the lines of
    /// extracted formats); `budget` bounds the candidate search's memory
    /// when `temp` is set. With `threads` above 1 (natively), the pairs of
    /// different earlier documents are aligned on that many threads; the
    /// result is the same. Only the document pairs `relevant` accepts are
    /// aligned. With `aligned` (a re-match), a pair aligned before with
    /// the same shared grams and passage options is not aligned again, and
    /// `aligned` keeps this run's pairs for the next.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finish(
        &self,
        docs: &[DocumentReport],
        options: &Options,
        budget: usize,
        temp: Temp,
        threads: usize,
        relevant: &dyn Fn(u32, u32) -> bool,
        aligned: Option<&mut Aligned>,
    ) -> io::Result<Vec<Passage>> {
        if !self.enabled {
            return Ok(Vec::new());
        }
        self.docs.check()?;
        let store = &self.docs;
        let mut grams_of = |d: usize, out: &mut Vec<(u64, u32)>| {
            pairs::fingerprints_at(&store.get(d)?.tokens, 1, out);
            Ok(())
        };
        let candidates = pairs::candidates(
            store.len(),
            &mut grams_of,
            budget,
            temp,
            relevant,
            &self.common,
        )?;
        let job = Job {
            candidates: &candidates,
            store,
            docs,
            options,
            vocab: &self.tokenizer.vocab,
            cap: store.spilled().then_some(self.prepared),
            keep: aligned.is_some().then(|| {
                let mut all = Vec::new();
                all.resize_with(candidates.pairs.len(), Pieces::default);
                Mutex::new(all)
            }),
        };
        let (todo, mut out) = match &aligned {
            Some(before) => {
                let (todo, reused) = before.reuse(&candidates)?;
                let mut out = Vec::new();
                for i in reused {
                    let (pair, _, pieces) = &before.pairs[i];
                    job.again(*pair, pieces, &mut out)?;
                }
                (todo, out)
            }
            None => ((0..candidates.pairs.len()).collect(), Vec::new()),
        };
        #[cfg(not(target_arch = "wasm32"))]
        let new = match job.cap {
            Some(cap) => job.in_blocks(&todo, threads, cap)?,
            None if threads > 1 => job.in_parallel(&todo, threads)?,
            None => job.in_order(&todo)?,
        };
        #[cfg(target_arch = "wasm32")]
        let new = {
            let _ = threads;
            job.in_order(&todo)?
        };
        if let (Some(aligned), Some(keep)) = (aligned, job.keep) {
            let pieces = keep.into_inner().unwrap_or_else(PoisonError::into_inner);
            aligned.keep(&candidates, &todo, pieces)?;
        }
        out.extend(new);
        sort_passages(&mut out);
        Ok(out)
    }

    /// Every passage of the corpus at `options`' passage options, from the
    /// pieces a re-match kept (`aligned`), without aligning anything: the
    /// passages [`Collector::finish`] would give for the documents and
    /// pairs of that re-match (`rethreshold.rs`).
    pub(crate) fn rethreshold(
        &self,
        aligned: &Aligned,
        docs: &[DocumentReport],
        options: &Options,
    ) -> io::Result<Vec<Passage>> {
        if !self.enabled {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for (pair, _, pieces) in &aligned.pairs {
            let (a, b) = (
                self.docs.get(pair.0 as usize)?,
                self.docs.get(pair.1 as usize)?,
            );
            let kept = pieces.kept(
                &a.tokens,
                &b.tokens,
                pair.0 == pair.1,
                &self.tokenizer.vocab,
                options,
            );
            to_passages(*pair, kept, (&a, &b), docs, &mut out);
        }
        sort_passages(&mut out);
        Ok(out)
    }
}

/// A stable sort of the pairs' passages in candidate order: the same order
/// whichever thread aligned them.
fn sort_passages(out: &mut [Passage]) {
    out.sort_by(|x, y| {
        (x.a.doc, x.b.doc, x.a.start, x.b.start, x.a.end, x.b.end)
            .cmp(&(y.a.doc, y.b.doc, y.a.start, y.b.start, y.a.end, y.b.end))
    });
}

/// Adds the passages `kept` of documents `pair` (tokens `sides`) to `out`.
fn to_passages(
    pair: (u32, u32),
    kept: Vec<Found>,
    sides: (&DocTokens, &DocTokens),
    docs: &[DocumentReport],
    out: &mut Vec<Passage>,
) {
    let (da, db) = pair;
    for f in kept {
        let words = u64::from(words(&sides.1.tokens, f.b));
        let similarity = f.similarity();
        out.push(Passage {
            a: side(da, f.a, sides.0, &docs[da as usize]),
            b: side(db, f.b, sides.1, &docs[db as usize]),
            words,
            similarity: round4(similarity),
            kind: f.kind,
        });
    }
}

/// What a run found, per candidate document pair, with what it depends
/// on: a pair's alignment reads only its two documents and the grams they
/// share, so a re-match after documents are added aligns only the pairs
/// that are new or share other grams (a gram added to a document, or
/// found in too many documents now). What is kept of a pair is its
/// [`Pieces`], from which its passages at any passage options come
/// without aligning it again (`rethreshold.rs`).
#[derive(Default)]
pub(crate) struct Aligned {
    /// Per pair `(a, b)`, sorted: a hash of its shared grams, and its
    /// pieces. (A sorted list, not a hash map: the .wasm has little
    /// room.)
    pairs: Vec<((u32, u32), u64, Pieces)>,
    /// The pairs the last run aligned (the others it kept).
    last: usize,
}

impl Aligned {
    /// The candidate pairs to align (indices), and the others (indices of
    /// `self.pairs`), whose pieces are kept from before.
    fn reuse(&self, candidates: &pairs::Candidates) -> io::Result<(Vec<usize>, Vec<usize>)> {
        let mut todo = Vec::new();
        let mut reused = Vec::new();
        for (k, pair) in candidates.pairs.iter().enumerate() {
            match self.pairs.binary_search_by_key(pair, |e| e.0) {
                Ok(i) if self.pairs[i].1 == candidates.shared_hash(k)? => reused.push(i),
                _ => todo.push(k),
            }
        }
        Ok((todo, reused))
    }

    /// Keeps this run's pairs: those aligned now (`todo`, whose pieces
    /// are in `new` by candidate index) and those kept from before.
    fn keep(
        &mut self,
        candidates: &pairs::Candidates,
        todo: &[usize],
        mut new: Vec<Pieces>,
    ) -> io::Result<()> {
        let mut before = std::mem::take(&mut self.pairs).into_iter().peekable();
        let mut pairs = Vec::with_capacity(candidates.pairs.len());
        for (k, &pair) in candidates.pairs.iter().enumerate() {
            // Both lists are sorted by pair.
            while before.next_if(|e| e.0 < pair).is_some() {}
            let kept = before.next_if(|e| e.0 == pair);
            if todo.binary_search(&k).is_ok() {
                let mine = new.get_mut(k).map(std::mem::take).unwrap_or_default();
                pairs.push((pair, candidates.shared_hash(k)?, mine));
            } else if let Some(e) = kept {
                pairs.push(e);
            }
        }
        self.pairs = pairs;
        self.last = todo.len();
        Ok(())
    }

    /// How many document pairs the last run aligned; the others' passages
    /// were kept from before.
    #[cfg(test)]
    pub(crate) fn last_aligned(&self) -> usize {
        self.last
    }

    /// Forgets document `d`'s pairs; later documents move down by one.
    pub(crate) fn remove(&mut self, d: u32) {
        let moved = |x: u32| if x > d { x - 1 } else { x };
        // Moving the later documents down keeps the list sorted; pieces
        // are in tokens, which name no document.
        self.pairs.retain_mut(|((a, b), _, _)| {
            if *a == d || *b == d {
                return false;
            }
            (*a, *b) = (moved(*a), moved(*b));
            true
        });
    }
}

/// What aligning the candidate pairs reads.
struct Job<'j> {
    /// The pairs to align and the grams each shares.
    candidates: &'j pairs::Candidates,
    store: &'j Store,
    docs: &'j [DocumentReport],
    options: &'j Options,
    vocab: &'j vocab::Vocab,
    /// When tokens spilled, the bytes of earlier documents prepared at
    /// once ([`Job::in_blocks`]); `None` keeps every document prepared
    /// until its last pair.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    cap: Option<usize>,
    /// With a re-match, each aligned pair's pieces (at its candidate
    /// index), kept for other passage options.
    keep: Option<Mutex<Vec<Pieces>>>,
}

/// The indexes of a pair's earlier document, built once for all its pairs.
struct Earlier {
    grams: extend::GramIndex,
    stems: sentences::StemIndex,
}

/// One document as its pairs read it, made once: its tokens (read back
/// if they spilled), its sentences, and its content-word grams by value
/// with their token positions (where the grams a pair shares are).
struct Prepared<'s> {
    doc: Doc<'s>,
    side: sentences::Side,
    by_gram: pairs::ByGram,
}

impl Earlier {
    /// Bytes held (about).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    fn bytes(&self) -> usize {
        self.grams.bytes() + self.stems.bytes()
    }
}

impl Prepared<'_> {
    /// Bytes held of its own.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    fn bytes(&self) -> usize {
        self.doc.owned() + self.side.bytes() + self.by_gram.bytes()
    }
}

/// A prepared document in the [`Cache`].
enum Slot<'s> {
    Absent,
    /// Being prepared by a thread (others wait for it).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Making,
    Ready(Arc<Prepared<'s>>),
}

/// The prepared documents the alignment keeps while their pairs come.
struct Cache<'s> {
    slots: Vec<Slot<'s>>,
}

impl<'s> Cache<'s> {
    fn new(docs: usize) -> Self {
        Cache {
            slots: (0..docs).map(|_| Slot::Absent).collect(),
        }
    }

    /// Document `d` if it is ready.
    fn get(&self, d: u32) -> Option<Arc<Prepared<'s>>> {
        match &self.slots[d as usize] {
            Slot::Ready(p) => Some(p.clone()),
            _ => None,
        }
    }

    fn put(&mut self, d: u32, p: Arc<Prepared<'s>>) {
        self.slots[d as usize] = Slot::Ready(p);
    }

    /// Lets document `d` go (a pair holding it keeps it until done).
    fn release(&mut self, d: u32) {
        self.slots[d as usize] = Slot::Absent;
    }
}

impl<'s> Job<'s> {
    /// Aligns the pairs one after the other, each document prepared once
    /// (while it stays in the cache) and let go after its last pair.
    fn in_order(&self, todo: &[usize]) -> io::Result<Vec<Passage>> {
        let mut out = Vec::new();
        let mut cache = Cache::new(self.store.len());
        // Candidates come sorted by earlier document: its gram and stem
        // indexes serve all its pairs.
        let mut current: Option<(u32, Arc<Prepared<'s>>, Earlier)> = None;
        let mut freed = 0;
        for &k in todo {
            let (da, db) = self.candidates.pairs[k];
            // A document before `da` is in no pair left.
            for d in freed..da {
                cache.release(d);
            }
            freed = freed.max(da);
            let mut side = |d: u32| -> io::Result<Arc<Prepared<'s>>> {
                if let Some(p) = cache.get(d) {
                    return Ok(p);
                }
                let p = Arc::new(self.prepare(d)?);
                cache.put(d, p.clone());
                Ok(p)
            };
            if current.as_ref().is_none_or(|c| c.0 != da) {
                let side_a = side(da)?;
                let earlier = self.earlier(&side_a);
                current = Some((da, side_a, earlier));
            }
            let side_b = side(db)?;
            let Some((_, side_a, earlier)) = current.as_ref() else {
                continue;
            };
            self.pair(k, side_a, &side_b, earlier, &mut out)?;
        }
        Ok(out)
    }

    /// Aligns the pairs on `threads` threads, one earlier document's pairs
    /// at a time on each; the passages come back in candidate order.
    /// Each document is prepared once (while it stays in the cache),
    /// whichever thread needs it first; the others wait for it.
    #[cfg(not(target_arch = "wasm32"))]
    fn in_parallel(&self, todo: &[usize], threads: usize) -> io::Result<Vec<Passage>> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Condvar, Mutex, PoisonError};

        // Each earlier document's pairs.
        let pairs = &self.candidates.pairs;
        let groups: Vec<&[usize]> = todo.chunk_by(|&x, &y| pairs[x].0 == pairs[y].0).collect();
        let cache = Mutex::new(Cache::new(self.store.len()));
        let ready = Condvar::new();
        let side = |d: u32| -> io::Result<Arc<Prepared<'s>>> {
            let mut c = cache.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if let Some(p) = c.get(d) {
                    return Ok(p);
                }
                if !matches!(c.slots[d as usize], Slot::Making) {
                    break;
                }
                c = ready.wait(c).unwrap_or_else(PoisonError::into_inner);
            }
            c.slots[d as usize] = Slot::Making;
            drop(c);
            let made = self.prepare(d).map(Arc::new);
            let mut c = cache.lock().unwrap_or_else(PoisonError::into_inner);
            match &made {
                Ok(p) => c.put(d, p.clone()),
                Err(_) => c.slots[d as usize] = Slot::Absent,
            }
            drop(c);
            ready.notify_all();
            made
        };
        let next = AtomicUsize::new(0);
        let done: io::Result<Vec<(usize, Vec<Passage>)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads.min(groups.len()))
                .map(|_| {
                    scope.spawn(|| -> io::Result<Vec<(usize, Vec<Passage>)>> {
                        let mut mine = Vec::new();
                        loop {
                            let g = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&group) = groups.get(g) else {
                                return Ok(mine);
                            };
                            let da = pairs[group[0]].0;
                            let side_a = side(da)?;
                            let earlier = self.earlier(&side_a);
                            let mut out = Vec::new();
                            for &k in group {
                                let side_b = side(pairs[k].1)?;
                                self.pair(k, &side_a, &side_b, &earlier, &mut out)?;
                            }
                            mine.push((g, out));
                        }
                    })
                })
                .collect();
            let mut all = Vec::new();
            let mut failed = None;
            for w in workers {
                match w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)) {
                    Ok(mut mine) => all.append(&mut mine),
                    Err(e) => failed = failed.or(Some(e)),
                }
            }
            match failed {
                Some(e) => Err(e),
                None => Ok(all),
            }
        });
        let mut done = done?;
        done.sort_unstable_by_key(|d| d.0);
        Ok(done.into_iter().flat_map(|d| d.1).collect())
    }

    /// Aligns the pairs when tokens spilled, within a bound: earlier
    /// documents are prepared with their indexes in blocks of at most
    /// `cap` bytes (at least one document); each block's pairs are
    /// aligned by later document, each later document read back and
    /// prepared once per block, on `threads` threads. A corpus whose
    /// documents all pair with each other costs a reading of every later
    /// document per block, not per pair. The passages come in any order
    /// (the caller sorts them).
    #[cfg(not(target_arch = "wasm32"))]
    fn in_blocks(&self, todo: &[usize], threads: usize, cap: usize) -> io::Result<Vec<Passage>> {
        use std::sync::atomic::{AtomicUsize, Ordering};

        let pairs = &self.candidates.pairs;
        let mut out = Vec::new();
        let mut i = 0;
        while i < todo.len() {
            let mut block: Vec<(u32, Prepared<'s>, Earlier)> = Vec::new();
            let (mut held, mut j) = (0, i);
            while j < todo.len() && (block.is_empty() || held < cap) {
                let da = pairs[todo[j]].0;
                let side_a = self.prepare(da)?;
                let earlier = self.earlier(&side_a);
                held += side_a.bytes() + earlier.bytes();
                block.push((da, side_a, earlier));
                while j < todo.len() && pairs[todo[j]].0 == da {
                    j += 1;
                }
            }
            let mut ks = todo[i..j].to_vec();
            ks.sort_unstable_by_key(|&k| (pairs[k].1, pairs[k].0));
            let groups: Vec<&[usize]> = ks.chunk_by(|&x, &y| pairs[x].1 == pairs[y].1).collect();
            let find = |d: u32| {
                block
                    .binary_search_by_key(&d, |b| b.0)
                    .ok()
                    .map(|x| &block[x])
            };
            let work = |group: &[usize], out: &mut Vec<Passage>| -> io::Result<()> {
                let db = pairs[group[0]].1;
                let own;
                let side_b = match find(db) {
                    Some(b) => &b.1,
                    None => {
                        own = self.prepare(db)?;
                        &own
                    }
                };
                for &k in group {
                    if let Some((_, side_a, earlier)) = find(pairs[k].0) {
                        self.pair(k, side_a, side_b, earlier, out)?;
                    }
                }
                Ok(())
            };
            let next = AtomicUsize::new(0);
            let run = || -> io::Result<Vec<Passage>> {
                let mut mine = Vec::new();
                while let Some(group) = groups.get(next.fetch_add(1, Ordering::Relaxed)) {
                    work(group, &mut mine)?;
                }
                Ok(mine)
            };
            let parts =
                crate::parallel::each((0..threads.min(groups.len()).max(1)).collect(), |_| run());
            for part in parts {
                out.append(&mut part?);
            }
            i = j;
        }
        Ok(out)
    }

    /// Document `d`'s tokens (read back if they spilled), sentences and
    /// grams by value.
    fn prepare(&self, d: u32) -> io::Result<Prepared<'s>> {
        let doc = self.store.get(d as usize)?;
        let side = sentences::Side::new(&doc.tokens, self.vocab);
        let by_gram = pairs::ByGram::new(&doc.tokens);
        Ok(Prepared { doc, side, by_gram })
    }

    fn earlier(&self, side_a: &Prepared<'_>) -> Earlier {
        Earlier {
            grams: extend::GramIndex::new(&side_a.doc.tokens),
            stems: sentences::StemIndex::new(&side_a.side),
        }
    }

    /// The token ranges of `b` (sorted, disjoint) that pair `k`'s
    /// alignment looks at ([`around`]): around each gram `b` shares with
    /// `a` (`pairs::Candidates::shared`; `len_a` is `a`'s length in
    /// tokens), or, with itself, around each gram it holds more than once. Anchors are all content-word grams
    /// (fingerprints sample one in `pairs::SAMPLE` of them): sampled
    /// anchors lost 0.01 plagdet on PAN's translated cases.
    fn windows(
        &self,
        k: usize,
        len_a: usize,
        side_b: &Prepared<'_>,
        same: bool,
    ) -> io::Result<Vec<(u32, u32)>> {
        let b = &side_b.doc.tokens;
        let mut at: Vec<u32> = Vec::new();
        let len = b.len();
        if same {
            // Every gram, not only those in other documents too: the
            // document's grams sorted by value, made once when prepared.
            for run in side_b.by_gram.entries().chunk_by(|x, y| x.0 == y.0) {
                if run.len() > 1 {
                    at.extend(run.iter().map(|f| f.1));
                }
            }
            at.sort_unstable();
            return Ok(around(&at, None, len as u32));
        }
        let mut buf = Vec::new();
        let shared = self.candidates.shared(k, &mut buf)?;
        if shared.len() * DENSE >= len_a.min(len) {
            let grams = shared.iter().map(|&e| anchors::gram(e));
            pairs::positions(&side_b.by_gram, grams, len, &mut at);
            return Ok(around(&at, None, len as u32));
        }
        let mut private = Vec::new();
        let marked = shared
            .iter()
            .map(|&e| (anchors::gram(e), anchors::private(e)));
        pairs::marked_positions(&side_b.by_gram, marked, len, &mut at, &mut private);
        Ok(around(&at, Some(&private), len as u32))
    }

    /// Aligns candidate pair `k`, documents `da <= db`, and adds their
    /// passages to `out`.
    fn pair(
        &self,
        k: usize,
        side_a: &Prepared<'_>,
        side_b: &Prepared<'_>,
        earlier: &Earlier,
        out: &mut Vec<Passage>,
    ) -> io::Result<()> {
        let (da, db) = self.candidates.pairs[k];
        let (a, b) = (&side_a.doc.tokens[..], &side_b.doc.tokens[..]);
        let same = da == db;
        let windows = self.windows(k, side_a.doc.tokens.len(), side_b, same)?;
        if windows.is_empty() {
            return Ok(());
        }
        let runs = extend::runs_with(&earlier.grams, a, b, same, &windows);
        let found = extend::chain(a, b, &runs, GAP);
        let sentences_b = (!same).then_some(&side_b.side);
        // Kept for other options (a re-match), every sentence's seeds,
        // none skipped, and these options' passages from them; the page
        // (always a re-match) has no room for the other way.
        let kept = if self.keep.is_some() || cfg!(target_arch = "wasm32") {
            let seeds = sentences::seeds(
                &side_a.side,
                &earlier.stems,
                sentences_b,
                &found,
                &windows,
                &|_| false,
            );
            let pieces = Pieces::new(found, seeds);
            let kept = pieces.kept(a, b, same, self.vocab, self.options);
            if let Some(keep) = &self.keep {
                keep.lock().unwrap_or_else(PoisonError::into_inner)[k] = pieces;
            }
            kept
        } else {
            let found = sentences::reworded(
                &side_a.side,
                &earlier.stems,
                sentences_b,
                a,
                b,
                found,
                self.vocab,
                &windows,
                &|f| reportable(f, a, b, self.options),
            );
            rethreshold::last_steps(found, a, b, same, self.vocab, self.options)
        };
        to_passages((da, db), kept, (&side_a.doc, &side_b.doc), self.docs, out);
        Ok(())
    }

    /// The passages of documents `pair`, aligned before into `pieces`.
    fn again(&self, pair: (u32, u32), pieces: &Pieces, out: &mut Vec<Passage>) -> io::Result<()> {
        let a = self.store.get(pair.0 as usize)?;
        let b = self.store.get(pair.1 as usize)?;
        let same = pair.0 == pair.1;
        let kept = pieces.kept(&a.tokens, &b.tokens, same, self.vocab, self.options);
        to_passages(pair, kept, (&a, &b), self.docs, out);
        Ok(())
    }
}

impl Found {
    /// Aligned words over both sides' words (Dice).
    fn similarity(&self) -> f64 {
        let total = self.a.1 - self.a.0 + self.b.1 - self.b.0;
        f64::from(self.aligned) / f64::from(total.max(1))
    }
}

/// Words between two passages of a pair on one side (the compact one)
/// across which they may be one passage when they follow each other in
/// the same order on the other side within `CONDENSE_FAR` words: a
/// rewrite that condenses its source keeps its pieces close and in order
/// while what it leaves out lies between them in the source. Either
/// document may be the condensed one (PAN puts the summary first).
const CONDENSE_NEAR: u32 = 60;
/// Words between the same two passages on the other side.
const CONDENSE_FAR: u32 = 200;
/// A summary's pieces: at most this many words apart on the compact side
/// ...
const SUMMARY_NEAR: u32 = 10;
/// ... and at most this many on the other, when one of the two pieces is
/// reworded. On PAN's tune half the summary category went from 0.27 to
/// 0.43 (300 words gave 0.32; 600 and more, 0.43), with the other
/// categories unchanged; two verbatim pieces side by side stay apart,
/// because two separate copies placed next to each other are common
/// (joining them cost the verbatim category 0.003).
const SUMMARY_FAR: u32 = 1000;
/// A summary's pieces also join across up to `CONDENSE_NEAR` words on the
/// compact side (and `SUMMARY_FAR` on the other) when the pieces
/// themselves are condensed: their words on the compact side are at most
/// this share of their words on the other. A summary condenses each
/// sentence it keeps as well as what it leaves out, while two separate
/// copies (or word-for-word rewrites) are as long on both sides. On PAN's
/// tune half 0.6 to 0.9 gave the same (summary 0.43 -> 0.51 with
/// [`summary_overlap`]); without this condition, separate copies placed
/// in order lost verbatim 0.008 on the check half (`docs/passages.md`).
/// The gap between such pieces on the compact side must also be no
/// longer than the pieces there (a summary is mostly what it keeps): on
/// a generated multilingual corpus two small copies were joined without
/// it; PAN and Clough–Stevenson are the same with it or without.
const SUMMARY_SHAPE: f64 = 0.75;
/// Tokens by which a piece may start inside the one before it on one side
/// and still follow it: an aligner's pieces share a boundary word now
/// and then.
const CONDENSE_SLACK: u32 = 5;
/// The share of the content words between the pieces on the compact side
/// whose stems are between them on the other side too, for the pieces to
/// be one passage: the text between the pieces of one rewritten passage
/// is itself rewritten (too loosely to align), while two separate copies
/// that happen to lie close have unrelated text between them. On PAN's
/// tune half 0 to 0.2 join as often as no test at all (random obfuscation
/// 0.894), 0.25 and up leave rewritten pieces apart (0.886 to 0.876);
/// with 60 and 200 words, wider gaps gained nothing (`docs/passages.md`).
const CONDENSE_SHARED: f64 = 0.2;

/// Joins passages of one pair (of two documents) that follow each other in
/// the same order on both sides, within `CONDENSE_NEAR` words on one side
/// and `CONDENSE_FAR` on the other, with the text between them related
/// ([`gap_related`]), into one reworded passage spanning both; a
/// summary's pieces (further apart on the other side, see [`joinable`]),
/// and two pieces sharing words on one side ([`summary_overlap`]), into
/// one `summary` passage spanning both on each side (on the long side,
/// from the first text used to the last); and a passage that overlaps
/// the one before it on both sides and reaches past it on both, into one
/// passage (one copy is one detection: its continuation was matched
/// again, more loosely), of the looser kind.
fn condense(mut found: Vec<Found>, a: &[Token], b: &[Token], vocab: &vocab::Vocab) -> Vec<Found> {
    if found.len() < 2 {
        return found;
    }
    sort_found(&mut found, false);
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if let Some(p) = out.last_mut() {
            let joined = if follows(p, &f) {
                joinable(p, &f, a, b, vocab)
            } else {
                summary_overlap(p, &f).then_some(PassageKind::Summary)
            };
            if let Some(kind) = joined {
                // Words both pieces claim on one side count once.
                let shared = inside(p.a, f.a) + inside(p.b, f.b);
                p.a = (p.a.0.min(f.a.0), p.a.1.max(f.a.1));
                p.b = (p.b.0.min(f.b.0), p.b.1.max(f.b.1));
                p.aligned += f.aligned.saturating_sub(shared);
                p.kind = p.kind.max(kind);
                absorb_backwards(&mut out);
                continue;
            }
            // Overlapping on both sides, in the same direction: the same
            // copy found twice (its continuation matched more loosely).
            let overlaps = f.b.0 < p.b.1 && f.a.0 < p.a.1 && f.a.1 > p.a.1 && f.b.1 > p.b.1;
            if overlaps && f.a.0 >= p.a.0 {
                let fresh = (f.a.1 - p.a.1) + (f.b.1 - p.b.1);
                let len = (f.a.1 - f.a.0) + (f.b.1 - f.b.0);
                p.aligned +=
                    (u64::from(f.aligned) * u64::from(fresh) / u64::from(len.max(1))) as u32;
                p.a.1 = f.a.1;
                p.b.1 = f.b.1;
                p.kind = p.kind.max(f.kind);
                continue;
            }
        }
        out.push(f);
    }
    out
}

/// Merges the last of `out` into the one before it while the two overlap
/// on both sides: a join may grow a passage backwards (a summary's stretch
/// matched to two places), into one found before it, and one reused
/// passage is one passage.
fn absorb_backwards(out: &mut Vec<Found>) {
    while out.len() >= 2 {
        let (q, p) = (&out[out.len() - 2], &out[out.len() - 1]);
        if inside(p.a, q.a) == 0 || inside(p.b, q.b) == 0 {
            return;
        }
        let Some(p) = out.pop() else { return };
        let Some(q) = out.last_mut() else { return };
        let shared = inside(q.a, p.a) + inside(q.b, p.b);
        q.a = (q.a.0.min(p.a.0), q.a.1.max(p.a.1));
        q.b = (q.b.0.min(p.b.0), q.b.1.max(p.b.1));
        q.aligned += p.aligned.saturating_sub(shared);
        q.kind = q.kind.max(p.kind);
    }
}

/// Whether `f` comes after `p` on both sides and reaches past it, starting
/// inside it on at most one side and by at most `CONDENSE_SLACK` tokens.
fn follows(p: &Found, f: &Found) -> bool {
    (f.a.0 >= p.a.1 || f.b.0 >= p.b.1)
        && f.a.0 + CONDENSE_SLACK >= p.a.1
        && f.b.0 + CONDENSE_SLACK >= p.b.1
        && f.a.0 >= p.a.0
        && f.b.0 >= p.b.0
        && f.a.1 > p.a.1
        && f.b.1 > p.b.1
}

/// The kind of passage `p` and the piece `f` following it are together,
/// if they are one: close on the side where they are closer (the compact
/// one), within reach on the other, with related text between them. A
/// condensed rewrite (`CONDENSE_NEAR`, `CONDENSE_FAR`) is `reworded`; a
/// summary, whose pieces lie further apart on the other side
/// (`SUMMARY_FAR`) and either nearly touch on the compact side with one
/// of them reworded (`SUMMARY_NEAR`) or are themselves condensed, with
/// no more words between them there than in them (`SUMMARY_SHAPE`), is
/// `summary`.
fn joinable(
    p: &Found,
    f: &Found,
    a: &[Token],
    b: &[Token],
    vocab: &vocab::Vocab,
) -> Option<PassageKind> {
    let ga = p.a.1.min(f.a.0)..f.a.0;
    let gb = p.b.1.min(f.b.0)..f.b.0;
    let len = |x: (u32, u32)| f64::from(x.1 - x.0);
    // The pieces' words on the compact side, and on the other.
    let (near, far, (pieces, other)) = if ga.len() < gb.len() {
        (
            &a[ga.start as usize..ga.end as usize],
            &b[gb.start as usize..gb.end as usize],
            (len(p.a) + len(f.a), len(p.b) + len(f.b)),
        )
    } else {
        (
            &b[gb.start as usize..gb.end as usize],
            &a[ga.start as usize..ga.end as usize],
            (len(p.b) + len(f.b), len(p.a) + len(f.a)),
        )
    };
    let (n, w) = (near.len() as u32, far.len() as u32);
    let reworded = p.kind >= PassageKind::Reworded || f.kind >= PassageKind::Reworded;
    let kind = if n <= CONDENSE_NEAR && w <= CONDENSE_FAR {
        PassageKind::Reworded
    } else if w <= SUMMARY_FAR
        && ((reworded && n <= SUMMARY_NEAR)
            || (n <= CONDENSE_NEAR && pieces <= SUMMARY_SHAPE * other && f64::from(n) <= pieces))
    {
        PassageKind::Summary
    } else {
        return None;
    };
    gap_related(far, near, vocab).then_some(kind)
}

/// Whether `p` and `f` (after it in the order of `b`) share words on one
/// side and lie within `CONDENSE_FAR` words of each other on the other, in
/// either order there, one of them reworded: one stretch of a summary
/// matched to two places close together in its source (a summary may
/// reorder what it keeps). Two copies of one text share a side whole, and
/// the weaker is dropped before (`filter`). `SUMMARY_FAR` instead tied on
/// PAN's tune half but joined two translated cases adjoining in the
/// source on the check half, far apart in the other document.
fn summary_overlap(p: &Found, f: &Found) -> bool {
    let apart = |x: (u32, u32), y: (u32, u32)| x.0.max(y.0).saturating_sub(x.1.min(y.1));
    let reworded = p.kind >= PassageKind::Reworded || f.kind >= PassageKind::Reworded;
    // Overlapping on both sides is one copy found twice (`condense`).
    let far = match (inside(p.a, f.a) > 0, inside(p.b, f.b) > 0) {
        (true, false) => apart(p.b, f.b),
        (false, true) => apart(p.a, f.a),
        _ => return false,
    };
    reworded && far <= CONDENSE_FAR
}

/// Whether the content words of `near` (between two pieces on the compact
/// side) are related to those of `far` (between them on the other): at
/// least `CONDENSE_SHARED` of them have their stem in `far`. A gap with
/// no content word is related.
fn gap_related(far: &[Token], near: &[Token], vocab: &vocab::Vocab) -> bool {
    let mut stems: Vec<u32> = far
        .iter()
        .filter(|t| !t.is_stop())
        .map(|t| vocab.stem(t.word))
        .collect();
    stems.sort_unstable();
    let (mut content, mut shared) = (0usize, 0usize);
    for t in near.iter().filter(|t| !t.is_stop()) {
        content += 1;
        shared += usize::from(stems.binary_search(&vocab.stem(t.word)).is_ok());
    }
    content == 0 || shared as f64 >= CONDENSE_SHARED * content as f64
}

/// Sorts passages by `b` then `a`, or, `strongest` first, by aligned
/// words (most first) then `b` and `a`: one sort for both orders, because
/// each sort instantiated costs the .wasm kilobytes.
fn sort_found(found: &mut [Found], strongest: bool) {
    found.sort_by_key(|f| (if strongest { u32::MAX - f.aligned } else { 0 }, f.b, f.a));
}

/// Tokens of `x` inside `y` (half-open ranges).
fn inside(x: (u32, u32), y: (u32, u32)) -> u32 {
    x.1.min(y.1).saturating_sub(x.0.max(y.0))
}

/// A long passage of word runs (verbatim or edited, both sides at least
/// `LOOSE_LENGTH` times `min_passage_words`) is reported at
/// `LOOSE_SIMILARITY` times `passage_similarity` when at least
/// `LOOSE_ALIGNED` of its words are aligned on each side: text rewritten
/// word by word (PAN's random obfuscation) keeps long runs of its
/// source's words in order, far more than two texts on one topic share
/// by chance. Tuned on PAN's tune half: overall 0.8794 -> 0.8903, the
/// no-plagiarism pairs unchanged (`docs/passages.md`).
const LOOSE_LENGTH: u32 = 2;
/// See [`LOOSE_LENGTH`]: 0.35 at the default similarity; 0.3 to 0.2 gave
/// the same on the tune half, 0.45 and 0.4 less.
const LOOSE_SIMILARITY: f64 = 0.7;
/// See [`LOOSE_LENGTH`]: without it two Clough–Stevenson answers written
/// independently on one task were linked (38 and 48 words, similarity
/// 0.38–0.41).
const LOOSE_ALIGNED: u32 = 20;

/// Whether a passage is long and similar enough to report: at least
/// `min_passage_words` on both sides, similarity at least
/// `passage_similarity`; or a long, loosely similar one ([`LOOSE_LENGTH`]);
/// or, before the joins, a summary made of pieces (`summary::chains`, which
/// judged it by its pieces' similarity).
fn reportable(f: &Found, a: &[Token], b: &[Token], options: &Options) -> bool {
    // Token counts are u32: a larger minimum is one no passage reaches
    // (a plain cast would wrap 2^32 + 15 round to 15).
    let min = u32::try_from(options.min_passage_words).unwrap_or(u32::MAX);
    let tokens = (f.a.1 - f.a.0).min(f.b.1 - f.b.0);
    // Whether both sides hold `need` words. A token weighs half a word
    // or one, so only sides under twice `need` tokens are read.
    let holds = |need: u32| {
        tokens >= need
            && (tokens >= need.saturating_mul(2) || words(a, f.a).min(words(b, f.b)) >= need)
    };
    let similarity = f.similarity();
    holds(min)
        && (f.kind == PassageKind::Summary
            || similarity >= options.passage_similarity
            || (f.kind < PassageKind::Reworded
                && f.aligned >= 2 * LOOSE_ALIGNED
                && similarity >= LOOSE_SIMILARITY * options.passage_similarity
                && holds(LOOSE_LENGTH.saturating_mul(min))))
}

/// The words of tokens `range` of `tokens`: two characters of a script
/// written without spaces count as one word (UAX #29 gives each its own
/// token), so a minimum length means about as much text in every script.
fn words(tokens: &[Token], (lo, hi): (u32, u32)) -> u32 {
    tokens::half_words(&tokens[lo as usize..hi as usize]) / 2
}

/// The passages of one pair worth reporting: both sides at least
/// `min_passage_words` long, similar enough, the earlier side first within
/// one document, and not mostly (half or more of either side) inside a
/// side of a stronger passage, so a phrase that recurs near a reused
/// passage is not reported again beside it. Of a summary only the compact
/// side counts: its long side is mostly text the summary leaves out, and
/// another passage there is a reuse of its own.
fn filter(
    mut found: Vec<Found>,
    a: &[Token],
    b: &[Token],
    same: bool,
    options: &Options,
) -> Vec<Found> {
    found.retain(|f| reportable(f, a, b, options) && !(same && f.a.1 > f.b.0));
    sort_found(&mut found, true);
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        let shadowed = kept.iter().any(|k| {
            let (on_a, on_b) = (
                2 * inside(f.a, k.a) >= f.a.1 - f.a.0,
                2 * inside(f.b, k.b) >= f.b.1 - f.b.0,
            );
            // A summary's long side is mostly what it leaves out: only
            // its compact side claims the text.
            if k.kind == PassageKind::Summary {
                if k.a.1 - k.a.0 <= k.b.1 - k.b.0 {
                    on_a
                } else {
                    on_b
                }
            } else {
                on_a || on_b
            }
        });
        if !shadowed {
            kept.push(f);
        }
    }
    kept
}

/// The byte span and lines of tokens `range` of document `doc`.
fn side(doc: u32, range: (u32, u32), kept: &DocTokens, report: &DocumentReport) -> PassageSide {
    let tokens = &kept.tokens;
    let first = tokens[range.0 as usize];
    let last = tokens[range.1 as usize - 1];
    // A side starting or ending a sentence takes in its opening quotes
    // and its closing marks: a reused sentence keeps its full stop.
    let (start, end) = (
        u64::from(first.start).saturating_sub(first.lead()),
        last.end() + last.trail(),
    );
    let (line, end_line) = match &kept.lines {
        Lines::Starts(s) => (line_of(s, start), line_of(s, end - 1)),
        Lines::Paragraphs => {
            let p = &report.paragraphs;
            let at = |x: u64| {
                let i = p.partition_point(|q| q.start <= x).saturating_sub(1);
                p.get(i).map_or(1, |q| q.line)
            };
            (at(start), at(end - 1))
        }
    };
    PassageSide {
        doc,
        start,
        end,
        line,
        end_line,
    }
}

#[cfg(test)]
mod tests {
    use super::tokens::Tokenizer;
    use super::*;

    fn found(a: (u32, u32), b: (u32, u32), kind: PassageKind) -> Found {
        Found {
            a,
            b,
            aligned: (a.1 - a.0) + (b.1 - b.0),
            kind,
        }
    }

    /// 400 tokens of distinct words on each side: no gap is related.
    fn unrelated(t: &mut Tokenizer) -> (Vec<Token>, Vec<Token>) {
        let words = |p: &str| {
            (0..400)
                .map(|i| format!("{p}{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let a = t.plain(&words("alpha"), &|i| i).tokens;
        let b = t.plain(&words("beta"), &|i| i).tokens;
        (a, b)
    }

    #[test]
    fn a_lone_anchor_opens_a_window_only_when_its_gram_is_private_to_the_pair() {
        // Two anchors close together at 500 and 520, lone ones at 1,000
        // and 2,000: only the one at 2,000 is private to the pair.
        let at = [500, 520, 1000, 2000];
        let paired = (500 - WINDOW, 520 + WINDOW);
        let lone = |p: u32| (p - LONE_WINDOW, p + LONE_WINDOW);
        assert_eq!(around(&at, None, 5000), [paired, lone(1000), lone(2000)]);
        assert_eq!(around(&at, Some(&[2000]), 5000), [paired, lone(2000)]);
        // Close anchors open their windows whoever else holds their grams.
        assert_eq!(around(&at, Some(&[]), 5000), [paired]);
        // Windows stop at the document's end.
        assert_eq!(
            around(&[2000], Some(&[2000]), 2050),
            [(2000 - LONE_WINDOW, 2050)]
        );
    }

    #[test]
    fn a_passage_overlapping_the_one_before_on_both_sides_extends_it() {
        let mut t = Tokenizer::default();
        let (a, b) = unrelated(&mut t);
        // The second continues the first on the same diagonal (the same
        // copy); the third overlaps it on one side only (another copy).
        let out = condense(
            vec![
                found((100, 150), (10, 60), PassageKind::Verbatim),
                found((140, 180), (50, 90), PassageKind::Edited),
                found((170, 200), (200, 230), PassageKind::Verbatim),
            ],
            &a,
            &b,
            &t.vocab,
        );
        let spans: Vec<_> = out.iter().map(|f| (f.a, f.b, f.kind)).collect();
        assert_eq!(
            spans,
            [
                ((100, 180), (10, 90), PassageKind::Edited),
                ((170, 200), (200, 230), PassageKind::Verbatim)
            ]
        );
        // Aligned words: the first's 100 and the 60 of the second's 80
        // that lie past the first.
        assert_eq!(out[0].aligned, 160);
    }

    #[test]
    fn passages_with_unrelated_text_between_or_in_the_other_order_stay_apart() {
        let mut t = Tokenizer::default();
        let (a, b) = unrelated(&mut t);
        let close = condense(
            vec![
                found((0, 20), (0, 20), PassageKind::Verbatim),
                found((40, 60), (30, 50), PassageKind::Verbatim),
            ],
            &a,
            &b,
            &t.vocab,
        );
        assert_eq!(close.len(), 2);
        let swapped = condense(
            vec![
                found((100, 120), (0, 20), PassageKind::Verbatim),
                found((0, 20), (25, 45), PassageKind::Verbatim),
            ],
            &a,
            &b,
            &t.vocab,
        );
        assert_eq!(swapped.len(), 2);
    }

    /// 1,200 tokens on each side from one small vocabulary: every gap is
    /// related.
    fn related(t: &mut Tokenizer) -> (Vec<Token>, Vec<Token>) {
        let words = |shift: usize| {
            (0..1200)
                .map(|i| format!("harbour{}", (i + shift) % 40))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let a = t.plain(&words(0), &|i| i).tokens;
        let b = t.plain(&words(7), &|i| i).tokens;
        (a, b)
    }

    /// A passage's token ranges and kind.
    type Span = ((u32, u32), (u32, u32), PassageKind);

    fn spans(out: &[Found]) -> Vec<Span> {
        out.iter().map(|f| (f.a, f.b, f.kind)).collect()
    }

    #[test]
    fn either_side_may_be_the_condensed_one() {
        let mut t = Tokenizer::default();
        let (a, b) = related(&mut t);
        for (first, second) in [
            // Close in `b`, 150 words apart in `a`: joined before too.
            (((0, 20), (0, 20)), ((170, 190), (30, 50))),
            // Close in `a`, 150 words apart in `b` (PAN's summaries come
            // first): left apart before.
            (((0, 20), (0, 20)), ((30, 50), (170, 190))),
        ] {
            let out = condense(
                vec![
                    found(first.0, first.1, PassageKind::Edited),
                    found(second.0, second.1, PassageKind::Edited),
                ],
                &a,
                &b,
                &t.vocab,
            );
            assert_eq!(
                spans(&out),
                [(
                    (first.0 .0, second.0 .1),
                    (first.1 .0, second.1 .1),
                    PassageKind::Reworded
                )]
            );
        }
    }

    #[test]
    fn a_summary_joins_pieces_far_apart_in_its_source_when_one_is_reworded() {
        let mut t = Tokenizer::default();
        let (a, b) = related(&mut t);
        let pieces = |kind| {
            vec![
                found((10, 40), (0, 30), PassageKind::Verbatim),
                found((43, 70), (600, 640), kind),
            ]
        };
        let summary = condense(pieces(PassageKind::Reworded), &a, &b, &t.vocab);
        assert_eq!(
            spans(&summary),
            [((10, 70), (0, 640), PassageKind::Summary)]
        );
        // Two verbatim copies side by side in one document, far apart in
        // the other: two passages.
        let copies = condense(pieces(PassageKind::Verbatim), &a, &b, &t.vocab);
        assert_eq!(copies.len(), 2);
        // Beyond SUMMARY_FAR words in the source: apart too.
        let far = condense(
            vec![
                found((10, 40), (0, 30), PassageKind::Reworded),
                found((43, 70), (1031, 1060), PassageKind::Reworded),
            ],
            &a,
            &b,
            &t.vocab,
        );
        assert_eq!(far.len(), 2);
    }

    #[test]
    fn a_summarys_condensed_pieces_join_across_sentences_of_its_own() {
        let mut t = Tokenizer::default();
        let (a, b) = related(&mut t);
        // Two edited pieces 30 words apart in the summary (`a`, more than
        // SUMMARY_NEAR) and 300 in the source (more than CONDENSE_FAR),
        // each 20 words in the summary against 40 in the source.
        let pieces = |first_a: (u32, u32), second_a: (u32, u32)| {
            vec![
                found(first_a, (0, 40), PassageKind::Edited),
                found(second_a, (340, 380), PassageKind::Edited),
            ]
        };
        let summary = condense(pieces((100, 120), (150, 170)), &a, &b, &t.vocab);
        assert_eq!(
            spans(&summary),
            [((100, 170), (0, 380), PassageKind::Summary)]
        );
        // As long in the summary as in the source (two separate copies
        // placed in order), the same gaps: apart.
        let copies = condense(pieces((100, 140), (170, 210)), &a, &b, &t.vocab);
        assert_eq!(copies.len(), 2);
        // Condensed, but with more words between them in the summary
        // than in them (30 against 20): apart.
        let sparse = condense(pieces((100, 110), (140, 150)), &a, &b, &t.vocab);
        assert_eq!(sparse.len(), 2);
        // Condensed, but what lies between them is unrelated: apart.
        let (a, b) = unrelated(&mut t);
        let unrelated = condense(pieces((100, 120), (150, 170)), &a, &b, &t.vocab);
        assert_eq!(unrelated.len(), 2);
    }

    #[test]
    fn a_stretch_of_a_summary_matched_to_two_places_is_one_passage() {
        let mut t = Tokenizer::default();
        let (a, b) = unrelated(&mut t);
        // The summary's words 40..80 and 60..100 match source words
        // 500..560 and, before them, 300..350 (a summary may reorder).
        let pieces = |kind, second_b: (u32, u32)| {
            vec![
                found((60, 100), second_b, PassageKind::Reworded),
                found((40, 80), (500, 560), kind),
            ]
        };
        let out = condense(pieces(PassageKind::Edited, (300, 350)), &a, &b, &t.vocab);
        assert_eq!(spans(&out), [((40, 100), (300, 560), PassageKind::Summary)]);
        // Aligned words: both pieces' (90 and 100), the 20 shared in `a`
        // once.
        assert_eq!(out[0].aligned, 90 + 100 - 20);
        let passages =
            |first: Found, second: Found| condense(vec![first, second], &a, &b, &t.vocab).len();
        // More than CONDENSE_FAR words apart in the source: two passages.
        let far = passages(
            found((60, 100), (0, 50), PassageKind::Reworded),
            found((40, 80), (260, 320), PassageKind::Edited),
        );
        assert_eq!(far, 2);
        // Neither reworded: two passages.
        let copies = passages(
            found((60, 100), (300, 340), PassageKind::Verbatim),
            found((40, 80), (500, 540), PassageKind::Verbatim),
        );
        assert_eq!(copies, 2);
    }

    #[test]
    fn a_join_growing_backwards_takes_in_the_passage_it_reaches() {
        let mut t = Tokenizer::default();
        let (a, b) = unrelated(&mut t);
        // `second` and `stretch` join (one stretch of a summary matched to
        // two places), and the join reaches back over `first` on both
        // sides: one passage, not two overlapping ones.
        let first = found((40, 60), (100, 160), PassageKind::Edited);
        let second = found((100, 140), (150, 190), PassageKind::Edited);
        let stretch = found((45, 110), (300, 340), PassageKind::Reworded);
        let out = condense(vec![first, second, stretch], &a, &b, &t.vocab);
        for (i, x) in out.iter().enumerate() {
            for y in &out[i + 1..] {
                assert!(
                    inside(x.a, y.a) == 0 || inside(x.b, y.b) == 0,
                    "{:?}",
                    spans(&out)
                );
            }
        }
        assert_eq!(spans(&out), [((40, 140), (100, 340), PassageKind::Summary)]);
        assert!(out[0].similarity() <= 1.0);
    }

    #[test]
    fn a_piece_starting_a_word_inside_the_one_before_on_one_side_follows_it() {
        let mut t = Tokenizer::default();
        let (a, b) = related(&mut t);
        let out = condense(
            vec![
                found((0, 30), (0, 30), PassageKind::Edited),
                found((28, 60), (40, 72), PassageKind::Edited),
            ],
            &a,
            &b,
            &t.vocab,
        );
        assert_eq!(spans(&out), [((0, 60), (0, 72), PassageKind::Reworded)]);
        // The two words both claim in `a` count once.
        assert_eq!(out[0].aligned, 60 + 64 - 2);
    }

    /// `n` tokens of words written with spaces (each one word).
    fn spaced(n: u32) -> Vec<Token> {
        (0..n)
            .map(|i| Token {
                start: i * 6,
                word: i,
                len: 5,
                flags: 0,
            })
            .collect()
    }

    #[test]
    fn a_long_passage_is_reported_at_a_looser_similarity() {
        let options = Options::default();
        let t = spaced(200);
        // `aligned` counts the aligned words of both sides.
        let loose = |len: u32, aligned: u32| Found {
            a: (100, 100 + len),
            b: (0, len),
            aligned,
            kind: PassageKind::Edited,
        };
        // 50 words on each side, 20 of each aligned: similarity 0.4,
        // under 0.5 but over 0.35.
        assert!(reportable(&loose(50, 40), &t, &t, &options));
        // Shorter than twice the default minimum of 15: 0.5 holds.
        assert!(!reportable(&loose(29, 23), &t, &t, &options));
        // Fewer than 20 words aligned on each side, or too loose.
        assert!(!reportable(&loose(30, 24), &t, &t, &options));
        assert!(!reportable(&loose(60, 38), &t, &t, &options));
        // Similar sentences, not runs of words in order: 0.5 holds.
        let reworded = Found {
            kind: PassageKind::Reworded,
            ..loose(50, 40)
        };
        assert!(!reportable(&reworded, &t, &t, &options));
        // The looser similarity follows the option: 0.56 at 0.8.
        let strict = Options {
            passage_similarity: 0.8,
            ..Options::default()
        };
        assert!(!reportable(&loose(50, 40), &t, &t, &strict));
        assert!(reportable(&loose(50, 60), &t, &t, &strict));
    }

    // A usize past u32 exists on 64-bit targets only.
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn a_minimum_past_u32_reports_nothing() {
        let huge = Options {
            min_passage_words: u32::MAX as usize + 16,
            ..Options::default()
        };
        let long = found((0, 500), (0, 500), PassageKind::Verbatim);
        let t = spaced(500);
        assert!(reportable(&long, &t, &t, &Options::default()));
        assert!(!reportable(&long, &t, &t, &huge));
    }
}
