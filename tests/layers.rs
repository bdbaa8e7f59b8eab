//! The core's modules form layers (issue 8, "acyclic layers"): a module
//! uses only modules of lower layers, so decoding knows nothing of readers
//! and the report nothing of the readers that fill it. Checked on the
//! source: every `crate::module` path outside comments and test modules.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, from the bottom up. A module may use the modules of lower
/// layers (and its own submodules), never one of its own layer or above.
/// A new module takes its place here.
const LAYERS: &[&[&str]] = &[
    // Work split over threads.
    &["parallel"],
    // Leaves: no module of the crate but `parallel`.
    &["diff", "escape", "normalize", "segment", "shingle", "spill"],
    // Bytes to text, and the settings (with their error type).
    &["decode", "error"],
    &["options"],
    // The JSON contract, with every type it serializes.
    &["report"],
    // Files to documents; passages over documents' words.
    &["passages", "read"],
    &["analyze"],
    // Working from a report: text and CSV, dedup output and its zip.
    &["dedup", "render", "stats", "refindex"],
    // The wasm boundary.
    &["wasm"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The `.rs` files under `dir`, sorted.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file: test modules (from the first `#[cfg(test)]`) and
/// comments left out.
fn code(text: &str) -> String {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first path segment of every `crate::…` path, grouped imports
/// (`use crate::{a::X, b}`) included.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            out.insert(ident(rest).to_owned());
            continue;
        };
        // The first segment of each element of the outermost group.
        let mut depth = 0;
        let mut start = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => start = true,
                c if start && !c.is_whitespace() => {
                    out.insert(ident(&group[i..]).to_owned());
                    start = false;
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap();
        let module = first.strip_suffix(".rs").unwrap_or(first);
        // The crate root, the command-line tool (a crate of its own) and the
        // crate's unit tests, which may reach any module.
        if matches!(module, "lib" | "main" | "cli" | "tests") {
            continue;
        }
        let Some(own) = layer(module) else {
            wrong.push(format!(
                "{}: module `{module}` has no layer in tests/layers.rs",
                rel.display()
            ));
            continue;
        };
        for used in crate_paths(&code(&fs::read_to_string(path).unwrap())) {
            // Items re-exported at the crate root name no module.
            let Some(theirs) = layer(&used) else { continue };
            if used != module && theirs >= own {
                wrong.push(format!(
                    "{}: `{module}` (layer {own}) uses `crate::{used}` (layer {theirs})",
                    rel.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn paths_are_found_in_groups_and_comments_are_not() {
    let text = "use crate::decode::X;\n// crate::wasm\nuse crate::{\n    read::{a, b},\n    report,\n};\nfn f() { crate::spill::g() }\n#[cfg(test)]\nuse crate::analyze;\n";
    let found: Vec<String> = crate_paths(&code(text)).into_iter().collect();
    assert_eq!(found, ["decode", "read", "report", "spill"]);
}
