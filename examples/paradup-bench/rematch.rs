//! The `rematch` subcommand: what adding one small file to an analyzed
//! corpus costs when the analysis is kept (`Analyzer::keeping`, as the
//! page does) against a fresh analysis of all the files, and what a
//! removal and a threshold change cost (issue 11 items 4 and 5). Each
//! kept report is checked against the fresh one, byte for byte as JSON.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use paradup::{Analyzer, Options, Report};

use super::throughput::read_dir_sorted;

/// Settings of the `rematch` subcommand.
pub struct RematchArgs {
    /// The analyzed corpus (every regular file, sorted by name).
    pub dir: PathBuf,
    /// Library options.
    pub options: Options,
}

/// The small file added: a paragraph of its own and one copied from the
/// corpus's first file, so the new file does match something.
fn small_file(first: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(first);
    let copied = text
        .split("\n\n")
        .find(|p| p.split_whitespace().count() >= 20)
        .unwrap_or("");
    format!(
        "A note added late: the ferry crew starts the first crossing before the sun comes up over the eastern hills.\n\n{copied}\n"
    )
    .into_bytes()
}

fn fresh(files: &[(String, Vec<u8>)], options: &Options) -> (Report, Duration) {
    let t = Instant::now();
    let mut a = Analyzer::new(options.clone()).expect("options");
    for (name, bytes) in files {
        a.add_file(name, bytes);
    }
    let r = a.finish().expect("report");
    (r, t.elapsed())
}

