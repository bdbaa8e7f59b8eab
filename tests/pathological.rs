//! Pathological inputs for the core (issue 12, defects 9 and 10): huge
//! near-identical paragraphs for the word diff, Unicode that expands under
//! normalization, and random, compressed or encrypted bytes that must not be
//! read as text. No assertion here is on time: the diff reports the work it
//! did, and the speed figures come from `paradup-bench diff` and
//! `paradup-bench unicode` (docs/robustness.md).

mod common;

use paradup::diff::{diff, Op, Span, WordDiff, WORK_BUDGET};

/// A deterministic paragraph of about `bytes` bytes on one line: numbered
/// sentences from a small vocabulary.
fn long_paragraph(bytes: usize, seed: u64) -> String {
    const WORDS: [&str; 24] = [
        "harbour", "council", "evening", "ferry", "report", "gazette", "tide", "market", "storm",
        "pier", "the", "a", "of", "and", "was", "said", "on", "by", "late", "new", "old", "north",
        "quay", "boats",
    ];
    let mut next = common::xorshift(seed);
    let mut out = String::with_capacity(bytes + 100);
    let mut n = 0;
    while out.len() < bytes {
        n += 1;
        out.push_str(&format!("Item {n}:"));
        for _ in 0..next(12) + 4 {
            out.push(' ');
            out.push_str(WORDS[next(WORDS.len())]);
        }
        out.push_str(". ");
    }
    out.pop();
    out
}

fn side(d: &WordDiff, skip: Op) -> String {
    d.spans
        .iter()
        .filter(|s| s.op != skip)
        .map(|s| s.text.as_str())
        .collect()
}

fn changed(d: &WordDiff) -> Vec<&Span> {
    d.spans.iter().filter(|s| s.op != Op::Equal).collect()
}

fn check_sides(d: &WordDiff, old: &str, new: &str) {
    assert!(side(d, Op::Insert) == old, "equal + delete spans != old");
    assert!(side(d, Op::Delete) == new, "equal + insert spans != new");
}

const SIZE: usize = 4_600_000;

#[test]
fn near_identical_4_6_mb_paragraphs_diff_word_by_word_with_little_work() {
    let old = long_paragraph(SIZE, 7);
    let mid = old.len() / 2 + old[old.len() / 2..].find(' ').unwrap();
    let new = format!("{} inserted{}", &old[..mid], &old[mid..]);
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(!d.coarse);
    let c = changed(&d);
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].op, c[0].text.as_str()), (Op::Insert, "inserted "));
    // Only the few tokens around the edit were diffed.
    assert!(d.work <= 100, "work {}", d.work);
}

#[test]
fn edits_at_both_ends_of_4_6_mb_are_anchored_and_found_word_by_word() {
    // Nothing in common at the ends: the sentences found once in each text
    // tie the two together.
    let old = long_paragraph(SIZE, 8);
    let new = old.replacen("Item 2:", "Item two:", 1);
    let last = new.rfind("Item ").unwrap();
    let new = format!("{}Entry{}", &new[..last], &new[last + 4..]);
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(!d.coarse);
    assert!(d.work <= WORK_BUDGET, "work {}", d.work);
    let c: Vec<(Op, &str)> = changed(&d)
        .iter()
        .map(|s| (s.op, s.text.as_str()))
        .collect();
    assert_eq!(
        c,
        [
            (Op::Delete, "2:"),
            (Op::Insert, "two:"),
            (Op::Delete, "Item"),
            (Op::Insert, "Entry")
        ]
    );
}

#[test]
fn repetitive_4_6_mb_with_edits_at_both_ends_falls_back_within_the_budget() {
    // No sentence occurs once: nothing to anchor on, and far too long to
    // diff word by word. Shown whole, and said so.
    let old = "the tide came in and the tide went out. ".repeat(SIZE / 40);
    let new = format!("The{} Done.", &old[3..]);
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(d.coarse);
    assert!(d.work <= WORK_BUDGET, "work {}", d.work);
    assert_eq!(changed(&d).len(), 2);
}

#[test]
fn unrelated_4_6_mb_paragraphs_fall_back_within_the_budget() {
    let old = long_paragraph(SIZE, 9);
    let new = long_paragraph(SIZE, 10);
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(d.coarse);
    assert!(d.work <= WORK_BUDGET, "work {}", d.work);
}

