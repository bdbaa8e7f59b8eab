//! The session the page's worker keeps: the input files, the last report,
//! where each of its documents came from, and what preparing the files
//! produced (a re-matchable analyzer), so that a later run reads only the
//! files added since.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use super::{parse_options, to_js, DEFAULT_BUDGET};
use crate::analyze::{add_items, add_portable, KeepTexts, Origin};
use crate::read::archive::Budget;
use crate::read::{Item, Sniffed};
use crate::report::{Kind, Report, Role, Skipped};
use crate::{Analyzer, Options};

/// A core error as the page's.
fn js(e: crate::Error) -> JsError {
    JsError::new(&e.to_string())
}

/// The analyzer `session` keeps.
fn kept(session: &Option<Session>) -> Result<&Analyzer, JsError> {
    let session = session.as_ref();
    session
        .map(|s| &s.analyzer)
        .ok_or_else(|| JsError::new("no analysis kept"))
}

/// A set of input files (name and raw bytes, or the reason the page could
/// not read it) and the last report on them.
#[wasm_bindgen]
pub struct Corpus {
    files: Vec<Input>,
    /// Template files (name, bytes): text to ignore (`--ignore`).
    templates: Vec<(String, Vec<u8>)>,
    /// Reference files (name, bytes): the CLI's `--against REF`.
    references: Vec<(String, Vec<u8>)>,
    /// With references, whether reuse among the files is reported too.
    within: bool,
    last: Option<Analysis>,
    /// The documents of the report before `last` (kept when it is
    /// dropped): what the page has parsed already, so a report can be
    /// sent without the documents it starts with unchanged
    /// ([`Corpus::same_documents`]).
    previous: Vec<crate::report::DocumentReport>,
    /// What the analyses keep between runs, so a run after files are
    /// added or removed, or with other thresholds, reads only new files.
    session: Option<Session>,
    /// Most bytes an analysis keeps once decompressed, over all the files.
    budget: u64,
    /// An analysis begun ([`Corpus::begin`]) and not finished.
    pending: Option<Pending>,
    /// The threshold explorer of the last analysis, made when first asked
    /// for (dropped with the analysis).
    explorer: Option<crate::Explorer>,
}

/// An analysis in steps: its options, the session it adds files to, and
/// the first file it reads.
struct Pending {
    options: Options,
    session: Session,
    first: usize,
}

impl Default for Corpus {
    fn default() -> Corpus {
        Corpus {
            files: Vec::new(),
            templates: Vec::new(),
            references: Vec::new(),
            within: false,
            last: None,
            previous: Vec::new(),
            session: None,
            budget: DEFAULT_BUDGET,
            pending: None,
            explorer: None,
        }
    }
}

/// One input: its name and either its bytes or why it could not be read.
struct Input {
    name: String,
    content: Result<Vec<u8>, String>,
    /// Added without its bytes ([`Corpus::add_later`]): no content yet.
    later: bool,
}

/// The last analysis: its report, and for every skipped entry the file
/// it came from (its documents are the session's).
struct Analysis {
    report: Report,
    skipped_files: Vec<usize>,
}

/// What is kept between analyses: a re-matchable analyzer of the files
/// read so far (always the first `gave.len()` files) and where its
/// documents came from. Dropped when what every analysis reads first
/// (templates, references, `within`, the budget) or how documents are
/// prepared changes.
struct Session {
    analyzer: Analyzer,
    /// The templates and references (name and hash of the bytes),
    /// `within` and the budget the session was started with.
    inputs: (Vec<(String, u64)>, bool, u64),
    budget: Budget,
    /// Per file read: documents and skips it gave, and the budget it took.
    gave: Vec<(usize, usize, u64)>,
    /// Documents of the reference files, which come first.
    reference_docs: usize,
    /// Every document of the analysis, in order, with its file number
    /// (made again at each run, since references are numbered after the
    /// files).
    documents: Vec<(Place, Placed)>,
    /// The source of every skipped entry, in order.
    skipped: Vec<Place>,
}

impl Session {
    /// Records what adding an input at `place` gave.
    fn place(&mut self, added: crate::AddedFile, place: Place) {
        self.skipped.extend(added.skipped.iter().map(|_| place));
        for (ordinal, origin) in added.documents.into_iter().enumerate() {
            debug_assert_eq!(origin.index, self.documents.len());
            self.documents.push((
                place,
                Placed {
                    file: 0,
                    ordinal,
                    origin,
                },
            ));
        }
    }

