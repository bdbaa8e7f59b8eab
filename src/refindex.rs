//! A saved reference index (`paradup index`, CLI only, never in the
//! wasm): for each lookup value of the reference files ([`LookupKeys`]:
//! paragraph index fingerprints, short paragraphs' text keys, passage
//! grams), the files that hold it. A check of new documents looks up only
//! their own values ([`Reader::lookup`]) and reads just the files found,
//! instead of preparing the whole reference again.
//!
//! The file: `MAGIC`, a version, three sorted tables of `value << 32 |
//! file` (`u64`, little-endian), for each table a directory (its entry at
//! every `BLOCK`-th position, so a lookup reads only the blocks where its
//! values are), the caller's header (the CLI's JSON: paths, sizes, times,
//! options), and a footer locating all of these, ending with `MAGIC`
//! again. Tables are built by the spill's external sort, so building
//! keeps within a memory budget whatever the reference's size.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::analyze::LookupKeys;
use crate::passages::GRAM_DOCUMENTS;
use crate::spill::{Sorter, TempDir};

/// The first (and last) bytes of an index file.
pub const MAGIC: &[u8; 8] = b"PDXINDEX";
/// The format's version; an index of another version is refused.
pub const VERSION: u32 = 1;
/// Entries between two directory entries.
const BLOCK: u64 = 512;
/// Files kept per passage gram: a gram in more documents than
/// `GRAM_DOCUMENTS` anchors nothing, and one more than that many files is
/// enough for a check to see it is that common (each file holds at least
/// one document with it), so the rest need not be read.
const GRAM_FILES: usize = GRAM_DOCUMENTS + 1;
/// Size of the footer: three tables of four numbers, the header's place
/// and length, and the magic.
const FOOTER: u64 = 3 * 32 + 16 + 8;

/// Builds an index from each reference file's lookup values.
pub struct Writer {
    tables: [Sorter; 3],
}

impl Writer {
    /// A writer keeping about `budget` bytes of entries in memory, sorted
    /// runs beyond it going to temporary files in `temp` (everything in
    /// memory when `None`).
    pub fn new(budget: usize, temp: Option<&Path>) -> io::Result<Writer> {
        let temp = temp.map(|t| TempDir::new(t.to_path_buf())).transpose()?;
        let sorter = |what| Sorter::new(what, budget / 3, true, temp.clone());
        Ok(Writer {
            tables: [
                sorter("index-fingerprints"),
                sorter("index-short"),
                sorter("index-grams"),
            ],
        })
    }

    /// Files `keys` under reference file number `file`.
    pub fn add(&mut self, file: u32, keys: &LookupKeys) -> io::Result<()> {
        let lists = [&keys.fingerprints, &keys.short, &keys.grams];
        for (table, list) in self.tables.iter_mut().zip(lists) {
            table.extend(list.iter().map(|&v| u64::from(v) << 32 | u64::from(file)))?;
        }
        Ok(())
    }

    /// Writes the index, with `header` (the caller's own bytes), to `out`.
    pub fn write(self, header: &[u8], out: impl Write) -> io::Result<()> {
        let mut out = Counted {
            out: BufWriter::with_capacity(1 << 16, out),
            at: 0,
        };
        out.put(MAGIC)?;
        out.put(&VERSION.to_le_bytes())?;
        let mut places = Vec::new();
        let mut dirs = Vec::new();
        for (t, table) in self.tables.into_iter().enumerate() {
            let mut sorted = table.into_sorted()?;
            let start = out.at;
            let (mut count, mut dir) = (0u64, Vec::new());
            let (mut value, mut files) = (None, 0usize);
            while let Some(e) = sorted.next()? {
                if value != Some(e >> 32) {
                    value = Some(e >> 32);
                    files = 0;
                }
                files += 1;
                // A common gram keeps its earliest files only.
                if t == 2 && files > GRAM_FILES {
                    continue;
                }
                if count % BLOCK == 0 {
                    dir.push(e);
                }
                out.put(&e.to_le_bytes())?;
                count += 1;
            }
            places.push((start, count));
            dirs.push(dir);
        }
        let mut footer = Vec::new();
        for ((start, count), dir) in places.into_iter().zip(dirs) {
            let dir_at = out.at;
            for e in &dir {
                out.put(&e.to_le_bytes())?;
            }
            for n in [start, count, dir_at, dir.len() as u64] {
                footer.extend_from_slice(&n.to_le_bytes());
            }
        }
        let header_at = out.at;
        out.put(header)?;
        footer.extend_from_slice(&header_at.to_le_bytes());
        footer.extend_from_slice(&(header.len() as u64).to_le_bytes());
        footer.extend_from_slice(MAGIC);
        out.put(&footer)?;
        out.out.flush()
    }
}

