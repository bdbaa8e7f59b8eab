//! Every format reader, on arbitrary bytes under every file name: no panic,
//! and every paragraph span lies inside its source.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paradup::__internals::{read, Item};

const NAMES: [&str; 12] = [
    "a.txt", "a.md", "a.html", "a.htm", "a.docx", "a.jsonl", "a.csv", "a.zip", "a.pdf", "noext",
    "a.xhtml", "a.ndjson",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = NAMES[pick as usize % NAMES.len()];
    let options = paradup::Options::default();
    for item in read(name, bytes, &options) {
        if let Item::Extracted(e) = item {
            if let Err(problem) = e.check_spans(bytes.len()) {
                panic!("{problem}");
            }
        }
    }
});
