//! Temporary files for analyses larger than memory.
//!
//! An analysis keeps its word-level data — shingle sets, the fingerprint
//! index and the candidate pairs — in memory up to a budget. With a
//! [`Spill`] configured, what goes past the budget is written to temporary
//! files: integers to sort go out as sorted runs that are merged back as a
//! stream (`Sorter`), shingle sets go to a file they are read back from by
//! offset (`ShingleStore`). Matching sees the same data in the same order
//! either way, so a spilling analysis reports exactly what an in-memory one
//! does.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where and when an analysis spills to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spill {
    /// Folder for the temporary files. They are removed when the analysis
    /// ends (on Unix, right after they are created, so nothing is left
    /// behind even if the process is killed).
    pub dir: PathBuf,
    /// Bytes of word-level data (shingle sets, fingerprint index, candidate
    /// pairs) to keep in memory before spilling. Shingles and index get
    /// half each while documents are added and the candidate pairs a
    /// quarter while matching, so the peak is about 1.25 times the budget,
    /// plus 64 KiB of buffer per sorted run being merged. The analysis's
    /// other data (per paragraph and per distinct paragraph) is not
    /// counted. With passages on, their tokens get another quarter while
    /// documents are added (past it they go to a file), the passage
    /// search's sorts a quarter, its anchor lists a sixteenth and each
    /// candidate pair's shared grams an eighth (past these, files), and
    /// once tokens have spilled the alignment prepares earlier documents
    /// in blocks of half the budget. Budgets of a few kilobytes work but
    /// are slow (many tiny runs).
    pub budget: usize,
}

/// Runs merged at once; more are first merged into longer runs, which keeps
/// the number of open files small whatever the budget.
const FAN_IN: usize = 64;
/// Read and write buffer of one run.
const RUN_BUFFER: usize = 1 << 16;

/// Names temporary files uniquely within the process.
static MADE: AtomicU64 = AtomicU64::new(0);

/// The folder temporary files go in.
#[derive(Debug, Clone)]
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    /// Temporary files in `dir`, which must be an existing folder.
    pub(crate) fn new(dir: PathBuf) -> io::Result<TempDir> {
        if !std::fs::metadata(&dir)?.is_dir() {
            return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"));
        }
        Ok(TempDir(dir))
    }

    /// The folder.
    pub(crate) fn path(&self) -> &std::path::Path {
        &self.0
    }

    /// A new empty file open for reading and writing.
    fn create(&self, what: &str) -> io::Result<TempFile> {
        loop {
            let n = MADE.fetch_add(1, Ordering::Relaxed);
            let name = format!("paradup-{}-{what}-{n}.tmp", std::process::id());
            let path = self.0.join(name);
            let file = match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(f) => f,
                // Left behind by an earlier process with the same id.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            // Opt-in trace, so tests can tell which stores spilled: a
            // spilled and an unspilled run give the same report by design.
            if std::env::var_os("PARADUP_TRACE_SPILL").is_some() {
                eprintln!("paradup: spilling {what} to a temporary file");
            }
            // Unlinked at once where the system allows it, so nothing is
            // left behind even if the process is killed.
            #[cfg(unix)]
            std::fs::remove_file(&path)?;
            return Ok(TempFile {
                file,
                #[cfg(not(unix))]
                path,
            });
        }
    }
}

/// An open temporary file, deleted when dropped.
#[derive(Debug)]
struct TempFile {
    file: File,
    #[cfg(not(unix))]
    path: PathBuf,
}

impl Read for TempFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

#[cfg(not(unix))]
impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Where an analysis spills, if it does.
pub(crate) type Temp = Option<TempDir>;

/// A sorted run of `u64`s in a temporary file.
#[derive(Debug)]
struct Run {
    file: TempFile,
    level: u32,
}

