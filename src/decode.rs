//! Turning a file's raw bytes into text while remembering where every
//! character came from.
//!
//! paradup reports spans in the *original* bytes, so decoding keeps an
//! [`OffsetMap`] from positions in the decoded UTF-8 string back to positions
//! in the input. For UTF-8 input (the common case) the map is the identity
//! shifted past any byte-order mark.

use encoding_rs::{Encoding as RsEncoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::{Deserialize, Serialize};

/// The encoding a document was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Encoding {
    /// Valid UTF-8, with or without a byte-order mark.
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-16, little endian, announced by a byte-order mark.
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// UTF-16, big endian, announced by a byte-order mark.
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// Not UTF-8 at all: every byte read as Windows-1252.
    #[serde(rename = "windows-1252")]
    Windows1252,
    /// Mostly UTF-8, with some invalid bytes that were read as Windows-1252.
    #[serde(rename = "utf-8+windows-1252")]
    Utf8WithWindows1252,
    /// Another charset, declared by the document itself (an HTML page's
    /// `<meta charset>`), under its WHATWG name such as `ISO-8859-2`.
    #[serde(untagged)]
    Declared(Charset),
}

/// A charset paradup can decode, named as in the WHATWG Encoding Standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Charset(pub &'static RsEncoding);

impl Serialize for Charset {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.name())
    }
}

impl<'de> Deserialize<'de> for Charset {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let label = String::deserialize(d)?;
        RsEncoding::for_label(label.as_bytes())
            .map(Charset)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown encoding {label:?}")))
    }
}

impl Encoding {
    /// The label used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf8WithWindows1252 => "utf-8+windows-1252",
            Encoding::Declared(c) => c.0.name(),
        }
    }
}

/// Maps byte positions in decoded text back to byte positions in the file.
///
/// Stored as checkpoints: between two checkpoints, decoded and original
/// offsets advance together one for one.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// `(decoded, original)` pairs, sorted by both components.
    checkpoints: Vec<(usize, usize)>,
}

impl OffsetMap {
    fn identity_from(skip: usize) -> Self {
        OffsetMap {
            checkpoints: vec![(0, skip)],
        }
    }

    /// The `(decoded, original)` checkpoints, to carry the map elsewhere
    /// (the page's prepared files).
    pub(crate) fn checkpoints(&self) -> &[(usize, usize)] {
        &self.checkpoints
    }

    /// A map from [`OffsetMap::checkpoints`]; `None` unless it starts at
    /// decoded offset 0 and both offsets never go down.
    pub(crate) fn from_checkpoints(checkpoints: Vec<(usize, usize)>) -> Option<OffsetMap> {
        let ordered = checkpoints
            .windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1);
        (checkpoints.first().map(|c| c.0) == Some(0) && ordered)
            .then_some(OffsetMap { checkpoints })
    }

    fn push(&mut self, decoded: usize, original: usize) {
        // Skip checkpoints that the previous one already implies.
        if let Some(&(d, o)) = self.checkpoints.last() {
            if decoded - d == original - o {
                return;
            }
            if d == decoded {
                self.checkpoints.pop();
            }
        }
        self.checkpoints.push((decoded, original));
    }

    /// The original byte offset of the character starting at `decoded`
    /// (or of the end of the text, for the text's length).
    pub fn original(&self, decoded: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(d, _)| d <= decoded);
        let (d, o) = self.checkpoints[i.saturating_sub(1)];
        o + (decoded - d)
    }
}

/// A document's text after decoding.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, as UTF-8.
    pub text: String,
    /// The encoding that was used.
    pub encoding: Encoding,
    /// Anything a user should know about how the bytes were read.
    pub warnings: Vec<String>,
    /// Where each position of `text` lies in the original bytes.
    pub offsets: OffsetMap,
}

