//! The files behind a report, read again after the analysis.
//!
//! The CLI keeps no file bytes while it analyzes: of each file it keeps
//! what adding it produced ([`paradup::AddedFile`]) without the bytes —
//! each document's range of the file and, when text output will show
//! them, the texts readers extracted (HTML, .docx, records). Text output
//! and `dedup` need some bytes afterwards, so those files are read again,
//! one at a time; only an archive is passed through the reader again
//! ([`paradup::document_bytes`]), for its entries' bytes. Each
//! file's length and xxh3 hash are remembered from the first read: a file
//! that changed in between is refused, since its spans would point at the
//! wrong bytes.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use paradup::document_bytes;
use paradup::render::{self, Shown};
use paradup::{AddedFile, DocumentBytes, ExtractedTexts, Options, Report};
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

impl std::fmt::Display for Unread {
    /// The reason, as the report's skipped list gives it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unread::Failed(reason) | Unread::NotRegular(reason) => f.write_str(reason),
        }
    }
}

/// An input's bytes, and whether it is a regular file (which can be read
/// again later).
pub struct Loaded {
    pub bytes: Vec<u8>,
    pub regular: bool,
}

impl AsRef<[u8]> for Loaded {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

/// Inputs that can be read only once (pipes, stdin) already read before
/// the analysis (to look up their values in a saved reference index):
/// their reads, per path in the order made, handed to the analysis in
/// place of reading again.
#[derive(Default)]
pub struct Preloaded(
    std::sync::Mutex<HashMap<std::path::PathBuf, std::collections::VecDeque<ReadInput>>>,
);

/// What [`read_input`] gives.
pub type ReadInput = Result<(Vec<u8>, bool), Unread>;

impl Preloaded {
    /// Keeps `read`, the next read of `path`.
    pub fn keep(&self, path: &Path, read: ReadInput) {
        if let Ok(mut m) = self.0.lock() {
            m.entry(path.to_path_buf()).or_default().push_back(read);
        }
    }

    /// The next read kept of `path`, if any (taken: a later read of the
    /// same pipe is made again, as without any kept).
    fn take(&self, path: &Path) -> Option<ReadInput> {
        self.0.lock().ok()?.get_mut(path)?.pop_front()
    }
}

/// The inputs found, as the analyzer loads them ([`read_input`]).
pub struct Inputs<'a> {
    found: &'a [Found],
    max: u64,
    preloaded: Option<&'a Preloaded>,
}

impl<'a> Inputs<'a> {
    /// The inputs `found`, each read within `max` bytes.
    pub fn new(found: &'a [Found], max: u64) -> Self {
        Inputs {
            found,
            max,
            preloaded: None,
        }
    }

    /// The same, taking the reads kept in `preloaded` first.
    pub fn with_preloaded(self, preloaded: &'a Preloaded) -> Self {
        Inputs {
            preloaded: Some(preloaded),
            ..self
        }
    }
}

impl paradup::FileSource for Inputs<'_> {
    type Bytes = Loaded;
    type Error = Unread;

    fn files(&self) -> usize {
        self.found.len()
    }

    fn name(&self, i: usize) -> &str {
        &self.found[i].name
    }

    /// A regular file's size (0 past the bound, since it is not read),
    /// else 0.
    fn expected_size(&self, i: usize) -> u64 {
        match fs::metadata(&self.found[i].path) {
            Ok(m) if m.is_file() && m.len() <= self.max => m.len(),
            _ => 0,
        }
    }

    fn load(&self, i: usize) -> Result<Loaded, Unread> {
        let f = &self.found[i];
        self.preloaded
            .and_then(|p| p.take(&f.path))
            .unwrap_or_else(|| read_input(f, self.max))
            .map(|(bytes, regular)| Loaded { bytes, regular })
    }
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
    /// The report's documents read from it, in order.
    pub documents: Vec<SourceDocument>,
    /// Its bytes, kept only when it is not a regular file (a pipe or a
    /// device cannot be read a second time).
    kept: Option<Vec<u8>>,
}

