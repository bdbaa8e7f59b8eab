//! `--ignore FILE`: template files read before the documents.

use std::path::PathBuf;

use paradup::Analyzer;

use super::source::{self, Unread};
use super::{files, warn};

/// Reads the template files and folders `paths` into `analyzer` (before
/// any document), as documents are read: every format, within `max`
/// bytes. A path that cannot be read is named on stderr and in the
/// report's skipped list, and the analysis goes on without it, as for a
/// document; returns whether there was such trouble (exit status 2).
pub fn add(analyzer: &mut Analyzer, paths: &[PathBuf], max: u64) -> Result<bool, String> {
    let (found, problems) = files::collect(paths, &[]);
    let mut trouble = false;
    for p in problems {
        trouble |= p.trouble;
        not_read(analyzer, &p.name, &p.reason, p.trouble);
    }
    for f in found {
        match source::read_input(&f, max) {
            Ok((bytes, _)) => {
                let added = analyzer
                    .add_template(&f.name, &bytes)
                    .map_err(|e| e.to_string())?;
                for s in &added.skipped {
                    warn(&format!("skipped template {}: {}", s.name, s.reason));
                }
            }
            Err(Unread::NotRegular(reason)) => not_read(analyzer, &f.name, &reason, false),
            Err(Unread::Failed(reason)) => {
                not_read(analyzer, &f.name, &reason, true);
                trouble = true;
            }
        }
    }
    Ok(trouble)
}

/// Names a template that was not read, on stderr and in the report.
fn not_read(analyzer: &mut Analyzer, name: &str, reason: &str, trouble: bool) {
    let verb = if trouble { "cannot read" } else { "skipped" };
    warn(&format!("{verb} template {name}: {reason}"));
    analyzer.skip(name, &format!("template not read: {reason}"));
}

/// For `dedup`: fails, naming the first, if a template path cannot be
/// found or listed. Writing files without a template the user named would
/// remove the very text they asked to keep, so nothing is written.
pub fn require(paths: &[PathBuf]) -> Result<(), String> {
    let (_, problems) = files::collect(paths, &[]);
    match problems.into_iter().find(|p| p.trouble) {
        Some(p) => Err(format!(
            "cannot read template {}: {}; nothing written",
            p.name, p.reason
        )),
        None => Ok(()),
    }
}
