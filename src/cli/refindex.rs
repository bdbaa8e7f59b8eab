//! The saved reference index: `paradup index REF… --out FILE` prepares the
//! reference once and files each reference file under its lookup values
//! (`paradup::__internals::Writer`); `analyze NEW… --against FILE` (an
//! index is known by its first bytes) looks up the new files' values and
//! reads only the reference files that hold one, plus any file changed
//! since it was indexed. The analysis of those is the ordinary
//! `--against` one, so its reuse is that of a check against the whole
//! reference (`docs/against.md`, "A saved reference index").

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::UNIX_EPOCH;

use clap::Args;
use paradup::__internals::{
    is_index, lookup_keys, LookupKeys, Reader, Writer, LOOKUP_RULES, MAX_FILES,
};
use paradup::{Analyzer, KeepTexts, Options, ReferenceIndexUse};
use serde::{Deserialize, Serialize};

use super::files::{self, Found, Problem};
use super::source::{self, Preloaded, Unread};
use super::{parse_file_size, parse_memory, parse_threads, warn, Input, Preparation, TROUBLE};

/// `paradup index`: its own options, those of `analyze` that decide how
/// files are found and prepared (a check must give the same).
#[derive(Args)]
pub struct IndexArgs {
    /// Reference files or folders, as `--against` takes them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The index file to write.
    #[arg(long)]
    out: PathBuf,
    /// Also read files matching this glob (for example '*.html') in folders.
    #[arg(long)]
    include: Vec<String>,
    #[command(flatten)]
    preparation: Preparation,
    /// Memory for the index's entries while it is built; beyond it they
    /// spill to temporary files (same units as analyze's --memory).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_memory)]
    memory: usize,
    /// Largest reference file read (same units as --memory).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_file_size)]
    max_file_size: u64,
    /// Folder for temporary files [default: the system's].
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<PathBuf>,
    /// Files prepared at once [default: the available cores].
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    threads: Option<usize>,
    /// No progress on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// What an index says of itself (JSON, in the file after the tables).
#[derive(Serialize, Deserialize)]
struct Header {
    /// The paradup that wrote it.
    version: String,
    /// Its lookup rules ([`LOOKUP_RULES`]); absent (0) in an index written
    /// before they were recorded.
    #[serde(default)]
    lookup_rules: u32,
    /// The folder the paths were given from.
    cwd: Vec<u8>,
    /// The paths given, as bytes.
    roots: Vec<Vec<u8>>,
    include: Vec<String>,
    max_file_size: u64,
    /// The options the files were prepared with (only those that decide
    /// preparation are compared).
    options: Options,
    /// Every file indexed, in the order `--against` would read them; the
    /// tables name them by position.
    files: Vec<IndexedFile>,
}

/// A reference file as it was when indexed.
#[derive(Serialize, Deserialize)]
struct IndexedFile {
    path: Vec<u8>,
    size: u64,
    /// Modification time in nanoseconds since 1970, if the system has one.
    modified: Option<u128>,
    /// Whether it was read and its values filed.
    indexed: bool,
    /// Why it could not be read when indexed: a check tries it again, and
    /// reads every file only if it can be read now.
    #[serde(default)]
    unread: Option<String>,
    /// Why the reader skipped it whole (a binary file, say): a check that
    /// does not read it lists it in `skipped` so, as a full check does.
    #[serde(default)]
    skipped: Option<String>,
    /// It gave skipped parts (archive entries, records) beside documents:
    /// a check reads it, for the same `skipped` list as a full check.
    #[serde(default)]
    read_always: bool,
}

/// What preparing one reference file gave: its lookup values, and what
/// the reader skipped in it.
struct Prepared {
    keys: LookupKeys,
    documents: usize,
    skipped: Vec<paradup::Skipped>,
}

fn path_bytes(p: &Path) -> Vec<u8> {
    p.as_os_str().as_encoded_bytes().to_vec()
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// A file's size and modification time now.
fn stamp(path: &Path) -> Option<(u64, Option<u128>)> {
    let m = fs::metadata(path).ok()?;
    let modified = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos());
    Some((m.len(), modified))
}

/// Options as `analyze` would have them for preparation.
fn preparation(a: &IndexArgs) -> Options {
    a.preparation.apply(Options {
        // Grams are indexed whatever the check asks: passages on.
        passages: true,
        ..Options::default()
    })
}

/// What makes two option sets prepare and find files alike.
fn same_preparation(a: &Options, b: &Options) -> bool {
    a.segmentation == b.segmentation
        && a.min_words == b.min_words
        && a.shingle_words == b.shingle_words
        && a.skip_datelines == b.skip_datelines
}

/// Prepares files on worker threads, each with a re-matchable analyzer
/// kept across its files (its vocabulary of stems is reused): the lookup
/// values of every file read, sent to `each` on the calling thread as
/// `(position, values)`, in any order. Files that cannot be read are sent
/// as errors.
fn prepare_all(
    found: &[Found],
    options: &Options,
    max: u64,
    threads: usize,
    each: &mut dyn FnMut(usize, Result<Prepared, Unread>) -> Result<(), String>,
) -> Result<(), String> {
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::sync_channel(2 * threads);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let next = &next;
            s.spawn(move || {
                let Ok(mut a) = Analyzer::keeping(options.clone()) else {
                    return;
                };
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(f) = found.get(i) else { break };
                    let keys = source::read_input(f, max).map(|(bytes, _)| {
                        let added = a.add_file_keeping(&f.name, &bytes, KeepTexts::Never);
                        let keys = Prepared {
                            keys: lookup_keys(&a).unwrap_or_default(),
                            documents: added.documents.len(),
                            skipped: added.skipped,
                        };
                        // Removing a document copies those left, so a
                        // file of many records (JSONL, CSV) gets a fresh
                        // analyzer; a single document goes cheaply.
                        if a.documents() > 1 {
                            if let Ok(fresh) = Analyzer::keeping(options.clone()) {
                                a = fresh;
                            }
                        }
                        while a.documents() > 0 {
                            let _ = a.remove_document(a.documents() - 1);
                        }
                        while a.remove_skipped(0) {}
                        keys
                    });
                    if tx.send((i, keys)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut result = Ok(());
        for (i, keys) in rx {
            if result.is_ok() {
                result = each(i, keys);
            }
        }
        result
    })
}

/// `paradup index`: writes the index; exit status 0, or 2 when a
/// reference could not be read (it is left out, the rest indexed).
pub fn index_command(args: &IndexArgs) -> Result<i32, String> {
    if args.out.is_dir() {
        return Err(format!(
            "--out {} is a folder; give the index file to write",
            files::display_name(&args.out)
        ));
    }
    // An index is replaced; anything else is not paradup's to overwrite.
    if args.out.exists() && !is_index(&args.out) {
        return Err(format!(
            "--out {} exists and is not a reference index; not overwritten",
            files::display_name(&args.out)
        ));
    }
    let options = preparation(args);
    options.validate().map_err(|e| e.to_string())?;
    let (found, problems) = files::collect(&args.paths, &args.include);
    let mut trouble = false;
    for p in &problems {
        let verb = if p.trouble { "cannot read" } else { "skipped" };
        warn(&format!("{verb} reference {}: {}", p.name, p.reason));
        trouble |= p.trouble;
    }
    let temp = args.temp_dir.clone().unwrap_or_else(std::env::temp_dir);
    let shown = files::display_name(&temp);
    let mut writer = Writer::new(args.memory, Some(&temp))
        .map_err(|e| format!("temporary folder {shown}: {e} (see --temp-dir)"))?;
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    if found.len() > MAX_FILES {
        return Err(format!(
            "{} reference files, more than the {MAX_FILES} one index holds; index them in parts",
            found.len()
        ));
    }
    let stamps: Vec<_> = found.iter().map(|f| stamp(&f.path)).collect();
    let mut ok = vec![false; found.len()];
    // Per file: why it could not be read, why it was skipped whole, and
    // whether it gave skipped parts beside documents.
    let mut unread: Vec<Option<String>> = vec![None; found.len()];
    let mut skipped: Vec<Option<String>> = vec![None; found.len()];
    let mut read_always = vec![false; found.len()];
    let mut bytes = 0u64;
    let mut done = 0usize;
    prepare_all(
        &found,
        &options,
        args.max_file_size,
        threads,
        &mut |i, keys| {
            done += 1;
            match keys {
                Ok(prepared) => {
                    writer
                        .add(i as u32, &prepared.keys)
                        .map_err(|e| format!("cannot write temporary files in {shown}: {e}"))?;
                    ok[i] = true;
                    bytes += stamps[i].map_or(0, |s| s.0);
                    match &prepared.skipped[..] {
                        [] => {}
                        [s] if prepared.documents == 0 && s.name == found[i].name => {
                            skipped[i] = Some(s.reason.clone())
                        }
                        _ => read_always[i] = true,
                    }
                }
                Err(Unread::NotRegular(reason)) => {
                    warn(&format!("skipped {}: {reason}", found[i].name));
                    unread[i] = Some(reason);
                }
                Err(Unread::Failed(reason)) => {
                    warn(&format!("cannot read {}: {reason}", found[i].name));
                    trouble = true;
                    unread[i] = Some(reason);
                }
            }
            if !args.quiet && done.is_multiple_of(500) {
                warn(&format!("indexed {done} of {} files", found.len()));
            }
            Ok(())
        },
    )?;
    // Files that were not read are listed with the reason, not indexed: a
    // check tries them again (and meets their trouble again).
    let files = found
        .iter()
        .enumerate()
        .map(|(i, f)| IndexedFile {
            path: path_bytes(&f.path),
            size: stamps[i].map_or(0, |s| s.0),
            modified: stamps[i].and_then(|s| s.1),
            indexed: ok[i] && stamps[i].is_some(),
            unread: unread[i].take(),
            skipped: skipped[i].take(),
            read_always: read_always[i],
        })
        .collect();
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let header = Header {
        version: env!("CARGO_PKG_VERSION").into(),
        lookup_rules: LOOKUP_RULES,
        cwd: path_bytes(&cwd),
        roots: args.paths.iter().map(|p| path_bytes(p)).collect(),
        include: args.include.clone(),
        max_file_size: args.max_file_size,
        options,
        files,
    };
    let header = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
    let staged = staging_name(&args.out);
    let file = fs::File::create(&staged)
        .map_err(|e| format!("cannot write {}: {e}", files::display_name(&staged)))?;
    let written = writer.write(&header, file);
    if let Err(e) = written.and_then(|_| fs::rename(&staged, &args.out)) {
        let _ = fs::remove_file(&staged);
        return Err(format!(
            "cannot write {}: {e}",
            files::display_name(&args.out)
        ));
    }
    if !args.quiet {
        let size = fs::metadata(&args.out).map_or(0, |m| m.len());
        warn(&format!(
            "indexed {} reference files ({} bytes) into {} ({} bytes)",
            ok.iter().filter(|&&x| x).count(),
            bytes,
            files::display_name(&args.out),
            size
        ));
    }
    Ok(if trouble { TROUBLE } else { 0 })
}

/// A name beside `out` to write the index under before it is complete.
fn staging_name(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    out.with_file_name(name)
}

/// The reference side of a check with an index ([`references`]).
pub struct References {
    /// The reference files to read, in `--against` order.
    pub found: Vec<Found>,
    /// Paths (and indexes) that could not be used.
    pub problems: Vec<Problem>,
    /// What each index saved, for the report.
    pub uses: Vec<ReferenceIndexUse>,
    /// Inputs that can be read only once, read for their lookup values:
    /// the analysis takes these bytes instead of reading them again.
    pub preloaded: Preloaded,
    /// Passage grams that more reference documents hold than a gram may
    /// to link or anchor, whose holders are not read: the analysis must
    /// count them as common (`set_common_grams`).
    pub common_grams: Vec<u64>,
}

/// Whether any `--against` path is a saved index.
pub fn any_index(against: &[PathBuf]) -> bool {
    against.iter().any(|p| is_index(p))
}

/// The reference files of a check whose `--against` paths include a
/// saved index: each plain path's files, and for each index the files of
/// its paths that can share text with the inputs, in `--against` order.
/// Returns them, the problems met (an index that cannot be used is one,
/// named, and the rest goes on), and what each index saved.
pub fn references(input: &Input) -> Result<References, String> {
    let options = input.options();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut uses = Vec::new();
    let mut keys: Option<LookupKeys> = None;
    let mut common_grams = Vec::new();
    let preloaded = Preloaded::default();
    let inputs = Given::new(input);
    // A path given twice is one reference, as in a full check (where its
    // files are found once).
    let mut against: Vec<&PathBuf> = Vec::new();
    for p in &input.against {
        if !against
            .iter()
            .any(|q| files::identity(q) == files::identity(p))
        {
            against.push(p);
        }
    }
    for &p in &against {
        if !is_index(p) {
            let (f, pr) = files::collect(std::slice::from_ref(p), &input.include);
            found.extend(f);
            problems.extend(pr);
            continue;
        }
        let name = files::display_name(p);
        let trouble = |reason: String| Problem {
            name: name.clone(),
            reason,
            trouble: true,
        };
        let mut reader = match Reader::open(p) {
            Ok(r) => r,
            Err(e) => {
                problems.push(trouble(e));
                continue;
            }
        };
        let header: Header = match serde_json::from_slice(reader.header()) {
            Ok(h) => h,
            Err(e) => {
                problems.push(trouble(format!(
                    "damaged reference index (header: {e}); build it again"
                )));
                continue;
            }
        };
        if let Some(reason) = mismatch(&header, input, &options) {
            problems.push(trouble(reason));
            continue;
        }
        // The paths as given when indexing, from the folder they were
        // given in.
        let here = std::env::current_dir().ok();
        let then = path_of(&header.cwd);
        // A path saved relative to another folder than this one: joined
        // with it and taken relative to this one, as a full check from here
        // would be given it (the same for the roots and the files found
        // under them, so a file walked is known by its saved path).
        let locate = |saved: &[u8]| {
            let p = path_of(saved);
            match &here {
                Some(here) if p.is_relative() && *here != then => {
                    // Leading `..` folded into the saved folder (which has
                    // no links left in it), so the name is the one a full
                    // check from here gives, not `drafts/../archive/…`.
                    let mut whole = then.clone();
                    let mut rest = p.components().peekable();
                    while rest.next_if_eq(&std::path::Component::ParentDir).is_some() {
                        whole.pop();
                    }
                    whole.extend(rest);
                    relative_to(here, &whole).unwrap_or(whole)
                }
                _ => p,
            }
        };
        let roots: Vec<PathBuf> = header.roots.iter().map(|r| locate(r)).collect();
        let (walked, pr) = files::collect(&roots, &header.include);
        problems.extend(pr);
        let keys = match &keys {
            Some(k) => k,
            None => keys.insert(new_keys(input, &options, &preloaded)),
        };
        // A damaged table is said as such (the problem names the index).
        let hits = reader.select(keys, options.passages).map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                e.to_string()
            } else {
                format!("cannot read {name}: {e}")
            }
        });
        let (hits, common) = match hits {
            Ok(h) => (h.files, h.common),
            Err(e) => {
                problems.push(trouble(e));
                continue;
            }
        };
        if hits
            .last()
            .is_some_and(|&h| h as usize >= header.files.len())
        {
            problems.push(trouble(
                "damaged reference index (a file number out of range); build it again".into(),
            ));
            continue;
        }
        let by_path: HashMap<Vec<u8>, usize> = header
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (path_bytes(&locate(&f.path)), i))
            .collect();
        let total = walked.len() as u64;
        // Which walked file is which indexed one, and whether the index
        // still describes the reference: its counts of holders decide what
        // is read, so any file changed, added or gone since it was built
        // makes the check read every file (still the same report, only
        // slower), with the files named.
        let mut seen = vec![false; header.files.len()];
        let mut number = Vec::with_capacity(walked.len());
        let mut current = true;
        // Files that could not be read when indexed and still cannot: read
        // by the analysis (which meets the same trouble), like a full check.
        let mut retried = vec![false; walked.len()];
        for (w, f) in walked.iter().enumerate() {
            let indexed = by_path.get(path_bytes(&f.path).as_slice()).copied();
            match indexed {
                Some(i) => {
                    seen[i] = true;
                    let was = &header.files[i];
                    if let (false, Some(then)) = (was.indexed, &was.unread) {
                        match source::read_input(f, input.max_file_size) {
                            Err(e) => {
                                retried[w] = true;
                                preloaded.keep(&f.path, Err(e));
                            }
                            Ok(read) => {
                                warn(&format!(
                                    "{} could not be read when reference index {name} was built ({then}) but can be now: every reference file is read (build the index again)",
                                    f.name
                                ));
                                preloaded.keep(&f.path, Ok(read));
                                current = false;
                            }
                        }
                    } else if !was.indexed {
                        warn(&format!(
                            "{} could not be read when reference index {name} was built: every reference file is read (build the index again)",
                            f.name
                        ));
                        current = false;
                    } else if stamp(&f.path) != Some((was.size, was.modified)) {
                        warn(&format!(
                            "{} changed since reference index {name} was built: every reference file is read (build the index again)",
                            f.name
                        ));
                        current = false;
                    }
                }
                None => {
                    warn(&format!(
                        "{} is not in reference index {name} (added since it was built?): every reference file is read (build the index again)",
                        f.name
                    ));
                    current = false;
                }
            }
            number.push(indexed);
        }
        for (i, _) in seen.iter().enumerate().filter(|(_, &s)| !s) {
            warn(&format!(
                "{} is in reference index {name} but no longer there: every reference file is read (build the index again)",
                files::display_name(locate(&header.files[i].path))
            ));
            current = false;
        }
        // Which files must be read depends on how many documents hold
        // each value in the whole reference: other references beside the
        // index hold some too, so the index is then read whole.
        if against.len() > 1 && current {
            warn(&format!(
                "reference index {name} is given with other --against paths: every file of it is read (give the index alone to read only what can match)"
            ));
            current = false;
        }
        if current {
            common_grams = common;
        }
        let mut read = 0u64;
        for ((f, i), retried) in walked.into_iter().zip(number).zip(retried) {
            let was = i.map(|i| &header.files[i]);
            let take = !current
                || retried
                || was.is_some_and(|w| w.read_always)
                || i.is_some_and(|i| hits.binary_search(&(i as u32)).is_ok())
                || inputs.holds(&f);
            if take {
                read += 1;
                found.push(f);
            } else if fs::File::open(&f.path).is_err() {
                // Unreadable now (its permissions changed, say), which its
                // size and time do not tell: the analysis meets the trouble
                // as a full check would, whatever was recorded of it.
                read += 1;
                found.push(f);
            } else if let Some(reason) = was.and_then(|w| w.skipped.clone()) {
                // Skipped whole when indexed and unchanged since: listed
                // as a full check lists it, without reading it again.
                preloaded.keep(&f.path, Err(Unread::NotRegular(reason)));
                found.push(f);
            }
        }
        if !input.quiet {
            warn(&format!(
                "reference index {name}: read {read} of {total} reference files (the others cannot share reported text with the inputs)"
            ));
        }
        uses.push(ReferenceIndexUse {
            index: name,
            files: total,
            read,
        });
    }
    Ok(References {
        found,
        problems,
        uses,
        preloaded,
        common_grams,
    })
}

