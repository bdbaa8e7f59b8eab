//! Output names: where dedup writes each document, one rule for the CLI's
//! folder and the page's zip, made safe and unique.

use std::collections::HashSet;

use crate::report::{DocumentReport, SourceFormat};

use super::LOG_NAME;

/// Keeps only the normal components of a `/`- or `\`-separated name, so
/// it can never climb out of the output folder (nor, in a zip, be read as
/// such by an unzipper that takes `\` for a separator); `unnamed` if
/// nothing is left.
pub fn safe_relative(name: &[u8]) -> Vec<u8> {
    let parts: Vec<&[u8]> = name
        .split(|&b| b == b'/' || b == b'\\')
        .filter(|c| !c.is_empty() && *c != b"." && *c != b"..")
        .collect();
    if parts.is_empty() {
        b"unnamed".to_vec()
    } else {
        parts.join(&b'/')
    }
}

/// Where dedup writes a document, relative to the output folder, before
/// [`OutputNames`] makes it unique; `None` if it is not written on its own.
///
/// `file_relative` is the file's relative name (the CLI's path under the
/// folder walked, the page's name), `file_name` its name in the report,
/// `ordinal` the document's position among the file's documents and
/// `is_entry` whether it is an archive entry. A file is written once, as
/// its first document; archive entries get a path of their own under the
/// archive's name. A file of records (JSON Lines, CSV) is written once,
/// unchanged, and records inside archives are not written one by one.
pub fn output_relative(
    file_relative: &[u8],
    file_name: &str,
    document: &DocumentReport,
    ordinal: usize,
    is_entry: bool,
) -> Option<Vec<u8>> {
    let record = matches!(document.format, SourceFormat::Jsonl | SourceFormat::Csv);
    match (is_entry, ordinal) {
        (true, _) if record => None,
        (true, _) => {
            let name = &document.name;
            let inner = name.strip_prefix(file_name).unwrap_or(name);
            let mut rel = safe_relative(file_relative);
            rel.push(b'/');
            rel.extend(safe_relative(inner.as_bytes()));
            Some(rel)
        }
        (false, 0) => Some(safe_relative(file_relative)),
        (false, _) => None,
    }
}

/// The output names handed out so far. A name already taken, the log's
/// name, and a name that would need a file where a folder is (or the
/// reverse, as archive entries `x` and `x/y.txt` would) get `-2`, `-3`, …
/// before the extension of the component that clashes.
#[derive(Debug, Clone)]
pub struct OutputNames {
    files: HashSet<Vec<u8>>,
    folders: HashSet<Vec<u8>>,
}

impl Default for OutputNames {
    fn default() -> Self {
        OutputNames {
            files: HashSet::from([LOG_NAME.as_bytes().to_vec()]),
            folders: HashSet::new(),
        }
    }
}

impl OutputNames {
    /// No name taken but the log's.
    pub fn new() -> Self {
        Self::default()
    }

    /// A unique name for `rel` (a [`safe_relative`] name), now taken.
    pub fn claim(&mut self, rel: &[u8]) -> Vec<u8> {
        let parts: Vec<&[u8]> = rel.split(|&b| b == b'/').collect();
        let mut path: Vec<u8> = Vec::with_capacity(rel.len() + 4);
        for (k, part) in parts.iter().enumerate() {
            let last = k + 1 == parts.len();
            let base = path.len();
            for n in 1.. {
                path.truncate(base);
                if base > 0 {
                    path.push(b'/');
                }
                if n == 1 {
                    path.extend_from_slice(part);
                } else {
                    path.extend(numbered(part, n));
                }
                let clash = self.files.contains(&path) || (last && self.folders.contains(&path));
                if !clash {
                    break;
                }
            }
            if !last {
                self.folders.insert(path.clone());
            }
        }
        self.files.insert(path.clone());
        path
    }
}

/// `name` with `-n` before its extension.
fn numbered(name: &[u8], n: usize) -> Vec<u8> {
    let suffix = format!("-{n}");
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => [&name[..dot], suffix.as_bytes(), &name[dot..]].concat(),
        _ => [name, suffix.as_bytes()].concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_are_safe_unique_and_never_clash_with_a_folder() {
        assert_eq!(safe_relative(b"../../a/./b\\..\\c.txt"), b"a/b/c.txt");
        assert_eq!(safe_relative(b"/.."), b"unnamed");
        let mut names = OutputNames::new();
        let mut claim = |n: &str| String::from_utf8(names.claim(n.as_bytes())).unwrap();
        assert_eq!(claim(LOG_NAME), "paradup-dedup-log-2.json");
        assert_eq!(claim("a.txt"), "a.txt");
        assert_eq!(claim("a.txt"), "a-2.txt");
        assert_eq!(claim("z.zip/x"), "z.zip/x");
        assert_eq!(claim("z.zip/x/y.txt"), "z.zip/x-2/y.txt");
        assert_eq!(claim("z.zip/x-2"), "z.zip/x-2-2");
        assert_eq!(claim(".hidden"), ".hidden");
        assert_eq!(claim(".hidden"), ".hidden-2");
    }
}