#[test]
fn scattered_edits_in_200_kb_are_found_word_by_word() {
    // Long enough to need the chunk level, short enough for its budget.
    let old = long_paragraph(200_000, 11);
    let mut new = old.clone();
    for n in [40, 700, 1500, 2400] {
        let at = new.find(&format!("Item {n}:")).unwrap();
        new.insert_str(at, "NEW ");
    }
    let d = diff(&old, &new);
    check_sides(&d, &old, &new);
    assert!(!d.coarse);
    assert!(d.work <= WORK_BUDGET, "work {}", d.work);
    let c = changed(&d);
    assert_eq!(c.len(), 4, "{c:?}");
    assert!(
        c.iter()
            .all(|s| s.op == Op::Insert && s.text.trim() == "NEW"),
        "{c:?}"
    );
}

// ---------------------------------------------------------------------------
// Random, compressed and encrypted bytes are not text (defect 10).

use paradup::read::{sniff, Sniffed};

/// SplitMix64: eight random bytes per step.
struct Bytes(u64);

impl Bytes {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn blob(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(n);
        v
    }
}

fn skipped_reason(name: &str, bytes: &[u8]) -> Option<String> {
    match sniff(name, bytes) {
        Sniffed::Unsupported(r) => Some(r),
        _ => None,
    }
}

#[test]
fn a_thousand_random_blobs_are_never_read_as_text() {
    let mut rng = Bytes(12);
    let mut read_as_text = Vec::new();
    for i in 0..1000 {
        // Sizes log-uniform from 100 bytes to 1 MB.
        let exp = 2.0 + 4.0 * (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        let n = 10f64.powf(exp) as usize;
        let blob = rng.blob(n);
        let name = ["noise.txt", "noise", "noise.md", "noise.csv"][i % 4];
        if skipped_reason(name, &blob).is_none() {
            read_as_text.push(n);
        }
    }
    assert!(read_as_text.is_empty(), "read as text: {read_as_text:?}");
}

#[test]
fn the_issue_s_200_kb_random_file_is_skipped_by_the_analyzer_with_a_reason() {
    let mut rng = Bytes(200);
    let files: Vec<(String, Vec<u8>)> = (0..6)
        .map(|i| (format!("random{i}.txt"), rng.blob(200_000)))
        .chain([(
            "fine.txt".to_owned(),
            b"A real paragraph of text, kept as it is.\n".to_vec(),
        )])
        .collect();
    let mut a = paradup::Analyzer::new(paradup::Options::default()).unwrap();
    for (name, bytes) in &files {
        a.add_file(name, bytes);
    }
    let r = a.finish().unwrap();
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.skipped.len(), 6);
    for s in &r.skipped {
        assert!(
            s.reason.contains("compressed, encrypted or random"),
            "{}: {}",
            s.name,
            s.reason
        );
    }
}

#[test]
fn compressed_and_encrypted_files_are_skipped_with_a_clear_reason() {
    use std::io::Write;
    let text = long_paragraph(50_000, 3);
    let mut rng = Bytes(5);
    let deflate = |mut e: Box<dyn Write>| {
        e.write_all(text.as_bytes()).unwrap();
    };
    let mut gz = Vec::new();
    deflate(Box::new(flate2::write::GzEncoder::new(
        &mut gz,
        flate2::Compression::default(),
    )));
    let mut raw = Vec::new();
    deflate(Box::new(flate2::write::DeflateEncoder::new(
        &mut raw,
        flate2::Compression::default(),
    )));
    let mut zlib = Vec::new();
    deflate(Box::new(flate2::write::ZlibEncoder::new(
        &mut zlib,
        flate2::Compression::best(),
    )));
    let with = |head: &[u8], rng: &mut Bytes| [head, &rng.blob(3000)].concat();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("a.txt.gz", gz, "gzip"),
        ("raw-deflate.txt", raw, "compressed, encrypted or random"),
        ("zlib.txt", zlib, "binary data"),
        ("a.txt.zst", with(b"\x28\xb5\x2f\xfd", &mut rng), "zstd"),
        ("a.txt.xz", with(b"\xfd7zXZ\0", &mut rng), "xz"),
        ("a.txt.bz2", with(b"BZh91AY&SY", &mut rng), "bzip2"),
        ("secret.txt", with(b"Salted__", &mut rng), "encrypted"),
        (
            "secret.age",
            with(b"age-encryption.org/v1\n-> X25519 abc\n", &mut rng),
            "encrypted",
        ),
        (
            "secret.asc",
            b"-----BEGIN PGP MESSAGE-----\n\nhQEMA+abc\n".to_vec(),
            "encrypted",
        ),
        ("key.bin", rng.blob(32), "binary data"),
    ];
    for (name, bytes, why) in cases {
        let reason = skipped_reason(name, &bytes).unwrap_or_else(|| panic!("{name}: read as text"));
        assert!(reason.contains(why), "{name}: {reason}");
    }
}

