//! The WebAssembly boundary: a thin `#[wasm_bindgen]` layer over the core
//! for the browser app (`www/`).
//!
//! Everything here converts at the boundary and delegates to the core:
//! values cross as JSON-compatible JS values (`serde-wasm-bindgen`), errors
//! cross as `JsError` with a message meant for people, and nothing unwraps.
//! A [`Corpus`] keeps the files' bytes so that changing options re-runs
//! the analysis without reading the files again. Files are read as the CLI
//! reads them ([`Analyzer::add_file`]): one file can hold several documents
//! (records, archive entries) or none (an input that is skipped, with its
//! reason, in the report's `skipped` list).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use std::sync::atomic::{AtomicU8, Ordering};

use crate::analyze::{add_items, KeepTexts, Origin};
use crate::read::archive::Budget;
use crate::read::{Item, Sniffed};
use crate::report::{Kind, Report, Skipped};
use crate::{Analyzer, Options};

/// The page's default limit on the bytes of a batch once decompressed
/// (plain files, and archive entries as they come out of their archives):
/// 256 MiB, as `MAX_TOTAL_BYTES` in `www/js/app.js`.
pub const DEFAULT_BUDGET: u64 = 256 << 20;

/// Set by the panic hook: 1 for a panic, 2 for a panic on a collection
/// too large to allocate ("capacity overflow": more than 2 GiB in one
/// allocation, which wasm32 cannot address). A trap with no panic before it
/// is the abort that follows a failed allocation. The worker asks
/// ([`panic_kind`]), to name a crash truly.
static PANIC: AtomicU8 = AtomicU8::new(0);

/// Installs the panic hook, so a panic shows its message in the console
/// (and is remembered, see [`panic_kind`]) before the instance traps.
/// Runs when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        let overflow = message.is_some_and(|m| m.contains("capacity overflow"));
        PANIC.store(if overflow { 2 } else { 1 }, Ordering::Relaxed);
        console_error_panic_hook::hook(info);
    }));
}

/// What became of this instance: `"none"` if no code has panicked,
/// `"memory"` after a panic on a collection too large to allocate, `"panic"`
/// after any other panic. After a WebAssembly trap (`unreachable`),
/// `"none"` means the trap was the abort after an allocation failed; so it
/// and `"memory"` mean the instance ran out of memory.
#[wasm_bindgen(js_name = panicKind)]
pub fn panic_kind() -> String {
    match PANIC.load(Ordering::Relaxed) {
        0 => "none",
        2 => "memory",
        _ => "panic",
    }
    .to_owned()
}

/// The crate version, as reports write it under `tool.version`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The default options, as a plain object.
#[wasm_bindgen(js_name = defaultOptions)]
pub fn default_options() -> Result<JsValue, JsError> {
    to_js(&Options::default())
}

/// Checks an options object (a partial object is completed with defaults)
/// and returns it complete, or throws naming the offending option.
#[wasm_bindgen(js_name = checkOptions)]
pub fn check_options(options: JsValue) -> Result<JsValue, JsError> {
    to_js(&parse_options(options)?)
}

/// Word-level differences from `old` to `new`, as `{spans: [{op:
/// "equal"|"delete"|"insert", text}], coarse, work}`; `coarse` is true when
/// the texts were too long to diff word by word and the spans are coarser.
#[wasm_bindgen(js_name = wordDiff)]
pub fn word_diff(old: &str, new: &str) -> Result<JsValue, JsError> {
    to_js(&crate::diff::diff(old, new))
}

/// The extensions read from folders (lower case, without the dot), as the
/// CLI reads them; files given one by one are always read.
#[wasm_bindgen(js_name = folderExtensions)]
pub fn folder_extensions() -> Vec<String> {
    crate::FOLDER_EXTENSIONS
        .iter()
        .map(|e| (*e).to_owned())
        .collect()
}

/// Panics on purpose. The app's tests use it to prove that a crash in the
/// worker is reported clearly and that the page recovers.
#[wasm_bindgen(js_name = debugPanic)]
pub fn debug_panic(message: &str) {
    panic!("debug panic requested: {message}");
}

