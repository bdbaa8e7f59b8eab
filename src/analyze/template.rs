//! Templates: text every document may start from (an assignment's
//! template, a licence header, a known footer) that is never reported as
//! a duplicate.
//!
//! Template files are read before any document, by the same readers, and
//! their paragraphs are normalized by the same normalizer. A document
//! paragraph then *matches* a template paragraph when
//!
//! - it is identical after normalization (any length, except empty), or
//! - it has at least `min_words` words and its shingle set is `near` the
//!   template paragraph's (resemblance at or above `near_threshold`), or
//!   at least `contained_threshold` of its shingles lie in the template
//!   paragraph (a piece of the template, say with a sentence deleted).
//!
//! A template paragraph glued into a longer paragraph of the document's
//! own text does not make that paragraph ignored: it holds text of its own.
//! A matched paragraph is not interned, so it is neither an original nor
//! a copy; the report lists it under `ignored`.

use std::collections::HashMap;

use super::corpus::Corpus;
use crate::options::Options;
use crate::report::{round4, DocumentReport, Ignored, Kind, Loc, Passage, PassageSide};
use crate::shingle::shingles;

/// A document paragraph's best match among the template paragraphs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TemplateMatch {
    /// Index of the template paragraph in `Templates::paras`.
    pub(super) para: u32,
    pub(super) kind: Kind,
    /// Rounded to four decimals, as reported.
    pub(super) similarity: f64,
    /// Share of the document paragraph's shingles in the template
    /// paragraph, rounded.
    pub(super) containment: f64,
}

