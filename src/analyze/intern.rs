//! The add phase: every paragraph is normalized once, and paragraphs
//! identical after normalization share a *class*. A new class stores its
//! scoring shingles and pushes its winnowed index fingerprints; a repeat
//! only counts one more member.

use std::io;

use hashbrown::HashTable;

use super::template::Templates;
use super::NONE;
use crate::normalize::Normalizer;
use crate::options::Options;
use crate::shingle::{pair_hash, shingles, winnow};
use crate::spill::{ShingleStore, Sorter, Temp};

/// Words per fingerprinted gram. Longer than scoring shingles so that
/// common phrases ("of the") do not make everything a candidate.
const INDEX_WORDS: usize = 4;
/// Winnowing window, in grams: any shared run of `WINDOW + INDEX_WORDS - 1`
/// words (7) makes two paragraphs candidates.
const WINDOW: usize = 4;
/// Paragraphs with at most this many grams index all of them.
const KEEP_ALL_GRAMS: usize = 24;

/// The classes of identical paragraphs: what interning hands to the later
/// phases (the lookup table is gone by then).
#[derive(Debug, Default, Clone)]
pub(super) struct Classes {
    /// The class of every paragraph in input order (its *global* index),
    /// or `NONE` when it has too few words to compare.
    pub(super) of_paragraph: Vec<u32>,
    /// Global index of each class's first paragraph.
    pub(super) rep: Vec<u32>,
    /// Paragraphs in each class.
    pub(super) size: Vec<u32>,
}

impl Classes {
    /// Number of classes.
    pub(super) fn len(&self) -> usize {
        self.rep.len()
    }

    /// Global paragraph indices of each class, in input order.
    pub(super) fn members(&self) -> Members {
        let n = self.rep.len();
        // `start[c]` is first where class `c` begins, then (while filling)
        // where its next member goes, ending where class `c + 1` begins.
        let mut start = vec![0u32; n + 1];
        let mut total = 0;
        for (c, &size) in self.size.iter().enumerate() {
            start[c] = total;
            total += size;
        }
        start[n] = total;
        let mut flat = vec![0u32; total as usize];
        for (g, &class) in self.of_paragraph.iter().enumerate() {
            if class != NONE {
                let slot = &mut start[class as usize];
                flat[*slot as usize] = g as u32;
                *slot += 1;
            }
        }
        start.copy_within(0..n, 1);
        start[0] = 0;
        Members { start, flat }
    }
}

/// The members of every class: `flat[start[c]..start[c + 1]]`, one
/// allocation for all classes.
pub(super) struct Members {
    start: Vec<u32>,
    flat: Vec<u32>,
}

impl Members {
    /// Global paragraph indices of class `c`, in input order.
    pub(super) fn of(&self, c: u32) -> &[u32] {
        let c = c as usize;
        &self.flat[self.start[c] as usize..self.start[c + 1] as usize]
    }
}

/// The state of the add phase.
pub(super) struct Interner {
    min_words: usize,
    shingle_words: usize,
    skip_datelines: bool,
    classes: Classes,
    /// Classes by normalized-text fingerprint: the table holds class
    /// numbers only (the fingerprints are in `keys`), which is a fraction
    /// of the memory of a map from fingerprint to class.
    table: HashTable<u32>,
    keys: Vec<u128>,
    /// Shingles of each class, in text order until they are prepared
    /// (sorted and deduplicated) — which only classes that become
    /// candidates ever need.
    shingles: ShingleStore,
    /// Inverted index of winnowed fingerprints: `fingerprint << 32 | class`
    /// (one integer sorts much faster than a pair).
    index: Sorter,
    /// The first trouble with temporary files; the analysis fails with it.
    failure: Option<io::Error>,
    normalizer: Normalizer,
    scratch: Vec<u32>,
    grams: Vec<u32>,
    fps: Vec<u32>,
}

/// How an interner finds the class of a text: kept between re-matches
/// ([`Interner::finish_keeping`], [`Interner::resume`]).
pub(super) struct Lookup {
    table: HashTable<u32>,
    keys: Vec<u128>,
}

