//! Command-line parsing and the two commands, `analyze` and `dedup`.

mod dedup_cmd;
mod files;
mod log;
mod output;
mod progress;
mod refindex;
mod restore;
mod source;
mod templates;

// Test files in every format, shared with the library's tests.
#[cfg(test)]
#[allow(dead_code)]
#[path = "../../tests/common/format_fixtures.rs"]
mod format_fixtures;

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use paradup::{
    escape, render, Analyzer, ErrorKind, FileEvent, KeepTexts, Options, Reading, Report, Role,
    Segmentation, Spill,
};
use source::{SourceFile, Unread};

/// Exit status when nothing repeats (like `diff`).
const NO_DUPLICATES: i32 = 0;
/// Exit status when duplicates (or shared passages) were found.
const DUPLICATES: i32 = 1;
/// Exit status when something could not be done.
const TROUBLE: i32 = 2;

#[derive(Parser)]
#[command(
    name = "paradup",
    version,
    about = "Find paragraphs that repeat, within and across text files",
    after_help = "Exit status: 0 if no duplicates, 1 if duplicates or passages were found, 2 on trouble."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report duplicated paragraphs.
    Analyze {
        #[command(flatten)]
        input: Input,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// With --format csv, what a row is: a pair of matching paragraphs
        /// [default: pairs], or a passage reused inside or across
        /// paragraphs, with both sides' byte ranges and lines, or a paragraph
        /// ignored as template text (--ignore). Refused with
        /// the other formats (text lists both, JSON holds both).
        #[arg(long, value_enum, value_name = "ROWS")]
        rows: Option<RowsArg>,
    },
    /// Write every file with later copies removed, plus a removal log.
    Dedup {
        #[command(flatten)]
        input: Input,
        /// Folder to write the deduplicated files and `paradup-dedup-log.json` into.
        #[arg(long)]
        out: PathBuf,
        /// Kinds of copy to remove. Only whole paragraphs are removed:
        /// reused passages (inside or across paragraphs) are reported by
        /// `analyze`, never cut.
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = [KindArg::Exact, KindArg::Near])]
        kinds: Vec<KindArg>,
        #[command(flatten)]
        keep: dedup_cmd::KeepArgs,
    },
    /// Index reference text once, for fast checks against it
    /// (`analyze NEW… --against FILE`, with the index as FILE): only the
    /// reference files that can share text with the new ones are read.
    Index(refindex::IndexArgs),
    /// Rebuild, byte for byte, the files a dedup was given, from its output
    /// folder and log.
    Restore {
        /// The log, `paradup-dedup-log.json` in the dedup output folder.
        log: PathBuf,
        /// Folder to write the rebuilt files into (apart from the dedup folder).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Args)]
struct Input {
    /// Files or folders. Folders are searched recursively for text, Markdown,
    /// HTML, .docx, JSON Lines, CSV and .zip files (.txt .text .md .markdown
    /// .html .htm .xhtml .docx .jsonl .ndjson .csv .zip).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Also read files matching this glob (for example '*.html') in folders.
    #[arg(long)]
    include: Vec<String>,
    /// Template text to ignore (repeatable; a file in any format read, or
    /// a folder): paragraphs matching a paragraph of it (identical, near
    /// or contained, by the thresholds) are neither originals nor copies,
    /// never removed by dedup, and listed as ignored.
    #[arg(long, value_name = "FILE")]
    ignore: Vec<PathBuf>,
    /// Reference text to check the inputs against (repeatable; files or
    /// folders, read like the inputs): only reuse between an input and the
    /// reference is reported, with the reference as the original; reuse
    /// among reference files is never compared. Documents get a role
    /// (new or reference) in the report. A reference index written by
    /// `paradup index` is recognised by its first bytes: only the indexed
    /// files that can share text with the inputs are read.
    #[arg(long, value_name = "REF")]
    against: Vec<PathBuf>,
    /// With --against, report reuse among the inputs as well.
    #[arg(long, requires = "against")]
    within: bool,
    #[command(flatten)]
    preparation: Preparation,
    /// Lowest shingle resemblance (0–1) reported as near.
    #[arg(long, default_value_t = Options::default().near_threshold)]
    near: f64,
    /// Lowest containment (0–1) reported as contained.
    #[arg(long, default_value_t = Options::default().contained_threshold)]
    contained: f64,
    /// Flag clusters spanning at least this many documents as boilerplate.
    #[arg(long, default_value_t = Options::default().boilerplate_documents)]
    boilerplate_docs: usize,
    /// Do not look for passages reused inside and across paragraphs; match
    /// whole paragraphs only.
    #[arg(long)]
    no_passages: bool,
    /// Shortest passage reported, in words (on each side; two Han, kana or
    /// Thai characters count as one word).
    #[arg(long, value_name = "N", default_value_t = Options::default().min_passage_words)]
    min_passage_words: usize,
    /// Lowest similarity (0–1, share of aligned words) of a reported passage
    /// (0.7 times it for word runs twice --min-passage-words long).
    #[arg(long, value_name = "X", default_value_t = Options::default().passage_similarity)]
    passage_similarity: f64,
    /// Memory for word-level data (shingles, fingerprint index, candidate
    /// pairs); beyond it they spill to temporary files. Peak use is about
    /// 1.25 times this plus about 100 bytes per paragraph. A number of
    /// bytes with an optional K, M, G or T suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_memory)]
    memory: usize,
    /// Largest input read, in bytes (same units as --memory). A larger
    /// file is not read, and a pipe or device (/dev/zero) is read up to
    /// this much and then given up; either is named on stderr and in the
    /// report's skipped list, and the rest is analyzed.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_file_size)]
    max_file_size: u64,
    /// Folder for temporary files [default: the system's temporary folder].
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<PathBuf>,
    /// Show no progress bar. Without it, a bar (files and bytes read,
    /// stage, rate, time left) is drawn on stderr while the files are
    /// read and analyzed, and only when stderr is a terminal.
    #[arg(long, short)]
    quiet: bool,
    /// Files read and prepared at once, each on a thread of its own
    /// [default: the number of cores]. 1 reads one file at a time. The
    /// report is the same whatever the number.
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    threads: Option<usize>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum RowsArg {
    Pairs,
    Passages,
    Ignored,
}

/// The options that decide how files are split and prepared: `analyze`,
/// `dedup` and `index` take them alike (an index serves only checks that
/// prepare as it did).
#[derive(Args)]
struct Preparation {
    /// How to split text into paragraphs.
    #[arg(long, value_enum, default_value_t = SegArg::Auto)]
    segmentation: SegArg,
    /// Shortest paragraph, in words, that is compared.
    #[arg(long, default_value_t = Options::default().min_words)]
    min_words: usize,
    /// Words per shingle.
    #[arg(long, default_value_t = Options::default().shingle_words)]
    shingle_words: usize,
    /// Compare leading datelines such as "(LONDON) —" too, instead of skipping them.
    #[arg(long)]
    keep_datelines: bool,
}

impl Preparation {
    /// `options` with these four set.
    fn apply(&self, options: Options) -> Options {
        Options {
            segmentation: match self.segmentation {
                SegArg::Auto => Segmentation::Auto,
                SegArg::Blank => Segmentation::Blank,
                SegArg::Line => Segmentation::Line,
            },
            min_words: self.min_words,
            shingle_words: self.shingle_words,
            skip_datelines: !self.keep_datelines,
            ..options
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SegArg {
    Auto,
    Blank,
    Line,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum KindArg {
    Exact,
    Near,
    Contained,
}

impl Input {
    fn options(&self) -> Options {
        self.preparation.apply(Options {
            near_threshold: self.near,
            contained_threshold: self.contained,
            boilerplate_documents: self.boilerplate_docs,
            passages: !self.no_passages,
            min_passage_words: self.min_passage_words,
            passage_similarity: self.passage_similarity,
            ..Options::default()
        })
    }
}

/// Runs the command line and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap quotes the argument it refused, and on a terminal it
            // writes it raw among its colours. When any argument holds a
            // character to escape, the message is printed plain (clap
            // drops escape sequences from it) with the rest escaped.
            let hostile =
                std::env::args_os().any(|a| a.to_str().is_none_or(|a| escape::terminal(a) != a));
            if e.use_stderr() && hostile {
                let plain = e.render().to_string();
                let lines: Vec<_> = plain.split('\n').map(escape::terminal).collect();
                eprint!("{}", lines.join("\n"));
            } else {
                let _ = e.print();
            }
            return if e.use_stderr() { TROUBLE } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Analyze {
            input,
            format,
            rows,
        } => analyze(&input, format, rows),
        Command::Dedup {
            input,
            out,
            kinds,
            keep,
        } => dedup_cmd::dedup_command(&input, &out, &kinds, &keep),
        Command::Index(args) => refindex::index_command(&args),
        Command::Restore { log, out } => restore::restore_command(&log, &out),
    };
    match result {
        Ok(status) => status,
        Err(message) => {
            warn(&message);
            TROUBLE
        }
    }
}

/// Prints `paradup: message` on stderr, with control and bidirectional
/// characters escaped ([`escape::terminal`]): messages name files, and a
/// file name can hold escape sequences.
pub(crate) fn warn(message: &str) {
    // Printed above the progress bar, if one is drawn, not across it.
    progress::suspend(|| eprintln!("paradup: {}", escape::terminal(message)));
}

/// The analyzed corpus: the report, the files behind it (without their
/// bytes), and any trouble.
struct Analyzed {
    report: Report,
    /// The options the files were read with, to read archives again alike.
    options: Options,
    /// Every file that was read, in input order, with the documents it gave.
    files: Vec<SourceFile>,
    /// `(first document, file)` for every file that gave documents, in
    /// order: which file holds a document.
    owners: Vec<(usize, usize)>,
    trouble: bool,
}

/// An analyzer that spills to the temporary folder past `--memory`. When
/// the system's temporary folder is unusable (and none was asked for) the
/// analysis keeps everything in memory, with a note.
fn analyzer(input: &Input, options: &Options) -> Result<Analyzer, String> {
    let spill = |dir: PathBuf| {
        Analyzer::with_spill(
            options.clone(),
            Spill {
                dir,
                budget: input.memory,
            },
        )
    };
    match &input.temp_dir {
        Some(dir) => spill(dir.clone()).map_err(|e| e.to_string()),
        None => match spill(std::env::temp_dir()) {
            Ok(a) => Ok(a),
            Err(e) => match e.kind() {
                ErrorKind::Spill { reason } => {
                    warn(&format!(
                        "note: no temporary files ({reason}); everything stays in memory (see --temp-dir)"
                    ));
                    Analyzer::new(options.clone()).map_err(|e| e.to_string())
                }
                _ => Err(e.to_string()),
            },
        },
    }
}

/// Parses a `--memory` budget of at least 1K.
fn parse_memory(s: &str) -> Result<usize, String> {
    let bytes = parse_size(s)?;
    if bytes < 1024 {
        return Err(format!("{s:?} is too small; give at least 1K"));
    }
    Ok(bytes)
}

/// Parses a `--threads` count of at least 1.
fn parse_threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("give at least 1 thread".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a number of threads")),
    }
}

/// Parses a `--max-file-size` bound of at least one byte.
fn parse_file_size(s: &str) -> Result<u64, String> {
    match parse_size(s)? {
        0 => Err(format!("{s:?} is too small; give at least 1 byte")),
        bytes => Ok(bytes as u64),
    }
}

/// Parses a size such as `512M`, `2G` or `1048576`.
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let t = t.strip_suffix(['B', 'b']).unwrap_or(t);
    let t = t.strip_suffix('i').unwrap_or(t);
    let (digits, shift) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let shift = match c.to_ascii_uppercase() {
                'K' => 10,
                'M' => 20,
                'G' => 30,
                'T' => 40,
                _ => return Err(format!("unknown unit in {s:?}; use K, M, G or T")),
            };
            (&t[..i], shift)
        }
        _ => (t, 0),
    };
    let n: usize = digits
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a size such as 512M or 2G"))?;
    let bytes = 1usize
        .checked_shl(shift)
        .and_then(|unit| n.checked_mul(unit))
        .ok_or_else(|| format!("{s:?} is too large"))?;
    Ok(bytes)
}

