//! Inputs that once crashed a fuzz target (`fuzz/regressions/<target>/`),
//! replayed with the same checks the target makes. Moved here from
//! `tests/fuzz_regressions.rs` when the readers became private.

use crate::read::{read, Item};

/// The file names the `read` target chooses from, in its order.
const NAMES: [&str; 12] = [
    "a.txt", "a.md", "a.html", "a.htm", "a.docx", "a.jsonl", "a.csv", "a.zip", "a.pdf", "noext",
    "a.xhtml", "a.ndjson",
];

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out.into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn read_regressions() {
    let cases = inputs("read");
    assert!(!cases.is_empty());
    for (file, data) in cases {
        let Some((&pick, bytes)) = data.split_first() else {
            continue;
        };
        let name = NAMES[pick as usize % NAMES.len()];
        for item in read(name, bytes, &crate::Options::default()) {
            if let Item::Extracted(e) = item {
                assert_eq!(e.check_spans(bytes.len()), Ok(()), "{file}");
            }
        }
    }
}
