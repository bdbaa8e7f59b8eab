//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use paradup::paragraph_text;
use paradup::{Loc, Report};

/// `../shared/<rel>` beside the repository (tests read it at run time), or
/// `None` in a clone without it, as on GitHub: the calling test is then
/// recorded as skipped (see [`skip`]) and should return at once.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        skip(&format!(
            "{} is missing (the project's shared/ folder is not beside this clone)",
            p.display()
        ));
        None
    }
}

/// Every file in a shared folder with the given extension, sorted, as
/// `(file name, bytes)`; `None` (and the test recorded as skipped) when the
/// folder is missing.
pub fn shared_files(rel: &str, ext: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<_> = std::fs::read_dir(shared(rel)?)
        .expect("shared folder readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    Some(
        files
            .into_iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).expect("file readable"))
            })
            .collect(),
    )
}

/// Records that the running test is skipped, and why: a line
/// `PARADUP-SKIPPED: <test>: <reason>` on stderr and appended to the skip
/// log, which `scripts/test` counts at the end (`$PARADUP_SKIP_LOG`, else
/// `target/tmp/paradup-skipped.log`). The test's name is its thread's
/// name, which the test harness sets.
pub fn skip(reason: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let line = format!(
        "PARADUP-SKIPPED: {}::{}: {reason}\n",
        env!("CARGO_CRATE_NAME"),
        thread.name().unwrap_or("?")
    );
    eprint!("{line}");
    let log = std::env::var_os("PARADUP_SKIP_LOG").map_or_else(
        || Path::new(env!("CARGO_TARGET_TMPDIR")).join("paradup-skipped.log"),
        PathBuf::from,
    );
    if let Some(dir) = log.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // One short append per line: concurrent tests do not interleave.
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = appended {
        eprintln!("could not record the skip in {}: {e}", log.display());
    }
}

/// A paragraph's text: its span of its document's bytes (`sources` holds
/// the bytes of plain-text and Markdown documents, in report order),
/// decoded; empty if the span lies outside them.
pub fn text(report: &Report, sources: &[(String, Vec<u8>)], l: Loc) -> String {
    let bytes = sources.get(l.doc as usize).map_or(&[][..], |(_, b)| b);
    let document = &report.documents[l.doc as usize];
    paragraph_text(document, bytes, None, l.para as usize).unwrap_or_default()
}

/// Every paragraph of document `doc` as `(Loc, text)`.
pub fn paragraphs(report: &Report, sources: &[(String, Vec<u8>)], doc: u32) -> Vec<(Loc, String)> {
    (0..report.documents[doc as usize].paragraphs.len() as u32)
        .map(|para| {
            let l = Loc { doc, para };
            (l, text(report, sources, l))
        })
        .collect()
}

/// Runs the `paradup` binary in `dir`.
pub fn paradup(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paradup"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("paradup runs")
}

/// Asserts that a JSON report satisfies `schema/report.schema.json`.
pub fn assert_valid(json: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema file"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");
}

/// A small deterministic random source for generated corpora: each call
/// gives a number below `n`.
pub fn xorshift(seed: u64) -> impl FnMut(usize) -> usize {
    let mut x = seed;
    move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    }
}

/// A zip archive holding `entries` in order.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A minimal .docx: `[Content_Types].xml` and `word/document.xml`.
pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| {
            if p.is_empty() {
                "<w:p/>".to_owned()
            } else {
                format!(
                    "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                    p.replace('&', "&amp;")
                )
            }
        })
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}
