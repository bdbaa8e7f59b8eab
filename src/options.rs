//! The knobs of an analysis, with defaults chosen by measurement (see
//! `docs/matching.md`).

use crate::error::Error;
use crate::segment::Segmentation;
use serde::{Deserialize, Serialize};

/// Every setting that influences a report. Reports echo them back under
/// `settings`, so a result can always be reproduced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// How text is split into paragraphs.
    pub segmentation: Segmentation,
    /// Paragraphs with fewer normalized words are listed but never matched.
    pub min_words: usize,
    /// Words per shingle (the unit of the `near` and `contained` scores).
    pub shingle_words: usize,
    /// Lowest shingle resemblance (Jaccard) reported as `near`.
    pub near_threshold: f64,
    /// Lowest share of the shorter paragraph's shingles found in the longer
    /// one that is reported as `contained`.
    pub contained_threshold: f64,
    /// A cluster whose paragraphs lie in at least this many documents is
    /// flagged as boilerplate.
    pub boilerplate_documents: usize,
    /// Skip leading datelines such as `(NEW YORK) —` when comparing.
    pub skip_datelines: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            segmentation: Segmentation::Auto,
            min_words: 5,
            shingle_words: 2,
            near_threshold: 0.5,
            contained_threshold: 0.8,
            boilerplate_documents: 3,
            skip_datelines: true,
        }
    }
}

impl Options {
    /// Checks that every option is in range.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |option, reason: &str| Err(Error::invalid_option(option, reason));
        let unit = |x: f64| x > 0.0 && x <= 1.0;
        if self.min_words == 0 {
            return bad("min_words", "must be at least 1");
        }
        if !(1..=8).contains(&self.shingle_words) {
            return bad("shingle_words", "must be between 1 and 8");
        }
        if !unit(self.near_threshold) {
            return bad("near_threshold", "must be greater than 0 and at most 1");
        }
        if !unit(self.contained_threshold) {
            return bad(
                "contained_threshold",
                "must be greater than 0 and at most 1",
            );
        }
        if self.boilerplate_documents < 2 {
            return bad("boilerplate_documents", "must be at least 2");
        }
        Ok(())
    }
}
