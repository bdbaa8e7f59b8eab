//! Deciding what a file is from its name and first bytes.

use crate::decode::utf16_parity;

/// What a file looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// Plain text (any encoding paradup decodes).
    Text,
    /// Markdown source.
    Markdown,
    /// An HTML page.
    Html,
    /// A zip archive.
    Zip,
    /// A Word `.docx` document.
    Docx,
    /// JSON Lines: one record per line.
    Jsonl,
    /// Comma-separated values: one record per row.
    Csv,
    /// Not something paradup reads, with the reason.
    Unsupported(String),
}

/// How much of a file is examined to tell text from binary.
const SAMPLE: usize = 8192;

/// Looks at `name` and the first bytes of `bytes`.
pub fn sniff(name: &str, bytes: &[u8]) -> Sniffed {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zipped(ext);
    }
    if ext == "docx" {
        return Sniffed::Unsupported("not a valid .docx: not a zip archive".into());
    }
    if ext == "zip" {
        return Sniffed::Unsupported("not a valid zip archive (no zip signature)".into());
    }
    if let Some(kind) = magic(bytes) {
        return Sniffed::Unsupported(format!("{kind}: not a text format paradup reads"));
    }
    if let Some(reason) = random(bytes).or_else(|| binary(&bytes[..bytes.len().min(SAMPLE)])) {
        return Sniffed::Unsupported(reason);
    }
    match ext {
        "md" | "markdown" => Sniffed::Markdown,
        "html" | "htm" | "xhtml" => Sniffed::Html,
        "jsonl" | "ndjson" => Sniffed::Jsonl,
        "csv" => Sniffed::Csv,
        "txt" | "text" => Sniffed::Text,
        _ if looks_html(bytes) => Sniffed::Html,
        _ => Sniffed::Text,
    }
}

/// What a file with a zip signature is, by its extension.
fn zipped(ext: &str) -> Sniffed {
    let office = |kind: &str| Sniffed::Unsupported(format!("{kind}: not a format paradup reads"));
    match ext {
        "xlsx" | "xlsm" => office("an Excel workbook"),
        "pptx" => office("a PowerPoint presentation"),
        "odt" | "ods" | "odp" => office("an OpenDocument file"),
        "epub" => office("an EPUB e-book"),
        "jar" | "apk" => office("a Java or Android package"),
        "docx" => Sniffed::Docx,
        _ => Sniffed::Zip,
    }
}

/// A file of no known extension that starts like an HTML page.
fn looks_html(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(256)).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let head = head.trim_ascii_start().to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Well-known binary formats, by their first bytes.
fn magic(b: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 19] = [
        (b"%PDF-", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"\x7fELF", "an executable (ELF)"),
        (b"MZ", "a Windows executable"),
        (b"\x1f\x8b", "a gzip archive"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an old Office document (.doc/.xls)",
        ),
        (b"\0asm", "a WebAssembly module"),
        (b"Rar!", "a RAR archive"),
        (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
        (b"\xfd7zXZ\0", "an xz-compressed file"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (b"\x04\x22\x4d\x18", "an LZ4-compressed file"),
        (b"Salted__", "an encrypted file (OpenSSL)"),
        (b"age-encryption.org/", "an encrypted file (age)"),
        (b"-----BEGIN AGE ENCRYPTED FILE", "an encrypted file (age)"),
        (b"-----BEGIN PGP MESSAGE", "an encrypted message (PGP)"),
    ];
    // bzip2: "BZh", the block size digit, then the block magic.
    if b.len() >= 10 && b.starts_with(b"BZh") && b[3].is_ascii_digit() && &b[4..10] == b"1AY&SY" {
        return Some("a bzip2-compressed file");
    }
    SIGNATURES
        .iter()
        .find(|(sig, _)| b.starts_with(sig))
        .map(|&(_, kind)| kind)
}

/// Why a sample looks binary, if it does. UTF-16 without a byte-order mark
/// (NUL in every other byte) is text, and so are BOM-marked files.
fn binary(sample: &[u8]) -> Option<String> {
    if sample.starts_with(b"\xff\xfe") || sample.starts_with(b"\xfe\xff") {
        return None;
    }
    // A few stray NULs in text are kept (and shown escaped); many mean binary.
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let many = nul * 10 > sample.len() || (nul > 8 && nul * 100 > sample.len());
    if many && !looks_utf16(sample) {
        return Some("binary data (contains NUL bytes)".into());
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b) && b != 0)
        .count();
    if sample.len() >= 32 && control * 10 > sample.len() {
        return Some("binary data (mostly control characters)".into());
    }
    None
}

/// How many windows of [`SAMPLE`] bytes, spread over a file, [`random`]
/// examines.
const WINDOWS: usize = 16;

