//! `.zip` archives: every entry is read as a file of its own (with
//! [`super::read`]'s rules) and named `archive.zip/path/in/archive`.
//!
//! Archives are untrusted, so reading is bounded:
//! - at most [`MAX_ENTRIES`] entries are looked at;
//! - one entry may hold at most [`MAX_ENTRY_BYTES`] once decompressed;
//! - all entries together at most [`MAX_TOTAL_BYTES`] (counting every byte
//!   decompressed, also of entries then skipped for being too large).
//!
//! A caller reading several files (the browser page, whose memory is
//! bounded) can also pass a [`Budget`] of decompressed bytes shared by the
//! whole batch ([`read_within`]): an entry that would take more than is
//! left is skipped without being kept, and later entries that fit are read.
//!
//! Decompression goes through `take()`, so headers that lie about sizes
//! cannot make it use more memory or time than the limits. Whatever
//! exceeds a limit is skipped with a message saying which; entries read
//! before are kept. Archives inside archives are not opened; encrypted
//! entries, links and unsupported compression methods are skipped.
//! Directories are ignored. Entry names are never used as paths here: they
//! only name documents (control characters escaped).

use std::borrow::Cow;
use std::io::{Cursor, Read};

use super::{sniff, Format, Input, Item, Sniffed};
use crate::options::Options;
use crate::report::Skipped;

/// Most entries read from one archive.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes one entry may hold once decompressed (256 MiB).
pub const MAX_ENTRY_BYTES: u64 = 256 << 20;
/// Most bytes decompressed from one archive in all (1 GiB).
pub const MAX_TOTAL_BYTES: u64 = 1 << 30;

/// Limits on reading one archive.
#[derive(Debug, Clone, Copy)]
struct Limits {
    entries: usize,
    entry_bytes: u64,
    total_bytes: u64,
}

const LIMITS: Limits = Limits {
    entries: MAX_ENTRIES,
    entry_bytes: MAX_ENTRY_BYTES,
    total_bytes: MAX_TOTAL_BYTES,
};

/// Decompressed bytes a batch of files may still take, shared by every
/// archive read with [`read_within`] (and by whatever else the caller
/// counts against it, such as plain files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The limit for the whole batch, in bytes.
    pub limit: u64,
    /// The bytes still free.
    pub left: u64,
}

impl Budget {
    /// A budget of `limit` bytes, all free.
    // Only the page (src/wasm/) shares a budget between files.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub fn new(limit: u64) -> Budget {
        Budget { limit, left: limit }
    }

    /// Takes `size` bytes if they fit; otherwise takes nothing and returns
    /// the reason to give for refusing an input of that size.
    pub fn take(&mut self, size: u64) -> Result<(), String> {
        if size > self.left {
            return Err(self.refusal(size));
        }
        self.left -= size;
        Ok(())
    }

    /// Why an input of `size` bytes does not fit.
    fn refusal(&self, size: u64) -> String {
        format!(
            "{size} bytes once decompressed, more than the {} left of the {} limit on decompressed bytes for all the files together; not read",
            human(self.left),
            human(self.limit)
        )
    }
}

/// Reads a zip archive's entries as [`super::read`] does, and also keeps
/// the decompressed bytes of the entries read within `budget` (which they
/// use up). An entry whose declared size does not fit is not decompressed;
/// one whose header lies is decompressed up to the one-entry limit, then
/// dropped. Either is skipped with the reason, and reading goes on.
// Only the page (src/wasm/) reads within a budget.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn read_within(
    name: &str,
    bytes: &[u8],
    options: &Options,
    budget: &mut Budget,
) -> Vec<Item<'static>> {
    let input = Input {
        name,
        bytes,
        options,
        nested: false,
    };
    entries(&input, LIMITS, Some(budget))
}

/// The zip archive reader, within the usual limits ([`read_within`] adds
/// a budget).
pub(super) struct Archive;

impl Format for Archive {
    fn read<'a>(&self, input: &Input<'_, 'a>) -> Vec<Item<'a>> {
        if input.nested {
            return vec![
                input.skipped("an archive inside the archive: nested archives are not opened")
            ];
        }
        entries(input, LIMITS, None)
    }
}