fn json(r: &Report) -> String {
    serde_json::to_string(r).expect("JSON")
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// The `rematch` subcommand.
pub fn run(args: &RematchArgs) -> Result<(), String> {
    let paths = read_dir_sorted(&args.dir).map_err(|e| format!("{}: {e}", args.dir.display()))?;
    let mut files = Vec::new();
    for p in &paths {
        let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let name = p
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        files.push((name, bytes));
    }
    let first = files.first().ok_or("the folder holds no file")?.1.clone();
    let mb = files.iter().map(|f| f.1.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "paradup-bench rematch (single-threaded): {} files, {mb:.1} MB; options: {}",
        files.len(),
        super::recall::describe(&args.options)
    );
    let options = &args.options;
    // The kept analysis of the corpus, as the page's first run.
    let t = Instant::now();
    let mut kept = Analyzer::keeping(options.clone()).map_err(|e| e.to_string())?;
    for (name, bytes) in &files {
        kept.add_file(name, bytes);
    }
    let first_report = kept
        .rematch(options, &mut |_| {})
        .map_err(|e| e.to_string())?;
    println!("kept analysis, first run:     {}", secs(t.elapsed()));
    if let Some((now, peak)) = super::throughput::memory() {
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        println!(
            "  memory after it: {:.0} MiB resident, peak {:.0} MiB",
            mib(now),
            mib(peak)
        );
    }
    let (fresh_report, _) = fresh(&files, options);
    assert_eq!(
        json(&first_report),
        json(&fresh_report),
        "first run differs"
    );
    drop((first_report, fresh_report));

    // One small file added: it alone is read, then everything matched.
    let added = ("zz-added.txt".to_owned(), small_file(&first));
    let t = Instant::now();
    kept.add_file(&added.0, &added.1);
    let read = t.elapsed();
    // When each stage starts (its first event), for where the time goes.
    let mut stages: Vec<(paradup::Stage, Duration)> = Vec::new();
    let report = kept
        .rematch(options, &mut |p| {
            if stages.last().is_none_or(|s| s.0 != p.stage) {
                stages.push((p.stage, t.elapsed()));
            }
        })
        .map_err(|e| e.to_string())?;
    let add = t.elapsed();
    print!("  reading the new file: to {}", secs(read));
    for (stage, start) in &stages {
        print!("; {stage} from {}", secs(*start));
    }
    println!("; end {}", secs(add));
    files.push(added);
    let (expected, full) = fresh(&files, options);
    let same = json(&report) == json(&expected);
    println!("fresh analysis, {} files:     {}", files.len(), secs(full));
    println!(
        "one small file added:         {} ({:.1}% of the fresh analysis), report identical: {same}",
        secs(add),
        100.0 * add.as_secs_f64() / full.as_secs_f64()
    );
    drop((report, expected));

    // The first document removed.
    let t = Instant::now();
    kept.remove_document(0).map_err(|e| e.to_string())?;
    let mut stages: Vec<(paradup::Stage, Duration)> = Vec::new();
    let report = kept
        .rematch(options, &mut |p| {
            if stages.last().is_none_or(|s| s.0 != p.stage) {
                stages.push((p.stage, t.elapsed()));
            }
        })
        .map_err(|e| e.to_string())?;
    let remove = t.elapsed();
    let (expected, _) = fresh(&files[1..], options);
    let same_removed = json(&report) == json(&expected);
    println!(
        "first file removed:           {}, report identical: {same_removed}",
        secs(remove),
    );
    print!(
        "  filing again: to {}",
        secs(stages.first().map_or(remove, |s| s.1))
    );
    for (stage, start) in &stages {
        print!("; {stage} from {}", secs(*start));
    }
    println!("; end {}", secs(remove));
    drop((report, expected));

    // Another near threshold.
    let other = Options {
        near_threshold: (options.near_threshold + 0.2).min(1.0),
        ..options.clone()
    };
    let t = Instant::now();
    let report = kept
        .rematch(&other, &mut |_| {})
        .map_err(|e| e.to_string())?;
    let threshold = t.elapsed();
    let (expected, _) = fresh(&files[1..], &other);
    println!(
        "near threshold {:.2}:          {}, report identical: {}",
        other.near_threshold,
        secs(threshold),
        json(&report) == json(&expected)
    );
    // The explorer's scores: every candidate pair down to 0.1.
    let t = Instant::now();
    let scores = kept.candidate_scores(0.1).map_err(|e| e.to_string())?;
    println!(
        "candidate scores down to 0.1: {} pairs in {}",
        scores.len(),
        secs(t.elapsed())
    );
    let same_min = minimums(&mut kept, &files[1..], &other)?;
    if let Some((_, peak)) = super::throughput::memory() {
        println!(
            "peak memory (whole run): {:.0} MiB",
            peak as f64 / (1024.0 * 1024.0)
        );
    }
    if !same || !same_removed || !same_min {
        return Err("the kept report differs from the fresh one".into());
    }
    Ok(())
}

/// The explorer's counts at other minimum passage lengths (each step
/// timed; the passages from what the re-match kept of each aligned pair),
/// then a re-match at one of them checked against a fresh analysis.
fn minimums(
    kept: &mut Analyzer,
    files: &[(String, Vec<u8>)],
    shown: &Options,
) -> Result<bool, String> {
    if !shown.passages {
        return Ok(true);
    }
    let explorer = kept.explorer(0.1).map_err(|e| e.to_string())?;
    let at = |min: usize| Options {
        min_passage_words: min,
        ..shown.clone()
    };
    for min in [20, 30, 8, 50, 100, 1] {
        let t = Instant::now();
        let p = explorer.counts(kept, &at(min)).map_err(|e| e.to_string())?;
        println!(
            "explorer, minimum {min:>3} words:  {} ({} passages, aligned again: {})",
            secs(t.elapsed()),
            p.passages,
            p.aligned_again
        );
    }
    let o = at(30);
    let t = Instant::now();
    let report = kept.rematch(&o, &mut |_| {}).map_err(|e| e.to_string())?;
    let rematched = t.elapsed();
    let (expected, full) = fresh(files, &o);
    let same = json(&report) == json(&expected);
    println!(
        "re-match at minimum 30 words: {} (fresh analysis {}), report identical: {same}",
        secs(rematched),
        secs(full)
    );
    Ok(same)
}