/// Why a file looks like random bytes (compressed, encrypted or noise)
/// rather than text in any encoding, if it does.
///
/// Text, in UTF-8 or in any 8-bit code page, has next to no control bytes;
/// uniformly random bytes have about one in nine (C0 controls other than
/// tab, line feed, form feed, carriage return and escape, and DEL). Windows
/// spread over the file that are not valid UTF-8 are counted together:
/// more than one such byte in 40 means random. (The bytes Windows-1252
/// leaves undefined are not counted: other code pages use them for
/// letters, such as Slovak `ť` in Windows-1250.) A short file (under 1 KB) with even one, and almost no
/// spaces or line breaks, is random too. Random data of 100 bytes or more
/// is caught this way all but about once in 10⁵; valid UTF-8, BOM-marked
/// and BOM-less UTF-16 text are never judged here.
fn random(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return None;
    }
    let first = &bytes[..bytes.len().min(SAMPLE)];
    if looks_utf16(first) {
        return None;
    }
    let windows = if bytes.len() <= SAMPLE * WINDOWS {
        bytes.chunks(SAMPLE).collect::<Vec<_>>()
    } else {
        // Evenly spread, the first at the start and the last at the end.
        let step = (bytes.len() - SAMPLE) / (WINDOWS - 1);
        (0..WINDOWS)
            .map(|i| &bytes[i * step..i * step + SAMPLE])
            .collect()
    };
    let (mut n, mut odd, mut space) = (0, 0, 0);
    let mut histogram = [0u32; 256];
    for w in windows {
        if utf8_inside(w) {
            continue;
        }
        n += w.len();
        for &b in w {
            histogram[b as usize] += 1;
        }
    }
    for (b, &count) in histogram.iter().enumerate() {
        let count = count as usize;
        if odd_byte(b as u8) {
            odd += count;
        } else if matches!(b as u8, b' ' | b'\n' | b'\r' | b'\t') {
            space += count;
        }
    }
    let many = odd >= 2 && odd * 40 > n;
    let short = n < 1024 && odd >= 1 && space * 20 < n;
    if !(many || short) {
        return None;
    }
    // Shannon entropy of the byte values, in bits per byte: near 8 for
    // compressed or encrypted data, 4 to 6 for text.
    let entropy: f64 = histogram
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n as f64;
            -p * p.log2()
        })
        .sum();
    Some(if n >= 4096 && entropy > 7.5 {
        format!("binary data: looks compressed, encrypted or random ({entropy:.2} bits per byte)")
    } else {
        format!(
            "binary data: {:.1}% control bytes, where text has next to none",
            odd as f64 * 100.0 / n as f64
        )
    })
}

/// Control bytes that text does not contain.
fn odd_byte(b: u8) -> bool {
    matches!(b, 0..=8 | 0x0b | 0x0e..=0x1a | 0x1c..=0x1f | 0x7f)
}

/// Whether a window cut out of a file is valid UTF-8, but for characters
/// cut in two at either end.
fn utf8_inside(w: &[u8]) -> bool {
    // Skip continuation bytes of a character cut at the start.
    let start = w.iter().take(3).take_while(|&&b| b & 0xC0 == 0x80).count();
    // Only an incomplete character at the very end.
    crate::decode::utf8_but_the_end(&w[start..])
}

/// UTF-16 text without a BOM: NULs in nearly every other byte.
fn looks_utf16(sample: &[u8]) -> bool {
    utf16_parity(sample).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_markdown() {
        assert_eq!(sniff("a.txt", b"hello\n"), Sniffed::Text);
        assert_eq!(sniff("notes", b"hello\n"), Sniffed::Text);
        assert_eq!(sniff("README.MD", b"# hi\n"), Sniffed::Markdown);
        assert_eq!(sniff("empty.txt", b""), Sniffed::Text);
        assert_eq!(sniff("page.HTM", b"<p>hi"), Sniffed::Html);
        assert_eq!(sniff("saved", b"\n<!DOCTYPE html><p>hi"), Sniffed::Html);
        assert_eq!(sniff("about-html.txt", b"<html>"), Sniffed::Text);
    }

    #[test]
    fn binaries_are_named() {
        let pdf = sniff("x.txt", b"%PDF-1.7 ...");
        assert_eq!(
            pdf,
            Sniffed::Unsupported("a PDF document: not a text format paradup reads".into())
        );
        assert!(
            matches!(sniff("x.bin", b"abc\0def\0\0\x01"), Sniffed::Unsupported(r) if r.contains("NUL"))
        );
        let noise: Vec<u8> = (0..200u8).map(|i| i % 8 + 1).collect();
        assert!(matches!(sniff("x.txt", &noise), Sniffed::Unsupported(r) if r.contains("control")));
    }

    #[test]
    fn zips_by_extension() {
        assert_eq!(sniff("a.zip", b"PK\x03\x04..."), Sniffed::Zip);
        assert_eq!(sniff("noname", b"PK\x03\x04..."), Sniffed::Zip);
        assert_eq!(sniff("a.DOCX", b"PK\x03\x04..."), Sniffed::Docx);
        assert!(
            matches!(sniff("a.xlsx", b"PK\x03\x04"), Sniffed::Unsupported(r) if r.contains("Excel"))
        );
        assert!(
            matches!(sniff("a.zip", b"hello"), Sniffed::Unsupported(r) if r.contains("no zip signature"))
        );
    }

    #[test]
    fn utf16_without_bom_is_text() {
        let le: Vec<u8> = "hello world"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(sniff("x.txt", &le), Sniffed::Text);
        let be: Vec<u8> = "hello world"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(sniff("x.txt", &be), Sniffed::Text);
    }
}
