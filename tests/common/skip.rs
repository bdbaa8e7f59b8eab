//! Tests that need `../shared` (absent in a plain clone, as on GitHub)
//! record that they were skipped, and why.
//!
//! Included by the integration tests (`tests/common`) and by the crate's
//! unit tests (`src/tests`), so it names nothing of paradup.

use std::path::{Path, PathBuf};

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
/// `paradup-skipped.log` in Cargo's temporary folder, `target/tmp`). The test's name is its thread's
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
    // Cargo names a temporary folder for integration tests only; the
    // crate's unit tests fall back on target/tmp.
    let tmp = option_env!("CARGO_TARGET_TMPDIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp"),
        PathBuf::from,
    );
    let log = std::env::var_os("PARADUP_SKIP_LOG")
        .map_or_else(|| tmp.join("paradup-skipped.log"), PathBuf::from);
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
