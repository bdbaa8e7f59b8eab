//! Candidate search: the inverted index of winnowed fingerprints proposes
//! pairs of classes that share fingerprints, and a class keeps as
//! candidates the earlier classes that share enough of them.

use std::io;
use std::ops::Range;

use super::NONE;
use crate::spill::{Sorted, Sorter};

/// Proposals counted at once on the threads ([`Candidates::count_next`]).
const COUNT_CHUNK: usize = if cfg!(test) { 64 } else { 1 << 18 };

/// Budget of candidate pairs one fingerprint may propose. Each paragraph is
/// paired with the earliest paragraphs sharing the fingerprint, at least
/// `MIN_SCAN` and at most `MAX_SCAN` of them, so fingerprints that occur
/// everywhere cost little and still lead back to the first occurrence.
// These also decide which reference files a saved reference index reads
// (`src/refindex.rs`, through `refkeys.rs`): keep it in step.
pub(super) const SCAN_BUDGET: usize = 1 << 12;
const MIN_SCAN: usize = 2;
pub(super) const MAX_SCAN: usize = 64;
/// A candidate must share at least 1/`SHARED_FRACTION` of the fingerprints
/// of the paragraph that has fewer.
pub(super) const SHARED_FRACTION: usize = 8;
/// Candidates verified per paragraph, those sharing most fingerprints first.
const MAX_CANDIDATES: usize = 32;

/// A candidate of a class: an earlier class and the number of
/// fingerprints the two share.
pub(super) type Candidate = (u32, u32);

/// In a check against a reference, which side each class has members
/// on: only pairs of classes that can show reuse between a new and a
/// reference document (or among new ones, `within`) are proposed, so
/// reference text is never compared with itself.
#[derive(Debug)]
pub(super) struct Sides {
    /// Per class: `REFERENCE`, `NEW` or both.
    bits: Vec<u8>,
    within: bool,
}

const REFERENCE: u8 = 1;
const NEW: u8 = 2;

impl Sides {
    /// The sides of the classes of `of_paragraph` (global paragraphs,
    /// `NONE` for those not compared) when the first `references`
    /// paragraphs are reference text and `rep` gives each class's first.
    pub(super) fn new(of_paragraph: &[u32], rep: &[u32], references: u32, within: bool) -> Self {
        let mut bits: Vec<u8> = rep
            .iter()
            .map(|&g| if g < references { REFERENCE } else { NEW })
            .collect();
        for &c in of_paragraph.iter().skip(references as usize) {
            if let Some(b) = bits.get_mut(c as usize) {
                *b |= NEW;
            }
        }
        Sides { bits, within }
    }

    /// Whether class `c` has a member in a new document.
    pub(super) fn has_new(&self, c: u32) -> bool {
        self.bits[c as usize] & NEW != 0
    }

    /// Whether class `c` first occurs in a reference document.
    pub(super) fn is_reference(&self, c: u32) -> bool {
        self.bits[c as usize] & REFERENCE != 0
    }

    /// Whether comparing classes `x` and `y` can show reuse that is
    /// reported.
    pub(super) fn relevant(&self, x: u32, y: u32) -> bool {
        let (x, y) = (self.bits[x as usize], self.bits[y as usize]);
        (x & REFERENCE != 0 && y & NEW != 0)
            || (x & NEW != 0 && y & REFERENCE != 0)
            || (self.within && x & NEW != 0 && y & NEW != 0)
    }
}

/// The candidates of every class, streamed one later class at a time in
/// class order ([`Candidates::next`]).
pub(super) struct Candidates {
    /// Proposed pairs `later << 32 | earlier`, one per shared fingerprint,
    /// in order.
    proposals: Sorted,
    /// Number of distinct fingerprints of each class.
    fp_count: Vec<u32>,
    /// The first proposal of the next class, read ahead.
    pending: Option<u64>,
    /// The earlier classes proposed to the class being read.
    group: Vec<u32>,
    counted: Vec<Candidate>,
}

impl Candidates {
    /// Reads the inverted `index` of `classes` classes (entries
    /// `fingerprint << 32 | class`) and sorts the pairs it proposes into
    /// `proposals` (an empty sorter, which may spill).
    /// With `sides` (a check against a reference), a class is paired with
    /// the earliest classes it is `relevant` to only. What is sorted in
    /// memory is sorted on up to `threads` threads.
    pub(super) fn search(
        index: Sorter,
        classes: u32,
        proposals: Sorter,
        sides: Option<&Sides>,
        threads: usize,
    ) -> io::Result<Self> {
        Self::search_keeping(index, classes, proposals, sides, threads, None)
    }

    /// [`Candidates::search`], handing the sorted index and the
    /// fingerprint counts to `keep` when the index stayed in memory (a
    /// re-matchable analysis keeps them for the next append,
    /// [`appended`]).
    pub(super) fn search_keeping(
        index: Sorter,
        classes: u32,
        mut proposals: Sorter,
        sides: Option<&Sides>,
        threads: usize,
        keep: Option<&mut Option<KeptIndex>>,
    ) -> io::Result<Self> {
        // Sorted, each fingerprint's classes form one run in input order.
        let fp_count = match index.into_sorted_on(threads)? {
            Sorted::Memory(entries) => {
                // Made a list again without copying (nothing was read).
                let entries: Vec<u64> = entries.collect();
                let (fp_count, entries) = scan_memory(
                    entries,
                    keep.is_some(),
                    classes,
                    &mut proposals,
                    sides,
                    threads,
                )?;
                if let (Some(keep), Some(entries)) = (keep, entries) {
                    *keep = Some(KeptIndex {
                        entries,
                        fp_count: fp_count.clone(),
                    });
                }
                fp_count
            }
            mut index => {
                let mut scan = Scan::new(classes, sides);
                loop {
                    let next = index.next()?;
                    scan.entry(next, &mut proposals)?;
                    if next.is_none() {
                        break;
                    }
                }
                scan.fp_count
            }
        };
        Ok(Candidates {
            proposals: proposals.into_sorted_on(threads)?,
            fp_count,
            pending: None,
            group: Vec::new(),
            counted: Vec::new(),
        })
    }

