//! Which copy of each duplicated paragraph is kept, and why.
//!
//! A cluster of the report is an original (its first occurrence) and its
//! copies, each scored against the original; clusters never share a
//! paragraph. Dedup treats the original and the copies whose kind it
//! removes as one group and keeps exactly one member of it, chosen by, in
//! order:
//!
//! 1. **prefer**: the lowest preference rank (the first `--prefer` pattern
//!    its document's name matches; a member matching none comes last);
//! 2. the **policy**: `longest` (most words compared), `newest` (latest
//!    modification time of its document), or nothing for `first`;
//! 3. **first**: the earliest in input order (document, then paragraph).
//!
//! Every other member is removed, and the rule that set the kept copy
//! before it (the first of the three on which they differ) is logged. The
//! choice reads only the report and the per-document ranks and times, so
//! it is deterministic, and since each paragraph lies in one cluster at
//! most, a paragraph kept in one cluster is never removed by another.
//! `newest` needs a time for every member of the group; when one is
//! missing (standard input, an archive entry) the group falls back to
//! `first`, and the log lists the documents without a time.

use serde::{Deserialize, Serialize};

use crate::report::{ClusterCopy, Kind, Loc, Report};

/// How the kept copy of a group is chosen, after any preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// The earliest in input order (what dedup always did).
    #[default]
    First,
    /// The one with the most words compared.
    Longest,
    /// The one whose document was modified last.
    Newest,
}

/// The rule that decided between the kept copy and a removed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// The kept copy's document matches an earlier `--prefer` pattern.
    Prefer,
    /// The kept copy has more words.
    Longest,
    /// The kept copy's document was modified later.
    Newest,
    /// The kept copy comes first in input order (every other rule tied).
    First,
}

/// What decides which copy is kept: the policy and, per document (indexed
/// like `report.documents`), its preference rank and modification time.
/// Missing entries count as `None`, so `Keep::default()` keeps the first
/// occurrence, as dedup always did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keep {
    /// The policy applied after preference.
    pub policy: Policy,
    /// The preference patterns as the user gave them, for the log; the
    /// core does not read them (the front end matches them into `ranks`).
    pub prefer: Vec<String>,
    /// Each document's preference rank: lower is kept first; `None`
    /// (matching no pattern) comes after every rank.
    pub ranks: Vec<Option<u32>>,
    /// Each document's modification time, in milliseconds since the Unix
    /// epoch; `None` when unknown (standard input, archive entries).
    pub modified: Vec<Option<i64>>,
}

impl Keep {
    fn rank(&self, doc: u32) -> u32 {
        self.ranks
            .get(doc as usize)
            .copied()
            .flatten()
            .unwrap_or(u32::MAX)
    }

    fn time(&self, doc: u32) -> Option<i64> {
        self.modified.get(doc as usize).copied().flatten()
    }

    /// The names of the documents without a modification time, when the
    /// policy needs times (empty otherwise).
    pub fn without_time(&self, report: &Report) -> Vec<String> {
        if self.policy != Policy::Newest {
            return Vec::new();
        }
        (0..report.documents.len() as u32)
            .filter(|&d| self.time(d).is_none())
            .map(|d| report.documents[d as usize].name.clone())
            .collect()
    }
}

/// A paragraph to remove from its document, the copy kept in its stead,
/// and the rule that chose that one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Remove {
    /// The paragraph, in its document.
    pub para: u32,
    /// The paragraph `kind` and `similarity` compare it with: the cluster's
    /// original, or, when the original itself is removed, the kept copy.
    pub partner: Loc,
    /// How it matches `partner`.
    pub kind: Kind,
    /// Shingle resemblance to `partner`.
    pub similarity: f64,
    /// The copy kept.
    pub kept: Loc,
    /// The rule that preferred `kept` to this paragraph.
    pub rule: Rule,
}