impl Lookup {
    /// Numbers the classes again (after documents were removed): class
    /// `c` becomes `now[c]` of `classes`, or is dropped (`NONE`). Each
    /// text keeps its key, so the table's hashes stay valid.
    pub(super) fn renumber(&mut self, now: &[u32], classes: usize) {
        self.table.retain(|c| {
            *c = now[*c as usize];
            *c != NONE
        });
        let mut keys = vec![0; classes];
        for (c, &n) in now.iter().enumerate().filter(|x| *x.1 != NONE) {
            keys[n as usize] = self.keys[c];
        }
        self.keys = keys;
    }
}

/// What the add phase leaves: the classes, their shingle sets and the
/// unsorted inverted index.
pub(super) struct Interned {
    pub(super) classes: Classes,
    pub(super) shingles: ShingleStore,
    pub(super) index: Sorter,
}

impl Interner {
    /// An empty interner; with `temp`, shingles and index each keep about
    /// `cap_bytes` in memory and spill the rest.
    pub(super) fn new(options: &Options, cap_bytes: usize, temp: Temp) -> Self {
        Interner {
            min_words: options.min_words,
            shingle_words: options.shingle_words,
            skip_datelines: options.skip_datelines,
            classes: Classes::default(),
            table: HashTable::new(),
            keys: Vec::new(),
            shingles: ShingleStore::new(cap_bytes, temp.clone()),
            index: Sorter::new("index", cap_bytes, true, temp),
            failure: None,
            normalizer: Normalizer::new(),
            scratch: Vec::new(),
            grams: Vec::new(),
            fps: Vec::new(),
        }
    }

    /// Room for `classes` more classes in the lookup table, so that it
    /// does not grow while they come: each growth rehashes every class
    /// (reading its key at random), on the thread that files paragraphs
    /// in order, which the workers preparing files then wait for. Only a
    /// hint: at most `MAX_RESERVED` classes, and nothing when the memory
    /// is not there (the table then grows as before), since `classes`
    /// comes from sizes a [`FileSource`](super::FileSource) only expects.
    pub(super) fn reserve(&mut self, classes: usize) {
        /// About 800 MB of input at a class per 400 bytes; beyond it the
        /// table grows, and a rehash is a small share of such a run.
        const MAX_RESERVED: usize = 1 << 21;
        let keys = &self.keys;
        let _ = self
            .table
            .try_reserve(classes.min(MAX_RESERVED), |&c| keys[c as usize] as u64);
    }

    /// Normalizes the next paragraph's comparison text and files it under
    /// its class; returns its word count. A paragraph matching one of
    /// `templates` is recorded there instead and gets no class.
    pub(super) fn add(&mut self, text: &str, templates: &mut Templates, options: &Options) -> u64 {
        self.normalizer.run(text, self.skip_datelines);
        let words = self.normalizer.words().len();
        let ignored = !templates.is_empty() && {
            let global = self.classes.of_paragraph.len() as u32;
            let n = &self.normalizer;
            let found = templates.find(n.words(), n.fingerprint(), options);
            found.map(|m| templates.matched.push((global, m))).is_some()
        };
        // After trouble with temporary files the analysis can only fail;
        // it stops spending time and memory on it.
        let class = if !ignored && words >= self.min_words && self.failure.is_none() {
            self.intern()
        } else {
            NONE
        };
        self.classes.of_paragraph.push(class);
        words as u64
    }

    /// Normalizes paragraph `para` of template `template` the same way and
    /// records it in `templates`; returns its word count.
    pub(super) fn template(
        &mut self,
        text: &str,
        templates: &mut Templates,
        (template, para): (u32, u32),
        options: &Options,
    ) -> u64 {
        self.normalizer.run(text, self.skip_datelines);
        let n = &self.normalizer;
        templates.add_paragraph(n.words(), n.fingerprint(), template, para, options);
        n.words().len() as u64
    }

    /// Finds or creates the class of the paragraph just normalized.
    fn intern(&mut self) -> u32 {
        let key = self.normalizer.fingerprint();
        let (class, new) = self.class_of(key);
        if new {
            let (mut sh, mut fps) = (
                std::mem::take(&mut self.scratch),
                std::mem::take(&mut self.fps),
            );
            fingerprints(
                self.normalizer.words(),
                self.shingle_words,
                &mut sh,
                &mut self.grams,
                &mut fps,
            );
            self.store(class, &sh, &fps);
            (self.scratch, self.fps) = (sh, fps);
        }
        class
    }