    /// The session without file `index` (already removed from the
    /// corpus's files), or `None` when it must start afresh: a skipped
    /// entry anywhere may be one the freed budget would now let in.
    fn without(mut self, index: usize) -> Option<Session> {
        let Some(&(docs, _, took)) = self.gave.get(index) else {
            // Not read yet: nothing of it is kept.
            return Some(self);
        };
        if self.gave.iter().any(|g| g.1 > 0) {
            return None;
        }
        let first = self.reference_docs + self.gave[..index].iter().map(|g| g.0).sum::<usize>();
        for d in (first..first + docs).rev() {
            self.analyzer.remove_document(d).ok()?;
            self.documents.remove(d);
        }
        for (place, placed) in &mut self.documents[first..] {
            if let Place::File(i) = place {
                *i -= 1;
            }
            // Documents after it are numbered again in the report.
            placed.origin.index -= docs;
        }
        self.gave.remove(index);
        self.budget.left += took;
        Some(self)
    }
}

/// Which input a document or a skipped entry came from.
#[derive(Clone, Copy)]
enum Place {
    File(usize),
    Template(usize),
    Reference(usize),
}

/// A document of the report: the file it came from, its position among
/// that file's documents, and its origin (where its bytes are, and the
/// text its reader extracted, kept so it is never read again).
struct Placed {
    file: usize,
    ordinal: usize,
    origin: Origin,
}

