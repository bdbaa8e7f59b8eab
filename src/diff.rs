//! Word-level differences between two paragraphs, so a person sees at once
//! what was changed.

use serde::{Deserialize, Serialize};
use similar::{Algorithm, ChangeTag, TextDiff};

/// What happened to a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of text with one [`Op`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// What happened to it.
    pub op: Op,
    /// The text, including the whitespace around words.
    pub text: String,
}

/// The word-level differences from `old` to `new`. Concatenating the
/// `equal` and `delete` spans gives `old`; `equal` and `insert` give `new`.
pub fn word_diff(old: &str, new: &str) -> Vec<Span> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_words(old, new);
    let mut out: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => Op::Equal,
            ChangeTag::Delete => Op::Delete,
            ChangeTag::Insert => Op::Insert,
        };
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => out.push(Span {
                op,
                text: change.value().to_owned(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconstructs_both_sides() {
        let old = "The IDF said it struck at least 1,600 targets.";
        let new = "The Israel Defense Forces said it struck at least 1,600 targets.";
        let d = word_diff(old, new);
        let side = |skip: Op| -> String {
            d.iter()
                .filter(|s| s.op != skip)
                .map(|s| s.text.as_str())
                .collect()
        };
        assert_eq!(side(Op::Insert), old);
        assert_eq!(side(Op::Delete), new);
        assert!(d
            .iter()
            .any(|s| s.op == Op::Delete && s.text.contains("IDF")));
        assert!(d
            .iter()
            .any(|s| s.op == Op::Insert && s.text.contains("Defense")));
    }
}