/// Reads every file and analyzes them. Unreadable paths, special files
/// met in folders and inputs over `--max-file-size` are reported on stderr
/// and in the report's skipped list; the rest is analyzed. The bytes of
/// regular files are not kept: text output and dedup read the files they
/// need again ([`SourceFile`]); `keep` says which extracted texts are
/// kept for showing (only text output shows any).
fn load(input: &Input, keep: KeepTexts) -> Result<Analyzed, String> {
    let options = input.options();
    let mut analyzer = analyzer(input, &options)?;
    let mut trouble = templates::add(&mut analyzer, &input.ignore, input.max_file_size)?;
    // Against a reference: the reference files first (they are the
    // originals), then the inputs; each side is one call of `add_files`.
    let mut found = Vec::new();
    let mut sides = Vec::new();
    let mut indexes = Vec::new();
    let mut preloaded = source::Preloaded::default();
    // The references' files, each once (`files::identity`).
    let mut identities = std::collections::HashSet::new();
    if !input.against.is_empty() {
        let from_index = refindex::any_index(&input.against);
        let (mut refs, problems) = if from_index {
            let r = refindex::references(input)?;
            paradup::__internals::set_common_grams(&mut analyzer, r.common_grams);
            indexes = r.uses;
            preloaded = r.preloaded;
            (r.found, r.problems)
        } else {
            files::collect(&input.against, &input.include)
        };
        // A reference named twice (`--against archive --against
        // ./archive`) is one reference, as the same index given twice is:
        // read once, at its first place. (What an index lists is its own
        // business: its files stay as they are, in step with `preloaded`.)
        let given = refs.len();
        refs.retain(|f| identities.insert(files::identity(&f.path)) || from_index);
        if refs.len() < given {
            warn(&format!(
                "{} reference file(s) named more than once (--against): read once",
                given - refs.len()
            ));
        }
        for p in problems {
            let verb = if p.trouble { "cannot read" } else { "skipped" };
            warn(&format!("{verb} reference {}: {}", p.name, p.reason));
            trouble |= p.trouble;
            analyzer.skip(&p.name, &format!("reference not read: {}", p.reason));
        }
        sides.push((Some(Role::Reference), refs.len()));
        found.extend(refs);
    }
    let (mut news, problems) = files::collect(&input.paths, &input.include);
    // Named before any error below, so a user who mistyped a path is told
    // even when the run stops.
    for p in problems {
        if p.trouble {
            warn(&format!("cannot read {}: {}", p.name, p.reason));
            trouble = true;
        } else {
            warn(&format!("skipped {}: {}", p.name, p.reason));
        }
        analyzer.skip(&p.name, &p.reason);
    }
    // A file that is also a reference (`docs --against docs/archive`) is
    // read once, as a reference: it is not checked against itself.
    if !identities.is_empty() {
        let given = news.len();
        news.retain(|f| !identities.contains(&files::identity(&f.path)));
        let both = given - news.len();
        if both > 0 && news.is_empty() {
            // `paradup analyze docs --against docs`: nothing would be
            // checked, and a silent "no reuse" would be wrong.
            return Err(format!(
                "every input is also a reference (--against): {both} file(s) on both sides, none left to check against the reference"
            ));
        }
        if both > 0 {
            warn(&format!(
                "{both} input file(s) are also references (--against): read once, as references, and not checked"
            ));
        }
    }
    let new_role = (!input.against.is_empty()).then_some(Role::New);
    sides.push((new_role, news.len()));
    found.extend(news);
    let show = progress::Bar::for_stderr(input.quiet);
    let mut bar = None;
    let mut sources = Vec::with_capacity(found.len());
    let mut owners = Vec::new();
    let threads = input.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let mut first = 0;
    for (role, count) in sides {
        if let Some(role) = role {
            analyzer.set_role(role).map_err(|e| e.to_string())?;
            analyzer.set_within(input.within);
        }
        let side = &found[first..first + count];
        let inputs = source::Inputs::new(side, input.max_file_size).with_preloaded(&preloaded);
        analyzer.add_files(&inputs, threads, keep, &mut |event| {
            let reading = event.reading();
            match event {
                FileEvent::Start(_) => {}
                FileEvent::Added {
                    index,
                    bytes,
                    added,
                    ..
                } => {
                    for s in &added.skipped {
                        warn(&format!("skipped {}: {}", s.name, s.reason));
                    }
                    if let Some(first) = added.documents.first() {
                        owners.push((first.index, sources.len()));
                    }
                    let f = side[index].clone();
                    sources.push(SourceFile::new(f, &bytes.bytes, added, bytes.regular));
                }
                FileEvent::Unread { index, error, .. } => match error {
                    Unread::NotRegular(reason) => {
                        warn(&format!("skipped {}: {reason}", side[index].name))
                    }
                    Unread::Failed(reason) => {
                        warn(&format!("cannot read {}: {reason}", side[index].name));
                        trouble = true;
                    }
                },
            }
            match &mut bar {
                None => bar = Some(progress::Bar::new(show, reading)),
                Some(bar) => bar.reading(reading),
            }
        });
        first += count;
    }
    let mut bar = bar.unwrap_or_else(|| progress::Bar::new(false, Reading::default()));
    let mut report = analyzer
        .finish_with_progress(&mut |p| bar.analysis(p))
        .map_err(|e| e.to_string())?;
    report.reference_indexes = indexes;
    drop(bar);
    Ok(Analyzed {
        report,
        options,
        files: sources,
        owners,
        trouble,
    })
}

