//! The whole analysis on a few arbitrary documents with arbitrary options:
//! no panic, a well-formed report, deterministic, and dedup loses nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paradup::{dedup, Analyzer, Kind, Options, Segmentation};

fuzz_target!(|data: &[u8]| {
    let Some((&knobs, rest)) = data.split_first() else { return };
    let options = Options {
        segmentation: [Segmentation::Auto, Segmentation::Blank, Segmentation::Line][knobs as usize % 3],
        min_words: 1 + (knobs as usize >> 2) % 6,
        shingle_words: 1 + (knobs as usize >> 5) % 3,
        ..Options::default()
    };
    let docs: Vec<&[u8]> = rest.split(|&b| b == 0xFE).take(6).collect();
    let run = || {
        let mut a = Analyzer::new(options.clone()).expect("valid options");
        let mut sources = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            for origin in a.add_file(&format!("d{i}.txt"), d).documents {
                sources.push(origin.source(d).to_vec());
            }
        }
        (a.finish().expect("in memory"), sources)
    };
    let (report, sources) = run();
    let (again, _) = run();
    assert_eq!(report, again, "deterministic");
    for p in &report.pairs {
        assert!(p.a < p.b, "a is the earlier occurrence");
        assert!((0.0..=1.0).contains(&p.similarity) && (0.0..=1.0).contains(&p.containment));
    }
    let slices: Vec<&[u8]> = sources.iter().map(Vec::as_slice).collect();
    let result = dedup::run(&report, &slices, &[Kind::Exact, Kind::Near, Kind::Contained]);
    for (doc, src) in slices.iter().enumerate() {
        let pieces: Vec<(u64, Vec<u8>)> = result.log.documents[doc]
            .removed
            .iter()
            .map(|r| (r.start, src[r.start as usize..r.end as usize].to_vec()))
            .collect();
        assert_eq!(&dedup::reconstruct(&result.outputs[doc], &pieces), src);
    }
});
