//! Work split over threads, natively. wasm32 has no threads: there every
//! part runs on the calling thread, in order, and no thread is started.
//! Whatever the thread count, the results are the same and come back in
//! the parts' order, so reports do not depend on it.

use std::ops::Range;

/// Runs `work` on every part, each part on a thread of its own (the last
/// one on the calling thread), and returns the results in the parts'
/// order. A panic in any part goes on from here.
pub(crate) fn each<P: Send, R: Send>(parts: Vec<P>, work: impl Fn(P) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    if parts.len() > 1 {
        return std::thread::scope(|scope| {
            let mut parts = parts.into_iter();
            let last = parts.next_back();
            let work = &work;
            let started: Vec<_> = parts.map(|p| scope.spawn(move || work(p))).collect();
            let last = last.map(work);
            let mut out: Vec<R> = started
                .into_iter()
                .map(|t| {
                    t.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect();
            out.extend(last);
            out
        });
    }
    parts.into_iter().map(work).collect()
}

/// Runs `aside` and `here` at once when `threads` is more than one
/// (natively: `aside` on a thread of its own, `here` on the calling
/// thread), else `here` then `aside`; returns both results. A panic in
/// either goes on from here.
pub(crate) fn both<A: Send, B>(
    threads: usize,
    aside: impl FnOnce() -> A + Send,
    here: impl FnOnce() -> B,
) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 {
        return std::thread::scope(|scope| {
            let started = scope.spawn(aside);
            let b = here();
            let a = started
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (a, b)
        });
    }
    let _ = threads;
    let b = here();
    (aside(), b)
}

/// Values dropped on threads of their own (natively, with more than one
/// thread), so that giving back a large buffer's pages does not hold up
/// the calling thread; dropping an `Aside` waits for them, so nothing
/// (a spill folder's removal, say) outlives its owner.
#[derive(Default)]
pub(crate) struct Aside {
    #[cfg(not(target_arch = "wasm32"))]
    dropping: Vec<std::thread::JoinHandle<()>>,
}

impl Aside {
    /// Drops `value`: on a thread of its own when `threads` is more than
    /// one (natively), else here.
    pub(crate) fn drop<T: Send + 'static>(&mut self, value: T, threads: usize) {
        #[cfg(not(target_arch = "wasm32"))]
        if threads > 1 {
            // Should no thread start, the closure (and the value with it)
            // is dropped here instead.
            if let Ok(t) = std::thread::Builder::new().spawn(move || drop(value)) {
                self.dropping.push(t);
            }
            return;
        }
        let _ = threads;
        drop(value);
    }
}

impl Drop for Aside {
    fn drop(&mut self) {
        #[cfg(not(target_arch = "wasm32"))]
        for t in self.dropping.drain(..) {
            // A panic while dropping has nothing left to spoil.
            let _ = t.join();
        }
    }
}