    /// The next class that was proposed any pair, with its candidates in
    /// ascending order of the earlier class. The list is empty when no proposal shared
    /// enough. `None` after the last class.
    pub(super) fn next(&mut self) -> io::Result<Option<(u32, &[Candidate])>> {
        let first = match self.pending.take() {
            Some(x) => x,
            None => match self.proposals.next()? {
                Some(x) => x,
                None => return Ok(None),
            },
        };
        self.group.clear();
        self.group.push(first as u32);
        loop {
            match self.proposals.next()? {
                Some(x) if x >> 32 == first >> 32 => self.group.push(x as u32),
                next => {
                    self.pending = next;
                    break;
                }
            }
        }
        let c = (first >> 32) as u32;
        count(c, &self.group, &self.fp_count, &mut self.counted);
        Ok(Some((c, &self.counted)))
    }
}

impl Candidates {
    /// Reads the next classes with their candidates into `into`; `false`
    /// after the last class. With several `threads` and the proposals in
    /// memory, about [`COUNT_CHUNK`] proposals (whole classes) are counted
    /// at once, a contiguous share of classes per thread, so the calling
    /// thread does not count them alone; otherwise one class, as
    /// [`Candidates::next`]. Either way the lists come in class order.
    pub(super) fn count_next(&mut self, threads: usize, into: &mut Counted) -> io::Result<bool> {
        let slice = match (&self.proposals, self.pending) {
            (Sorted::Memory(it), None) if threads > 1 && !cfg!(target_arch = "wasm32") => {
                it.as_slice()
            }
            _ => return Ok(self.next()?.map(|(c, list)| into.push(c, list)).is_some()),
        };
        if slice.is_empty() {
            return Ok(false);
        }
        let class = |x: u64| x >> 32;
        let mut end = slice.len().min(COUNT_CHUNK);
        while end < slice.len() && class(slice[end]) == class(slice[end - 1]) {
            end += 1;
        }
        let chunk = &slice[..end];
        let mut shares = Vec::with_capacity(threads);
        let mut start = 0;
        for k in 1..=threads {
            let mut cut = (end * k / threads).max(start);
            while cut > 0 && cut < end && class(chunk[cut]) == class(chunk[cut - 1]) {
                cut += 1;
            }
            if cut > start {
                shares.push(start..cut);
                start = cut;
            }
        }
        let fp_count = &self.fp_count;
        let counted = crate::parallel::each(shares, |share| {
            let (mut out, mut group, mut list) = (Counted::default(), Vec::new(), Vec::new());
            for run in chunk[share].chunk_by(|x, y| class(*x) == class(*y)) {
                group.clear();
                group.extend(run.iter().map(|&x| x as u32));
                let c = class(run[0]) as u32;
                count(c, &group, fp_count, &mut list);
                out.push(c, &list);
            }
            out
        });
        for part in counted {
            into.append(part);
        }
        if let Sorted::Memory(it) = &mut self.proposals {
            it.nth(end - 1);
        }
        Ok(true)
    }
}

/// Classes read with their candidates, flattened ([`Candidates::count_next`]).
#[derive(Debug, Default)]
pub(super) struct Counted {
    /// Each class with candidates and where they end in `pairs`.
    pub(super) lists: Vec<(u32, usize)>,
    /// The earlier classes of every list, one list after the other.
    pub(super) pairs: Vec<u32>,
    /// The classes read that are a multiple of 4096 (for progress).
    pub(super) ticks: Vec<u32>,
}

impl Counted {
    /// Adds class `c`, read with candidates `list` (maybe none).
    pub(super) fn push(&mut self, c: u32, list: &[Candidate]) {
        if c.is_multiple_of(4096) {
            self.ticks.push(c);
        }
        if !list.is_empty() {
            self.pairs.extend(list.iter().map(|&(d, _)| d));
            self.lists.push((c, self.pairs.len()));
        }
    }

    /// Adds what `next` read, which came after.
    fn append(&mut self, next: Counted) {
        let at = self.pairs.len();
        self.lists
            .extend(next.lists.iter().map(|&(c, end)| (c, at + end)));
        self.pairs.extend_from_slice(&next.pairs);
        self.ticks.extend_from_slice(&next.ticks);
    }
}

/// The candidates of class `c` into `out`, from the earlier classes
/// proposed to it (`proposed`, ascending, one per shared fingerprint) and
/// every class's number of fingerprints.
fn count(c: u32, proposed: &[u32], fp_count: &[u32], out: &mut Vec<Candidate>) {
    out.clear();
    let fps_c = fp_count[c as usize] as usize;
    for same in proposed.chunk_by(|x, y| x == y) {
        let d = same[0];
        // Text that matches shares a good part of the smaller side's
        // fingerprints; one common phrase in passing does not count.
        let fewest = fps_c.min(fp_count[d as usize] as usize);
        if same.len() * SHARED_FRACTION >= fewest {
            out.push((d, same.len() as u32));
        }
    }
    if out.len() > MAX_CANDIDATES {
        // Most shared fingerprints first, then the earliest.
        out.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        out.truncate(MAX_CANDIDATES);
        out.sort_unstable();
    }
}

