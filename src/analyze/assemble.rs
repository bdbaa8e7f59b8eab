//! Assembly: from the classes and the edges between them to the report's
//! clusters, pairs, per-document overlaps and summary.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::candidates::Sides;
use super::corpus::Corpus;
use super::intern::{Classes, Members};
use super::score::{Edge, Edges};
use super::{Progress, Stage, NONE};
use crate::options::Options;
use crate::report::{
    round4, Cluster, ClusterCopy, DocumentReport, Ignored, Kind, Overlap, Pair, Paragraph, Passage,
    Report, Summary, Tool,
};
use crate::Skipped;

/// What every part of the assembly reads.
struct Parts<'a> {
    corpus: &'a Corpus,
    classes: &'a Classes,
    members: &'a Members,
    edges: &'a [Edge],
    /// In a check against a reference, each class's sides.
    sides: Option<&'a Sides>,
    passages: &'a [Passage],
    /// Each document's paragraphs that are not ignored: the bytes that
    /// shares and reused bytes count.
    counted: &'a [Cow<'a, [Paragraph]>],
}

/// Byte ranges of one document matching something in another, per
/// `(from, to)` document pair ([`pair_key`]).
type Shared = HashMap<u64, Vec<(u64, u64)>, BuildHasherDefault<PairHasher>>;

/// The key of document pair `(from, to)` in [`Shared`].
fn pair_key(from: u32, to: u32) -> u64 {
    (u64::from(from) << 32) | u64::from(to)
}

/// Hashes a [`pair_key`] with one multiply, folded so that the low bits
/// (where the table looks first) depend on both documents. The default
/// hasher (SipHash) was a tenth of the reporting stage's instructions;
/// the order of a map's keys is never what the report shows (they are
/// sorted), so the hash does not change it.
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0.rotate_left(8) ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        let x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 32);
    }
}

/// What the report holds besides paragraph matches: the passages, the
/// templates and the paragraphs ignored as template text.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) passages: Vec<Passage>,
    pub(super) templates: Vec<DocumentReport>,
    pub(super) ignored: Vec<Ignored>,
    /// In a check against a reference, each class's sides.
    pub(super) sides: Option<Sides>,
}

/// Builds the report, consuming the corpus, the classes and the edges;
/// the documents' overlaps are measured on up to `threads` threads, and
/// with more than one, beside the clustering.
#[allow(clippy::too_many_arguments)]
pub(super) fn report(
    options: Options,
    corpus: Corpus,
    skipped: Vec<Skipped>,
    classes: Classes,
    edges: Edges,
    found: Found,
    threads: usize,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    let total = classes.of_paragraph.len() as u64;
    progress(Progress {
        stage: Stage::Clustering,
        done: 0,
        total,
    });
    let Found {
        mut passages,
        templates,
        ignored,
        sides,
    } = found;
    // Against a reference: only passages between the sides reported.
    passages.retain(|p| corpus.relevant(p.a.doc, p.b.doc));
    let members = classes.members();
    let counted = counted_paragraphs(&corpus.docs, &ignored);
    let parts = Parts {
        corpus: &corpus,
        classes: &classes,
        members: &members,
        edges: &edges.list,
        sides: sides.as_ref(),
        passages: &passages,
        counted: &counted,
    };
    // The overlaps need neither clusters nor pairs: with threads, they are
    // measured beside them (and the summary), not after.
    let (overlaps, (clusters, pairs, mut summary)) = crate::parallel::both(
        threads,
        || parts.overlaps(threads),
        || {
            let clusters = parts.clusters(options.boilerplate_documents);
            let pairs = parts.pairs();
            progress(Progress {
                stage: Stage::Reporting,
                done: 0,
                total,
            });
            let summary = parts.summary(&clusters, &pairs);
            (clusters, pairs, summary)
        },
    );
    summary.ignored_paragraphs = ignored.len() as u64;
    summary.ignored_bytes = ignored.iter().map(|i| i.end - i.start).sum();
    drop(counted);
    progress(Progress {
        stage: Stage::Reporting,
        done: total,
        total,
    });
    Report {
        tool: Tool::default(),
        settings: options,
        documents: corpus.docs,
        skipped,
        pairs,
        clusters,
        passages,
        overlaps,
        templates,
        ignored,
        summary,
        #[cfg(not(target_arch = "wasm32"))]
        reference_indexes: Vec::new(),
    }
}

