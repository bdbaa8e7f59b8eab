//! Finding the files to analyze.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// A file found from the user's paths.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where to read it.
    pub path: PathBuf,
    /// Its name in the report: the path as the user would write it.
    pub name: String,
    /// A relative path safe to write under an output folder.
    pub relative: PathBuf,
}

/// Expands `paths`: files are taken as given, directories are walked
/// recursively (in sorted order, following links but never looping) for
/// [`paradup::FOLDER_EXTENSIONS`] and `include` glob matches. Problems are returned
/// as messages naming the path; everything else is still collected.
pub fn collect(paths: &[PathBuf], include: &[String]) -> (Vec<Found>, Vec<(String, String)>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Err(e) => errors.push((p.display().to_string(), e.to_string())),
            Ok(m) if m.is_dir() => {
                let mut seen = HashSet::new();
                let base = p.file_name().map(PathBuf::from).unwrap_or_default();
                walk(p, &base, include, &mut seen, &mut found, &mut errors);
            }
            Ok(_) => found.push(Found {
                path: p.clone(),
                name: p.display().to_string(),
                relative: safe_relative(Path::new(p.file_name().unwrap_or(p.as_os_str()))),
            }),
        }
    }
    (found, errors)
}

fn walk(
    dir: &Path,
    rel: &Path,
    include: &[String],
    seen: &mut HashSet<PathBuf>,
    found: &mut Vec<Found>,
    errors: &mut Vec<(String, String)>,
) {
    // Canonical paths catch symlink loops.
    match fs::canonicalize(dir) {
        Ok(c) => {
            if !seen.insert(c) {
                return;
            }
        }
        Err(e) => {
            errors.push((dir.display().to_string(), e.to_string()));
            return;
        }
    }
    let entries = match fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) => {
            errors.push((dir.display().to_string(), e.to_string()));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(PathBuf::from).unwrap_or_default();
        match fs::metadata(&path) {
            Err(e) => errors.push((path.display().to_string(), e.to_string())),
            Ok(m) if m.is_dir() => walk(&path, &rel.join(&name), include, seen, found, errors),
            Ok(_) if wanted(&name.to_string_lossy(), include) => found.push(Found {
                name: path.display().to_string(),
                relative: safe_relative(&rel.join(&name)),
                path,
            }),
            Ok(_) => {}
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
