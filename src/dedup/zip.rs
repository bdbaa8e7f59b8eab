//! The page's dedup output as one zip (written with the `zip` crate).

use std::io::Write;

use crate::report::{Kind, Report};

use super::{logged_keep, output_relative, removals_by_document, Keep, Log, OutputNames, LOG_NAME};

/// One document to deduplicate into a zip ([`zip()`]), given in report order.
#[derive(Debug, Clone, Copy)]
pub struct ZipInput<'a> {
    /// Its file's relative name (see [`output_relative`]).
    pub file_relative: &'a str,
    /// Its file's name in the report.
    pub file_name: &'a str,
    /// Its position among its file's documents.
    pub ordinal: usize,
    /// Whether it is an archive entry.
    pub is_entry: bool,
    /// The bytes its spans point into.
    pub source: &'a [u8],
}

/// The page's dedup output: a zip holding exactly what `paradup dedup`
/// writes into its output folder (the same names, bytes and log), keeping
/// first occurrences.
pub fn zip<'a>(
    report: &Report,
    inputs: impl IntoIterator<Item = ZipInput<'a>>,
    kinds: &[Kind],
) -> Result<Vec<u8>, String> {
    zip_keeping(report, inputs, kinds, &Keep::default())
}

/// Like [`zip()`], keeping in each group of copies the one `keep` chooses
/// (what `paradup dedup --keep … --prefer …` writes).
pub fn zip_keeping<'a>(
    report: &Report,
    inputs: impl IntoIterator<Item = ZipInput<'a>>,
    kinds: &[Kind],
    keep: &Keep,
) -> Result<Vec<u8>, String> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        // Deflated (miniz_oxide, pure Rust, through flate2): text shrinks
        // several times over, and the page hands the user a smaller file.
        .compression_method(zip::CompressionMethod::Deflated)
        // A fixed date (1980-01-01): the zip does not depend on the clock.
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    let failed = |e: zip::result::ZipError| format!("cannot write the zip: {e}");
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let copies = removals_by_document(report, kinds, keep);
    let mut names = OutputNames::new();
    let mut documents = Vec::with_capacity(report.documents.len());
    for (doc, input) in inputs.into_iter().enumerate() {
        let (Some(document), Some(copies)) = (report.documents.get(doc), copies.get(doc)) else {
            return Err(format!("no document {doc} in the report"));
        };
        let (kept, mut logged) = super::document(report, doc, input.source, copies);
        let rel = output_relative(
            input.file_relative.as_bytes(),
            input.file_name,
            document,
            input.ordinal,
            input.is_entry,
        );
        if let Some(rel) = rel {
            let name = names.claim(&rel);
            logged.set_output(&name);
            let name = String::from_utf8_lossy(&name);
            let large = kept.len() as u64 >= u32::MAX as u64;
            writer
                .start_file(name, options.large_file(large))
                .map_err(failed)?;
            writer
                .write_all(&kept)
                .map_err(|e| format!("cannot write the zip: {e}"))?;
        }
        documents.push(logged);
    }
    let log = Log {
        kinds: kinds.to_vec(),
        keep: Some(logged_keep(report, keep)),
        documents,
    };
    writer.start_file(LOG_NAME, options).map_err(failed)?;
    serde_json::to_writer_pretty(&mut writer, &log)
        .map_err(|e| format!("cannot write the removal log: {e}"))?;
    Ok(writer.finish().map_err(failed)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::{restore, run};

    #[test]
    fn the_zip_is_deflated_and_holds_what_dedup_writes() {
        let a = "The council met on Tuesday to vote on the harbour plan at last.\n\nOnly the first file holds this paragraph about the old pier.\n";
        let b = "Only the second file opens with these words about the ferry.\n\nThe council met on Tuesday to vote on the harbour plan at last.\n";
        let report =
            crate::analyze(&[("a.txt", a), ("b.txt", b)], crate::Options::default()).unwrap();
        let kinds = [Kind::Exact, Kind::Near, Kind::Contained];
        let sources = [a.as_bytes(), b.as_bytes()];
        let expected = run(&report, &sources, &kinds);
        let inputs = ["a.txt", "b.txt"]
            .into_iter()
            .zip(sources)
            .map(|(name, source)| ZipInput {
                file_relative: name,
                file_name: name,
                ordinal: 0,
                is_entry: false,
                source,
            });
        let zipped = zip(&report, inputs, &kinds).unwrap();
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
        assert_eq!(archive.len(), 3);
        let mut entry = |name: &str| {
            let mut file = archive.by_name(name).unwrap();
            assert_eq!(
                file.compression(),
                ::zip::CompressionMethod::Deflated,
                "{name}"
            );
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut data).unwrap();
            data
        };
        assert_eq!(entry("a.txt"), expected.outputs[0]);
        let kept = entry("b.txt");
        assert_eq!(kept, expected.outputs[1]);
        assert!(!String::from_utf8_lossy(&kept).contains("council"));
        let log: Log = serde_json::from_slice(&entry(LOG_NAME)).unwrap();
        assert_eq!(log.documents.len(), 2);
        for (logged, wanted) in log.documents.iter().zip(&expected.log.documents) {
            assert_eq!(logged.removed, wanted.removed);
        }
        assert_eq!(log.documents[1].output.as_deref(), Some("b.txt"));
        assert_eq!(restore(&kept, &log.documents[1]).unwrap(), b.as_bytes());
    }
}
