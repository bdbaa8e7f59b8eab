//! Word shingles, the fingerprints used to find candidates, and exact set
//! scores.

/// Appends the hashes of every run of `k` consecutive words to `out`, in
/// order. A text shorter than `k` words yields one shingle of all its words.
pub fn shingles(words: &[u64], k: usize, out: &mut Vec<u32>) {
    if words.is_empty() {
        return;
    }
    let k = k.min(words.len());
    for window in words.windows(k) {
        let mut h: u64 = 0x243F_6A88_85A3_08D3;
        for &w in window {
            h = (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
        }
        out.push(fmix(h));
    }
}

/// A hash of two shingle hashes in order: the gram spanning both.
pub fn pair_hash(a: u32, b: u32) -> u32 {
    fmix((u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// A final avalanche (MurmurHash3's) folded to 32 bits.
fn fmix(mut h: u64) -> u32 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    (h >> 32) as u32
}

/// Winnowing (Schleimer, Wilkerson and Aiken, 2003): the minimum of every
/// window of `w` consecutive shingles. Two texts that share a run of at
/// least `w` shingles are guaranteed to share a selected fingerprint.
pub fn winnow(seq: &[u32], w: usize, out: &mut Vec<u32>) {
    if seq.is_empty() {
        return;
    }
    let w = w.clamp(1, seq.len());
    // Rightmost minimum of seq[from..to], as in the paper, so runs of equal
    // hashes select once.
    let rightmost_min = |from: usize, to: usize| {
        (from..to).fold(from, |best, i| if seq[i] <= seq[best] { i } else { best })
    };
    let mut best = rightmost_min(0, w);
    out.push(seq[best]);
    let mut last = best;
    // Slide the window one step at a time, rescanning only when the
    // minimum falls out of it.
    for end in w..seq.len() {
        let start = end + 1 - w;
        if best < start {
            best = rightmost_min(start, end + 1);
        } else if seq[end] <= seq[best] {
            best = end;
        }
        if best != last {
            out.push(seq[best]);
            last = best;
        }
    }
}

/// Size of the intersection of two sorted, deduplicated slices.
pub fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_count_and_short_texts() {
        let mut out = Vec::new();
        shingles(&[1, 2, 3, 4], 2, &mut out);
        assert_eq!(out.len(), 3);
        out.clear();
        shingles(&[1], 3, &mut out);
        assert_eq!(out.len(), 1);
        out.clear();
        shingles(&[], 3, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn shingles_depend_on_order() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        shingles(&[1, 2], 2, &mut a);
        shingles(&[2, 1], 2, &mut b);
        assert_ne!(a, b);
    }

    #[test]
    fn winnowing_guarantee() {
        // Any shared run of w shingles gives a shared fingerprint.
        let shared = [50, 7, 99, 3, 42];
        let a: Vec<u32> = [1, 2, 3].iter().chain(&shared).copied().collect();
        let b: Vec<u32> = shared.iter().chain(&[9, 8]).copied().collect();
        let (mut fa, mut fb) = (Vec::new(), Vec::new());
        winnow(&a, 4, &mut fa);
        winnow(&b, 4, &mut fb);
        assert!(fa.iter().any(|x| fb.contains(x)));
    }

    #[test]
    fn winnowing_equals_the_naive_definition() {
        let naive = |seq: &[u32], w: usize| {
            let mut out = Vec::new();
            let w = w.clamp(1, seq.len());
            let mut last = usize::MAX;
            for start in 0..=seq.len() - w {
                let mut best = start;
                for i in start..start + w {
                    if seq[i] <= seq[best] {
                        best = i;
                    }
                }
                if best != last {
                    out.push(seq[best]);
                    last = best;
                }
            }
            out
        };
        let mut x: u32 = 7;
        for len in 1..60 {
            let seq: Vec<u32> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    x % 9
                })
                .collect();
            for w in 1..6 {
                let mut fast = Vec::new();
                winnow(&seq, w, &mut fast);
                assert_eq!(fast, naive(&seq, w), "{seq:?} w={w}");
            }
        }
    }

    #[test]
    fn intersection_counts() {
        assert_eq!(intersection(&[1, 3, 5, 7], &[3, 4, 5, 8]), 2);
        assert_eq!(intersection(&[], &[1]), 0);
    }
}
