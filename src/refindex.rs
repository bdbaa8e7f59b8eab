//! A saved reference index (`paradup index`, CLI only, never in the
//! wasm): for each lookup value of the reference files ([`LookupKeys`]:
//! paragraph index fingerprints, short paragraphs' text keys, passage
//! grams), the files that hold it. A check of new documents looks up only
//! their own values and reads just the files that the analysis of the
//! whole reference could pair with them ([`Reader::select`]), instead of
//! preparing the whole reference again.
//!
//! Which files those are follows the analysis's own rules, so the check
//! reports what a check against the whole reference reports:
//!
//! - Paragraphs: a fingerprint's run of classes proposes every relevant
//!   pair when it holds at most [`ALL_PROPOSED`] classes; a longer run
//!   proposes only the earliest, so all its holders are read (the run is
//!   then the same). A proposed pair is a candidate only when it shares
//!   enough fingerprints: one can do when either side has at most
//!   [`FEW_FINGERPRINTS`] (so their holders are in a table of their own),
//!   two at least otherwise. Every file holding a class that can be a
//!   candidate of a new paragraph's class is read, which covers all the
//!   class's copies and its first occurrence.
//! - Passages: a gram in more than `GRAM_DOCUMENTS` documents links and
//!   anchors nothing. When the reference alone has that many holders, the
//!   check is told the gram is common ([`Selection::common`]) and reads
//!   none of them for it; when it takes the new documents too, all its
//!   holders are read, so that the check sees it is that common. A rarer
//!   one proposes each new document with the earliest `GRAM_LINK` holders
//!   when it is sampled, and is an anchor of any pair holding it (read
//!   already, or never aligned).
//! - A file holding more than asked is harmless: it changes no run's
//!   length beyond the whole reference's and no count.
//!
//! The file: `MAGIC`, a version, four sorted tables of `value << bits |
//! file` (`u64`, little-endian; one entry per paragraph or document that
//! holds the value; `bits` is 32 for the paragraph tables and
//! [`GRAM_FILE_BITS`] for the passage grams, whose values have 40 bits),
//! for each table a directory (its entry at
//! every `BLOCK`-th position, so a lookup reads only the blocks where its
//! values are), the caller's header (the CLI's JSON: paths, sizes, times,
//! options), and a footer locating all of these, ending with `MAGIC`
//! again. Tables are built by the spill's external sort, so building
//! keeps within a memory budget whatever the reference's size.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use std::collections::HashMap;

use crate::analyze::{LookupKeys, ALL_PROPOSED, FEW_FINGERPRINTS};
use crate::passages::{GRAM_BITS, GRAM_DOCUMENTS, GRAM_LINK, GRAM_SAMPLE};
use crate::spill::{Sorter, TempDir};

/// The first (and last) bytes of an index file.
pub const MAGIC: &[u8; 8] = b"PDXINDEX";
/// The format's version; an index of another version is refused.
/// Version 2: passage grams of 40 bits (32 in version 1).
pub const VERSION: u32 = 2;
/// The version of the rules that decide what a file is filed under and
/// which files a check reads: the lookup values ([`LookupKeys`]: the
/// normalization, fingerprints and grams behind them), the analysis's
/// constants used here and the rules of [`Reader::select`]. Raise it with
/// any change to those; an index made under other rules would pick the
/// wrong files, so a check refuses it (the CLI also compares the crate's
/// version, which catches a change nobody marked here). Rules 3: a
/// passage gram of characters of a script written without spaces holds
/// six of them (three words' weight), not three. Rules 4: a document's
/// stop words, which no passage gram holds, are those of its language
/// (`passages/stops.rs`), not English's alone.
pub const LOOKUP_RULES: u32 = 4;
/// Entries between two directory entries.
const BLOCK: u64 = 512;
/// Holders kept per passage gram: a gram in more documents than
/// `GRAM_DOCUMENTS` anchors nothing, and one more than that many is
/// enough for a check to see it is that common, so the rest need not be
/// read.
const GRAM_HOLDERS: usize = GRAM_DOCUMENTS + 1;
/// The tables.
const FEW: usize = 0;
const MANY: usize = 1;
const SHORT: usize = 2;
const GRAMS: usize = 3;
const TABLES: usize = 4;
/// Bits of a file's number in a gram entry, below the gram's 40-bit value.
pub const GRAM_FILE_BITS: u32 = 64 - GRAM_BITS;
/// Files an index can hold: their numbers fit a gram entry.
pub const MAX_FILES: usize = 1 << GRAM_FILE_BITS;

