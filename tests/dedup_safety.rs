//! `paradup dedup` never harms its inputs and never leaves a partial
//! result; `paradup restore` rebuilds the inputs byte for byte (issue 12,
//! defects 1, 2 and the dedup parts of 10).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{paradup, zip_of};
use paradup::dedup::{Log, LOG_NAME};

const SOURCE: &str = "The harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\n\nFishermen said the repairs were long overdue and thanked the council for acting quickly.\n";
const COPY: &str = "An opening paragraph about a choir concert in the town hall last Sunday evening.\n\nThe harbour council voted on Tuesday to rebuild the old stone pier before the winter storms.\n";

/// Every file under `dir` (links shown as `-> target`, not followed), by
/// relative path: a snapshot to compare before and after a run.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let m = fs::symlink_metadata(&p).unwrap();
            if m.file_type().is_symlink() {
                let target = fs::read_link(&p).unwrap();
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if m.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                stack.push(p);
            } else {
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A corpus folder `news/` with a copy, and a link to one of its files.
fn news() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    fs::create_dir(&news).unwrap();
    fs::write(news.join("gazette.txt"), SOURCE).unwrap();
    fs::write(news.join("post.txt"), COPY).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("gazette.txt", news.join("mirror.txt")).unwrap();
    dir
}

/// Runs a dedup that must be refused: exit 2, a message with `words`,
/// and nothing under `dir` changed (no log, no output, no folder).
fn assert_refused(dir: &Path, cwd: &Path, args: &[&str], words: &[&str]) {
    let before = tree(dir);
    let out = paradup(args, cwd);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    for w in words {
        assert!(err.contains(w), "{args:?}: {w:?} not in {err}");
    }
    assert_eq!(tree(dir), before, "{args:?} changed files");
}

#[test]
fn an_out_folder_that_is_an_input_is_refused_before_anything_is_written() {
    let dir = news();
    let news = dir.path().join("news");
    assert_refused(
        dir.path(),
        &news,
        &["dedup", ".", "--out", "."],
        &["--out . is the input .", "nothing was written"],
    );
    // The same input named twice, its own folder as --out.
    fs::create_dir(news.join("docs")).unwrap();
    fs::write(news.join("docs/a.txt"), COPY).unwrap();
    assert_refused(
        dir.path(),
        &news,
        &["dedup", "docs/a.txt", "docs/a.txt", "--out", "docs"],
        &["--out docs contains the input docs/a.txt"],
    );
    // An input folder inside --out.
    assert_refused(
        dir.path(),
        &news,
        &["dedup", "docs", "gazette.txt", "--out", "."],
        &["--out . contains the input docs"],
    );
    // --out inside an input folder, not yet created (nor created after).
    assert_refused(
        dir.path(),
        dir.path(),
        &["dedup", "news", "--out", "news/deduplicated/new"],
        &["lies inside the input news"],
    );
    // --out written another way (`..`, an absolute path) is the same folder.
    let absolute = news.display().to_string();
    assert_refused(
        dir.path(),
        &news.join("docs"),
        &["dedup", "../gazette.txt", "--out", &absolute],
        &["contains the input ../gazette.txt"],
    );
}

