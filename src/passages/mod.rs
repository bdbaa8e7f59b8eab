//! Passages: text reused inside and across paragraphs, found over whole
//! documents with exact byte spans on both sides (`docs/passages.md`).
//!
//! While documents are added, each becomes a compact stream of word
//! tokens (`tokens`; stems and stop words per distinct word in `vocab`).
//! At the end, documents sharing winnowed fingerprints become candidate
//! pairs (`pairs`, never all pairs), and each pair is aligned: shared
//! runs of words chained across small gaps (`extend`), then sentences
//! similar in their stems (`sentences`). Passages are mapped back to
//! byte spans and lines.

mod extend;
mod pairs;
mod sentences;
mod tokens;
mod vocab;

use std::io;

use self::tokens::{line_of, DocTokens, Lines, Token, Tokenizer};
use crate::options::Options;
use crate::report::{round4, DocumentReport, Passage, PassageKind, PassageSide};
use crate::spill::Temp;

/// Words bridged between two runs of equal words (on each side).
const GAP: u32 = 6;

/// One passage found in a pair, in tokens: half-open ranges of the two
/// documents' token indices, the number of aligned tokens (both sides
/// together) and how it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    a: (u32, u32),
    b: (u32, u32),
    aligned: u32,
    kind: PassageKind,
}

/// What passage alignment keeps while documents are added.
#[derive(Default)]
pub(crate) struct Collector {
    enabled: bool,
    tokenizer: Tokenizer,
    docs: Vec<DocTokens>,
}

impl Collector {
    /// A collector; keeps nothing when `options.passages` is off.
    pub(crate) fn new(options: &Options) -> Self {
        Collector {
            enabled: options.passages,
            ..Collector::default()
        }
    }

    /// Adds a plain-text document (decoded `text`, `original` mapping its
    /// offsets to the file's).
    pub(crate) fn add_plain(&mut self, text: &str, original: &dyn Fn(usize) -> usize) {
        let d = if self.enabled {
            self.tokenizer.plain(text, original)
        } else {
            DocTokens::default()
        };
        self.docs.push(d);
    }

    /// Adds a document of an extracted format: its paragraphs' spans,
    /// lines and comparison texts; `exact` when the format's spans hold
    /// the text as UTF-8 (see [`Tokenizer::extracted`]).
    pub(crate) fn add_extracted<'t>(
        &mut self,
        paragraphs: impl Iterator<Item = (u64, u64, u64, &'t str)>,
        exact: bool,
    ) {
        let d = if self.enabled {
            self.tokenizer.extracted(paragraphs, exact)
        } else {
            DocTokens::default()
        };
        self.docs.push(d);
    }