/// Scans sorted index `entries` in memory, proposing into `proposals`;
/// returns every class's number of fingerprints, and the entries when
/// `keep` says so. Runs of fingerprints far apart are independent: with
/// several threads, each scans a share into a sorter of its own, and the
/// entries' memory, when not kept, may take the joined proposals.
fn scan_memory(
    entries: Vec<u64>,
    keep: bool,
    classes: u32,
    proposals: &mut Sorter,
    sides: Option<&Sides>,
    threads: usize,
) -> io::Result<(Vec<u32>, Option<Vec<u64>>)> {
    if cfg!(target_arch = "wasm32") || threads <= 1 || entries.len() < PARALLEL_MIN {
        let mut scan = Scan::new(classes, sides);
        for &e in &entries {
            scan.entry(Some(e), proposals)?;
        }
        scan.entry(None, proposals)?;
        return Ok((scan.fp_count, keep.then_some(entries)));
    }
    // Each share counts fingerprints per class: together at most a
    // quarter of the index's own memory.
    let most = entries.len() / (2 * classes.max(1) as usize);
    let shares = fingerprint_shares(&entries, threads.min(most.max(1)));
    let sorters = proposals.share(shares.len());
    let scanned = crate::parallel::each(
        shares.into_iter().zip(sorters).collect(),
        |(share, mut sorter)| -> io::Result<(Vec<u32>, Sorter)> {
            let mut scan = Scan::new(classes, sides);
            for &e in &entries[share] {
                scan.entry(Some(e), &mut sorter)?;
            }
            scan.entry(None, &mut sorter)?;
            Ok((scan.fp_count, sorter))
        },
    );
    let mut fp_count = vec![0; classes as usize];
    let mut sorters = Vec::with_capacity(scanned.len());
    for share in scanned {
        let (counts, sorter) = share?;
        for (total, n) in fp_count.iter_mut().zip(counts) {
            *total += n;
        }
        sorters.push(sorter);
    }
    if keep {
        proposals.join_on(sorters, threads, Vec::new())?;
        return Ok((fp_count, Some(entries)));
    }
    proposals.join_on(sorters, threads, entries)?;
    Ok((fp_count, None))
}

/// What a candidate search over an index in memory leaves for the next
/// one, when documents are only appended: the sorted, distinct index
/// entries (`fingerprint << 32 | class`) and every class's number of
/// fingerprints.
#[derive(Debug, Default)]
pub(super) struct KeptIndex {
    entries: Vec<u64>,
    fp_count: Vec<u32>,
}

/// How many earlier classes of a fingerprint's run of `len` classes each
/// class is paired with (see [`SCAN_BUDGET`]).
fn scan_of(len: usize) -> usize {
    (SCAN_BUDGET / len).clamp(MIN_SCAN, MAX_SCAN)
}

/// The classes of a fingerprint's run in sorted index `entries`.
fn run_in(entries: &[u64], fp: u64) -> Range<usize> {
    let start = entries.partition_point(|&e| e >> 32 < fp);
    let end = start + entries[start..].partition_point(|&e| e >> 32 == fp);
    start..end
}

/// Class `c`'s candidates in sorted index `entries` from its distinct
/// fingerprints `own`, each fingerprint's run taken as `len(fp, run)`
/// classes long (which decides how many earlier classes it pairs each
/// with, [`scan_of`]): what [`Candidates`] over that index gives it.
fn candidates_of(
    (entries, fp_count): (&[u64], &[u32]),
    c: u32,
    own: &[u32],
    len: &dyn Fn(u64, usize) -> usize,
    proposed: &mut Vec<u32>,
) -> Vec<Candidate> {
    proposed.clear();
    for &fp in own {
        let fp = u64::from(fp);
        let run = &entries[run_in(entries, fp)];
        let i = run.partition_point(|&e| (e as u32) < c);
        let earlier = i.min(scan_of(len(fp, run.len()).max(1)));
        proposed.extend(run[..earlier].iter().map(|&e| e as u32));
    }
    proposed.sort_unstable();
    let mut counted = Vec::new();
    count(c, proposed, fp_count, &mut counted);
    counted
}

/// Class `c`'s distinct fingerprints into `own`, from `fps`.
fn own_fps(fps: &dyn Fn(u32, &mut Vec<u32>), c: u32, own: &mut Vec<u32>) {
    own.clear();
    fps(c, own);
    own.sort_unstable();
    own.dedup();
}

