//! Tests of the WebAssembly boundary (`src/wasm.rs`), run in headless
//! Chromium by `wasm-bindgen-test-runner` (see `scripts/test`).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Reflect, Uint8Array, JSON};
use paradup::wasm::{check_options, default_options, folder_extensions, word_diff, Corpus};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const A: &str = "(LONDON) — The council met on Tuesday to vote on the harbour plan.\n\nA second paragraph about something else entirely, long enough.\n";
const B: &str = "The council met on Tuesday to vote on the harbour plan.\n\nNothing in common with the first file at all, really nothing.\n";

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, key| {
        let key = match key.parse::<u32>() {
            Ok(i) => JsValue::from(i),
            Err(_) => JsValue::from_str(key),
        };
        Reflect::get(&v, &key).expect("property")
    })
}

fn num(v: &JsValue, path: &str) -> f64 {
    let value = get(v, path);
    // JSON-compatible: plain numbers, never BigInt.
    assert_eq!(value.js_typeof(), "number", "{path} is {value:?}");
    value.as_f64().expect("number")
}

fn text(v: &JsValue, path: &str) -> String {
    get(v, path).as_string().expect("string")
}

/// The entries of a zip, in order, as (name, bytes).
fn unzip(bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_owned(), data)
        })
        .collect()
}

/// The message of a thrown `Error` (a `JsError`, or an `Error` with fields).
fn message(e: impl Into<JsValue>) -> String {
    let v: JsValue = e.into();
    v.dyn_into::<js_sys::Error>()
        .expect("an Error object")
        .message()
        .into()
}

fn options(json: &str) -> JsValue {
    JSON::parse(json).expect("valid JSON")
}

fn corpus() -> Corpus {
    let mut c = Corpus::new();
    assert_eq!(c.add_file("a.txt".into(), A.as_bytes().to_vec()), 0);
    assert_eq!(c.add_file("b.txt".into(), B.as_bytes().to_vec()), 1);
    c
}

#[wasm_bindgen_test]
fn analyze_returns_the_report_as_plain_js() {
    let mut c = corpus();
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(text(&report, "tool.name"), "paradup");
    assert_eq!(text(&report, "tool.version"), paradup::wasm::version());
    assert_eq!(num(&report, "summary.documents"), 2.0);
    assert_eq!(num(&report, "summary.pairs"), 1.0);
    assert_eq!(text(&report, "pairs.0.kind"), "exact");
    assert_eq!(num(&report, "pairs.0.a.doc"), 0.0);
    assert_eq!(num(&report, "pairs.0.b.doc"), 1.0);
    assert_eq!(text(&report, "documents.1.name"), "b.txt");
    assert_eq!(text(&report, "documents.0.encoding"), "utf-8");
    // Spans are byte offsets into the original bytes.
    assert_eq!(num(&report, "documents.1.paragraphs.0.start"), 0.0);
    assert_eq!(
        num(&report, "documents.1.paragraphs.0.end") as usize,
        B.find('\n').unwrap()
    );
    assert!(Array::is_array(&get(&report, "clusters")));
}

#[wasm_bindgen_test]
fn the_report_equals_the_core_report() {
    let mut c = corpus();
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    let native = paradup::analyze(&[("a.txt", A), ("b.txt", B)], paradup::Options::default())
        .expect("native report");
    let mut expected = serde_json::to_string(&native).unwrap();
    expected.push('\n');
    assert_eq!(c.report_json().expect("json"), expected);
    assert_eq!(
        c.pairs_csv().expect("csv"),
        paradup::render::csv(&native),
        "CSV as the CLI writes it"
    );
}

