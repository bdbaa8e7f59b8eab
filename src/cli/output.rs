//! Writing an output folder without harming the inputs: a folder that is,
//! contains or lies inside an input is refused before anything is written,
//! and every file is written under a temporary name, then renamed into
//! place only when complete, so nothing partial is left under a final name.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use super::files::display_name;

/// `path` made absolute with its links resolved as far as it exists; the
/// part that does not exist yet is appended as written.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::canonicalize(existing) {
            Ok(mut resolved) => {
                for c in rest.iter().rev() {
                    match c {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::Normal(name) => resolved.push(name),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            Err(e) => match (existing.parent(), existing.components().next_back()) {
                (Some(parent), Some(last)) => {
                    rest.push(last);
                    existing = parent;
                }
                _ => return Err(e),
            },
        }
    }
}

/// The places `input` stands for: where its links lead, and the link
/// itself (its folder resolved, its own name kept).
fn places(input: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(target) = fs::canonicalize(input) {
        out.push(target);
    }
    if let (Some(parent), Some(name)) = (input.parent(), input.file_name()) {
        if let Ok(folder) = resolve(parent) {
            out.push(folder.join(name));
        }
    }
    out
}

/// Refuses an output folder `out` that is, contains or lies inside one of
/// `inputs` (once links are resolved): writing there could replace or
/// shadow an input. `what` names the output option in the message.
pub fn refuse_overlap<'p>(
    out: &Path,
    inputs: impl IntoIterator<Item = &'p Path>,
    what: &str,
) -> Result<(), String> {
    let folder =
        resolve(out).map_err(|e| format!("cannot resolve {what} {}: {e}", display_name(out)))?;
    for input in inputs {
        for place in places(input) {
            let relation = if place == folder {
                "is"
            } else if folder.starts_with(&place) {
                "lies inside"
            } else if place.starts_with(&folder) {
                "contains"
            } else {
                continue;
            };
            return Err(format!(
                "{what} {} {relation} the input {} ({}); nothing was written: choose a folder apart from the inputs",
                display_name(out),
                display_name(input),
                display_name(&place)
            ));
        }
    }
    Ok(())
}

/// A path from the bytes of a `/`-separated relative name.
pub fn path_from_bytes(name: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(OsStr::from_bytes(name))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(name).into_owned())
    }
}

/// The bytes of a relative path, `/`-separated.
pub fn bytes_of_path(path: &Path) -> Vec<u8> {
    let parts: Vec<&OsStr> = path.iter().collect();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        parts
            .iter()
            .map(|p| p.as_bytes())
            .collect::<Vec<_>>()
            .join(&b'/')
    }
    #[cfg(not(unix))]
    {
        parts
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
            .into_bytes()
    }
}

/// Files written under temporary names in a hidden folder inside the
/// output folder, renamed into place by [`Staging::commit`]. Whatever is
/// not committed is removed when the staging is dropped.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    staged: Vec<PathBuf>,
}

impl Staging {
    /// Creates the output folder (if needed) and a staging folder in it.
    pub fn new(out: &Path) -> Result<Staging, String> {
        fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", display_name(out)))?;
        let pid = std::process::id();
        for n in 0..1000 {
            let dir = out.join(format!(".paradup-partial-{pid}-{n}"));
            match fs::create_dir(&dir) {
                Ok(()) => {
                    return Ok(Staging {
                        out: out.to_path_buf(),
                        dir,
                        staged: Vec::new(),
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(format!("cannot write in {}: {e}", display_name(out))),
            }
        }
        Err(format!(
            "cannot write in {}: no free temporary name",
            display_name(out)
        ))
    }

    /// The final path of `rel`.
    pub fn target(&self, rel: &Path) -> PathBuf {
        self.out.join(rel)
    }

    /// A new staged file for `rel`, to be written by the caller (then
    /// [`Staging::discard`]ed if that fails). An error, naming the final
    /// path, if `rel` cannot be placed in the output folder.
    pub fn create(&mut self, rel: &Path) -> Result<fs::File, String> {
        let target = self.target(rel);
        let fail =
            |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", display_name(&target));
        self.check_target(rel).map_err(|e| fail(&e))?;
        let temp = self.dir.join(rel);
        if let Some(parent) = temp.parent() {
            fs::create_dir_all(parent).map_err(|e| fail(&e))?;
        }
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| fail(&e))?;
        self.staged.push(rel.to_path_buf());
        Ok(file)
    }

    /// Stages `rel` with `bytes`.
    pub fn stage(&mut self, rel: &Path, bytes: &[u8]) -> Result<(), String> {
        let mut file = self.create(rel)?;
        if let Err(e) = file.write_all(bytes).and_then(|_| file.flush()) {
            self.discard(rel);
            return Err(format!(
                "cannot write {}: {e}",
                display_name(self.target(rel))
            ));
        }
        Ok(())
    }

    /// Forgets and removes the staged file `rel`.
    pub fn discard(&mut self, rel: &Path) {
        let _ = fs::remove_file(self.dir.join(rel));
        self.staged.retain(|s| s != rel);
    }

    /// Why `rel` cannot be placed in the output folder as it stands: a
    /// file (or a link) where a folder is needed, or a folder where the
    /// file goes. Links inside the output folder are not written through.
    fn check_target(&self, rel: &Path) -> Result<(), String> {
        let mut at = self.out.clone();
        let parts: Vec<&OsStr> = rel.iter().collect();
        for (k, part) in parts.iter().enumerate() {
            at.push(part);
            let last = k + 1 == parts.len();
            match fs::symlink_metadata(&at) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e.to_string()),
                Ok(m) if last && m.is_dir() => {
                    return Err("a folder of that name is in the way".into())
                }
                Ok(m) if !last && m.file_type().is_symlink() => {
                    return Err(format!(
                        "{} is a link, and dedup does not write through links",
                        display_name(&at)
                    ))
                }
                Ok(m) if !last && !m.is_dir() => {
                    return Err(format!(
                        "{} is a file where a folder is needed",
                        display_name(&at)
                    ))
                }
                Ok(_) => {}
            }
        }
        Ok(())
    }

    /// Renames every staged file into place, `first` before the others:
    /// if `first` cannot be placed, nothing else is and its error is
    /// returned. Otherwise returns the files that could not be placed,
    /// each with the reason.
    pub fn commit(mut self, first: Option<&Path>) -> Result<Vec<(PathBuf, String)>, String> {
        let staged = std::mem::take(&mut self.staged);
        if let Some(first) = first.filter(|f| staged.iter().any(|s| s == f)) {
            self.place(first)?;
        }
        let mut failed = Vec::new();
        for rel in staged.iter().filter(|s| Some(s.as_path()) != first) {
            if let Err(e) = self.place(rel) {
                failed.push((rel.clone(), e));
            }
        }
        Ok(failed)
    }

    fn place(&self, rel: &Path) -> Result<(), String> {
        let target = self.target(rel);
        let fail =
            |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", display_name(&target));
        self.check_target(rel).map_err(|e| fail(&e))?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| fail(&e))?;
        }
        fs::rename(self.dir.join(rel), &target).map_err(|e| fail(&e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // The staging folder is ours alone (created new, with our pid).
        let _ = fs::remove_dir_all(&self.dir);
    }
}