/// The candidate search after documents were appended, from `kept` (the
/// last search, over its first `classes_before` classes): adds the index
/// entries of the classes since to `kept`, and returns in class order the
/// candidates of every new class and of every earlier class whose
/// candidates changed — what [`Candidates`] over the whole index gives
/// them (an empty list when nothing is shared enough). An earlier class's
/// candidates change only when a run of one of its fingerprints grew so
/// much that each class of it is paired with fewer classes
/// ([`scan_of`]); every other class keeps the candidates it had. `fps(c,
/// out)` appends class `c`'s fingerprints (repeats allowed) to `out`.
// Not inlined into the analysis: one copy, called once per re-match.
#[inline(never)]
pub(super) fn appended(
    kept: &mut KeptIndex,
    classes_before: u32,
    classes: u32,
    fps: &dyn Fn(u32, &mut Vec<u32>),
) -> Vec<(u32, Vec<Candidate>)> {
    let mut own = Vec::new();
    let mut added: Vec<u64> = Vec::new();
    for c in classes_before..classes {
        own_fps(fps, c, &mut own);
        added.extend(own.iter().map(|&f| u64::from(f) << 32 | u64::from(c)));
    }
    added.sort_unstable();
    // The runs the new entries join, before and after: new classes come
    // last in every run, so an earlier class keeps its place.
    let mut grown: Vec<(u64, usize)> = Vec::new();
    for same in added.chunk_by(|x, y| x >> 32 == y >> 32) {
        let fp = same[0] >> 32;
        grown.push((fp, run_in(&kept.entries, fp).len()));
    }
    merge(&mut kept.entries, &added);
    kept.fp_count.resize(classes as usize, 0);
    for &e in &added {
        kept.fp_count[e as u32 as usize] += 1;
    }
    // The new classes, and the earlier ones paired with fewer classes now.
    let mut touched: Vec<u32> = (classes_before..classes).collect();
    for &(fp, before) in &grown {
        let run = &kept.entries[run_in(&kept.entries, fp)];
        let (was, now) = (scan_of(before.max(1)), scan_of(run.len()));
        if now < was {
            // Class at place i had run[..min(i, was)], has run[..min(i, now)].
            touched.extend(run[now + 1..before.max(now + 1)].iter().map(|&e| e as u32));
        }
    }
    touched.sort_unstable();
    touched.dedup();
    let index = (&kept.entries[..], &kept.fp_count[..]);
    let now = |_: u64, len: usize| len;
    let was = |fp: u64, len: usize| match grown.binary_search_by_key(&fp, |g| g.0) {
        Ok(g) => grown[g].1,
        Err(_) => len,
    };
    let mut proposed = Vec::new();
    let mut out = Vec::with_capacity(touched.len());
    for &c in &touched {
        own_fps(fps, c, &mut own);
        let list = candidates_of(index, c, &own, &now, &mut proposed);
        // An earlier class mostly loses a proposal that changes nothing:
        // it keeps its candidates (and its edges).
        if c >= classes_before || list != candidates_of(index, c, &own, &was, &mut proposed) {
            out.push((c, list));
        }
    }
    out
}

/// How a removal renumbers the classes of the last search: per class
/// then, its number now (`NONE` when every member was removed), and
/// whether it *moved*: its first member was removed, so it is now
/// numbered by a later one, and may come after classes it preceded.
/// Every other class keeps its order among the others.
#[derive(Debug, Default)]
pub(super) struct Renumbering {
    pub(super) now: Vec<u32>,
    pub(super) moved: Vec<bool>,
}

impl Renumbering {
    /// Whether class `c` (numbered as before) is gone or moved.
    pub(super) fn changed(&self, c: u32) -> bool {
        self.now[c as usize] == NONE || self.moved[c as usize]
    }
}

/// What a removal leaves to score ([`removed`]), numbered now.
#[derive(Debug, Default)]
pub(super) struct Removal {
    /// In class order, each class with the candidates to score: pairs
    /// that were not candidates before, and every pair with a moved class
    /// (whose first member, which decides whether one paragraph heads
    /// another, moved).
    pub(super) score: Vec<(u32, Vec<Candidate>)>,
    /// In class order, each class whose candidates changed with its
    /// candidates now: only its matches with these are kept (the other
    /// classes keep every match with a class that is neither removed nor
    /// moved).
    pub(super) changed: Vec<(u32, Vec<u32>)>,
}

impl Removal {
    /// Whether the last search's match of classes `a` and `b` (numbered
    /// now, neither moved) still stands.
    pub(super) fn keeps(&self, a: u32, b: u32) -> bool {
        match self.changed.binary_search_by_key(&b, |x| x.0) {
            Ok(i) => self.changed[i].1.binary_search(&a).is_ok(),
            Err(_) => true,
        }
    }
}

