//! The anchor index's lists and each candidate pair's shared grams, in
//! memory or, past their share of the budget (with a temporary folder,
//! CLI only), in temporary files.
//!
//! The pair search (`pairs.rs`) lists every gram found in 2 to
//! `MAX_DOCUMENTS` documents with its documents ([`Lists`]) while it reads
//! the corpus-wide index, before it knows the candidate pairs; once it
//! does, each pair gets the grams its two documents share ([`Shared`]),
//! whose positions in the later document are the pair's anchors, each
//! marked when no third document holds it (see [`entry`]). Both
//! grow with the text documents share, not with the corpus: on a corpus
//! where much text is in many documents they outgrow the rest. What is
//! read back is what was written, in the same order, so the passages do
//! not change.

use std::io;

#[cfg(not(target_arch = "wasm32"))]
use super::pairs::GRAM_BITS;
use crate::spill::Temp;
#[cfg(not(target_arch = "wasm32"))]
use crate::spill::{Blobs, Sorter};

/// Words (`u32`) before a gram's documents in [`Lists`]: their count and
/// the gram's value in two halves.
const HEAD: usize = 3;
/// Bytes of lists read back at once.
#[cfg(not(target_arch = "wasm32"))]
const CHUNK: usize = 1 << 16;
/// Bits of an entry of [`Shared`] (see [`entry`]).
#[cfg(not(target_arch = "wasm32"))]
const ENTRY_BITS: u32 = GRAM_BITS + 1;
/// Bytes of an entry in the file of [`Shared`].
#[cfg(not(target_arch = "wasm32"))]
const ENTRY_BYTES: usize = ENTRY_BITS.div_ceil(8) as usize;
/// Pairs whose entries are sorted in one pass: a pair's index and an
/// entry fit one `u64` for up to 2^(64 - `ENTRY_BITS`) pairs, so more
/// pairs take one pass over the lists per as many.
#[cfg(not(target_arch = "wasm32"))]
const PART: usize = 1 << (64 - ENTRY_BITS);

/// An entry of [`Shared`]: gram `g` shifted left by one, above a bit set
/// when the gram is in no document but the pair's two (`documents` is
/// how many hold it). Entries sort as their grams do.
fn entry(g: u64, documents: usize) -> u64 {
    g << 1 | u64::from(documents <= 2)
}

/// The gram of an entry of [`Shared::get`].
#[inline]
pub(super) fn gram(entry: u64) -> u64 {
    entry >> 1
}

/// Whether an entry's gram is in no document but the pair's two: a lone
/// anchor of a gram that other documents hold too is more often common
/// wording than reuse (`Job::windows`).
#[inline]
pub(super) fn private(entry: u64) -> bool {
    entry & 1 == 1
}

/// The grams in 2 to `MAX_DOCUMENTS` documents, each with its documents
/// in order, in ascending order of gram: kept in memory up to a cap, then
/// appended to a temporary file.
pub(super) struct Lists {
    /// Per gram not written out: [`HEAD`] words, then its documents.
    words: Vec<u32>,
    /// Words kept in memory at most when `temp` is set.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    cap: usize,
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    temp: Temp,
    /// The lists written out, in order, before those in `words`.
    #[cfg(not(target_arch = "wasm32"))]
    file: Option<Blobs>,
}

impl Lists {
    /// Lists keeping up to `cap_bytes` in memory when `temp` is set,
    /// everything otherwise.
    pub(super) fn new(cap_bytes: usize, temp: Temp) -> Lists {
        Lists {
            words: Vec::new(),
            cap: (cap_bytes / 4).max(HEAD + 1),
            temp,
            #[cfg(not(target_arch = "wasm32"))]
            file: None,
        }
    }

    /// Adds gram `g` (above every gram added before) and its documents.
    pub(super) fn push(&mut self, g: u64, docs: &[u32]) -> io::Result<()> {
        self.words
            .extend([docs.len() as u32, g as u32, (g >> 32) as u32]);
        self.words.extend_from_slice(docs);
        #[cfg(not(target_arch = "wasm32"))]
        if self.temp.is_some() && self.words.len() > self.cap {
            self.spill()?;
        }
        Ok(())
    }