/// Decodes a file's bytes.
///
/// UTF-8 (with or without BOM) and BOM-marked UTF-16 are decoded as such.
/// Bytes that are not valid UTF-8 are read one by one as Windows-1252, which
/// never fails, so decoding never loses a byte: every byte of the input maps
/// to some character of the output.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = RsEncoding::for_bom(bytes) {
        if enc == UTF_16LE || enc == UTF_16BE {
            return decode_utf16(bytes, enc == UTF_16LE, bom_len);
        }
        // UTF-8 BOM: decode the rest, offsets shifted by the BOM.
        return decode_utf8ish(&bytes[bom_len..], bom_len);
    }
    if bytes.contains(&0) {
        // NUL in nearly every other byte: UTF-16 that lost its byte-order mark.
        if let Some(little) = utf16_parity(&bytes[..bytes.len().min(8192)]) {
            let mut d = decode_utf16(bytes, little, 0);
            d.warnings.insert(
                0,
                format!(
                    "no byte-order mark; read as UTF-16{}",
                    if little { "LE" } else { "BE" }
                ),
            );
            return d;
        }
    }
    decode_utf8ish(bytes, 0)
}

/// For BOM-less UTF-16, whether it is little endian (`Some(true)`) or big
/// endian (`Some(false)`); `None` when it does not look like UTF-16 (NULs
/// in nearly every other byte). Decoding reads such bytes as UTF-16, and
/// sniffing takes them for text rather than binary.
pub(crate) fn utf16_parity(sample: &[u8]) -> Option<bool> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zero_at = |parity: usize| {
        sample
            .chunks_exact(2)
            .filter(|c| c[parity] == 0 && c[1 - parity] != 0)
            .count()
    };
    let (le, be) = (zero_at(1), zero_at(0));
    if le * 10 >= pairs * 7 {
        Some(true)
    } else if be * 10 >= pairs * 7 {
        Some(false)
    } else {
        None
    }
}

/// The text of bytes that [`decode`] would read as plain UTF-8 with
/// offsets unchanged, borrowed instead of copied: valid UTF-8 with no
/// byte-order mark and no NUL (which might mean UTF-16).
pub(crate) fn plain_utf8(bytes: &[u8]) -> Option<&str> {
    if RsEncoding::for_bom(bytes).is_some() || memchr::memchr(0, bytes).is_some() {
        return None;
    }
    utf8(bytes)
}

/// `bytes` as text if they are valid UTF-8: natively by SIMD validation
/// where the CPU has it (the standard library's is several times slower
/// on text that is not ASCII), the same answer.
pub(crate) fn utf8(bytes: &[u8]) -> Option<&str> {
    #[cfg(not(target_arch = "wasm32"))]
    return simdutf8::basic::from_utf8(bytes).ok();
    #[cfg(target_arch = "wasm32")]
    return std::str::from_utf8(bytes).ok();
}

/// Whether `bytes` are valid UTF-8 but for a character cut short at the
/// end ([`utf8`]'s validation, with the standard library's error detail).
pub(crate) fn utf8_but_the_end(bytes: &[u8]) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    let checked = simdutf8::compat::from_utf8(bytes).map_err(|e| e.error_len());
    #[cfg(target_arch = "wasm32")]
    let checked = std::str::from_utf8(bytes).map_err(|e| e.error_len());
    matches!(checked, Ok(_) | Err(None))
}

/// Decodes a fragment of a document (for example one paragraph's span)
/// that was read with `encoding`. The fragment must start and end on
/// character boundaries of the original, as every reported span does.
pub fn decode_fragment(bytes: &[u8], encoding: Encoding) -> String {
    match encoding {
        Encoding::Utf16Le => UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(),
        Encoding::Utf16Be => UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(),
        Encoding::Declared(c) => c.0.decode_without_bom_handling(bytes).0.into_owned(),
        _ => decode_utf8ish(bytes, 0).text,
    }
}

