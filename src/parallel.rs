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
/// Natively, a long `v` is split where `select_nth_unstable` puts its
/// quantile (everything before it no larger, everything after no
/// smaller), and the two sides are sorted at once, each with its share of
/// the threads.
pub(crate) fn sort_u64(v: &mut [u64], threads: usize) {
    if cfg!(target_arch = "wasm32") || threads <= 1 || v.len() < PARALLEL_SORT_MIN {
        v.sort_unstable();
        return;
    }
    let left = threads / 2;
    let mid = v.len() * left / threads;
    v.select_nth_unstable(mid);
    let (low, high) = v.split_at_mut(mid);
    each(
        vec![(low, left), (high, threads - left)],
        |(part, threads)| sort_u64(part, threads),
    );
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
    fn sorting_on_threads_is_sorting() {
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
            (0..40).map(|_| next()).collect(),
        ];
        for case in cases {
            let mut want = case.clone();
            want.sort_unstable();
            for threads in [1, 2, 3, 8] {
                let mut v = case.clone();
                sort_u64(&mut v, threads);
                assert!(v == want, "{threads} threads, {} values", case.len());
            }
        }
    }
}