/// How many pairs and clusters [`report`] makes of these classes and
/// edges (the same rules, without making them): the threshold explorer's
/// counts at a cut (`preview.rs`).
pub(super) fn counts(
    corpus: &Corpus,
    classes: &Classes,
    members: &Members,
    edges: &[Edge],
    sides: Option<&Sides>,
) -> (u64, u64) {
    let parts = Parts {
        corpus,
        classes,
        members,
        edges,
        sides,
        passages: &[],
        counted: &[],
    };
    (parts.pair_count(), parts.cluster_count())
}

/// Each document's paragraphs without the ignored ones (`ignored` is in
/// document order), borrowed where nothing is ignored.
fn counted_paragraphs<'a>(
    docs: &'a [DocumentReport],
    ignored: &[Ignored],
) -> Vec<Cow<'a, [Paragraph]>> {
    let mut out: Vec<Cow<'a, [Paragraph]>> = docs
        .iter()
        .map(|d| Cow::Borrowed(&d.paragraphs[..]))
        .collect();
    for group in ignored.chunk_by(|x, y| x.doc == y.doc) {
        let d = group[0].doc as usize;
        let mut skip = group.iter().map(|i| i.para as usize).peekable();
        let mut kept = Vec::with_capacity(docs[d].paragraphs.len() - group.len());
        for (i, p) in docs[d].paragraphs.iter().enumerate() {
            if skip.next_if_eq(&i).is_none() {
                kept.push(*p);
            }
        }
        out[d] = Cow::Owned(kept);
    }
    out
}