#[wasm_bindgen_test]
fn options_are_applied_and_completed_with_defaults() {
    let mut c = corpus();
    let report = c
        .analyze(
            options(r#"{"skip_datelines": false, "near_threshold": 0.9}"#),
            None,
        )
        .expect("report");
    assert_eq!(get(&report, "settings.skip_datelines"), JsValue::FALSE);
    assert_eq!(num(&report, "settings.near_threshold"), 0.9);
    assert_eq!(num(&report, "settings.min_words"), 5.0, "default kept");
    let full = check_options(options(r#"{"min_words": 3}"#)).expect("valid");
    assert_eq!(num(&full, "min_words"), 3.0);
    assert_eq!(
        num(&full, "shingle_words"),
        num(&default_options().unwrap(), "shingle_words")
    );
    assert_eq!(text(&full, "segmentation"), "auto");
}

#[wasm_bindgen_test]
fn bad_options_are_clear_errors() {
    let mut c = corpus();
    let e = c
        .analyze(options(r#"{"min_words": 0}"#), None)
        .expect_err("min_words 0");
    let m = message(e);
    assert!(m.contains("min_words") && m.contains("at least 1"), "{m}");
    let m = message(
        c.analyze(options(r#"{"colour": "red"}"#), None)
            .expect_err("unknown"),
    );
    assert!(
        m.starts_with("invalid options") && m.contains("colour"),
        "{m}"
    );
    let m = message(
        c.analyze(options(r#"{"segmentation": "words"}"#), None)
            .expect_err("bad variant"),
    );
    assert!(m.contains("words"), "{m}");
    let m = message(check_options(options(r#"{"near_threshold": 1.5}"#)).expect_err("range"));
    assert!(m.contains("near_threshold"), "{m}");
}

#[wasm_bindgen_test]
fn progress_is_reported_per_file_and_per_stage() {
    let seen = Array::new();
    let push = Function::new_with_args("log", "this.push(JSON.parse(JSON.stringify(log)))");
    let callback = push.bind0(&seen);
    let mut c = corpus();
    c.analyze(JsValue::UNDEFINED, Some(callback))
        .expect("report");
    let events: Vec<JsValue> = seen.iter().collect();
    let files: Vec<String> = events
        .iter()
        .filter(|e| text(e, "stage") == "reading")
        .filter_map(|e| get(e, "file").as_string())
        .collect();
    assert_eq!(files, ["a.txt", "b.txt"]);
    let stages: Vec<String> = events.iter().map(|e| text(e, "stage")).collect();
    for stage in ["matching", "passages", "clustering", "reporting"] {
        assert!(stages.iter().any(|s| s == stage), "{stage} in {stages:?}");
    }
    let last = events.last().expect("events");
    assert_eq!(num(last, "done"), num(last, "total"));
}

#[wasm_bindgen_test]
fn a_throwing_progress_callback_is_an_error_not_a_crash() {
    let mut c = corpus();
    let throws = Function::new_no_args("throw new Error('stop')");
    let m = message(
        c.analyze(JsValue::UNDEFINED, Some(throws))
            .expect_err("throws"),
    );
    assert!(m.contains("progress callback failed"), "{m}");
    // The corpus is still usable.
    assert!(c.analyze(JsValue::UNDEFINED, None).is_ok());
}

#[wasm_bindgen_test]
fn paragraph_texts_decode_the_original_bytes() {
    let mut c = Corpus::new();
    // UTF-16LE with BOM, and invalid UTF-8 read as Windows-1252.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Caf\u{e9} au lait\n\nSecond one".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    c.add_file("u16.txt".into(), utf16);
    c.add_file("cp1252.txt".into(), b"Caf\xe9 cr\xe8me\n".to_vec());
    let m = message(c.paragraph_texts(0).expect_err("no report yet"));
    assert!(m.contains("analyze"), "{m}");
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(
        c.paragraph_texts(0).unwrap(),
        ["Caf\u{e9} au lait", "Second one"]
    );
    assert_eq!(c.paragraph_texts(1).unwrap(), ["Caf\u{e9} cr\u{e8}me"]);
    let m = message(c.paragraph_texts(7).expect_err("no such doc"));
    assert!(m.contains("no document 7"), "{m}");
}

#[wasm_bindgen_test]
fn documents_can_be_removed_and_cleared() {
    let mut c = corpus();
    assert_eq!(c.length(), 2);
    let m = message(c.remove_file(5).expect_err("out of range"));
    assert!(m.contains("no file 5") && m.contains("2 file"), "{m}");
    c.remove_file(0).expect("removed");
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(num(&report, "summary.documents"), 1.0);
    assert_eq!(text(&report, "documents.0.name"), "b.txt");
    assert_eq!(num(&report, "summary.pairs"), 0.0);
    c.clear();
    assert_eq!(c.length(), 0);
    let report = c.analyze(JsValue::UNDEFINED, None).expect("empty report");
    assert_eq!(num(&report, "summary.documents"), 0.0);
}

#[wasm_bindgen_test]
fn dedup_keeps_first_occurrences_and_logs_removals() {
    let mut c = corpus();
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    let out = unzip(c.dedup(options(r#"["exact", "near"]"#)).expect("dedup"));
    let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a.txt", "b.txt", "paradup-dedup-log.json"]);
    assert_eq!(out[0].1, A.as_bytes(), "the original stays");
    let kept = String::from_utf8(out[1].1.clone()).unwrap();
    assert!(!kept.contains("council"), "{kept}");
    assert!(kept.contains("Nothing in common"), "{kept}");
    let log: paradup::dedup::Log = serde_json::from_slice(&out[2].1).expect("log is JSON");
    assert_eq!(log.documents[1].removed[0].original_document, "a.txt");
    let m = message(c.dedup(options(r#"["similar"]"#)).expect_err("bad kind"));
    assert!(m.contains("invalid kinds"), "{m}");
}

#[wasm_bindgen_test]
fn word_diff_marks_changed_words() {
    let diff = word_diff("the quick brown fox", "the slow brown fox").unwrap();
    assert_eq!(Reflect::get(&diff, &"coarse".into()).unwrap(), false);
    let spans: Array = Reflect::get(&diff, &"spans".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let ops: Vec<(String, String)> = spans
        .iter()
        .map(|s| (text(&s, "op"), text(&s, "text")))
        .collect();
    assert!(ops.contains(&("delete".into(), "quick".into())), "{ops:?}");
    assert!(ops.contains(&("insert".into(), "slow".into())), "{ops:?}");
    assert_eq!(ops[0].0, "equal");
    assert!(Object::keys(&spans.get(0).dyn_into::<Object>().unwrap()).length() == 2);
}

#[wasm_bindgen_test]
fn folder_extensions_are_the_cores() {
    assert_eq!(folder_extensions(), paradup::FOLDER_EXTENSIONS);
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";

fn elf() -> Vec<u8> {
    let mut b = b"\x7fELF\x02\x01\x01\0".to_vec();
    b.extend((0..4000u32).map(|i| (i % 7) as u8));
    b
}

#[wasm_bindgen_test]
fn files_that_are_not_text_are_skipped_with_a_reason_and_the_rest_analyzed() {
    let mut c = Corpus::new();
    assert_eq!(c.add_file("a.txt".into(), A.as_bytes().to_vec()), 0);
    c.add_file("image.png".into(), PNG.to_vec());
    c.add_file("program".into(), elf());
    c.add_unreadable("locked.txt".into(), "the browser could not read it".into());
    c.add_file("empty.txt".into(), Vec::new());
    c.add_file("b.txt".into(), B.as_bytes().to_vec());
    assert_eq!(c.length(), 6);
    assert_eq!(
        c.total_bytes() as usize,
        A.len() + PNG.len() + elf().len() + B.len()
    );
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    let names: Vec<String> = (0..num(&report, "summary.documents") as u32)
        .map(|i| text(&report, &format!("documents.{i}.name")))
        .collect();
    assert_eq!(names, ["a.txt", "empty.txt", "b.txt"]);
    assert_eq!(num(&report, "documents.1.paragraphs.length"), 0.0);
    let skipped: Vec<(String, String)> = (0..num(&report, "skipped.length") as u32)
        .map(|i| {
            (
                text(&report, &format!("skipped.{i}.name")),
                text(&report, &format!("skipped.{i}.reason")),
            )
        })
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert_eq!(skipped[0].0, "image.png");
    assert!(skipped[0].1.to_lowercase().contains("png"), "{skipped:?}");
    assert_eq!(skipped[1].0, "program");
    assert!(!skipped[1].1.is_empty());
    assert_eq!(
        skipped[2],
        ("locked.txt".into(), "the browser could not read it".into())
    );
    // The good pair is still found.
    assert_eq!(num(&report, "summary.pairs"), 1.0);
    assert_eq!(num(&report, "pairs.0.b.doc"), 2.0);
    // Each report entry is traced back to its file.
    let origins = c.origins().expect("origins");
    let list = |key: &str| -> Vec<f64> {
        get(&origins, key)
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    assert_eq!(list("documents"), [0.0, 4.0, 5.0]);
    assert_eq!(list("skipped"), [1.0, 2.0, 3.0]);
    // The JSON export is the CLI's report for the same files.
    let mut analyzer = paradup::Analyzer::new(paradup::Options::default()).unwrap();
    analyzer.add_file("a.txt", A.as_bytes());
    analyzer.add_file("image.png", PNG);
    let program = elf();
    analyzer.add_file("program", &program);
    analyzer.skip("locked.txt", "the browser could not read it");
    analyzer.add_file("empty.txt", b"");
    analyzer.add_file("b.txt", B.as_bytes());
    let mut expected = serde_json::to_string(&analyzer.finish().unwrap()).unwrap();
    expected.push('\n');
    assert_eq!(c.report_json().unwrap(), expected);
    // Paragraph texts and dedup address documents, not files.
    assert_eq!(c.paragraph_texts(1).unwrap(), Vec::<String>::new());
    assert_eq!(
        c.paragraph_texts(2).unwrap()[0],
        "The council met on Tuesday to vote on the harbour plan."
    );
    let out = unzip(c.dedup(options(r#"["exact", "near"]"#)).expect("dedup"));
    let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["a.txt", "empty.txt", "b.txt", "paradup-dedup-log.json"]
    );
}

#[wasm_bindgen_test]
fn html_paragraph_texts_are_the_extracted_text_not_the_markup() {
    let mut c = Corpus::new();
    let html = "<!doctype html><html><head><title>T</title><script>var x = 1;</script></head><body>\n<p>The council met on <b>Tuesday</b> to vote on the harbour plan.</p>\n<p>Fish &amp; chips were served to everyone who came along.</p>\n</body></html>\n";
    c.add_file("page.html".into(), html.as_bytes().to_vec());
    c.add_file("b.txt".into(), B.as_bytes().to_vec());
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(text(&report, "documents.0.format"), "html");
    assert_eq!(
        num(&report, "summary.pairs"),
        1.0,
        "the HTML paragraph matches"
    );
    let texts = c.paragraph_texts(0).unwrap();
    assert_eq!(
        texts,
        [
            "The council met on Tuesday to vote on the harbour plan.",
            "Fish & chips were served to everyone who came along."
        ]
    );
    // Asked again (the cache hands each document's texts out once).
    assert_eq!(c.paragraph_texts(0).unwrap(), texts);
    assert_eq!(c.paragraph_texts(1).unwrap().len(), 2);
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[wasm_bindgen_test]
fn archive_entries_and_records_are_documents_with_their_own_bytes() {
    let html =
        "<html><body><p>The council met on Tuesday to vote on the harbour plan.</p></body></html>";
    let archive = zip_of(&[
        ("inner/a.txt", A.as_bytes()),
        ("page.html", html.as_bytes()),
        ("image.png", PNG),
    ]);
    let jsonl = "{\"text\": \"The council met on Tuesday to vote on the \\\"harbour\\\" plan.\"}\n{\"text\": \"A record of its own, with enough words to compare.\"}\n";
    let mut c = Corpus::new();
    c.add_file("bundle.zip".into(), archive.clone());
    c.add_file("records.jsonl".into(), jsonl.as_bytes().to_vec());
    c.add_file("b.txt".into(), B.as_bytes().to_vec());
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    let n = num(&report, "summary.documents") as u32;
    let docs: Vec<(String, String)> = (0..n)
        .map(|i| {
            (
                text(&report, &format!("documents.{i}.name")),
                text(&report, &format!("documents.{i}.format")),
            )
        })
        .collect();
    assert_eq!(
        docs,
        [
            ("bundle.zip/inner/a.txt".into(), "text".into()),
            ("bundle.zip/page.html".into(), "html".into()),
            ("records.jsonl#1".into(), "jsonl".into()),
            ("records.jsonl#2".into(), "jsonl".into()),
            ("b.txt".into(), "text".into()),
        ]
    );
    assert_eq!(text(&report, "skipped.0.name"), "bundle.zip/image.png");
    let origins = c.origins().unwrap();
    let files: Vec<f64> = get(&origins, "documents")
        .dyn_into::<Array>()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(files, [0.0, 0.0, 1.0, 1.0, 2.0]);
    assert_eq!(
        num(&origins, "skipped.0"),
        0.0,
        "the skipped entry is in the archive"
    );
    // Texts come from each entry's own (uncompressed) bytes, or from what
    // the reader extracted (HTML, records), asked in any order.
    assert_eq!(
        c.paragraph_texts(2).unwrap(),
        ["The council met on Tuesday to vote on the \"harbour\" plan."]
    );
    assert_eq!(
        c.paragraph_texts(0).unwrap(),
        [
            "(LONDON) — The council met on Tuesday to vote on the harbour plan.",
            "A second paragraph about something else entirely, long enough."
        ]
    );
    assert_eq!(
        c.paragraph_texts(1).unwrap(),
        ["The council met on Tuesday to vote on the harbour plan."]
    );
    assert_eq!(c.paragraph_texts(3).unwrap().len(), 1);
    // The JSON export is what the CLI writes for the same files.
    let mut analyzer = paradup::Analyzer::new(paradup::Options::default()).unwrap();
    analyzer.add_file("bundle.zip", &archive);
    analyzer.add_file("records.jsonl", jsonl.as_bytes());
    analyzer.add_file("b.txt", B.as_bytes());
    let mut expected = serde_json::to_string(&analyzer.finish().unwrap()).unwrap();
    expected.push('\n');
    assert_eq!(c.report_json().unwrap(), expected);
    // Dedup works on the entries' bytes.
    let out = unzip(c.dedup(options(r#"["exact", "near"]"#)).expect("dedup"));
    assert_eq!(out[0].0, "bundle.zip/inner/a.txt");
    assert_eq!(out[0].1, A.as_bytes(), "the first entry is kept whole");
    // The records file is written once, unchanged, as the CLI writes it.
    let records: Vec<_> = out
        .iter()
        .filter(|(n, _)| n.starts_with("records"))
        .collect();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].0, "records.jsonl");
    assert_eq!(records[0].1, jsonl.as_bytes());
}

/// The pieces of an export, joined.
fn joined(parts: Array) -> Vec<u8> {
    parts
        .iter()
        .flat_map(|p| p.dyn_into::<Uint8Array>().expect("a Uint8Array").to_vec())
        .collect()
}

#[wasm_bindgen_test]
fn exports_come_in_pieces_that_join_into_the_clis_output() {
    let mut c = corpus();
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    let native = paradup::analyze(&[("a.txt", A), ("b.txt", B)], paradup::Options::default())
        .expect("native report");
    let mut json = serde_json::to_vec(&native).unwrap();
    json.push(b'\n');
    let csv = paradup::render::csv(&native).into_bytes();
    for chunk in [None, Some(1), Some(7), Some(1000)] {
        let parts = c.export_json(chunk).expect("json");
        let size = chunk.unwrap_or(paradup::wasm::EXPORT_CHUNK) as usize;
        assert_eq!(
            parts.length() as usize,
            json.len().div_ceil(size),
            "{chunk:?}"
        );
        assert_eq!(joined(parts), json, "JSON in pieces of {chunk:?}");
        assert_eq!(
            joined(c.export_csv(chunk, None).expect("csv")),
            csv,
            "CSV in pieces of {chunk:?}"
        );
    }
    // Every piece but the last has exactly the size asked.
    let parts = c.export_json(Some(100)).unwrap();
    let sizes: Vec<u32> = parts
        .iter()
        .map(|p| p.dyn_into::<Uint8Array>().unwrap().length())
        .collect();
    assert!(
        sizes[..sizes.len() - 1].iter().all(|&n| n == 100),
        "{sizes:?}"
    );
    assert!(Corpus::new().export_json(None).is_err(), "no report yet");
}

#[wasm_bindgen_test]
fn the_budget_counts_decompressed_bytes_over_the_whole_batch() {
    let blank = vec![b'\n'; 3000];
    let first = zip_of(&[("a.txt", A.as_bytes()), ("blank.txt", &blank)]);
    let second = zip_of(&[("blank.txt", &blank), ("b.txt", B.as_bytes())]);
    let mut c = Corpus::new();
    assert_eq!(c.budget(), (256u64 << 20) as f64, "the page's 256 MiB");
    c.set_budget(5000.0).unwrap();
    c.add_file("one.zip".into(), first.clone());
    c.add_file("two.zip".into(), second.clone());
    c.add_file("big.txt".into(), vec![b'x'; 3000]);
    c.add_file("b.txt".into(), B.as_bytes().to_vec());
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    let names: Vec<String> = (0..num(&report, "summary.documents") as u32)
        .map(|i| text(&report, &format!("documents.{i}.name")))
        .collect();
    // Compressed, the four files are far below the budget; decompressed,
    // what comes after the first archive's 3,133 bytes does not all fit.
    assert_eq!(
        names,
        [
            "one.zip/a.txt",
            "one.zip/blank.txt",
            "two.zip/b.txt",
            "b.txt"
        ]
    );
    assert_eq!(text(&report, "skipped.0.name"), "two.zip/blank.txt");
    assert_eq!(
        text(&report, "skipped.0.reason"),
        "3000 bytes once decompressed, more than the 1867 bytes left of the 5000 bytes limit on decompressed bytes for all the files together; not read"
    );
    assert_eq!(text(&report, "skipped.1.name"), "big.txt");
    assert!(text(&report, "skipped.1.reason")
        .starts_with("3000 bytes once decompressed, more than the 1748 bytes left"));
    assert!(
        num(&report, "summary.pairs") >= 1.0,
        "what fits is analyzed"
    );
    // Every file has its outcome: documents or skipped entries.
    let origins = c.origins().unwrap();
    assert_eq!(
        JSON::stringify(&origins).unwrap(),
        r#"{"documents":[0,0,1,3],"skipped":[1,2]}"#
    );
    // The budget is not a per-analysis leftover: a second run reads the same.
    let again = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(num(&again, "summary.documents"), 4.0);
    // Without a tight budget the page reads what the CLI reads.
    c.set_budget(1e9).unwrap();
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    let mut analyzer = paradup::Analyzer::new(paradup::Options::default()).unwrap();
    analyzer.add_file("one.zip", &first);
    analyzer.add_file("two.zip", &second);
    analyzer.add_file("big.txt", &[b'x'; 3000]);
    analyzer.add_file("b.txt", B.as_bytes());
    let mut expected = serde_json::to_vec(&analyzer.finish().unwrap()).unwrap();
    expected.push(b'\n');
    assert_eq!(joined(c.export_json(None).unwrap()), expected);
    for bad in [-1.0, 0.5, f64::NAN, f64::INFINITY] {
        assert!(c.set_budget(bad).is_err(), "{bad}");
    }
    c.clear();
    assert_eq!(c.budget(), 1e9, "clear keeps the budget");
}

#[wasm_bindgen_test]
fn no_panic_is_recorded_until_one_happens() {
    assert_eq!(paradup::wasm::panic_kind(), "none");
}

#[wasm_bindgen_test]
fn texts_read_again_skip_what_the_budget_skipped() {
    let html = "<p>The council met on Tuesday to vote on the harbour plan.</p>";
    let archive = zip_of(&[("blank.txt", &[b' '; 2000]), ("page.html", html.as_bytes())]);
    let mut c = Corpus::new();
    c.set_budget(1000.0).unwrap();
    c.add_file("a.zip".into(), archive);
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(text(&report, "skipped.0.name"), "a.zip/blank.txt");
    assert_eq!(text(&report, "documents.0.name"), "a.zip/page.html");
    assert_eq!(
        c.paragraph_texts(0).unwrap(),
        ["The council met on Tuesday to vote on the harbour plan."]
    );
}

#[wasm_bindgen_test]
fn document_stats_are_the_cores_figures_per_document_beside_the_report() {
    let mut c = corpus();
    let m = message(c.document_stats().expect_err("no report yet"));
    assert!(m.contains("analyze"), "{m}");
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    let stats = c.document_stats().expect("stats");
    let native = paradup::analyze(&[("a.txt", A), ("b.txt", B)], paradup::Options::default())
        .expect("native report")
        .document_stats();
    assert_eq!(Array::from(&stats).length(), 2);
    for (i, s) in native.iter().enumerate() {
        // Plain numbers, as the core counts them.
        assert_eq!(num(&stats, &format!("{i}.paragraphs")), s.paragraphs as f64);
        let dup = num(&stats, &format!("{i}.duplicate_paragraphs"));
        assert_eq!(dup, s.duplicate_paragraphs as f64);
        let bytes = num(&stats, &format!("{i}.paragraph_bytes"));
        assert_eq!(bytes, s.paragraph_bytes as f64);
        let dup_bytes = num(&stats, &format!("{i}.duplicated_bytes"));
        assert_eq!(dup_bytes, s.duplicated_bytes as f64);
    }
    // b.txt's lead is the copy of a.txt's (after its dateline).
    assert_eq!(num(&stats, "0.duplicated_bytes"), 0.0);
    assert_eq!(num(&stats, "1.duplicate_paragraphs"), 1.0);
    assert!(num(&stats, "1.duplicated_bytes") > 0.0);
    assert_eq!(
        num(&stats, "1.duplicated_bytes"),
        num(&report, "summary.duplicated_bytes")
    );
    // The report itself is unchanged: no such field crept into it.
    assert!(get(&report, "documents.1.duplicated_bytes").is_undefined());
    // A new list forgets the report, and its figures with it.
    c.add_file(
        "c.txt".into(),
        b"More text here, enough words to count.\n".to_vec(),
    );
    let m = message(c.document_stats().expect_err("forgotten"));
    assert!(m.contains("analyze"), "{m}");
}

#[wasm_bindgen_test]
fn passage_rows_export_as_the_cli_writes_them() {
    // Two sentences of the first text lifted, re-wrapped, into the second.
    let source = "The harbour council met on Tuesday evening in the old town hall to\ndiscuss the future of the stone pier. After two hours of debate the\nmembers agreed that the pier could not survive another winter without\nrepairs, and they voted to spend the reserve fund on new foundations.\n";
    let lifted = "In brief: after two hours of debate the members agreed that the pier\ncould not survive another winter without repairs, and they voted to\nspend the reserve fund on new foundations. The vote was unanimous.\n";
    let mut c = Corpus::new();
    c.add_file("=source.txt".into(), source.as_bytes().to_vec());
    c.add_file("lifted.txt".into(), lifted.as_bytes().to_vec());
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    let native = paradup::analyze(
        &[("=source.txt", source), ("lifted.txt", lifted)],
        paradup::Options::default(),
    )
    .expect("native report");
    assert!(
        !native.passages.is_empty(),
        "the lifted sentences are found"
    );
    let csv = paradup::render::passages_csv(&native);
    assert!(csv
        .lines()
        .nth(1)
        .is_some_and(|row| row.starts_with("\"'=source.txt\",")));
    for chunk in [None, Some(1), Some(50)] {
        assert_eq!(
            joined(c.export_csv(chunk, Some("passages".into())).expect("csv")),
            csv.as_bytes(),
            "passages in pieces of {chunk:?}"
        );
        assert_eq!(
            joined(c.export_csv(chunk, Some("pairs".into())).expect("csv")),
            paradup::render::csv(&native).as_bytes(),
        );
    }
    assert_eq!(c.passages_csv().expect("csv"), csv);
    let err = message(c.export_csv(None, Some("lines".into())).unwrap_err());
    assert!(
        err.contains("\"pairs\", \"passages\" or \"ignored\""),
        "{err}"
    );
}

#[wasm_bindgen_test]
fn templates_make_ignored_paragraphs_as_in_the_core() {
    // The paragraph a.txt and b.txt share is the template's: nothing else
    // repeats, so only ignored entries are left.
    let template = "<p>The council met on Tuesday to vote on the harbour plan.</p>";
    let mut c = corpus();
    assert_eq!(
        c.add_template("t.html".into(), template.as_bytes().to_vec()),
        0
    );
    assert_eq!(c.add_template("bin.dat".into(), vec![0, 1, 2, 0, 255]), 1);
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(num(&report, "summary.ignored_paragraphs"), 2.0);
    assert_eq!(num(&report, "summary.pairs"), 0.0);
    assert_eq!(text(&report, "templates.0.name"), "t.html");
    assert_eq!(num(&report, "ignored.1.doc"), 1.0);
    assert_eq!(text(&report, "ignored.1.kind"), "exact");
    // The core's report, byte for byte.
    let mut native = paradup::Analyzer::new(paradup::Options::default()).unwrap();
    native.add_template("t.html", template.as_bytes()).unwrap();
    native.add_template("bin.dat", &[0, 1, 2, 0, 255]).unwrap();
    native.add_document("a.txt", A.as_bytes());
    native.add_document("b.txt", B.as_bytes());
    let mut expected = serde_json::to_string(&native.finish().unwrap()).unwrap();
    expected.push('\n');
    assert_eq!(c.report_json().expect("json"), expected);
    // The binary template's skip belongs to no file: past the two files.
    let origins = c.origins().expect("origins");
    assert_eq!(num(&origins, "skipped.0"), 3.0);
    // Without templates, the pair is back.
    c.clear_templates();
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(num(&report, "summary.pairs"), 1.0);
    assert_eq!(num(&report, "summary.ignored_paragraphs"), 0.0);
}

#[wasm_bindgen_test]
fn references_give_the_cores_report_against_a_reference() {
    // b.txt is the reference; a.txt shares its council paragraph; c.txt is
    // a second reference repeating it (never reported against b.txt).
    let mut c = Corpus::new();
    assert_eq!(c.add_file("a.txt".into(), A.as_bytes().to_vec()), 0);
    assert_eq!(c.add_reference("b.txt".into(), B.as_bytes().to_vec()), 0);
    assert_eq!(c.add_reference("c.txt".into(), B.as_bytes().to_vec()), 1);
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(text(&report, "documents.0.role"), "reference");
    assert_eq!(text(&report, "documents.2.role"), "new");
    assert_eq!(num(&report, "summary.pairs"), 1.0);
    assert_eq!(num(&report, "pairs.0.a.doc"), 0.0);
    assert_eq!(num(&report, "pairs.0.b.doc"), 2.0);
    // The core's report, byte for byte.
    let mut native = paradup::Analyzer::new(paradup::Options::default()).unwrap();
    native.set_role(paradup::Role::Reference).unwrap();
    native.add_document("b.txt", B.as_bytes());
    native.add_document("c.txt", B.as_bytes());
    native.set_role(paradup::Role::New).unwrap();
    native.add_document("a.txt", A.as_bytes());
    let mut expected = serde_json::to_string(&native.finish().unwrap()).unwrap();
    expected.push('\n');
    assert_eq!(c.report_json().expect("json"), expected);
    // References are numbered after the files; their texts are there.
    let origins = c.origins().expect("origins");
    assert_eq!(num(&origins, "documents.0"), 1.0);
    assert_eq!(num(&origins, "documents.2"), 0.0);
    let texts = c.paragraph_texts(0).expect("texts");
    assert!(texts[0].starts_with("The council met"));
    // The page's dedup is refused with references, with a message.
    let refused = c.dedup(options(r#"["exact"]"#)).expect_err("refused");
    assert!(message(refused).contains("--against"));
    c.clear_references();
    let report = c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert!(get(&report, "documents.0.role").is_undefined());
}

#[wasm_bindgen_test]
fn a_refused_option_is_named_by_the_cores_error() {
    let field = |json: &str| {
        let e = check_options(options(json)).expect_err(json);
        let m = message(e.clone());
        (get(&e, "field").as_string(), m)
    };
    let (f, m) = field(r#"{"near_threshold": 1.5}"#);
    assert_eq!(f.as_deref(), Some("near_threshold"), "{m}");
    // A blank field reaches the core as null: its message names the type.
    let (f, m) = field(r#"{"min_words": null, "shingle_words": 3}"#);
    assert_eq!(f.as_deref(), Some("min_words"), "{m}");
    // Two refused: the field is the one the message is about.
    let (f, m) = field(r#"{"min_words": 0, "shingle_words": 9}"#);
    assert_eq!(f.as_deref(), Some("min_words"), "{m}");
    assert!(m.contains("min_words"), "{m}");
    // No one option at fault: the field is null, the message still says why.
    let e = check_options(options(r#"{"colour": "red"}"#)).expect_err("unknown");
    assert!(get(&e, "field").is_null());
    assert!(message(e).contains("colour"));
    let e = check_options(options("[1, 2]")).expect_err("not an object");
    assert!(get(&e, "field").is_null());
}

#[wasm_bindgen_test]
fn passage_views_refuse_bad_input_with_a_message() {
    let mut c = corpus();
    let m = message(c.passage_marks(0).expect_err("no report yet"));
    assert!(m.contains("analyze the documents first"), "{m}");
    let m = message(c.passage_texts(vec![0]).expect_err("no report yet"));
    assert!(m.contains("analyze the documents first"), "{m}");
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    let m = message(c.passage_marks(2).expect_err("two documents"));
    assert!(
        m.contains("no document 2") && m.contains("2 document(s)"),
        "{m}"
    );
    let m = message(c.passage_marks(usize::MAX).expect_err("far past the end"));
    assert!(m.contains("no document"), "{m}");
    let passages = c.passage_texts(Vec::new()).expect("no passages asked for");
    assert_eq!(Array::from(&passages).length(), 0);
    let m = message(c.passage_texts(vec![u32::MAX]).expect_err("past the end"));
    assert!(
        m.contains(&format!("no passage {}", u32::MAX)) && m.contains("passage(s)"),
        "{m}"
    );
}

#[wasm_bindgen_test]
fn dedup_keeping_refuses_an_unknown_policy_with_a_message() {
    let mut c = corpus();
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    let kinds = || options(r#"["exact", "near"]"#);
    for policy in ["", "First", "oldest", "first "] {
        let m = message(
            c.dedup_keeping(kinds(), policy, vec![f64::NAN; 2])
                .expect_err(policy),
        );
        assert!(
            m.contains("invalid keep policy") && m.contains(r#""first", "longest" or "newest""#),
            "{policy:?}: {m}"
        );
    }
    // Times that are not numbers, or fewer than the files, are unknown.
    for modified in [vec![], vec![f64::NAN, f64::INFINITY]] {
        let zip = c
            .dedup_keeping(kinds(), "newest", modified)
            .expect("newest");
        assert_eq!(unzip(zip).len(), 3);
    }
}

#[wasm_bindgen_test]
fn a_run_reads_only_new_files_and_gives_a_fresh_runs_report() {
    // A reference too: it is numbered after the files, which move.
    let c_txt = "Another file that copies nothing from the others at all, not once.\n";
    let mut c = corpus();
    c.add_reference("ref.txt".into(), B.as_bytes().to_vec());
    c.set_within(true);
    let fresh = |files: &[(&str, &str)], json: &str| {
        let mut f = Corpus::new();
        for (name, text) in files {
            f.add_file((*name).into(), text.as_bytes().to_vec());
        }
        f.add_reference("ref.txt".into(), B.as_bytes().to_vec());
        f.set_within(true);
        f.run(options(json), None).expect("fresh run");
        (
            f.report_json().expect("json"),
            f.origins().expect("origins"),
        )
    };
    let origins = |c: &Corpus| JSON::stringify(&c.origins().unwrap()).unwrap();
    assert_eq!(c.run(JsValue::UNDEFINED, None).expect("run"), 2);
    // Another threshold: nothing is read again.
    let strict = r#"{"near_threshold": 0.9}"#;
    assert_eq!(c.run(options(strict), None).expect("run"), 0);
    let (json, _) = fresh(&[("a.txt", A), ("b.txt", B)], strict);
    assert_eq!(c.report_json().unwrap(), json);
    // A file added: only it is read.
    c.add_file("c.txt".into(), c_txt.as_bytes().to_vec());
    assert_eq!(c.run(options(strict), None).expect("run"), 1);
    let (json, o) = fresh(&[("a.txt", A), ("b.txt", B), ("c.txt", c_txt)], strict);
    assert_eq!(c.report_json().unwrap(), json);
    assert_eq!(origins(&c), JSON::stringify(&o).unwrap());
    // The first file removed: nothing is read; texts come from the rest.
    c.remove_file(0).unwrap();
    assert_eq!(c.run(options(strict), None).expect("run"), 0);
    let (json, o) = fresh(&[("b.txt", B), ("c.txt", c_txt)], strict);
    assert_eq!(c.report_json().unwrap(), json);
    assert_eq!(origins(&c), JSON::stringify(&o).unwrap());
    assert!(c.paragraph_texts(2).unwrap()[0].starts_with("Another file"));
    // An option that prepares documents differently reads them all again.
    assert_eq!(c.run(options(r#"{"min_words": 3}"#), None).expect("run"), 2);
}

#[wasm_bindgen_test]
fn the_explorer_gets_the_cores_scores_and_counts_without_a_new_report() {
    // Two edits of one paragraph: a near pair at 0.5, none at 0.95.
    let one = "The harbour authority announced that the eastern breakwater will be rebuilt over two summers, starting in June.\n";
    let two = "The harbour authority said that the eastern breakwater would be rebuilt over two summers, starting in June.\n";
    let mut c = Corpus::new();
    assert!(c.candidate_scores(0.1).is_err(), "no analysis yet");
    c.add_file("one.txt".into(), one.as_bytes().to_vec());
    c.add_file("two.txt".into(), two.as_bytes().to_vec());
    c.run(JsValue::UNDEFINED, None).expect("run");
    let mut native = paradup::Analyzer::keeping(paradup::Options::default()).unwrap();
    native.add_document("one.txt", one.as_bytes());
    native.add_document("two.txt", two.as_bytes());
    let expected = native.candidate_scores(0.1).unwrap();
    let flat = c.candidate_scores(0.1).expect("scores");
    assert_eq!(expected.len(), 1);
    let e = expected[0];
    assert_eq!(
        flat,
        [0.0, 0.0, 1.0, 0.0, e.similarity, e.containment],
        "six numbers a pair"
    );
    assert!(c.candidate_scores(0.0).is_err(), "a floor out of range");
    let before = c.report_json().unwrap();
    let strict = options(r#"{"near_threshold": 0.95, "contained_threshold": 0.95}"#);
    let o = paradup::Options {
        near_threshold: 0.95,
        contained_threshold: 0.95,
        ..paradup::Options::default()
    };
    let s = native.rematch(&o, &mut |_| {}).unwrap().summary;
    // No pair is left; the passage the aligner finds stays.
    let native = native.rematch(&o, &mut |_| {}).unwrap();
    let words = native.passages.iter().map(|p| p.words as f64);
    let expected: Vec<f64> = [0.0, 0.0, s.passages as f64]
        .into_iter()
        .chain(words)
        .collect();
    assert_eq!(
        c.preview(strict).expect("counts"),
        expected,
        "then each passage's words"
    );
    assert_eq!(s.pairs, 0);
    assert_eq!(c.preview(JsValue::UNDEFINED).expect("counts")[0], 1.0);
    // The report is still the last run's.
    assert_eq!(c.report_json().unwrap(), before);
    let refused = c
        .preview(options(r#"{"min_words": 2}"#))
        .expect_err("refused");
    assert!(message(refused).contains("min_words"));
}

/// Analyzes `files` in steps, as the page does with prepare workers: each
/// file is prepared apart (`prepare`, as a helper worker would, its bytes
/// passed on) and added in order; returns the JSON export.
fn stepwise(c: &mut Corpus, files: &[(&str, &[u8])], opts: &str) -> Result<String, String> {
    let first = c.begin(options(opts)).map_err(message)?;
    for (name, bytes) in &files[first..] {
        let prepared = paradup::wasm::prepare(name, bytes, options(opts)).map_err(message)?;
        assert!(c.add_next(prepared, None).map_err(message)?);
    }
    assert!(
        !c.add_next(None, None).map_err(message)?,
        "every file added"
    );
    c.finish_run(None).map_err(message)?;
    c.report_json().map_err(message)
}

#[wasm_bindgen_test]
fn files_prepared_apart_give_the_report_of_one_worker() {
    let zip = zip_of(&[("in/a.txt", A.as_bytes()), ("in/b.txt", B.as_bytes())]);
    let html = b"<html><body><p>The council met on Tuesday to discuss the harbour budget and the ferry timetable.</p></body></html>";
    let files: Vec<(&str, &[u8])> = vec![
        ("a.txt", A.as_bytes()),
        ("b.txt", B.as_bytes()),
        ("pack.zip", &zip),
        ("page.html", html),
        ("bin.dat", b"\x00\x01\x02\x00\x00"),
    ];
    // An archive is left to the merging worker.
    assert!(paradup::wasm::prepare("pack.zip", &zip, JsValue::UNDEFINED)
        .unwrap()
        .is_none());
    for opts in [r#"{}"#, r#"{"passages": false}"#] {
        let mut one = Corpus::new();
        let mut apart = Corpus::new();
        for (name, bytes) in &files {
            one.add_file((*name).into(), bytes.to_vec());
            apart.add_file((*name).into(), bytes.to_vec());
        }
        one.run(options(opts), None).expect("run");
        let expected = one.report_json().unwrap();
        assert_eq!(
            stepwise(&mut apart, &files, opts).unwrap(),
            expected,
            "{opts}"
        );
        assert!(expected.contains("\"exact\""));
        // A file added later: only it is prepared, the rest matched again.
        let c =
            b"The council met on Tuesday to discuss the harbour budget and the ferry timetable.\n";
        let mut more = files.clone();
        more.push(("c.txt", c));
        one.add_file("c.txt".into(), c.to_vec());
        apart.add_file("c.txt".into(), c.to_vec());
        one.run(options(opts), None).expect("run");
        assert_eq!(
            stepwise(&mut apart, &more, opts).unwrap(),
            one.report_json().unwrap()
        );
    }
}

#[wasm_bindgen_test]
fn a_bad_prepared_file_or_a_step_out_of_turn_is_an_error_not_a_crash() {
    let mut c = corpus();
    let m = message(c.add_next(None, None).expect_err("not begun"));
    assert!(m.contains("no analysis begun"), "{m}");
    assert_eq!(c.begin(JsValue::UNDEFINED).unwrap(), 0);
    let m = message(c.finish_run(None).expect_err("files left"));
    assert!(m.contains("not every file"), "{m}");
    assert_eq!(c.begin(JsValue::UNDEFINED).unwrap(), 0);
    let m = message(
        c.add_next(Some(b"garbage".to_vec()), None)
            .expect_err("garbage"),
    );
    assert!(m.contains("prepared file"), "{m}");
    // Prepared with other options.
    let other =
        paradup::wasm::prepare("a.txt", A.as_bytes(), options(r#"{"min_words": 3}"#)).unwrap();
    let m = message(c.add_next(other, None).expect_err("other options"));
    assert!(m.contains("other options"), "{m}");
    // A change to the corpus drops the analysis begun.
    assert_eq!(c.begin(JsValue::UNDEFINED).unwrap(), 0);
    c.add_file("c.txt".into(), B.as_bytes().to_vec());
    assert!(c.add_next(None, None).is_err());
    // And the corpus still analyzes.
    c.run(JsValue::UNDEFINED, None).expect("run");
    assert_eq!(
        num(
            &c.analyze(JsValue::UNDEFINED, None).unwrap(),
            "summary.documents"
        ),
        3.0
    );
}

#[wasm_bindgen_test]
fn files_listed_before_their_bytes_give_the_same_report() {
    // As the page's main worker does: the files are listed at once
    // (addLater) and each gets its bytes when the analysis reaches it
    // (fill), from a prepare worker's message or its own reading.
    let mut direct = corpus();
    direct.add_unreadable(
        "c.txt".into(),
        "the browser could not read it (gone)".into(),
    );
    direct.run(JsValue::UNDEFINED, None).expect("run");
    let mut later = Corpus::new();
    assert_eq!(later.add_later("a.txt".into()), 0);
    assert_eq!(later.add_later("b.txt".into()), 1);
    assert_eq!(later.add_later("c.txt".into()), 2);
    assert_eq!(later.begin(JsValue::UNDEFINED).unwrap(), 0);
    // No bytes yet: an error, not a crash, and nothing added.
    let m = message(later.add_next(None, None).expect_err("no bytes"));
    assert!(m.contains("no bytes yet"), "{m}");
    later
        .fill(0, Some(A.as_bytes().to_vec()), String::new())
        .unwrap();
    // Filling does not drop the analysis begun.
    let prepared = paradup::wasm::prepare("a.txt", A.as_bytes(), JsValue::UNDEFINED).unwrap();
    assert!(later.add_next(prepared, None).unwrap());
    later
        .fill(1, Some(B.as_bytes().to_vec()), String::new())
        .unwrap();
    assert!(later.add_next(None, None).unwrap());
    later
        .fill(2, None, "the browser could not read it (gone)".into())
        .unwrap();
    assert!(later.add_next(None, None).unwrap());
    assert!(!later.add_next(None, None).unwrap());
    later.finish_run(None).unwrap();
    assert_eq!(later.report_json().unwrap(), direct.report_json().unwrap());
    assert!(later
        .report_json()
        .unwrap()
        .contains("could not read it (gone)"));
    // Only a file waiting for its bytes takes them.
    let m = message(
        later
            .fill(0, Some(b"other".to_vec()), String::new())
            .expect_err("filled"),
    );
    assert!(m.contains("not waiting"), "{m}");
    assert!(later.fill(9, None, String::new()).is_err());
    assert_eq!(later.total_bytes(), (A.len() + B.len()) as f64);
}

#[wasm_bindgen_test]
fn a_prepared_file_still_counts_against_the_budget() {
    let files: Vec<(&str, &[u8])> = vec![("a.txt", A.as_bytes()), ("b.txt", B.as_bytes())];
    let mut one = Corpus::new();
    let mut apart = Corpus::new();
    for c in [&mut one, &mut apart] {
        c.set_budget(A.len() as f64).unwrap();
        for (name, bytes) in &files {
            c.add_file((*name).into(), bytes.to_vec());
        }
    }
    one.run(JsValue::UNDEFINED, None).unwrap();
    let expected = one.report_json().unwrap();
    assert!(expected.contains("b.txt"), "b.txt is skipped by name");
    assert_eq!(stepwise(&mut apart, &files, "{}").unwrap(), expected);
}

/// The pieces of a JSON export, parsed.
fn parsed(pieces: Array) -> serde_json::Value {
    let mut bytes = Vec::new();
    for p in pieces.iter() {
        bytes.extend(p.unchecked_into::<Uint8Array>().to_vec());
    }
    serde_json::from_slice(&bytes).expect("JSON")
}

#[wasm_bindgen_test]
fn after_an_append_the_report_is_sent_without_the_documents_the_page_has() {
    let mut c = corpus();
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    c.add_file(
        "c.txt".into(),
        format!("{B}\nOne more line of text to set it apart.\n").into_bytes(),
    );
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    // a.txt and b.txt read the same as in the report before.
    assert_eq!(c.same_documents().expect("same"), 2);
    let whole = parsed(c.export_json(None).expect("json"));
    let mut tail = parsed(c.export_json_from(2, Some(64), None, None).expect("json"));
    let docs = whole["documents"].as_array().expect("documents");
    assert_eq!(tail["documents"].as_array().map(Vec::len), Some(1));
    let mut all = docs[..2].to_vec();
    all.extend(tail["documents"].as_array().cloned().unwrap_or_default());
    tail["documents"] = serde_json::Value::Array(all);
    assert_eq!(
        tail, whole,
        "the documents before put in front make the report"
    );
    // The report itself is whole again afterwards.
    assert_eq!(parsed(c.export_json(None).expect("json")), whole);
    assert!(
        c.export_json_from(4, None, None, None).is_err(),
        "no fourth document"
    );
    assert!(
        c.export_json_from(2, None, Some(2), None).is_err(),
        "ends overlap"
    );
    // The first file removed: no document reads the same at its place,
    // the two after it read the same at the end.
    c.remove_file(0).expect("removed");
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    assert_eq!(c.same_documents().expect("same"), 0);
    assert_eq!(c.same_documents_at_end().expect("same at the end"), 2);
    let whole = parsed(c.export_json(None).expect("json"));
    let mut none = parsed(c.export_json_from(0, None, Some(2), None).expect("json"));
    assert_eq!(none["documents"].as_array().map(Vec::len), Some(0));
    none["documents"] = whole["documents"].clone();
    assert_eq!(none, whole, "the documents after put back make the report");
    assert_eq!(parsed(c.export_json(None).expect("json")), whole);
}

#[wasm_bindgen_test]
fn a_lean_report_and_its_table_make_the_report() {
    use serde_json::{json, Value};
    let mut c = corpus();
    c.add_file(
        "c.txt".into(),
        format!("{A}\n\nA third one.\n").into_bytes(),
    );
    c.analyze(JsValue::UNDEFINED, None).expect("report");
    let whole = parsed(c.export_json(None).expect("json"));
    // Documents 1 and 2 (b.txt and c.txt), without their paragraphs, and
    // no pairs, clusters or overlaps.
    let mut lean = parsed(
        c.export_json_from(1, Some(16), None, Some(true))
            .expect("json"),
    );
    for key in ["pairs", "clusters", "overlaps"] {
        assert_eq!(lean[key], json!([]), "{key} left out");
    }
    let table = c.report_table(1, None).expect("range").expect("32 bits");
    let ints = table
        .get(0)
        .unchecked_into::<js_sys::Uint32Array>()
        .to_vec();
    let floats = table
        .get(1)
        .unchecked_into::<js_sys::Float64Array>()
        .to_vec();
    let (mut ints, mut floats) = (ints.into_iter(), floats.into_iter());
    let mut int = || ints.next().expect("an integer");
    let mut float = || Value::from(floats.next().expect("a float"));
    let kinds = ["exact", "near", "contained"];
    for doc in lean["documents"].as_array_mut().expect("documents") {
        assert_eq!(doc["paragraphs"], json!([]), "left out");
        let n = int();
        let ps: Vec<_> = (0..n)
            .map(|_| json!({"start": int(), "end": int(), "line": int(), "words": int()}))
            .collect();
        doc["paragraphs"] = Value::Array(ps);
    }
    let n = int();
    let pairs: Vec<_> = (0..n)
        .map(|_| {
            let (a, b) = (json!({"doc": int(), "para": int()}), json!({"doc": int(), "para": int()}));
            json!({"a": a, "b": b, "kind": kinds[int() as usize], "similarity": float(), "containment": float()})
        })
        .collect();
    let n = int();
    let clusters: Vec<_> = (0..n)
        .map(|_| {
            let (kind, boilerplate, documents) = (kinds[int() as usize], int() == 1, int());
            let original = json!({"doc": int(), "para": int()});
            let copies: Vec<_> = (0..int())
                .map(|_| json!({"doc": int(), "para": int(), "kind": kinds[int() as usize], "similarity": float(), "containment": float()}))
                .collect();
            json!({"kind": kind, "boilerplate": boilerplate, "documents": documents, "original": original, "copies": copies})
        })
        .collect();
    let n = int();
    let overlaps: Vec<_> = (0..n)
        .map(|_| json!({"a": int(), "b": int(), "a_share": float(), "b_share": float()}))
        .collect();
    assert!(!pairs.is_empty() && !clusters.is_empty() && !overlaps.is_empty());
    assert_eq!(ints.next(), None, "no integer left");
    assert_eq!(floats.next(), None, "no float left");
    lean["pairs"] = Value::Array(pairs);
    lean["clusters"] = Value::Array(clusters);
    lean["overlaps"] = Value::Array(overlaps);
    let docs = lean["documents"].as_array_mut().expect("documents");
    docs.insert(0, whole["documents"][0].clone());
    assert_eq!(lean, whole, "the table put back makes the report");
    // The report itself keeps them all.
    assert_eq!(parsed(c.export_json(None).expect("json")), whole);
    assert!(c.report_table(1, Some(3)).is_err(), "ends overlap");
}