/// Text in an 8-bit code page, from UTF-8.
fn encoded(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{text}");
    bytes.into_owned()
}

#[test]
fn real_8_bit_and_utf_16_text_is_still_read() {
    use encoding_rs::{WINDOWS_1250, WINDOWS_1251, WINDOWS_1252};
    use paradup::Encoding;
    let french = "« Où est passé le café ? » demanda Zoë, l’œil vif — c’était « l’été ».";
    let german = "Die Größe der Straße überrascht; „Maß“ hält, Ärger weicht.";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("short.txt", encoded("Café “Zoë”", WINDOWS_1252)),
        ("fr.txt", encoded(french, WINDOWS_1252)),
        (
            "de.txt",
            encoded(&format!("{german}\n\n").repeat(300), WINDOWS_1252),
        ),
        (
            "quotes.txt",
            encoded(
                &"“Quoted” ‘text’ – with … dashes™ and €5.\n".repeat(50),
                WINDOWS_1252,
            ),
        ),
        (
            "sk.txt",
            encoded(
                &"Ťažká ťava sa ťahá cez Žilinu, ďaleko.\n".repeat(40),
                WINDOWS_1250,
            ),
        ),
        (
            "ru.txt",
            encoded(
                &"Съешь же ещё этих мягких французских булок, да выпей чаю.\n".repeat(200),
                WINDOWS_1251,
            ),
        ),
        (
            "dos.txt",
            [
                encoded(&format!("{french}\r\n").repeat(3), WINDOWS_1252),
                vec![0x1a],
            ]
            .concat(),
        ),
        (
            "mixed.txt",
            [french.as_bytes(), b" \x93quoted\x94 ", german.as_bytes()].concat(),
        ),
        (
            "utf16le.txt",
            french.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ),
        (
            "utf16be.txt",
            format!("{german}\n")
                .repeat(500)
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect(),
        ),
    ];
    for (name, bytes) in &cases {
        assert_eq!(sniff(name, bytes), Sniffed::Text, "{name}");
    }
    let r = paradup::analyze(
        &cases,
        paradup::Options {
            min_words: 1,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(r.skipped.is_empty(), "{:?}", r.skipped);
    let enc = |name: &str| {
        r.documents
            .iter()
            .find(|d| d.name == name)
            .unwrap()
            .encoding
    };
    assert_eq!(enc("fr.txt"), Encoding::Windows1252);
    assert_eq!(enc("mixed.txt"), Encoding::Utf8WithWindows1252);
    assert_eq!(enc("utf16le.txt"), Encoding::Utf16Le);
    assert_eq!(enc("utf16be.txt"), Encoding::Utf16Be);
}

#[test]
fn the_mixed_encoding_clough_stevenson_files_are_still_text() {
    // Without ../shared (a clone on its own) the test is recorded as skipped.
    let Some(files) = common::shared_files("corpora/clough-stevenson", "txt") else {
        return;
    };
    assert!(files.len() >= 95);
    let mut not_utf8 = 0;
    for (name, bytes) in &files {
        assert_eq!(sniff(name, bytes), Sniffed::Text, "{name}");
        not_utf8 += usize::from(std::str::from_utf8(bytes).is_err());
    }
    // The corpus does hold Windows-1252 files.
    assert!(not_utf8 > 0);
}