    /// Appends the lists in memory to the file.
    #[cfg(not(target_arch = "wasm32"))]
    fn spill(&mut self) -> io::Result<()> {
        let Some(temp) = &self.temp else {
            return Ok(());
        };
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(Blobs::create(temp, "passage-anchors")?),
        };
        let mut w = file.writer();
        for x in &self.words {
            w.write(&x.to_le_bytes())?;
        }
        w.finish()?;
        self.words.clear();
        Ok(())
    }

    /// Whether some lists are on disk.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    fn spilled(&self) -> bool {
        self.file.is_some()
    }

    /// Calls `f` with each gram and its documents, in the order added.
    pub(super) fn each(&self, f: &mut dyn FnMut(u64, &[u32])) -> io::Result<()> {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(file) = &self.file {
            let mut bytes = vec![0u8; CHUNK];
            let mut words: Vec<u32> = Vec::with_capacity(CHUNK / 4);
            let mut at = 0;
            while at < file.len() {
                let n = (file.len() - at).min(CHUNK as u64) as usize;
                file.read(at, &mut bytes[..n])?;
                at += n as u64;
                words.extend(
                    bytes[..n]
                        .chunks_exact(4)
                        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
                );
                // A gram's list may go on in the next chunk.
                let used = records(&words, f);
                words.drain(..used);
            }
            if !words.is_empty() {
                return Err(io::Error::other("passage anchor lists cut short"));
            }
        }
        records(&self.words, f);
        Ok(())
    }
}

/// Calls `f` with each whole gram and documents of `words`; returns the
/// words read.
fn records(words: &[u32], f: &mut dyn FnMut(u64, &[u32])) -> usize {
    let mut i = 0;
    while i + HEAD <= words.len() {
        let n = words[i] as usize;
        let end = i + HEAD + n;
        if end > words.len() {
            break;
        }
        f(
            u64::from(words[i + 1]) | u64::from(words[i + 2]) << 32,
            &words[i + HEAD..end],
        );
        i = end;
    }
    i
}

/// For each candidate pair (by its index), the grams both its documents
/// hold that are in at most `MAX_DOCUMENTS` documents, ascending, as
/// entries (see [`entry`]): in memory, or in a temporary file read back
/// one pair at a time.
pub(super) struct Shared {
    /// Pair `k`'s grams are `starts[k]..starts[k + 1]` of `grams`, or of
    /// the file.
    starts: Vec<u64>,
    grams: Vec<u64>,
    #[cfg(not(target_arch = "wasm32"))]
    file: Option<Blobs>,
}

/// Calls `f` with each pair's index and the entry of each gram it shares,
/// ascending by gram: each gram of `lists` to the pairs (among `pairs`,
/// sorted) of two of its documents. A gram's documents are in order, so
/// the pairs of one earlier document are searched from where the last
/// one was found, within that document's own pairs: a search of all
/// pairs per two documents took 6% of a one-thread run on the generated
/// 100 MB corpus, whose grams are in many documents (`docs/passages.md`).
fn each_shared(
    lists: &Lists,
    pairs: &[(u32, u32)],
    f: &mut dyn FnMut(usize, u64),
) -> io::Result<()> {
    let first = firsts(pairs);
    lists.each(&mut |g, docs| {
        for (i, &a) in docs.iter().enumerate() {
            let Some(&[from, to]) = first.get(a as usize..a as usize + 2) else {
                break;
            };
            let own = &pairs[from..to];
            let mut at = 0;
            for &b in &docs[i + 1..] {
                at += own[at..].partition_point(|p| p.1 < b);
                match own.get(at) {
                    Some(p) if p.1 == b => {
                        f(from + at, entry(g, docs.len()));
                        at += 1;
                    }
                    Some(_) => {}
                    None => break,
                }
            }
        }
    })
}

/// Where each document's pairs begin in `pairs` (sorted): document `a`'s
/// pairs as the earlier one are `pairs[first[a]..first[a + 1]]`, for every
/// `a` up to the last pair's earlier document.
fn firsts(pairs: &[(u32, u32)]) -> Vec<usize> {
    let docs = pairs.last().map_or(0, |p| p.0 as usize + 1);
    (0..=docs)
        .map(|a| pairs.partition_point(|p| (p.0 as usize) < a))
        .collect()
}