impl Parts<'_> {
    /// Greedy clustering in input order: a class joins the cluster of the
    /// best-matching earlier *original*, or starts its own cluster. A
    /// cluster lies in `boilerplate_documents` documents or more is
    /// boilerplate.
    fn clusters(&self, boilerplate_documents: usize) -> Vec<Cluster> {
        let (corpus, edges) = (self.corpus, self.edges);
        let mut copies = self.copies();
        copies.sort_unstable();
        let score = |e: u32| match edges.get(e as usize) {
            Some(e) => (e.kind, e.similarity, e.containment),
            None => (Kind::Exact, 1.0, 1.0),
        };
        let mut out = Vec::new();
        for cs in copies.chunk_by(|x, y| x.0 == y.0) {
            let original = self.classes.rep[cs[0].0 as usize];
            let mut docs: Vec<u32> = cs.iter().map(|x| corpus.doc_of(x.1)).collect();
            docs.push(corpus.doc_of(original));
            docs.sort_unstable();
            docs.dedup();
            let kind = cs.iter().map(|x| score(x.2).0).max().unwrap_or(Kind::Exact);
            out.push(Cluster {
                kind,
                boilerplate: docs.len() >= boilerplate_documents,
                documents: docs.len() as u32,
                original: corpus.loc(original),
                copies: cs
                    .iter()
                    .map(|&(_, g, e)| {
                        let l = corpus.loc(g);
                        let (kind, similarity, containment) = score(e);
                        ClusterCopy {
                            doc: l.doc,
                            para: l.para,
                            kind,
                            similarity,
                            containment,
                        }
                    })
                    .collect(),
            });
        }
        out
    }

    /// Every copy as (original class, paragraph, edge or `NONE` for an
    /// exact copy), unsorted: the clustering, before the clusters are made.
    fn copies(&self) -> Vec<(u32, u32, u32)> {
        let (corpus, edges) = (self.corpus, self.edges);
        let n = self.classes.len();
        // For each class, the edge to the original it joined, or `NONE`
        // when it is an original itself.
        let mut link = vec![NONE; n];
        let mut i = 0;
        for c in 0..n as u32 {
            let mut best: Option<usize> = None;
            // Reference text is always an original.
            let linking = self.sides.is_none_or(|s| !s.is_reference(c));
            while i < edges.len() && edges[i].b == c {
                let e = &edges[i];
                // `e.a` is earlier, so whether it is an original is known.
                let original = link[e.a as usize] == NONE;
                if linking && original && best.is_none_or(|b| strength(e) > strength(&edges[b])) {
                    best = Some(i);
                }
                i += 1;
            }
            if let Some(b) = best {
                link[c as usize] = b as u32;
            }
        }
        // Memory in proportion to the copies, not the classes.
        let mut copies: Vec<(u32, u32, u32)> = Vec::new();
        for (c, &e) in link.iter().enumerate() {
            let m = self.members.of(c as u32);
            if e == NONE {
                copies.extend(m[1..].iter().map(|&g| (c as u32, g, NONE)));
            } else {
                copies.extend(m.iter().map(|&g| (edges[e as usize].a, g, e)));
            }
        }
        drop(link);
        if corpus.against() {
            let rep = &self.classes.rep;
            copies.retain(|&(o, g, _)| {
                corpus.relevant(corpus.doc_of(rep[o as usize]), corpus.doc_of(g))
            });
        }
        copies
    }

    /// How many clusters [`clusters`](Self::clusters) makes, without
    /// making them: the originals that keep a copy.
    fn cluster_count(&self) -> u64 {
        let mut seen = vec![false; self.classes.len()];
        let mut n = 0;
        for (o, _, _) in self.copies() {
            if !std::mem::replace(&mut seen[o as usize], true) {
                n += 1;
            }
        }
        n
    }

    /// Exact copies pair with the first occurrence of their text; other
    /// matches pair the first occurrences of the two texts.
    fn pairs(&self) -> Vec<Pair> {
        let mut raw: Vec<(u32, u32, Kind, f64, f64)> = self
            .exact_pairs()
            .map(|(a, b)| (a, b, Kind::Exact, 1.0, 1.0))
            .collect();
        raw.extend(self.edges.iter().filter_map(|e| {
            let (a, b) = self.edge_pair(e)?;
            Some((a, b, e.kind, e.similarity, e.containment))
        }));
        raw.sort_by_key(|x| (x.0, x.1));
        raw.into_iter()
            .map(|(a, b, kind, similarity, containment)| Pair {
                a: self.corpus.loc(a),
                b: self.corpus.loc(b),
                kind,
                similarity,
                containment,
            })
            .collect()
    }

    /// Every exact copy with the first occurrence of its text, where
    /// reported.
    fn exact_pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let corpus = self.corpus;
        (0..self.classes.len() as u32)
            .flat_map(|c| {
                let m = self.members.of(c);
                m[1..].iter().map(move |&g| (m[0], g))
            })
            .filter(move |x| corpus.relevant(corpus.doc_of(x.0), corpus.doc_of(x.1)))
    }

    /// How many pairs [`pairs`](Self::pairs) makes, without making them.
    fn pair_count(&self) -> u64 {
        let edges = self.edges.iter().filter(|e| self.edge_pair(e).is_some());
        (self.exact_pairs().count() + edges.count()) as u64
    }

    /// The paragraphs an edge pairs: the first occurrences of its two
    /// classes, or, against a reference when those two are both reference
    /// text, a first occurrence in a new document instead (the edge was
    /// compared for it); in input order. `None` when no choice is reported.
    fn edge_pair(&self, e: &Edge) -> Option<(u32, u32)> {
        let (corpus, rep) = (self.corpus, &self.classes.rep);
        let (a, b) = (rep[e.a as usize], rep[e.b as usize]);
        if !corpus.against() {
            return Some((a, b));
        }
        let first_new = |c: u32| {
            let refs = corpus.reference_paragraphs();
            self.members.of(c).iter().copied().find(|&g| g >= refs)
        };
        let sides_a = [Some(a), first_new(e.a)];
        let sides_b = [Some(b), first_new(e.b)];
        sides_a
            .into_iter()
            .flatten()
            .flat_map(|x| {
                sides_b
                    .into_iter()
                    .flatten()
                    .map(move |y| (x.min(y), x.max(y)))
            })
            .find(|&(x, y)| x != y && corpus.relevant(corpus.doc_of(x), corpus.doc_of(y)))
    }

    /// The byte ranges of the paragraphs of classes `run` that match
    /// something in another document, per `(from, to)` document pair;
    /// `neighbours` are the edges both ways, sorted.
    fn shared_in(&self, run: Range<u32>, neighbours: &[(u32, u32)]) -> Shared {
        let (corpus, members) = (self.corpus, self.members);
        let mut shared = Shared::default();
        let mut docs: Vec<u32> = Vec::new();
        let mut j = neighbours.partition_point(|&(c, _)| c < run.start);
        for c in run {
            let start = j;
            while j < neighbours.len() && neighbours[j].0 == c {
                j += 1;
            }
            let m = members.of(c);
            if m.len() < 2 && start == j {
                continue;
            }
            docs.clear();
            docs.extend(m.iter().map(|&g| corpus.doc_of(g)));
            for &(_, d) in &neighbours[start..j] {
                docs.extend(members.of(d).iter().map(|&g| corpus.doc_of(g)));
            }
            docs.sort_unstable();
            docs.dedup();
            for &g in m {
                let from = corpus.doc_of(g);
                let span = corpus.span_of(g);
                for &to in docs.iter().filter(|&&d| d != from) {
                    shared.entry(pair_key(from, to)).or_default().push(span);
                }
            }
        }
        shared
    }

    /// For every pair of documents, the share of each one's paragraph bytes
    /// that match something in the other. On up to `threads` threads: the
    /// matching ranges are gathered for a contiguous run of classes each,
    /// and the shares measured for a contiguous run of pairs each, both
    /// joined in order, so the list is the same whatever `threads`.
    fn overlaps(&self, threads: usize) -> Vec<Overlap> {
        let n = self.classes.len();
        let mut neighbours: Vec<(u32, u32)> = self
            .edges
            .iter()
            .flat_map(|e| [(e.a, e.b), (e.b, e.a)])
            .collect();
        neighbours.sort_unstable();
        // Byte ranges of `from` that match something in `to`, per
        // `(from, to)`: whole paragraphs, gathered natively on the threads
        // for a contiguous run of classes each (a map per run, never
        // merged: a pair's ranges are read from each in run order, so in
        // the order one thread gathers them), then passage sides.
        // The test is a constant on wasm32: the split is compiled out.
        let mut maps = if cfg!(target_arch = "wasm32") || threads <= 1 {
            vec![self.shared_in(0..n as u32, &neighbours)]
        } else {
            let t = threads as u64;
            let runs = (0..t)
                .map(|k| (n as u64 * k / t) as u32..(n as u64 * (k + 1) / t) as u32)
                .collect();
            crate::parallel::each(runs, |run| self.shared_in(run, &neighbours))
        };
        let mut sides = Shared::default();
        for p in self.passages.iter().filter(|p| p.a.doc != p.b.doc) {
            let (a, b) = (p.a.doc, p.b.doc);
            sides
                .entry(pair_key(a, b))
                .or_default()
                .push((p.a.start, p.a.end));
            sides
                .entry(pair_key(b, a))
                .or_default()
                .push((p.b.start, p.b.end));
        }
        maps.push(sides);
        let totals: Vec<u64> = self
            .counted
            .iter()
            .map(|ps| ps.iter().map(|p| p.end - p.start).sum())
            .collect();
        let mut keys: Vec<(u32, u32)> = maps
            .iter()
            .flat_map(|m| m.keys())
            .map(|&k| {
                let (x, y) = ((k >> 32) as u32, k as u32);
                (x.min(y), x.max(y))
            })
            .collect();
        keys.retain(|&(a, b)| self.corpus.relevant(a, b));
        keys.sort_unstable();
        keys.dedup();
        let share = |from: u32, to: u32| {
            let key = pair_key(from, to);
            let ranges: Vec<(u64, u64)> = maps
                .iter()
                .filter_map(|m| m.get(&key))
                .flatten()
                .copied()
                .collect();
            let b = covered_paragraph_bytes(ranges, &self.counted[from as usize]);
            let t = totals[from as usize];
            if t == 0 {
                0.0
            } else {
                round4(b as f64 / t as f64)
            }
        };
        let overlap = |&(a, b): &(u32, u32)| Overlap {
            a,
            b,
            a_share: share(a, b),
            b_share: share(b, a),
        };
        // A constant on wasm32: the split is compiled out of the `.wasm`.
        if cfg!(target_arch = "wasm32") || threads <= 1 {
            return keys.iter().map(overlap).collect();
        }
        let ranges = crate::parallel::balanced(&vec![1; keys.len()], threads);
        let parts = crate::parallel::each(ranges, |range| {
            keys[range].iter().map(overlap).collect::<Vec<_>>()
        });
        // A map holds a list per pair: freed on the threads too.
        crate::parallel::each(maps, drop);
        parts.concat()
    }

    fn summary(&self, clusters: &[Cluster], pairs: &[Pair]) -> Summary {
        let docs = &self.corpus.docs;
        let of_paragraph = &self.classes.of_paragraph;
        let mut s = Summary {
            documents: docs.len() as u64,
            paragraphs: of_paragraph.len() as u64,
            compared_paragraphs: of_paragraph.iter().filter(|&&c| c != NONE).count() as u64,
            clusters: clusters.len() as u64,
            boilerplate_clusters: clusters.iter().filter(|c| c.boilerplate).count() as u64,
            pairs: pairs.len() as u64,
            passages: self.passages.len() as u64,
            ..Summary::default()
        };
        s.paragraph_bytes = docs
            .iter()
            .flat_map(|d| &d.paragraphs)
            .map(|p| p.end - p.start)
            .sum();
        for c in clusters {
            s.duplicate_paragraphs += c.copies.len() as u64;
            for copy in &c.copies {
                let p = docs[copy.doc as usize].paragraphs[copy.para as usize];
                s.duplicated_bytes += p.end - p.start;
            }
        }
        // The later side of every paragraph match (cluster copies and
        // pairs) and of every passage, each byte once.
        let mut later: Vec<Vec<(u64, u64)>> = vec![Vec::new(); docs.len()];
        let para = |doc: u32, i: u32| {
            let p = &docs[doc as usize].paragraphs[i as usize];
            (p.start, p.end)
        };
        for c in clusters {
            for copy in &c.copies {
                later[copy.doc as usize].push(para(copy.doc, copy.para));
            }
        }
        for p in pairs {
            later[p.b.doc as usize].push(para(p.b.doc, p.b.para));
        }
        for p in self.passages {
            later[p.b.doc as usize].push((p.b.start, p.b.end));
        }
        s.reused_bytes = later
            .into_iter()
            .zip(self.counted)
            .map(|(ranges, ps)| covered_paragraph_bytes(ranges, ps))
            .sum();
        s
    }
}

