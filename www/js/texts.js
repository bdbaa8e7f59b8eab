// Paragraph texts, fetched from the worker when a view needs them: the
// document shown, the clusters on screen, the two sides of a comparison,
// and (on the first search of the clusters) the paragraphs of every
// cluster. The report holds only spans; the worker holds the bytes and
// the core turns spans into text (`paragraphTexts`). One store per
// analysis: a new analysis starts an empty one, and the old one goes with
// the results it was about.

/** @typedef {import('./types.js').Loc} Loc */

const key = (doc, para) => `${doc}:${para}`;

export class TextStore {
  /**
   * @param {(type: string, payload: object) => Promise<any>} request
   *   a request to the worker about this analysis (see engine.texts)
   */
  constructor(request) {
    this.request = request;
    /** @type {Map<number, string[]>} every paragraph of a document */
    this.docs = new Map();
    /** @type {Map<string, string>} single paragraphs, "doc:para" */
    this.paras = new Map();
    /** @type {Map<number, Promise<string[]>>} */
    this.pendingDocs = new Map();
    /** @type {Map<string, Promise<void>>} */
    this.pendingParas = new Map();
    /**
     * Every request sent, for the tests (paradupDebug.textRequests):
     * {docs: the documents asked about, paragraphs: how many (null: all)}.
     * @type {{docs: number[], paragraphs: number | null}[]}
     */
    this.log = [];
    /** @type {Map<number, Promise<import('./types.js').PassageMark[]>>} passage marks per document */
    this.marksOf = new Map();
    /** @type {Map<number, [string, string]>} both sides' texts per passage */
    this.passageText = new Map();
  }

  /**
   * Where the passages lie in `doc`'s paragraph texts (string indices,
   * mapped by the core), fetched once.
   * @returns {Promise<import('./types.js').PassageMark[]>}
   */
  marks(doc) {
    let pending = this.marksOf.get(doc);
    if (!pending) {
      pending = this.request('marks', { docs: [doc] }).then(([marks]) => marks);
      pending.catch(() => this.marksOf.delete(doc));
      this.marksOf.set(doc, pending);
    }
    return pending;
  }

  /**
   * Both sides' texts of passages `indices`, fetching those not here.
   * @param {number[]} indices
   * @returns {Promise<[string, string][]>}
   */
  async passages(indices) {
    const missing = [...new Set(indices.filter((i) => !this.passageText.has(i)))];
    if (missing.length) {
      const texts = await this.request('passageTexts', { passages: missing });
      missing.forEach((i, n) => this.passageText.set(i, texts[n]));
    }
    return indices.map((i) => this.passageText.get(i));
  }

  /** The text of a paragraph, if fetched. */
  get(doc, para) {
    const all = this.docs.get(doc);
    return all ? all[para] : this.paras.get(key(doc, para));
  }

  /** Whether every paragraph of `doc` is here. */
  hasDocument(doc) {
    return this.docs.has(doc);
  }

  /**
   * Every paragraph text of `doc`, fetched once.
   * @returns {Promise<string[]>}
   */
  document(doc) {
    const have = this.docs.get(doc);
    if (have) return Promise.resolve(have);
    let pending = this.pendingDocs.get(doc);
    if (!pending) {
      this.log.push({ docs: [doc], paragraphs: null });
      pending = this.request('texts', { docs: [doc] }).then(
        ([texts]) => {
          this.docs.set(doc, texts);
          this.pendingDocs.delete(doc);
          return texts;
        },
        (e) => {
          this.pendingDocs.delete(doc);
          throw e;
        },
      );
      this.pendingDocs.set(doc, pending);
    }
    return pending;
  }

  /**
   * Fetches the texts of `locs` that are not here yet, in one request.
   * @param {Loc[]} locs
   */
  async paragraphs(locs) {
    const waits = [];
    const missing = [];
    const seen = new Set();
    for (const { doc, para } of locs) {
      const k = key(doc, para);
      if (seen.has(k) || this.get(doc, para) !== undefined) continue;
      seen.add(k);
      const pending = this.pendingDocs.get(doc) || this.pendingParas.get(k);
      if (pending) waits.push(pending);
      else missing.push({ doc, para });
    }
    if (missing.length) {
      this.log.push({ docs: [...new Set(missing.map((l) => l.doc))].sort((a, b) => a - b), paragraphs: missing.length });
      const fetched = this.request('paragraphs', { locs: missing.map((l) => [l.doc, l.para]) }).then((texts) => {
        missing.forEach((l, i) => this.paras.set(key(l.doc, l.para), texts[i]));
      });
      const done = fetched.finally(() => {
        for (const l of missing) this.pendingParas.delete(key(l.doc, l.para));
      });
      for (const l of missing) this.pendingParas.set(key(l.doc, l.para), done);
      waits.push(done);
    }
    await Promise.all(waits);
  }
}
