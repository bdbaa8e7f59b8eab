//! The page's charset: a byte-order mark, else a `<meta>` declaration in
//! the first bytes, else what the decoder finds.

use crate::decode::{decode, decode_declared, Decoded};

/// How far into the file a charset declaration is looked for (as browsers do).
const PRESCAN: usize = 1024;

/// Decodes a page in the charset it declares, with a warning when the
/// declaration cannot be honoured.
pub(super) fn decode_html(bytes: &[u8]) -> (Decoded, Vec<String>) {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return (decode(bytes), Vec::new());
    }
    let Some(label) = declared_charset(bytes) else {
        return (decode(bytes), Vec::new());
    };
    match encoding_rs::Encoding::for_label(label.as_bytes()) {
        // A page cannot declare UTF-16 in ASCII; browsers read it as UTF-8.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
            (decode(bytes), Vec::new())
        }
        Some(e) if e == encoding_rs::X_USER_DEFINED => {
            (decode_declared(bytes, encoding_rs::WINDOWS_1252), Vec::new())
        }
        Some(e) if e == encoding_rs::REPLACEMENT => (
            decode(bytes),
            vec![format!(
                "declared charset {label:?} is not supported for reading; read as UTF-8 or Windows-1252"
            )],
        ),
        Some(e) => (decode_declared(bytes, e), Vec::new()),
        None => (
            decode(bytes),
            vec![format!(
                "unknown charset {label:?} declared; read as UTF-8 or Windows-1252"
            )],
        ),
    }
}

/// The charset label of the first `<meta>` in the first [`PRESCAN`] bytes
/// that declares one (`charset=…` or `content="…; charset=…"`).
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(PRESCAN)).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    for at in memchr::memmem::find_iter(&lower, b"<meta") {
        let tag = lower.get(at..).unwrap_or_default();
        let tag = tag
            .get(..memchr::memchr(b'>', tag).unwrap_or(tag.len()))
            .unwrap_or(tag);
        let Some(c) = memchr::memmem::find(tag, b"charset") else {
            continue;
        };
        let rest = tag.get(c + "charset".len()..).unwrap_or_default();
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|&b| {
                matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
            })
            .unwrap_or(rest.len());
        let label = String::from_utf8_lossy(rest.get(..end).unwrap_or_default()).into_owned();
        if !label.is_empty() {
            return Some(label);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::html::tests::read;

    #[test]
    fn declared_charset_is_honoured() {
        let mut html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\"></head><body><p>".to_vec();
        let start = html.len();
        html.extend_from_slice(b"\xa3\xf3d\xbc m\xb1ka");
        let end = html.len();
        html.extend_from_slice(b"</p></body></html>");
        let e = read("t.html", &html);
        assert_eq!(e.encoding.label(), "ISO-8859-2");
        assert_eq!(e.paragraphs[0].text, "Łódź mąka");
        assert_eq!(
            (e.paragraphs[0].start, e.paragraphs[0].end),
            (start as u64, end as u64)
        );
        let json = serde_json::to_string(&e.encoding).unwrap();
        assert_eq!(json, "\"ISO-8859-2\"");
        let back: crate::decode::Encoding = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e.encoding);
    }

    #[test]
    fn multibyte_charset_offsets() {
        // Shift_JIS: two bytes per kana.
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("<meta charset=shift_jis><p>あいう</p>");
        let e = read("t.html", &bytes);
        let p = &e.paragraphs[0];
        assert_eq!(p.text, "あいう");
        assert_eq!((p.start, p.end), (27, 33));
    }

    #[test]
    fn charset_prescan() {
        assert_eq!(
            declared_charset(b"<META CHARSET='windows-1250'>").as_deref(),
            Some("windows-1250")
        );
        assert_eq!(declared_charset(b"<meta name=x>"), None);
        let d = decode_html(b"<meta charset=bogus><p>x</p>");
        assert!(d.1[0].contains("bogus"));
    }
}