impl Shared {
    /// Each pair of `pairs` (sorted) with the grams of `lists` its two
    /// documents share, in two passes over the lists: the first counts
    /// each pair's grams, the second puts them in place (or, when they
    /// pass `cap_bytes` and `temp` is set, sorts them by pair into a
    /// file), so nothing but the grams themselves is held.
    pub(super) fn new(
        lists: &Lists,
        pairs: &[(u32, u32)],
        cap_bytes: usize,
        temp: Temp,
    ) -> io::Result<Shared> {
        let mut starts = vec![0u64; pairs.len() + 1];
        each_shared(lists, pairs, &mut |k, _| starts[k + 1] += 1)?;
        for k in 0..pairs.len() {
            starts[k + 1] += starts[k];
        }
        let total = starts[pairs.len()];
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(temp) = temp {
            if total.saturating_mul(8) > cap_bytes as u64 {
                return Shared::on_disk(lists, pairs, starts, cap_bytes, &temp, PART);
            }
        }
        #[cfg(target_arch = "wasm32")]
        let _ = (cap_bytes, temp);
        let mut next = starts.clone();
        let mut grams = vec![0u64; total as usize];
        each_shared(lists, pairs, &mut |k, g| {
            grams[next[k] as usize] = g;
            next[k] += 1;
        })?;
        Ok(Shared {
            starts,
            grams,
            #[cfg(not(target_arch = "wasm32"))]
            file: None,
        })
    }

    /// The entries sorted by pair (then by gram, the order of the lists)
    /// within `cap_bytes`, and written in that order, `part` pairs (at
    /// most [`PART`]) per pass over the lists.
    #[cfg(not(target_arch = "wasm32"))]
    fn on_disk(
        lists: &Lists,
        pairs: &[(u32, u32)],
        starts: Vec<u64>,
        cap_bytes: usize,
        temp: &crate::spill::TempDir,
        part: usize,
    ) -> io::Result<Shared> {
        let mut file = Blobs::create(temp, "passage-shared")?;
        let low = (1u64 << ENTRY_BITS) - 1;
        for from in (0..pairs.len()).step_by(part.clamp(1, PART)) {
            let to = (from + part.clamp(1, PART)).min(pairs.len());
            let mut sorter =
                Sorter::new("passage-shared-sort", cap_bytes, false, Some(temp.clone()));
            let mut failed = None;
            each_shared(lists, &pairs[..to], &mut |k, g| {
                if k >= from && failed.is_none() {
                    let key = ((k - from) as u64) << ENTRY_BITS | g;
                    if let Err(e) = sorter.extend([key]) {
                        failed = Some(e);
                    }
                }
            })?;
            if let Some(e) = failed {
                return Err(e);
            }
            let mut sorted = sorter.into_sorted()?;
            let mut w = file.writer();
            while let Some(x) = sorted.next()? {
                w.write(&(x & low).to_le_bytes()[..ENTRY_BYTES])?;
            }
            w.finish()?;
        }
        if file.len() != starts[pairs.len()] * ENTRY_BYTES as u64 {
            return Err(io::Error::other("passage shared grams miscounted"));
        }
        Ok(Shared {
            starts,
            grams: Vec::new(),
            file: Some(file),
        })
    }

    /// The entries of the grams pair `k` shares (see [`gram`] and
    /// [`private`]), read into `buf` if they are on disk.
    #[inline]
    pub(super) fn get<'s>(&'s self, k: usize, buf: &'s mut Vec<u64>) -> io::Result<&'s [u64]> {
        let (from, to) = (self.starts[k], self.starts[k + 1]);
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(file) = &self.file {
            let mut bytes = vec![0u8; (to - from) as usize * ENTRY_BYTES];
            file.read(from * ENTRY_BYTES as u64, &mut bytes)?;
            buf.clear();
            buf.extend(bytes.chunks_exact(ENTRY_BYTES).map(|b| {
                let mut x = [0u8; 8];
                x[..ENTRY_BYTES].copy_from_slice(b);
                u64::from_le_bytes(x)
            }));
            return Ok(&buf[..]);
        }
        let _ = buf;
        Ok(&self.grams[from as usize..to as usize])
    }

    /// Whether no pair shares a gram.
    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.starts.last().is_none_or(|&n| n == 0)
    }
}