/// Sorts `u64`s that may not fit in memory: up to `cap` are sorted in
/// memory, the rest go out as sorted runs and are merged back.
#[derive(Debug)]
pub(crate) struct Sorter {
    what: &'static str,
    buf: Vec<u64>,
    cap: usize,
    dedup: bool,
    runs: Vec<Run>,
    temp: Temp,
    /// Whether `buf` is sorted already (made by [`Sorter::join_on`]).
    sorted: bool,
}

impl Sorter {
    /// A sorter that keeps up to `cap_bytes` in memory when `temp` is set
    /// (and everything otherwise); `dedup` drops repeated values.
    pub(crate) fn new(what: &'static str, cap_bytes: usize, dedup: bool, temp: Temp) -> Self {
        let cap = if temp.is_some() {
            (cap_bytes / 8).max(1)
        } else {
            usize::MAX
        };
        Sorter {
            what,
            buf: Vec::new(),
            cap,
            dedup,
            runs: Vec::new(),
            temp,
            sorted: false,
        }
    }

    /// Values kept in memory right now.
    #[cfg(test)]
    fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Adds values.
    pub(crate) fn extend(&mut self, values: impl IntoIterator<Item = u64>) -> io::Result<()> {
        self.sorted = false;
        for v in values {
            if self.buf.len() >= self.cap {
                self.spill()?;
            }
            if self.buf.len() == self.buf.capacity() {
                // Grow by doubling, but never past the cap.
                let room = self.cap - self.buf.len();
                self.buf.reserve_exact(self.buf.len().max(1024).min(room));
            }
            self.buf.push(v);
        }
        Ok(())
    }

    fn sort_buffer(&mut self) {
        self.buf.sort_unstable();
        if self.dedup {
            self.buf.dedup();
        }
    }

    /// Writes the buffer out as one sorted run, merging runs of one level
    /// into the next once there are `FAN_IN` of them.
    fn spill(&mut self) -> io::Result<()> {
        let Some(temp) = self.temp.clone() else {
            return Ok(());
        };
        self.sort_buffer();
        let mut file = temp.create(self.what)?;
        let mut w = BufWriter::with_capacity(RUN_BUFFER, &mut file.file);
        for v in &self.buf {
            w.write_all(&v.to_le_bytes())?;
        }
        w.flush()?;
        drop(w);
        self.buf.clear();
        self.runs.push(Run { file, level: 0 });
        while self.runs.len() >= FAN_IN {
            let level = self.runs[self.runs.len() - FAN_IN].level;
            if self.runs[self.runs.len() - FAN_IN..]
                .iter()
                .any(|r| r.level != level)
            {
                break;
            }
            let group = self.runs.split_off(self.runs.len() - FAN_IN);
            let mut merged = Merge::new(group, Vec::new(), self.dedup)?;
            let mut file = temp.create(self.what)?;
            let mut w = BufWriter::with_capacity(RUN_BUFFER, &mut file.file);
            while let Some(v) = merged.next()? {
                w.write_all(&v.to_le_bytes())?;
            }
            w.flush()?;
            drop(w);
            self.runs.push(Run {
                file,
                level: level + 1,
            });
        }
        Ok(())
    }

    /// `parts` empty sorters of the same kind that share this one's
    /// budget and folder, to be filled at once on several threads and
    /// made one by [`Sorter::join`].
    pub(crate) fn share(&self, parts: usize) -> Vec<Sorter> {
        let cap = match self.temp {
            Some(_) => (self.cap / parts.max(1)).max(1),
            None => usize::MAX,
        };
        (0..parts)
            .map(|_| Sorter {
                what: self.what,
                buf: Vec::new(),
                cap,
                dedup: self.dedup,
                runs: Vec::new(),
                temp: self.temp.clone(),
                sorted: false,
            })
            .collect()
    }

    /// Adds everything `parts` (from [`Sorter::share`]) hold to this
    /// sorter: their runs as they are, their values in memory within this
    /// one's budget.
    pub(crate) fn join(&mut self, parts: Vec<Sorter>) -> io::Result<()> {
        for mut part in parts {
            self.runs.append(&mut part.runs);
            if self.buf.is_empty() && part.buf.len() <= self.cap {
                self.buf = part.buf;
            } else {
                self.extend(part.buf)?;
            }
        }
        Ok(())
    }

