//! Reworded passages: sentences similar in their stems (placeholder until
//! the rewording stage lands).

use super::tokens::Token;
use super::vocab::Vocab;
use super::Found;

/// Passages of similar sentences between `a` and `b` not already covered by
/// `found`.
pub(super) fn reworded(
    _a: &[Token],
    _b: &[Token],
    _same: bool,
    _found: &[Found],
    _vocab: &Vocab,
) -> Vec<Found> {
    Vec::new()
}
