//! The progress bar on stderr: files and bytes read, then the analysis's
//! stages ([`paradup::Stage`]), each with its rate and time left.
//!
//! It is drawn only when stderr is a terminal and `--quiet` was not given,
//! so logs and pipes never receive it. What the bar says ([`Tracker`],
//! [`View`]) is worked out apart from drawing it ([`Bar`]), so it can be
//! tested without a terminal.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use paradup::{Reading, Stage};

/// How often the spinner turns (and the rate and time left are redrawn).
const TICK: Duration = Duration::from_millis(200);

/// The bar being drawn, if any: messages printed meanwhile ([`suspend`])
/// hide it for a moment instead of being overwritten by it.
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Runs `f` (which writes to stderr) with the bar, if one is drawn,
/// cleared while it runs and drawn again after.
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    let bar = SHOWN.lock().ok().and_then(|b| b.clone());
    match bar {
        Some(bar) => bar.suspend(f),
        None => f(),
    }
}

/// Whether a bar is drawn: only on a terminal, and never with `--quiet`.
pub fn wanted(quiet: bool, stderr_is_terminal: bool) -> bool {
    !quiet && stderr_is_terminal
}

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Reading files (which also prepares their paragraphs).
    Reading,
    /// A stage of [`paradup::Analyzer::finish_with_progress`].
    Analysis(Stage),
}

/// What the bar shows: its layout (an indicatif template; it changes with
/// the phase, because the units do), how far it is, and the text in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The indicatif template, set again only when it changes.
    pub template: String,
    /// Work done, in the phase's unit.
    pub position: u64,
    /// Work in the phase, in the same unit.
    pub length: u64,
    /// The text in the bar's `{msg}`.
    pub message: String,
}

/// The state behind the bar: the core's [`Reading`] (files and bytes
/// read, of how many), then the analysis's stage.
#[derive(Debug)]
pub struct Tracker {
    phase: Phase,
    reading: Reading,
}

impl Tracker {
    /// Starts reading, with nothing read yet.
    pub fn new() -> Tracker {
        Tracker {
            phase: Phase::Reading,
            reading: Reading::default(),
        }
    }

    /// The view of where the run is.
    pub fn view(&self) -> View {
        match self.phase {
            Phase::Reading => View {
                template: template(None),
                position: self.reading.bytes_done,
                length: self.reading.bytes.max(self.reading.bytes_done),
                message: format!("{}/{} files", self.reading.files_done, self.reading.files),
            },
            Phase::Analysis(stage) => View {
                template: template(Some(stage)),
                position: 0,
                length: 0,
                message: String::new(),
            },
        }
    }

    /// The core reports how far the reading is.
    pub fn reading(&mut self, r: Reading) -> View {
        self.phase = Phase::Reading;
        self.reading = r;
        self.view()
    }

    /// The analysis reports where it is.
    pub fn analysis(&mut self, p: paradup::Progress) -> View {
        self.phase = Phase::Analysis(p.stage);
        View {
            template: template(Some(p.stage)),
            position: p.done,
            length: p.total.max(p.done),
            message: String::new(),
        }
    }
}

/// The bar's layout while reading (`None`) or in an analysis stage: the
/// phase's name, the bar, how far (bytes or items, with the file count
/// in `{msg}` while reading), the rate and the time left. The passage
/// alignment says only when it starts and ends: the time it has taken
/// instead of a rate and a time left.
fn template(stage: Option<Stage>) -> String {
    if stage == Some(Stage::Passages) {
        return format!(
            "{{spinner}} {:<10} [{{bar:30}}] {{human_pos}}/{{human_len}} documents, {{elapsed}} so far",
            Stage::Passages.as_str()
        );
    }
    let (name, amounts) = match stage {
        None => (
            "reading",
            "{msg}, {binary_bytes}/{binary_total_bytes}, {binary_bytes_per_sec}",
        ),
        Some(stage) => (
            stage.as_str(),
            match stage {
                // Matching goes through the distinct paragraph texts.
                Stage::Matching => "{human_pos}/{human_len} texts, {rate}",
                _ => "{human_pos}/{human_len} paragraphs, {rate}",
            },
        ),
    };
    format!("{{spinner}} {name:<10} [{{bar:30}}] {amounts}, {{eta}} left")
}

/// The `{rate}` of a stage: whole items per second (indicatif's own
/// `{per_sec}` shows four decimals).
fn rate(state: &ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = write!(w, "{}/s", HumanCount(state.per_sec() as u64));
}

/// The bar on stderr, or nothing (not a terminal, or `--quiet`).
pub struct Bar {
    tracker: Tracker,
    bar: Option<(ProgressBar, String)>,
}

impl Bar {
    /// A bar for reading files, drawn if `show`, starting at `start`
    /// (nothing read yet: the files and bytes there are).
    pub fn new(show: bool, start: Reading) -> Bar {
        let tracker = Tracker::new();
        let bar = show.then(|| (ProgressBar::hidden(), String::new()));
        let mut bar = Bar { tracker, bar };
        bar.reading(start);
        // Drawn once it says something: no empty first frame.
        if let Some((bar, _)) = &bar.bar {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            // A large file is read and prepared in one step: the spinner
            // keeps turning meanwhile, so the run does not look hung.
            bar.enable_steady_tick(TICK);
            if let Ok(mut shown) = SHOWN.lock() {
                *shown = Some(bar.clone());
            }
        }
        bar
    }

