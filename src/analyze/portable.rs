//! A prepared file ([`super::prepare`]) as bytes, so it can be prepared in
//! one WebAssembly instance (a page's helper worker) and added in another
//! (the worker that merges and matches): flat little-endian arrays behind
//! a magic number, a version and the options that decide how documents
//! are prepared. Reading checks every length, range, tag and string, so
//! bad bytes give an error, never a panic, and an analyzer is only
//! touched once the whole file has been read.
//!
//! The layout, after the header (`PARADUP\0`, version `u32`, then
//! segmentation `u8`, `min_words` and `shingle_words` `u64`,
//! `skip_datelines` and `passages` `u8`): a `u32` count of items, each a
//! `u8` tag — a skipped input (name, reason) or a document: its report
//! (name, size, encoding, format, warnings) and prepared paragraphs (six
//! `u64` each: span, line, words and the two halves of the key; a flag
//! each; the shingle and fingerprint ends; the two `u32` lists), where its
//! bytes are (a range of the file or bytes of its own), the extracted
//! texts kept, and what the passages' collector needs. Strings are a
//! `u32` length and UTF-8; arrays a `u32` count and their elements.

use std::fmt;

use super::intern::{Prepared, Preparer};
use super::origin::{DocumentBytes, ExtractedTexts};
use super::prepare::{collect, prepare_file, PassageInput, PassageText, PreparedDoc, PreparedItem};
use super::{AddedFile, Analyzer, KeepTexts};
use crate::decode::{Charset, Encoding, OffsetMap};
use crate::options::Options;
use crate::read::ExtractedParagraph;
use crate::report::{Paragraph, Skipped, SourceFormat};
use crate::segment::Segmentation;

const MAGIC: &[u8; 8] = b"PARADUP\0";
/// Bumped whenever the layout changes: a page never mixes workers of two
/// builds, but a stale buffer must be refused, not misread.
const VERSION: u32 = 1;

/// Why bytes are not a prepared file this build can add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PortableError(String);

impl fmt::Display for PortableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a prepared file could not be read: {}", self.0)
    }
}

// Static messages only: each `format!` costs the .wasm, which has little
// room left.
#[cold]
fn error(what: &'static str) -> PortableError {
    PortableError(what.to_owned())
}

fn bad<T>(what: &'static str) -> Result<T, PortableError> {
    Err(error(what))
}

/// Reads and prepares file `name` (its bytes `file`) as
/// [`Analyzer::add_file`] does with `KeepTexts::Extracted`, in the
/// portable form.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn prepare_portable(options: &Options, name: &str, file: &[u8]) -> Vec<u8> {
    let mut preparer = Preparer::new(options);
    let items = prepare_file(&mut preparer, options, name, file, KeepTexts::Extracted);
    encode(options, &items)
}

/// Adds a file prepared elsewhere ([`prepare_portable`], same options) to
/// `analyzer`, in order, as adding `file` itself would: the report and
/// what adding it produced are the same. Fails, adding nothing, if
/// `portable` is not a valid prepared file for these options and bytes.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn add_portable(
    analyzer: &mut Analyzer,
    file: &[u8],
    portable: &[u8],
) -> Result<AddedFile, PortableError> {
    if analyzer.kept.is_none() && !analyzer.templates.is_empty() {
        // Only a re-matchable analysis matches templates after the fact.
        return bad("templates need an analyzer made with Analyzer::keeping");
    }
    let items = decode(analyzer.options(), portable)?;
    for item in &items {
        if let PreparedItem::Doc(d) = item {
            if let DocumentBytes::InFile(r) = &d.bytes {
                if r.start > r.end || r.end > file.len() {
                    return bad("a document's range lies outside its file");
                }
            }
        }
    }
    let (added, inputs) = analyzer.add_prepared(items);
    for input in inputs {
        collect(&mut analyzer.passages, file, input);
    }
    Ok(added)
}