/// A writer that counts the bytes written.
struct Counted<W: Write> {
    out: BufWriter<W>,
    at: u64,
}

impl<W: Write> Counted<W> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.at += bytes.len() as u64;
        self.out.write_all(bytes)
    }
}

/// Whether the file at `path` starts like an index (it may still turn out
/// damaged when opened). False for anything unreadable or short.
pub fn is_index(path: &Path) -> bool {
    let mut start = [0; 8];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok()
        && &start == MAGIC
}

/// One table of an open index.
#[derive(Debug)]
struct Table {
    start: u64,
    count: u64,
    /// The entry at every `BLOCK`-th position.
    dir: Vec<u64>,
}

/// An open index: its header in memory, its tables on disk.
#[derive(Debug)]
pub struct Reader {
    file: File,
    tables: Vec<Table>,
    header: Vec<u8>,
}

impl Reader {
    /// Opens the index at `path`. A file that is not an index, of another
    /// version, or damaged (cut short, places out of range) is an error
    /// saying which; nothing is trusted before it is checked.
    pub fn open(path: &Path) -> Result<Reader, String> {
        let mut file = File::open(path).map_err(|e| e.to_string())?;
        let len = file.metadata().map_err(|e| e.to_string())?.len();
        let damaged = |what: &str| format!("damaged reference index ({what}); build it again");
        let mut start = [0; 12];
        file.read_exact(&mut start)
            .map_err(|_| damaged("too short"))?;
        if &start[..8] != MAGIC {
            return Err("not a paradup reference index".into());
        }
        let version = u32::from_le_bytes([start[8], start[9], start[10], start[11]]);
        if version != VERSION {
            return Err(format!(
                "reference index of format version {version}, this paradup reads version {VERSION}; build it again"
            ));
        }
        if len < 12 + FOOTER {
            return Err(damaged("too short"));
        }
        let mut footer = vec![0; FOOTER as usize];
        file.seek(SeekFrom::Start(len - FOOTER))
            .and_then(|_| file.read_exact(&mut footer))
            .map_err(|e| e.to_string())?;
        if &footer[FOOTER as usize - 8..] != MAGIC {
            return Err(damaged("no end mark: cut short?"));
        }
        let n = |i: usize| u64::from_le_bytes(footer[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
        let body = len - FOOTER;
        let within = |at: u64, count: u64| {
            count
                .checked_mul(8)
                .and_then(|b| at.checked_add(b))
                .is_some_and(|end| at >= 12 && end <= body)
        };
        let mut tables = Vec::new();
        for t in 0..3 {
            let (start, count, dir_at, dir_len) = (n(4 * t), n(4 * t + 1), n(4 * t + 2), n(4 * t + 3));
            if !within(start, count) || !within(dir_at, dir_len) || dir_len != count.div_ceil(BLOCK)
            {
                return Err(damaged("a table lies outside the file"));
            }
            let mut bytes = vec![0; dir_len as usize * 8];
            file.seek(SeekFrom::Start(dir_at))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| e.to_string())?;
            let dir = words(&bytes);
            if dir.windows(2).any(|w| w[0] > w[1]) {
                return Err(damaged("a directory is out of order"));
            }
            tables.push(Table { start, count, dir });
        }
        let (header_at, header_len) = (n(12), n(13));
        if header_at.checked_add(header_len).is_none_or(|end| end > body) || header_at < 12 {
            return Err(damaged("the header lies outside the file"));
        }
        let mut header = vec![0; header_len as usize];
        file.seek(SeekFrom::Start(header_at))
            .and_then(|_| file.read_exact(&mut header))
            .map_err(|e| e.to_string())?;
        Ok(Reader {
            file,
            tables,
            header,
        })
    }

    /// The header the index was written with.
    pub fn header(&self) -> &[u8] {
        &self.header
    }

    /// The numbers of the files holding any of `keys` (sorted lists, as
    /// [`crate::lookup_keys`] gives them), sorted and distinct. Reads only
    /// the blocks of the tables where those values are.
    pub fn lookup(&mut self, keys: &LookupKeys) -> io::Result<Vec<u32>> {
        let mut files = Vec::new();
        let lists = [&keys.fingerprints, &keys.short, &keys.grams];
        let mut block = Vec::new();
        for (t, list) in lists.into_iter().enumerate() {
            let table = &self.tables[t];
            // The block in `block`, if any.
            let mut loaded: Option<u64> = None;
            for &v in list {
                let low = u64::from(v) << 32;
                // The last block starting below `low`: the first entry
                // with value `v`, if any, is in it or after it.
                let mut b = table.dir.partition_point(|&d| d < low).saturating_sub(1) as u64;
                'blocks: while b * BLOCK < table.count {
                    if loaded != Some(b) {
                        let first = b * BLOCK;
                        let n = BLOCK.min(table.count - first) as usize;
                        block.resize(n * 8, 0);
                        self.file
                            .seek(SeekFrom::Start(table.start + first * 8))?;
                        self.file.read_exact(&mut block)?;
                        loaded = Some(b);
                    }
                    for e in block.chunks_exact(8) {
                        let e = u64::from_le_bytes(e.try_into().unwrap_or([0; 8]));
                        match (e >> 32).cmp(&u64::from(v)) {
                            std::cmp::Ordering::Less => {}
                            std::cmp::Ordering::Equal => files.push(e as u32),
                            std::cmp::Ordering::Greater => break 'blocks,
                        }
                    }
                    b += 1;
                }
            }
        }
        files.sort_unstable();
        files.dedup();
        Ok(files)
    }
}

