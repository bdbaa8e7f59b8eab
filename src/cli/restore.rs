//! The `restore` command: the files `dedup` was given, rebuilt byte for
//! byte from its output folder and its log.
//!
//! Each file dedup wrote is rebuilt under the same relative name in the
//! restore folder: a text file as it was before dedup; a file dedup wrote
//! unchanged (HTML, .docx, a CSV or JSON Lines file) as it is; an archive
//! entry (written as `archive.zip/entry`) as the entry's uncompressed
//! bytes — the archive itself is not rebuilt, since dedup neither writes
//! nor logs its compressed form. Every rebuilt file is checked against the
//! length and hash the log recorded.

use std::fs;
use std::path::Path;

use paradup::dedup::{self, Log};

use super::files::display_name;
use super::output;
use super::{warn, TROUBLE};

pub(super) fn restore_command(log_path: &Path, out: &Path) -> Result<i32, String> {
    let bytes =
        fs::read(log_path).map_err(|e| format!("cannot read {}: {e}", display_name(log_path)))?;
    let log: Log = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not a paradup dedup log: {e}", display_name(log_path)))?;
    drop(bytes);
    let folder = match log_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Restoring into the dedup folder would write over what it restores from.
    output::refuse_overlap(out, [folder, log_path], "--out")?;
    let mut staging = output::Staging::new(out)?;
    let mut trouble = Vec::new();
    let mut restored = 0;
    for doc in &log.documents {
        let Some(rel) = doc.output_bytes()? else {
            continue;
        };
        let rel = output::path_from_bytes(&dedup::safe_relative(&rel));
        if let Some(reason) = &doc.not_written {
            trouble.push(format!(
                "cannot restore {}: dedup did not write it ({reason})",
                doc.name
            ));
            continue;
        }
        let source = folder.join(&rel);
        let result = fs::read(&source)
            .map_err(|e| format!("cannot read {}: {e}", display_name(source)))
            .and_then(|kept| dedup::restore(&kept, doc))
            .and_then(|original| staging.stage(&rel, &original));
        match result {
            Ok(()) => restored += 1,
            Err(e) => trouble.push(format!("cannot restore {}: {e}", doc.name)),
        }
    }
    for (rel, reason) in staging.commit(None)? {
        restored -= 1;
        trouble.push(format!("cannot restore {}: {reason}", display_name(rel)));
    }
    for t in &trouble {
        warn(t);
    }
    warn(&format!(
        "restored {restored} files to {}",
        display_name(out)
    ));
    Ok(if trouble.is_empty() { 0 } else { TROUBLE })
}
