//! The `dedup` command: every file written with later copies removed,
//! plus a removal log. Nothing is written into, over or under an input;
//! the log is placed first; an output that cannot be written is named and
//! the others are still written.

use std::collections::VecDeque;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use paradup::{dedup, KeepTexts, Kind, Report, Role};

use super::files::{display_name, modified_ms};
use super::source::SourceFile;
use super::{load, log, output, status, warn, Analyzed, Input, KindArg, TROUBLE};

/// Which copy of each group of duplicates `dedup` keeps.
#[derive(Args)]
pub(super) struct KeepArgs {
    /// Which copy of each duplicated paragraph to keep (after --prefer):
    /// the first in input order, the longest (most words), or the one in
    /// the file modified last (ties go to the first; with no time for a
    /// copy, such as standard input or an archive entry, the first).
    #[arg(long, value_enum, default_value_t = KeepArg::First)]
    keep: KeepArg,
    /// Keep copies in documents whose name (the path as given) matches
    /// this glob before any other, for example 'corpus/canonical/**'
    /// (`*` also matches `/`). Repeatable: a copy matching an earlier
    /// pattern wins over one matching a later pattern.
    #[arg(long, value_name = "GLOB")]
    prefer: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum KeepArg {
    First,
    Longest,
    Newest,
}

impl KeepArgs {
    /// The patterns, compiled; an error names the pattern it refuses.
    fn globs(&self) -> Result<globset::GlobSet, String> {
        let mut set = globset::GlobSetBuilder::new();
        for p in &self.prefer {
            let glob = globset::Glob::new(p)
                .map_err(|e| format!("--prefer {p:?} is not a valid glob: {}", e.kind()))?;
            set.add(glob);
        }
        set.build().map_err(|e| format!("--prefer: {e}"))
    }
}

/// What decides the kept copies: each document's rank (the first pattern
/// its name matches) and, for `newest`, its file's modification time
/// (none for archive entries, whose own times are not read, nor for
/// anything but a regular file).
fn keep_of(args: &KeepArgs, globs: &globset::GlobSet, a: &Analyzed) -> dedup::Keep {
    let report: &Report = &a.report;
    let ranks = report
        .documents
        .iter()
        .map(|d| {
            // `./a.txt` is matched as `a.txt` too.
            let bare = d.name.trim_start_matches("./");
            let hits = globs.matches(&d.name).into_iter();
            hits.chain(globs.matches(bare))
                .min()
                .and_then(|i| u32::try_from(i).ok())
        })
        .collect();
    let policy = match args.keep {
        KeepArg::First => dedup::Policy::First,
        KeepArg::Longest => dedup::Policy::Longest,
        KeepArg::Newest => dedup::Policy::Newest,
    };
    let mut modified = vec![None; report.documents.len()];
    if policy == dedup::Policy::Newest {
        for f in &a.files {
            let time = modified_ms(&f.found.path);
            for d in f.documents.iter().filter(|d| !d.is_entry()) {
                modified[d.index] = time;
            }
        }
    }
    dedup::Keep {
        policy,
        prefer: args.prefer.clone(),
        ranks,
        modified,
    }
}

pub(super) fn dedup_command(
    input: &Input,
    out: &Path,
    kinds: &[KindArg],
    keep: &KeepArgs,
) -> Result<i32, String> {
    let globs = keep.globs()?;
    // Against a reference (decontamination), the reference copy always
    // stays: it is not written out, so keeping a new copy instead would
    // remove nothing.
    if !input.against.is_empty()
        && (!matches!(keep.keep, KeepArg::First) || !keep.prefer.is_empty())
    {
        return Err(
            "--keep and --prefer do not apply with --against: the reference copy is always the one kept"
                .into(),
        );
    }
    // Refused before the analysis, and again for the files found in
    // folders (links among them may lead into `out`).
    let given = input.paths.iter().chain(&input.against);
    output::refuse_overlap(out, given.map(PathBuf::as_path), "--out")?;
    super::templates::require(&input.ignore)?;
    // Dedup shows no paragraph, so no extracted text is kept.
    let a = load(input, KeepTexts::Never)?;
    output::refuse_overlap(out, a.files.iter().map(|f| f.found.path.as_path()), "--out")?;
    let keep = keep_of(keep, &globs, &a);
    let logged_keep = dedup::logged_keep(&a.report, &keep);
    if let Some(first) = logged_keep.without_time.first() {
        warn(&format!(
            "note: --keep newest: {} document(s) have no modification time (such as {first}); duplicated paragraphs with a copy in them keep their first occurrence (the log lists them under without_time)",
            logged_keep.without_time.len()
        ));
    }
    let kinds: Vec<Kind> = kinds
        .iter()
        .map(|k| match k {
            KindArg::Exact => Kind::Exact,
            KindArg::Near => Kind::Near,
            KindArg::Contained => Kind::Contained,
        })
        .collect();
    let copies = dedup::removals_by_document(&a.report, &kinds, &keep);
    let mut staging = output::Staging::new(out)?;
    let log_rel = Path::new(dedup::LOG_NAME);
    let log_file = staging.create(log_rel)?;
    let mut names = dedup::OutputNames::new();
    let (mut written, mut removed) = (0, 0);
    let mut not_written = Vec::new();
    let mut failure = None;
    // Each file is read, deduplicated and staged when the log reaches its
    // documents, so neither file bytes nor log entries pile up.
    // Reference files are only read: nothing of theirs is written.
    let reference = |f: &&SourceFile| {
        let docs = &a.report.documents;
        f.documents
            .iter()
            .any(|d| docs[d.index].role == Some(Role::Reference))
    };
    let mut files = a
        .files
        .iter()
        .filter(|f| !f.documents.is_empty() && !reference(f));
    let mut pending = VecDeque::new();
    let documents = std::iter::from_fn(|| loop {
        if let Some(d) = pending.pop_front() {
            return Some(d);
        }
        let file = files.next()?;
        match dedup_file(&a, file, &copies, &mut staging, &mut names) {
            Ok(logged) => {
                for d in &logged {
                    removed += d.removed.len();
                    match &d.not_written {
                        Some(reason) => not_written.push(reason.clone()),
                        None if d.output.is_some() => written += 1,
                        None => {}
                    }
                }
                pending.extend(logged);
            }
            Err(e) => {
                failure = Some(e);
                return None;
            }
        }
    });
    let log = log::StreamedLog::new(&kinds, &logged_keep, documents);
    let mut w = io::BufWriter::new(log_file);
    let result = serde_json::to_writer_pretty(&mut w, &log)
        .map_err(io::Error::other)
        .and_then(|_| w.flush());
    drop(w);
    // A failure so far leaves nothing behind: the staging folder goes.
    if let Some(e) = failure {
        return Err(e);
    }
    let log_path = staging.target(log_rel);
    result.map_err(|e| format!("cannot write {}: {e}", display_name(&log_path)))?;
    // The log goes into place first: whatever fails later, it is there.
    let failed = staging.commit(Some(log_rel))?;
    if !failed.is_empty() {
        written -= failed.len();
        mark_not_written(&log_path, &failed)?;
        not_written.extend(failed.into_iter().map(|(_, reason)| reason));
    }
    for reason in &not_written {
        warn(&format!("not written: {reason}"));
    }
    warn(&format!(
        "wrote {} files to {} ({} paragraphs removed; log in {})",
        written,
        display_name(out),
        removed,
        display_name(&log_path)
    ));
    if !not_written.is_empty() {
        warn(&format!(
            "{} file(s) not written; the log lists them under not_written",
            not_written.len()
        ));
        return Ok(TROUBLE);
    }
    Ok(status(&a))
}

/// Records in the log (already in place) the outputs that could not be
/// renamed into place after it was written.
fn mark_not_written(log_path: &Path, failed: &[(PathBuf, String)]) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot update {}: {e}", display_name(log_path));
    let bytes = fs::read(log_path).map_err(|e| fail(&e))?;
    let mut log: dedup::Log = serde_json::from_slice(&bytes).map_err(|e| fail(&e))?;
    for doc in &mut log.documents {
        let output = doc.output_bytes()?;
        if let Some((_, reason)) = failed
            .iter()
            .find(|(rel, _)| output.as_deref() == Some(&output::bytes_of_path(rel)[..]))
        {
            doc.not_written = Some(reason.clone());
        }
    }
    let json = serde_json::to_vec_pretty(&log).map_err(|e| fail(&e))?;
    let folder = log_path.parent().unwrap_or(Path::new("."));
    let mut staging = output::Staging::new(folder)?;
    let rel = Path::new(dedup::LOG_NAME);
    staging.stage(rel, &json)?;
    staging.commit(Some(rel)).map(|_| ())
}

/// Deduplicates the documents of one file and stages their outputs;
/// returns their log entries (an output that cannot be staged is marked
/// `not_written` there).
fn dedup_file(
    a: &Analyzed,
    file: &SourceFile,
    copies: &[Vec<dedup::Remove>],
    staging: &mut output::Staging,
    names: &mut dedup::OutputNames,
) -> Result<Vec<dedup::LoggedDocument>, String> {
    let bytes = file.reread()?;
    let sources = file.sources(&a.report, &bytes, &a.options)?;
    let relative = output::bytes_of_path(&file.found.relative);
    let mut logged = Vec::new();
    for (i, (d, source)) in file.documents.iter().zip(&sources).enumerate() {
        let doc = d.index;
        let (kept, mut entry) = dedup::document(&a.report, doc, source, &copies[doc]);
        let document = &a.report.documents[doc];
        if let Some(rel) =
            dedup::output_relative(&relative, &file.found.name, document, i, d.is_entry())
        {
            let name = names.claim(&rel);
            entry.set_output(&name);
            if let Err(reason) = staging.stage(&output::path_from_bytes(&name), &kept) {
                entry.not_written = Some(reason);
            }
        }
        logged.push(entry);
    }
    Ok(logged)
}
