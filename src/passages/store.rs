//! Where each document's tokens are kept: in memory up to a budget, and
//! past it (with a temporary folder, CLI only) in a temporary file, read
//! back one document at a time when the pair search and the alignment
//! need it. Tokens are the bulk of what passages keep (12 bytes a word,
//! 8 a line), so a corpus larger than memory can still be aligned; what is
//! read back is what was written, so the report does not change.

use std::io;
use std::ops::Deref;

#[cfg(not(target_arch = "wasm32"))]
use super::tokens::Token;
use super::tokens::{DocTokens, Lines};
use crate::spill::{Blobs, Temp};

/// Bytes a token takes, in memory and on disk.
const TOKEN_BYTES: usize = 12;
/// Bytes a line start takes.
const LINE_BYTES: usize = 8;

/// One document's tokens: in memory, or written at `at` in the file.
#[derive(Debug)]
enum Slot {
    Memory(DocTokens),
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Disk {
        at: u64,
        tokens: usize,
        /// Line starts, or `None` for [`Lines::Paragraphs`].
        lines: Option<usize>,
    },
}

/// Every document's tokens, in input order.
#[derive(Debug, Default)]
pub(super) struct Store {
    slots: Vec<Slot>,
    /// No slot before this one is in memory.
    from: usize,
    /// Bytes of the tokens in memory, and the most kept there when
    /// `temp` is set.
    held: usize,
    cap: usize,
    blobs: Option<Blobs>,
    temp: Temp,
    /// The first trouble writing the file (reported by [`Store::check`]);
    /// after it everything stays in memory.
    failure: Option<io::Error>,
}

/// Bytes of `d` as kept.
pub(super) fn weight(d: &DocTokens) -> usize {
    let lines = match &d.lines {
        Lines::Starts(s) => s.len(),
        Lines::Paragraphs => 0,
    };
    d.tokens.len() * TOKEN_BYTES + lines * LINE_BYTES
}

/// A document's tokens as read: borrowed from memory or read from disk.
pub(super) enum Doc<'s> {
    Kept(&'s DocTokens),
    Read(DocTokens),
}

impl Deref for Doc<'_> {
    type Target = DocTokens;

    fn deref(&self) -> &DocTokens {
        match self {
            Doc::Kept(d) => d,
            Doc::Read(d) => d,
        }
    }
}

impl Doc<'_> {
    /// Bytes this read holds of its own (nothing when borrowed).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(super) fn owned(&self) -> usize {
        match self {
            Doc::Kept(_) => 0,
            Doc::Read(d) => weight(d),
        }
    }
}

impl Store {
    /// A store keeping up to `cap` bytes of tokens in memory when `temp`
    /// is set, everything otherwise.
    pub(super) fn new(cap: usize, temp: Temp) -> Store {
        Store {
            cap,
            temp,
            ..Store::default()
        }
    }

    /// Number of documents.
    pub(super) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether some document's tokens are on disk.
    pub(super) fn spilled(&self) -> bool {
        self.blobs.is_some()
    }

    /// Adds the next document's tokens, first writing those in memory to
    /// the file if they would pass the budget.
    pub(super) fn push(&mut self, doc: DocTokens) {
        let w = weight(&doc);
        if self.temp.is_some()
            && self.failure.is_none()
            && self.held > 0
            && self.held.saturating_add(w) > self.cap
        {
            if let Err(e) = self.spill() {
                self.failure = Some(e);
            }
        }
        self.held += w;
        self.slots.push(Slot::Memory(doc));
    }

    /// Forgets document `d` (later ones move down).
    pub(super) fn remove(&mut self, d: usize) {
        if d >= self.slots.len() {
            return;
        }
        if let Slot::Memory(doc) = self.slots.remove(d) {
            self.held -= weight(&doc);
        }
        self.from = self.from.min(d);
    }

    /// Fails with the first trouble writing the file.
    pub(super) fn check(&self) -> io::Result<()> {
        match &self.failure {
            Some(e) => Err(io::Error::new(e.kind(), e.to_string())),
            None => Ok(()),
        }
    }

    /// Writes every document in memory to the file.
    #[cfg(not(target_arch = "wasm32"))]
    fn spill(&mut self) -> io::Result<()> {
        let Some(temp) = &self.temp else {
            return Ok(());
        };
        if self.blobs.is_none() {
            self.blobs = Some(Blobs::create(temp, "passage-tokens")?);
        }
        let Some(blobs) = self.blobs.as_mut() else {
            return Ok(());
        };
        let mut w = blobs.writer();
        let mut written = Vec::new();
        let mut bytes = Vec::new();
        for (d, slot) in self.slots.iter().enumerate().skip(self.from) {
            let Slot::Memory(doc) = slot else { continue };
            bytes.clear();
            encode(doc, &mut bytes);
            let lines = match &doc.lines {
                Lines::Starts(s) => Some(s.len()),
                Lines::Paragraphs => None,
            };
            written.push((
                d,
                Slot::Disk {
                    at: w.at(),
                    tokens: doc.tokens.len(),
                    lines,
                },
            ));
            w.write(&bytes)?;
        }
        w.finish()?;
        // Only once all is written: a failure leaves everything in memory.
        for (d, slot) in written {
            self.slots[d] = slot;
        }
        self.held = 0;
        self.from = self.slots.len();
        Ok(())
    }

