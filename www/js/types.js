// The shapes the page works with, as JSDoc types: the report (the JSON
// contract of schema/report.schema.json, as src/report.rs writes it), the
// figures the core adds beside it, and the messages between the page
// (engine.js) and its workers (worker.js). Nothing here runs: the other
// modules name these types in their comments as
// `import('./types.js').Report`, which editors and type checkers follow.

/**
 * A paragraph, by document and position: `doc` indexes
 * {@link Report.documents}, `para` that document's `paragraphs`.
 * @typedef {object} Loc
 * @property {number} doc
 * @property {number} para
 */

/** @typedef {'exact' | 'near' | 'contained'} Kind */

/**
 * A paragraph's place in its document: a span of the original bytes (for
 * docx, paragraph indices), its 1-based line and its compared words.
 * @typedef {object} Paragraph
 * @property {number} start
 * @property {number} end
 * @property {number} line
 * @property {number} words
 */

/**
 * One document of the report (a file, a record, an archive entry).
 * @typedef {object} DocumentReport
 * @property {string} name
 * @property {number} bytes
 * @property {string} encoding     as decoded: 'utf-8', 'utf-16le', 'windows-1252', …
 * @property {'text' | 'markdown' | 'html' | 'docx' | 'jsonl' | 'csv'} format
 * @property {string[]} warnings
 * @property {Paragraph[]} paragraphs
 * @property {'new' | 'reference'} [role]  only when checked against a reference (references.js)
 */

/**
 * An input that was not analyzed, with the reason, for people.
 * @typedef {object} Skipped
 * @property {string} name
 * @property {string} reason
 */

/**
 * Two matching paragraphs; `a` is the earlier.
 * @typedef {object} Pair
 * @property {Loc} a
 * @property {Loc} b
 * @property {Kind} kind
 * @property {number} similarity
 * @property {number} containment
 */

/**
 * A later copy in a cluster, scored against the cluster's original.
 * @typedef {object} ClusterCopy
 * @property {number} doc
 * @property {number} para
 * @property {Kind} kind
 * @property {number} similarity
 * @property {number} containment
 */

/**
 * An original paragraph and its copies.
 * @typedef {object} Cluster
 * @property {Kind} kind           the loosest kind among the copies
 * @property {boolean} boilerplate
 * @property {number} documents    how many documents its paragraphs lie in
 * @property {Loc} original
 * @property {ClusterCopy[]} copies
 */

/**
 * One side of a passage: a span `[start, end)` of the document's original
 * bytes (starting and ending on word boundaries) and its 1-based first and
 * last lines.
 * @typedef {object} PassageSide
 * @property {number} doc
 * @property {number} start
 * @property {number} end
 * @property {number} line
 * @property {number} end_line
 */

/**
 * How a passage matched: one unbroken run of the same words (`verbatim`),
 * runs with small gaps bridged (`edited`), sentences similar in their
 * words but not their order (`reworded`), or the pieces of a short text
 * matched across a much longer stretch of the other (`summary`).
 * @typedef {'verbatim' | 'edited' | 'reworded' | 'summary'} PassageKind
 */

/**
 * A passage of text shared by two documents (or two places in one),
 * inside or across paragraphs; `a` is the earlier side.
 * @typedef {object} Passage
 * @property {PassageSide} a
 * @property {PassageSide} b
 * @property {number} words        words in the later side
 * @property {number} similarity   share of both sides' words aligned (Dice)
 * @property {PassageKind} kind
 */

/**
 * Where a passage's side lies in a paragraph's text (`passageMarks`):
 * `from`/`to` are string indices (UTF-16 code units) in the text the page
 * shows for paragraph `para`; `whole` when the span could not be placed
 * inside the text (HTML, .docx, records), so the mark covers all of it.
 * @typedef {object} PassageMark
 * @property {number} passage   index into {@link Report.passages}
 * @property {'a' | 'b'} side
 * @property {number} para
 * @property {number} from
 * @property {number} to
 * @property {boolean} [whole]
 */

/**
 * How much two documents share (`a` < `b`): every byte covered by a
 * paragraph match or a passage counts.
 * @typedef {object} Overlap
 * @property {number} a
 * @property {number} b
 * @property {number} a_share
 * @property {number} b_share
 */

/**
 * @typedef {object} Summary
 * @property {number} documents
 * @property {number} paragraphs
 * @property {number} compared_paragraphs
 * @property {number} duplicate_paragraphs
 * @property {number} paragraph_bytes
 * @property {number} duplicated_bytes
 * @property {number} clusters
 * @property {number} boilerplate_clusters
 * @property {number} pairs
 * @property {number} passages
 * @property {number} reused_bytes   bytes covered by the later side of a match or passage, each once
 * @property {number} ignored_paragraphs  paragraphs matching a template (never originals or copies)
 * @property {number} ignored_bytes
 */

/**
 * A paragraph ignored because it matches a template paragraph.
 * @typedef {object} Ignored
 * @property {number} doc
 * @property {number} para
 * @property {number} start   its span [start, end) in the original bytes
 * @property {number} end
 * @property {number} line
 * @property {number} template       index into `templates`
 * @property {number} template_para  index into that template's paragraphs
 * @property {'exact' | 'near' | 'contained'} kind
 * @property {number} similarity
 * @property {number} containment
 */

