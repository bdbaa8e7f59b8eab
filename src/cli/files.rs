//! Finding the files to analyze.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// A file found from the user's paths.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where to read it.
    pub path: PathBuf,
    /// Its name in the report: the path as the user would write it
    /// ([`display_name`]).
    pub name: String,
    /// A relative path safe to write under an output folder. It keeps the
    /// path's own bytes, so an output file is named exactly as its input.
    pub relative: PathBuf,
    /// Found by walking a folder, so it must be a regular file: a pipe,
    /// device or socket found there is never opened.
    pub from_folder: bool,
}

/// A path that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path's [`display_name`].
    pub name: String,
    /// Why it was not read.
    pub reason: String,
    /// True when it could not be read (trouble, exit status 2); false when
    /// it was left out on purpose (a pipe, device or socket in a folder).
    pub trouble: bool,
}

/// How a path is named in the report and in messages: the path as given,
/// with any byte that is not valid UTF-8 written `\xHH`
/// ([`paradup::escape::bytes_name`]), so two names that differ only in
/// such bytes stay apart. Names are escaped for the terminal when printed.
pub fn display_name(path: impl AsRef<Path>) -> String {
    paradup::escape::bytes_name(path.as_ref().as_os_str().as_encoded_bytes()).into_owned()
}

/// What tells two paths to the same file apart from two files: the
/// canonical path, or the path as given when it cannot be resolved.
pub fn identity(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Expands `paths`: files are taken as given, whatever their kind (a pipe
/// or `/dev/stdin` named on the command line is read); directories are
/// walked recursively (in sorted order, following links but never looping)
/// for regular files among [`paradup::FOLDER_EXTENSIONS`] and `include`
/// glob matches. Problems are returned naming the path, in the order met;
/// everything else is still collected.
pub fn collect(paths: &[PathBuf], include: &[String]) -> (Vec<Found>, Vec<Problem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Err(e) => problems.push(unreadable(p, e)),
            Ok(m) if m.is_dir() => {
                let mut seen = HashSet::new();
                let base = p.file_name().map(PathBuf::from).unwrap_or_default();
                walk(p, &base, include, &mut seen, &mut found, &mut problems);
            }
            Ok(_) => found.push(Found {
                path: p.clone(),
                name: display_name(p),
                relative: safe_relative(Path::new(p.file_name().unwrap_or(p.as_os_str()))),
                from_folder: false,
            }),
        }
    }
    (found, problems)
}

fn unreadable(path: &Path, e: std::io::Error) -> Problem {
    Problem {
        name: display_name(path),
        reason: e.to_string(),
        trouble: true,
    }
}

/// What a file that is neither a regular file nor a folder is, for the
/// reason it is skipped.
pub fn special_kind(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_char_device() {
            return "a character device";
        } else if t.is_block_device() {
            return "a block device";
        }
    }
    let _ = t;
    "a special file"
}

/// Why a special file met in a folder is not read.
pub fn not_regular(t: fs::FileType) -> String {
    format!(
        "{}, not a regular file: folders are searched for regular files only",
        special_kind(t)
    )
}

fn walk(
    dir: &Path,
    rel: &Path,
    include: &[String],
    seen: &mut HashSet<PathBuf>,
    found: &mut Vec<Found>,
    problems: &mut Vec<Problem>,
) {
    // Canonical paths catch symlink loops.
    match fs::canonicalize(dir) {
        Ok(c) => {
            if !seen.insert(c) {
                return;
            }
        }
        Err(e) => {
            problems.push(unreadable(dir, e));
            return;
        }
    }
    let entries = match fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => {
            problems.push(unreadable(dir, e));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(PathBuf::from).unwrap_or_default();
        // Links are followed: a link to a device is a device.
        match fs::metadata(&path) {
            Err(e) => problems.push(unreadable(&path, e)),
            Ok(m) if m.is_dir() => walk(&path, &rel.join(&name), include, seen, found, problems),
            Ok(_) if !wanted(&name.to_string_lossy(), include) => {}
            Ok(m) if m.is_file() => found.push(Found {
                name: display_name(&path),
                relative: safe_relative(&rel.join(&name)),
                path,
                from_folder: true,
            }),
            // Opening a FIFO would block until something writes to it, and
            // a device may never end: only files the walk would read are
            // named, the way they would have been.
            Ok(m) => problems.push(Problem {
                name: display_name(&path),
                reason: not_regular(m.file_type()),
                trouble: false,
            }),
        }
    }
}

fn wanted(file_name: &str, include: &[String]) -> bool {
    let lower = file_name.to_ascii_lowercase();
    paradup::FOLDER_EXTENSIONS
        .iter()
        .any(|ext| lower.ends_with(&format!(".{ext}")))
        || include.iter().any(|g| glob_match(g, file_name))
}

/// Matches `*` (any run) and `?` (any one character) against a file name.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut i, mut j) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// When the regular file at `path` was last modified, in milliseconds
/// since the Unix epoch (negative before it); `None` for anything else (a
/// pipe such as standard input, a device, a file that is gone) or when the
/// system keeps no such time.
pub fn modified_ms(path: &Path) -> Option<i64> {
    let meta = fs::metadata(path).ok().filter(fs::Metadata::is_file)?;
    let time = meta.modified().ok()?;
    match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).ok(),
        Err(before) => i64::try_from(before.duration().as_millis())
            .ok()
            .map(|ms| -ms),
    }
}

/// Keeps only normal components, so a name can never climb out of the
/// output folder.
pub fn safe_relative(p: &Path) -> PathBuf {
    let out: PathBuf = p
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s),
            _ => None,
        })
        .collect();
    if out.as_os_str().is_empty() {
        PathBuf::from("unnamed")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.html", "page.html"));
        assert!(glob_match("a?c*", "abcdef"));
        assert!(!glob_match("*.html", "page.htm"));
        assert!(glob_match("*", ""));
    }

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(safe_relative(Path::new("../../x")), PathBuf::from("x"));
        assert_eq!(
            safe_relative(Path::new("/etc/passwd")),
            PathBuf::from("etc/passwd")
        );
        assert_eq!(safe_relative(Path::new("..")), PathBuf::from("unnamed"));
    }
}