#[cfg(unix)]
#[test]
fn inputs_that_are_links_into_the_out_folder_are_refused() {
    let dir = news();
    let news = dir.path().join("news");
    let o = dir.path().join("o");
    fs::create_dir(&o).unwrap();
    fs::write(o.join("kept.txt"), SOURCE).unwrap();
    std::os::unix::fs::symlink("../o/kept.txt", news.join("into-out.txt")).unwrap();
    // Named on the command line...
    assert_refused(
        dir.path(),
        dir.path(),
        &["dedup", "news/into-out.txt", "news/post.txt", "--out", "o"],
        &["contains the input news/into-out.txt"],
    );
    // ...or found in a folder.
    assert_refused(
        dir.path(),
        dir.path(),
        &["dedup", "news", "--out", "o"],
        &["into-out.txt"],
    );
    // A link to a folder that holds --out.
    fs::remove_file(news.join("into-out.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("up")).unwrap();
    assert_refused(
        dir.path(),
        dir.path(),
        &["dedup", "up/news", "--out", "news/o"],
        &["lies inside the input up/news"],
    );
}

#[test]
fn a_file_and_a_folder_of_one_name_in_an_archive_are_both_written() {
    let dir = tempfile::tempdir().unwrap();
    let archive = zip_of(&[
        ("x", SOURCE.as_bytes()),
        ("x/y.txt", COPY.as_bytes()),
        (
            "z.txt",
            b"A third entry with a paragraph of its own, long enough to count.",
        ),
    ]);
    fs::write(dir.path().join("pack.zip"), archive).unwrap();
    let out = paradup(&["dedup", "pack.zip", "--out", "o"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let o = dir.path().join("o");
    assert_eq!(fs::read_to_string(o.join("pack.zip/x")).unwrap(), SOURCE);
    let kept = fs::read_to_string(o.join("pack.zip/x-2/y.txt")).unwrap();
    assert!(
        kept.starts_with("An opening paragraph") && !kept.contains("harbour"),
        "{kept}"
    );
    assert!(o.join("pack.zip/z.txt").exists());
    let log: Log = serde_json::from_slice(&fs::read(o.join(LOG_NAME)).unwrap()).unwrap();
    let outputs: Vec<_> = log.documents.iter().map(|d| d.output.as_deref()).collect();
    assert_eq!(
        outputs,
        [
            Some("pack.zip/x"),
            Some("pack.zip/x-2/y.txt"),
            Some("pack.zip/z.txt")
        ]
    );
}

/// Names the files and folders under `o` (recursively) that are left over
/// from a run: none may be a staging folder.
fn leftovers(o: &Path) -> Vec<String> {
    tree(o)
        .into_keys()
        .filter(|k| k.contains(".paradup-partial"))
        .collect()
}

#[test]
fn an_output_that_cannot_be_written_is_named_and_the_others_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{}.txt", "n".repeat(300));
    let archive = zip_of(&[
        (long.as_str(), COPY.as_bytes()),
        (
            "fine.txt",
            b"An entry that fits, with a paragraph of its own.\n",
        ),
    ]);
    fs::write(dir.path().join("pack.zip"), archive).unwrap();
    fs::write(dir.path().join("source.txt"), SOURCE).unwrap();
    fs::write(dir.path().join("blocked.txt"), COPY).unwrap();
    // A folder where one output goes.
    let o = dir.path().join("o");
    fs::create_dir_all(o.join("blocked.txt/inside")).unwrap();
    let out = paradup(
        &[
            "dedup",
            "source.txt",
            "pack.zip",
            "blocked.txt",
            "--out",
            "o",
        ],
        dir.path(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("not written: cannot write o/pack.zip/{long}")),
        "{err}"
    );
    assert!(
        err.contains(
            "not written: cannot write o/blocked.txt: a folder of that name is in the way"
        ),
        "{err}"
    );
    assert!(err.contains("2 file(s) not written"), "{err}");
    // The others are written, the log is there and says what is missing.
    assert_eq!(fs::read_to_string(o.join("source.txt")).unwrap(), SOURCE);
    assert!(fs::read_to_string(o.join("pack.zip/fine.txt"))
        .unwrap()
        .starts_with("An entry that fits"));
    let log: Log = serde_json::from_slice(&fs::read(o.join(LOG_NAME)).unwrap()).unwrap();
    let missing: Vec<&str> = log
        .documents
        .iter()
        .filter(|d| d.not_written.is_some())
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(
        missing,
        [format!("pack.zip/{long}").as_str(), "blocked.txt"]
    );
    assert!(
        o.join("blocked.txt/inside").is_dir(),
        "the folder in the way is left alone"
    );
    assert_eq!(leftovers(&o), Vec::<String>::new());
}

#[test]
fn a_run_that_fails_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), SOURCE).unwrap();
    // --out is a file: nothing can be written at all.
    fs::write(dir.path().join("o"), b"not a folder").unwrap();
    let out = paradup(&["dedup", "a.txt", "--out", "o"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot create o"), "{}", stderr(&out));
    assert_eq!(fs::read(dir.path().join("o")).unwrap(), b"not a folder");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// Every encoding and line ending a text file may come in, each with a
/// copy to remove.
fn encoded_corpus(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let cp1252 = |s: &str| encoding_rs::WINDOWS_1252.encode(s).0.into_owned();
    let utf16 = |s: &str, le: bool, bom: bool| -> Vec<u8> {
        let units: Vec<u16> = bom
            .then_some(0xFEFF)
            .into_iter()
            .chain(s.encode_utf16())
            .collect();
        units
            .into_iter()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    let accented =
        "Café owners on the quay said the new ferry timetable — at last — suits them.\n\n";
    let copy =
        format!("{accented}The “harbour” committee approved €40,000 for the pier.\n\n{accented}");
    let mixed = [
        accented.as_bytes(),
        &cp1252("The “harbour” committee approved €40,000 for the pier.\n\n"),
        &cp1252(accented),
        b"Bytes that are neither: \x81\x8d\xff\n",
    ]
    .concat();
    let files = vec![
        ("a-source.txt", accented.as_bytes().to_vec()),
        ("utf8.txt", copy.clone().into_bytes()),
        (
            "utf8-bom.md",
            [b"\xEF\xBB\xBF".as_slice(), copy.as_bytes()].concat(),
        ),
        ("crlf.txt", copy.replace('\n', "\r\n").into_bytes()),
        ("cp1252.txt", cp1252(&copy)),
        ("utf16le.txt", utf16(&copy, true, true)),
        ("utf16be.txt", utf16(&copy, false, true)),
        ("utf16le-no-bom.txt", utf16(&copy, true, false)),
        ("mixed.txt", mixed),
        (
            "page.html",
            format!("<p>{}</p>", accented.trim()).into_bytes(),
        ),
        (
            "records.csv",
            format!(
                "id,text\n1,\"{}\"\n2,\"{}\"\n",
                accented.trim(),
                accented.trim()
            )
            .into_bytes(),
        ),
    ];
    fs::create_dir_all(dir).unwrap();
    for (name, bytes) in &files {
        fs::write(dir.join(name), bytes).unwrap();
    }
    files
}

#[test]
fn restore_rebuilds_every_input_byte_for_byte_whatever_its_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let files = encoded_corpus(&dir.path().join("in"));
    let entries: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    fs::write(dir.path().join("in/pack.zip"), zip_of(&entries[1..])).unwrap();
    let out = paradup(&["dedup", "in", "--out", "d"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let log: Log =
        serde_json::from_slice(&fs::read(dir.path().join("d").join(LOG_NAME)).unwrap()).unwrap();
    // Copies went in every encoding; where the text cannot give the bytes
    // back, the log keeps them.
    for name in [
        "in/utf8.txt",
        "in/cp1252.txt",
        "in/utf16be.txt",
        "in/mixed.txt",
    ] {
        let d = log.documents.iter().find(|d| d.name == name).unwrap();
        assert!(!d.removed.is_empty(), "{name} lost no copy");
    }
    let mixed = log
        .documents
        .iter()
        .find(|d| d.name == "in/mixed.txt")
        .unwrap();
    assert!(
        mixed.removed.iter().any(|r| r.bytes_base64.is_some()),
        "{mixed:?}"
    );

    let out = paradup(
        &["restore", "d/paradup-dedup-log.json", "--out", "r"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Every file, and every archive entry but the CSV one (records inside
    // archives are not written by dedup, so there is nothing to restore).
    let count = 2 * files.len() - 2;
    assert!(
        stderr(&out).contains(&format!("restored {count} files to r")),
        "{}",
        stderr(&out)
    );
    let restored = tree(&dir.path().join("r/in"));
    for (name, bytes) in &files {
        assert_eq!(restored.get(*name), Some(bytes), "{name}");
        if !["a-source.txt", "records.csv"].contains(name) {
            // Archive entries come back as the entries' bytes.
            assert_eq!(
                restored.get(&format!("pack.zip/{name}")),
                Some(bytes),
                "pack.zip/{name}"
            );
        }
    }
}

#[test]
fn restore_refuses_to_write_over_what_it_restores_from_and_names_what_it_cannot_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("source.txt"), SOURCE).unwrap();
    fs::write(dir.path().join("copy.txt"), COPY).unwrap();
    let out = paradup(
        &["dedup", "source.txt", "copy.txt", "--out", "d"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let log = "d/paradup-dedup-log.json";
    assert_refused(
        dir.path(),
        dir.path(),
        &["restore", log, "--out", "d"],
        &["--out d is the input d"],
    );
    assert_refused(
        dir.path(),
        dir.path(),
        &["restore", log, "--out", "d/r"],
        &["lies inside the input d"],
    );
    assert_refused(
        dir.path(),
        dir.path(),
        &["restore", log, "--out", "."],
        &["contains the input d"],
    );
    assert_refused(
        dir.path(),
        dir.path(),
        &["restore", "nothing.json", "--out", "r"],
        &["cannot read nothing.json"],
    );
    assert_refused(
        dir.path(),
        dir.path(),
        &["restore", "copy.txt", "--out", "r"],
        &["copy.txt is not a paradup dedup log"],
    );
    // A deduplicated file edited since: named, the others still restored.
    let kept = fs::read_to_string(dir.path().join("d/copy.txt")).unwrap();
    fs::write(
        dir.path().join("d/copy.txt"),
        kept.replace("choir", "CHOIR"),
    )
    .unwrap();
    let out = paradup(&["restore", log, "--out", "r"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot restore copy.txt: the bytes rebuilt for copy.txt differ"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("r/source.txt")).unwrap(),
        SOURCE
    );
    assert!(!dir.path().join("r/copy.txt").exists());
    // A deduplicated file gone.
    fs::remove_file(dir.path().join("d/copy.txt")).unwrap();
    let out = paradup(&["restore", log, "--out", "r2"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot restore copy.txt: cannot read d/copy.txt"),
        "{}",
        stderr(&out)
    );
    assert_eq!(leftovers(&dir.path().join("r2")), Vec::<String>::new());
}
