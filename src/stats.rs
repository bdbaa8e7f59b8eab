//! Figures per document, worked out from a [`Report`]: how much of each
//! document is a later copy of an earlier paragraph.
//!
//! They are not part of the report's JSON (which stays the contract the
//! exports write, byte for byte): the page asks for them beside the report,
//! so its documents table and document list need not add up paragraph
//! bytes themselves.

use crate::report::Report;
use serde::Serialize;

/// One document's share of the duplication, in the terms of the report's
/// [`Summary`](crate::report::Summary): summed over every document, each
/// field equals the summary's field of the same name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DocumentStats {
    /// Paragraphs in the document.
    pub paragraphs: u64,
    /// Paragraphs of the document that are a later copy (exact, near or
    /// contained) of another paragraph: the copies of clusters.
    pub duplicate_paragraphs: u64,
    /// Bytes of the document's paragraphs (their spans in the original
    /// bytes), blank lines and markup between paragraphs not counted.
    pub paragraph_bytes: u64,
    /// Bytes of the document's paragraphs that are later copies.
    pub duplicated_bytes: u64,
}

impl DocumentStats {
    /// The share of the paragraph bytes that is duplicated, from 0 to 1
    /// (0 for a document without paragraphs).
    pub fn duplicated_share(&self) -> f64 {
        if self.paragraph_bytes == 0 {
            0.0
        } else {
            self.duplicated_bytes as f64 / self.paragraph_bytes as f64
        }
    }
}

impl Report {
    /// Per-document figures, one per entry of `documents`, in that order.
    ///
    /// A copy whose location lies outside the report's documents (a report
    /// edited by hand) is not counted, rather than a panic.
    pub fn document_stats(&self) -> Vec<DocumentStats> {
        let mut stats: Vec<DocumentStats> = self
            .documents
            .iter()
            .map(|d| DocumentStats {
                paragraphs: d.paragraphs.len() as u64,
                paragraph_bytes: d
                    .paragraphs
                    .iter()
                    .map(|p| p.end.saturating_sub(p.start))
                    .sum(),
                ..DocumentStats::default()
            })
            .collect();
        for copy in self.clusters.iter().flat_map(|c| &c.copies) {
            let doc = copy.doc as usize;
            let Some(p) = self
                .documents
                .get(doc)
                .and_then(|d| d.paragraphs.get(copy.para as usize))
            else {
                continue;
            };
            let s = &mut stats[doc];
            s.duplicate_paragraphs += 1;
            s.duplicated_bytes += p.end.saturating_sub(p.start);
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Options};

    const LEAD: &str = "The council met on Tuesday to vote on the new harbour plan at last.";
    const OTHER: &str = "A paragraph that only the first file has, about the weather and tides.";
    const THIRD: &str = "Something else opens the last file, a paragraph of its very own here.";

    fn report() -> Report {
        let a = format!("{LEAD}\n\n{OTHER}\n");
        let b = format!("{THIRD}\n\n{LEAD}\n\n{LEAD}\n");
        let c = String::new();
        analyze(
            &[
                ("a.txt", a.as_str()),
                ("b.txt", b.as_str()),
                ("empty.txt", c.as_str()),
            ],
            Options::default(),
        )
        .unwrap()
    }

    #[test]
    fn each_document_counts_its_own_copies_and_bytes() {
        let r = report();
        let stats = r.document_stats();
        assert_eq!(stats.len(), 3);
        let lead = LEAD.len() as u64;
        // a.txt holds the original: nothing of it is a copy.
        assert_eq!(
            stats[0],
            DocumentStats {
                paragraphs: 2,
                duplicate_paragraphs: 0,
                paragraph_bytes: lead + OTHER.len() as u64,
                duplicated_bytes: 0,
            }
        );
        // b.txt repeats the lead twice: both are later copies.
        assert_eq!(
            stats[1],
            DocumentStats {
                paragraphs: 3,
                duplicate_paragraphs: 2,
                paragraph_bytes: THIRD.len() as u64 + 2 * lead,
                duplicated_bytes: 2 * lead,
            }
        );
        assert_eq!(stats[2], DocumentStats::default());
        assert_eq!(stats[2].duplicated_share(), 0.0);
        let share = stats[1].duplicated_share();
        assert!((share - 2.0 * lead as f64 / stats[1].paragraph_bytes as f64).abs() < 1e-12);
    }

    #[test]
    fn the_documents_add_up_to_the_summary() {
        let r = report();
        let stats = r.document_stats();
        let sum = |f: fn(&DocumentStats) -> u64| stats.iter().map(f).sum::<u64>();
        assert_eq!(sum(|s| s.paragraphs), r.summary.paragraphs);
        assert_eq!(
            sum(|s| s.duplicate_paragraphs),
            r.summary.duplicate_paragraphs
        );
        assert_eq!(sum(|s| s.paragraph_bytes), r.summary.paragraph_bytes);
        assert_eq!(sum(|s| s.duplicated_bytes), r.summary.duplicated_bytes);
        assert!(r.summary.duplicated_bytes > 0, "the example has copies");
    }

    #[test]
    fn a_copy_outside_the_documents_is_not_counted() {
        let mut r = report();
        let before = r.document_stats();
        let copy = r.clusters[0].copies[0].clone();
        let mut far = copy.clone();
        far.doc = 99;
        let mut past_end = copy;
        past_end.para = 99;
        r.clusters[0].copies.extend([far, past_end]);
        assert_eq!(r.document_stats(), before);
    }

    #[test]
    fn no_documents_no_figures() {
        let r = analyze::<&str, &str>(&[], Options::default()).unwrap();
        assert!(r.document_stats().is_empty());
    }
}
