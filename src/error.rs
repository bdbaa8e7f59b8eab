//! Errors reported to callers of the library.

use std::fmt;

/// Something paradup could not do, with a message meant for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An option is out of range or inconsistent with another.
    InvalidOption {
        /// The option's name as the report's `settings` spell it.
        option: &'static str,
        /// Why the value was refused.
        reason: String,
    },
    /// A file or directory could not be read.
    Read {
        /// The path as the user gave it.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// Temporary files of a spilling analysis could not be used.
    Spill {
        /// The folder and what went wrong.
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidOption { option, reason } => {
                write!(f, "invalid option {option}: {reason}")
            }
            Error::Read { path, reason } => write!(f, "cannot read {path}: {reason}"),
            Error::Spill { reason } => write!(f, "cannot use temporary files in {reason}"),
        }
    }
}

impl std::error::Error for Error {}
