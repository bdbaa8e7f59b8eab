//! Errors reported to callers of the library.

use std::fmt;

/// Something paradup could not do, with a message meant for people
/// (its `Display`). What kind of trouble it was is [`Error::kind`]; the
/// type is opaque so that new kinds and details can come without breaking
/// callers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

/// The kinds of [`Error`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An option is out of range or inconsistent with another.
    InvalidOption {
        /// The option's name as the report's `settings` spell it.
        option: &'static str,
        /// Why the value was refused.
        reason: String,
    },
    /// Options given as JSON could not be read: not an object, or a field
    /// that options do not have.
    UnreadableOptions {
        /// What was wrong, as the JSON reader says it.
        reason: String,
    },
    /// A template was given after the first document: templates are
    /// matched while documents are added, so they must come first.
    TemplateAfterDocuments {
        /// The template's name.
        template: String,
    },
    /// Reference documents were asked for after the first new document:
    /// reference text is the original of what matches it, so it must come
    /// first.
    ReferenceAfterDocuments,
    /// A re-match ([`crate::Analyzer::rematch`]) was asked of an analysis
    /// that cannot give it: one that keeps no documents, options that
    /// prepare documents differently, a document that is not there.
    CannotRematch {
        /// Why.
        reason: String,
    },
    /// Temporary files of a spilling analysis could not be used.
    Spill {
        /// The folder and what went wrong.
        reason: String,
    },
}

impl Error {
    /// What kind of trouble this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// An option refused for `reason`.
    pub(crate) fn invalid_option(option: &'static str, reason: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::InvalidOption {
                option,
                reason: reason.into(),
            },
        }
    }

    /// Options that could not be read as JSON, for `reason`.
    pub(crate) fn unreadable_options(reason: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::UnreadableOptions {
                reason: reason.into(),
            },
        }
    }

    /// A template given after the first document.
    pub(crate) fn template_after_documents(template: &str) -> Self {
        Error {
            kind: ErrorKind::TemplateAfterDocuments {
                template: template.to_owned(),
            },
        }
    }

    /// Reference documents asked for after a new document.
    pub(crate) fn reference_after_documents() -> Self {
        Error {
            kind: ErrorKind::ReferenceAfterDocuments,
        }
    }

    /// A re-match that cannot be given, for `reason`.
    pub(crate) fn cannot_rematch(reason: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::CannotRematch {
                reason: reason.into(),
            },
        }
    }

    /// Temporary files that could not be used, for `reason` (naming the
    /// folder).
    pub(crate) fn spill(reason: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Spill {
                reason: reason.into(),
            },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::InvalidOption { option, reason } => {
                write!(f, "invalid option {option}: {reason}")
            }
            ErrorKind::UnreadableOptions { reason } => write!(f, "invalid options: {reason}"),
            ErrorKind::TemplateAfterDocuments { template } => write!(
                f,
                "template {template} given after the first document: add templates first"
            ),
            ErrorKind::ReferenceAfterDocuments => f.write_str(
                "reference documents given after a new document: add the reference first",
            ),
            ErrorKind::CannotRematch { reason } => write!(f, "cannot match again: {reason}"),
            ErrorKind::Spill { reason } => write!(f, "cannot use temporary files in {reason}"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use crate::{ErrorKind, Options};

    #[test]
    fn a_refused_option_says_which_and_why() {
        let options = Options {
            min_words: 0,
            ..Options::default()
        };
        let e = options.validate().unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::InvalidOption {
                option: "min_words",
                ..
            }
        ));
        assert_eq!(
            e.to_string(),
            "invalid option min_words: must be at least 1"
        );
    }
}
