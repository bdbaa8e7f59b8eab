//! The last report written out for download: JSON and CSV, whole (for
//! small reports) or in pieces joined by the page as a `Blob`.

use wasm_bindgen::prelude::*;

use super::Corpus;

#[wasm_bindgen]
impl Corpus {
    /// The last report as JSON, byte for byte as
    /// `paradup analyze --format json` writes it (compact, one line), in
    /// pieces: an array of `Uint8Array`s of about `chunk` bytes each
    /// (default [`EXPORT_CHUNK`]) to be joined as a `Blob`. A report can be
    /// larger than the longest string a browser makes, so it never becomes
    /// one string.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self, chunk: Option<u32>) -> Result<js_sys::Array, JsError> {
        json_pieces(self.report()?, chunk)
    }

    /// How many documents the last report starts with that are the same
    /// as those of the report before it (once the corpus changed, the
    /// report before it is the one the page was sent): after files are
    /// appended, all of that report's.
    #[wasm_bindgen(js_name = sameDocuments)]
    pub fn same_documents(&self) -> Result<usize, JsError> {
        let now = &self.report()?.documents;
        Ok(now
            .iter()
            .zip(self.previous_documents())
            .take_while(|(a, b)| a == b)
            .count())
    }

    /// How many documents the last report ends with that are the same as
    /// those the report before it ends with, apart from the first
    /// [`Corpus::same_documents`]: after a file is removed, all of those
    /// after it.
    #[wasm_bindgen(js_name = sameDocumentsAtEnd)]
    pub fn same_documents_at_end(&self) -> Result<usize, JsError> {
        let (now, before) = (&self.report()?.documents, self.previous_documents());
        let most = now.len().min(before.len()) - self.same_documents()?;
        let pairs = now.iter().rev().zip(before.iter().rev()).take(most);
        Ok(pairs.take_while(|(a, b)| a == b).count())
    }

    /// The last report as JSON in pieces, as [`Corpus::export_json`], but
    /// with its `documents` from document `from` on only, and without the
    /// last `end` (none if not given): what the page lacks when it holds
    /// those already ([`Corpus::same_documents`],
    /// [`Corpus::same_documents_at_end`]). Parsed, and those documents
    /// put before and after, it is the report. With `lean`, each document
    /// written has `"paragraphs": []`: the page takes them from
    /// [`Corpus::paragraph_table`] instead, which it turns into objects
    /// faster than it parses them (and this writes them faster).
    #[wasm_bindgen(js_name = exportJsonFrom)]
    pub fn export_json_from(
        &mut self,
        from: usize,
        chunk: Option<u32>,
        end: Option<usize>,
        lean: Option<bool>,
    ) -> Result<js_sys::Array, JsError> {
        let report = self.report_mut()?;
        let to = written(report.documents.len(), from, end)?;
        let docs = &mut report.documents;
        // The documents before `from` and from `to` on are set aside
        // while the rest is written, then put back: nothing is copied.
        let last = docs.split_off(to);
        let middle = docs.split_off(from);
        let head = std::mem::replace(docs, middle);
        let lean = lean.unwrap_or(false);
        let kept: Vec<_> = if lean {
            let docs = report.documents.iter_mut();
            docs.map(|d| std::mem::take(&mut d.paragraphs)).collect()
        } else {
            Vec::new()
        };
        let out = json_pieces(report, chunk);
        for (doc, paragraphs) in report.documents.iter_mut().zip(kept) {
            doc.paragraphs = paragraphs;
        }
        let middle = std::mem::replace(&mut report.documents, head);
        report.documents.extend(middle);
        report.documents.extend(last);
        out
    }

    /// The paragraphs of the documents [`Corpus::export_json_from`] writes
    /// for the same `from` and `end`, as numbers: for each document how
    /// many, then each one's `start`, `end`, `line` and `words`. `None`
    /// when a number does not fit in 32 bits (the page then asks for the
    /// JSON with the paragraphs).
    #[wasm_bindgen(js_name = paragraphTable)]
    pub fn paragraph_table(
        &self,
        from: usize,
        end: Option<usize>,
    ) -> Result<Option<Vec<u32>>, JsError> {
        let docs = &self.report()?.documents;
        let docs = &docs[from..written(docs.len(), from, end)?];
        let mut table = Vec::new();
        for doc in docs {
            table.push(doc.paragraphs.len() as u32);
            for p in &doc.paragraphs {
                for n in [p.start, p.end, p.line, p.words] {
                    let Ok(n) = u32::try_from(n) else {
                        return Ok(None);
                    };
                    table.push(n);
                }
            }
        }
        Ok(Some(table))
    }

    /// The last report as CSV, exactly as
    /// `paradup analyze --format csv --rows <rows>` writes it, in pieces as
    /// [`Corpus::export_json`]. `rows` is `"pairs"` (the default, also for
    /// `undefined`) or `"passages"`; anything else is an error.
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(
        &self,
        chunk: Option<u32>,
        rows: Option<String>,
    ) -> Result<js_sys::Array, JsError> {
        let rows = parse_rows(rows)?;
        let report = self.report()?;
        let mut out = Chunks::new(chunk);
        crate::render::write_csv_rows(report, rows, &mut out).map_err(|e| {
            JsError::new(&format!("cannot write the {} as CSV: {e}", rows.as_str()))
        })?;
        Ok(out.finish())
    }

    /// The last report as JSON in one string, as [`Corpus::export_json`]
    /// writes it: for small reports only (the page uses `exportJson`).
    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(&self) -> Result<String, JsError> {
        let report = self.report()?;
        serde_json::to_string(report)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| JsError::new(&format!("cannot write the report as JSON: {e}")))
    }

    /// The last report's pairs as CSV in one string, as
    /// [`Corpus::export_csv`] writes them: for small reports only.
    #[wasm_bindgen(js_name = pairsCsv)]
    pub fn pairs_csv(&self) -> Result<String, JsError> {
        Ok(crate::render::csv(self.report()?))
    }

    /// The last report's passages as CSV in one string, as
    /// `exportCsv(chunk, "passages")` writes them: for small reports only.
    #[wasm_bindgen(js_name = passagesCsv)]
    pub fn passages_csv(&self) -> Result<String, JsError> {
        Ok(crate::render::passages_csv(self.report()?))
    }
}