/// The input files of a check, to know a reference file that is one of
/// them: it is read whatever it holds, so that it is read once, as a
/// reference, as in a check against the whole reference (and a check of
/// nothing but references is refused the same way).
struct Given {
    /// Their file names, so only a reference file named like an input is
    /// resolved.
    names: std::collections::HashSet<std::ffi::OsString>,
    /// Their resolved paths (the analysis's own test of the same file).
    paths: std::collections::HashSet<PathBuf>,
}

impl Given {
    fn new(input: &Input) -> Given {
        let (news, _) = files::collect(&input.paths, &input.include);
        Given {
            names: news
                .iter()
                .filter_map(|f| f.path.file_name().map(|n| n.to_os_string()))
                .collect(),
            paths: news.iter().map(|f| files::identity(&f.path)).collect(),
        }
    }

    fn holds(&self, f: &Found) -> bool {
        f.path.file_name().is_some_and(|n| self.names.contains(n))
            && self.paths.contains(&files::identity(&f.path))
    }
}

/// `target` relative to the folder `base` (both absolute), with `..` for
/// each of `base`'s folders that `target` is not under; `None` when they
/// share no root (another drive).
fn relative_to(base: &Path, target: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let (b, t): (Vec<Component>, Vec<Component>) =
        (base.components().collect(), target.components().collect());
    if !base.is_absolute() || !target.is_absolute() || b.first() != t.first() {
        return None;
    }
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    out.extend(&t[common..]);
    Some(out)
}

