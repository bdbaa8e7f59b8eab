//! The WebAssembly boundary: a thin `#[wasm_bindgen]` layer over the core
//! for the browser app (`www/`).
//!
//! Everything here converts at the boundary and delegates to the core:
//! values cross as JSON-compatible JS values (`serde-wasm-bindgen`), errors
//! cross as `JsError` with a message meant for people, and nothing unwraps.
//! A [`Corpus`] keeps the files' bytes so that changing options re-runs
//! the analysis without reading the files again. Files are read as the CLI
//! reads them ([`crate::Analyzer::add_file`]): one file can hold several documents
//! (records, archive entries) or none (an input that is skipped, with its
//! reason, in the report's `skipped` list).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use std::sync::atomic::{AtomicU8, Ordering};

use crate::Options;

mod corpus;
mod export;

pub use corpus::Corpus;
pub use export::EXPORT_CHUNK;

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
/// and returns it complete, or throws an `Error` with the core's message
/// whose `field` names the option at fault, as the core's error does
/// (`null` when no one option is: not an object, a field options do not
/// have), so the page can mark it.
#[wasm_bindgen(js_name = checkOptions)]
pub fn check_options(options: JsValue) -> Result<JsValue, JsValue> {
    match read_options(options) {
        Ok(options) => to_js(&options).map_err(JsValue::from),
        Err(refused) => {
            let error = js_sys::Error::new(&refused.message);
            let field = refused.field.map_or(JsValue::NULL, JsValue::from);
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(&error, &JsValue::from("field"), &field);
            Err(error.into())
        }
    }
}

/// Word-level differences from `old` to `new`, as `{spans: [{op:
/// "equal"|"delete"|"insert", text}], coarse, work}`; `coarse` is true when
/// the texts were too long to diff word by word and the spans are coarser.
#[wasm_bindgen(js_name = wordDiff)]
pub fn word_diff(old: &str, new: &str) -> Result<JsValue, JsError> {
    to_js(&crate::diff::diff(old, new))
}

/// Reads and prepares one file (decodes, segments, normalizes and
/// fingerprints every paragraph) in a helper worker, as the analysis
/// would, and returns the result as bytes for [`Corpus::add_next`] in the
/// worker that merges (the same `options`; transfer the buffer, it is
/// large). Returns `undefined` for a zip archive, which the merging
/// worker reads itself, in order, within the batch's budget.
#[wasm_bindgen]
pub fn prepare(name: &str, bytes: &[u8], options: JsValue) -> Result<Option<Vec<u8>>, JsError> {
    let options = parse_options(options)?;
    if crate::read::sniff(name, bytes) == crate::read::Sniffed::Zip {
        return Ok(None);
    }
    Ok(Some(crate::analyze::prepare_portable(
        &options, name, bytes,
    )))
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

fn parse_options(value: JsValue) -> Result<Options, JsError> {
    read_options(value).map_err(|refused| JsError::new(&refused.message))
}

/// Options the core refused: its message, and the option at fault if one is.
struct Refused {
    message: String,
    field: Option<&'static str>,
}

fn read_options(value: JsValue) -> Result<Options, Refused> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    // Through JSON rather than serde-wasm-bindgen, which looks up known
    // fields only and so would silently accept misspelt ones; the core's
    // reader honours `deny_unknown_fields` and names the refused option.
    let json = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Refused {
            message: "invalid options: not a plain object".to_owned(),
            field: None,
        })?;
    Options::from_json(&json).map_err(|e| Refused {
        field: match e.kind() {
            crate::ErrorKind::InvalidOption { option, .. } => Some(*option),
            _ => None,
        },
        message: e.to_string(),
    })
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot pass a value to JavaScript: {e}")))
}