/// Where the documents [`Corpus::export_json_from`] writes end: before
/// the last `end` of `len`, and not before `from`.
fn written(len: usize, from: usize, end: Option<usize>) -> Result<usize, JsError> {
    len.checked_sub(end.unwrap_or(0))
        .filter(|&to| from <= to)
        .ok_or_else(|| {
            JsError::new(&format!(
                "no documents {from} to the last {end:?}: the report has {len} document(s)"
            ))
        })
}

/// `report` as JSON (one line and a newline) in pieces of about `chunk`
/// bytes.
fn json_pieces(
    report: &crate::report::Report,
    chunk: Option<u32>,
) -> Result<js_sys::Array, JsError> {
    let mut out = Chunks::new(chunk);
    serde_json::to_writer(&mut out, report)
        .map_err(std::io::Error::other)
        .and_then(|_| std::io::Write::write_all(&mut out, b"\n"))
        .map_err(|e| JsError::new(&format!("cannot write the report as JSON: {e}")))?;
    Ok(out.finish())
}

/// The CSV rows asked for: `pairs` when not given.
fn parse_rows(rows: Option<String>) -> Result<crate::render::Rows, JsError> {
    rows.map_or(Ok(crate::render::Rows::Pairs), |r| {
        r.parse().map_err(|e: String| JsError::new(&e))
    })
}

/// The size of the pieces exports are written in (16 MiB): small enough
/// for any browser to allocate, large enough to be few.
pub const EXPORT_CHUNK: u32 = 16 << 20;

/// A writer that hands its output to JavaScript in pieces: each time about
/// `size` bytes have been written they are copied into a new `Uint8Array`
/// (which the worker transfers to the page without copying again), so
/// neither side ever holds the whole output in one buffer or string.
struct Chunks {
    parts: js_sys::Array,
    buf: Vec<u8>,
    size: usize,
}

impl Chunks {
    fn new(size: Option<u32>) -> Chunks {
        let size = size.unwrap_or(EXPORT_CHUNK).max(1) as usize;
        Chunks {
            parts: js_sys::Array::new(),
            buf: Vec::with_capacity(size.min(EXPORT_CHUNK as usize)),
            size,
        }
    }

    fn cut(&mut self) {
        if !self.buf.is_empty() {
            self.parts
                .push(&js_sys::Uint8Array::from(self.buf.as_slice()));
            self.buf.clear();
        }
    }

    fn finish(mut self) -> js_sys::Array {
        self.cut();
        self.parts
    }
}

impl std::io::Write for Chunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let room = self.size.saturating_sub(self.buf.len()).max(1);
        let n = data.len().min(room);
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() >= self.size {
            self.cut();
        }
        Ok(n)
    }

    // serde_json writes a token at a time (a number, a quote): most fit
    // in the piece under way and take one copy, not the default
    // `write_all`'s loop over `write`. Pieces are cut where `write` cuts.
    #[inline(never)]
    fn write_all(&mut self, data: &[u8]) -> std::io::Result<()> {
        if self.buf.len() + data.len() < self.size {
            self.buf.extend_from_slice(data);
            return Ok(());
        }
        let mut data = data;
        while !data.is_empty() {
            let n = self.write(data)?;
            data = &data[n..];
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
