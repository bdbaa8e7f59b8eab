//! The files behind a report, read again after the analysis.
//!
//! The CLI keeps no file bytes while it analyzes. Text output and `dedup`
//! need some of them afterwards, so those files are read again, one at a
//! time, and passed through the same reader (the library's `read`, which
//! is deterministic) to find the same documents in the same order. Each
//! file's length and xxh3 hash are remembered from the first read: a file
//! that changed in between is refused, since its spans would point at the
//! wrong bytes.

use std::borrow::Cow;
use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

// The readers are internal: this re-read goes once the analyzer says where
// each document's bytes are (issue 8, item 1).
use paradup::__internals::{read, Item};
use paradup::{decode_fragment, DocumentReport, Options, Report};
use xxhash_rust::xxh3::xxh3_64;

use super::files::{self, display_name, Found};

/// Why an input was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum Unread {
    /// It could not be read, or holds more than the bound: trouble.
    Failed(String),
    /// A special file met in a folder, left out on purpose.
    NotRegular(String),
}

/// `n` bytes for people: `1 GiB`, `512 KiB`, or `1000 bytes`.
pub fn human(n: u64) -> String {
    for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if n >= 1 << shift && n.is_multiple_of(1 << shift) {
            return format!("{} {unit}", n >> shift);
        }
    }
    if n == 1 {
        "1 byte".to_owned()
    } else {
        format!("{n} bytes")
    }
}

/// Reads the input `found`, but never more than `max` bytes: a larger
/// regular file is not read at all, and a stream (a pipe, `/dev/zero`,
/// `/dev/urandom`) is read up to the bound and then given up, so no input
/// can exhaust memory. Returns the bytes and whether the input is a
/// regular file (which can be read again later).
pub fn read_input(found: &Found, max: u64) -> Result<(Vec<u8>, bool), Unread> {
    let too_large = || format!("more than {} (--max-file-size); not analyzed", human(max));
    // A FIFO found in a folder would block `open`: the walk checked the
    // kind, and it is checked again here in case the path changed since.
    if found.from_folder {
        match fs::metadata(&found.path) {
            Ok(m) if !m.is_file() => {
                return Err(Unread::NotRegular(files::not_regular(m.file_type())))
            }
            _ => {}
        }
    }
    let file = fs::File::open(&found.path).map_err(|e| Unread::Failed(e.to_string()))?;
    let meta = file.metadata().map_err(|e| Unread::Failed(e.to_string()))?;
    let regular = meta.is_file();
    if found.from_folder && !regular {
        return Err(Unread::NotRegular(files::not_regular(meta.file_type())));
    }
    if regular && meta.len() > max {
        return Err(Unread::Failed(too_large()));
    }
    // One byte past the bound tells a stream that ends there from one
    // that goes on.
    let bytes = read_at_most(
        file,
        max.saturating_add(1),
        if regular { meta.len() } else { 0 },
    )
    .map_err(|e| Unread::Failed(e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(Unread::Failed(too_large()));
    }
    Ok((bytes, regular))
}

/// What is remembered of a file's content to recognise it later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    /// The length and xxh3 (64-bit) hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Fingerprint {
            len: bytes.len() as u64,
            hash: xxh3_64(bytes),
        }
    }
}