/// Bytes of `paragraphs` (sorted, disjoint spans) inside the union of
/// `ranges`: a passage's whitespace between paragraphs counts for nothing,
/// so shares stay within the paragraph bytes they divide.
fn covered_paragraph_bytes(mut ranges: Vec<(u64, u64)>, paragraphs: &[Paragraph]) -> u64 {
    ranges.sort_unstable();
    let mut union: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match union.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => union.push((s, e)),
        }
    }
    let mut total = 0;
    let mut k = 0;
    for (s, e) in union {
        while k < paragraphs.len() && paragraphs[k].end <= s {
            k += 1;
        }
        let mut j = k;
        while j < paragraphs.len() && paragraphs[j].start < e {
            let p = &paragraphs[j];
            total += e.min(p.end).saturating_sub(s.max(p.start));
            j += 1;
        }
    }
    total
}

/// Orders edges to an original: any `near` beats any `contained`; then the
/// higher score wins; then the earlier original.
fn strength(e: &Edge) -> (u8, f64, std::cmp::Reverse<u32>) {
    match e.kind {
        Kind::Contained => (0, e.containment, std::cmp::Reverse(e.a)),
        _ => (1, e.similarity, std::cmp::Reverse(e.a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::corpus::document;
    use crate::report::Loc;

    /// A corpus of documents with the given paragraph lengths (spans laid
    /// end to end), the class of every global paragraph (`NONE` for one
    /// not compared), and the edges.
    fn assemble(lengths: &[&[u64]], of_paragraph: &[u32], edges: &[Edge]) -> Report {
        assemble_on(lengths, of_paragraph, edges, 1)
    }

    /// [`assemble`], reporting on `threads` threads.
    fn assemble_on(
        lengths: &[&[u64]],
        of_paragraph: &[u32],
        edges: &[Edge],
        threads: usize,
    ) -> Report {
        let mut corpus = Corpus::default();
        for (i, lens) in lengths.iter().enumerate() {
            let mut at = 0;
            let spans: Vec<(u64, u64)> = lens
                .iter()
                .map(|&l| {
                    at += l;
                    (at - l, at)
                })
                .collect();
            corpus.push(document(&format!("{i}.txt"), &spans));
        }
        let mut classes = Classes {
            of_paragraph: of_paragraph.to_vec(),
            ..Classes::default()
        };
        for (g, &c) in of_paragraph.iter().enumerate() {
            if c == NONE {
                continue;
            }
            if c as usize == classes.rep.len() {
                classes.rep.push(g as u32);
                classes.size.push(0);
            }
            classes.size[c as usize] += 1;
        }
        let edges = Edges {
            list: edges.to_vec(),
        };
        report(
            Options::default(),
            corpus,
            Vec::new(),
            classes,
            edges,
            Found::default(),
            threads,
            &mut |_| {},
        )
    }

    fn edge(a: u32, b: u32, kind: Kind, similarity: f64, containment: f64) -> Edge {
        Edge {
            a,
            b,
            kind,
            similarity,
            containment,
        }
    }

    fn loc(doc: u32, para: u32) -> Loc {
        Loc { doc, para }
    }

    #[test]
    fn exact_copies_cluster_under_the_earliest_occurrence() {
        // Class 0 at global 1, 2 and 3 (doc 0 para 1, doc 1 paras 0-1);
        // global 0 is too short to compare.
        let r = assemble(&[&[10, 20], &[20, 20]], &[NONE, 0, 0, 0], &[]);
        assert_eq!(r.clusters.len(), 1);
        let c = &r.clusters[0];
        assert_eq!(c.original, loc(0, 1));
        assert_eq!(c.kind, Kind::Exact);
        let copies: Vec<Loc> = c.copies.iter().map(|x| loc(x.doc, x.para)).collect();
        assert_eq!(copies, [loc(1, 0), loc(1, 1)]);
        assert_eq!((c.documents, c.boilerplate), (2, false));
        // Each copy pairs with the first occurrence.
        let pairs: Vec<(Loc, Loc)> = r.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, [(loc(0, 1), loc(1, 0)), (loc(0, 1), loc(1, 1))]);
    }

    #[test]
    fn a_class_joins_its_strongest_original_and_near_beats_contained() {
        // Class 2 matches class 0 (contained, 1.0) and class 1 (near,
        // 0.6): it joins class 1. Class 3 matches only class 2, which is a
        // copy by then, so it joins no cluster.
        let edges = [
            edge(0, 2, Kind::Contained, 0.5, 1.0),
            edge(1, 2, Kind::Near, 0.6, 0.7),
            edge(2, 3, Kind::Near, 0.9, 0.9),
        ];
        let r = assemble(&[&[10, 10, 10, 10]], &[0, 1, 2, 3], &edges);
        assert_eq!(r.clusters.len(), 1);
        assert_eq!(r.clusters[0].original, loc(0, 1));
        let copies: Vec<(u32, Kind, f64)> = r.clusters[0]
            .copies
            .iter()
            .map(|x| (x.para, x.kind, x.similarity))
            .collect();
        assert_eq!(copies, [(2, Kind::Near, 0.6)]);
        // Every edge is still a pair between first occurrences.
        let pairs: Vec<(Loc, Loc)> = r.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(
            pairs,
            [
                (loc(0, 0), loc(0, 2)),
                (loc(0, 1), loc(0, 2)),
                (loc(0, 2), loc(0, 3))
            ]
        );
    }

    #[test]
    fn a_cluster_in_enough_documents_is_boilerplate() {
        // Default: 3 documents make boilerplate.
        let two = assemble(&[&[10], &[10]], &[0, 0], &[]);
        assert!(!two.clusters[0].boilerplate);
        let three = assemble(&[&[10], &[10], &[10]], &[0, 0, 0], &[]);
        assert!(three.clusters[0].boilerplate);
        assert_eq!(three.clusters[0].documents, 3);
        assert_eq!(three.summary.boilerplate_clusters, 1);
        // Three copies in one document are not boilerplate.
        let one = assemble(&[&[10, 10, 10]], &[0, 0, 0], &[]);
        assert!(!one.clusters[0].boilerplate);
    }

    #[test]
    fn overlaps_share_each_documents_matched_bytes() {
        // Doc 0: 30 bytes, 10 of them also in doc 1 (exact) and 20 near a
        // paragraph of doc 2. Doc 1: 10 of 40 bytes shared with doc 0.
        let edges = [edge(1, 3, Kind::Near, 0.7, 0.8)];
        let r = assemble(&[&[10, 20], &[10, 30], &[25]], &[0, 1, 0, 2, 3], &edges);
        let shares: Vec<(u32, u32, f64, f64)> = r
            .overlaps
            .iter()
            .map(|o| (o.a, o.b, o.a_share, o.b_share))
            .collect();
        assert_eq!(
            shares,
            [
                (0, 1, round4(10.0 / 30.0), 0.25),
                (0, 2, round4(20.0 / 30.0), 1.0)
            ]
        );
    }

    #[test]
    fn the_summary_counts_what_the_report_holds() {
        // Doc 0: a short paragraph (not compared) and class 0; doc 1:
        // class 0 again and class 1, near class 0.
        let edges = [edge(0, 1, Kind::Near, 0.8, 0.9)];
        let r = assemble(&[&[3, 10], &[10, 12]], &[NONE, 0, 0, 1], &edges);
        let s = &r.summary;
        assert_eq!(
            (s.documents, s.paragraphs, s.compared_paragraphs),
            (2, 4, 3)
        );
        assert_eq!((s.clusters, s.pairs), (1, 2));
        assert_eq!(s.paragraph_bytes, 35);
        // Copies: the exact one (10 bytes) and the near one (12 bytes).
        assert_eq!((s.duplicate_paragraphs, s.duplicated_bytes), (2, 22));
        assert_eq!(r.clusters[0].kind, Kind::Near);
    }

    #[test]
    fn overlaps_measured_on_threads_are_the_same_and_in_order() {
        // Seven documents of two paragraphs (of unequal lengths); each
        // one's first paragraph is the next one's second: six overlaps.
        let lengths: Vec<Vec<u64>> = (0..7u64).map(|i| vec![10 + i, 20 + 2 * i]).collect();
        let lengths: Vec<&[u64]> = lengths.iter().map(|l| &l[..]).collect();
        let of_paragraph: Vec<u32> = (0..7u32)
            .flat_map(|i| match i {
                0 => [0, 1],
                1 => [2, 0],
                i => [i + 1, i],
            })
            .collect();
        let one = assemble_on(&lengths, &of_paragraph, &[], 1);
        assert_eq!(one.overlaps.len(), 6, "{:?}", one.overlaps);
        assert!(!one.clusters.is_empty() && !one.pairs.is_empty());
        let whole = |r: &Report| serde_json::to_string(r).unwrap();
        for threads in [2, 3, 8] {
            let on = assemble_on(&lengths, &of_paragraph, &[], threads);
            assert_eq!(on.overlaps, one.overlaps, "{threads} threads");
            // Clusters, pairs and summary made beside them, the same.
            assert_eq!(whole(&on), whole(&one), "{threads} threads");
        }
    }

    #[test]
    fn progress_goes_through_clustering_then_reporting() {
        let mut seen = Vec::new();
        let mut corpus = Corpus::default();
        corpus.push(document("a", &[(0, 5)]));
        let classes = Classes {
            of_paragraph: vec![0],
            rep: vec![0],
            size: vec![1],
        };
        report(
            Options::default(),
            corpus,
            Vec::new(),
            classes,
            Edges::default(),
            Found::default(),
            1,
            &mut |p| seen.push((p.stage, p.done, p.total)),
        );
        assert_eq!(
            seen,
            [
                (Stage::Clustering, 0, 1),
                (Stage::Reporting, 0, 1),
                (Stage::Reporting, 1, 1)
            ]
        );
    }
}