/// Why an index cannot serve this check, if it cannot.
fn mismatch(header: &Header, input: &Input, options: &Options) -> Option<String> {
    // Another paradup may file and select differently: its index could
    // leave out files that share text, so it is not used at all.
    let version = env!("CARGO_PKG_VERSION");
    if header.version != version || header.lookup_rules != LOOKUP_RULES {
        return Some(format!(
            "reference index built by paradup {} (lookup rules {}), this is paradup {version} (lookup rules {LOOKUP_RULES}); build it again",
            header.version, header.lookup_rules
        ));
    }
    let differs = if !same_preparation(&header.options, options) {
        Some("--segmentation, --min-words, --shingle-words or --keep-datelines")
    } else if header.include != input.include {
        Some("--include")
    } else if header.max_file_size != input.max_file_size {
        Some("--max-file-size")
    } else {
        None
    };
    differs.map(|what| {
        format!("reference index built with other {what} than this check; give the same or build it again")
    })
}

/// The lookup values of every input file (unreadable ones are left to the
/// analysis, which reports them). An input given by path that is not a
/// regular file (a pipe, stdin) can be read only once: it is read here and
/// its read kept in `preloaded` for the analysis.
fn new_keys(input: &Input, options: &Options, preloaded: &Preloaded) -> LookupKeys {
    let (news, _) = files::collect(&input.paths, &input.include);
    let mut prep = options.clone();
    prep.passages = true;
    let threads = input.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let mut all = LookupKeys::default();
    // One found in a folder is never opened (the analysis skips it).
    let (once, files): (Vec<Found>, Vec<Found>) = news
        .into_iter()
        .partition(|f| !f.from_folder && fs::metadata(&f.path).is_ok_and(|m| !m.is_file()));
    for f in &once {
        let read = source::read_input(f, input.max_file_size);
        if let (Ok((bytes, _)), Ok(mut a)) = (&read, Analyzer::keeping(prep.clone())) {
            a.add_file_keeping(&f.name, bytes, KeepTexts::Never);
            all.append(lookup_keys(&a).unwrap_or_default());
        }
        preloaded.keep(&f.path, read);
    }
    let _ = prepare_all(
        &files,
        &prep,
        input.max_file_size,
        threads,
        &mut |_, keys| {
            if let Ok(k) = keys {
                all.append(k.keys);
            }
            Ok(())
        },
    );
    all
}