    /// The class of normalized text `key`, and whether it is new (its
    /// shingles and fingerprints are then to be stored).
    fn class_of(&mut self, key: u128) -> (u32, bool) {
        let global = self.classes.of_paragraph.len() as u32;
        let next = self.classes.rep.len() as u32;
        let keys = &self.keys;
        // The fingerprint is a uniform hash already; its low half is the
        // table's hash.
        if let Some(&class) = self.table.find(key as u64, |&c| keys[c as usize] == key) {
            self.classes.size[class as usize] += 1;
            return (class, false);
        }
        self.table
            .insert_unique(key as u64, next, |&c| keys[c as usize] as u64);
        self.keys.push(key);
        self.classes.rep.push(global);
        self.classes.size.push(1);
        (next, true)
    }

    /// Stores a new class's scoring shingles and index fingerprints.
    fn store(&mut self, class: u32, shingles: &[u32], fps: &[u32]) {
        let stored = self.shingles.push(shingles);
        self.note(stored);
        // Repeats are removed when the index is sorted.
        let indexed = self
            .index
            .extend(fps.iter().map(|&f| (u64::from(f) << 32) | u64::from(class)));
        self.note(indexed);
    }

    /// Files the next paragraph, kept by a re-matchable analysis as its
    /// word count, key, scoring shingles and index fingerprints (the last
    /// two empty when it is too short to compare), under its class: the
    /// same as [`Interner::add`] of its text, templates included.
    pub(super) fn add_kept(
        &mut self,
        (words, key): (usize, u128),
        (shingles, fps): (&[u32], &[u32]),
        templates: &mut Templates,
        options: &Options,
    ) {
        let ignored = !templates.is_empty() && {
            let global = self.classes.of_paragraph.len() as u32;
            let found = templates.find_kept(words, key, shingles, options);
            found.map(|m| templates.matched.push((global, m))).is_some()
        };
        let class = if !ignored && words >= self.min_words && self.failure.is_none() {
            let (class, new) = self.class_of(key);
            if new {
                self.store(class, shingles, fps);
            }
            class
        } else {
            NONE
        };
        self.classes.of_paragraph.push(class);
    }

    /// Files the next paragraph, prepared elsewhere ([`Prepared`]), under
    /// its class; the same as [`Interner::add`] of its text.
    pub(super) fn add_prepared(&mut self, p: &Prepared, i: usize) {
        let class = match p.get(i) {
            Some((key, shingles, fps)) if self.failure.is_none() => {
                let (class, new) = self.class_of(key);
                if new {
                    self.store(class, shingles, fps);
                }
                class
            }
            _ => NONE,
        };
        self.classes.of_paragraph.push(class);
    }

    /// Keeps the first trouble with temporary files, for `finish`.
    fn note(&mut self, result: io::Result<()>) {
        if let Err(e) = result {
            self.failure.get_or_insert(e);
        }
    }

    /// Ends the add phase: the lookup table and the working buffers are
    /// dropped here. Fails with the first trouble with temporary files.
    pub(super) fn finish(self) -> io::Result<Interned> {
        self.finish_keeping().map(|(interned, _)| interned)
    }

    /// [`Interner::finish`], handing out the lookup table too, so that a
    /// re-match after documents are appended files only their paragraphs
    /// ([`Interner::resume`]).
    pub(super) fn finish_keeping(self) -> io::Result<(Interned, Lookup)> {
        if let Some(e) = self.failure {
            return Err(e);
        }
        let lookup = Lookup {
            table: self.table,
            keys: self.keys,
        };
        let interned = Interned {
            classes: self.classes,
            shingles: self.shingles,
            index: self.index,
        };
        Ok((interned, lookup))
    }

    /// An interner that goes on from where one ended (in memory, with no
    /// template): its classes, their shingles and its lookup table. Its
    /// index holds only the fingerprints of the classes made from now on.
    pub(super) fn resume(
        options: &Options,
        (lookup, classes, shingles): (Lookup, Classes, ShingleStore),
    ) -> Self {
        Interner {
            classes,
            table: lookup.table,
            keys: lookup.keys,
            shingles,
            ..Interner::new(options, usize::MAX, None)
        }
    }
}

