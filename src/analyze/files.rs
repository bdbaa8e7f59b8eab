//! Many files added in one call ([`Analyzer::add_files`]): the caller says
//! how to load each file ([`FileSource`]) and hears back, in input order,
//! what each produced and how far the reading is ([`FileEvent`],
//! [`Reading`]), which is what a progress bar draws. The core reads no
//! files itself: loading is the caller's.

use std::fmt;

use super::{AddedFile, Analyzer, KeepTexts};

/// Where [`Analyzer::add_files`] gets its files from. The core does no
/// I/O: a front end implements this over its files on disk, a test over
/// bytes in memory.
pub trait FileSource {
    /// A file's bytes as loaded (`Vec<u8>`, `&[u8]`, or a type that
    /// carries more about the file).
    type Bytes: AsRef<[u8]>;
    /// Why a file could not be loaded; its text is the reason recorded in
    /// the report's `skipped` list.
    type Error: fmt::Display;

    /// Number of files.
    fn files(&self) -> usize;

    /// The name of file `i`, which its documents are named after.
    fn name(&self, i: usize) -> &str;

    /// The bytes file `i` is expected to bring, for the progress
    /// ([`Reading::bytes`]); 0 when unknown (a pipe).
    fn expected_size(&self, i: usize) -> u64 {
        let _ = i;
        0
    }

    /// Loads file `i`.
    fn load(&self, i: usize) -> Result<Self::Bytes, Self::Error>;
}

/// How far [`Analyzer::add_files`] has read. `files_done` and
/// `bytes_done` never decrease; at the end they equal `files` and `bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reading {
    /// Files read and added (or given up) so far.
    pub files_done: u64,
    /// Files to read.
    pub files: u64,
    /// Bytes read so far; a file that could not be loaded counts as the
    /// size it was expected to have.
    pub bytes_done: u64,
    /// `bytes_done` plus the expected size of every file not read yet: the
    /// total, which changes when a file brings more or less than expected.
    pub bytes: u64,
}

impl Reading {
    /// Nothing read yet of `source`'s files.
    fn start(sizes: &[u64]) -> Reading {
        Reading {
            files_done: 0,
            files: sizes.len() as u64,
            bytes_done: 0,
            bytes: sizes.iter().fold(0u64, |a, &s| a.saturating_add(s)),
        }
    }

    /// One more file done, expected to bring `expected` bytes and having
    /// brought `brought`.
    fn file_done(&mut self, expected: u64, brought: u64) {
        self.files_done += 1;
        self.bytes_done = self.bytes_done.saturating_add(brought);
        self.bytes = self
            .bytes
            .saturating_sub(expected)
            .saturating_add(brought)
            .max(self.bytes_done);
    }
}

/// What [`Analyzer::add_files`] reports, on the calling thread and in
/// input order.
pub enum FileEvent<'a, S: FileSource> {
    /// Before the first file is loaded: how much there is to read.
    Start(Reading),
    /// File `index` was loaded and added.
    Added {
        /// Its position in the source.
        index: usize,
        /// Its bytes, as loaded.
        bytes: &'a S::Bytes,
        /// What adding it produced.
        added: AddedFile,
        /// The reading, this file included.
        reading: Reading,
    },
    /// File `index` could not be loaded; the report lists it as skipped,
    /// with the error as the reason.
    Unread {
        /// Its position in the source.
        index: usize,
        /// Why.
        error: S::Error,
        /// The reading, this file included.
        reading: Reading,
    },
}

impl<S: FileSource> FileEvent<'_, S> {
    /// How far the reading is.
    pub fn reading(&self) -> Reading {
        match self {
            FileEvent::Start(r) => *r,
            FileEvent::Added { reading, .. } | FileEvent::Unread { reading, .. } => *reading,
        }
    }
}