/// Cuts `0..weights.len()` into at most `parts` contiguous, non-empty
/// ranges of about equal total weight (at least one range when there is
/// anything to cut).
pub(crate) fn balanced(weights: &[u64], parts: usize) -> Vec<Range<usize>> {
    let total: u64 = weights.iter().sum();
    let parts = parts.clamp(1, weights.len().max(1)) as u64;
    let mut out = Vec::new();
    let (mut start, mut sum) = (0, 0u64);
    for (i, &w) in weights.iter().enumerate() {
        sum += w;
        // Cut once this range has reached its share of the total.
        let share = total.saturating_mul(out.len() as u64 + 1) / parts;
        if sum >= share && out.len() as u64 + 1 < parts {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < weights.len() {
        out.push(start..weights.len());
    }
    out
}

/// Below this many values, one thread sorts them (the crate's own tests
/// split small inputs too).
const PARALLEL_SORT_MIN: usize = if cfg!(test) { 64 } else { 1 << 16 };

/// Sorts `v` ascending on up to `threads` threads, in place (no second
/// buffer, so no more memory than on one thread); the result is
/// `sort_unstable`'s, a sorted list being one list however it was reached.
/// Natively, a long `v` is partitioned around a value near its quantile
/// (taken from an evenly spaced sample) — each half of `v` partitioned on
/// a thread of its own, then the misplaced middle blocks swapped — and the
/// two sides are sorted at once, each with its share of the threads. (A
/// `select_nth_unstable` of the whole list, as before, ran on the calling
/// thread alone.)
pub(crate) fn sort_u64(v: &mut [u64], threads: usize) {
    sort_parts(v, threads, false);
}

/// [`sort_u64`], then every repeat dropped: `v` ends as `sort_unstable`
/// and `dedup` leave it. Each side drops its own repeats on its thread
/// (no value is on both sides), so the calling thread only moves the
/// upper side down.
pub(crate) fn sort_dedup_u64(v: &mut Vec<u64>, threads: usize) {
    if cfg!(target_arch = "wasm32") || threads <= 1 || v.len() < PARALLEL_SORT_MIN {
        v.sort_unstable();
        v.dedup();
        return;
    }
    let kept = sort_parts(v, threads, true);
    v.truncate(kept);
}

/// Sorts `v` on up to `threads` threads; with `dedup`, the distinct
/// values are moved to the front and their number returned (else
/// `v.len()`).
fn sort_parts(v: &mut [u64], threads: usize, dedup: bool) -> usize {
    if cfg!(target_arch = "wasm32") || threads <= 1 || v.len() < PARALLEL_SORT_MIN {
        v.sort_unstable();
        return if dedup { dedup_front(v) } else { v.len() };
    }
    let left = threads / 2;
    let pivot = sample_quantile(v, left, threads);
    let half = v.len() / 2;
    let (a, b) = v.split_at_mut(half);
    let lows = each(vec![a, b], |part| partition(part, pivot));
    // [low1 high1 | low2 high2]: swap high1's first blocks with low2's last.
    let (l1, l2) = (lows[0], lows[1]);
    let k = (half - l1).min(l2);
    let (a, b) = v.split_at_mut(half);
    // A quarter of `v` on average: swapped half on each side's thread.
    let (a1, a2) = a[l1..l1 + k].split_at_mut(k / 2);
    let (b1, b2) = b[l2 - k..l2].split_at_mut(k / 2);
    each(vec![(a1, b1), (a2, b2)], |(x, y)| x.swap_with_slice(y));
    let mid = l1 + l2;
    let (low, high) = v.split_at_mut(mid);
    let kept = each(
        vec![(low, left), (high, threads - left)],
        |(part, threads)| sort_parts(part, threads, dedup),
    );
    if kept[0] < mid {
        v.copy_within(mid..mid + kept[1], kept[0]);
    }
    kept[0] + kept[1]
}

/// Moves the distinct values of sorted `v` to its front, in order;
/// returns their number.
fn dedup_front(v: &mut [u64]) -> usize {
    if v.is_empty() {
        return 0;
    }
    let mut kept = 1;
    for i in 1..v.len() {
        if v[i] != v[kept - 1] {
            v[kept] = v[i];
            kept += 1;
        }
    }
    kept
}

/// About the `part`/`of` quantile of `v`, from an evenly spaced sample.
fn sample_quantile(v: &[u64], part: usize, of: usize) -> u64 {
    const SAMPLE: usize = 1024;
    let mut sample: Vec<u64> = (0..SAMPLE).map(|i| v[i * v.len() / SAMPLE]).collect();
    sample.sort_unstable();
    sample[SAMPLE * part / of]
}

/// Puts the values of `part` below `pivot` first; returns how many.
fn partition(part: &mut [u64], pivot: u64) -> usize {
    // Branch-free: every value is swapped, the low end advances only past
    // low ones (what lies between is all high).
    let mut low = 0;
    for i in 0..part.len() {
        let is_low = part[i] < pivot;
        part.swap(low, i);
        low += usize::from(is_low);
    }
    low
}

/// Every value of `runs` (in any order) in one sorted list, on up to
/// `threads` threads: each run is copied into its own part of the output
/// on a thread of its own, the runs are dropped, and the output is sorted
/// with [`sort_u64`]. (Sorting each run and merging them, as before, left
/// the threads as unequal as the runs' lengths, with the merge's own pass
/// on top: 84 ms against 61 ms for the 5.9 million candidate proposals of
/// the multilingual benchmark on two threads. Cutting the runs into value
/// ranges in their order instead, so that the sort could use it, took
/// 79 ms.) The output is `spare` (whatever it holds is overwritten) when
/// it is long enough or nearly so, else new memory, whose pages are first
/// touched on the threads.
pub(crate) fn join_u64(runs: Vec<Vec<u64>>, threads: usize, spare: Vec<u64>) -> Vec<u64> {
    let total: usize = runs.iter().map(Vec::len).sum();
    let mut out = if spare.len() >= total - total / 8 {
        let mut out = spare;
        // At most an eighth zeroed here; shrinking gives the rest back
        // without copying.
        out.resize(total, 0);
        out.shrink_to_fit();
        out
    } else {
        drop(spare);
        // Zeroed by the allocator (fresh pages), written once below.
        vec![0u64; total]
    };
    let mut tasks = Vec::with_capacity(runs.len());
    let mut rest = &mut out[..];
    for run in runs {
        let (mine, tail) = std::mem::take(&mut rest).split_at_mut(run.len());
        rest = tail;
        tasks.push((run, mine));
    }
    each(tasks, |(run, out)| out.copy_from_slice(&run));
    sort_u64(&mut out, threads);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_in_order() {
        for n in [0, 1, 2, 7] {
            let parts: Vec<usize> = (0..n).collect();
            assert_eq!(
                each(parts, |i| i * 3),
                (0..n).map(|i| i * 3).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_panicking_part_fails_the_call() {
        let outcome = std::panic::catch_unwind(|| each(vec![1, 2, 3], |i| assert!(i != 1)));
        assert!(outcome.is_err());
    }

    #[test]
    fn both_gives_each_side_its_own_result() {
        for threads in [1, 2, 3] {
            let here = std::thread::current().id();
            let (a, b) = both(
                threads,
                || (std::thread::current().id() != here, "aside"),
                || (std::thread::current().id() != here, "here"),
            );
            assert_eq!(a, (threads > 1, "aside"), "{threads} threads");
            assert_eq!(b, (false, "here"), "{threads} threads");
        }
    }

    #[test]
    fn on_one_thread_both_runs_here_first() {
        let order = std::sync::Mutex::new(Vec::new());
        let push = |side| order.lock().unwrap().push(side);
        both(1, || push("aside"), || push("here"));
        assert_eq!(order.into_inner().unwrap(), ["here", "aside"]);
    }

    #[test]
    fn a_panic_on_either_side_fails_both() {
        for threads in [1, 2] {
            let aside = std::panic::catch_unwind(|| both(threads, || panic!("aside"), || 1));
            assert!(aside.is_err(), "{threads} threads");
            let here = std::panic::catch_unwind(|| both(threads, || 1, || panic!("here")));
            assert!(here.is_err(), "{threads} threads");
        }
    }

    #[test]
    fn values_dropped_aside_are_gone_once_the_aside_is() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        /// Counts its drop, slowly, so that not waiting for it shows.
        struct Slow(Arc<AtomicUsize>);
        impl Drop for Slow {
            fn drop(&mut self) {
                std::thread::sleep(std::time::Duration::from_millis(30));
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        for threads in [1, 2, 3] {
            let dropped = Arc::new(AtomicUsize::new(0));
            let mut aside = Aside::default();
            for _ in 0..3 {
                aside.drop(Slow(dropped.clone()), threads);
            }
            drop(aside);
            assert_eq!(dropped.load(Ordering::SeqCst), 3, "{threads} threads");
        }
    }

    #[test]
    fn ranges_cover_everything_once_and_balance() {
        assert_eq!(balanced(&[], 4), Vec::<Range<usize>>::new());
        assert_eq!(balanced(&[5], 4), vec![0..1]);
        assert_eq!(balanced(&[1, 1, 1, 1], 2), [0..2, 2..4]);
        assert_eq!(balanced(&[0, 0, 0], 2), [0..1, 1..3]);
        assert_eq!(balanced(&[9, 1, 1, 1], 2), [0..1, 1..4]);
        let w: Vec<u64> = (0..100).map(|i| i % 7).collect();
        for parts in 1..9 {
            let r = balanced(&w, parts);
            assert!(r.len() <= parts && !r.is_empty());
            assert_eq!(r[0].start, 0);
            assert_eq!(r.last().unwrap().end, 100);
            assert!(r
                .windows(2)
                .all(|p| p[0].end == p[1].start && p[0].start < p[0].end));
        }
    }

    #[test]
    fn sorting_on_threads_is_sorting_and_dedup_drops_repeats() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Hashes, class numbers with many repeats, all equal, and too few
        // to split.
        let cases: Vec<Vec<u64>> = vec![
            (0..5_000).map(|_| next()).collect(),
            (0..3_000).map(|_| next() % 50).collect(),
            vec![42; 700],
            (0..4_000).collect(),
            (0..4_000).rev().collect(),
            (0..40).map(|_| next()).collect(),
        ];
        for case in cases {
            let mut want = case.clone();
            want.sort_unstable();
            let mut distinct = want.clone();
            distinct.dedup();
            for threads in [1, 2, 3, 8] {
                let mut v = case.clone();
                sort_u64(&mut v, threads);
                assert!(v == want, "{threads} threads, {} values", case.len());
                let mut v = case.clone();
                sort_dedup_u64(&mut v, threads);
                assert!(
                    v == distinct,
                    "{threads} threads, {} values, dedup",
                    case.len()
                );
            }
        }
    }

    #[test]
    fn joining_on_threads_is_sorting_everything() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Runs of hashes, of values with many repeats (across runs too),
        // uneven and empty runs, and too few values to split.
        let cases: Vec<Vec<Vec<u64>>> = vec![
            vec![
                (0..3_000).map(|_| next()).collect(),
                (0..2_000).map(|_| next()).collect(),
            ],
            vec![
                (0..900).map(|_| next() % 40).collect(),
                (0..1_500).map(|_| next() % 40).collect(),
            ],
            vec![vec![7; 500], vec![7; 300], vec![3; 200]],
            vec![
                (0..2_000).map(|_| next()).collect(),
                Vec::new(),
                (0..5).map(|_| next()).collect(),
            ],
            vec![
                (0..30).map(|_| next()).collect(),
                (0..20).map(|_| next()).collect(),
            ],
            vec![],
        ];
        for runs in cases {
            let mut want: Vec<u64> = runs.concat();
            want.sort_unstable();
            for threads in [1, 2, 3, 8] {
                // No spare buffer, one too short, one a little short, one
                // longer than needed and one far longer (given back).
                let nearly = want.len() - want.len() / 10;
                for spare in [
                    0,
                    want.len() / 2,
                    nearly,
                    want.len() + 9,
                    3 * want.len() + 70,
                ] {
                    let joined = join_u64(runs.clone(), threads, vec![5; spare]);
                    assert!(joined == want, "{threads} threads, {} runs", runs.len());
                }
            }
        }
    }
}