impl SourceFile {
    /// Remembers a file read as `bytes` that gave the documents of
    /// `added`, without their bytes; the file's bytes are kept unless it is
    /// a `regular` file.
    pub fn new(found: Found, bytes: &[u8], added: AddedFile, regular: bool) -> Self {
        let documents = added
            .documents
            .into_iter()
            .map(|o| SourceDocument {
                index: o.index,
                range: match o.bytes {
                    DocumentBytes::InFile(range) => Some(range),
                    DocumentBytes::Own(_) => None,
                },
                texts: o.texts,
            })
            .collect();
        SourceFile {
            found,
            fingerprint: Fingerprint::of(bytes),
            documents,
            kept: (!regular).then(|| bytes.to_vec()),
        }
    }

    /// Where document `index` of the report is among this file's documents.
    pub fn position(&self, index: usize) -> Option<usize> {
        self.documents
            .binary_search_by_key(&index, |d| d.index)
            .ok()
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

    /// The bytes each of the file's documents points into, given the
    /// file's `bytes` (see [`SourceFile::reread`]): a range of them, or for
    /// archive entries (whose bytes were not kept) the entry's bytes, read
    /// again as the analysis read them. An error if an archive does not
    /// give the documents the report has.
    pub fn sources<'a>(
        &self,
        report: &Report,
        bytes: &'a [u8],
        options: &Options,
    ) -> Result<Vec<Cow<'a, [u8]>>, String> {
        if self.documents.iter().all(|d| d.range.is_some()) {
            return Ok(self
                .documents
                .iter()
                .map(|d| {
                    let range = d.range.clone().unwrap_or_default();
                    Cow::Borrowed(bytes.get(range).unwrap_or_default())
                })
                .collect());
        }
        let found = document_bytes(&self.found.name, bytes, options);
        let names_match = found.len() == self.documents.len()
            && found.iter().zip(&self.documents).all(|((name, _), d)| {
                report
                    .documents
                    .get(d.index)
                    .is_some_and(|doc| &doc.name == name)
            });
        if !names_match {
            return Err(format!(
                "{} reads differently than when it was analyzed; run paradup again",
                self.found.name
            ));
        }
        Ok(found
            .into_iter()
            .map(|(_, b)| match b {
                DocumentBytes::Own(own) => Cow::Owned(own),
                DocumentBytes::InFile(range) => Cow::Borrowed(bytes.get(range).unwrap_or_default()),
            })
            .collect())
    }
}

/// A document of an analyzed file, without its bytes.
#[derive(Debug)]
pub struct SourceDocument {
    /// Its index in the report.
    pub index: usize,
    /// The range of the file its spans point into; `None` for an archive
    /// entry, whose bytes are its own (and not kept).
    pub range: Option<Range<usize>>,
    /// The texts its reader extracted, when kept (HTML, .docx and records,
    /// for text output).
    pub texts: Option<ExtractedTexts>,
}

impl SourceDocument {
    /// Whether it is an archive entry.
    pub fn is_entry(&self) -> bool {
        self.range.is_none()
    }
}