fn status(a: &Analyzed) -> i32 {
    if a.trouble {
        TROUBLE
    } else if a.report.pairs.is_empty() && a.report.passages.is_empty() {
        NO_DUPLICATES
    } else {
        DUPLICATES
    }
}

fn analyze(input: &Input, format: Format, rows: Option<RowsArg>) -> Result<i32, String> {
    let rows = match (format, rows) {
        (_, None) | (Format::Csv, Some(RowsArg::Pairs)) => render::Rows::Pairs,
        (Format::Csv, Some(RowsArg::Passages)) => render::Rows::Passages,
        (Format::Csv, Some(RowsArg::Ignored)) => render::Rows::Ignored,
        (Format::Text | Format::Json, Some(_)) => {
            return Err(
                "--rows applies to --format csv only (text output lists pairs and passages, JSON holds both)"
                    .into(),
            )
        }
    };
    let keep = match format {
        Format::Text => KeepTexts::Extracted,
        Format::Json | Format::Csv => KeepTexts::Never,
    };
    let a = load(input, keep)?;
    // Everything that can fail comes before the first byte of output.
    let texts = match format {
        Format::Text => source::shown_texts(&a.report, &a.files, &a.owners, &a.options)?,
        Format::Json | Format::Csv => HashMap::new(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match format {
        Format::Json => serde_json::to_writer(&mut out, &a.report)
            .map_err(io::Error::other)
            .and_then(|_| writeln!(out)),
        Format::Csv => render::write_csv_rows(&a.report, rows, &mut out),
        Format::Text => {
            render::write_text(&a.report, |s| texts.get(&s).map(String::as_str), &mut out)
        }
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => Ok(status(&a)),
        // A closed pipe (`| head`) is the reader's choice, not trouble.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status(&a)),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_file_size, parse_memory, parse_size, parse_threads};

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("4GiB"), Ok(4 << 30));
        assert_eq!(parse_size("64KB"), Ok(64 << 10));
        assert_eq!(parse_size("0"), Ok(0));
        assert!(parse_memory("12").unwrap_err().contains("too small"));
        assert_eq!(parse_file_size("1"), Ok(1));
        assert!(parse_file_size("0").unwrap_err().contains("too small"));
        assert!(parse_size("5X").unwrap_err().contains("unit"));
        assert_eq!(parse_threads("3"), Ok(3));
        assert!(parse_threads("0").unwrap_err().contains("at least 1"));
        assert!(parse_threads("all").unwrap_err().contains("not a number"));
        assert!(parse_size("lotsM").unwrap_err().contains("not a size"));
        assert!(parse_size("99999999999999T")
            .unwrap_err()
            .contains("too large"));
    }
}