    /// [`Sorter::join`] on up to `threads` threads: when no part spilled,
    /// this sorter holds nothing yet and the parts' values fit in its
    /// budget, the parts are copied side by side on their threads into
    /// `spare` if it is (nearly) long enough (memory already in use, so no
    /// fresh pages to fault in and zero) and sorted there on the threads
    /// (`parallel::join_u64`), so the calling thread neither copies them
    /// into one buffer nor sorts that alone. Otherwise as `join`.
    pub(crate) fn join_on(
        &mut self,
        parts: Vec<Sorter>,
        threads: usize,
        spare: Vec<u64>,
    ) -> io::Result<()> {
        // Within this sorter's budget, as `join` would keep them.
        let total: usize = parts.iter().map(|p| p.buf.len()).sum();
        let spilled = |s: &Sorter| !s.runs.is_empty();
        if threads <= 1
            || !self.buf.is_empty()
            || spilled(self)
            || parts.iter().any(spilled)
            || total > self.cap
        {
            return self.join(parts);
        }
        self.buf =
            crate::parallel::join_u64(parts.into_iter().map(|p| p.buf).collect(), threads, spare);
        self.sorted = true;
        Ok(())
    }

    /// Every value added, in ascending order.
    pub(crate) fn into_sorted(self) -> io::Result<Sorted> {
        self.into_sorted_on(1)
    }

    /// [`Sorter::into_sorted`], sorting what is in memory on up to
    /// `threads` threads.
    pub(crate) fn into_sorted_on(mut self, threads: usize) -> io::Result<Sorted> {
        match (self.sorted, self.dedup) {
            (false, true) => crate::parallel::sort_dedup_u64(&mut self.buf, threads),
            (false, false) => crate::parallel::sort_u64(&mut self.buf, threads),
            (true, true) => self.buf.dedup(),
            (true, false) => {}
        }
        if self.runs.is_empty() {
            return Ok(Sorted::Memory(self.buf.into_iter()));
        }
        Ok(Sorted::Merge(Merge::new(
            self.runs,
            std::mem::take(&mut self.buf),
            self.dedup,
        )?))
    }
}

/// The values of a [`Sorter`], in order.
pub(crate) enum Sorted {
    Memory(std::vec::IntoIter<u64>),
    Merge(Merge),
}

impl Sorted {
    /// The next value, or `None` at the end.
    #[inline]
    pub(crate) fn next(&mut self) -> io::Result<Option<u64>> {
        match self {
            Sorted::Memory(it) => Ok(it.next()),
            Sorted::Merge(m) => m.next(),
        }
    }
}

/// A k-way merge of sorted runs and one sorted in-memory tail.
pub(crate) struct Merge {
    readers: Vec<BufReader<TempFile>>,
    tail: std::vec::IntoIter<u64>,
    /// Smallest pending value of each source, with the source's index
    /// (`readers.len()` is the tail).
    heap: BinaryHeap<Reverse<(u64, usize)>>,
    dedup: bool,
    last: Option<u64>,
}

impl Merge {
    fn new(runs: Vec<Run>, tail: Vec<u64>, dedup: bool) -> io::Result<Merge> {
        let mut m = Merge {
            readers: Vec::with_capacity(runs.len()),
            tail: tail.into_iter(),
            heap: BinaryHeap::new(),
            dedup,
            last: None,
        };
        for mut run in runs {
            use std::io::Seek;
            run.file.file.rewind()?;
            m.readers
                .push(BufReader::with_capacity(RUN_BUFFER, run.file));
        }
        for i in 0..=m.readers.len() {
            m.refill(i)?;
        }
        Ok(m)
    }

