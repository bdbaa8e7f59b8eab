//! Random, compressed and encrypted bytes are not read as text, and real
//! 8-bit and UTF-16 text still is (issue 12, defect 10): the format
//! sniffer's side, moved here from `tests/pathological.rs` when the readers
//! became private. The analyzer's side stays there.

use super::generate::{long_paragraph, Bytes};
use super::skip::shared_files;
use crate::read::{sniff, Sniffed};

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
    use crate::Encoding;
    use encoding_rs::{WINDOWS_1250, WINDOWS_1251, WINDOWS_1252};
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
    let r = crate::analyze(
        &cases,
        crate::Options {
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
    let Some(files) = shared_files("corpora/clough-stevenson", "txt") else {
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
