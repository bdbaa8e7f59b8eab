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
    /// written has `"paragraphs": []`, and `pairs`, `clusters` and
    /// `overlaps` are `[]`: the page takes them from
    /// [`Corpus::report_table`] instead, which it turns into objects
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
        // So are, with `lean`, the parts the table gives.
        let aside = if lean.unwrap_or(false) {
            let docs = report.documents.iter_mut();
            let paragraphs: Vec<_> = docs.map(|d| std::mem::take(&mut d.paragraphs)).collect();
            let pairs = std::mem::take(&mut report.pairs);
            let clusters = std::mem::take(&mut report.clusters);
            Some((
                paragraphs,
                pairs,
                clusters,
                std::mem::take(&mut report.overlaps),
            ))
        } else {
            None
        };
        let out = json_pieces(report, chunk);
        if let Some((paragraphs, pairs, clusters, overlaps)) = aside {
            for (doc, paragraphs) in report.documents.iter_mut().zip(paragraphs) {
                doc.paragraphs = paragraphs;
            }
            (report.pairs, report.clusters, report.overlaps) = (pairs, clusters, overlaps);
        }
        let middle = std::mem::replace(&mut report.documents, head);
        report.documents.extend(middle);
        report.documents.extend(last);
        out
    }

    /// What [`Corpus::export_json_from`] leaves out with `lean` (for the
    /// same `from` and `end`), as numbers: `[ints, floats]`, a
    /// `Uint32Array` and a `Float64Array`. `ints`: for each document its
    /// paragraph count, then each paragraph's `start`, `end`, `line` and
    /// `words`; the pair count, then each pair's `a.doc`, `a.para`,
    /// `b.doc`, `b.para` and kind (0 exact, 1 near, 2 contained); the
    /// cluster count, then each cluster's kind, `boilerplate` (0 or 1),
    /// `documents`, `original.doc`, `original.para` and copy count, and
    /// each copy's `doc`, `para` and kind; the overlap count, then each
    /// overlap's `a` and `b`. `floats`: each pair's `similarity` and
    /// `containment`, in order, then each copy's, then each overlap's
    /// `a_share` and `b_share`. `None` when an integer does not fit in 32
    /// bits (the page then asks for the whole JSON).
    #[wasm_bindgen(js_name = reportTable)]
    pub fn report_table(
        &self,
        from: usize,
        end: Option<usize>,
    ) -> Result<Option<js_sys::Array>, JsError> {
        let report = self.report()?;
        let docs = &report.documents;
        let docs = &docs[from..written(docs.len(), from, end)?];
        let (mut ints, mut floats) = (Vec::<u32>::new(), Vec::<f64>::new());
        for doc in docs {
            ints.push(doc.paragraphs.len() as u32);
            for p in &doc.paragraphs {
                for n in [p.start, p.end, p.line, p.words] {
                    let Ok(n) = u32::try_from(n) else {
                        return Ok(None);
                    };
                    ints.push(n);
                }
            }
        }
        ints.push(report.pairs.len() as u32);
        for p in &report.pairs {
            ints.extend([p.a.doc, p.a.para, p.b.doc, p.b.para, p.kind as u32]);
            floats.extend([p.similarity, p.containment]);
        }
        ints.push(report.clusters.len() as u32);
        for c in &report.clusters {
            let (kind, boilerplate) = (c.kind as u32, u32::from(c.boilerplate));
            let (doc, para) = (c.original.doc, c.original.para);
            ints.extend([
                kind,
                boilerplate,
                c.documents,
                doc,
                para,
                c.copies.len() as u32,
            ]);
            for k in &c.copies {
                ints.extend([k.doc, k.para, k.kind as u32]);
                floats.extend([k.similarity, k.containment]);
            }
        }
        ints.push(report.overlaps.len() as u32);
        for o in &report.overlaps {
            ints.extend([o.a, o.b]);
            floats.extend([o.a_share, o.b_share]);
        }
        let out = js_sys::Array::new();
        out.push(&js_sys::Uint32Array::from(&ints[..]));
        out.push(&js_sys::Float64Array::from(&floats[..]));
        Ok(Some(out))
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