    /// Every passage of the corpus, sorted by `(a.doc, b.doc, a.start,
    /// b.start)`. `docs` are the report's documents (for the lines of
    /// extracted formats); `budget` bounds the candidate search's memory
    /// when `temp` is set.
    pub(crate) fn finish(
        self,
        docs: &[DocumentReport],
        options: &Options,
        budget: usize,
        temp: Temp,
    ) -> io::Result<Vec<Passage>> {
        if !self.enabled {
            return Ok(Vec::new());
        }
        let streams: Vec<&[Token]> = self.docs.iter().map(|d| &d.tokens[..]).collect();
        let candidates = pairs::candidates(&streams, budget, temp)?;
        let mut out = Vec::new();
        let vocab = &self.tokenizer.vocab;
        // Each document's sentences, made when its first pair comes and
        // kept for its later ones.
        let mut sides: Vec<Option<sentences::Side>> = streams.iter().map(|_| None).collect();
        // Candidates come sorted by earlier document: its gram and stem
        // indexes serve all its pairs.
        let mut current: Option<(u32, extend::GramIndex, sentences::StemIndex)> = None;
        let mut freed = 0;
        for (da, db) in candidates {
            let (a, b) = (streams[da as usize], streams[db as usize]);
            let same = da == db;
            // A document before `da` is in no pair left.
            for s in &mut sides[freed..da as usize] {
                *s = None;
            }
            freed = freed.max(da as usize);
            for d in [da, db] {
                if sides[d as usize].is_none() {
                    sides[d as usize] = Some(sentences::Side::new(streams[d as usize], vocab));
                }
            }
            let (Some(side_a), Some(side_b)) = (&sides[da as usize], &sides[db as usize]) else {
                continue;
            };
            if current.as_ref().is_none_or(|c| c.0 != da) {
                current = Some((
                    da,
                    extend::GramIndex::new(a),
                    sentences::StemIndex::new(side_a),
                ));
            }
            let Some((_, grams, stems)) = current.as_ref() else {
                continue;
            };
            let runs = extend::runs_with(grams, a, b, same);
            let found = extend::chain(a, b, &runs, GAP);
            let side_b = (!same).then_some(side_b);
            let found = sentences::reworded(side_a, stems, side_b, a, b, found, vocab);
            for f in filter(found, same, options) {
                let words = u64::from(f.b.1 - f.b.0);
                let similarity = f.similarity();
                out.push(Passage {
                    a: side(da, a, f.a, &self.docs[da as usize], &docs[da as usize]),
                    b: side(db, b, f.b, &self.docs[db as usize], &docs[db as usize]),
                    words,
                    similarity: round4(similarity),
                    kind: f.kind,
                });
            }
        }
        out.sort_by(|x, y| {
            (x.a.doc, x.b.doc, x.a.start, x.b.start, x.a.end, x.b.end)
                .cmp(&(y.a.doc, y.b.doc, y.a.start, y.b.start, y.a.end, y.b.end))
        });
        Ok(out)
    }
}

impl Found {
    /// Aligned words over both sides' words (Dice).
    fn similarity(&self) -> f64 {
        let total = self.a.1 - self.a.0 + self.b.1 - self.b.0;
        f64::from(self.aligned) / f64::from(total.max(1))
    }
}

/// Tokens of `x` inside `y` (half-open ranges).
fn inside(x: (u32, u32), y: (u32, u32)) -> u32 {
    x.1.min(y.1).saturating_sub(x.0.max(y.0))
}

/// The passages of one pair worth reporting: both sides at least
/// `min_passage_words` long, similar enough, the earlier side first within
/// one document, and not mostly (half or more of either side) inside a
/// side of a stronger passage, so a phrase that recurs near a reused
/// passage is not reported again beside it.
fn filter(mut found: Vec<Found>, same: bool, options: &Options) -> Vec<Found> {
    let min = options.min_passage_words as u32;
    found.retain(|f| {
        f.a.1 - f.a.0 >= min
            && f.b.1 - f.b.0 >= min
            && f.similarity() >= options.passage_similarity
            && !(same && f.a.1 > f.b.0)
    });
    found.sort_by_key(|f| (std::cmp::Reverse(f.aligned), f.b, f.a));
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        let shadowed = kept.iter().any(|k| {
            2 * inside(f.a, k.a) >= f.a.1 - f.a.0 || 2 * inside(f.b, k.b) >= f.b.1 - f.b.0
        });
        if !shadowed {
            kept.push(f);
        }
    }
    kept
}

/// The byte span and lines of tokens `range` of document `doc`.
fn side(
    doc: u32,
    tokens: &[Token],
    range: (u32, u32),
    kept: &DocTokens,
    report: &DocumentReport,
) -> PassageSide {
    let first = tokens[range.0 as usize];
    let last = tokens[range.1 as usize - 1];
    let (start, end) = (u64::from(first.start), last.end());
    let (line, end_line) = match &kept.lines {
        Lines::Starts(s) => (line_of(s, start), line_of(s, end - 1)),
        Lines::Paragraphs => {
            let p = &report.paragraphs;
            let at = |x: u64| {
                let i = p.partition_point(|q| q.start <= x).saturating_sub(1);
                p.get(i).map_or(1, |q| q.line)
            };
            (at(start), at(end - 1))
        }
    };
    PassageSide {
        doc,
        start,
        end,
        line,
        end_line,
    }
}
