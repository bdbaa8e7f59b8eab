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
    /// Look for reused passages inside and across paragraphs.
    pub passages: bool,
    /// Passages with fewer words (on either side) are not reported; two
    /// characters of a script written without spaces (Han, kana, Thai)
    /// count as one word.
    pub min_passage_words: usize,
    /// Lowest similarity (share of aligned words) of a reported passage;
    /// a passage of word runs at least twice `min_passage_words` long on
    /// both sides, with 20 words aligned on each, is reported down to 0.7
    /// times it.
    pub passage_similarity: f64,
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
            passages: true,
            min_passage_words: 15,
            passage_similarity: 0.5,
        }
    }
}

/// The options' names as JSON and the report's `settings` spell them.
const FIELDS: [&str; 10] = [
    "segmentation",
    "min_words",
    "shingle_words",
    "near_threshold",
    "contained_threshold",
    "boilerplate_documents",
    "skip_datelines",
    "passages",
    "min_passage_words",
    "passage_similarity",
];

impl Options {
    /// Reads options from a JSON object of option fields (missing fields
    /// take their defaults) and checks them, as the page does with what
    /// its form holds. A value of the wrong type is refused naming its
    /// option (`invalid option min_words: invalid type: null, expected
    /// usize`); a field options do not have, or JSON that is not an
    /// object, is refused as unreadable.
    pub fn from_json(json: &str) -> Result<Options, Error> {
        let mut reader = serde_json::Deserializer::from_str(json);
        let options: Options = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
            let field = e.path().to_string();
            let reason = without_position(e.into_inner());
            match FIELDS.iter().find(|f| **f == field) {
                Some(option) => Error::invalid_option(option, reason),
                None => Error::unreadable_options(reason),
            }
        })?;
        reader
            .end()
            .map_err(|e| Error::unreadable_options(without_position(e)))?;
        options.validate()?;
        Ok(options)
    }

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
        if self.min_passage_words == 0 {
            return bad("min_passage_words", "must be at least 1");
        }
        if !unit(self.passage_similarity) {
            return bad("passage_similarity", "must be greater than 0 and at most 1");
        }
        Ok(())
    }
}

/// A JSON error's message without " at line 1 column 39": the options are
/// one small object, and the position means nothing in a form.
fn without_position(e: serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) if e.line() > 0 => message[..at].to_owned(),
        _ => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn refused(json: &str) -> (Option<&'static str>, String) {
        let e = Options::from_json(json).unwrap_err();
        let option = match e.kind() {
            ErrorKind::InvalidOption { option, .. } => Some(*option),
            _ => None,
        };
        (option, e.to_string())
    }

    #[test]
    fn json_options_are_completed_with_defaults() {
        let o = Options::from_json(r#"{"min_words": 3, "segmentation": "line"}"#).unwrap();
        assert_eq!(o.min_words, 3);
        assert_eq!(o.segmentation, Segmentation::Line);
        assert_eq!(o.near_threshold, Options::default().near_threshold);
        assert_eq!(Options::from_json("{}").unwrap(), Options::default());
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_option() {
        assert_eq!(
            refused(r#"{"near_threshold": 0.4, "min_words": null}"#),
            (
                Some("min_words"),
                "invalid option min_words: invalid type: null, expected usize".to_owned()
            )
        );
        let (option, message) = refused(r#"{"shingle_words": 2.5}"#);
        assert_eq!(option, Some("shingle_words"));
        assert!(message.contains("2.5"), "{message}");
        assert_eq!(
            refused(r#"{"boilerplate_documents": -1}"#).0,
            Some("boilerplate_documents")
        );
        assert_eq!(
            refused(r#"{"segmentation": "words"}"#).0,
            Some("segmentation")
        );
    }

    #[test]
    fn unknown_fields_and_non_objects_are_unreadable() {
        let (option, message) = refused(r#"{"colour": "red"}"#);
        assert_eq!(option, None);
        assert!(
            message.starts_with("invalid options: unknown field `colour`"),
            "{message}"
        );
        assert!(!message.contains("line 1"), "{message}");
        assert_eq!(refused("[1, 2]").0, None);
        assert!(refused("{} {}")
            .1
            .starts_with("invalid options: trailing characters"));
    }

    #[test]
    fn values_out_of_range_are_refused_by_the_same_check() {
        assert_eq!(
            refused(r#"{"near_threshold": 1.5}"#),
            (
                Some("near_threshold"),
                "invalid option near_threshold: must be greater than 0 and at most 1".to_owned()
            )
        );
    }
}