    /// Pushes source `i`'s next value, if any.
    fn refill(&mut self, i: usize) -> io::Result<()> {
        let next = if i == self.readers.len() {
            self.tail.next()
        } else {
            let mut bytes = [0u8; 8];
            match self.readers[i].read_exact(&mut bytes) {
                Ok(()) => Some(u64::from_le_bytes(bytes)),
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => None,
                Err(e) => return Err(e),
            }
        };
        if let Some(v) = next {
            self.heap.push(Reverse((v, i)));
        }
        Ok(())
    }

    fn next(&mut self) -> io::Result<Option<u64>> {
        loop {
            let Some(Reverse((v, i))) = self.heap.pop() else {
                return Ok(None);
            };
            self.refill(i)?;
            if self.dedup && self.last == Some(v) {
                continue;
            }
            self.last = Some(v);
            return Ok(Some(v));
        }
    }
}

/// The shingle sets of all classes: appended in text order, sorted and
/// deduplicated before use. Sets past the budget are sorted and written to
/// a temporary file, then read back by offset when a class is scored.
#[derive(Debug)]
pub(crate) struct ShingleStore {
    /// Sets not written out, starting at `base` (in `u32`s).
    arena: Vec<u32>,
    base: u64,
    /// First class whose set is in `arena`.
    first_in_memory: usize,
    start: Vec<u64>,
    len: Vec<u32>,
    prepared: Vec<bool>,
    cap: usize,
    file: Option<TempFile>,
    temp: Temp,
}

impl ShingleStore {
    /// A store that keeps up to `cap_bytes` of sets in memory when `temp`
    /// is set (and everything otherwise).
    pub(crate) fn new(cap_bytes: usize, temp: Temp) -> Self {
        let cap = if temp.is_some() {
            (cap_bytes / 4).max(1)
        } else {
            usize::MAX
        };
        ShingleStore {
            arena: Vec::new(),
            base: 0,
            first_in_memory: 0,
            start: Vec::new(),
            len: Vec::new(),
            prepared: Vec::new(),
            cap,
            file: None,
            temp,
        }
    }

    /// Adds the set of the next class (in any order, with repeats).
    pub(crate) fn push(&mut self, set: &[u32]) -> io::Result<()> {
        if self.arena.len() + set.len() > self.cap && !self.arena.is_empty() {
            self.spill()?;
        }
        self.start.push(self.base + self.arena.len() as u64);
        self.len.push(set.len() as u32);
        self.prepared.push(false);
        self.arena.extend_from_slice(set);
        Ok(())
    }

    /// Numbers the classes again (after documents were removed from a
    /// re-matchable analysis): the set of class `c` becomes that of class
    /// `now[c]`, of `classes`; a class numbered `classes` or more is
    /// dropped (its set stays in memory, unused, until the store is made
    /// again). Only for a store that never spilled.
    pub(crate) fn renumber(&mut self, now: &[u32], classes: usize) {
        debug_assert!(self.file.is_none());
        let mut start = vec![0; classes];
        let mut len = vec![0; classes];
        let mut prepared = vec![false; classes];
        for (c, &n) in now.iter().enumerate() {
            let n = n as usize;
            if n < classes {
                (start[n], len[n], prepared[n]) = (self.start[c], self.len[c], self.prepared[c]);
            }
        }
        (self.start, self.len, self.prepared) = (start, len, prepared);
    }

    /// Sorts the sets in memory and appends them to the file.
    fn spill(&mut self) -> io::Result<()> {
        let Some(temp) = &self.temp else {
            return Ok(());
        };
        if self.file.is_none() {
            self.file = Some(temp.create("shingles")?);
        }
        for c in self.first_in_memory..self.start.len() {
            self.prepare(c as u32);
        }
        let mut at = self.base;
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        let mut w = BufWriter::with_capacity(RUN_BUFFER, &mut file.file);
        for c in self.first_in_memory..self.start.len() {
            let from = (self.start[c] - self.base) as usize;
            let set = &self.arena[from..from + self.len[c] as usize];
            for v in set {
                w.write_all(&v.to_le_bytes())?;
            }
            self.start[c] = at;
            at += set.len() as u64;
        }
        w.flush()?;
        drop(w);
        self.base = at;
        self.arena.clear();
        self.first_in_memory = self.start.len();
        Ok(())
    }