/// Bits below a value in table `t`'s entries: the file's number.
fn file_bits(t: usize) -> u32 {
    if t == GRAMS {
        GRAM_FILE_BITS
    } else {
        32
    }
}
/// Size of the footer: the tables' four numbers each, the header's place
/// and length, and the magic.
const FOOTER: u64 = TABLES as u64 * 32 + 16 + 8;

/// Builds an index from each reference file's lookup values.
pub struct Writer {
    tables: [Sorter; TABLES],
}

impl Writer {
    /// A writer keeping about `budget` bytes of entries in memory, sorted
    /// runs beyond it going to temporary files in `temp` (everything in
    /// memory when `None`).
    pub fn new(budget: usize, temp: Option<&Path>) -> io::Result<Writer> {
        let temp = temp.map(|t| TempDir::new(t.to_path_buf())).transpose()?;
        // Entries repeat when several paragraphs (documents) of a file
        // hold a value: a lookup counts holders.
        let sorter = |what| Sorter::new(what, budget / TABLES, false, temp.clone());
        Ok(Writer {
            tables: [
                sorter("index-few"),
                sorter("index-many"),
                sorter("index-short"),
                sorter("index-grams"),
            ],
        })
    }

    /// Files `keys` under reference file number `file` (below
    /// [`MAX_FILES`]).
    pub fn add(&mut self, file: u32, keys: &LookupKeys) -> io::Result<()> {
        if file as usize >= MAX_FILES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("more than {MAX_FILES} reference files for one index; index them in parts"),
            ));
        }
        let entry = |v: &u32| u64::from(*v) << 32 | u64::from(file);
        for fps in &keys.paragraphs {
            let t = if fps.len() <= FEW_FINGERPRINTS {
                FEW
            } else {
                MANY
            };
            self.tables[t].extend(fps.iter().map(entry))?;
        }
        self.tables[SHORT].extend(keys.short.iter().map(entry))?;
        for grams in &keys.grams {
            let entry = |g: &u64| g << GRAM_FILE_BITS | u64::from(file);
            self.tables[GRAMS].extend(grams.iter().map(entry))?;
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
            let bits = file_bits(t);
            let start = out.at;
            let (mut count, mut dir) = (0u64, Vec::new());
            let (mut value, mut files) = (None, 0usize);
            while let Some(e) = sorted.next()? {
                if value != Some(e >> bits) {
                    value = Some(e >> bits);
                    files = 0;
                }
                files += 1;
                // A common gram keeps its earliest holders only.
                if t == GRAMS && files > GRAM_HOLDERS {
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

/// What a check must read, and what it must be told ([`Reader::select`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The numbers of the reference files to read, sorted and distinct.
    pub files: Vec<u32>,
    /// The passage grams of the new documents that more than
    /// `GRAM_DOCUMENTS` reference documents hold, sorted: the check's
    /// analysis must count them as common (`set_common_grams`), since
    /// their holders are not read.
    pub common: Vec<u64>,
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
            let age = if version < VERSION { "older" } else { "newer" };
            return Err(format!(
                "reference index of format version {version} (written by an {age} paradup); this paradup reads version {VERSION}: build it again with `paradup index`"
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
        let n =
            |i: usize| u64::from_le_bytes(footer[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
        let body = len - FOOTER;
        let within = |at: u64, count: u64| {
            count
                .checked_mul(8)
                .and_then(|b| at.checked_add(b))
                .is_some_and(|end| at >= 12 && end <= body)
        };
        let mut tables = Vec::new();
        for t in 0..TABLES {
            let (start, count, dir_at, dir_len) =
                (n(4 * t), n(4 * t + 1), n(4 * t + 2), n(4 * t + 3));
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
        let (header_at, header_len) = (n(4 * TABLES), n(4 * TABLES + 1));
        if header_at
            .checked_add(header_len)
            .is_none_or(|end| end > body)
            || header_at < 12
        {
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

    /// For each of `values` (sorted) that table `t` holds, its entries'
    /// files in order (a file once per paragraph or document holding it).
    /// Reads only the blocks where those values are.
    fn holders(&mut self, t: usize, values: &[u64]) -> io::Result<HashMap<u64, Vec<u32>>> {
        let mut out: HashMap<u64, Vec<u32>> = HashMap::new();
        let table = &self.tables[t];
        let bits = file_bits(t);
        let file = |e: u64| (e & ((1 << bits) - 1)) as u32;
        let mut block = Vec::new();
        // The block in `block`, if any.
        let mut loaded: Option<u64> = None;
        for &v in values {
            let low = v << bits;
            // The last block starting below `low`: the first entry with
            // value `v`, if any, is in it or after it.
            let mut b = table.dir.partition_point(|&d| d < low).saturating_sub(1) as u64;
            'blocks: while b * BLOCK < table.count {
                if loaded != Some(b) {
                    let first = b * BLOCK;
                    let n = BLOCK.min(table.count - first) as usize;
                    block.resize(n * 8, 0);
                    self.file.seek(SeekFrom::Start(table.start + first * 8))?;
                    self.file.read_exact(&mut block)?;
                    check_block(&block, table, b)?;
                    loaded = Some(b);
                }
                for e in block.chunks_exact(8) {
                    let e = u64::from_le_bytes(e.try_into().unwrap_or([0; 8]));
                    match (e >> bits).cmp(&v) {
                        std::cmp::Ordering::Less => {}
                        std::cmp::Ordering::Equal => out.entry(v).or_default().push(file(e)),
                        std::cmp::Ordering::Greater => break 'blocks,
                    }
                }
                b += 1;
            }
        }
        Ok(out)
    }

    /// The reference files a check of documents with `keys` must read to
    /// report what a check against every indexed file reports, and the
    /// grams it must count as common (the rules are in the module's
    /// documentation). Without `passages`, grams are not looked up.
    pub fn select(&mut self, keys: &LookupKeys, passages: bool) -> io::Result<Selection> {
        let mut files: Vec<u32> = Vec::new();
        let mut common: Vec<u64> = Vec::new();
        // Paragraphs: every new paragraph's fingerprints, and how many new
        // paragraphs hold each (at least the classes that do).
        let mut news: HashMap<u64, usize> = HashMap::new();
        for fps in &keys.paragraphs {
            for &f in fps {
                *news.entry(u64::from(f)).or_default() += 1;
            }
        }
        let mut values: Vec<u64> = news.keys().copied().collect();
        values.sort_unstable();
        let few = self.holders(FEW, &values)?;
        let many = self.holders(MANY, &values)?;
        let none = Vec::new();
        let of = |m: &HashMap<u64, Vec<u32>>, f: u64| m.get(&f).unwrap_or(&none).len();
        for &f in &values {
            // A run too long to propose every pair: all of it.
            if of(&few, f) + of(&many, f) + news[&f] > ALL_PROPOSED {
                for m in [&few, &many] {
                    files.extend(m.get(&f).into_iter().flatten());
                }
            }
        }
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for fps in &keys.paragraphs {
            shared.clear();
            for &f in fps {
                let f = u64::from(f);
                files.extend(few.get(&f).into_iter().flatten());
                let holders = many.get(&f).map_or(&[][..], Vec::as_slice);
                if fps.len() <= FEW_FINGERPRINTS {
                    files.extend(holders);
                    continue;
                }
                // A file once per paragraph holding `f`: counted once.
                for (i, &h) in holders.iter().enumerate() {
                    if i == 0 || holders[i - 1] != h {
                        *shared.entry(h).or_default() += 1;
                    }
                }
            }
            files.extend(shared.iter().filter(|&(_, &n)| n >= 2).map(|(&h, _)| h));
        }
        let short: Vec<u64> = keys.short.iter().map(|&k| u64::from(k)).collect();
        let short = self.holders(SHORT, &short)?;
        files.extend(short.into_values().flatten());
        if passages {
            let mut news: HashMap<u64, usize> = HashMap::new();
            for grams in &keys.grams {
                for &g in grams {
                    *news.entry(g).or_default() += 1;
                }
            }
            let mut values: Vec<u64> = news.keys().copied().collect();
            values.sort_unstable();
            let holders = self.holders(GRAMS, &values)?;
            for (g, h) in &holders {
                if h.len() > GRAM_DOCUMENTS {
                    // Common in the reference alone (the index keeps one
                    // holder more than that): said, not read.
                    common.push(*g);
                } else if h.len() + news[g] > GRAM_DOCUMENTS {
                    // Common with the new documents: every holder.
                    files.extend(h);
                } else if g % u64::from(GRAM_SAMPLE) == 0 {
                    files.extend(h.iter().take(GRAM_LINK));
                }
            }
        }
        files.sort_unstable();
        files.dedup();
        common.sort_unstable();
        Ok(Selection { files, common })
    }
}

/// Checks block `b` of `table` (its bytes in `block`) against the
/// directory before it is trusted: its first entry is the directory's,
/// its entries are in order and its last is not above the next block's
/// first (equal when a file's paragraphs repeat an entry across blocks).
/// Damaged entries would otherwise only hide holders, and a check would
/// read too few files without a word.
fn check_block(block: &[u8], table: &Table, b: u64) -> io::Result<()> {
    let entries = words(block);
    let next = table.dir.get(b as usize + 1);
    let sound = entries.first() == table.dir.get(b as usize)
        && entries.windows(2).all(|w| w[0] <= w[1])
        && entries
            .last()
            .is_some_and(|last| next.is_none_or(|n| last <= n));
    if sound {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "damaged reference index (a table's entries do not match its directory); build it again",
        ))
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

    /// A file's values: paragraphs' fingerprints, short keys, one
    /// document's grams.
    fn keys(paragraphs: &[Vec<u32>], short: &[u32], grams: &[u64]) -> LookupKeys {
        LookupKeys {
            paragraphs: paragraphs.to_vec(),
            short: short.to_vec(),
            grams: vec![grams.to_vec()],
        }
    }

    fn temp(name: &str) -> std::path::PathBuf {
        let d =
            std::env::temp_dir().join(format!("paradup-refindex-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Writes an index of `files` (each file's values) with a budget
    /// small enough to spill, and opens it.
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

    /// Twelve distinct fingerprints from `base`.
    fn long(base: u32) -> Vec<u32> {
        (base..base + 12).collect()
    }

    #[test]
    fn paragraphs_select_the_files_that_can_hold_a_candidate() {
        let dir = temp("paragraphs");
        let new = long(1000);
        let mut files = vec![
            // 0: a long paragraph sharing one fingerprint: never a candidate.
            keys(&[vec![1000, 1, 2, 3, 4, 5, 6, 7, 8, 9]], &[], &[]),
            // 1: sharing two: can be.
            keys(&[vec![1000, 1001, 2, 3, 4, 5, 6, 7, 8, 9]], &[], &[]),
            // 2: a short paragraph sharing one: can be.
            keys(&[vec![1002, 20]], &[], &[]),
            // 3: nothing shared; a short key.
            keys(&[long(50)], &[77], &[]),
            // 4: two paragraphs sharing one each: read (harmless).
            keys(
                &[
                    vec![1003, 1, 2, 3, 4, 5, 6, 7, 8, 9],
                    vec![1004, 11, 12, 13, 14, 15, 16, 17, 18, 19],
                ],
                &[],
                &[],
            ),
        ];
        // 5..: fingerprint 1011 in more paragraphs than a run proposes
        // whole: every holder is read.
        for i in 0..ALL_PROPOSED as u32 {
            let mut fps: Vec<u32> = (0..11).map(|k| 100_000 + 20 * i + k).collect();
            fps.insert(0, 1011);
            files.push(keys(&[fps], &[], &[]));
        }
        let mut r = index(&files, &dir);
        assert_eq!(r.header(), b"{\"hello\":1}");
        let check = keys(std::slice::from_ref(&new), &[], &[]);
        let all_of_run: Vec<u32> = (5..5 + ALL_PROPOSED as u32).collect();
        let mut expected = vec![1, 2, 4];
        expected.extend(&all_of_run);
        assert_eq!(r.select(&check, true).unwrap().files, expected);
        // A new paragraph with few fingerprints: one shared is enough.
        let few = keys(&[vec![1000, 7777]], &[], &[]);
        assert_eq!(r.select(&few, true).unwrap().files, [0, 1]);
        // Short keys find their holders.
        assert_eq!(r.select(&keys(&[], &[77], &[]), true).unwrap().files, [3]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn grams_select_the_earliest_holders_of_sampled_rare_ones_and_enough_of_common_ones() {
        let dir = temp("grams");
        let sampled = u64::from(2 * GRAM_SAMPLE * 5);
        let unsampled = sampled + 1;
        let common = sampled + u64::from(GRAM_SAMPLE);
        let files: Vec<LookupKeys> = (0..50u32)
            .map(|i| {
                let mut g = vec![common];
                if (10..20).contains(&i) {
                    g.extend([sampled, unsampled]);
                }
                g.sort_unstable();
                keys(&[], &[], &g)
            })
            .collect();
        let mut r = index(&files, &dir);
        let only = |g: u64| keys(&[], &[], &[g]);
        // Ten holders: the earliest GRAM_LINK are paired with the new one.
        let earliest: Vec<u32> = (10..10 + GRAM_LINK as u32).collect();
        assert_eq!(r.select(&only(sampled), true).unwrap().files, earliest);
        // Not sampled: it proposes no pair (and anchors only pairs read).
        assert!(r.select(&only(unsampled), true).unwrap().files.is_empty());
        // In every file: common in the reference alone, said so and no
        // holder read for it.
        let said = r.select(&only(common), true).unwrap();
        assert_eq!(
            said,
            Selection {
                files: vec![],
                common: vec![common]
            }
        );
        // In GRAM_DOCUMENTS files, and in a new document: every holder.
        let edge = common + 1000 * u64::from(GRAM_SAMPLE);
        let files: Vec<LookupKeys> = (0..GRAM_DOCUMENTS)
            .map(|_| keys(&[], &[], &[edge]))
            .collect();
        let dir2 = temp("grams-edge");
        let mut r = index(&files, &dir2);
        let all: Vec<u32> = (0..GRAM_DOCUMENTS as u32).collect();
        let with_new = r.select(&only(edge), true).unwrap();
        assert_eq!(
            with_new,
            Selection {
                files: all,
                common: vec![]
            }
        );
        std::fs::remove_dir_all(&dir2).unwrap();
        // Without passages grams are not looked up.
        assert!(r.select(&only(sampled), false).unwrap().files.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn grams_apart_only_above_their_low_32_bits_select_their_own_holders() {
        let dir = temp("wide");
        let low = u64::from(GRAM_SAMPLE) * 3;
        let high = low | 1 << 32;
        let mut r = index(&[keys(&[], &[], &[low]), keys(&[], &[], &[high])], &dir);
        assert_eq!(r.select(&keys(&[], &[], &[high]), true).unwrap().files, [1]);
        assert_eq!(r.select(&keys(&[], &[], &[low]), true).unwrap().files, [0]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_entry_repeated_across_blocks_is_not_taken_for_damage() {
        // One file whose many paragraphs hold the same fingerprint: equal
        // entries run over several blocks, each starting with the same
        // value as the one before ends with.
        let dir = temp("repeated");
        let paragraphs = vec![vec![5, 6]; 3 * BLOCK as usize];
        let mut r = index(
            &[keys(&paragraphs, &[], &[]), keys(&[vec![6]], &[], &[])],
            &dir,
        );
        assert_eq!(
            r.select(&keys(&[vec![6]], &[], &[]), true).unwrap().files,
            [0, 1]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn damaged_indexes_are_refused_with_a_reason() {
        let dir = temp("damaged");
        let files = vec![keys(&[vec![1, 2, 3]], &[], &[4])];
        drop(index(&files, &dir));
        let path = dir.join("x.pdx");
        let whole = std::fs::read(&path).unwrap();
        for cut in [0, 5, 12, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            let e = Reader::open(&path).unwrap_err();
            assert!(
                e.contains("damaged") || e.contains("not a paradup"),
                "{cut}: {e}"
            );
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