    /// Whether to draw a bar for this run: stderr is a terminal and
    /// `--quiet` was not given.
    pub fn for_stderr(quiet: bool) -> bool {
        wanted(quiet, std::io::stderr().is_terminal())
    }

    /// The core reports how far the reading is.
    pub fn reading(&mut self, r: Reading) {
        if self.bar.is_none() {
            return;
        }
        let view = self.tracker.reading(r);
        self.show(view);
    }

    /// The analysis reports where it is.
    pub fn analysis(&mut self, p: paradup::Progress) {
        let view = self.tracker.analysis(p);
        self.show(view);
    }

    fn show(&mut self, view: View) {
        let Some((bar, template)) = &mut self.bar else {
            return;
        };
        let new_phase = *template != view.template;
        if new_phase {
            // The ticker would draw between the calls below (a new layout
            // with the old length): it stops while the phase changes.
            bar.disable_steady_tick();
            if let Ok(style) = ProgressStyle::with_template(&view.template) {
                bar.set_style(style.progress_chars("=> ").with_key("rate", rate));
            }
            // The new length goes in before `reset` draws; the stage's
            // work starts afresh: its rate and time left too.
            bar.update(|s| {
                s.set_len(view.length);
                s.set_pos(0);
            });
            bar.reset();
            bar.enable_steady_tick(TICK);
            *template = view.template;
        }
        bar.set_length(view.length);
        bar.set_position(view.position);
        if !view.message.is_empty() {
            bar.set_message(view.message);
        }
        if new_phase {
            // Drawn at once, past the rate limit: a stage shorter than a
            // frame is still named, so the run is seen going through it.
            bar.force_draw();
        }
    }
}

impl Drop for Bar {
    /// The bar is gone once the analysis ends (or fails): the report, or
    /// the error, follows on a clean line.
    fn drop(&mut self) {
        if let Some((bar, _)) = &self.bar {
            if let Ok(mut shown) = SHOWN.lock() {
                *shown = None;
            }
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(stage: Stage, done: u64, total: u64) -> paradup::Progress {
        paradup::Progress { stage, done, total }
    }

    #[test]
    fn shown_only_on_a_terminal_without_quiet() {
        assert!(wanted(false, true));
        assert!(!wanted(true, true));
        assert!(!wanted(false, false));
        assert!(!wanted(true, false));
    }

    fn read(files_done: u64, files: u64, bytes_done: u64, bytes: u64) -> Reading {
        Reading {
            files_done,
            files,
            bytes_done,
            bytes,
        }
    }

    #[test]
    fn reading_counts_files_and_bytes() {
        let mut t = Tracker::new();
        let start = t.reading(read(0, 3, 0, 150));
        assert_eq!((start.position, start.length), (0, 150));
        assert_eq!(start.message, "0/3 files");
        assert!(start.template.starts_with("{spinner} reading "));
        assert!(start.template.contains("{binary_bytes_per_sec}"));
        assert!(start.template.contains("{eta} left"));
        let v = t.reading(read(2, 3, 170, 220));
        assert_eq!((v.position, v.length), (170, 220));
        assert_eq!(v.message, "2/3 files");
        // A length never below the position, whatever the source said.
        let v = t.reading(read(3, 3, 230, 220));
        assert_eq!(v.message, "3/3 files");
        assert_eq!((v.position, v.length), (230, 230));
    }

    #[test]
    fn each_stage_is_named_with_its_unit() {
        let mut t = Tracker::new();
        t.reading(read(1, 1, 10, 10));
        let v = t.analysis(at(Stage::Matching, 4096, 10_000));
        assert!(
            v.template.starts_with("{spinner} matching "),
            "{}",
            v.template
        );
        assert!(v.template.contains("texts, {rate}"));
        assert_eq!((v.position, v.length), (4096, 10_000));
        let v = t.analysis(at(Stage::Passages, 0, 40));
        assert!(
            v.template.starts_with("{spinner} passages "),
            "{}",
            v.template
        );
        assert!(v.template.contains("documents, {elapsed} so far"));
        let v = t.analysis(at(Stage::Clustering, 0, 12_000));
        assert!(
            v.template.starts_with("{spinner} clustering "),
            "{}",
            v.template
        );
        assert!(v.template.contains("paragraphs"));
        let v = t.analysis(at(Stage::Reporting, 12_000, 12_000));
        assert!(
            v.template.starts_with("{spinner} reporting "),
            "{}",
            v.template
        );
        assert_eq!((v.position, v.length), (12_000, 12_000));
        // An empty corpus: nothing to do is done.
        let v = t.analysis(at(Stage::Matching, 0, 0));
        assert_eq!((v.position, v.length), (0, 0));
    }

    #[test]
    fn every_layout_is_a_valid_template() {
        let stages = [
            None,
            Some(Stage::Matching),
            Some(Stage::Passages),
            Some(Stage::Clustering),
            Some(Stage::Reporting),
        ];
        for s in stages {
            let t = template(s);
            assert!(ProgressStyle::with_template(&t).is_ok(), "{t}");
        }
    }

    #[test]
    fn a_hidden_bar_draws_nothing_and_clears_nothing() {
        let mut bar = Bar::new(false, read(0, 2, 0, 11));
        bar.reading(read(1, 2, 5, 11));
        bar.analysis(at(Stage::Matching, 1, 2));
        assert!(bar.bar.is_none());
        assert!(SHOWN.lock().unwrap().is_none());
        // Messages go straight through.
        assert_eq!(suspend(|| 7), 7);
    }
}