    fn in_memory(&self, c: usize) -> &[u32] {
        let from = (self.start[c] - self.base) as usize;
        &self.arena[from..from + self.len[c] as usize]
    }

    /// Sorts and deduplicates the set of class `c` once (sets on disk
    /// already are).
    pub(crate) fn prepare(&mut self, c: u32) {
        let c = c as usize;
        if self.prepared[c] {
            return;
        }
        let from = (self.start[c] - self.base) as usize;
        let set = &mut self.arena[from..from + self.len[c] as usize];
        self.len[c] = sort_set(set) as u32;
        self.prepared[c] = true;
    }

    /// [`prepare`](Self::prepare)s every class of `classes` (any order,
    /// repeats allowed; the list is sorted and deduplicated) on up to
    /// `threads` threads: the sets in memory are disjoint parts of one
    /// arena, each sorted where it lies.
    pub(crate) fn prepare_many(&mut self, classes: &mut Vec<u32>, threads: usize) {
        classes.sort_unstable();
        classes.dedup();
        classes.retain(|&c| !self.prepared[c as usize]);
        // The sets are cut apart in arena order, which a renumbered store
        // may not keep: then one thread prepares them.
        let start = &self.start;
        let in_order = classes
            .windows(2)
            .all(|w| start[w[0] as usize] < start[w[1] as usize]);
        if threads <= 1 || classes.len() < 2 || !in_order {
            for &c in classes.iter() {
                self.prepare(c);
            }
            return;
        }
        // Sets not prepared are in memory (spilled ones were prepared
        // first), in class order.
        let mut sets: Vec<&mut [u32]> = Vec::with_capacity(classes.len());
        let (mut rest, mut at) = (&mut self.arena[..], 0usize);
        for &c in classes.iter() {
            let from = (self.start[c as usize] - self.base) as usize;
            let len = self.len[c as usize] as usize;
            let (_, tail) = std::mem::take(&mut rest).split_at_mut(from - at);
            let (set, tail) = tail.split_at_mut(len);
            sets.push(set);
            (rest, at) = (tail, from + len);
        }
        let weights: Vec<u64> = sets.iter().map(|s| s.len() as u64 + 8).collect();
        let ranges = crate::parallel::balanced(&weights, threads);
        let mut parts = Vec::with_capacity(ranges.len());
        let mut sets = sets.into_iter();
        for r in ranges {
            parts.push(sets.by_ref().take(r.len()).collect::<Vec<_>>());
        }
        let lens = crate::parallel::each(parts, |part| {
            part.into_iter()
                .map(|set| sort_set(set) as u32)
                .collect::<Vec<_>>()
        });
        for (&c, len) in classes.iter().zip(lens.into_iter().flatten()) {
            self.len[c as usize] = len;
            self.prepared[c as usize] = true;
        }
    }

    /// The set of a [`prepare`](Self::prepare)d class, read into `buf`
    /// if it is on disk.
    pub(crate) fn get<'s>(&'s self, c: u32, buf: &'s mut SetBuffer) -> io::Result<&'s [u32]> {
        let c = c as usize;
        if c >= self.first_in_memory {
            return Ok(self.in_memory(c));
        }
        let file = self
            .file
            .as_ref()
            .ok_or_else(|| io::Error::other("shingle file missing"))?;
        buf.bytes.resize(self.len[c] as usize * 4, 0);
        read_at(&file.file, &mut buf.bytes, self.start[c] * 4)?;
        buf.set.clear();
        buf.set.extend(
            buf.bytes
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
        Ok(&buf.set[..])
    }
}

/// A temporary file of records appended at its end and read back by
/// offset, from any thread (passage tokens past the budget).
#[derive(Debug)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) struct Blobs {
    file: TempFile,
    len: u64,
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl Blobs {
    /// A new empty file in `temp`.
    pub(crate) fn create(temp: &TempDir, what: &str) -> io::Result<Blobs> {
        Ok(Blobs {
            file: temp.create(what)?,
            len: 0,
        })
    }

    /// A buffered writer appending at the end of the file.
    pub(crate) fn writer(&mut self) -> BlobWriter<'_> {
        BlobWriter {
            w: BufWriter::with_capacity(RUN_BUFFER, &mut self.file.file),
            len: &mut self.len,
        }
    }

