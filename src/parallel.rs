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
/// The most parts [`sort_parts`] cuts: their merge looks at every part's
/// head for each value.
const MAX_SORT_PARTS: usize = 8;

/// Cuts `v` into up to `threads` contiguous parts of about equal length
/// (at most [`MAX_SORT_PARTS`]; one when `v` is short or there are no
/// threads) and sorts each part in place on a thread of its own; returns
/// the parts, in order, for a merge to read. In place: no second buffer,
/// so sorting on threads takes no more memory than on one.
pub(crate) fn sort_parts(v: &mut [u64], threads: usize) -> Vec<Range<usize>> {
    let parts = if cfg!(target_arch = "wasm32") || v.len() < PARALLEL_SORT_MIN {
        1
    } else {
        threads.clamp(1, MAX_SORT_PARTS)
    };
    let len = v.len();
    let ranges: Vec<Range<usize>> = (0..parts)
        .map(|i| len * i / parts..len * (i + 1) / parts)
        .collect();
    let mut slices = Vec::with_capacity(parts);
    let mut rest = v;
    for r in &ranges {
        let (part, tail) = rest.split_at_mut(r.len());
        slices.push(part);
        rest = tail;
    }
    each(slices, |part| part.sort_unstable());
    ranges
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
        assert_eq!(balanced(&[5], 4), [0..1]);
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
    fn parts_are_sorted_and_cover_everything() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let values: Vec<u64> = (0..1_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % 300
            })
            .collect();
        for threads in [1, 2, 3, 100] {
            let mut v = values.clone();
            let parts = sort_parts(&mut v, threads);
            assert_eq!(parts.len(), threads.min(MAX_SORT_PARTS));
            assert_eq!((parts[0].start, parts[parts.len() - 1].end), (0, 1_000));
            assert!(parts.windows(2).all(|p| p[0].end == p[1].start));
            assert!(parts.iter().all(|p| v[p.clone()].is_sorted()));
            let (mut got, mut want) = (v, values.clone());
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "the same values");
        }
        // Too short to split.
        let mut short = vec![3, 1, 2];
        assert_eq!(sort_parts(&mut short, 4), [0..3]);
        assert_eq!(short, [1, 2, 3]);
    }
}
