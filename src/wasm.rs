//! The WebAssembly boundary: a thin `#[wasm_bindgen]` layer over the core
//! for the browser app (`www/`).
//!
//! Everything here converts at the boundary and delegates to the core:
//! values cross as JSON-compatible JS values (`serde-wasm-bindgen`), errors
//! cross as `JsError` with a message meant for people, and nothing unwraps.
//! A [`Corpus`] keeps the documents' bytes so that changing options re-runs
//! the analysis without reading the files again.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::report::{Kind, Report};
use crate::{Analyzer, Options};

/// Installs the panic hook, so a panic shows its message in the console
/// before the instance traps. Runs when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
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

/// Word-level differences from `old` to `new`, as
/// `[{op: "equal"|"delete"|"insert", text}]`.
#[wasm_bindgen(js_name = wordDiff)]
pub fn word_diff(old: &str, new: &str) -> Result<JsValue, JsError> {
    to_js(&crate::diff::word_diff(old, new))
}

/// Panics on purpose. The app's tests use it to prove that a crash in the
/// worker is reported clearly and that the page recovers.
#[wasm_bindgen(js_name = debugPanic)]
pub fn debug_panic(message: &str) {
    panic!("debug panic requested: {message}");
}

/// A set of documents (name and raw bytes) and the last report on them.
#[wasm_bindgen]
#[derive(Default)]
pub struct Corpus {
    names: Vec<String>,
    bytes: Vec<Vec<u8>>,
    report: Option<Report>,
}

#[wasm_bindgen]
impl Corpus {
    /// An empty corpus.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// Adds a document and returns its index. The bytes are copied in and
    /// kept; they are decoded when the corpus is analyzed.
    #[wasm_bindgen(js_name = addDocument)]
    pub fn add_document(&mut self, name: String, bytes: Vec<u8>) -> usize {
        self.names.push(name);
        self.bytes.push(bytes);
        self.report = None;
        self.names.len() - 1
    }

    /// Removes the document at `index`; later documents move down by one.
    #[wasm_bindgen(js_name = removeDocument)]
    pub fn remove_document(&mut self, index: usize) -> Result<(), JsError> {
        if index >= self.names.len() {
            return Err(no_document(index, self.names.len()));
        }
        self.names.remove(index);
        self.bytes.remove(index);
        self.report = None;
        Ok(())
    }

    /// Removes every document.
    pub fn clear(&mut self) {
        *self = Corpus::default();
    }

    /// Number of documents.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.names.len()
    }

    /// Analyzes every document with `options` (an object of option fields;
    /// missing fields take their defaults; `undefined` means all defaults)
    /// and returns the report as a plain object.
    ///
    /// `progress`, when given, is called with `{stage, done, total}`:
    /// stage `reading` once per document (with its `file` name), then the
    /// core's stages `matching`, `clustering` and `reporting`.
    pub fn analyze(
        &mut self,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsError> {
        let options = parse_options(options)?;
        let mut analyzer = Analyzer::new(options).map_err(|e| JsError::new(&e.to_string()))?;
        let report_progress = |value: &ProgressEvent| -> Result<(), JsError> {
            if let Some(f) = &progress {
                let value = to_js(value)?;
                f.call1(&JsValue::NULL, &value)
                    .map_err(|e| JsError::new(&format!("progress callback failed: {e:?}")))?;
            }
            Ok(())
        };
        let total = self.names.len() as u64;
        for (i, (name, bytes)) in self.names.iter().zip(&self.bytes).enumerate() {
            report_progress(&ProgressEvent {
                stage: "reading",
                done: i as u64,
                total,
                file: Some(name),
            })?;
            analyzer.add_document(name, bytes);
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
                    stage: p.stage,
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
        let value = to_js(&report)?;
        self.report = Some(report);
        Ok(value)
    }

    /// The last report as JSON, byte for byte as
    /// `paradup analyze --format json` writes it (compact, one line).
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

    /// The last report's pairs as CSV, exactly as
    /// `paradup analyze --format csv` writes them.
    #[wasm_bindgen(js_name = pairsCsv)]
    pub fn pairs_csv(&self) -> Result<String, JsError> {
        Ok(crate::render::csv(self.report()?))
    }

    /// The text of every paragraph of document `doc`, decoded from its
    /// original bytes, in order.
    #[wasm_bindgen(js_name = paragraphTexts)]
    pub fn paragraph_texts(&self, doc: usize) -> Result<Vec<String>, JsError> {
        let report = self.report()?;
        let (document, bytes) = match (report.documents.get(doc), self.bytes.get(doc)) {
            (Some(d), Some(b)) => (d, b),
            _ => return Err(no_document(doc, report.documents.len())),
        };
        document
            .paragraphs
            .iter()
            .map(|p| {
                bytes
                    .get(p.start as usize..p.end as usize)
                    .map(|span| crate::decode_fragment(span, document.encoding))
                    .ok_or_else(|| JsError::new("a paragraph lies outside its document"))
            })
            .collect()
    }

    /// The deduplicated documents: every later copy whose kind is in
    /// `kinds` (an array of `"exact"`, `"near"`, `"contained"`) removed,
    /// first occurrences kept. Returns `{files: [{name, bytes}], log}` where
    /// `bytes` is a `Uint8Array` and `log` the removal log as JSON text.
    pub fn dedup(&self, kinds: JsValue) -> Result<JsValue, JsError> {
        let kinds: Vec<Kind> = serde_wasm_bindgen::from_value(kinds).map_err(|e| {
            JsError::new(&format!(
                "invalid kinds (expected \"exact\", \"near\" or \"contained\"): {e}"
            ))
        })?;
        let report = self.report()?;
        let sources: Vec<&[u8]> = self.bytes.iter().map(Vec::as_slice).collect();
        let result = crate::dedup::run(report, &sources, &kinds);
        let log = serde_json::to_string_pretty(&result.log)
            .map_err(|e| JsError::new(&format!("cannot write the removal log: {e}")))?;
        let files = js_sys::Array::new();
        for (name, kept) in report.documents.iter().map(|d| &d.name).zip(result.outputs) {
            let file = js_sys::Object::new();
            set(&file, "name", &JsValue::from_str(name))?;
            set(&file, "bytes", &js_sys::Uint8Array::from(kept.as_slice()))?;
            files.push(&file);
        }
        let out = js_sys::Object::new();
        set(&out, "files", &files)?;
        set(&out, "log", &JsValue::from_str(&log))?;
        Ok(out.into())
    }
}

impl Corpus {
    fn report(&self) -> Result<&Report, JsError> {
        self.report
            .as_ref()
            .ok_or_else(|| JsError::new("no report yet: analyze the documents first"))
    }
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

fn set(target: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new(&format!("cannot set {key} on a result object")))
}

fn no_document(index: usize, len: usize) -> JsError {
    JsError::new(&format!(
        "no document {index}: the corpus has {len} document(s)"
    ))
}