    /// Bytes written.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// Reads `buf.len()` bytes from offset `at`.
    pub(crate) fn read(&self, at: u64, buf: &mut [u8]) -> io::Result<()> {
        read_at(&self.file.file, buf, at)
    }
}

/// Appends to [`Blobs`]; [`BlobWriter::finish`] must be called.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) struct BlobWriter<'b> {
    w: BufWriter<&'b mut File>,
    len: &'b mut u64,
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl BlobWriter<'_> {
    /// Where the next byte written goes.
    pub(crate) fn at(&self) -> u64 {
        *self.len
    }

    /// Appends `bytes`.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.w.write_all(bytes)?;
        *self.len += bytes.len() as u64;
        Ok(())
    }

    /// Flushes what is buffered.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Sorts `set` and moves its distinct values to the front; returns how
/// many there are.
fn sort_set(set: &mut [u32]) -> usize {
    set.sort_unstable();
    let mut w = 0;
    for r in 0..set.len() {
        if w == 0 || set[r] != set[w - 1] {
            set[w] = set[r];
            w += 1;
        }
    }
    w
}

/// Room for a shingle set read back from disk, reused from one read to
/// the next.
#[derive(Debug, Default)]
pub(crate) struct SetBuffer {
    bytes: Vec<u8>,
    set: Vec<u32>,
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp() -> (tempfile::TempDir, Temp) {
        let dir = tempfile::tempdir().unwrap();
        let t = TempDir::new(dir.path().to_path_buf()).unwrap();
        (dir, Some(t))
    }

    fn drain(mut s: Sorted) -> Vec<u64> {
        let mut out = Vec::new();
        while let Some(v) = s.next().unwrap() {
            out.push(v);
        }
        out
    }

