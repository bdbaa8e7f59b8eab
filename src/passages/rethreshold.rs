//! A pair's passages at any minimum length and similarity without
//! aligning it again (issue 11 item 4: the threshold explorer's minimum
//! passage words, and a re-match with other passage options).
//!
//! Of a pair's alignment only two steps read the passage options: the
//! sentence search skips a sentence of `b` lying wholly inside a word-run
//! passage long and similar enough to report, and drops a seed pairing a
//! sentence of `a` copied inside such a passage with one of `b` outside
//! it (`sentences::seeds`, `sentences::elsewhere`); and the summary
//! chains (`summary::chains`), the filter and the joins at the end. The
//! word runs and their chains do not depend on them, and a seed not
//! dropped is the same whatever is dropped around it. So [`Pieces`]
//! keeps the chains and the seeds of every sentence (none skipped, none
//! dropped); at other options the seeds those options skip or drop are
//! left out, and grouping, filtering and joining run as the alignment
//! runs them: the same passages, in the time of the last steps only.

use super::sentences::{self, Seed};
use super::tokens::Token;
use super::vocab::Vocab;
use super::{condense, filter, reportable, summary, Found};
use crate::options::Options;

/// What a pair's passages at any passage options are made from: the
/// word-run passages (chained runs) and the seeds of similar sentences
/// with no sentence skipped.
#[derive(Debug, Clone, Default)]
pub(super) struct Pieces {
    found: Vec<Found>,
    seeds: Vec<Seed>,
}

impl Pieces {
    pub(super) fn new(found: Vec<Found>, seeds: Vec<Seed>) -> Pieces {
        let mut p = Pieces { found, seeds };
        p.found.shrink_to_fit();
        p.seeds.shrink_to_fit();
        p
    }

    /// The pair's passages at `options` (tokens `a` and `b`, `same` for a
    /// document with itself), as the alignment gives them.
    pub(super) fn kept(
        &self,
        a: &[Token],
        b: &[Token],
        same: bool,
        vocab: &Vocab,
        options: &Options,
    ) -> Vec<Found> {
        // The word-run passages these options report: a seed of a
        // sentence of `b` wholly inside one is one the search skips.
        let shown: Vec<&Found> = self
            .found
            .iter()
            .filter(|f| reportable(f, a, b, options))
            .collect();
        // So is a seed pairing a sentence copied inside one with a
        // sentence of `b` outside it (`sentences::elsewhere`).
        let skipped = |s: &Seed| {
            let (lo, hi) = s.b_tokens();
            shown.iter().any(|f| f.b.0 <= lo && hi <= f.b.1)
                || sentences::elsewhere(s.a_tokens(), s.b_tokens(), &shown)
        };
        let seeds: Vec<Seed> = self.seeds.iter().filter(|s| !skipped(s)).copied().collect();
        let found = sentences::joined(&seeds, self.found.clone(), a, b, vocab);
        last_steps(found, a, b, same, vocab, options)
    }
}

/// Between two documents the summary chains, then the filter and the
/// joins (within one document the filter only): the alignment's steps
/// after the sentence search.
pub(super) fn last_steps(
    found: Vec<Found>,
    a: &[Token],
    b: &[Token],
    same: bool,
    vocab: &Vocab,
    options: &Options,
) -> Vec<Found> {
    if same {
        return filter(found, a, b, same, options);
    }
    let kept = filter(summary::chains(found, a, b, options), a, b, same, options);
    condense(kept, a, b, vocab)
}
