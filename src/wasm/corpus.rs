//! The session the page's worker keeps: the input files, the last report,
//! and where each of its documents came from.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{parse_options, to_js, DEFAULT_BUDGET};
use crate::analyze::{add_items, KeepTexts, Origin};
use crate::read::archive::Budget;
use crate::read::{Item, Sniffed};
use crate::report::{Kind, Report, Skipped};
use crate::{Analyzer, Options};

/// A set of input files (name and raw bytes, or the reason the page could
/// not read it) and the last report on them.
#[wasm_bindgen]
pub struct Corpus {
    files: Vec<Input>,
    last: Option<Analysis>,
    /// Most bytes an analysis keeps once decompressed, over all the files.
    budget: u64,
}

impl Default for Corpus {
    fn default() -> Corpus {
        Corpus {
            files: Vec::new(),
            last: None,
            budget: DEFAULT_BUDGET,
        }
    }
}

/// One input: its name and either its bytes or why it could not be read.
struct Input {
    name: String,
    content: Result<Vec<u8>, String>,
}

/// The last analysis: its report, and for every document and skipped
/// entry the file it came from.
struct Analysis {
    report: Report,
    /// Every document of the report, in order.
    documents: Vec<Placed>,
    skipped_files: Vec<usize>,
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
        })
    }

    /// Adds an input the page could not read (the browser refused it, or
    /// it is over the page's size limit); the report lists it under
    /// `skipped` with `reason`. Returns its index among the files.
    #[wasm_bindgen(js_name = addUnreadable)]
    pub fn add_unreadable(&mut self, name: String, reason: String) -> usize {
        self.push(Input {
            name,
            content: Err(reason),
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
        Ok(())
    }

    /// Removes every file (the budget stays).
    pub fn clear(&mut self) {
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
    /// core's stages `matching`, `clustering` and `reporting`.
    pub fn analyze(
        &mut self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsError> {
        let options = parse_options(options)?;
        self.forget();
        let mut analyzer =
            Analyzer::new(options.clone()).map_err(|e| JsError::new(&e.to_string()))?;
        let report_progress = |value: &ProgressEvent| -> Result<(), JsError> {
            if let Some(f) = &progress {
                let value = to_js(value)?;
                f.call1(&JsValue::NULL, &value)
                    .map_err(|e| JsError::new(&format!("progress callback failed: {e:?}")))?;
            }
            Ok(())
        };
        let total = self.files.len() as u64;
        let mut budget = Budget::new(self.budget);
        let mut documents = Vec::new();
        let mut skipped_files = Vec::new();
        for (i, input) in self.files.iter().enumerate() {
            report_progress(&ProgressEvent {
                stage: "reading",
                done: i as u64,
                total,
                file: Some(&input.name),
            })?;
            match &input.content {
                Ok(bytes) => {
                    // As `Analyzer::add_file`, within the batch's budget.
                    let items = read_within(&input.name, bytes, &options, &mut budget);
                    let added = add_items(&mut analyzer, bytes, items, KeepTexts::Extracted);
                    skipped_files.extend(added.skipped.iter().map(|_| i));
                    for (ordinal, origin) in added.documents.into_iter().enumerate() {
                        debug_assert_eq!(origin.index, documents.len());
                        documents.push(Placed {
                            file: i,
                            ordinal,
                            origin,
                        });
                    }
                }
                Err(reason) => {
                    analyzer.skip(&input.name, reason);
                    skipped_files.push(i);
                }
            }
        }
        report_progress(&ProgressEvent {
            stage: "reading",
            done: total,
            total,
            file: None,
        })?;
        let mut failure = None;
        let report = analyzer.finish_with_progress(&mut |p| {
            if failure.is_none() {
                let event = ProgressEvent {
                    stage: p.stage.as_str(),
                    done: p.done,
                    total: p.total,
                    file: None,
                };
                failure = report_progress(&event).err();
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        let report = report.map_err(|e| JsError::new(&e.to_string()))?;
        let value = to_js(&report)?;
        self.last = Some(Analysis {
            report,
            documents,
            skipped_files,
        });
        Ok(value)
    }

    /// Where each entry of the last report came from:
    /// `{documents: [file index per document], skipped: [file index per
    /// skipped entry]}`, file indices as `addFile` returned them.
    pub fn origins(&self) -> Result<JsValue, JsError> {
        let last = self.analysis()?;
        let documents: Vec<usize> = last.documents.iter().map(|d| d.file).collect();
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
        let (document, placed) = match (last.report.documents.get(doc), last.documents.get(doc)) {
            (Some(d), Some(p)) => (d, p),
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
        let last = self.analysis()?;
        let modified = last
            .documents
            .iter()
            .map(|d| match modified.get(d.file) {
                Some(&ms) if ms.is_finite() && !d.origin.is_entry() => Some(ms as i64),
                _ => None,
            })
            .collect();
        let keep = crate::dedup::Keep {
            policy,
            modified,
            ..crate::dedup::Keep::default()
        };
        let inputs = last.documents.iter().map(|d| self.zip_input(d));
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
        self.last = None;
    }

    fn analysis(&self) -> Result<&Analysis, JsError> {
        self.last
            .as_ref()
            .ok_or_else(|| JsError::new("no report yet: analyze the documents first"))
    }

    pub(super) fn report(&self) -> Result<&Report, JsError> {
        self.analysis().map(|a| &a.report)
    }

    /// The bytes of file `file` (empty for an input that could not be read).
    fn file_bytes(&self, file: usize) -> &[u8] {
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