/// The candidate search after documents were removed, from `kept` (the
/// last search): renumbers `kept` as `renumbering` says (its `classes`
/// classes now) and returns what to score again and which matches stand
/// ([`Removal`]), so that the matches are those of [`Candidates`] over
/// the whole index. Only classes in a run of one of `gone` (sorted
/// fingerprints of the removed paragraphs, a superset of those of the
/// classes removed or moved) can change candidates: those placed after a
/// removed or moved class that was among the earliest of the run it pairs
/// with, or when the run's shorter length pairs each with more; every
/// moved class is searched again. `fps(c, out)` appends class `c`'s
/// fingerprints (numbered now) to `out`.
#[inline(never)]
pub(super) fn removed(
    kept: &mut KeptIndex,
    renumbering: &Renumbering,
    classes: u32,
    gone: &[u32],
    fps: &dyn Fn(u32, &mut Vec<u32>),
) -> Removal {
    let now = &renumbering.now;
    // The classes (numbered as before) whose candidates may change.
    let mut examine: Vec<u32> = Vec::new();
    for &fp in gone {
        let run = &kept.entries[run_in(&kept.entries, u64::from(fp))];
        let Some(first) = run.iter().position(|&e| renumbering.changed(e as u32)) else {
            continue;
        };
        let lost = run.iter().filter(|&&e| now[e as u32 as usize] == NONE);
        let (was, is) = (
            scan_of(run.len()),
            scan_of((run.len() - lost.count()).max(1)),
        );
        // The class at place i pairs with run[..min(i, scan)]; the places
        // before `first` stay as they were.
        let from = match (was == is, first < was) {
            (false, _) => first.min(was).min(is),
            (true, true) => first,
            (true, false) => continue,
        };
        let later = run[from + 1..].iter().map(|&e| e as u32);
        examine.extend(later.filter(|&c| !renumbering.changed(c)));
    }
    examine.sort_unstable();
    examine.dedup();
    // Their candidates before, numbered now.
    let (mut own, mut proposed) = (Vec::new(), Vec::new());
    let same_len = |_: u64, len: usize| len;
    let before: Vec<Vec<Candidate>> = examine
        .iter()
        .map(|&c| {
            own_fps(fps, now[c as usize], &mut own);
            let index = (&kept.entries[..], &kept.fp_count[..]);
            let list = candidates_of(index, c, &own, &same_len, &mut proposed);
            // Those removed are gone from its matches anyway.
            let left = list.iter().filter(|d| now[d.0 as usize] != NONE);
            left.map(|&(d, n)| (now[d as usize], n)).collect()
        })
        .collect();
    // The index renumbered: the classes that kept their order in place,
    // the moved ones merged in.
    kept.entries.retain_mut(|e| {
        let c = *e as u32;
        let keep = !renumbering.changed(c);
        if keep {
            *e = (*e >> 32) << 32 | u64::from(now[c as usize]);
        }
        keep
    });
    let mut moved: Vec<u32> = (0..now.len())
        .filter(|&c| renumbering.moved[c])
        .map(|c| now[c])
        .collect();
    moved.sort_unstable();
    let mut added: Vec<u64> = Vec::new();
    for &c in &moved {
        own_fps(fps, c, &mut own);
        added.extend(own.iter().map(|&f| u64::from(f) << 32 | u64::from(c)));
    }
    added.sort_unstable();
    merge(&mut kept.entries, &added);
    let mut fp_count = vec![0; classes as usize];
    for (c, &n) in now.iter().enumerate().filter(|x| *x.1 != NONE) {
        fp_count[n as usize] = kept.fp_count[c];
    }
    kept.fp_count = fp_count;
    // Every class to search again, numbered now, in order: the examined
    // ones (in order already) and the moved ones merged.
    let mut examined = examine
        .iter()
        .zip(&before)
        .map(|(&c, list)| (now[c as usize], Some(&list[..])))
        .peekable();
    let mut searched = Vec::with_capacity(examine.len() + moved.len());
    for &c in &moved {
        while let Some(x) = examined.next_if(|x| x.0 < c) {
            searched.push(x);
        }
        searched.push((c, None));
    }
    searched.extend(examined);
    let index = (&kept.entries[..], &kept.fp_count[..]);
    let mut out = Removal::default();
    let is_moved = |d: u32| moved.binary_search(&d).is_ok();
    for (c, before) in searched {
        own_fps(fps, c, &mut own);
        let list = candidates_of(index, c, &own, &same_len, &mut proposed);
        let Some(before) = before else {
            out.score.push((c, list));
            continue;
        };
        if before == &list[..] && !list.iter().any(|d| is_moved(d.0)) {
            continue;
        }
        // Both lists are in class order.
        let was = |d: u32| before.binary_search_by_key(&d, |x| x.0).is_ok();
        let new: Vec<Candidate> = list
            .iter()
            .copied()
            .filter(|d| is_moved(d.0) || !was(d.0))
            .collect();
        if !new.is_empty() {
            out.score.push((c, new));
        }
        out.changed.push((c, list.iter().map(|d| d.0).collect()));
    }
    out
}

/// Merges sorted `new` (no value also in `into`) into sorted `into`, in
/// place: from the back, so only `into` grows (by `new`'s length).
fn merge(into: &mut Vec<u64>, new: &[u64]) {
    if new.is_empty() {
        return;
    }
    let mut old = into.len();
    into.reserve_exact(new.len());
    into.resize(old + new.len(), 0);
    let mut rest = new.len();
    for at in (0..into.len()).rev() {
        if rest == 0 {
            break;
        }
        if old > 0 && into[old - 1] > new[rest - 1] {
            into[at] = into[old - 1];
            old -= 1;
        } else {
            into[at] = new[rest - 1];
            rest -= 1;
        }
    }
}

/// Below this many index entries, one thread scans them (the crate's own
/// tests split small indexes too).
const PARALLEL_MIN: usize = if cfg!(test) { 64 } else { 1 << 16 };

/// A pass over index entries in order: each fingerprint's run of classes
/// proposes pairs, and each class's fingerprints are counted.
struct Scan<'a> {
    sides: Option<&'a Sides>,
    /// Number of distinct fingerprints of each class.
    fp_count: Vec<u32>,
    /// The classes of the current fingerprint, in input order.
    run: Vec<u32>,
    fingerprint: Option<u64>,
    news: Vec<u32>,
}

impl<'a> Scan<'a> {
    fn new(classes: u32, sides: Option<&'a Sides>) -> Self {
        Scan {
            sides,
            fp_count: vec![0; classes as usize],
            run: Vec::new(),
            fingerprint: None,
            news: Vec::new(),
        }
    }

