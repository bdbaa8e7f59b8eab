//! Tests of internals the public API does not reach — the readers' items
//! and the format sniffer — moved here from `tests/` when the modules
//! became private. Tests that need only the public API stay in `tests/`.

// Test data shared with the integration tests: the same files, so both
// kinds of test build their inputs one way (they name nothing of paradup).
#[allow(dead_code)]
#[path = "../../tests/common/format_fixtures.rs"]
pub(crate) mod format_fixtures;
#[allow(dead_code)]
#[path = "../../tests/common/generate.rs"]
mod generate;
#[allow(dead_code)]
#[path = "../../tests/common/skip.rs"]
mod skip;

mod formats;
mod fuzz_regressions;
mod pathological;
mod properties;

use crate::read::Item;

/// What a reader made of a file, one line per item: `text NAME`,
/// `FORMAT NAME` or `skipped NAME: REASON`.
pub(crate) fn item_names(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Item::Text { name, .. } => format!("text {name}"),
            Item::Extracted(e) => format!("{:?} {}", e.format, e.name),
            Item::Skipped(s) => format!("skipped {}: {}", s.name, s.reason),
        })
        .collect()
}