    fn pseudo_random(n: usize) -> Vec<u64> {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % 5000
            })
            .collect()
    }

    #[test]
    fn spilled_sort_equals_in_memory_sort() {
        let values = pseudo_random(100_000);
        for dedup in [false, true] {
            let mut expected = values.clone();
            expected.sort_unstable();
            if dedup {
                expected.dedup();
            }
            let (_dir, t) = temp();
            // 80 values per run: over a thousand runs, so runs are merged
            // into longer ones before the final merge.
            let mut s = Sorter::new("test", 640, dedup, t);
            s.extend(values.iter().copied()).unwrap();
            assert!(s.buffered() <= 80);
            assert!(s.runs.len() < FAN_IN, "{} runs left open", s.runs.len());
            assert_eq!(drain(s.into_sorted().unwrap()), expected);
        }
    }

    #[test]
    fn without_spill_everything_stays_in_memory() {
        let values = pseudo_random(10_000);
        let mut s = Sorter::new("test", 8, true, None);
        s.extend(values.iter().copied()).unwrap();
        assert_eq!(s.buffered(), values.len());
        let mut expected = values;
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(drain(s.into_sorted().unwrap()), expected);
    }

    #[test]
    fn shingle_sets_read_back_sorted_and_deduplicated() {
        let (dir, t) = temp();
        let sets: Vec<Vec<u32>> = (0..300u32)
            .map(|c| (0..(c % 17)).map(|i| (i * 7 + c) % 11).collect())
            .collect();
        let mut store = ShingleStore::new(64, t);
        for s in &sets {
            store.push(s).unwrap();
        }
        assert!(store.base > 0, "nothing was spilled");
        let mut buf = SetBuffer::default();
        for (c, s) in sets.iter().enumerate() {
            store.prepare(c as u32);
            let mut expected = s.clone();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(store.get(c as u32, &mut buf).unwrap(), &expected[..]);
        }
        // The files were unlinked as soon as they were made.
        #[cfg(unix)]
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        drop(dir);
    }

    #[test]
    fn sorting_on_threads_gives_the_same_stream() {
        let values = pseudo_random(10_000);
        for dedup in [false, true] {
            let mut one = Sorter::new("test", 8, dedup, None);
            one.extend(values.iter().copied()).unwrap();
            let want = drain(one.into_sorted().unwrap());
            for threads in [2, 3, 8] {
                let mut s = Sorter::new("test", 8, dedup, None);
                s.extend(values.iter().copied()).unwrap();
                let sorted = s.into_sorted_on(threads).unwrap();
                assert_eq!(drain(sorted), want, "{threads} threads, dedup {dedup}");
            }
        }
    }

    #[test]
    fn parts_joined_on_threads_give_the_same_stream() {
        let values = pseudo_random(10_000);
        let (_dir, temp) = temp();
        // In memory, with and without repeats dropped, with a budget they
        // fit in, and with one that spills (then the parts are joined as
        // one thread does).
        let cases = [
            (false, None, 0),
            (true, None, 0),
            (false, temp.clone(), 1 << 20),
            (false, temp, 40_000),
        ];
        for (dedup, temp, budget) in cases {
            for (parts, threads) in [(1, 2), (2, 2), (3, 2), (2, 3), (4, 8)] {
                let mut s = Sorter::new("test", budget, dedup, temp.clone());
                let mut shares = s.share(parts);
                for (i, &v) in values.iter().enumerate() {
                    // Repeats land in different parts.
                    shares[i * 7 % parts].extend([v, v % 97]).unwrap();
                }
                // A spare buffer long enough, too short, or none.
                let spare = vec![1; [0, 5, 30_000][parts % 3]];
                s.join_on(shares, threads, spare).unwrap();
                let got = drain(s.into_sorted_on(threads).unwrap());
                let mut expect = values.iter().flat_map(|&v| [v, v % 97]).collect::<Vec<_>>();
                expect.sort_unstable();
                if dedup {
                    expect.dedup();
                }
                assert_eq!(
                    got, expect,
                    "{parts} parts, {threads} threads, dedup {dedup}"
                );
            }
        }
    }

    #[test]
    fn sets_prepared_together_on_threads_are_prepared_one_by_one() {
        let sets: Vec<Vec<u32>> = (0..200u32)
            .map(|c| (0..(c % 23)).map(|i| (i * 13 + c) % 9).collect())
            .collect();
        let (_dir, t) = temp();
        // In memory, and partly spilled (spilled sets are prepared).
        for (cap, temp) in [(usize::MAX, None), (400, t)] {
            let mut one = ShingleStore::new(cap, temp.clone());
            let mut many = ShingleStore::new(cap, temp.clone());
            for s in &sets {
                one.push(s).unwrap();
                many.push(s).unwrap();
            }
            // Every third class, in no order and with repeats, some twice.
            let mut classes: Vec<u32> = (0..200).rev().filter(|c| c % 3 == 0).collect();
            classes.extend([3, 3, 9]);
            many.prepare_many(&mut classes.clone(), 3);
            many.prepare_many(&mut classes, 2);
            let (mut a, mut b) = (SetBuffer::default(), SetBuffer::default());
            for c in (0..200).filter(|c| c % 3 == 0) {
                one.prepare(c);
                assert_eq!(one.get(c, &mut a).unwrap(), many.get(c, &mut b).unwrap());
            }
            // The others are untouched: still in text order.
            assert_eq!(many.in_memory(199), &sets[199][..]);
        }
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(TempDir::new(dir.path().join("nope")).is_err());
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        assert!(TempDir::new(file).is_err());
    }
}