    /// Takes the next entry (`fingerprint << 32 | class`), or the end
    /// (`None`); a fingerprint's run proposes its pairs once it is over.
    fn entry(&mut self, next: Option<u64>, proposals: &mut Sorter) -> io::Result<()> {
        if next.map(|e| e >> 32) != self.fingerprint && !self.run.is_empty() {
            let run = &self.run;
            let scan = scan_of(run.len());
            if let Some(sides) = self.sides {
                propose_relevant(run, scan, sides, &mut self.news, proposals)?;
            } else {
                for (i, &later) in run.iter().enumerate().skip(1) {
                    let later = u64::from(later) << 32;
                    proposals.extend(
                        run[..i.min(scan)]
                            .iter()
                            .map(|&earlier| later | u64::from(earlier)),
                    )?;
                }
            }
            self.run.clear();
        }
        if let Some(e) = next {
            self.fingerprint = Some(e >> 32);
            self.run.push(e as u32);
            self.fp_count[e as u32 as usize] += 1;
        }
        Ok(())
    }
}

/// Cuts sorted index `entries` into up to `parts` contiguous shares of
/// about equal length, never inside a fingerprint's run.
fn fingerprint_shares(entries: &[u64], parts: usize) -> Vec<Range<usize>> {
    let mut shares = Vec::with_capacity(parts);
    let mut start = 0;
    for k in 1..=parts {
        let mut end = (entries.len() * k / parts).max(start);
        while end > 0 && end < entries.len() && entries[end] >> 32 == entries[end - 1] >> 32 {
            end += 1;
        }
        if end > start {
            shares.push(start..end);
            start = end;
        }
    }
    shares
}

