//! Segmentation invariants on arbitrary text, in every mode: spans are
//! ordered, trimmed, non-empty, and cover every non-whitespace character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paradup::__internals::segment;
use paradup::Segmentation;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for mode in [Segmentation::Auto, Segmentation::Blank, Segmentation::Line] {
        let segs = segment(&text, mode);
        let mut prev = 0;
        for s in &segs {
            assert!(s.start < s.end && s.start >= prev && s.end <= text.len());
            let t = &text[s.start..s.end];
            assert!(!t.starts_with(char::is_whitespace) && !t.ends_with(char::is_whitespace));
            prev = s.end;
        }
        let mut j = 0;
        for (i, c) in text.char_indices() {
            while j < segs.len() && segs[j].end <= i {
                j += 1;
            }
            let inside = j < segs.len() && segs[j].start <= i;
            assert!(inside || c.is_whitespace(), "{c:?} at {i} lost");
        }
    }
});