/// The options that decide how a document is prepared, as they are
/// written.
fn preparation(options: &Options) -> (u8, u64, u64, u8, u8) {
    let segmentation = match options.segmentation {
        Segmentation::Auto => 0,
        Segmentation::Blank => 1,
        Segmentation::Line => 2,
    };
    (
        segmentation,
        options.min_words as u64,
        options.shingle_words as u64,
        u8::from(options.skip_datelines),
        u8::from(options.passages),
    )
}

/// The portable form of a prepared file's items.
pub(super) fn encode(options: &Options, items: &[PreparedItem]) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.0.extend_from_slice(MAGIC);
    w.u32(VERSION);
    let (seg, min, shingle, dates, passages) = preparation(options);
    w.u8(seg);
    w.u64(min);
    w.u64(shingle);
    w.u8(dates);
    w.u8(passages);
    w.len(items.len());
    for item in items {
        match item {
            PreparedItem::Skipped(s) => {
                w.u8(0);
                w.str(&s.name);
                w.str(&s.reason);
            }
            PreparedItem::Doc(d) => {
                w.u8(1);
                w.doc(d);
            }
        }
    }
    w.0
}

/// The items of a portable prepared file, checked; prepared with
/// `options`' preparation.
pub(super) fn decode(options: &Options, bytes: &[u8]) -> Result<Vec<PreparedItem>, PortableError> {
    let mut r = Reader(bytes);
    if r.take(MAGIC.len())? != MAGIC {
        return bad("not a prepared file");
    }
    let version = r.u32()?;
    if version != VERSION {
        return bad("it was written by another version of paradup");
    }
    let written = (r.u8()?, r.u64()?, r.u64()?, r.u8()?, r.u8()?);
    if written != preparation(options) {
        return bad("it was prepared with other options");
    }
    let n = r.count(2)?;
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        items.push(match r.u8()? {
            0 => PreparedItem::Skipped(Skipped {
                name: r.string()?,
                reason: r.string()?,
            }),
            1 => PreparedItem::Doc(Box::new(r.doc()?)),
            _ => return bad("an unknown tag"),
        });
    }
    if !r.0.is_empty() {
        return bad("bytes after the end");
    }
    Ok(items)
}

struct Writer(Vec<u8>);