/// Proposes each class of a fingerprint's `run` with the earliest `scan`
/// earlier classes it is relevant to. A class with no new member (most of
/// a large reference) looks only at the earlier classes that have one,
/// kept in `news`, so a run of reference text costs no pairs among its
/// own classes.
fn propose_relevant(
    run: &[u32],
    scan: usize,
    sides: &Sides,
    news: &mut Vec<u32>,
    proposals: &mut Sorter,
) -> io::Result<()> {
    news.clear();
    for (i, &later) in run.iter().enumerate() {
        let high = u64::from(later) << 32;
        if i > 0 && sides.has_new(later) {
            let earlier = run[..i].iter().filter(|&&e| sides.relevant(e, later));
            proposals.extend(earlier.take(scan).map(|&e| high | u64::from(e)))?;
        } else if i > 0 {
            proposals.extend(news.iter().take(scan).map(|&e| high | u64::from(e)))?;
        }
        if sides.has_new(later) {
            news.push(later);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Candidates from index entries `(fingerprint, class)`.
    fn candidates(classes: u32, entries: &[(u32, u32)]) -> Vec<(u32, Vec<Candidate>)> {
        search(classes, entries, None)
    }

    /// Candidates with sides: the first `references` classes first occur
    /// in reference text (class == global paragraph here), `new_members`
    /// of them have a copy in a new document too.
    fn candidates_against(
        classes: u32,
        references: u32,
        new_members: &[u32],
        within: bool,
        entries: &[(u32, u32)],
    ) -> Vec<(u32, Vec<Candidate>)> {
        let mut of_paragraph: Vec<u32> = (0..classes).collect();
        of_paragraph.extend_from_slice(new_members);
        let rep: Vec<u32> = (0..classes).collect();
        let sides = Sides::new(&of_paragraph, &rep, references, within);
        search(classes, entries, Some(&sides))
    }

    fn search(
        classes: u32,
        entries: &[(u32, u32)],
        sides: Option<&Sides>,
    ) -> Vec<(u32, Vec<Candidate>)> {
        search_on(classes, entries, sides, 1, None)
    }

    /// [`search`] on `threads` threads, spilling to `temp` past a few
    /// values if given.
    fn search_on(
        classes: u32,
        entries: &[(u32, u32)],
        sides: Option<&Sides>,
        threads: usize,
        temp: crate::spill::Temp,
    ) -> Vec<(u32, Vec<Candidate>)> {
        let mut index = Sorter::new("index", 0, true, temp.clone());
        index
            .extend(
                entries
                    .iter()
                    .map(|&(f, c)| (u64::from(f) << 32) | u64::from(c)),
            )
            .unwrap();
        let proposals = Sorter::new("pairs", 0, false, temp);
        let mut found = Candidates::search(index, classes, proposals, sides, threads).unwrap();
        let mut out = Vec::new();
        while let Some((c, list)) = found.next().unwrap() {
            out.push((c, list.to_vec()));
        }
        out
    }

    /// Every class's candidates (an empty list when it has none) from
    /// the found lists of classes `0..classes`.
    fn every(classes: u32, found: &[(u32, Vec<Candidate>)]) -> Vec<Vec<Candidate>> {
        let mut out = vec![Vec::new(); classes as usize];
        for (c, list) in found {
            out[*c as usize].clone_from(list);
        }
        out
    }

    #[test]
    fn an_append_searches_only_the_classes_it_touches_and_finds_what_a_full_search_finds() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n) as u32
        };
        // (classes, classes before the append, how common the commonest
        // fingerprints are): runs that grow past 64 classes pair each
        // class with fewer earlier ones.
        for (classes, before) in [(300u32, 200u32), (300, 299), (90, 60), (40, 40), (500, 100)] {
            let mut entries: Vec<(u32, u32)> = Vec::new();
            for c in 0..classes {
                for _ in 0..1 + next(12) {
                    entries.push((next(400), c));
                }
                // A few fingerprints nearly every class has.
                for fp in 1000..1004 {
                    if next(3) > 0 {
                        entries.push((fp, c));
                    }
                }
                // One that grows from under 64 classes to over.
                if c % 4 == 0 {
                    entries.push((2000, c));
                }
            }
            let all = every(classes, &search(classes, &entries, None));
            let earlier: Vec<(u32, u32)> =
                entries.iter().copied().filter(|e| e.1 < before).collect();
            let mut index = Sorter::new("index", 0, true, None);
            index
                .extend(
                    earlier
                        .iter()
                        .map(|&(f, c)| u64::from(f) << 32 | u64::from(c)),
                )
                .unwrap();
            let mut kept = None;
            let pairs = Sorter::new("pairs", 0, false, None);
            let mut found =
                Candidates::search_keeping(index, before, pairs, None, 1, Some(&mut kept)).unwrap();
            let mut old = Vec::new();
            while let Some((c, list)) = found.next().unwrap() {
                old.push((c, list.to_vec()));
            }
            let old = every(before, &old);
            let fps = |c: u32, out: &mut Vec<u32>| {
                out.extend(entries.iter().filter(|e| e.1 == c).map(|e| e.0));
            };
            let mut kept = kept.unwrap();
            let lists = appended(&mut kept, before, classes, &fps);
            let touched: Vec<u32> = lists.iter().map(|l| l.0).collect();
            assert!(touched.windows(2).all(|w| w[0] < w[1]));
            assert!((before..classes).all(|c| touched.contains(&c)));
            for (c, list) in &lists {
                assert_eq!(
                    list, &all[*c as usize],
                    "class {c} of {classes}, {before} before"
                );
            }
            for c in (0..before).filter(|c| !touched.contains(c)) {
                assert_eq!(
                    old[c as usize], all[c as usize],
                    "class {c} of {classes}, {before} before"
                );
            }
            // An earlier class comes back only when its candidates changed.
            for (c, list) in lists.iter().filter(|l| l.0 < before) {
                assert_ne!(&old[*c as usize], list, "class {c}");
            }
            // The kept index is now that of every class.
            let mut whole: Vec<u64> = entries
                .iter()
                .map(|&(f, c)| u64::from(f) << 32 | u64::from(c))
                .collect();
            whole.sort_unstable();
            whole.dedup();
            assert_eq!(kept.entries, whole);
        }
    }

    #[test]
    fn shares_of_the_index_never_split_a_fingerprint() {
        let entries: Vec<u64> = [(1, 0), (1, 1), (1, 2), (2, 0), (3, 1), (3, 2), (3, 4)]
            .iter()
            .map(|&(f, c): &(u64, u64)| f << 32 | c)
            .collect();
        assert_eq!(fingerprint_shares(&entries, 1), vec![0..7]);
        assert_eq!(fingerprint_shares(&entries, 2), [0..3, 3..7]);
        assert_eq!(fingerprint_shares(&entries, 3), [0..3, 3..4, 4..7]);
        assert_eq!(fingerprint_shares(&entries, 9), [0..3, 3..4, 4..7]);
        assert_eq!(fingerprint_shares(&[], 2), Vec::<Range<usize>>::new());
    }

    #[test]
    fn threads_and_spilling_find_the_same_candidates() {
        // Sixty classes over twenty fingerprints, some common, some rare;
        // the first twenty classes are reference text, with copies in
        // new documents for every seventh.
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n) as u32
        };
        let entries: Vec<(u32, u32)> = (0..600).map(|i| (next(20) * next(3), i % 60)).collect();
        let new_members: Vec<u32> = (0..20).filter(|c| c % 7 == 0).collect();
        let (_dir, temp) = {
            let dir = tempfile::tempdir().unwrap();
            let temp = crate::spill::TempDir::new(dir.path().to_owned()).unwrap();
            (dir, Some(temp))
        };
        for against in [None, Some(false), Some(true)] {
            let sides = against.map(|within| {
                let mut of_paragraph: Vec<u32> = (0..60).collect();
                of_paragraph.extend_from_slice(&new_members);
                Sides::new(&of_paragraph, &(0..60).collect::<Vec<_>>(), 20, within)
            });
            let one = search_on(60, &entries, sides.as_ref(), 1, None);
            assert!(one.len() > 20, "{against:?}: {}", one.len());
            for threads in [2, 3, 8] {
                for temp in [None, temp.clone()] {
                    let spills = temp.is_some();
                    let many = search_on(60, &entries, sides.as_ref(), threads, temp);
                    assert_eq!(
                        many, one,
                        "{against:?}, {threads} threads, spilling {spills}"
                    );
                }
            }
        }
    }

    #[test]
    fn counting_on_threads_reads_what_one_thread_reads() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n) as u32
        };
        // 9,000 classes (two of them multiples of 4096) over fingerprints
        // shared by a few classes each: several chunks of proposals.
        let entries: Vec<(u32, u32)> = (0..30_000).map(|i| (next(4_000), i % 9_000)).collect();
        let fields = |c: &Counted| (c.lists.clone(), c.pairs.clone(), c.ticks.clone());
        let mut want = Counted::default();
        for (c, list) in search(9_000, &entries, None) {
            want.push(c, &list);
        }
        assert!(want.lists.len() > 1_000 && want.ticks == [4096, 8192]);
        let mut one_calls = 0;
        for threads in [1, 2, 3, 8] {
            let mut index = Sorter::new("index", 0, true, None);
            index
                .extend(
                    entries
                        .iter()
                        .map(|&(f, c)| u64::from(f) << 32 | u64::from(c)),
                )
                .unwrap();
            let proposals = Sorter::new("pairs", 0, false, None);
            let mut found = Candidates::search(index, 9_000, proposals, None, threads).unwrap();
            let mut got = Counted::default();
            let mut calls = 0;
            while found.count_next(threads, &mut got).unwrap() {
                calls += 1;
            }
            assert_eq!(fields(&got), fields(&want), "{threads} threads");
            // One class a call alone, a chunk of classes a call on threads.
            if threads == 1 {
                one_calls = calls;
            } else {
                assert!(calls * 4 < one_calls, "{threads} threads: {calls}");
            }
        }
    }

    #[test]
    fn against_a_reference_reference_classes_are_never_paired_together() {
        // Classes 0-2 are reference text sharing fingerprint 1; class 3 is
        // new and shares it too.
        let entries = [(1, 0), (1, 1), (1, 2), (1, 3)];
        let found = candidates_against(4, 3, &[], false, &entries);
        assert_eq!(found, [(3, vec![(0, 1), (1, 1), (2, 1)])]);
        // Class 1 also occurs in a new document: it pairs with the other
        // reference classes, and class 3 still with all three.
        let found = candidates_against(4, 3, &[1], false, &entries);
        assert_eq!(
            found,
            [
                (1, vec![(0, 1)]),
                (2, vec![(1, 1)]),
                (3, vec![(0, 1), (1, 1), (2, 1)])
            ]
        );
    }

    #[test]
    fn against_a_reference_new_classes_pair_together_only_within() {
        // Classes 0-1 reference, 2-3 new; all share fingerprint 1, and the
        // new ones also fingerprint 2.
        let entries = [(1, 0), (1, 1), (1, 2), (1, 3), (2, 2), (2, 3)];
        let found = candidates_against(4, 2, &[], false, &entries);
        assert_eq!(
            found,
            [(2, vec![(0, 1), (1, 1)]), (3, vec![(0, 1), (1, 1)])]
        );
        let found = candidates_against(4, 2, &[], true, &entries);
        assert_eq!(
            found,
            [(2, vec![(0, 1), (1, 1)]), (3, vec![(0, 1), (1, 1), (2, 2)])]
        );
    }

    #[test]
    fn a_shared_fingerprint_makes_the_later_class_a_candidate_of_the_earlier() {
        let found = candidates(3, &[(7, 0), (8, 1), (7, 2), (9, 2)]);
        // Class 2 shares fingerprint 7 with class 0 (one of its own two,
        // which is enough); class 1 shares nothing.
        assert_eq!(found, [(2, vec![(0, 1)])]);
    }

    #[test]
    fn repeated_fingerprints_of_one_class_propose_nothing() {
        // A class that repeats a fingerprint (a repeated phrase) is indexed
        // once under it: no pair of the class with itself, no double count.
        let found = candidates(2, &[(5, 0), (5, 0), (6, 0), (5, 1), (6, 1), (6, 1)]);
        assert_eq!(found, [(1, vec![(0, 2)])]);
    }

    #[test]
    fn every_shared_fingerprint_counts_once() {
        let found = candidates(2, &[(1, 0), (2, 0), (3, 0), (1, 1), (2, 1), (3, 1)]);
        assert_eq!(found, [(1, vec![(0, 3)])]);
    }

    #[test]
    fn one_common_phrase_in_passing_is_not_enough() {
        // Classes 0 and 1 have 17 fingerprints each and share one: less
        // than an eighth of the smaller side. Class 2 has a single
        // fingerprint, which it shares with class 0: all of its own.
        let mut entries: Vec<(u32, u32)> = (0..17).map(|f| (f, 0)).collect();
        entries.extend((16..33).map(|f| (f, 1)));
        entries.push((3, 2));
        let found = candidates(3, &entries);
        assert_eq!(found, [(1, vec![]), (2, vec![(0, 1)])]);
    }

    #[test]
    fn a_class_keeps_the_candidates_sharing_most() {
        // Class 40 shares one fingerprint with each of classes 0..40, and a
        // second one with classes 30..40.
        let mut entries: Vec<(u32, u32)> = (0..40).map(|c| (c, c)).collect();
        entries.extend((0..40).map(|f| (f, 40)));
        entries.extend((30..40).map(|c| (100, c)));
        entries.push((100, 40));
        let found = candidates(41, &entries);
        let (c, list) = &found[found.len() - 1];
        assert_eq!(*c, 40);
        assert_eq!(list.len(), MAX_CANDIDATES);
        // The ten sharing two fingerprints, then the earliest others, in
        // class order.
        let mut want: Vec<Candidate> = (0..22).map(|d| (d, 1)).collect();
        want.extend((30..40).map(|d| (d, 2)));
        assert_eq!(*list, want);
    }

    #[test]
    fn a_common_fingerprint_pairs_each_class_with_the_earliest_only() {
        // 3,000 classes share one fingerprint: the budget allows two
        // earlier classes each (4,096 / 3,000, at least MIN_SCAN).
        let entries: Vec<(u32, u32)> = (0..3000).map(|c| (1, c)).collect();
        let found = candidates(3000, &entries);
        assert_eq!(found.len(), 2999);
        assert_eq!(found[0], (1, vec![(0, 1)]));
        for (c, list) in &found[1..] {
            assert_eq!(*list, [(0, 1), (1, 1)], "class {c}");
        }
    }
}