/// Little-endian `u64`s of `bytes`.
fn words(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(fingerprints: &[u32], short: &[u32], grams: &[u32]) -> LookupKeys {
        LookupKeys {
            fingerprints: fingerprints.to_vec(),
            short: short.to_vec(),
            grams: grams.to_vec(),
        }
    }

    /// Writes an index of `files` (each file's keys) with a budget small
    /// enough to spill, and opens it.
    fn index(files: &[LookupKeys], dir: &Path) -> Reader {
        let mut w = Writer::new(1024, Some(dir)).unwrap();
        for (i, k) in files.iter().enumerate() {
            w.add(i as u32, k).unwrap();
        }
        let path = dir.join("x.pdx");
        w.write(b"{\"hello\":1}", File::create(&path).unwrap())
            .unwrap();
        assert!(is_index(&path));
        Reader::open(&path).unwrap()
    }

    fn temp(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("paradup-refindex-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn lookups_find_exactly_the_files_holding_a_value() {
        let dir = temp("find");
        // File i holds fingerprints i..i+300 (so values span many
        // blocks and many files hold each), file 7 a short key, every
        // file gram 5 and its own gram 1000 + i.
        let files: Vec<LookupKeys> = (0..50u32)
            .map(|i| {
                let short: &[u32] = if i == 7 { &[42] } else { &[] };
                keys(&(i..i + 300).collect::<Vec<_>>(), short, &[5, 1000 + i])
            })
            .collect();
        let mut r = index(&files, &dir);
        assert_eq!(r.header(), b"{\"hello\":1}");
        assert_eq!(r.lookup(&keys(&[0], &[], &[])).unwrap(), [0]);
        assert_eq!(r.lookup(&keys(&[10], &[], &[])).unwrap(), (0..=10).collect::<Vec<_>>());
        assert_eq!(r.lookup(&keys(&[348], &[], &[])).unwrap(), [49]);
        assert_eq!(r.lookup(&keys(&[349, 5000], &[], &[])).unwrap(), Vec::<u32>::new());
        assert_eq!(r.lookup(&keys(&[], &[42], &[])).unwrap(), [7]);
        assert_eq!(r.lookup(&keys(&[], &[], &[1003, 1049])).unwrap(), [3, 49]);
        // A gram in every file keeps its earliest GRAM_FILES files only.
        let common = r.lookup(&keys(&[], &[], &[5])).unwrap();
        assert_eq!(common, (0..GRAM_FILES as u32).collect::<Vec<_>>());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn damaged_indexes_are_refused_with_a_reason() {
        let dir = temp("damaged");
        let files = vec![keys(&[1, 2, 3], &[], &[4])];
        drop(index(&files, &dir));
        let path = dir.join("x.pdx");
        let whole = std::fs::read(&path).unwrap();
        for cut in [0, 5, 12, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            let e = Reader::open(&path).unwrap_err();
            assert!(e.contains("damaged") || e.contains("not a paradup"), "{cut}: {e}");
        }
        let mut other = whole.clone();
        other[8] = 9;
        std::fs::write(&path, &other).unwrap();
        assert!(Reader::open(&path).unwrap_err().contains("version 9"));
        std::fs::write(&path, b"plain text, not an index at all").unwrap();
        assert!(!is_index(&path));
        assert!(Reader::open(&path).unwrap_err().contains("not a paradup"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