/// Allocates memory until an allocation fails, as a too-large input would.
/// The app's tests use it to prove that running out of memory is named as
/// such (and not called a panic), and that the page recovers.
#[wasm_bindgen(js_name = debugExhaustMemory)]
pub fn debug_exhaust_memory() -> usize {
    let mut held: Vec<Vec<u8>> = Vec::new();
    loop {
        held.push(Vec::with_capacity(64 << 20));
        std::hint::black_box(&held);
    }
}

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

    /// The last report as JSON, byte for byte as
    /// `paradup analyze --format json` writes it (compact, one line), in
    /// pieces: an array of `Uint8Array`s of about `chunk` bytes each
    /// (default [`EXPORT_CHUNK`]) to be joined as a `Blob`. A report can be
    /// larger than the longest string a browser makes, so it never becomes
    /// one string.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self, chunk: Option<u32>) -> Result<js_sys::Array, JsError> {
        let report = self.report()?;
        let mut out = Chunks::new(chunk);
        serde_json::to_writer(&mut out, report)
            .map_err(std::io::Error::other)
            .and_then(|_| std::io::Write::write_all(&mut out, b"\n"))
            .map_err(|e| JsError::new(&format!("cannot write the report as JSON: {e}")))?;
        Ok(out.finish())
    }

    /// The last report's pairs as CSV, exactly as
    /// `paradup analyze --format csv` writes them, in pieces as
    /// [`Corpus::export_json`].
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self, chunk: Option<u32>) -> Result<js_sys::Array, JsError> {
        let report = self.report()?;
        let mut out = Chunks::new(chunk);
        crate::render::write_csv(report, &mut out)
            .map_err(|e| JsError::new(&format!("cannot write the pairs as CSV: {e}")))?;
        Ok(out.finish())
    }

    /// The last report as JSON in one string, as [`Corpus::export_json`]
    /// writes it: for small reports only (the page uses `exportJson`).
    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(&self) -> Result<String, JsError> {
        let report = self.report()?;
        serde_json::to_string(report)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| JsError::new(&format!("cannot write the report as JSON: {e}")))
    }

    /// The last report's pairs as CSV in one string, as
    /// [`Corpus::export_csv`] writes them: for small reports only.
    #[wasm_bindgen(js_name = pairsCsv)]
    pub fn pairs_csv(&self) -> Result<String, JsError> {
        Ok(crate::render::csv(self.report()?))
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
        let kinds: Vec<Kind> = serde_wasm_bindgen::from_value(kinds).map_err(|e| {
            JsError::new(&format!(
                "invalid kinds (expected \"exact\", \"near\" or \"contained\"): {e}"
            ))
        })?;
        let last = self.analysis()?;
        let inputs = last.documents.iter().map(|d| self.zip_input(d));
        crate::dedup::zip(&last.report, inputs, &kinds).map_err(|e| JsError::new(&e))
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

    fn report(&self) -> Result<&Report, JsError> {
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

/// The size of the pieces exports are written in (16 MiB): small enough
/// for any browser to allocate, large enough to be few.
pub const EXPORT_CHUNK: u32 = 16 << 20;

/// A writer that hands its output to JavaScript in pieces: each time about
/// `size` bytes have been written they are copied into a new `Uint8Array`
/// (which the worker transfers to the page without copying again), so
/// neither side ever holds the whole output in one buffer or string.
struct Chunks {
    parts: js_sys::Array,
    buf: Vec<u8>,
    size: usize,
}

impl Chunks {
    fn new(size: Option<u32>) -> Chunks {
        let size = size.unwrap_or(EXPORT_CHUNK).max(1) as usize;
        Chunks {
            parts: js_sys::Array::new(),
            buf: Vec::with_capacity(size.min(EXPORT_CHUNK as usize)),
            size,
        }
    }

    fn cut(&mut self) {
        if !self.buf.is_empty() {
            self.parts
                .push(&js_sys::Uint8Array::from(self.buf.as_slice()));
            self.buf.clear();
        }
    }

    fn finish(mut self) -> js_sys::Array {
        self.cut();
        self.parts
    }
}

impl std::io::Write for Chunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let room = self.size.saturating_sub(self.buf.len()).max(1);
        let n = data.len().min(room);
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() >= self.size {
            self.cut();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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

fn parse_options(value: JsValue) -> Result<Options, JsError> {
    // Through JSON rather than serde-wasm-bindgen, which looks up known
    // fields only and so would silently accept misspelt ones; serde_json
    // honours `deny_unknown_fields`, as the CLI's config does.
    let options = if value.is_undefined() || value.is_null() {
        Options::default()
    } else {
        let json = js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| JsError::new("invalid options: not a plain object"))?;
        serde_json::from_str::<Options>(&json)
            .map_err(|e| JsError::new(&format!("invalid options: {e}")))?
    };
    options
        .validate()
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(options)
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot pass a value to JavaScript: {e}")))
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