/// The scoring shingles (`shingle_words`-grams, in text order) and the
/// index fingerprints (winnowed 4-word grams) of a paragraph's words.
pub(super) fn fingerprints(
    words: &[u64],
    shingle_words: usize,
    sh: &mut Vec<u32>,
    grams: &mut Vec<u32>,
    fps: &mut Vec<u32>,
) {
    sh.clear();
    shingles(words, shingle_words, sh);
    // The index grams: with 2-word shingles, each 4-word gram is the pair
    // of shingles at i and i + 2, which is cheaper than hashing four words
    // again.
    grams.clear();
    if shingle_words == 2 && words.len() >= INDEX_WORDS {
        grams.extend(sh.windows(3).map(|w| pair_hash(w[0], w[2])));
    } else {
        shingles(words, INDEX_WORDS, grams);
    }
    fps.clear();
    if grams.len() <= KEEP_ALL_GRAMS {
        // Short paragraphs keep every gram: an edit or two leaves them
        // runs too short for winnowing's guarantee.
        fps.extend_from_slice(grams);
    } else {
        winnow(grams, WINDOW, fps);
    }
}

/// Paragraphs normalized and fingerprinted apart from the interner (on
/// any thread or in another worker, by a [`Preparer`]), to be filed in order by
/// [`Interner::add_prepared`]. Every paragraph long enough to compare has
/// its key, shingles and fingerprints, even a repeat whose class will
/// exist by then (which costs a little work, not a different result).
#[derive(Debug, Default)]
pub(super) struct Prepared {
    /// Per paragraph: its key (the normalized text's fingerprint, which a
    /// re-matchable analysis keeps even for a paragraph too short to
    /// compare, for templates), whether it is compared, and where its
    /// shingles and fingerprints end.
    pub(super) paragraphs: Vec<(u128, bool, usize, usize)>,
    pub(super) shingles: Vec<u32>,
    pub(super) fps: Vec<u32>,
}

impl Prepared {
    /// Room for a text of `bytes` bytes, with a margin over what English
    /// text takes (the ASCII benchmark: a shingle per word, an index
    /// fingerprint per 20 bytes, a paragraph per 390): growing the lists
    /// paragraph by paragraph copied them over and over, about 3% of the
    /// workers' instructions. A guess, not a bound: a list that needs
    /// more grows.
    pub(super) fn for_text(bytes: usize) -> Prepared {
        Prepared {
            paragraphs: Vec::with_capacity(bytes / 256),
            shingles: Vec::with_capacity(bytes / 5),
            fps: Vec::with_capacity(bytes / 12),
        }
    }

    /// Paragraph `i`'s key, shingles and fingerprints, if it is compared.
    fn get(&self, i: usize) -> Option<(u128, &[u32], &[u32])> {
        let &(key, compared, sh_end, fp_end) = self.paragraphs.get(i)?;
        if !compared {
            return None;
        }
        let (sh_start, fp_start) = match i {
            0 => (0, 0),
            _ => {
                let p = self.paragraphs[i - 1];
                (p.2, p.3)
            }
        };
        Some((
            key,
            self.shingles.get(sh_start..sh_end)?,
            self.fps.get(fp_start..fp_end)?,
        ))
    }

    /// Number of paragraphs.
    pub(super) fn len(&self) -> usize {
        self.paragraphs.len()
    }
}

/// What normalizes and fingerprints paragraphs apart from the interner:
/// one per thread.
pub(super) struct Preparer {
    min_words: usize,
    shingle_words: usize,
    skip_datelines: bool,
    normalizer: Normalizer,
    sh: Vec<u32>,
    grams: Vec<u32>,
    fps: Vec<u32>,
}

impl Preparer {
    /// A preparer for `options`.
    pub(super) fn new(options: &Options) -> Self {
        Preparer {
            min_words: options.min_words,
            shingle_words: options.shingle_words,
            skip_datelines: options.skip_datelines,
            normalizer: Normalizer::new(),
            sh: Vec::new(),
            grams: Vec::new(),
            fps: Vec::new(),
        }
    }