fn decode_utf8ish(bytes: &[u8], skip: usize) -> Decoded {
    if let Some(s) = utf8(bytes) {
        return Decoded {
            text: s.to_owned(),
            encoding: Encoding::Utf8,
            warnings: Vec::new(),
            offsets: OffsetMap::identity_from(skip),
        };
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut offsets = OffsetMap::identity_from(skip);
    let mut rest = bytes;
    let mut pos = 0; // position in `bytes`
    let mut invalid = 0usize;
    let mut valid_multibyte = false;
    while !rest.is_empty() {
        let (good, bad_len) = match std::str::from_utf8(rest) {
            Ok(s) => (s, 0),
            Err(e) => {
                let good = &rest[..e.valid_up_to()];
                // SAFETY-free: `valid_up_to` guarantees this prefix is UTF-8.
                let good = std::str::from_utf8(good).unwrap_or_default();
                (good, e.error_len().unwrap_or(rest.len() - e.valid_up_to()))
            }
        };
        valid_multibyte |= !good.is_ascii();
        text.push_str(good);
        pos += good.len();
        rest = &rest[good.len()..];
        // Each invalid byte becomes one Windows-1252 character.
        for &b in &rest[..bad_len] {
            offsets.push(text.len(), skip + pos);
            let mut buf = [0u8; 4];
            let (ch, _) = WINDOWS_1252.decode_without_bom_handling(std::slice::from_ref(&b));
            let ch = ch.chars().next().unwrap_or('\u{FFFD}');
            text.push_str(ch.encode_utf8(&mut buf));
            pos += 1;
            offsets.push(text.len(), skip + pos);
            invalid += 1;
        }
        rest = &rest[bad_len..];
    }
    let (encoding, warnings) = if valid_multibyte {
        (
            Encoding::Utf8WithWindows1252,
            vec![format!(
                "{invalid} byte(s) were not valid UTF-8 and were read as Windows-1252"
            )],
        )
    } else {
        (
            Encoding::Windows1252,
            vec!["not valid UTF-8; read as Windows-1252".to_owned()],
        )
    };
    Decoded {
        text,
        encoding,
        warnings,
        offsets,
    }
}

fn decode_utf16(bytes: &[u8], little_endian: bool, bom_len: usize) -> Decoded {
    let body = &bytes[bom_len..];
    let mut text = String::with_capacity(body.len());
    let mut offsets = OffsetMap::identity_from(bom_len);
    let mut warnings = Vec::new();
    let units = body.chunks_exact(2).map(|c| {
        if little_endian {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut orig = bom_len;
    let mut replaced = 0usize;
    for r in char::decode_utf16(units) {
        offsets.push(text.len(), orig);
        let (ch, width) = match r {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => {
                replaced += 1;
                ('\u{FFFD}', 2)
            }
        };
        text.push(ch);
        orig += width;
        offsets.push(text.len(), orig);
    }
    if replaced > 0 {
        warnings.push(format!(
            "{replaced} unpaired UTF-16 surrogate(s) shown as U+FFFD"
        ));
    }
    if body.len() % 2 == 1 {
        // The odd trailing byte is kept as a character so no byte is lost.
        offsets.push(text.len(), orig);
        text.push('\u{FFFD}');
        offsets.push(text.len(), orig + 1);
        warnings.push("odd number of bytes in UTF-16 text; last byte shown as U+FFFD".into());
    }
    Decoded {
        text,
        encoding: if little_endian {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        },
        warnings,
        offsets,
    }
}

/// Decodes a document in the charset it declares (for example an HTML
/// page's `<meta charset>`), with any encoding of the WHATWG Encoding
/// Standard. UTF-8 and UTF-16 go through [`decode`]'s own paths. The
/// [`OffsetMap`] is exact: the bytes are fed to the decoder one at a time,
/// so every character maps to the first byte of the sequence it came from.
/// Malformed sequences become U+FFFD, counted in a warning. The two
/// pseudo-encodings `replacement` and `x-user-defined` are not honoured:
/// such bytes are read as [`decode`] reads any file.
pub fn decode_declared(bytes: &[u8], charset: &'static RsEncoding) -> Decoded {
    let utf = [encoding_rs::UTF_8, UTF_16LE, UTF_16BE];
    let pseudo = [encoding_rs::REPLACEMENT, encoding_rs::X_USER_DEFINED];
    if utf.contains(&charset) || pseudo.contains(&charset) {
        return decode(bytes);
    }
    let mut decoder = charset.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut offsets = OffsetMap::identity_from(0);
    let mut pending = 0; // first byte not yet accounted for by output
    let mut malformed = false;
    let mut replaced = 0usize;
    for i in 0..=bytes.len() {
        let last = i == bytes.len();
        let chunk = bytes.get(i..(i + 1).min(bytes.len())).unwrap_or_default();
        let before = text.len();
        text.reserve(decoder.max_utf8_buffer_length(chunk.len()).unwrap_or(16) + 4);
        let (_, _, had_errors) = decoder.decode_to_string(chunk, &mut text, last);
        malformed |= had_errors;
        if text.len() > before {
            // Every new character starts at the pending byte (usually one).
            let mut at = before;
            for ch in text[before..].chars() {
                if ch == '\u{FFFD}' && had_errors {
                    replaced += 1;
                }
                offsets.push(at, pending);
                at += ch.len_utf8();
            }
            pending = (i + 1).min(bytes.len());
            offsets.push(text.len(), pending);
        }
    }
    let mut warnings = Vec::new();
    if malformed {
        warnings.push(format!(
            "{} byte sequence(s) were not valid {} and are shown as U+FFFD",
            replaced.max(1),
            charset.name()
        ));
    }
    let encoding = if charset == WINDOWS_1252 {
        Encoding::Windows1252
    } else {
        Encoding::Declared(Charset(charset))
    };
    Decoded {
        text,
        encoding,
        warnings,
        offsets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_is_identity() {
        let d = decode("héllo".as_bytes());
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.text, "héllo");
        assert_eq!(d.offsets.original(3), 3);
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf8_bom_is_skipped_and_offsets_shift() {
        let d = decode(b"\xEF\xBB\xBFabc");
        assert_eq!(d.text, "abc");
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.offsets.original(0), 3);
        assert_eq!(d.offsets.original(3), 6);
    }

    #[test]
    fn windows_1252_bytes_map_back() {
        // "caf\xe9 \x93q\x94" : é and curly quotes in Windows-1252.
        let d = decode(b"caf\xe9 \x93q\x94");
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(d.text, "café “q”");
        // `q` is at decoded offset 9 (c a f é(2) space “(3)) and original 6.
        assert_eq!(d.text.find('q'), Some(9));
        assert_eq!(d.offsets.original(9), 6);
        assert_eq!(d.offsets.original(d.text.len()), 8);
    }

    #[test]
    fn mixed_utf8_keeps_valid_parts() {
        let d = decode(
            "naïve \x00"
                .as_bytes()
                .iter()
                .copied()
                .chain([0xff, b'x'])
                .collect::<Vec<_>>()
                .as_slice(),
        );
        assert_eq!(d.encoding, Encoding::Utf8WithWindows1252);
        assert!(d.text.starts_with("naïve"));
        assert_eq!(d.offsets.original(d.text.len()), 10);
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn utf16_without_bom() {
        let le: Vec<u8> = "two words"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode(&le);
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("two words", Encoding::Utf16Le)
        );
        assert!(d.warnings[0].contains("no byte-order mark"));
        assert_eq!(d.offsets.original(4), 8);
        assert_eq!(utf16_parity(&le), Some(true));
        let be: Vec<u8> = "two words"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_parity(&be), Some(false));
        assert_eq!(utf16_parity(b"plain text"), None);
    }

    #[test]
    fn utf16_both_endians() {
        let le = [0xFF, 0xFE, b'h', 0, b'i', 0];
        let d = decode(&le);
        assert_eq!((d.text.as_str(), d.encoding), ("hi", Encoding::Utf16Le));
        assert_eq!(d.offsets.original(1), 4);
        let be = [0xFE, 0xFF, 0, b'h', 0x20, 0x14];
        let d = decode(&be);
        assert_eq!((d.text.as_str(), d.encoding), ("h—", Encoding::Utf16Be));
        assert_eq!(d.offsets.original(1), 4);
        assert_eq!(d.offsets.original(4), 6);
        assert_eq!(decode_fragment(&be[4..6], Encoding::Utf16Be), "—");
    }
}