/// The text of everything the text output shows ([`render::shown`]): each
/// paragraph's by [`paradup::paragraph_text`], each passage side's by
/// [`render::passage_text`]. The texts readers extracted were kept by the
/// analysis; texts that are spans are read again from the files that hold
/// them, one file at a time. `files` are the analyzed files in input order
/// and `owners` the `(first document, file)` of every file that gave
/// documents, in order.
pub fn shown_texts(
    report: &Report,
    files: &[SourceFile],
    owners: &[(usize, usize)],
    options: &Options,
) -> Result<HashMap<Shown, String>, String> {
    const NO_FILE: &str = "a paragraph or passage of the report belongs to no file";
    // The shown texts of each file, by document.
    let mut wanted: BTreeMap<usize, BTreeMap<usize, Vec<Shown>>> = BTreeMap::new();
    for shown in render::shown(report) {
        let doc = shown.doc(report).ok_or(NO_FILE)? as usize;
        let owner = owners.partition_point(|&(first, _)| first <= doc);
        let file = owner.checked_sub(1).map(|o| owners[o].1).ok_or(NO_FILE)?;
        wanted
            .entry(file)
            .or_default()
            .entry(doc)
            .or_default()
            .push(shown);
    }
    let mut texts = HashMap::new();
    for (file, docs) in wanted {
        let file = files.get(file).ok_or(NO_FILE)?;
        // Only spans need the file's bytes; extracted texts were kept.
        let spans = docs.keys().any(|&doc| {
            report
                .documents
                .get(doc)
                .is_some_and(|d| d.format.spans_hold_text())
        });
        let bytes = if spans {
            file.reread()?
        } else {
            Cow::Borrowed(&[][..])
        };
        let sources = if spans {
            file.sources(report, &bytes, options)?
        } else {
            Vec::new()
        };
        for (doc, shown) in docs {
            let (Some(position), Some(document)) = (file.position(doc), report.documents.get(doc))
            else {
                return Err(NO_FILE.into());
            };
            let source = sources.get(position).map_or(&[][..], |s| &s[..]);
            let kept = file.documents[position].texts.as_ref();
            for s in shown {
                let text = match s {
                    Shown::Paragraph(l) => {
                        paradup::paragraph_text(document, source, kept, l.para as usize)
                    }
                    Shown::Passage { index, side } => report
                        .passages
                        .get(index)
                        .and_then(|p| render::passage_text(document, source, kept, side.of(p))),
                };
                texts.insert(s, text.unwrap_or_default());
            }
        }
    }
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::super::format_fixtures::zip_of;
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
            AddedFile::default(),
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
        let file = SourceFile::new(found.clone(), &bytes, AddedFile::default(), regular);
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

    /// A plain file's documents are ranges of it; an archive's entries,
    /// whose bytes are not kept, are found again by name, and an archive
    /// that no longer gives the report's documents is refused.
    #[test]
    fn sources_are_ranges_of_the_file_or_entries_read_again() {
        let options = Options::default();
        let entry: &[u8] = b"The pier will be rebuilt this winter, the council said.\n";
        let archive = zip_of(&[("a.txt", entry), ("b.html", b"<p>The quay too.</p>")]);
        let plain: &[u8] = b"A plain file of one paragraph.\n";
        let mut a = paradup::Analyzer::new(options.clone()).unwrap();
        let found = |name: &str| Found {
            path: PathBuf::from(name),
            name: name.to_owned(),
            relative: PathBuf::from(name),
            from_folder: false,
        };
        let added = a.add_file_keeping("pack.zip", &archive, paradup::KeepTexts::Never);
        let zipped = SourceFile::new(found("pack.zip"), &archive, added, true);
        let added = a.add_file_keeping("plain.txt", plain, paradup::KeepTexts::Never);
        let file = SourceFile::new(found("plain.txt"), plain, added, true);
        let mut report = a.finish().unwrap();
        assert!(zipped.documents.iter().all(SourceDocument::is_entry));
        assert!(zipped.documents.iter().all(|d| d.texts.is_none()));
        let got = zipped.sources(&report, &archive, &options).unwrap();
        assert_eq!(got[0], entry);
        assert_eq!(got[1], &b"<p>The quay too.</p>"[..]);
        assert_eq!(file.position(2), Some(0));
        let got = file.sources(&report, plain, &options).unwrap();
        assert!(matches!(got[0], Cow::Borrowed(b) if b == plain));
        report.documents[1].name = "pack.zip/renamed.html".into();
        let err = zipped.sources(&report, &archive, &options).unwrap_err();
        assert_eq!(
            err,
            "pack.zip reads differently than when it was analyzed; run paradup again"
        );
    }
}