/**
 * The options of an analysis (src/options.rs); the core checks them
 * (`checkOptions`), the page only reads them from its form.
 * @typedef {object} Options
 * @property {'auto' | 'blank' | 'line'} segmentation
 * @property {number} min_words
 * @property {number} shingle_words
 * @property {number} near_threshold
 * @property {number} contained_threshold
 * @property {number} boilerplate_documents
 * @property {boolean} skip_datelines
 * @property {boolean} passages          look for passages inside and across paragraphs
 * @property {number} min_passage_words
 * @property {number} passage_similarity
 */

/**
 * The report, as `paradup analyze --format json` writes it.
 * @typedef {object} Report
 * @property {{name: string, version: string}} tool
 * @property {Options} settings
 * @property {DocumentReport[]} documents
 * @property {Skipped[]} skipped
 * @property {Pair[]} pairs
 * @property {Cluster[]} clusters
 * @property {Passage[]} passages
 * @property {Overlap[]} overlaps
 * @property {DocumentReport[]} templates  the templates to ignore, read like documents
 * @property {Ignored[]} ignored
 * @property {Summary} summary
 */

/**
 * The core's figures for one document (`Report::document_stats`,
 * src/stats.rs), sent beside the report and not part of it.
 * @typedef {object} DocumentStats
 * @property {number} paragraphs
 * @property {number} duplicate_paragraphs
 * @property {number} paragraph_bytes
 * @property {number} duplicated_bytes
 */

/**
 * Which listed file each document and each skipped entry came from
 * (indices into the list the analysis was given).
 * @typedef {object} Origins
 * @property {number[]} documents
 * @property {number[]} skipped
 */

/**
 * A document as the page keeps it: a picked or dropped file as its handle
 * (`file`, which the workers read), text the page made (`bytes`: pasted,
 * the examples), or an input the browser refused (`error`).
 * @typedef {object} Doc
 * @property {number} id        stable: names the document to the worker
 * @property {string} name
 * @property {File} [file]
 * @property {number} [modified] the file's lastModified (dedup's `newest`)
 * @property {Uint8Array} [bytes]
 * @property {string} [error]
 */

/**
 * Progress of a running analysis.
 * @typedef {object} Progress
 * @property {'reading' | 'matching' | 'passages' | 'clustering' | 'reporting'} stage
 * @property {number} done
 * @property {number} total
 * @property {string | null} [file]
 */

/**
 * One word diff (`wordDiff`): spans in order, `coarse` when the texts were
 * too long to compare word by word.
 * @typedef {object} Diff
 * @property {{op: 'equal' | 'delete' | 'insert', text: string}[]} spans
 * @property {boolean} coarse
 */

// ------------------------------------------------ page ↔ worker messages

/**
 * What the page posts to a worker: `{type, id, …}`; the worker answers
 * each with a {@link WorkerReply} of the same id.
 *
 *   init         {module}                  → {version, options, folderExtensions}
 *   sync         {ids, docs: Doc[]}        → {missing: number[]} (files read by the worker)
 *   checkOptions {options}                 → {options} (complete) or {error, field}
 *   begin        {options, budget, templates, references?, within?} → {first} (the first file read)
 *   analyze      {run, remote, base}       → {json, same, report, origins, stats, read}
 *                                            (remote: each file from `first` on waits
 *                                            for its {type: 'prepared', run, doc, bytes}
 *                                            message, which has no reply; bytes null:
 *                                            the worker reads that file itself)
 *                                            (json: the report's JSON in pieces, Uint8Array[],
 *                                            transferred, which engine.js parses; or
 *                                            null and report, the object, when too long;
 *                                            base: the run of the report the page shows,
 *                                            or null; when it is the report sent last, the
 *                                            JSON leaves out the first `same` documents,
 *                                            which are that report's)
 *   texts        {run, docs: number[]}     → string[][] (every paragraph of each)
 *   paragraphs   {run, locs: [doc, para][]} → string[]
 *   marks        {run, docs: number[]}     → PassageMark[][] (per document)
 *   passageTexts {run, passages: number[]} → [a, b][] (each side's text)
 *   lengthExamples {run, options}         → [above, below], each {words, similarity,
 *                                            a, b} (the sides' texts) or null
 *   diff         {pairs: [a, b][]}         → Diff[]
 *   json / csv   {chunk, rows?}            → Uint8Array[] (pieces of the export;
 *                                            csv rows: 'pairs' | 'passages')
 *   dedup        {kinds: Kind[], keep?: {policy, modified}} → Uint8Array (the zip)
 *   prepare      {docs: {name, doc, file | bytes}[], run, options} → true once each
 *                                            file went to main over the port ({type:
 *                                            'prepared', run, doc, bytes, raw}, transferred:
 *                                            bytes, the file prepared for main's addNext, or
 *                                            null for an archive or a file the browser could
 *                                            not read there), false with no port
 *   memory       {}                        → number (its WebAssembly memory, bytes)
 *   crash        {how}                     (a test hook)
 * @typedef {{type: string, id: number} & Record<string, unknown>} WorkerRequest
 */

/**
 * What a worker posts back. `progress` comes any number of times before
 * the `result` or `error` of an analysis; an error with `fatal` means the
 * instance is lost (a panic, memory exhausted) and the page replaces it.
 * @typedef {(
 *   {type: 'progress', id: number} & Progress |
 *   {type: 'result', id: number, value: unknown} |
 *   {type: 'error', id: number, message: string, fatal?: boolean, oom?: boolean}
 * )} WorkerReply
 */

/**
 * The result of an analysis as the engine hands it to the page.
 * @typedef {object} Analysis
 * @property {Report} report
 * @property {Origins} origins
 * @property {DocumentStats[]} stats
 */

export {};
