//! Invariants of the readers on any input, moved here from
//! `tests/properties.rs` when the readers became private.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use super::generate::any_bytes;
use crate::read::{read, Item};

/// File names that select every reader.
const NAMES: [&str; 11] = [
    "a.txt", "a.md", "a.html", "a.docx", "a.jsonl", "a.csv", "a.zip", "a.pdf", "noext", "a.xhtml",
    "a.ndjson",
];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // Regressions beside this file, as beside tests/properties.rs
        // (the default would put them under proptest-regressions/).
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    /// Every reader, on arbitrary bytes under every name: no panic, spans
    /// ordered and inside their source, and every skip has a reason.
    #[test]
    fn every_format_keeps_span_invariants(bytes in any_bytes(), pick in 0usize..NAMES.len()) {
        for item in read(NAMES[pick], &bytes, &crate::Options::default()) {
            match item {
                Item::Extracted(e) => prop_assert_eq!(e.check_spans(bytes.len()), Ok(())),
                Item::Skipped(s) => prop_assert!(!s.reason.is_empty()),
                Item::Text { .. } => {}
            }
        }
    }
}
