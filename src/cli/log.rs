//! The dedup log, written while the files are deduplicated.

use std::cell::RefCell;

use paradup::dedup::{LoggedDocument, LoggedKeep};
use paradup::Kind;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A [`paradup::dedup::Log`] whose documents are produced one by one while
/// it is written, so its entries (which hold the removed text) never pile
/// up in memory. It serializes exactly as the `Log` with the same contents.
pub struct StreamedLog<'a, I> {
    kinds: &'a [Kind],
    keep: &'a LoggedKeep,
    documents: RefCell<Option<I>>,
}

impl<'a, I: Iterator<Item = LoggedDocument>> StreamedLog<'a, I> {
    /// A log of `kinds`, kept as `keep` says, whose documents come from
    /// `documents`, which is consumed by the first serialization.
    pub fn new(kinds: &'a [Kind], keep: &'a LoggedKeep, documents: I) -> Self {
        StreamedLog {
            kinds,
            keep,
            documents: RefCell::new(Some(documents)),
        }
    }
}

impl<I: Iterator<Item = LoggedDocument>> Serialize for StreamedLog<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut log = serializer.serialize_struct("Log", 3)?;
        log.serialize_field("kinds", self.kinds)?;
        log.serialize_field("keep", self.keep)?;
        log.serialize_field("documents", &Documents(&self.documents))?;
        log.end()
    }
}

/// The documents of a [`StreamedLog`], as a sequence.
struct Documents<'r, I>(&'r RefCell<Option<I>>);

impl<I: Iterator<Item = LoggedDocument>> Serialize for Documents<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let documents = self.0.borrow_mut().take();
        serializer.collect_seq(documents.into_iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paradup::dedup::{Log, LoggedRemoval};

    fn document(name: &str, removals: usize) -> LoggedDocument {
        LoggedDocument {
            name: name.to_owned(),
            encoding: paradup::Encoding::Utf8,
            output: Some(name.to_owned()),
            output_base64: None,
            not_written: None,
            bytes_before: 100,
            bytes_after: 100 - 10 * removals as u64,
            xxh3_before: "0123456789abcdef".to_owned(),
            removed: (0..removals)
                .map(|i| LoggedRemoval {
                    start: 10 * i as u64,
                    end: 10 * i as u64 + 10,
                    line: i as u64 + 1,
                    kind: Kind::Near,
                    similarity: 0.75,
                    original_document: "a \"quoted\" name.txt".to_owned(),
                    original_line: 3,
                    kept: Some(paradup::dedup::KeptCopy {
                        document: "kept.txt".to_owned(),
                        line: 7,
                        rule: paradup::dedup::Rule::Longest,
                    }),
                    text: "removed\ntext\n".to_owned(),
                    bytes_base64: (i == 1).then(|| "gA==".to_owned()),
                })
                .collect(),
        }
    }

    #[test]
    fn writes_what_the_whole_log_would() {
        for docs in [0, 1, 3] {
            let documents: Vec<LoggedDocument> = (0..docs)
                .map(|i| document(&format!("d{i}.txt"), i))
                .collect();
            let kinds = [Kind::Exact, Kind::Near];
            let keep = LoggedKeep {
                policy: paradup::dedup::Policy::Newest,
                prefer: vec!["canonical/**".to_owned()],
                without_time: vec!["-".to_owned()],
            };
            let whole = Log {
                kinds: kinds.to_vec(),
                keep: Some(keep.clone()),
                documents: documents.clone(),
            };
            let streamed = StreamedLog::new(&kinds, &keep, documents.into_iter());
            assert_eq!(
                serde_json::to_string_pretty(&streamed).unwrap(),
                serde_json::to_string_pretty(&whole).unwrap()
            );
        }
    }
}
