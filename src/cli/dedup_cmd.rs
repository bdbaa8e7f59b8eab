//! The `dedup` command: every file written with later copies removed,
//! plus a removal log.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use paradup::read::Item;
use paradup::{dedup, DocumentReport, Kind, SourceFormat};

use super::source::SourceFile;
use super::{files, load, log, status, Analyzed, Input, KindArg};

pub(super) fn dedup_command(input: &Input, out: &Path, kinds: &[KindArg]) -> Result<i32, String> {
    let a = load(input)?;
    let kinds: Vec<Kind> = kinds
        .iter()
        .map(|k| match k {
            KindArg::Exact => Kind::Exact,
            KindArg::Near => Kind::Near,
            KindArg::Contained => Kind::Contained,
        })
        .collect();
    let copies = dedup::copies_by_document(&a.report, &kinds);
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let log_path = out.join("paradup-dedup-log.json");
    let log_file = fs::File::create(&log_path)
        .map_err(|e| format!("cannot write {}: {e}", log_path.display()))?;
    // No input file may be written over the log.
    let mut used = HashSet::from([PathBuf::from("paradup-dedup-log.json")]);
    let (mut written, mut removed) = (0, 0);
    let mut failure = None;
    // Each file is read, deduplicated and written when the log reaches its
    // documents, so neither file bytes nor log entries pile up.
    let mut files = a.files.iter().filter(|f| !f.docs.is_empty());
    let mut pending = VecDeque::new();
    let documents = std::iter::from_fn(|| loop {
        if let Some(d) = pending.pop_front() {
            return Some(d);
        }
        let file = files.next()?;
        match dedup_file(&a, file, &copies, out, &mut used) {
            Ok((logged, files_written)) => {
                written += files_written;
                removed += logged.iter().map(|d| d.removed.len()).sum::<usize>();
                pending.extend(logged);
            }
            Err(e) => {
                failure = Some(e);
                return None;
            }
        }
    });
    let log = log::StreamedLog::new(&kinds, documents);
    let mut w = io::BufWriter::new(log_file);
    let result = serde_json::to_writer_pretty(&mut w, &log)
        .map_err(io::Error::other)
        .and_then(|_| w.flush());
    if let Some(e) = failure {
        // A log of part of the files would read as the whole story.
        let _ = fs::remove_file(&log_path);
        return Err(e);
    }
    if let Err(e) = result {
        let _ = fs::remove_file(&log_path);
        return Err(format!("cannot write {}: {e}", log_path.display()));
    }
    eprintln!(
        "paradup: wrote {} files to {} ({} paragraphs removed; log in {})",
        written,
        out.display(),
        removed,
        log_path.display()
    );
    Ok(status(&a))
}

/// Deduplicates the documents of one file and writes their outputs;
/// returns their log entries and the number of files written.
fn dedup_file(
    a: &Analyzed,
    file: &SourceFile,
    copies: &[Vec<dedup::DocumentCopy<'_>>],
    out: &Path,
    used: &mut HashSet<PathBuf>,
) -> Result<(Vec<dedup::LoggedDocument>, usize), String> {
    let bytes = file.reread()?;
    let mut logged = Vec::new();
    let mut written = 0;
    for (i, (doc, item)) in file
        .documents(&a.report, &bytes, &a.options)?
        .into_iter()
        .enumerate()
    {
        let source = item.source(&bytes);
        let (kept, entry) = dedup::document(&a.report, doc, source, &copies[doc]);
        logged.push(entry);
        let Some(rel) = output_path(file, i, &item, &a.report.documents[doc]) else {
            continue;
        };
        let target = out.join(unique(&rel, used));
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, kept).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        written += 1;
    }
    Ok((logged, written))
}

/// Where dedup writes document `i` of `file` under the output folder, if
/// anywhere. A file is written once, as its first document; archive entries
/// get a path of their own, under the archive's name. A file of records
/// (JSON Lines, CSV) is written once, unchanged, and records inside
/// archives are not written one by one.
fn output_path(
    file: &SourceFile,
    i: usize,
    item: &Item<'_>,
    document: &DocumentReport,
) -> Option<PathBuf> {
    let record = matches!(document.format, SourceFormat::Jsonl | SourceFormat::Csv);
    match (item.is_entry(), i) {
        (true, _) if record => None,
        (true, _) => {
            let name = &document.name;
            let inner = name.strip_prefix(&file.found.name).unwrap_or(name);
            Some(
                file.found
                    .relative
                    .join(files::safe_relative(Path::new(inner))),
            )
        }
        (false, 0) => Some(file.found.relative.clone()),
        (false, _) => None,
    }
}

/// `rel` with `-n` before its extension.
fn numbered(rel: &Path, n: usize) -> PathBuf {
    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
    rel.with_file_name(match rel.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    })
}

/// The first of `rel`, `rel-2`, `rel-3`, … not used yet.
fn unique(rel: &Path, used: &mut HashSet<PathBuf>) -> PathBuf {
    let mut candidate = rel.to_path_buf();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = numbered(rel, n);
        n += 1;
    }
    candidate
}
