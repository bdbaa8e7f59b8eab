//! Restoring: the original bytes rebuilt from the kept bytes and the log.

use super::log::{hash_hex, LoggedDocument};

/// Puts removed bytes back: `pieces` are `(original offset, bytes)` in
/// order, as a removal log records them.
pub fn reconstruct(kept: &[u8], pieces: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(kept.len() + pieces.iter().map(|p| p.1.len()).sum::<usize>());
    let mut k = 0;
    for (offset, removed) in pieces {
        let take = *offset as usize - out.len();
        out.extend_from_slice(&kept[k..k + take]);
        k += take;
        out.extend_from_slice(removed);
    }
    out.extend_from_slice(&kept[k..]);
    out
}

/// The original bytes of a document, rebuilt from its kept bytes and its
/// log entry; an error (never a panic) if they do not fit together.
pub fn restore(kept: &[u8], doc: &LoggedDocument) -> Result<Vec<u8>, String> {
    if kept.len() as u64 != doc.bytes_after {
        return Err(format!(
            "the deduplicated {} is {} bytes, the log says {}: it changed since dedup wrote it",
            doc.name,
            kept.len(),
            doc.bytes_after
        ));
    }
    let bad = |what: &str| format!("the log entry of {} is inconsistent: {what}", doc.name);
    let mut out = Vec::with_capacity(usize::try_from(doc.bytes_before).unwrap_or(0).min(1 << 30));
    let mut k = 0usize;
    for r in &doc.removed {
        let piece = r.removed_bytes(doc.encoding)?;
        if Some(piece.len() as u64) != r.end.checked_sub(r.start) {
            return Err(bad(&format!(
                "the removal at {} is not {} bytes long",
                r.start,
                piece.len()
            )));
        }
        let take = usize::try_from(r.start)
            .ok()
            .and_then(|s| s.checked_sub(out.len()))
            .filter(|t| k + t <= kept.len())
            .ok_or_else(|| bad(&format!("the removal at {} is out of place", r.start)))?;
        out.extend_from_slice(&kept[k..k + take]);
        k += take;
        out.extend_from_slice(&piece);
    }
    out.extend_from_slice(&kept[k..]);
    if out.len() as u64 != doc.bytes_before {
        return Err(bad(&format!(
            "{} bytes rebuilt, {} expected",
            out.len(),
            doc.bytes_before
        )));
    }
    if !doc.xxh3_before.is_empty() && hash_hex(&out) != doc.xxh3_before {
        return Err(format!(
            "the bytes rebuilt for {} differ from the original (xxh3 mismatch): the deduplicated file changed since dedup wrote it",
            doc.name
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Encoding;
    use crate::dedup::LoggedRemoval;
    use crate::report::Kind;

    #[test]
    fn restore_refuses_a_log_that_does_not_fit_without_panicking() {
        let doc = |start: u64, end: u64, text: &str| LoggedDocument {
            name: "d.txt".into(),
            encoding: Encoding::Utf8,
            output: Some("d.txt".into()),
            output_base64: None,
            not_written: None,
            bytes_before: 10,
            bytes_after: 5,
            xxh3_before: String::new(),
            removed: vec![LoggedRemoval {
                start,
                end,
                line: 1,
                kind: Kind::Exact,
                similarity: 1.0,
                original_document: "o.txt".into(),
                original_line: 1,
                kept: None,
                text: text.into(),
                bytes_base64: None,
            }],
        };
        assert_eq!(
            restore(b"abcde", &doc(5, 10, "fghij")).unwrap(),
            b"abcdefghij"
        );
        for bad in [
            doc(9, 14, "fghij"),
            doc(5, 9, "fghij"),
            doc(u64::MAX - 1, 3, "fghij"),
        ] {
            assert!(restore(b"abcde", &bad).is_err(), "{bad:?}");
        }
        assert!(restore(b"abcdef", &doc(5, 10, "fghij")).is_err());
        let mut b64 = doc(5, 10, "fghij");
        b64.removed[0].bytes_base64 = Some("not base64!".into());
        assert!(restore(b"abcde", &b64).is_err());
    }
}