// The helpers take slices, not iterators: one copy of each in the .wasm.
impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A count; nothing the page prepares comes near 2^32 items.
    fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        self.0.reserve(4 * v.len());
        for &x in v {
            self.u32(x);
        }
    }
    fn u64s(&mut self, v: &[u64]) {
        self.len(v.len());
        self.0.reserve(8 * v.len());
        for &x in v {
            self.u64(x);
        }
    }

    fn doc(&mut self, d: &PreparedDoc) {
        let r = &d.report;
        self.str(&r.name);
        self.u64(r.bytes);
        match r.encoding {
            Encoding::Utf8 => self.u8(0),
            Encoding::Utf16Le => self.u8(1),
            Encoding::Utf16Be => self.u8(2),
            Encoding::Windows1252 => self.u8(3),
            Encoding::Utf8WithWindows1252 => self.u8(4),
            Encoding::Declared(c) => {
                self.u8(5);
                self.str(c.0.name());
            }
        }
        self.u8(match r.format {
            SourceFormat::Text => 0,
            SourceFormat::Markdown => 1,
            SourceFormat::Html => 2,
            SourceFormat::Docx => 3,
            SourceFormat::Jsonl => 4,
            SourceFormat::Csv => 5,
        });
        self.len(r.warnings.len());
        for w in &r.warnings {
            self.str(w);
        }
        // Per paragraph: start, end, line, words, the key's two halves,
        // then the compared flags, and the shingle and fingerprint ends.
        let mut wide = Vec::with_capacity(6 * r.paragraphs.len());
        for (p, q) in r.paragraphs.iter().zip(&d.prepared.paragraphs) {
            wide.extend([
                p.start,
                p.end,
                p.line,
                p.words,
                q.0 as u64,
                (q.0 >> 64) as u64,
            ]);
        }
        self.u64s(&wide);
        let pp = &d.prepared.paragraphs;
        self.bytes(&pp.iter().map(|p| u8::from(p.1)).collect::<Vec<u8>>());
        let ends: Vec<u32> = pp.iter().flat_map(|p| [p.2 as u32, p.3 as u32]).collect();
        self.u32s(&ends);
        self.u32s(&d.prepared.shingles);
        self.u32s(&d.prepared.fps);
        match &d.bytes {
            DocumentBytes::InFile(range) => {
                self.u8(0);
                self.u64s(&[range.start as u64, range.end as u64]);
            }
            DocumentBytes::Own(b) => {
                self.u8(1);
                self.bytes(b);
            }
        }
        match &d.texts {
            None => self.u8(0),
            Some(t) => {
                self.u8(1);
                let (joined, ends) = t.parts();
                self.str(joined);
                self.u64s(&ends.iter().map(|&e| e as u64).collect::<Vec<u64>>());
            }
        }
        match &d.passages {
            PassageInput::Off => self.u8(0),
            PassageInput::Plain { text, offsets } => {
                self.u8(1);
                match text {
                    PassageText::File => self.u8(0),
                    PassageText::Own(s) => {
                        self.u8(1);
                        self.str(s);
                    }
                }
                match offsets {
                    None => self.u8(0),
                    Some(o) => {
                        self.u8(1);
                        let c: Vec<u64> = o
                            .checkpoints()
                            .iter()
                            .flat_map(|p| [p.0 as u64, p.1 as u64])
                            .collect();
                        self.u64s(&c);
                    }
                }
            }
            PassageInput::Extracted { paragraphs, exact } => {
                self.u8(2);
                self.u8(u8::from(*exact));
                let spans: Vec<u64> = paragraphs
                    .iter()
                    .flat_map(|p| [p.start, p.end, p.line])
                    .collect();
                self.u64s(&spans);
                for p in paragraphs {
                    self.str(&p.text);
                }
            }
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], PortableError> {
        if n > self.0.len() {
            return bad("it ends too early");
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, PortableError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, PortableError> {
        let mut b = [0; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> Result<u64, PortableError> {
        let mut b = [0; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
    fn flag(&mut self) -> Result<bool, PortableError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => bad("an unknown flag"),
        }
    }
    /// A count of elements of at least `size` bytes each: never more than
    /// what is left could hold, so a bad count allocates nothing large.
    fn count(&mut self, size: usize) -> Result<usize, PortableError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(size) > self.0.len() {
            return bad("a count larger than what follows");
        }
        Ok(n)
    }
    fn bytes(&mut self) -> Result<&'a [u8], PortableError> {
        let n = self.count(1)?;
        self.take(n)
    }
    fn string(&mut self) -> Result<String, PortableError> {
        match std::str::from_utf8(self.bytes()?) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => bad("a string that is not UTF-8"),
        }
    }
    fn u32s(&mut self) -> Result<Vec<u32>, PortableError> {
        let n = self.count(4)?;
        Ok(self
            .take(4 * n)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    /// A list of `u64`, whose length is `per` times a whole number.
    fn u64s(&mut self, per: usize) -> Result<Vec<u64>, PortableError> {
        let n = self.count(8)?;
        if n % per != 0 {
            return bad("a list of the wrong length");
        }
        let mut v = Vec::with_capacity(n);
        for c in self.take(8 * n)?.chunks_exact(8) {
            let mut b = [0; 8];
            b.copy_from_slice(c);
            v.push(u64::from_le_bytes(b));
        }
        Ok(v)
    }

    fn doc(&mut self) -> Result<PreparedDoc, PortableError> {
        let name = self.string()?;
        let size = self.u64()?;
        let encoding = match self.u8()? {
            0 => Encoding::Utf8,
            1 => Encoding::Utf16Le,
            2 => Encoding::Utf16Be,
            3 => Encoding::Windows1252,
            4 => Encoding::Utf8WithWindows1252,
            5 => {
                let label = self.string()?;
                match encoding_rs::Encoding::for_label(label.as_bytes()) {
                    Some(e) => Encoding::Declared(Charset(e)),
                    None => return bad("an unknown encoding"),
                }
            }
            _ => return bad("an unknown tag"),
        };
        let format = match self.u8()? {
            0 => SourceFormat::Text,
            1 => SourceFormat::Markdown,
            2 => SourceFormat::Html,
            3 => SourceFormat::Docx,
            4 => SourceFormat::Jsonl,
            5 => SourceFormat::Csv,
            _ => return bad("an unknown tag"),
        };
        let mut warnings = Vec::new();
        for _ in 0..self.count(4)? {
            warnings.push(self.string()?);
        }
        let wide = self.u64s(6)?;
        let n = wide.len() / 6;
        let compared = self.bytes()?;
        let ends = self.u32s()?;
        let (shingles, fps) = (self.u32s()?, self.u32s()?);
        if compared.len() != n || ends.len() != 2 * n {
            return bad("lists of one document differ in length");
        }
        let mut paragraphs = Vec::with_capacity(n);
        let mut prepared = Prepared {
            paragraphs: Vec::with_capacity(n),
            shingles,
            fps,
        };
        let (mut sh_last, mut fp_last) = (0, 0);
        for (i, w) in wide.chunks_exact(6).enumerate() {
            let (sh, fp) = (ends[2 * i] as usize, ends[2 * i + 1] as usize);
            // Spans are ordered; the ends go up and stay within their
            // lists: each paragraph's shingles and fingerprints are a
            // slice of them.
            if w[0] > w[1] || sh < sh_last || fp < fp_last || compared[i] > 1 {
                return bad("a paragraph out of order");
            }
            (sh_last, fp_last) = (sh, fp);
            paragraphs.push(Paragraph {
                start: w[0],
                end: w[1],
                line: w[2],
                words: w[3],
            });
            let key = u128::from(w[4]) | (u128::from(w[5]) << 64);
            prepared.paragraphs.push((key, compared[i] == 1, sh, fp));
        }
        if sh_last > prepared.shingles.len() || fp_last > prepared.fps.len() {
            return bad("a paragraph's shingles lie past their list");
        }
        let bytes = match self.u8()? {
            0 => match usizes(self.u64s(2)?)?[..] {
                [start, end] if start <= end => DocumentBytes::InFile(start..end),
                _ => return bad("a document's range out of order"),
            },
            1 => DocumentBytes::Own(self.bytes()?.to_vec()),
            _ => return bad("an unknown tag"),
        };
        let texts = match self.flag()? {
            false => None,
            true => {
                let joined = self.string()?;
                let ends = usizes(self.u64s(1)?)?;
                match ExtractedTexts::from_parts(joined, ends) {
                    Some(t) => Some(t),
                    None => return bad("extracted texts end out of order"),
                }
            }
        };
        let passages = match self.u8()? {
            0 => PassageInput::Off,
            1 => {
                let text = match self.flag()? {
                    false => PassageText::File,
                    true => PassageText::Own(self.string()?),
                };
                let offsets = match self.flag()? {
                    false => None,
                    true => {
                        let flat = usizes(self.u64s(2)?)?;
                        let points = flat.chunks_exact(2).map(|c| (c[0], c[1])).collect();
                        match OffsetMap::from_checkpoints(points) {
                            Some(m) => Some(m),
                            None => return bad("an offset map out of order"),
                        }
                    }
                };
                PassageInput::Plain { text, offsets }
            }
            2 => {
                let exact = self.flag()?;
                let spans = self.u64s(3)?;
                let mut paragraphs = Vec::with_capacity(spans.len() / 3);
                for w in spans.chunks_exact(3) {
                    if w[0] > w[1] {
                        return bad("a paragraph out of order");
                    }
                    paragraphs.push(ExtractedParagraph {
                        start: w[0],
                        end: w[1],
                        line: w[2],
                        text: self.string()?,
                    });
                }
                PassageInput::Extracted { paragraphs, exact }
            }
            _ => return bad("an unknown tag"),
        };
        let mut report = super::new_document(&name, size, encoding, format, warnings);
        report.paragraphs = paragraphs;
        Ok(PreparedDoc {
            report,
            prepared,
            bytes,
            texts,
            passages,
        })
    }
}

/// Offsets as this machine's.
fn usizes(v: Vec<u64>) -> Result<Vec<usize>, PortableError> {
    v.into_iter()
        .map(|x| usize::try_from(x).map_err(|_| error("an offset too large for this machine")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Role;
    use crate::tests::format_fixtures as fx;

    /// Files of every format, sharing paragraphs: UTF-8, UTF-16 and
    /// Windows-1252 text, Markdown, HTML, records, a zip with a skipped
    /// entry, and a binary file.
    fn files() -> Vec<(String, Vec<u8>)> {
        let story = |i: usize| {
            format!(
                "Story {i} opens with a paragraph of its own about harbour number {i} and its boats.\n\n\
                 The ferry to the northern islands left an hour late because of the thick fog.\n\n\
                 Share this article with friends\n\n\
                 A closing paragraph about the weather that {} repeats itself.\n",
                "again ".repeat(i % 4)
            )
        };
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(fx::story_txt().encode_utf16().flat_map(u16::to_le_bytes));
        let (jsonl, csv) = fx::records();
        let mut out: Vec<(String, Vec<u8>)> = (0..6)
            .map(|i| (format!("s{i}.txt"), story(i).into_bytes()))
            .collect();
        out.extend([
            ("story.md".to_owned(), fx::story_txt().into_bytes()),
            ("utf16.txt".to_owned(), utf16),
            ("cp1252.txt".to_owned(), b"Caf\xe9 owners on the quay asked the council for longer opening hours.\n\n\x93The ferry to the northern islands left an hour late because of the thick fog.\x94\n".to_vec()),
            ("page.html".to_owned(), fx::page_html().0),
            ("records.jsonl".to_owned(), jsonl.into_bytes()),
            ("records.csv".to_owned(), csv.into_bytes()),
            ("pack.zip".to_owned(), fx::zip_of(&[
                ("in/story.txt", fx::story_txt().as_bytes()),
                ("in/picture.png", b"\x89PNG\r\n\x1a\n not text"),
            ])),
            ("blob.bin".to_owned(), vec![0u8, 1, 2, 0, 0, 7, 0]),
        ]);
        out
    }

    /// The report of `files` (after `references`, with `templates`),
    /// each file added directly or through the portable form; and what
    /// adding each file produced.
    fn report(
        options: &Options,
        keeping: bool,
        portable: bool,
        templates: &[(String, Vec<u8>)],
        references: &[(String, Vec<u8>)],
    ) -> (crate::Report, Vec<AddedFile>) {
        let mut a = match keeping {
            true => Analyzer::keeping(options.clone()).unwrap(),
            false => Analyzer::new(options.clone()).unwrap(),
        };
        for (name, bytes) in templates {
            a.add_template(name, bytes).unwrap();
        }
        let mut added = Vec::new();
        let add = |a: &mut Analyzer, name: &str, bytes: &[u8]| match portable {
            true => {
                let p = prepare_portable(options, name, bytes);
                add_portable(a, bytes, &p).unwrap()
            }
            false => a.add_file(name, bytes),
        };
        if !references.is_empty() {
            a.set_role(Role::Reference).unwrap();
            for (name, bytes) in references {
                added.push(add(&mut a, name, bytes));
            }
            a.set_role(Role::New).unwrap();
        }
        for (name, bytes) in files() {
            added.push(add(&mut a, &name, &bytes));
        }
        (a.finish().unwrap(), added)
    }

    #[test]
    fn a_report_through_the_portable_form_is_the_direct_one() {
        let template = vec![(
            "footer.txt".to_owned(),
            b"Share this article with friends\n".to_vec(),
        )];
        let reference = vec![("ref.txt".to_owned(), fx::story_txt().into_bytes())];
        for passages in [true, false] {
            let options = Options {
                passages,
                ..Options::default()
            };
            for keeping in [true, false] {
                let direct = report(&options, keeping, false, &[], &[]);
                let through = report(&options, keeping, true, &[], &[]);
                assert!(direct == through, "passages {passages}, keeping {keeping}");
                assert!(direct.0.pairs.len() > 3, "{:?}", direct.0.pairs);
                assert!(!direct.0.skipped.is_empty());
                assert_eq!(direct.0.passages.is_empty(), !passages);
                // Against a reference.
                let direct = report(&options, keeping, false, &[], &reference);
                let through = report(&options, keeping, true, &[], &reference);
                assert!(direct == through, "reference, passages {passages}");
                assert!(direct.0.documents[0].role == Some(Role::Reference));
            }
            // Templates: matched after the fact by a re-matchable analysis.
            let direct = report(&options, true, false, &template, &[]);
            let through = report(&options, true, true, &template, &[]);
            assert!(direct == through, "templates, passages {passages}");
            assert!(!direct.0.ignored.is_empty());
        }
    }

    #[test]
    fn templates_without_a_keeping_analyzer_are_refused() {
        let mut a = Analyzer::new(Options::default()).unwrap();
        a.add_template("t.txt", b"Share this article with friends\n")
            .unwrap();
        let p = prepare_portable(&Options::default(), "a.txt", b"Some words here.\n");
        let e = add_portable(&mut a, b"Some words here.\n", &p).unwrap_err();
        assert!(e.to_string().contains("keeping"), "{e}");
        assert_eq!(a.documents(), 0);
    }

    #[test]
    fn the_portable_form_round_trips() {
        let options = Options::default();
        for (name, bytes) in files() {
            let p = prepare_portable(&options, &name, &bytes);
            let items = decode(&options, &p).unwrap();
            assert_eq!(encode(&options, &items), p, "{name}");
        }
    }

    #[test]
    fn other_options_or_another_version_are_refused() {
        let p = prepare_portable(&Options::default(), "a.txt", b"One two three four five.\n");
        let other = Options {
            min_words: 3,
            ..Options::default()
        };
        let e = decode(&other, &p).err().unwrap();
        assert!(e.to_string().contains("other options"), "{e}");
        let mut v2 = p.clone();
        v2[8] = 2;
        let e = decode(&Options::default(), &v2).err().unwrap();
        assert!(e.to_string().contains("another version"), "{e}");
        assert!(decode(&Options::default(), b"not at all").is_err());
    }

    #[test]
    fn bad_bytes_give_an_error_never_a_panic() {
        let options = Options::default();
        for (name, bytes) in files() {
            let p = prepare_portable(&options, &name, &bytes);
            // Every truncation fails.
            for cut in 0..p.len() {
                assert!(decode(&options, &p[..cut]).is_err(), "{name} cut at {cut}");
            }
            // Trailing bytes fail.
            let mut longer = p.clone();
            longer.push(0);
            assert!(decode(&options, &longer).is_err());
            // Any byte changed: an error, or a file that adds and
            // analyzes without a panic.
            for at in 0..p.len() {
                for flip in [0x01u8, 0x80, 0xFF] {
                    let mut q = p.clone();
                    q[at] ^= flip;
                    let mut a = Analyzer::keeping(options.clone()).unwrap();
                    if add_portable(&mut a, &bytes, &q).is_ok() && at % 7 == 0 {
                        a.finish().unwrap();
                    }
                }
            }
        }
    }
}
