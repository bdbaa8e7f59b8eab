//! Many files added in one call ([`Analyzer::add_files`]): the caller says
//! how to load each file ([`FileSource`]) and hears back, in input order,
//! what each produced and how far the reading is ([`FileEvent`],
//! [`Reading`]), which is what a progress bar draws. The core reads no
//! files itself: loading is the caller's.
//!
//! With more than one thread (never on wasm32, where there are none),
//! files are loaded and prepared ([`super::prepare`]) on worker threads
//! while the calling thread adds them in input order, and the passages'
//! collector tokenizes on a thread of its own, also in order. A bounded
//! number of files (and of bytes, from the memory budget) is in flight at
//! once, so memory stays bounded; the report is the one a single thread
//! gives, byte for byte.

use std::fmt;

use super::{AddedFile, Analyzer, KeepTexts};

/// Where [`Analyzer::add_files`] gets its files from. The core does no
/// I/O: a front end implements this over its files on disk, a test over
/// bytes in memory.
/// Files are loaded on worker threads when [`Analyzer::add_files`] is
/// given several, hence `Sync` and `Send`.
pub trait FileSource: Sync {
    /// A file's bytes as loaded (`Vec<u8>`, `&[u8]`, or a type that
    /// carries more about the file).
    type Bytes: AsRef<[u8]> + Send;
    /// Why a file could not be loaded; its text is the reason recorded in
    /// the report's `skipped` list.
    type Error: fmt::Display + Send;

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

/// The most threads [`Analyzer::add_files`] starts, whatever it is asked.
const MAX_THREADS: usize = 256;

impl Analyzer {
    /// Loads every file of `source` and adds it as
    /// [`Analyzer::add_file_keeping`] does, in order, calling `on_event`
    /// (on this thread) before the first file and after each one. A file
    /// that cannot be loaded is recorded as skipped. The report is the same
    /// as adding the files one by one, whatever `threads` is: with more
    /// than one, up to `threads` files are loaded and prepared at once,
    /// and [`Analyzer::finish`] matches and aligns passages on as many
    /// threads (natively; on wasm32 everything runs on the calling
    /// thread).
    pub fn add_files<S: FileSource>(
        &mut self,
        source: &S,
        threads: usize,
        keep: KeepTexts,
        on_event: &mut dyn FnMut(FileEvent<'_, S>),
    ) {
        let sizes: Vec<u64> = (0..source.files())
            .map(|i| source.expected_size(i))
            .collect();
        // An absurd count must not size the queues (`--threads
        // 18446744073709551615` overflowed a capacity). Matching and the
        // passage alignment in `finish` use as many threads (a single file
        // may hold many documents); more threads than files read nothing.
        self.threads = threads.clamp(1, MAX_THREADS);
        let mut reading = Reading::start(&sizes);
        // About a class per 400 bytes (the 100 MB ASCII benchmark has one
        // per 424): growing the table to its last size rehashed 229,000
        // classes in 6-7 ms, with the workers waiting. At most a 256th of
        // the budget in classes (5 bytes each), so a small budget stays
        // small; more than reserved still fits, by growing.
        let room = usize::try_from(reading.bytes / 400).unwrap_or(usize::MAX);
        self.interner.reserve(room.min(self.budget / 256));
        on_event(FileEvent::Start(reading));
        // Template matching needs each paragraph's words, which prepared
        // paragraphs do not keep: with templates, files are added here.
        #[cfg(not(target_arch = "wasm32"))]
        {
            let threads = self.threads.min(sizes.len());
            if threads > 1 && self.templates.is_empty() && self.kept.is_none() {
                return self.add_in_parallel(source, threads, keep, &sizes, reading, on_event);
            }
        }
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

    /// [`Analyzer::add_files`] on `threads` worker threads.
    #[cfg(not(target_arch = "wasm32"))]
    fn add_in_parallel<S: FileSource>(
        &mut self,
        source: &S,
        threads: usize,
        keep: KeepTexts,
        sizes: &[u64],
        mut reading: Reading,
        on_event: &mut dyn FnMut(FileEvent<'_, S>),
    ) {
        use super::intern::Preparer;
        use super::prepare::{collect, prepare_file};
        use std::sync::mpsc;

        // Files in flight: enough to keep every worker busy while the
        // calling thread adds (with 4 per worker rather than 2, adding on
        // two threads took 5-8% less time on the 100 MB benchmarks, 2 MiB
        // more memory), few enough to bound memory. Bytes in flight: an
        // eighth of the memory budget (a file and what is prepared of it
        // weigh about twice its size), at least one file.
        let window = 4 * threads;
        let cap = (self.budget / 8) as u64;
        let options = self.options.clone();
        let passages_on = options.passages;
        let mut collector = match passages_on {
            true => std::mem::take(&mut self.passages),
            false => Default::default(),
        };
        let mut tokenizer_panic = None;
        std::thread::scope(|scope| {
            // The passages' collector assigns word ids in input order: it
            // runs on its own thread, fed in order. Files queued for it are
            // outside the window's byte cap: as many as before the window
            // was widened, so a lagging collector holds no more of them.
            let (to_collector, inbox) = mpsc::sync_channel::<(S::Bytes, _)>(2 * threads);
            let tokenizer = passages_on.then(|| {
                let collector = &mut collector;
                scope.spawn(move || {
                    for (bytes, inputs) in inbox {
                        for input in inputs {
                            collect(collector, bytes.as_ref(), input);
                        }
                    }
                })
            });
            in_order(
                sizes,
                threads,
                cap,
                window,
                || Preparer::new(&options),
                |preparer, i| {
                    source.load(i).map(|bytes| {
                        let items =
                            prepare_file(preparer, &options, source.name(i), bytes.as_ref(), keep);
                        (bytes, items)
                    })
                },
                |index, result| match result {
                    Ok((bytes, items)) => {
                        let (added, inputs) = self.add_prepared(items);
                        reading.file_done(sizes[index], bytes.as_ref().len() as u64);
                        on_event(FileEvent::Added {
                            index,
                            bytes: &bytes,
                            added,
                            reading,
                        });
                        if passages_on {
                            // A failed send means the collector's thread
                            // panicked; joining it below says so.
                            let _ = to_collector.send((bytes, inputs));
                        } else {
                            for input in inputs {
                                collect(&mut self.passages, bytes.as_ref(), input);
                            }
                        }
                    }
                    Err(error) => {
                        self.skip(source.name(index), &error.to_string());
                        reading.file_done(sizes[index], sizes[index]);
                        on_event(FileEvent::Unread {
                            index,
                            error,
                            reading,
                        });
                    }
                },
            );
            drop(to_collector);
            if let Some(t) = tokenizer {
                tokenizer_panic = t.join().err();
            }
        });
        if let Some(panic) = tokenizer_panic {
            std::panic::resume_unwind(panic);
        }
        if passages_on {
            self.passages = collector;
        }
    }
}

/// Runs `work(state, i)` for every `i` in `0..costs.len()` on `threads`
/// worker threads (each with its own `state` from `init`) and hands each
/// result to `take` on the calling thread in order: 0, 1, 2, … At most
/// `window` items are in flight (started and not yet taken), and their
/// `costs` add up to at most `cap` unless a single item costs more. A
/// panic anywhere stops every thread and goes on from here.
#[cfg(not(target_arch = "wasm32"))]
fn in_order<W, R: Send>(
    costs: &[u64],
    threads: usize,
    cap: u64,
    window: usize,
    init: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, usize) -> R + Sync,
    mut take: impl FnMut(usize, R),
) {
    use std::collections::BTreeMap;
    use std::sync::{mpsc, Condvar, Mutex, MutexGuard, PoisonError};

    /// Which items may start.
    struct Gate {
        next: usize,
        taken: usize,
        in_flight: u64,
        stop: bool,
    }
    /// Stops everything when dropped while panicking, so no thread waits
    /// for an item that will never come.
    struct StopOnPanic<'a>(&'a Mutex<Gate>, &'a Condvar);
    impl Drop for StopOnPanic<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                lock(self.0).stop = true;
                self.1.notify_all();
            }
        }
    }
    fn lock(m: &Mutex<Gate>) -> MutexGuard<'_, Gate> {
        m.lock().unwrap_or_else(PoisonError::into_inner)
    }

    let n = costs.len();
    let gate = Mutex::new(Gate {
        next: 0,
        taken: 0,
        in_flight: 0,
        stop: false,
    });
    let ready = Condvar::new();
    let (done, results) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(n) {
            let done = done.clone();
            let (gate, ready, init, work) = (&gate, &ready, &init, &work);
            scope.spawn(move || {
                let _stop = StopOnPanic(gate, ready);
                let mut state = init();
                loop {
                    let i = {
                        let mut g = lock(gate);
                        loop {
                            if g.stop || g.next >= n {
                                return;
                            }
                            let i = g.next;
                            let fits =
                                g.in_flight == 0 || g.in_flight.saturating_add(costs[i]) <= cap;
                            if i < g.taken + window && fits {
                                g.next += 1;
                                g.in_flight = g.in_flight.saturating_add(costs[i]);
                                break i;
                            }
                            g = ready.wait(g).unwrap_or_else(PoisonError::into_inner);
                        }
                    };
                    let result = work(&mut state, i);
                    if done.send((i, result)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done);
        let _stop = StopOnPanic(&gate, &ready);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        while next < n {
            let Some(result) = waiting.remove(&next) else {
                match results.recv() {
                    Ok((i, result)) => {
                        waiting.insert(i, result);
                        continue;
                    }
                    // Every worker is gone: one panicked, and the scope
                    // passes its panic on.
                    Err(_) => break,
                }
            };
            take(next, result);
            {
                let mut g = lock(&gate);
                g.taken = next + 1;
                g.in_flight = g.in_flight.saturating_sub(costs[next]);
            }
            ready.notify_all();
            next += 1;
        }
    });
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
        a.add_files(source, 1, KeepTexts::Never, &mut |e| {
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

    /// A corpus of every format: plain text (UTF-8, UTF-16, Windows-1252),
    /// HTML, records, a zip (with entries skipped inside it), generated
    /// stories sharing paragraphs, and a file that cannot be loaded.
    fn every_format() -> Memory {
        use crate::tests::format_fixtures as fx;
        let mut files = corpus(24, 0).files;
        let (html, _) = fx::page_html();
        let (jsonl, csv) = fx::records();
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(fx::story_txt().encode_utf16().flat_map(u16::to_le_bytes));
        let cp1252 = b"Caf\xe9 owners on the quay asked the council for longer hours again.\n\n\x93Quoted\x94 words from the harbour master about the ferry timetable.\n".to_vec();
        for (i, (name, bytes)) in [
            ("story.txt", fx::story_txt().into_bytes()),
            ("page.html", html),
            ("records.jsonl", jsonl.into_bytes()),
            ("records.csv", csv.into_bytes()),
            ("pack.zip", fx::zip_of(&[
                ("in/story.txt", fx::story_txt().as_bytes()),
                ("in/note.md", b"# Note\n\nNothing in this paragraph is repeated anywhere else in the little test corpus we build.\n"),
                ("in/picture.png", b"\x89PNG\r\n\x1a\n not text"),
            ])),
            ("utf16.txt", utf16),
            ("cp1252.txt", cp1252.clone()),
            ("again-cp1252.txt", cp1252),
        ]
        .into_iter()
        .enumerate()
        {
            files.insert(3 * i + 1, (name.to_owned(), bytes));
        }
        Memory { files, expected: 0 }
    }

    /// The report, what each file produced (or its error) in event order,
    /// and the readings.
    type Run = (
        crate::Report,
        Vec<(usize, Result<AddedFile, String>)>,
        Vec<Reading>,
    );

    /// The report, what each file produced (or its error) in event order,
    /// and the readings, with `threads` and a spill budget of `budget`.
    fn with_threads(source: &Memory, threads: usize, budget: Option<usize>) -> Run {
        let mut a = match budget {
            None => Analyzer::new(Options::default()).unwrap(),
            Some(budget) => Analyzer::with_spill(
                Options::default(),
                crate::Spill {
                    dir: std::env::temp_dir(),
                    budget,
                },
            )
            .unwrap(),
        };
        let (mut added, mut readings) = (Vec::new(), Vec::new());
        a.add_files(source, threads, KeepTexts::Extracted, &mut |e| {
            readings.push(e.reading());
            match e {
                FileEvent::Start(_) => {}
                FileEvent::Added {
                    index,
                    added: f,
                    bytes,
                    ..
                } => {
                    assert_eq!(bytes, &source.files[index].1);
                    added.push((index, Ok(f)));
                }
                FileEvent::Unread { index, error, .. } => added.push((index, Err(error))),
            }
        });
        (a.finish().unwrap(), added, readings)
    }

    #[test]
    fn every_thread_count_gives_the_same_report_events_and_readings() {
        let source = every_format();
        let one = with_threads(&source, 1, None);
        assert!(one.0.passages.len() > 1, "{:?}", one.0.passages.len());
        assert!(one.0.pairs.len() > 10);
        assert!(one.0.skipped.len() >= 2, "{:?}", one.0.skipped);
        assert!(one
            .0
            .documents
            .iter()
            .any(|d| d.format != crate::SourceFormat::Text));
        for threads in [2, 3, 8] {
            let many = with_threads(&source, threads, None);
            assert!(many.0 == one.0, "{threads} threads changed the report");
            assert!(
                many.1 == one.1,
                "{threads} threads changed what files produced"
            );
            assert_eq!(many.2, one.2, "{threads} threads");
        }
        // Passages off: the collector stays on the calling thread.
        let off = Options {
            passages: false,
            ..Options::default()
        };
        let run = |threads| {
            let mut a = Analyzer::new(off.clone()).unwrap();
            a.add_files(&source, threads, KeepTexts::Never, &mut |_| {});
            a.finish().unwrap()
        };
        assert_eq!(run(1), run(3));
    }

    #[test]
    fn a_budget_smaller_than_any_file_gives_the_same_report() {
        // 1 KiB of budget: an eighth of it is less than any file, so the
        // workers take one file at a time, and everything spills.
        let source = every_format();
        let (one, ..) = with_threads(&source, 1, None);
        let (spilled, ..) = with_threads(&source, 3, Some(1024));
        assert!(spilled == one);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn items_come_back_in_order_within_the_window_and_cap() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let costs: Vec<u64> = (0..200).map(|i| (i % 7) as u64 * 10).collect();
        let live = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = Vec::new();
        in_order(
            &costs,
            4,
            25,
            3,
            || 0u64,
            |calls, i| {
                let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                *calls += 1;
                // Later items are quicker: they finish out of order.
                std::thread::sleep(std::time::Duration::from_micros(
                    ((200 - i) % 13) as u64 * 50,
                ));
                live.fetch_sub(1, Ordering::SeqCst);
                i * 2
            },
            |i, r| {
                assert_eq!(r, i * 2);
                seen.push(i);
            },
        );
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= 3, "{most:?}");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_panicking_worker_fails_the_call_instead_of_hanging() {
        let costs = vec![1u64; 50];
        let outcome = std::panic::catch_unwind(|| {
            in_order(
                &costs,
                3,
                u64::MAX,
                4,
                || (),
                |_, i| {
                    assert!(i != 17, "item 17 fails");
                    i
                },
                |_, _| {},
            )
        });
        assert!(outcome.is_err());
        // And when the taker panics.
        let outcome = std::panic::catch_unwind(|| {
            in_order(
                &costs,
                3,
                u64::MAX,
                4,
                || (),
                |_, i| i,
                |i, _| assert!(i != 9),
            )
        });
        assert!(outcome.is_err());
    }
}