/// Reads `r` to its end or to `limit` bytes, whichever comes first,
/// expecting about `expected` bytes. The buffer never grows past `limit`
/// (`read_to_end` would double it, so a stream stopped at 1 GiB could
/// hold 2 GiB).
fn read_at_most(mut r: impl Read, limit: u64, expected: u64) -> std::io::Result<Vec<u8>> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0).min(limit));
    let mut chunk = vec![0u8; 1 << 16];
    while bytes.len() < limit {
        let want = chunk.len().min(limit - bytes.len());
        let n = match r.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if bytes.capacity() - bytes.len() < n {
            let grown = bytes
                .capacity()
                .saturating_mul(2)
                .clamp(bytes.len() + n, limit);
            bytes.reserve_exact(grown - bytes.len());
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    Ok(bytes)
}

/// Checks that `bytes`, read again from `path`, are the bytes that were
/// analyzed; the error names the path.
pub fn check(path: &Path, analyzed: Fingerprint, bytes: &[u8]) -> Result<(), String> {
    let now = Fingerprint::of(bytes);
    if now == analyzed {
        return Ok(());
    }
    let how = if now.len > analyzed.len {
        // The reader stops one byte past the analyzed length.
        format!("{} bytes when analyzed, more now", analyzed.len)
    } else if now.len != analyzed.len {
        format!("{} bytes when analyzed, {} now", analyzed.len, now.len)
    } else {
        "same length, different content".to_owned()
    };
    Err(format!(
        "{} changed after it was analyzed ({how}), so the report's spans no longer fit it; run paradup again",
        display_name(path)
    ))
}

/// An analyzed file, without its bytes.
#[derive(Debug)]
pub struct SourceFile {
    /// Where it was found and what it is called.
    pub found: Found,
    /// Its content when it was analyzed.
    fingerprint: Fingerprint,
    /// The report's documents read from it.
    pub docs: Range<usize>,
    /// Its bytes, kept only when it is not a regular file (a pipe or a
    /// device cannot be read a second time).
    kept: Option<Vec<u8>>,
}

impl SourceFile {
    /// Remembers a file read as `bytes` that gave documents `docs`; the
    /// bytes are kept unless it is a `regular` file.
    pub fn new(found: Found, bytes: &[u8], docs: Range<usize>, regular: bool) -> Self {
        SourceFile {
            found,
            fingerprint: Fingerprint::of(bytes),
            docs,
            kept: (!regular).then(|| bytes.to_vec()),
        }
    }

    /// Reads the file again; an error if it cannot be read or is not what
    /// was analyzed.
    pub fn reread(&self) -> Result<Cow<'_, [u8]>, String> {
        if let Some(kept) = &self.kept {
            return Ok(Cow::Borrowed(kept));
        }
        let path = &self.found.path;
        let failed = |e: std::io::Error| format!("cannot read {} again: {e}", self.found.name);
        // It was a regular file; if it is something else now (a FIFO would
        // block `open`, a device never end), it changed.
        let changed = || {
            format!(
                "{} is no longer a regular file; run paradup again",
                self.found.name
            )
        };
        if !fs::metadata(path).map_err(failed)?.is_file() {
            return Err(changed());
        }
        let file = fs::File::open(path).map_err(failed)?;
        if !file.metadata().map_err(failed)?.is_file() {
            return Err(changed());
        }
        // A file that grew is refused by `check` after one byte more.
        let len = self.fingerprint.len;
        let bytes = read_at_most(file, len.saturating_add(1), len).map_err(failed)?;
        check(path, self.fingerprint, &bytes)?;
        Ok(Cow::Owned(bytes))
    }

    /// The file's documents, read from `bytes` (see [`SourceFile::reread`])
    /// as the analysis read them: each document's index in `report` and the
    /// item the reader gives for it. An error if they do not line up with
    /// the report.
    pub fn documents<'a>(
        &self,
        report: &Report,
        bytes: &'a [u8],
        options: &Options,
    ) -> Result<Vec<(usize, Item<'a>)>, String> {
        let items: Vec<Item<'a>> = read(&self.found.name, bytes, options)
            .into_iter()
            .filter(|item| !matches!(item, Item::Skipped(_)))
            .collect();
        let names_match = items.len() == self.docs.len()
            && items.iter().zip(self.docs.clone()).all(|(item, doc)| {
                report
                    .documents
                    .get(doc)
                    .is_some_and(|d| d.name == item.name())
            });
        if !names_match {
            return Err(format!(
                "{} reads differently than when it was analyzed; run paradup again",
                self.found.name
            ));
        }
        Ok(self.docs.clone().zip(items).collect())
    }
}