/// The templates read so far, and the document paragraphs they matched.
/// Cloned (with nothing matched yet) for each re-match of a kept
/// analysis (`session`).
#[derive(Debug, Default, Clone)]
pub(super) struct Templates {
    /// The template documents, as the report lists them.
    pub(super) docs: Vec<DocumentReport>,
    /// Every template paragraph as `(template, paragraph)`, in order.
    pub(super) paras: Vec<(u32, u32)>,
    /// Template paragraphs by normalized-text fingerprint (the first of
    /// identical ones).
    exact: HashMap<u128, u32>,
    /// Sorted, deduplicated shingles of each template paragraph long
    /// enough to compare (empty for the others).
    sets: Vec<Vec<u32>>,
    /// Template paragraphs holding each shingle, in order.
    postings: HashMap<u32, Vec<u32>>,
    /// Every matched document paragraph: global index and match.
    pub(super) matched: Vec<(u32, TemplateMatch)>,
    scratch: Vec<u32>,
    /// Shared shingles per template paragraph while one paragraph is
    /// matched (all zero between matches), and the paragraphs touched.
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl Templates {
    /// Whether there are no template paragraphs to match.
    pub(super) fn is_empty(&self) -> bool {
        self.paras.is_empty()
    }

    /// Records the next paragraph of the template being read (the next in
    /// `docs` once pushed), given its normalized words and fingerprint.
    pub(super) fn add_paragraph(
        &mut self,
        words: &[u64],
        key: u128,
        template: u32,
        para: u32,
        options: &Options,
    ) {
        let id = self.paras.len() as u32;
        self.paras.push((template, para));
        let mut set = Vec::new();
        if !words.is_empty() {
            self.exact.entry(key).or_insert(id);
        }
        if words.len() >= options.min_words {
            shingles(words, options.shingle_words, &mut set);
            set.sort_unstable();
            set.dedup();
            for &s in &set {
                self.postings.entry(s).or_default().push(id);
            }
        }
        self.sets.push(set);
        self.counts.push(0);
    }

    /// The best match of a document paragraph (its normalized words and
    /// fingerprint) among the template paragraphs: an exact one first,
    /// then the highest resemblance, then the highest containment, then
    /// the earliest template paragraph.
    pub(super) fn find(
        &mut self,
        words: &[u64],
        key: u128,
        options: &Options,
    ) -> Option<TemplateMatch> {
        let shingle_words = options.shingle_words;
        self.find_by(words.len(), key, options, &mut |set| {
            shingles(words, shingle_words, set)
        })
    }

    /// [`Templates::find`] for a paragraph kept as its word count, key
    /// and scoring shingles in text order (what re-matching keeps): the
    /// same shingles `find` makes of the words, so the same match.
    pub(super) fn find_kept(
        &mut self,
        words: usize,
        key: u128,
        sh: &[u32],
        options: &Options,
    ) -> Option<TemplateMatch> {
        self.find_by(words, key, options, &mut |set| set.extend_from_slice(sh))
    }

    /// The match of a paragraph of `words` words and key `key`; `fill`
    /// puts its scoring shingles (in any order) into an empty set (a
    /// `dyn`, so the matching is compiled once for both callers).
    fn find_by(
        &mut self,
        words: usize,
        key: u128,
        options: &Options,
        fill: &mut dyn FnMut(&mut Vec<u32>),
    ) -> Option<TemplateMatch> {
        if words == 0 || self.is_empty() {
            return None;
        }
        if let Some(&para) = self.exact.get(&key) {
            return Some(TemplateMatch {
                para,
                kind: Kind::Exact,
                similarity: 1.0,
                containment: 1.0,
            });
        }
        if words < options.min_words || self.postings.is_empty() {
            return None;
        }
        let mut set = std::mem::take(&mut self.scratch);
        set.clear();
        fill(&mut set);
        set.sort_unstable();
        set.dedup();
        for s in &set {
            for &t in self.postings.get(s).map_or(&[][..], Vec::as_slice) {
                let c = &mut self.counts[t as usize];
                if *c == 0 {
                    self.touched.push(t);
                }
                *c += 1;
            }
        }
        // A tiny tolerance so a score equal to a threshold counts, as in
        // the analysis's own scoring.
        let eps = 1e-9;
        let mut best: Option<(f64, f64, u32)> = None;
        for &t in &self.touched {
            let shared = std::mem::take(&mut self.counts[t as usize]);
            let (shared, mine, theirs) = (
                f64::from(shared),
                set.len() as f64,
                self.sets[t as usize].len() as f64,
            );
            let similarity = shared / (mine + theirs - shared);
            let containment = shared / mine;
            let matches = similarity + eps >= options.near_threshold
                || containment + eps >= options.contained_threshold;
            let better = best.is_none_or(|(s, c, b)| {
                (similarity, containment) > (s, c) || ((similarity, containment) == (s, c) && t < b)
            });
            if matches && better {
                best = Some((similarity, containment, t));
            }
        }
        self.touched.clear();
        self.scratch = set;
        best.map(|(similarity, containment, para)| TemplateMatch {
            para,
            kind: if similarity + eps >= options.near_threshold {
                Kind::Near
            } else {
                Kind::Contained
            },
            similarity: round4(similarity),
            containment: round4(containment),
        })
    }
}

/// The report's `ignored` list: every matched document paragraph, in
/// document order, with its span and the template paragraph it matched.
pub(super) fn ignored(templates: &Templates, corpus: &Corpus) -> Vec<Ignored> {
    templates
        .matched
        .iter()
        .map(|&(g, m)| {
            let Loc { doc, para } = corpus.loc(g);
            let p = corpus.docs[doc as usize].paragraphs[para as usize];
            let (template, template_para) = templates.paras[m.para as usize];
            Ignored {
                doc,
                para,
                start: p.start,
                end: p.end,
                line: p.line,
                template,
                template_para,
                kind: m.kind,
                similarity: m.similarity,
                containment: m.containment,
            }
        })
        .collect()
}

/// Drops the passages with a side lying mostly (more than half of the
/// paragraph bytes it covers) in ignored paragraphs: template text shared
/// by two documents is not reuse. A passage only partly in template text
/// stays; its ignored bytes count for nothing (see `assemble`).
pub(super) fn without_template_passages(
    passages: Vec<Passage>,
    docs: &[DocumentReport],
    ignored: &[Ignored],
) -> Vec<Passage> {
    if ignored.is_empty() {
        return passages;
    }
    let mut spans: Vec<Vec<(u64, u64)>> = vec![Vec::new(); docs.len()];
    for i in ignored {
        spans[i.doc as usize].push((i.start, i.end));
    }
    // Every paragraph span of the documents with ignored paragraphs.
    let all: Vec<Vec<(u64, u64)>> = docs
        .iter()
        .zip(&spans)
        .map(|(d, ignored)| match ignored.is_empty() {
            true => Vec::new(),
            false => d.paragraphs.iter().map(|p| (p.start, p.end)).collect(),
        })
        .collect();
    let mostly_ignored = |side: &PassageSide| {
        let d = side.doc as usize;
        let ignored = covered(&spans[d], side.start, side.end);
        ignored > 0 && ignored * 2 > covered(&all[d], side.start, side.end)
    };
    passages
        .into_iter()
        .filter(|p| !mostly_ignored(&p.a) && !mostly_ignored(&p.b))
        .collect()
}

/// Bytes of `spans` (sorted, disjoint) inside `start..end`.
fn covered(spans: &[(u64, u64)], start: u64, end: u64) -> u64 {
    let first = spans.partition_point(|s| s.1 <= start);
    spans[first..]
        .iter()
        .take_while(|s| s.0 < end)
        .map(|s| end.min(s.1).saturating_sub(start.max(s.0)))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalizer;

    /// Templates of the given paragraphs (one template file).
    fn templates(paras: &[&str], options: &Options) -> Templates {
        let mut t = Templates::default();
        let mut n = Normalizer::new();
        for (i, p) in paras.iter().enumerate() {
            n.run(p, true);
            t.add_paragraph(n.words(), n.fingerprint(), 0, i as u32, options);
        }
        t
    }

    fn find(t: &mut Templates, text: &str, options: &Options) -> Option<TemplateMatch> {
        let mut n = Normalizer::new();
        n.run(text, true);
        t.find(n.words(), n.fingerprint(), options)
    }

    const PROMPT: &str =
        "Describe in your own words how the harbour council decided to rebuild the old stone pier.";

    #[test]
    fn identical_after_normalization_is_exact_whatever_the_length() {
        let o = Options::default();
        let mut t = templates(&["Name:", PROMPT], &o);
        let m = find(&mut t, "NAME", &o).unwrap();
        assert_eq!((m.para, m.kind), (0, Kind::Exact));
        let shouted = PROMPT.to_uppercase();
        assert_eq!(find(&mut t, &shouted, &o).unwrap().para, 1);
        // Short paragraphs match only exactly.
        assert_eq!(find(&mut t, "Name: Ada", &o), None);
        assert_eq!(find(&mut t, "", &o), None);
    }

    #[test]
    fn an_edited_template_paragraph_is_near() {
        let o = Options::default();
        let mut t = templates(&[PROMPT], &o);
        let edited = PROMPT.replace("old stone", "old");
        let m = find(&mut t, &edited, &o).unwrap();
        assert_eq!(m.kind, Kind::Near);
        assert!(m.similarity >= o.near_threshold && m.similarity < 1.0);
    }

    #[test]
    fn a_piece_of_a_template_paragraph_is_contained_but_not_the_reverse() {
        let o = Options::default();
        let long = format!("{PROMPT} Give two reasons, cite the minutes of the meeting where the vote was taken, and say which members spoke against the plan and why they thought the cost was too high.");
        let mut t = templates(&[&long], &o);
        let m = find(&mut t, PROMPT, &o).unwrap();
        assert_eq!(m.kind, Kind::Contained);
        assert_eq!(m.containment, 1.0);
        // The template's prompt glued to an answer of the document's own
        // is text of its own: not ignored.
        let mut t = templates(&[PROMPT], &o);
        let answer = format!("{PROMPT} The council voted on Tuesday after two years of arguing over the cost of stone, and most members said the winter storms left no other choice.");
        assert_eq!(find(&mut t, &answer, &o), None);
    }

    #[test]
    fn unrelated_text_and_empty_templates_match_nothing() {
        let o = Options::default();
        let mut t = templates(&[PROMPT], &o);
        assert_eq!(
            find(
                &mut t,
                "The ferry timetable changes in October for the winter season.",
                &o
            ),
            None
        );
        let mut empty = Templates::default();
        assert!(empty.is_empty());
        assert_eq!(find(&mut empty, PROMPT, &o), None);
    }

    #[test]
    fn the_best_match_wins_and_ties_go_to_the_earlier_paragraph() {
        let o = Options::default();
        let edited = PROMPT.replace("old stone", "old");
        let mut t = templates(&[&edited, &edited, PROMPT], &o);
        // Exact beats near.
        assert_eq!(find(&mut t, PROMPT, &o).unwrap().para, 2);
        // One word off the prompt is closer to it than to the edited copies.
        let other = PROMPT.replace("harbour", "town");
        assert_eq!(find(&mut t, &other, &o).unwrap().para, 2);
        // Equal scores: the earliest template paragraph.
        let mut t = templates(&[&edited, &edited], &o);
        assert_eq!(find(&mut t, &other, &o).unwrap().para, 0);
    }

    #[test]
    fn passages_go_only_when_a_side_lies_mostly_in_ignored_paragraphs() {
        use crate::analyze::corpus::document;
        use crate::report::PassageKind;
        // Two documents of paragraphs 0..100, 100..150, 150..200; the
        // first paragraph of document 0 is ignored.
        let docs = vec![
            document("a", &[(0, 100), (100, 150), (150, 200)]),
            document("b", &[(0, 100), (100, 150), (150, 200)]),
        ];
        let ignored = [Ignored {
            doc: 0,
            para: 0,
            start: 0,
            end: 100,
            line: 1,
            template: 0,
            template_para: 0,
            kind: Kind::Exact,
            similarity: 1.0,
            containment: 1.0,
        }];
        let side = |doc, start, end| PassageSide {
            doc,
            start,
            end,
            line: 1,
            end_line: 1,
        };
        let passage = |a_end| Passage {
            a: side(0, 40, a_end),
            b: side(1, 40, a_end),
            words: 20,
            similarity: 1.0,
            kind: PassageKind::Verbatim,
        };
        // 60 of 110 bytes ignored: dropped; 60 of 120: kept (not more
        // than half); nothing ignored on either side: kept.
        let kept = without_template_passages(vec![passage(150), passage(160)], &docs, &ignored);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].a.end, 160);
        assert_eq!(covered(&[(0, 100), (150, 200)], 40, 160), 70);
    }
}