// The page never spills: nothing to test there.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::spill::TempDir;

    fn temp() -> (tempfile::TempDir, Temp) {
        let dir = tempfile::tempdir().unwrap();
        let t = TempDir::new(dir.path().to_path_buf()).unwrap();
        (dir, Some(t))
    }

    /// `n` grams, ascending, each in 2 to 6 of 40 documents.
    fn lists(n: u64, cap: usize, temp: Temp) -> (Lists, Vec<(u64, Vec<u32>)>) {
        let mut lists = Lists::new(cap, temp);
        let mut all = Vec::new();
        for i in 0..n {
            let docs: Vec<u32> = (0..2 + i % 5)
                .map(|j| ((i * 7 + j * 3) % 40) as u32)
                .collect();
            let mut docs = docs;
            docs.sort_unstable();
            docs.dedup();
            // Values past 32 bits (below 2^40), as real grams have.
            let g = i * 50_000_017;
            lists.push(g, &docs).unwrap();
            all.push((g, docs));
        }
        (lists, all)
    }

    fn read(lists: &Lists) -> Vec<(u64, Vec<u32>)> {
        let mut out = Vec::new();
        lists.each(&mut |g, d| out.push((g, d.to_vec()))).unwrap();
        out
    }

    #[test]
    fn lists_read_back_as_added_in_memory_or_spilled() {
        let (dir, t) = temp();
        for (cap, temp) in [
            (usize::MAX, None),
            (usize::MAX, t.clone()),
            (100, t.clone()),
            (1, t),
        ] {
            let spills = temp.is_some() && cap < usize::MAX;
            // 20,000 grams: lists on disk span several chunks.
            let (lists, all) = lists(20_000, cap, temp);
            assert_eq!(lists.spilled(), spills, "cap {cap}");
            if spills {
                assert!(
                    lists.words.len() <= cap / 4 + 3 + 6,
                    "{}",
                    lists.words.len()
                );
            }
            assert_eq!(read(&lists), all, "cap {cap}");
        }
        #[cfg(unix)]
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn shared_grams_are_the_same_in_memory_and_on_disk() {
        let (_dir, t) = temp();
        let (lists, all) = lists(3_000, 256, t.clone());
        // Two in three pairs of documents are candidates (sorted), and
        // then also none of some documents (as the earlier or the later
        // one), so some documents have no pairs of their own.
        for gaps in [false, true] {
            let pairs: Vec<(u32, u32)> = (0..40)
                .flat_map(|a| (a..40).map(move |b| (a, b)))
                .filter(|p| (p.0 + p.1) % 3 != 0)
                .filter(|p| !gaps || ![0, 5, 6, 17].contains(&p.0) && p.1 % 11 != 4)
                .collect();
            shared_grams_match(&lists, &all, &pairs, &t);
        }
    }

    /// [`Shared`] in memory, on disk and on disk in several passes against
    /// the grams of `all` each pair of `pairs` shares.
    fn shared_grams_match(lists: &Lists, all: &[(u64, Vec<u32>)], pairs: &[(u32, u32)], t: &Temp) {
        // Each gram the pair shares, marked when no other document has it.
        let expect = |k: usize| -> Vec<(u64, bool)> {
            let (a, b) = pairs[k];
            all.iter()
                .filter(|(_, d)| a != b && d.contains(&a) && d.contains(&b))
                .map(|x| (x.0, x.1.len() == 2))
                .collect()
        };
        let memory = Shared::new(lists, pairs, usize::MAX, None).unwrap();
        let disk = Shared::new(lists, pairs, 512, t.clone()).unwrap();
        // More pairs than one pass sorts (as past 2^23 pairs).
        let starts = memory.starts.clone();
        let parts = Shared::on_disk(lists, pairs, starts, 512, t.as_ref().unwrap(), 7).unwrap();
        assert!(memory.file.is_none() && disk.file.is_some());
        assert!(!memory.is_empty());
        let mut buf = Vec::new();
        let (mut private_grams, mut others) = (0, 0);
        for k in 0..pairs.len() {
            for shared in [&memory, &disk, &parts] {
                let got: Vec<(u64, bool)> = shared
                    .get(k, &mut buf)
                    .unwrap()
                    .iter()
                    .map(|&e| (gram(e), private(e)))
                    .collect();
                assert_eq!(got, expect(k), "pair {k}");
            }
            for (_, p) in expect(k) {
                *if p { &mut private_grams } else { &mut others } += 1;
            }
        }
        // Both kinds are there to be told apart.
        assert!(
            private_grams > 100 && others > 100,
            "{private_grams} {others}"
        );
    }
}