#[wasm_bindgen]
impl Corpus {
    /// An empty corpus.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// Adds a file and returns its index. The bytes are copied in and kept;
    /// they are read (in any format the CLI reads) when the corpus is
    /// analyzed.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) -> usize {
        self.push(Input {
            name,
            content: Ok(bytes),
            later: false,
        })
    }

    /// Adds a file whose bytes come later ([`Corpus::fill`], before an
    /// analysis reaches it) and returns its index: the page's workers read
    /// the file meanwhile, and the first to have it hands the bytes on.
    #[wasm_bindgen(js_name = addLater)]
    pub fn add_later(&mut self, name: String) -> usize {
        self.push(Input {
            name,
            content: Ok(Vec::new()),
            later: true,
        })
    }

    /// Gives file `index`, added by [`Corpus::add_later`], its bytes, or
    /// when `bytes` is undefined the reason it could not be read (listed
    /// as skipped). An analysis begun goes on: the file was part of it.
    pub fn fill(
        &mut self,
        index: usize,
        bytes: Option<Vec<u8>>,
        reason: String,
    ) -> Result<(), JsError> {
        match self.files.get_mut(index) {
            Some(input) if input.later => {
                input.content = bytes.ok_or(reason);
                input.later = false;
                Ok(())
            }
            _ => Err(JsError::new(&format!(
                "file {index} is not waiting for its bytes"
            ))),
        }
    }

    /// Adds an input the page could not read (the browser refused it, or
    /// it is over the page's size limit); the report lists it under
    /// `skipped` with `reason`. Returns its index among the files.
    #[wasm_bindgen(js_name = addUnreadable)]
    pub fn add_unreadable(&mut self, name: String, reason: String) -> usize {
        self.push(Input {
            name,
            content: Err(reason),
            later: false,
        })
    }

    /// Removes the file at `index`; later files move down by one.
    #[wasm_bindgen(js_name = removeFile)]
    pub fn remove_file(&mut self, index: usize) -> Result<(), JsError> {
        if index >= self.files.len() {
            return Err(JsError::new(&format!(
                "no file {index}: the corpus has {} file(s)",
                self.files.len()
            )));
        }
        self.files.remove(index);
        self.forget();
        self.session = self.session.take().and_then(|s| s.without(index));
        Ok(())
    }

    /// Adds a template file (the CLI's `--ignore FILE`) and returns its
    /// index among the templates: document paragraphs matching its text
    /// are listed as `ignored`, never as originals or copies. Read in any
    /// format, before the files, outside the budget.
    #[wasm_bindgen(js_name = addTemplate)]
    pub fn add_template(&mut self, name: String, bytes: Vec<u8>) -> usize {
        self.templates.push((name, bytes));
        self.forget();
        self.templates.len() - 1
    }

    /// Adds a reference file (the CLI's `--against REF`): the files are
    /// then checked against the references, which are analyzed first and
    /// numbered after the files and the templates in `origins`. Only reuse
    /// between a file and a reference is reported (among files too with
    /// `within`, see [`Corpus::set_within`]).
    #[wasm_bindgen(js_name = addReference)]
    pub fn add_reference(&mut self, name: String, bytes: Vec<u8>) -> usize {
        self.references.push((name, bytes));
        self.forget();
        self.references.len() - 1
    }

    /// With reference files, whether reuse among the files is reported
    /// as well (the CLI's `--within`).
    #[wasm_bindgen(js_name = setWithin)]
    pub fn set_within(&mut self, within: bool) {
        self.within = within;
        self.forget();
    }

    /// Removes every reference file.
    #[wasm_bindgen(js_name = clearReferences)]
    pub fn clear_references(&mut self) {
        self.references.clear();
        self.forget();
    }

    /// Removes every template.
    #[wasm_bindgen(js_name = clearTemplates)]
    pub fn clear_templates(&mut self) {
        self.templates.clear();
        self.forget();
    }

    /// Removes every file (the budget stays).
    pub fn clear(&mut self) {
        // The session goes too.
        *self = Corpus {
            budget: self.budget,
            ..Corpus::default()
        };
    }

    /// The limit on the bytes an analysis reads once decompressed, over
    /// all the files together: plain files count their size, archives the
    /// entries they give. A file or entry that does not fit in what is left
    /// is skipped with that reason (archive entries without being
    /// decompressed), and the files after it that fit are still read.
    /// [`DEFAULT_BUDGET`] unless set.
    #[wasm_bindgen(getter)]
    pub fn budget(&self) -> f64 {
        self.budget as f64
    }

    /// Sets [`Corpus::budget`] (a whole number of bytes).
    #[wasm_bindgen(js_name = setBudget)]
    pub fn set_budget(&mut self, bytes: f64) -> Result<(), JsError> {
        if !(bytes.is_finite() && bytes >= 0.0 && bytes.fract() == 0.0) {
            return Err(JsError::new(&format!(
                "invalid budget {bytes}: a whole number of bytes is expected"
            )));
        }
        self.budget = bytes as u64;
        self.forget();
        Ok(())
    }

    /// Number of files.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.files.len()
    }

    /// Total size of the files' bytes.
    #[wasm_bindgen(getter, js_name = totalBytes)]
    pub fn total_bytes(&self) -> f64 {
        self.files
            .iter()
            .map(|f| f.content.as_ref().map_or(0, Vec::len) as f64)
            .sum()
    }

    /// Analyzes every file with `options` (an object of option fields;
    /// missing fields take their defaults; `undefined` means all defaults)
    /// and returns the report as a plain object.
    ///
    /// `progress`, when given, is called with `{stage, done, total}`:
    /// stage `reading` once per file (with its `file` name), then the
    /// core's stages `matching`, `passages` (with passages on),
    /// `clustering` and `reporting`.
    pub fn analyze(
        &mut self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsError> {
        self.run(options, progress)?;
        to_js(self.report()?)
    }

    /// Analyzes as [`Corpus::analyze`] does but returns only the number of
    /// files read: the page then takes the report as JSON
    /// ([`Corpus::export_json`]), which is several times faster to make and
    /// to post to the page than the object graph of a large report.
    ///
    /// Files analyzed before are not read or prepared again: after files
    /// are added or removed, or with other thresholds (`near_threshold`,
    /// `contained_threshold`, `min_passage_words`, `passage_similarity`,
    /// `boilerplate_documents`), only the new files are read and the rest
    /// is matched again ([`crate::Analyzer::rematch`]); the report is the
    /// one a fresh analysis gives. Other options, other templates or
    /// references, `within` or the budget start afresh, and so does
    /// removing a file when any file gave a skipped entry (the budget a
    /// file frees could let a skipped one in).
    pub fn run(
        &mut self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<usize, JsError> {
        self.begin(options)?;
        while self.add_next(None, progress.clone())? {}
        self.finish_run(progress)
    }

    /// Starts an analysis in steps, as [`Corpus::run`] runs it: then
    /// [`Corpus::add_next`] for each file not read yet, and
    /// [`Corpus::finish_run`]. Returns the index of the first file to
    /// read (the files before it were read by an earlier analysis and
    /// are matched again): the page has those files prepared by its other
    /// workers ([`super::prepare`]) meanwhile. Any change to the corpus
    /// before the end drops the analysis begun.
    pub fn begin(&mut self, options: JsValue) -> Result<usize, JsError> {
        let options = parse_options(options)?;
        self.forget();
        // The files read before are matched again, not read again, when
        // what is read first and how documents are prepared are the same.
        let inputs = self.inputs();
        let session = match self.session.take() {
            Some(s) if s.inputs == inputs && s.analyzer.can_rematch(&options) => s,
            _ => self.start(&options, inputs)?,
        };
        let first = session.gave.len();
        self.pending = Some(Pending {
            options,
            session,
            first,
        });
        Ok(first)
    }

    /// Adds the next file of the analysis begun ([`Corpus::begin`]), in
    /// order: from `prepared`, what [`super::prepare`] gave for it in
    /// another worker (with the same options), or, when that is
    /// `undefined`, by reading it here. Returns false (adding nothing)
    /// once every file is added. Fails if `prepared` is not a valid
    /// prepared file for these options and this file.
    #[wasm_bindgen(js_name = addNext)]
    pub fn add_next(
        &mut self,
        prepared: Option<Vec<u8>>,
        progress: Option<js_sys::Function>,
    ) -> Result<bool, JsError> {
        let Some(Pending {
            options, session, ..
        }) = self.pending.as_mut()
        else {
            return Err(JsError::new("no analysis begun"));
        };
        let i = session.gave.len();
        let Some(input) = self.files.get(i) else {
            return Ok(false);
        };
        if input.later {
            return Err(JsError::new(&format!(
                "file {i} ({}) has no bytes yet: fill it first",
                input.name
            )));
        }
        report(
            &progress,
            &ProgressEvent {
                stage: "reading",
                done: i as u64,
                total: self.files.len() as u64,
                file: Some(&input.name),
            },
        )?;
        let left = session.budget.left;
        let (docs, skips) = (session.documents.len(), session.skipped.len());
        match (&input.content, prepared) {
            // Archives are read here, in order: the entries they give
            // count against what is left of the batch's budget.
            (Ok(bytes), Some(portable))
                if crate::read::sniff(&input.name, bytes) != Sniffed::Zip =>
            {
                let added = match session.budget.take(bytes.len() as u64) {
                    Ok(()) => add_portable(&mut session.analyzer, bytes, &portable)
                        .map_err(|e| JsError::new(&e.to_string()))?,
                    Err(reason) => {
                        let skipped = Skipped {
                            name: input.name.clone(),
                            reason,
                        };
                        session.analyzer.skip(&skipped.name, &skipped.reason);
                        crate::AddedFile {
                            documents: Vec::new(),
                            skipped: vec![skipped],
                        }
                    }
                };
                session.place(added, Place::File(i));
            }
            (Ok(bytes), _) => {
                // As `Analyzer::add_file`, within the batch's budget.
                let items = read_within(&input.name, bytes, options, &mut session.budget);
                let added = add_items(&mut session.analyzer, bytes, items, KeepTexts::Extracted);
                session.place(added, Place::File(i));
            }
            (Err(reason), _) => {
                session.analyzer.skip(&input.name, reason);
                session.skipped.push(Place::File(i));
            }
        }
        session.gave.push((
            session.documents.len() - docs,
            session.skipped.len() - skips,
            left - session.budget.left,
        ));
        Ok(true)
    }

    /// Files the documents added so far under their classes now
    /// ([`Analyzer::file_ahead`]): the worker calls it when it would wait
    /// for the next prepared file, so [`Corpus::finish_run`] has less to
    /// do. The report is the same.
    #[wasm_bindgen(js_name = fileAhead)]
    pub fn file_ahead(&mut self) {
        if let Some(pending) = &mut self.pending {
            pending.session.analyzer.file_ahead();
        }
    }

    /// Ends the analysis begun ([`Corpus::begin`]) once every file is
    /// added ([`Corpus::add_next`]): matches, and keeps the report.
    /// Returns the number of files read.
    #[wasm_bindgen(js_name = finishRun)]
    pub fn finish_run(&mut self, progress: Option<js_sys::Function>) -> Result<usize, JsError> {
        let Some(Pending {
            options,
            mut session,
            first,
        }) = self.pending.take()
        else {
            return Err(JsError::new("no analysis begun"));
        };
        let total = self.files.len() as u64;
        if session.gave.len() != self.files.len() {
            return Err(JsError::new("not every file was added"));
        }
        report(
            &progress,
            &ProgressEvent {
                stage: "reading",
                done: total,
                total,
                file: None,
            },
        )?;
        let mut failure = None;
        let result = session.analyzer.rematch(&options, &mut |p| {
            if failure.is_none() {
                let event = ProgressEvent {
                    stage: p.stage.as_str(),
                    done: p.done,
                    total: p.total,
                    file: None,
                };
                failure = report(&progress, &event).err();
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        let report = result.map_err(|e| JsError::new(&e.to_string()))?;
        // File numbers as `origins` gives them: templates and references
        // after the files.
        let (files, templates) = (self.files.len(), self.templates.len());
        let number = |place: Place| match place {
            Place::File(i) => i,
            Place::Template(t) => files + t,
            Place::Reference(r) => files + templates + r,
        };
        for (place, placed) in &mut session.documents {
            placed.file = number(*place);
        }
        let skipped_files = session.skipped.iter().map(|&p| number(p)).collect();
        self.last = Some(Analysis {
            report,
            skipped_files,
        });
        self.session = Some(session);
        self.explorer = None;
        Ok(self.files.len() - first)
    }

    /// Every candidate pair of the last analysis scoring at least `floor`
    /// (resemblance or containment), by the report's own scoring
    /// ([`crate::Analyzer::explorer`], kept for [`Corpus::preview`]), flat:
    /// six numbers a pair, `a.doc, a.para, b.doc, b.para, similarity,
    /// containment`. Nothing is read again.
    #[wasm_bindgen(js_name = candidateScores)]
    pub fn candidate_scores(&mut self, floor: f64) -> Result<Vec<f64>, JsError> {
        self.analysis()?;
        let analyzer = kept(&self.session)?;
        let explorer = analyzer.explorer(floor).map_err(js)?;
        let scores = explorer.scores(analyzer);
        self.explorer = Some(explorer);
        Ok(scores
            .iter()
            .flat_map(|c| {
                let (a, b) = (c.a, c.b);
                [a.doc, a.para, b.doc, b.para]
                    .map(f64::from)
                    .into_iter()
                    .chain([c.similarity, c.containment])
            })
            .collect())
    }

    /// The counts the last analysis's files would give with `options`
    /// (other thresholds), without reading anything and without replacing
    /// the last report ([`crate::Explorer::counts`]: from the kept
    /// candidate pairs, made at a floor of 0.1 if `candidateScores` was
    /// not asked): `[pairs, clusters, passages]`, then the `words` of each
    /// of those passages. Fails for options that prepare documents
    /// differently.
    pub fn preview(&mut self, options: JsValue) -> Result<Vec<f64>, JsError> {
        let options = parse_options(options)?;
        let p = self.with_explorer(|e, a| e.counts(a, &options))?;
        Ok([p.pairs, p.clusters, p.passages]
            .into_iter()
            .chain(p.passage_words)
            .map(|n| n as f64)
            .collect())
    }

    /// Two passages either side of `options`' minimum passage length
    /// ([`crate::Explorer::length_examples`]): `[above, below]`, each
    /// `{words, similarity, a, b}` (`a` and `b` the sides' texts) or
    /// `null`. Nothing is read or aligned again.
    #[wasm_bindgen(js_name = lengthExamples)]
    pub fn length_examples(&mut self, options: JsValue) -> Result<JsValue, JsError> {
        let options = parse_options(options)?;
        let got = self.with_explorer(|e, a| e.length_examples(a, &options))?;
        let last = self.analysis()?;
        let mut out: Vec<Option<LengthExample>> = Vec::with_capacity(2);
        for p in got {
            out.push(match p {
                Some(p) => Some(LengthExample {
                    words: p.words,
                    similarity: p.similarity,
                    a: self.side_text(last, &p.a)?,
                    b: self.side_text(last, &p.b)?,
                }),
                None => None,
            });
        }
        to_js(&out)
    }

    /// The last report as a plain object (what [`Corpus::analyze`]
    /// returns). The page takes a report as JSON unless its JSON is too
    /// long for one JavaScript string.
    #[wasm_bindgen(js_name = reportValue)]
    pub fn report_value(&self) -> Result<JsValue, JsError> {
        to_js(self.report()?)
    }

    /// Where each entry of the last report came from:
    /// `{documents: [file index per document], skipped: [file index per
    /// skipped entry]}`, file indices as `addFile` returned them (an entry
    /// a template skipped, listed first, has `length` + its template index).
    pub fn origins(&self) -> Result<JsValue, JsError> {
        let last = self.analysis()?;
        let documents: Vec<usize> = self.placed().iter().map(|d| d.1.file).collect();
        to_js(&Origins {
            documents,
            skipped: last.skipped_files.clone(),
        })
    }

    /// The text of every paragraph of document `doc`, in order: for plain
    /// text and Markdown, its span of the original bytes, decoded; for
    /// formats whose spans hold markup or indices (HTML, docx, records),
    /// the text the reader extracted (kept by the analysis, so no file is
    /// read again).
    #[wasm_bindgen(js_name = paragraphTexts)]
    pub fn paragraph_texts(&self, doc: usize) -> Result<Vec<String>, JsError> {
        let last = self.analysis()?;
        let (document, placed) = match (last.report.documents.get(doc), self.placed().get(doc)) {
            (Some(d), Some((_, p))) => (d, p),
            _ => return Err(no_document(doc, last.report.documents.len())),
        };
        placed
            .origin
            .paragraph_texts(document, self.file_bytes(placed.file))
            .ok_or_else(|| JsError::new("a paragraph lies outside its document"))
    }

    /// The deduplicated documents as a zip: every later copy whose kind is
    /// in `kinds` (an array of `"exact"`, `"near"`, `"contained"`) removed,
    /// first occurrences kept. The zip holds exactly what `paradup dedup`
    /// writes into its output folder — the same file names (one file per
    /// input file) and bytes, and `paradup-dedup-log.json` — and comes back
    /// as a `Uint8Array`, never as a string.
    pub fn dedup(&self, kinds: JsValue) -> Result<Vec<u8>, JsError> {
        self.dedup_keeping(kinds, "first", Vec::new())
    }

    /// Like [`Corpus::dedup`], keeping in each group of copies the one
    /// `policy` (`"first"`, `"longest"` or `"newest"`) chooses; `modified`
    /// gives each input file's `lastModified` in corpus order (NaN when
    /// unknown; archive entries get no time, as in the CLI). The same zip
    /// as `paradup dedup --keep POLICY`.
    #[wasm_bindgen(js_name = dedupKeeping)]
    pub fn dedup_keeping(
        &self,
        kinds: JsValue,
        policy: &str,
        modified: Vec<f64>,
    ) -> Result<Vec<u8>, JsError> {
        let kinds: Vec<Kind> = serde_wasm_bindgen::from_value(kinds).map_err(|e| {
            JsError::new(&format!(
                "invalid kinds (expected \"exact\", \"near\" or \"contained\"): {e}"
            ))
        })?;
        // Matched by hand: a serde enum costs the .wasm more than this.
        let policy = match policy {
            "first" => crate::dedup::Policy::First,
            "longest" => crate::dedup::Policy::Longest,
            "newest" => crate::dedup::Policy::Newest,
            other => {
                return Err(JsError::new(&format!(
                    "invalid keep policy {other:?} (expected \"first\", \"longest\" or \"newest\")"
                )))
            }
        };
        if !self.references.is_empty() {
            return Err(JsError::new(
                "dedup against reference files is not in the page yet: use paradup dedup --against",
            ));
        }
        let last = self.analysis()?;
        let modified = self
            .placed()
            .iter()
            .map(|(_, d)| match modified.get(d.file) {
                Some(&ms) if ms.is_finite() && !d.origin.is_entry() => Some(ms as i64),
                _ => None,
            })
            .collect();
        let keep = crate::dedup::Keep {
            policy,
            modified,
            ..crate::dedup::Keep::default()
        };
        let inputs = self.placed().iter().map(|(_, d)| self.zip_input(d));
        crate::dedup::zip_keeping(&last.report, inputs, &kinds, &keep).map_err(|e| JsError::new(&e))
    }
}

impl Corpus {
    /// What the core's dedup zip needs of a document: its file's name, its
    /// place in that file, and its bytes.
    fn zip_input<'a>(&'a self, placed: &'a Placed) -> crate::dedup::ZipInput<'a> {
        let name = self.files.get(placed.file).map_or("", |f| f.name.as_str());
        crate::dedup::ZipInput {
            file_relative: name,
            file_name: name,
            ordinal: placed.ordinal,
            is_entry: placed.origin.is_entry(),
            source: placed.origin.source(self.file_bytes(placed.file)),
        }
    }

    fn push(&mut self, input: Input) -> usize {
        self.files.push(input);
        self.forget();
        self.files.len() - 1
    }

    fn forget(&mut self) {
        if let Some(last) = self.last.take() {
            self.previous = last.report.documents;
        }
        // An analysis begun is about the corpus as it was.
        self.pending = None;
        self.explorer = None;
    }

    /// The documents of the session, with where they came from.
    fn placed(&self) -> &[(Place, Placed)] {
        self.session.as_ref().map_or(&[], |s| &s.documents)
    }

    /// What every analysis reads before the files, to tell whether a
    /// session can go on.
    fn inputs(&self) -> (Vec<(String, u64)>, bool, u64) {
        let hashed = |(name, bytes): &(String, Vec<u8>)| (name.clone(), xxh3_64(bytes));
        let mut all: Vec<(String, u64)> = self.templates.iter().map(hashed).collect();
        // A template and a reference of the same name and bytes differ.
        all.push((String::new(), self.templates.len() as u64));
        all.extend(self.references.iter().map(hashed));
        (all, self.within, self.budget)
    }

    /// A new session: the templates and the references read, no file yet.
    fn start(
        &self,
        options: &Options,
        inputs: (Vec<(String, u64)>, bool, u64),
    ) -> Result<Session, JsError> {
        let error = |e: crate::Error| JsError::new(&e.to_string());
        let mut session = Session {
            analyzer: Analyzer::keeping(options.clone()).map_err(error)?,
            inputs,
            budget: Budget::new(self.budget),
            gave: Vec::new(),
            reference_docs: 0,
            documents: Vec::new(),
            skipped: Vec::new(),
        };
        for (t, (name, bytes)) in self.templates.iter().enumerate() {
            let added = session.analyzer.add_template(name, bytes).map_err(error)?;
            session
                .skipped
                .extend(added.skipped.iter().map(|_| Place::Template(t)));
        }
        // References first, as `--against` reads them: they are the
        // originals.
        if !self.references.is_empty() {
            session.analyzer.set_role(Role::Reference).map_err(error)?;
            for (r, (name, bytes)) in self.references.iter().enumerate() {
                let items = read_within(name, bytes, options, &mut session.budget);
                let added = add_items(&mut session.analyzer, bytes, items, KeepTexts::Extracted);
                session.place(added, Place::Reference(r));
            }
            session.reference_docs = session.documents.len();
            session.analyzer.set_role(Role::New).map_err(error)?;
            session.analyzer.set_within(self.within);
        }
        Ok(session)
    }

    fn analysis(&self) -> Result<&Analysis, JsError> {
        self.last
            .as_ref()
            .ok_or_else(|| JsError::new("no report yet: analyze the documents first"))
    }

    pub(super) fn report(&self) -> Result<&Report, JsError> {
        self.analysis().map(|a| &a.report)
    }

    /// The last report, to lend its parts while it is written out.
    pub(super) fn report_mut(&mut self) -> Result<&mut Report, JsError> {
        self.last
            .as_mut()
            .map(|a| &mut a.report)
            .ok_or_else(|| JsError::new("no report yet: analyze the documents first"))
    }

    /// The documents of the report before the last one.
    pub(super) fn previous_documents(&self) -> &[crate::report::DocumentReport] {
        &self.previous
    }

    /// The bytes of file `file` (empty for an input that could not be read).
    fn file_bytes(&self, file: usize) -> &[u8] {
        let reference = file.checked_sub(self.files.len() + self.templates.len());
        if let Some(r) = reference.and_then(|r| self.references.get(r)) {
            return &r.1;
        }
        self.files
            .get(file)
            .and_then(|f| f.content.as_deref().ok())
            .unwrap_or_default()
    }
}

/// Reads one file as [`crate::read::read`] does, counting what it takes
/// against `budget`: an archive the entries it gives (see
/// [`crate::read::archive::read_within`]), any other file its size.
fn read_within<'a>(
    name: &str,
    bytes: &'a [u8],
    options: &Options,
    budget: &mut Budget,
) -> Vec<Item<'a>> {
    if crate::read::sniff(name, bytes) == Sniffed::Zip {
        return crate::read::archive::read_within(name, bytes, options, budget);
    }
    match budget.take(bytes.len() as u64) {
        Ok(()) => crate::read::read(name, bytes, options),
        Err(reason) => vec![Item::Skipped(Skipped {
            name: name.to_owned(),
            reason,
        })],
    }
}

/// `Corpus::origins`' result.
#[derive(Serialize)]
struct Origins {
    documents: Vec<usize>,
    skipped: Vec<usize>,
}

/// Calls the progress callback, if any, with `event`.
fn report(progress: &Option<js_sys::Function>, event: &ProgressEvent) -> Result<(), JsError> {
    if let Some(f) = progress {
        let value = to_js(event)?;
        f.call1(&JsValue::NULL, &value)
            .map_err(|e| JsError::new(&format!("progress callback failed: {e:?}")))?;
    }
    Ok(())
}

/// A progress event as the callback receives it.
#[derive(Serialize)]
struct ProgressEvent<'a> {
    stage: &'a str,
    done: u64,
    total: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

fn no_document(index: usize, len: usize) -> JsError {
    JsError::new(&format!(
        "no document {index}: the corpus has {len} document(s)"
    ))
}

// The page's per-document figures (`src/stats.rs`), in a block of their own.
#[wasm_bindgen]
impl Corpus {
    /// Per-document figures of the last report, one per document in
    /// report order: `[{paragraphs, duplicate_paragraphs, paragraph_bytes,
    /// duplicated_bytes}]`. Not part of the report (whose JSON the exports
    /// write unchanged): the page asks for them beside it.
    #[wasm_bindgen(js_name = documentStats)]
    pub fn document_stats(&self) -> Result<JsValue, JsError> {
        to_js(&self.report()?.document_stats())
    }
}

// The page's passage views: where each passage lies in the texts the page
// shows, and the text of each passage. A block of its own; thin
// conversions over the core's decoding (`decode_fragment`), so the page
// never maps byte offsets to characters itself (UTF-8, UTF-16 and
// Windows-1252 files differ there).
#[wasm_bindgen]
impl Corpus {
    /// Where the passages of the last report lie in document `doc`'s
    /// paragraph texts (as [`Corpus::paragraph_texts`] gives them):
    /// `[{passage, side, para, from, to}]`, one per paragraph a passage's
    /// side overlaps, with `side` `"a"` or `"b"` and `from`/`to` offsets in
    /// the paragraph's text in UTF-16 code units (JavaScript string
    /// indices). For formats whose spans do not hold text (HTML, .docx,
    /// records) a mark covers the whole paragraph text, with `whole: true`.
    /// Ordered by paragraph, then offset, then passage.
    #[wasm_bindgen(js_name = passageMarks)]
    pub fn passage_marks(&self, doc: usize) -> Result<JsValue, JsError> {
        let last = self.analysis()?;
        let (document, placed) = match (last.report.documents.get(doc), self.placed().get(doc)) {
            (Some(d), Some((_, p))) => (d, p),
            _ => return Err(no_document(doc, last.report.documents.len())),
        };
        let source = placed.origin.source(self.file_bytes(placed.file));
        let mut marks = Vec::new();
        for (index, p) in last.report.passages.iter().enumerate() {
            for (side, name) in [(&p.a, "a"), (&p.b, "b")] {
                if side.doc as usize != doc {
                    continue;
                }
                marks.extend(side_marks(
                    document, source, index, name, side.start, side.end,
                ));
            }
        }
        marks.sort_by_key(|m| (m.para, m.from, m.to, m.passage, m.side));
        to_js(&marks)
    }

    /// The text of each side of passages `passages` (indices into the last
    /// report's `passages`), as `[[a, b], …]`: the bytes of the side's span
    /// decoded in its document's encoding (line breaks and all, when the
    /// passage crosses paragraphs). For formats whose spans do not hold
    /// text, the texts of the paragraphs the span overlaps, joined by a
    /// blank line.
    #[wasm_bindgen(js_name = passageTexts)]
    pub fn passage_texts(&self, passages: Vec<u32>) -> Result<JsValue, JsError> {
        let last = self.analysis()?;
        let all = &last.report.passages;
        let mut out = Vec::with_capacity(passages.len());
        for i in passages {
            let p = all.get(i as usize).ok_or_else(|| {
                JsError::new(&format!(
                    "no passage {i}: the report has {} passage(s)",
                    all.len()
                ))
            })?;
            out.push([self.side_text(last, &p.a)?, self.side_text(last, &p.b)?]);
        }
        to_js(&out)
    }
}

impl Corpus {
    /// `ask` of the explorer kept for the last analysis (made at a floor
    /// of 0.1 when there is none, or it no longer fits), which is kept
    /// again whatever `ask` answers.
    fn with_explorer<T>(
        &mut self,
        ask: impl FnOnce(&crate::Explorer, &Analyzer) -> Result<T, crate::Error>,
    ) -> Result<T, JsError> {
        self.analysis()?;
        let analyzer = kept(&self.session)?;
        let explorer = match self.explorer.take() {
            Some(e) if e.fits(analyzer) => e,
            _ => analyzer.explorer(0.1).map_err(js)?,
        };
        let got = ask(&explorer, analyzer);
        self.explorer = Some(explorer);
        got.map_err(js)
    }

    /// The text of one side of a passage ([`Corpus::passage_texts`]).
    fn side_text(&self, last: &Analysis, side: &crate::PassageSide) -> Result<String, JsError> {
        let doc = side.doc as usize;
        let (document, placed) = match (last.report.documents.get(doc), self.placed().get(doc)) {
            (Some(d), Some((_, p))) => (d, p),
            _ => return Err(no_document(doc, last.report.documents.len())),
        };
        let file = self.file_bytes(placed.file);
        crate::analyze::span_text(
            document,
            placed.origin.source(file),
            placed.origin.texts.as_ref(),
            side.start,
            side.end,
        )
        .ok_or_else(|| JsError::new("a passage lies outside its document"))
    }
}

/// A passage beside a minimum length, as the explorer shows it.
#[derive(Serialize)]
struct LengthExample {
    words: u64,
    similarity: f64,
    /// The earlier side's text.
    a: String,
    /// The later side's text.
    b: String,
}

/// Where a passage's side lies in the paragraph texts of its document.
#[derive(Serialize)]
struct Mark {
    passage: usize,
    side: &'static str,
    para: usize,
    /// UTF-16 offsets in the paragraph's text.
    from: usize,
    to: usize,
    /// The span could not be placed inside the text (markup formats): the
    /// mark covers the whole paragraph.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    whole: bool,
}

/// The marks of one side (`start..end` in `source`, the document's bytes)
/// of passage `passage`: one per paragraph it overlaps. Offsets are the
/// UTF-16 length of the paragraph's bytes before the cut, decoded as the
/// paragraph's text is, so they fall exactly where the page's text has
/// those bytes whatever the encoding.
fn side_marks(
    document: &crate::DocumentReport,
    source: &[u8],
    passage: usize,
    side: &'static str,
    start: u64,
    end: u64,
) -> Vec<Mark> {
    let utf16 = |bytes: &[u8]| {
        crate::decode_fragment(bytes, document.encoding)
            .encode_utf16()
            .count()
    };
    // Paragraphs are in order: the first that ends after the start.
    let first = document.paragraphs.partition_point(|q| q.end <= start);
    let mut marks = Vec::new();
    for (para, q) in document.paragraphs.iter().enumerate().skip(first) {
        if q.start >= end {
            break;
        }
        if !document.format.spans_hold_text() {
            marks.push(Mark {
                passage,
                side,
                para,
                from: 0,
                to: 0,
                whole: true,
            });
            continue;
        }
        let (Ok(ps), Ok(pe)) = (usize::try_from(q.start), usize::try_from(q.end)) else {
            continue;
        };
        let Some(text) = source.get(ps..pe) else {
            continue;
        };
        let cut = |at: u64| usize::try_from(at.clamp(q.start, q.end) - q.start).unwrap_or(0);
        let (from, to) = (cut(start), cut(end));
        let (Some(before), Some(inside)) = (text.get(..from), text.get(from..to)) else {
            continue;
        };
        let from = utf16(before);
        let to = from + utf16(inside);
        if to > from {
            marks.push(Mark {
                passage,
                side,
                para,
                from,
                to,
                whole: false,
            });
        }
    }
    marks
}
