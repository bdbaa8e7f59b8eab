//! The documents added so far and the *global*
//! numbering of paragraphs (all documents' paragraphs in input order) that
//! the phases use instead of (document, paragraph) pairs.

use crate::report::{DocumentReport, Loc};

/// Documents in input order.
#[derive(Debug, Default)]
pub(super) struct Corpus {
    pub(super) docs: Vec<DocumentReport>,
    /// Global index of each document's first paragraph.
    doc_first: Vec<u32>,
    /// Paragraphs of all documents so far.
    paragraphs: u32,
}

impl Corpus {
    /// Adds a document; returns its index.
    pub(super) fn push(&mut self, doc: DocumentReport) -> usize {
        self.doc_first.push(self.paragraphs);
        self.paragraphs += doc.paragraphs.len() as u32;
        self.docs.push(doc);
        self.docs.len() - 1
    }

    /// The document of global paragraph `g`.
    pub(super) fn doc_of(&self, g: u32) -> u32 {
        (self.doc_first.partition_point(|&first| first <= g) - 1) as u32
    }

    /// Where global paragraph `g` is.
    pub(super) fn loc(&self, g: u32) -> Loc {
        let doc = self.doc_of(g);
        Loc {
            doc,
            para: g - self.doc_first[doc as usize],
        }
    }

    /// Global paragraph `g`'s span.
    pub(super) fn span_of(&self, g: u32) -> (u64, u64) {
        let l = self.loc(g);
        let para = &self.docs[l.doc as usize].paragraphs[l.para as usize];
        (para.start, para.end)
    }
}

/// A plain-text document with paragraphs at the given spans, for tests.
#[cfg(test)]
pub(super) fn document(name: &str, spans: &[(u64, u64)]) -> DocumentReport {
    DocumentReport {
        name: name.to_owned(),
        bytes: spans.last().map_or(0, |s| s.1),
        encoding: crate::Encoding::Utf8,
        format: crate::SourceFormat::Text,
        warnings: Vec::new(),
        paragraphs: spans
            .iter()
            .map(|&(start, end)| crate::report::Paragraph {
                start,
                end,
                line: 1,
                words: 5,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_paragraphs_map_back_to_documents() {
        let mut c = Corpus::default();
        assert_eq!(c.push(document("a", &[(0, 4), (6, 16)])), 0);
        // A document without paragraphs takes no global numbers.
        assert_eq!(c.push(document("empty", &[])), 1);
        assert_eq!(c.push(document("b", &[(2, 3), (5, 12), (20, 40)])), 2);
        assert_eq!(c.loc(1), Loc { doc: 0, para: 1 });
        assert_eq!(c.loc(2), Loc { doc: 2, para: 0 });
        assert_eq!(c.loc(4), Loc { doc: 2, para: 2 });
        assert_eq!(c.doc_of(3), 2);
        assert_eq!(c.span_of(1), (6, 16));
        assert_eq!(c.span_of(4), (20, 40));
    }
}