/// The text shown for paragraph `para` of `document`, given the item the
/// reader gave for it and the file's bytes: the decoded span for plain text
/// and Markdown, the extracted text (no markup, escapes undone) for HTML,
/// .docx and records.
pub fn display_text(
    document: &DocumentReport,
    item: &Item<'_>,
    file: &[u8],
    para: usize,
) -> String {
    if let (Item::Extracted(e), false) = (item, document.format.spans_hold_text()) {
        return e
            .paragraphs
            .get(para)
            .map(|p| p.text.clone())
            .unwrap_or_default();
    }
    let Some(p) = document.paragraphs.get(para) else {
        return String::new();
    };
    let span = item
        .source(file)
        .get(p.start as usize..p.end as usize)
        .unwrap_or_default();
    decode_fragment(span, document.encoding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn reading_stops_at_the_limit_without_doubling_the_buffer() {
        let endless = std::io::repeat(b'z');
        let bytes = read_at_most(endless, 300_001, 0).unwrap();
        assert_eq!(bytes.len(), 300_001);
        assert!(bytes.capacity() <= 300_001, "{}", bytes.capacity());
        let short = read_at_most(&b"twelve bytes"[..], 100, 12).unwrap();
        assert_eq!(short, b"twelve bytes");
        assert_eq!(read_at_most(&b"abc"[..], 2, 3).unwrap(), b"ab");
        assert!(read_at_most(&b""[..], 0, 0).unwrap().is_empty());
    }

    #[test]
    fn check_refuses_other_length_or_content_and_names_the_path() {
        let path = Path::new("dir/story.txt");
        let analyzed = Fingerprint::of(b"The pier will be rebuilt.\n");
        assert_eq!(
            check(path, analyzed, b"The pier will be rebuilt.\n"),
            Ok(())
        );
        let longer = check(path, analyzed, b"The pier will be rebuilt soon.\n").unwrap_err();
        assert!(longer.contains("dir/story.txt"), "{longer}");
        assert!(
            longer.contains("26 bytes when analyzed, more now"),
            "{longer}"
        );
        let shorter = check(path, analyzed, b"The pier.\n").unwrap_err();
        assert!(
            shorter.contains("26 bytes when analyzed, 10 now"),
            "{shorter}"
        );
        // Same length, one byte different.
        let edited = check(path, analyzed, b"The pier will be rebuilT.\n").unwrap_err();
        assert!(edited.contains("dir/story.txt changed"), "{edited}");
        assert!(edited.contains("different content"), "{edited}");
    }

    #[test]
    fn reread_refuses_a_file_changed_since_it_was_analyzed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        let first = b"First version of the story, as analyzed.\n";
        fs::write(&path, first).unwrap();
        let file = SourceFile::new(
            Found {
                path: path.clone(),
                name: path.display().to_string(),
                relative: PathBuf::from("story.txt"),
                from_folder: false,
            },
            first,
            0..1,
            true,
        );
        assert_eq!(&file.reread().unwrap()[..], &first[..]);
        fs::write(&path, b"Other version of the story, as analyzed.\n").unwrap();
        let err = file.reread().unwrap_err();
        assert!(err.contains(&path.display().to_string()), "{err}");
        fs::remove_file(&path).unwrap();
        let err = file.reread().unwrap_err();
        assert!(
            err.starts_with("cannot read ") && err.contains("story.txt"),
            "{err}"
        );
    }

    /// A path that became a FIFO since the analysis is refused, not opened
    /// (opening it would wait for a writer forever).
    #[cfg(unix)]
    #[test]
    fn reread_refuses_a_path_that_is_no_longer_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        let first = b"First version of the story, as analyzed.\n";
        fs::write(&path, first).unwrap();
        let found = Found {
            path: path.clone(),
            name: "story.txt".to_owned(),
            relative: PathBuf::from("story.txt"),
            from_folder: true,
        };
        let (bytes, regular) = read_input(&found, 1 << 20).unwrap();
        assert!(regular);
        let file = SourceFile::new(found.clone(), &bytes, 0..1, regular);
        fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        let err = file.reread().unwrap_err();
        assert_eq!(
            err,
            "story.txt is no longer a regular file; run paradup again"
        );
        // Read afresh from a folder walk, it is skipped, not opened.
        assert_eq!(
            read_input(&found, 1 << 20),
            Err(Unread::NotRegular(
                "a named pipe (FIFO), not a regular file: folders are searched for regular files only"
                    .to_owned()
            ))
        );
    }

    #[test]
    fn display_text_is_the_span_for_text_and_the_extracted_text_for_html() {
        let options = Options::default();
        let html = b"<p>The <em>pier</em> &amp; the quay will be rebuilt this winter.</p>";
        let mut a = paradup::Analyzer::new(options.clone()).unwrap();
        a.add_file("page.html", html);
        a.add_file("plain.txt", b"  The pier, as plain text.\n");
        let report = a.finish().unwrap();
        let items = read("page.html", html, &options);
        assert_eq!(
            display_text(&report.documents[0], &items[0], html, 0),
            "The pier & the quay will be rebuilt this winter."
        );
        let plain = b"  The pier, as plain text.\n";
        let items = read("plain.txt", plain, &options);
        assert_eq!(
            display_text(&report.documents[1], &items[0], plain, 0),
            "The pier, as plain text."
        );
    }
}