/// `n` bytes for people: `256 MiB`, `1 GiB`, `300 bytes`.
pub(crate) fn human(n: u64) -> String {
    if n >= 1 << 30 && n.is_multiple_of(1 << 30) {
        format!("{} GiB", n >> 30)
    } else if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// An entry name fit to show: control characters (NUL, escape, newline…)
/// are written as `\u{…}` escapes.
pub(crate) fn display_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// The entries of an archive (`input`, not itself an entry), each read as
/// a file of its own, within `limits` and `budget`. Every item owns its
/// bytes.
fn entries(input: &Input, limits: Limits, mut budget: Option<&mut Budget>) -> Vec<Item<'static>> {
    let (name, bytes) = (input.name, input.bytes);
    let skip = |name: String, reason: String| Item::Skipped(Skipped { name, reason });
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            return vec![skip(
                name.to_owned(),
                format!("not a valid zip archive: {e}"),
            )]
        }
    };
    let mut out = Vec::new();
    let mut used = 0u64;
    let mut files = 0usize;
    let count = archive.len();
    for index in 0..count.min(limits.entries) {
        let entry = archive
            .name_for_index(index)
            .map_or_else(|| format!("entry {}", index + 1), display_name);
        let mut file = match archive.by_index(index) {
            Ok(f) => f,
            Err(e) => {
                let reason = match e {
                    zip::result::ZipError::UnsupportedArchive(m)
                        if m == zip::result::ZipError::PASSWORD_REQUIRED =>
                    {
                        "encrypted entry: paradup does not read password-protected files".into()
                    }
                    e => format!("cannot read this entry: {e}"),
                };
                out.push(skip(format!("{name}/{entry}"), reason));
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        files += 1;
        let entry_name = format!("{name}/{entry}");
        if file.is_symlink() {
            out.push(skip(entry_name, "a symbolic link, not a file".into()));
            continue;
        }
        let left = limits.total_bytes.saturating_sub(used);
        if file.size() > limits.entry_bytes {
            out.push(skip(
                entry_name,
                format!(
                    "{} bytes uncompressed, more than the {} limit for one archive entry; not read",
                    file.size(),
                    human(limits.entry_bytes)
                ),
            ));
            continue;
        }
        if file.size() > left {
            out.push(skip(entry_name, total_reason(limits, count - index)));
            break;
        }
        // Refused on its declared size, before anything is decompressed.
        if let Some(b) = budget.as_deref() {
            if file.size() > b.left {
                out.push(skip(entry_name, b.refusal(file.size())));
                continue;
            }
        }
        let cap = limits.entry_bytes.min(left);
        let mut data = Vec::new();
        let read = (&mut file).take(cap + 1).read_to_end(&mut data);
        used = used.saturating_add(data.len() as u64);
        if let Err(e) = read {
            out.push(skip(
                entry_name,
                format!("cannot decompress this entry: {e}"),
            ));
            continue;
        }
        if data.len() as u64 > cap {
            if cap == limits.entry_bytes {
                out.push(skip(
                    entry_name,
                    format!(
                        "more than {} uncompressed (its header claimed {} bytes), over the limit for one archive entry; not read",
                        human(limits.entry_bytes),
                        file.size()
                    ),
                ));
                continue;
            }
            out.push(skip(entry_name, total_reason(limits, count - index)));
            break;
        }
        drop(file);
        // The header may have lied: what counts is what came out.
        if let Some(b) = budget.as_deref_mut() {
            if let Err(reason) = b.take(data.len() as u64) {
                out.push(skip(entry_name, reason));
                continue;
            }
        }
        out.extend(read_entry(entry_name, data, input.options));
    }
    if count > limits.entries {
        out.push(skip(
            name.to_owned(),
            format!(
                "the archive has {count} entries; only the first {} were read (limit), the other {} were not",
                limits.entries,
                count - limits.entries
            ),
        ));
    }
    if files == 0 && count <= limits.entries {
        out.push(skip(name.to_owned(), "the archive holds no files".into()));
    }
    out
}

fn total_reason(limits: Limits, remaining: usize) -> String {
    format!(
        "the archive holds more than {} uncompressed (limit for one archive); this entry and the {} after it were not read",
        human(limits.total_bytes),
        remaining.saturating_sub(1)
    )
}

/// Reads one decompressed entry as a file of its own.
fn read_entry(name: String, data: Vec<u8>, options: &Options) -> Vec<Item<'static>> {
    let sniffed = sniff(&name, &data);
    if sniffed == Sniffed::Text {
        return vec![Item::Text {
            name,
            bytes: Cow::Owned(data),
        }];
    }
    let input = Input {
        name: &name,
        bytes: &data,
        options,
        nested: true,
    };
    let mut items: Vec<Item<'static>> = super::read_as(sniffed, &input)
        .into_iter()
        .map(Item::into_owned)
        .collect();
    // Documents whose spans point into the entry get its bytes: the last
    // one takes them, any before it (records of one entry) a copy.
    let mut data = Some(data);
    let mut waiting = items
        .iter()
        .filter(|i| matches!(i, Item::Extracted(e) if e.source.is_none()))
        .count();
    for item in &mut items {
        if let Item::Extracted(e) = item {
            if e.source.is_none() {
                waiting -= 1;
                e.source = if waiting == 0 {
                    data.take()
                } else {
                    data.clone()
                };
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::format_fixtures::zip_of;
    use crate::tests::item_names;

    /// What the archive reader makes of a file within `limits`.
    fn read_with(
        name: &str,
        bytes: &[u8],
        options: &Options,
        limits: Limits,
    ) -> Vec<Item<'static>> {
        let input = Input {
            name,
            bytes,
            options,
            nested: false,
        };
        entries(&input, limits, None)
    }

    /// What the archive reader makes of a file within the usual limits.
    fn read(name: &str, bytes: &[u8], options: &Options) -> Vec<Item<'static>> {
        read_with(name, bytes, options, LIMITS)
    }

    #[test]
    fn entries_are_read_as_files() {
        let inner = zip_of(&[("x.txt", b"inner")]);
        let zip = zip_of(&[
            ("dir/", b""),
            ("dir/a.txt", b"Some plain text here.\n"),
            ("b.html", b"<p>An html paragraph</p>"),
            ("c.zip", &inner),
            ("../../evil\u{1b}.txt", b"climbing"),
            ("d.pdf", b"%PDF-1.4"),
        ]);
        let items = read("a.zip", &zip, &Options::default());
        assert_eq!(
            item_names(&items),
            [
                "text a.zip/dir/a.txt",
                "Html a.zip/b.html",
                "skipped a.zip/c.zip: an archive inside the archive: nested archives are not opened",
                "text a.zip/../../evil\\u{1b}.txt",
                "skipped a.zip/d.pdf: a PDF document: not a text format paradup reads",
            ]
        );
        let Item::Extracted(e) = &items[1] else {
            panic!()
        };
        assert_eq!(e.source.as_deref(), Some(&b"<p>An html paragraph</p>"[..]));
    }

    #[test]
    fn limits_skip_and_keep_what_was_read() {
        let zeros = vec![0u8; 5000];
        let zip = zip_of(&[
            ("a.txt", b"first"),
            ("big.txt", &zeros),
            ("b.txt", b"second"),
            ("c.txt", &zeros[..900]),
            ("d.txt", &zeros[..900]),
            ("e.txt", b"never"),
        ]);
        let limits = Limits {
            entries: 100,
            entry_bytes: 1000,
            total_bytes: 1500,
        };
        let got = item_names(&read_with("a.zip", &zip, &Options::default(), limits));
        assert_eq!(got[0], "text a.zip/a.txt");
        assert!(got[1].starts_with(
            "skipped a.zip/big.txt: 5000 bytes uncompressed, more than the 1000 bytes limit"
        ));
        assert_eq!(got[2], "text a.zip/b.txt");
        assert!(got[3].starts_with("skipped a.zip/c.txt: binary"));
        assert!(
            got[4].starts_with("skipped a.zip/d.txt: the archive holds more than 1500 bytes"),
            "{got:?}"
        );
        assert!(got[4].ends_with("the 1 after it were not read"));
        assert_eq!(got.len(), 5);

        let few = Limits {
            entries: 2,
            ..limits
        };
        let got = item_names(&read_with("a.zip", &zip, &Options::default(), few));
        assert_eq!(got.len(), 3);
        assert!(got[2].contains("6 entries; only the first 2"));
    }

    /// Patches the declared uncompressed size of every entry to `size`.
    fn lie_about_sizes(zip: &mut [u8], size: u32) {
        let mut i = 0;
        while i + 4 <= zip.len() {
            let sig = &zip[i..i + 4];
            let at = if sig == b"PK\x03\x04" {
                Some(i + 22)
            } else if sig == b"PK\x01\x02" {
                Some(i + 24)
            } else {
                None
            };
            if let Some(at) = at {
                zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i += 1;
        }
    }

    #[test]
    fn lying_headers_are_bounded() {
        let zeros = vec![b'a'; 50_000];
        let mut zip = zip_of(&[("bomb.txt", &zeros), ("ok.txt", b"fine")]);
        lie_about_sizes(&mut zip, 10);
        let limits = Limits {
            entries: 100,
            entry_bytes: 1000,
            total_bytes: 100_000,
        };
        let got = item_names(&read_with("a.zip", &zip, &Options::default(), limits));
        assert!(
            got[0].starts_with("skipped a.zip/bomb.txt: more than 1000 bytes uncompressed (its header claimed 10 bytes)"),
            "{got:?}"
        );
    }

    #[test]
    fn a_budget_is_shared_by_archives_and_what_fits_is_read() {
        let big = vec![b'\n'; 3000];
        let first = zip_of(&[("a.txt", b"first entry"), ("big.txt", &big)]);
        let second = zip_of(&[("big.txt", &big), ("b.txt", b"second entry")]);
        let mut budget = Budget::new(4000);
        let got = item_names(&read_within(
            "1.zip",
            &first,
            &Options::default(),
            &mut budget,
        ));
        assert_eq!(got, ["text 1.zip/a.txt", "text 1.zip/big.txt"]);
        assert_eq!(budget.left, 4000 - 3011);
        let got = item_names(&read_within(
            "2.zip",
            &second,
            &Options::default(),
            &mut budget,
        ));
        assert_eq!(
            got,
            [
                "skipped 2.zip/big.txt: 3000 bytes once decompressed, more than the 989 bytes left of the 4000 bytes limit on decompressed bytes for all the files together; not read",
                "text 2.zip/b.txt",
            ]
        );
        assert_eq!(budget.left, 989 - 12);
        // A header that understates the size does not get past the budget.
        let mut lying = zip_of(&[("big.txt", &big)]);
        lie_about_sizes(&mut lying, 10);
        let got = item_names(&read_within(
            "3.zip",
            &lying,
            &Options::default(),
            &mut budget,
        ));
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with(
                "skipped 3.zip/big.txt: 3000 bytes once decompressed, more than the 977 bytes left"
            ),
            "{got:?}"
        );
        assert_eq!(budget.left, 977, "what was refused is not counted");
    }

    #[test]
    fn broken_archives_are_skipped() {
        for bytes in [&b"PK\x03\x04garbage"[..], b"", b"PK\x05\x06"] {
            let got = item_names(&read("a.zip", bytes, &Options::default()));
            assert_eq!(got.len(), 1);
            assert!(
                got[0].starts_with("skipped a.zip: not a valid zip archive"),
                "{got:?}"
            );
        }
        let empty = zip_of(&[]);
        assert_eq!(
            item_names(&read("e.zip", &empty, &Options::default())),
            ["skipped e.zip: the archive holds no files"]
        );
        let mut zip = zip_of(&[("a.txt", b"hello there")]);
        let len = zip.len();
        zip.truncate(len - 30);
        let _ = read("t.zip", &zip, &Options::default());
    }
}