    /// Prepares the next paragraph of `out`, as [`Interner::add`] would
    /// normalize it; returns its word count.
    pub(super) fn add(&mut self, text: &str, out: &mut Prepared) -> u64 {
        self.normalizer.run(text, self.skip_datelines);
        let words = self.normalizer.words();
        let compared = words.len() >= self.min_words;
        let key = self.normalizer.fingerprint();
        if compared {
            fingerprints(
                words,
                self.shingle_words,
                &mut self.sh,
                &mut self.grams,
                &mut self.fps,
            );
            out.shingles.extend_from_slice(&self.sh);
            out.fps.extend_from_slice(&self.fps);
        }
        out.paragraphs
            .push((key, compared, out.shingles.len(), out.fps.len()));
        words.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spill::SetBuffer;

    fn interned(texts: &[&str]) -> (Vec<u64>, Interned) {
        let mut i = Interner::new(&Options::default(), usize::MAX, None);
        let mut none = Templates::default();
        let o = Options::default();
        let words = texts.iter().map(|t| i.add(t, &mut none, &o)).collect();
        (words, i.finish().unwrap())
    }

    fn sorted_index(index: Sorter) -> Vec<u64> {
        let mut sorted = index.into_sorted().unwrap();
        let mut out = Vec::new();
        while let Some(v) = sorted.next().unwrap() {
            out.push(v);
        }
        out
    }

    #[test]
    fn identical_normalized_paragraphs_share_a_class() {
        let (words, i) = interned(&[
            "The harbour master counted nine boats at dawn.",
            "A different sentence about the council budget vote.",
            "THE HARBOUR MASTER counted nine boats, at dawn!",
        ]);
        assert_eq!(words, [8, 8, 8]);
        let c = &i.classes;
        assert_eq!(c.of_paragraph, [0, 1, 0]);
        assert_eq!(c.len(), 2);
        // The class's first occurrence represents it.
        assert_eq!(c.rep, [0, 1]);
        assert_eq!(c.size, [2, 1]);
    }

    #[test]
    fn short_paragraphs_are_counted_but_not_interned() {
        let (words, i) = interned(&[
            "Four words only here.",
            "Five words are just enough.",
            "Four words only here.",
        ]);
        assert_eq!(words, [4, 5, 4]);
        assert_eq!(i.classes.of_paragraph, [NONE, 0, NONE]);
        assert_eq!(i.classes.rep, [1]);
        // Nothing of the short paragraphs reaches the index either.
        assert!(sorted_index(i.index).iter().all(|e| *e as u32 == 0));
    }

    #[test]
    fn a_new_class_stores_its_shingles_and_fingerprints() {
        let (_, i) = interned(&[
            "one two three four five six",
            "one two three four five six",
            "seven eight nine ten eleven twelve",
        ]);
        let Interned {
            mut shingles,
            index,
            ..
        } = i;
        // Six words: five 2-word shingles, three 4-word grams, all
        // indexed (short), once per class however often it occurs.
        let mut buf = SetBuffer::default();
        for c in 0..2 {
            shingles.prepare(c);
            assert_eq!(shingles.get(c, &mut buf).unwrap().len(), 5);
        }
        let index = sorted_index(index);
        for c in 0..2u32 {
            assert_eq!(index.iter().filter(|e| **e as u32 == c).count(), 3);
        }
        assert_eq!(index.len(), 6);
    }

    #[test]
    fn long_paragraphs_index_winnowed_fingerprints_only() {
        let text: Vec<String> = (0..60).map(|w| format!("word{w}")).collect();
        let (_, i) = interned(&[&text.join(" ")]);
        // 57 grams: winnowing keeps at least one per window of 4, far
        // fewer than all of them.
        let n = sorted_index(i.index).len();
        assert!((57 / 4..57).contains(&n), "{n} fingerprints");
    }

    #[test]
    fn members_list_each_class_in_input_order() {
        let (_, i) = interned(&[
            "alpha beta gamma delta epsilon",
            "zeta eta theta iota kappa",
            "short one",
            "alpha beta gamma delta epsilon",
            "zeta eta theta iota kappa",
            "alpha beta gamma delta epsilon",
        ]);
        let m = i.classes.members();
        assert_eq!(m.of(0), [0, 3, 5]);
        assert_eq!(m.of(1), [1, 4]);
    }
}
