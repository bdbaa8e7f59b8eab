//! Names and messages made safe to print, and file names made of bytes.
//!
//! A file's name or content can hold escape sequences (`ESC [ 2 J`, `ESC ]
//! 0 ; … BEL`) that a terminal would obey, and bidirectional controls that
//! make `txt.exe` look like `exe.txt`. [`terminal`] writes such characters
//! as visible `\u{…}` escapes and leaves every other character, accents and
//! scripts included, as it is. [`bytes_name`] turns a file name that is not
//! valid UTF-8 into a string that still tells one byte from another.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether [`terminal`] escapes `c`: control characters (C0, DEL and C1,
/// newline and tab included) and the bidirectional controls — the marks
/// U+200E, U+200F and U+061C, the embeddings and overrides U+202A–U+202E,
/// the isolates U+2066–U+2069 — plus the line and paragraph separators
/// U+2028 and U+2029, which would break a name across lines.
pub fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `s` fit to print on a terminal: each character of [`is_escaped`] is
/// written `\u{XXXX}` (at least four upper-case hex digits, so ESC is
/// `\u{001B}` and RIGHT-TO-LEFT OVERRIDE `\u{202E}`); everything else is
/// kept. Backslashes are kept too, so escaping twice changes nothing.
/// Borrows `s` when nothing needs escaping.
///
/// ```
/// use paradup::escape::terminal;
/// assert_eq!(terminal("r\u{e9}sum\u{e9}.txt"), "r\u{e9}sum\u{e9}.txt");
/// assert_eq!(terminal("a\u{1b}]0;x\u{7}\u{202e}b\n"), "a\\u{001B}]0;x\\u{0007}\\u{202E}b\\u{000A}");
/// ```
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_escaped(c) {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A name for `bytes` that ought to be UTF-8, such as a file name on Unix:
/// valid UTF-8 is kept as it is, and each byte that is not part of valid
/// UTF-8 is written `\xHH` (two upper-case hex digits), so `bad\xFF.txt`
/// and `bad\xFE.txt` stay two names where a lossy conversion would show
/// `bad\u{FFFD}.txt` twice. The result is deterministic; it can be read
/// back byte for byte unless the valid part itself holds text such as
/// `\xFF`. Borrows `bytes` when they are valid UTF-8.
///
/// ```
/// use paradup::escape::bytes_name;
/// assert_eq!(bytes_name(b"bad\xff.txt"), "bad\\xFF.txt");
/// assert_eq!(bytes_name("caf\u{e9}.txt".as_bytes()), "caf\u{e9}.txt");
/// ```
pub fn bytes_name(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_and_the_rest_kept() {
        let hostile = "\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m\u{7f}\u{85}\t\r\n\u{202e}\u{2066}\u{200f}\u{61c}\u{2028}";
        let shown = terminal(hostile);
        assert!(!shown.chars().any(is_escaped), "{shown}");
        assert_eq!(
            shown,
            "\\u{001B}[2J\\u{001B}]0;title\\u{0007}\\u{009B}31m\\u{007F}\\u{0085}\\u{0009}\\u{000D}\\u{000A}\\u{202E}\\u{2066}\\u{200F}\\u{061C}\\u{2028}"
        );
        let ordinary = "Łódź, naïve café, 東京, مرحبا, שלום, e\u{301}, 😀 a\\b";
        assert!(matches!(terminal(ordinary), Cow::Borrowed(_)));
        // Escaping is idempotent: a backslash is never escaped.
        assert_eq!(terminal(&shown), shown);
    }

    #[test]
    fn invalid_bytes_stay_distinct() {
        assert_eq!(bytes_name(b"bad\xff.txt"), "bad\\xFF.txt");
        assert_eq!(bytes_name(b"bad\xfe.txt"), "bad\\xFE.txt");
        // A truncated sequence is two invalid bytes, each written.
        assert_eq!(bytes_name(b"x\xe2\x82.txt"), "x\\xE2\\x82.txt");
        assert_eq!(bytes_name("\u{e9}\u{20ac}".as_bytes()), "\u{e9}\u{20ac}");
        assert!(matches!(bytes_name(b"plain.txt"), Cow::Borrowed(_)));
    }
}
