//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use paradup::render::paragraph_text;
use paradup::{Loc, Report};

/// `../shared/<rel>` beside the repository; tests read it at run time.
pub fn shared(rel: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    assert!(
        p.exists(),
        "{} is missing: the tests need the project's shared/ folder beside the repository",
        p.display()
    );
    p
}

/// Every file in a shared folder with the given extension, sorted, as
/// `(file name, bytes)`.
pub fn shared_files(rel: &str, ext: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(shared(rel))
        .expect("shared folder readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("file readable"))
        })
        .collect()
}

/// A paragraph's text.
pub fn text(report: &Report, sources: &[(String, Vec<u8>)], l: Loc) -> String {
    let s: Vec<&[u8]> = sources.iter().map(|(_, b)| b.as_slice()).collect();
    paragraph_text(report, &s, l)
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