    /// The page never spills (it has no temporary folder): no file code
    /// in the .wasm.
    #[cfg(target_arch = "wasm32")]
    fn spill(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// Document `d`'s tokens, read back if they are on disk.
    pub(super) fn get(&self, d: usize) -> io::Result<Doc<'_>> {
        match &self.slots[d] {
            Slot::Memory(doc) => Ok(Doc::Kept(doc)),
            &Slot::Disk { at, tokens, lines } => self.read(at, tokens, lines).map(Doc::Read),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn read(&self, at: u64, tokens: usize, lines: Option<usize>) -> io::Result<DocTokens> {
        let blobs = self
            .blobs
            .as_ref()
            .ok_or_else(|| io::Error::other("passage token file missing"))?;
        let mut bytes = vec![0u8; tokens * TOKEN_BYTES + lines.unwrap_or(0) * LINE_BYTES];
        blobs.read(at, &mut bytes)?;
        Ok(decode(&bytes, tokens, lines))
    }

    #[cfg(target_arch = "wasm32")]
    fn read(&self, _: u64, _: usize, _: Option<usize>) -> io::Result<DocTokens> {
        Err(io::ErrorKind::Unsupported.into())
    }
}

/// Appends `doc`'s tokens, then its line starts, to `out`.
#[cfg(not(target_arch = "wasm32"))]
fn encode(doc: &DocTokens, out: &mut Vec<u8>) {
    out.reserve(weight(doc));
    for t in &doc.tokens {
        out.extend_from_slice(&t.start.to_le_bytes());
        out.extend_from_slice(&t.word.to_le_bytes());
        out.extend_from_slice(&t.len.to_le_bytes());
        out.extend_from_slice(&t.flags.to_le_bytes());
    }
    if let Lines::Starts(s) = &doc.lines {
        for &(at, line) in s {
            out.extend_from_slice(&at.to_le_bytes());
            out.extend_from_slice(&line.to_le_bytes());
        }
    }
}

/// The document [`encode`] wrote in `bytes`.
#[cfg(not(target_arch = "wasm32"))]
fn decode(bytes: &[u8], tokens: usize, lines: Option<usize>) -> DocTokens {
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
    let (head, tail) = bytes.split_at(tokens * TOKEN_BYTES);
    let tokens: Vec<Token> = head
        .chunks_exact(TOKEN_BYTES)
        .map(|b| Token {
            start: u32_at(b, 0),
            word: u32_at(b, 4),
            len: u16_at(b, 8),
            flags: u16_at(b, 10),
        })
        .collect();
    let lines = match lines {
        Some(_) => Lines::Starts(
            tail.chunks_exact(LINE_BYTES)
                .map(|b| (u32_at(b, 0), u32_at(b, 4)))
                .collect(),
        ),
        None => Lines::Paragraphs,
    };
    DocTokens { tokens, lines }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passages::tokens::Tokenizer;
    use crate::spill::TempDir;

    #[test]
    fn tokens_past_the_budget_are_read_back_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let temp = Some(TempDir::new(dir.path().to_path_buf()).unwrap());
        let mut t = Tokenizer::default();
        let docs: Vec<DocTokens> = (0..40)
            .map(|i| {
                if i % 3 == 0 {
                    t.extracted([(0, 20, 1, "Extracted words here.")].into_iter(), false)
                } else {
                    t.plain(
                        &format!("Document {i}.\nIts second line.\r\nA third."),
                        &|x| x,
                    )
                }
            })
            .collect();
        let mut store = Store::new(300, temp);
        for d in &docs {
            store.push(d.clone());
        }
        assert!(store.spilled());
        assert!(store.held <= 300 + weight(&docs[39]));
        store.remove(5);
        let mut on_disk = 0;
        for (d, want) in docs.iter().enumerate().filter(|(d, _)| *d != 5) {
            let got = store.get(if d > 5 { d - 1 } else { d }).unwrap();
            on_disk += usize::from(matches!(got, Doc::Read(_)));
            assert_eq!(got.tokens, want.tokens);
            match (&got.lines, &want.lines) {
                (Lines::Starts(x), Lines::Starts(y)) => assert_eq!(x, y),
                (Lines::Paragraphs, Lines::Paragraphs) => {}
                _ => panic!("lines differ"),
            }
        }
        assert!(on_disk > 20, "{on_disk}");
        assert!(store.check().is_ok());
        // Without a folder nothing leaves memory.
        let mut kept = Store::new(300, None);
        for d in &docs {
            kept.push(d.clone());
        }
        assert!(!kept.spilled());
    }
}