impl Analyzer {
    /// Loads every file of `source` and adds it as [`Analyzer::add_file_keeping`]
    /// does, in order, calling `on_event` before the first file and after
    /// each one. A file that cannot be loaded is recorded as skipped. The
    /// report is the same as adding the files one by one.
    pub fn add_files<S: FileSource>(
        &mut self,
        source: &S,
        keep: KeepTexts,
        on_event: &mut dyn FnMut(FileEvent<'_, S>),
    ) {
        let sizes: Vec<u64> = (0..source.files())
            .map(|i| source.expected_size(i))
            .collect();
        let mut reading = Reading::start(&sizes);
        on_event(FileEvent::Start(reading));
        for (index, &expected) in sizes.iter().enumerate() {
            let name = source.name(index);
            match source.load(index) {
                Ok(bytes) => {
                    let added = self.add_file_keeping(name, bytes.as_ref(), keep);
                    reading.file_done(expected, bytes.as_ref().len() as u64);
                    on_event(FileEvent::Added {
                        index,
                        bytes: &bytes,
                        added,
                        reading,
                    });
                }
                Err(error) => {
                    self.skip(name, &error.to_string());
                    reading.file_done(expected, expected);
                    on_event(FileEvent::Unread {
                        index,
                        error,
                        reading,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, Stage};

    /// Files in memory; a file named `missing` cannot be loaded, and each
    /// is expected to be `expected` bytes.
    struct Memory {
        files: Vec<(String, Vec<u8>)>,
        expected: u64,
    }

    impl FileSource for Memory {
        type Bytes = Vec<u8>;
        type Error = String;
        fn files(&self) -> usize {
            self.files.len()
        }
        fn name(&self, i: usize) -> &str {
            &self.files[i].0
        }
        fn expected_size(&self, _: usize) -> u64 {
            self.expected
        }
        fn load(&self, i: usize) -> Result<Vec<u8>, String> {
            match &self.files[i] {
                (name, _) if name == "missing" => Err("no such file".into()),
                (_, bytes) => Ok(bytes.clone()),
            }
        }
    }

    fn corpus(n: usize, expected: u64) -> Memory {
        let files = (0..n)
            .map(|i| {
                let text = format!(
                    "Story {i} opens with its own first paragraph about harbour number {i}.\n\n\
                     The ferry to the northern islands left an hour late because of fog.\n\n{}",
                    "A longer closing paragraph repeats words words words. ".repeat(i % 5)
                );
                let name = if i == 3 {
                    "missing".into()
                } else {
                    format!("f{i}.txt")
                };
                (name, text.into_bytes())
            })
            .collect();
        Memory { files, expected }
    }

    /// Every event's reading, and the report after.
    fn run(source: &Memory) -> (Vec<Reading>, Vec<Stage>, crate::Report) {
        let mut a = Analyzer::new(Options::default()).unwrap();
        let mut seen = Vec::new();
        let mut indices = Vec::new();
        a.add_files(source, KeepTexts::Never, &mut |e| {
            match &e {
                FileEvent::Start(_) => indices.push(None),
                FileEvent::Added { index, .. } | FileEvent::Unread { index, .. } => {
                    indices.push(Some(*index))
                }
            }
            seen.push(e.reading());
        });
        let expected: Vec<_> = std::iter::once(None)
            .chain((0..source.files.len()).map(Some))
            .collect();
        assert_eq!(indices, expected, "events come in input order");
        let mut stages = Vec::new();
        let report = a
            .finish_with_progress(&mut |p| {
                if stages.last() != Some(&p.stage) {
                    stages.push(p.stage);
                }
            })
            .unwrap();
        (seen, stages, report)
    }

    #[test]
    fn reading_is_monotone_and_ends_at_its_totals_then_the_stages_follow_in_order() {
        // Expected sizes too small, right-ish and too large: the total
        // moves, what is done never goes back.
        for expected in [0, 150, 10_000] {
            let source = corpus(9, expected);
            let (seen, stages, report) = run(&source);
            assert_eq!(seen.len(), 10);
            assert_eq!(seen[0].files, 9);
            assert_eq!(seen[0].bytes, 9 * expected);
            assert_eq!((seen[0].files_done, seen[0].bytes_done), (0, 0));
            for w in seen.windows(2) {
                assert_eq!(w[1].files_done, w[0].files_done + 1, "{w:?}");
                assert!(w[1].bytes_done >= w[0].bytes_done, "{w:?}");
                assert!(w[1].bytes_done <= w[1].bytes, "{w:?}");
            }
            let last = seen[9];
            let read: u64 = source
                .files
                .iter()
                .filter(|(n, _)| n != "missing")
                .map(|(_, b)| b.len() as u64)
                .sum();
            assert_eq!(last.files_done, 9);
            // The unread file counts as its expected size.
            assert_eq!(last.bytes_done, read + expected);
            assert_eq!(last.bytes, last.bytes_done);
            assert_eq!(
                stages,
                [
                    Stage::Matching,
                    Stage::Passages,
                    Stage::Clustering,
                    Stage::Reporting
                ]
            );
            assert_eq!(report.documents.len(), 8);
            assert_eq!(report.skipped.len(), 1);
            assert_eq!(report.skipped[0].name, "missing");
            assert_eq!(report.skipped[0].reason, "no such file");
        }
    }

    #[test]
    fn adding_files_in_one_call_is_adding_them_one_by_one() {
        let source = corpus(9, 0);
        let (_, _, report) = run(&source);
        let mut a = Analyzer::new(Options::default()).unwrap();
        for (name, bytes) in &source.files {
            if name == "missing" {
                a.skip(name, "no such file");
            } else {
                a.add_file(name, bytes);
            }
        }
        assert_eq!(report, a.finish().unwrap());
        assert!(!report.pairs.is_empty());
    }
}
