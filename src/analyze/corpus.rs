//! The documents added so far and the *global*
//! numbering of paragraphs (all documents' paragraphs in input order) that
//! the phases use instead of (document, paragraph) pairs.

use crate::report::{DocumentReport, Loc, Role};

/// Documents in input order.
#[derive(Debug, Default, Clone)]
pub(super) struct Corpus {
    pub(super) docs: Vec<DocumentReport>,
    /// Global index of each document's first paragraph.
    doc_first: Vec<u32>,
    /// Paragraphs of all documents so far.
    paragraphs: u32,
    /// The role given to documents pushed now; `None` outside a check
    /// against a reference.
    pub(super) role: Option<Role>,
    /// Documents pushed as reference: they come first, so document `d` is
    /// reference text when `d < references`.
    pub(super) references: u32,
    /// Whether reuse among new documents is reported too (`--within`).
    pub(super) within: bool,
}

impl Corpus {
    /// Adds a document; returns its index.
    pub(super) fn push(&mut self, mut doc: DocumentReport) -> usize {
        doc.role = self.role;
        if self.role == Some(Role::Reference) {
            self.references += 1;
        }
        self.doc_first.push(self.paragraphs);
        self.paragraphs += doc.paragraphs.len() as u32;
        self.docs.push(doc);
        self.docs.len() - 1
    }

    /// The same documents without document `d`, numbered again (for a
    /// re-match after a removal); `None` if there is no document `d`.
    pub(super) fn without(&self, d: usize) -> Option<Corpus> {
        if d >= self.docs.len() {
            return None;
        }
        let mut out = Corpus {
            within: self.within,
            ..Corpus::default()
        };
        for (_, doc) in self.docs.iter().enumerate().filter(|&(i, _)| i != d) {
            // Each keeps the role it was added with.
            out.role = doc.role;
            out.push(doc.clone());
        }
        out.role = self.role;
        Some(out)
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

    /// Whether reuse between documents `x` and `y` (the same document
    /// when equal) is reported: always, outside a check against a
    /// reference; else between a new and a reference document, and among
    /// new documents with `within`.
    pub(super) fn relevant(&self, x: u32, y: u32) -> bool {
        if self.role.is_none() {
            return true;
        }
        match (x < self.references, y < self.references) {
            (true, true) => false,
            (false, false) => self.within,
            _ => true,
        }
    }

    /// Paragraphs of the reference documents (which come first): global
    /// paragraph `g` is reference text when `g` is below this.
    pub(super) fn reference_paragraphs(&self) -> u32 {
        match self.doc_first.get(self.references as usize) {
            Some(&first) => first,
            None => self.paragraphs,
        }
    }

    /// In a check against a reference, the side of each paragraph class
    /// (`classes` filed from this corpus's paragraphs).
    pub(super) fn sides(
        &self,
        classes: &super::intern::Classes,
    ) -> Option<super::candidates::Sides> {
        self.against().then(|| {
            super::candidates::Sides::new(
                &classes.of_paragraph,
                &classes.rep,
                self.reference_paragraphs(),
                self.within,
            )
        })
    }

    /// Whether this is a check against a reference.
    pub(super) fn against(&self) -> bool {
        self.role.is_some()
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
        role: None,
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