/// The paragraphs to remove, grouped by document (indexed like
/// `report.documents`): of each cluster's original and its copies whose
/// kind is in `kinds`, all but the one `keep` chooses. Pass each
/// document's list to [`document`](super::document).
pub fn removals_by_document(report: &Report, kinds: &[Kind], keep: &Keep) -> Vec<Vec<Remove>> {
    let mut by_doc = vec![Vec::new(); report.documents.len()];
    for c in &report.clusters {
        // The original (no score of its own) and the copies to remove.
        let group: Vec<(Loc, Option<&ClusterCopy>)> = std::iter::once((c.original, None))
            .chain(
                c.copies
                    .iter()
                    .filter(|copy| kinds.contains(&copy.kind))
                    .map(|copy| {
                        let l = Loc {
                            doc: copy.doc,
                            para: copy.para,
                        };
                        (l, Some(copy))
                    }),
            )
            .collect();
        if group.len() < 2 {
            continue;
        }
        // `newest` compares only groups whose members all have a time.
        let timed = group.iter().all(|(l, _)| keep.time(l.doc).is_some());
        let policy_key = |l: Loc| -> i128 {
            match keep.policy {
                Policy::First => 0,
                Policy::Longest => -i128::from(words(report, l)),
                Policy::Newest if timed => -i128::from(keep.time(l.doc).unwrap_or(0)),
                Policy::Newest => 0,
            }
        };
        let key = |l: Loc| (keep.rank(l.doc), policy_key(l), l);
        let Some(&(kept, kept_copy)) = group.iter().min_by_key(|(l, _)| key(*l)) else {
            continue;
        };
        for &(l, copy) in &group {
            if l == kept {
                continue;
            }
            let rule = if keep.rank(l.doc) != keep.rank(kept.doc) {
                Rule::Prefer
            } else if policy_key(l) != policy_key(kept) {
                match keep.policy {
                    Policy::Longest => Rule::Longest,
                    _ => Rule::Newest,
                }
            } else {
                Rule::First
            };
            // A copy is scored against the original; the original, removed,
            // against the kept copy, whose score is the same pair's.
            let (partner, scored) = match copy {
                Some(copy) => (c.original, copy),
                None => match kept_copy {
                    Some(k) => (kept, k),
                    None => continue,
                },
            };
            by_doc[l.doc as usize].push(Remove {
                para: l.para,
                partner,
                kind: scored.kind,
                similarity: scored.similarity,
                kept,
                rule,
            });
        }
    }
    by_doc
}

fn words(report: &Report, l: Loc) -> u64 {
    report
        .documents
        .get(l.doc as usize)
        .and_then(|d| d.paragraphs.get(l.para as usize))
        .map_or(0, |p| p.words)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHORT: &str = "The harbour council voted on Tuesday to rebuild the old stone pier.";
    const LONG: &str =
        "The harbour council voted on Tuesday to rebuild the old stone pier before winter.";

    fn report(texts: &[&str]) -> Report {
        let named: Vec<(String, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("d{i}.txt"), *t))
            .collect();
        crate::analyze(&named, crate::Options::default()).unwrap()
    }

    fn kept_docs(report: &Report, keep: &Keep) -> Vec<(u32, Rule)> {
        let by_doc = removals_by_document(report, &[Kind::Exact, Kind::Near], keep);
        by_doc
            .iter()
            .flatten()
            .map(|r| (r.kept.doc, r.rule))
            .collect()
    }

    #[test]
    fn each_rule_decides_in_its_turn() {
        let r = report(&[SHORT, LONG, SHORT]);
        assert_eq!(r.clusters.len(), 1, "{:?}", r.clusters);
        let first = Keep::default();
        assert_eq!(kept_docs(&r, &first), [(0, Rule::First), (0, Rule::First)]);
        let longest = Keep {
            policy: Policy::Longest,
            ..Keep::default()
        };
        // Doc 1 is longest; doc 2 (same words as doc 0) loses on length too.
        assert_eq!(
            kept_docs(&r, &longest),
            [(1, Rule::Longest), (1, Rule::Longest)]
        );
        let newest = Keep {
            policy: Policy::Newest,
            modified: vec![Some(5), Some(1), Some(5)],
            ..Keep::default()
        };
        // Docs 0 and 2 tie on time: the earliest wins that tie.
        assert_eq!(
            kept_docs(&r, &newest),
            [(0, Rule::Newest), (0, Rule::First)]
        );
        let preferred = Keep {
            policy: Policy::Longest,
            ranks: vec![None, None, Some(0)],
            ..Keep::default()
        };
        assert_eq!(
            kept_docs(&r, &preferred),
            [(2, Rule::Prefer), (2, Rule::Prefer)]
        );
    }

    #[test]
    fn newest_without_every_time_falls_back_to_first() {
        let r = report(&[SHORT, SHORT, SHORT]);
        let keep = Keep {
            policy: Policy::Newest,
            modified: vec![Some(1), None, Some(9)],
            ..Keep::default()
        };
        assert_eq!(kept_docs(&r, &keep), [(0, Rule::First), (0, Rule::First)]);
        assert_eq!(keep.without_time(&r), ["d1.txt"]);
    }

    #[test]
    fn a_removed_original_is_scored_against_the_kept_copy() {
        let r = report(&[SHORT, LONG]);
        let keep = Keep {
            policy: Policy::Longest,
            ..Keep::default()
        };
        let by_doc = removals_by_document(&r, &[Kind::Exact, Kind::Near], &keep);
        assert!(by_doc[1].is_empty());
        let [removed] = &by_doc[0][..] else {
            panic!("{by_doc:?}")
        };
        assert_eq!(removed.partner, Loc { doc: 1, para: 0 });
        assert_eq!(removed.kept, Loc { doc: 1, para: 0 });
        assert_eq!(removed.kind, r.clusters[0].copies[0].kind);
        assert_eq!(removed.similarity, r.clusters[0].copies[0].similarity);
    }
}
