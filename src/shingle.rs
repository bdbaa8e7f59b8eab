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
    let mut last = usize::MAX;
    for start in 0..=seq.len() - w {
        let window = &seq[start..start + w];
        // Rightmost minimum, as in the paper, so runs of equal hashes select once.
        let mut best = 0;
        for (i, &h) in window.iter().enumerate() {
            if h <= window[best] {
                best = i;
            }
        }
        let pos = start + best;
        if pos != last {
            out.push(seq[pos]);
            last = pos;
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
    fn intersection_counts() {
        assert_eq!(intersection(&[1, 3, 5, 7], &[3, 4, 5, 8]), 2);
        assert_eq!(intersection(&[], &[1]), 0);
    }
}
