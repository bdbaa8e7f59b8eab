// Overview: summary figures, the skipped inputs, the documents table and
// the overlap heatmap. All from the report and the core's figures per
// document (state.js: DocRow); no paragraph text is needed here.
import { h, $, clear, pct, fmtInt, fmtBytes, displayName } from './dom.js';

/** @typedef {import('./types.js').Report} Report */
/** @typedef {import('./state.js').DocRow} DocRow */

/**
 * The skipped inputs of the report, each with its reason.
 * @param {Report} report
 */
export function renderSkipped(report) {
  const section = $('#skipped');
  const list = clear($('#skipped-list'));
  const skipped = report.skipped || [];
  section.hidden = skipped.length === 0;
  $('#skipped-count').textContent = fmtInt(skipped.length);
  const SHOWN = 1000;
  for (const s of skipped.slice(0, SHOWN)) {
    list.append(h('li', null, h('span', { class: 'skipped-name' }, displayName(s.name)), h('span', { class: 'skipped-reason muted' }, s.reason)));
  }
  if (skipped.length > SHOWN) list.append(h('li', { class: 'muted' }, `… and ${fmtInt(skipped.length - SHOWN)} more (all are in the JSON export)`));
}

/** @param {HTMLElement} el @param {Report} report */
export function renderSummary(el, report) {
  const s = report.summary;
  const share = s.paragraph_bytes ? s.duplicated_bytes / s.paragraph_bytes : 0;
  const card = (value, label, key, hint) =>
    h('div', { class: 'stat', dataset: { stat: key }, title: hint || null },
      h('span', { class: 'stat-value' }, value),
      h('span', { class: 'stat-label' }, label));
  clear(el).append(
    card(fmtInt(s.documents), 'files', 'documents'),
    card(fmtInt(s.paragraphs), 'paragraphs', 'paragraphs', `${fmtInt(s.compared_paragraphs)} long enough to compare`),
    card(fmtInt(s.duplicate_paragraphs), 'duplicate paragraphs', 'duplicate_paragraphs', 'Later copies of an earlier paragraph'),
    card(pct(share), 'of the text duplicated', 'duplicated_share', `${fmtBytes(s.duplicated_bytes)} of ${fmtBytes(s.paragraph_bytes)} in paragraphs`),
    card(fmtInt(s.clusters), `clusters · ${fmtInt(s.boilerplate_clusters)} boilerplate`, 'clusters'),
    report.settings.passages === false
      ? card('off', 'shared passages', 'passages', 'Passages are turned off in the options')
      : card(fmtInt(s.passages ?? 0), 'shared passages', 'passages', 'Stretches of text shared inside or across paragraphs (the Passages tab lists them)'),
    card(pct(s.paragraph_bytes ? (s.reused_bytes ?? 0) / s.paragraph_bytes : 0), 'of the text reused', 'reused_bytes',
      `${fmtBytes(s.reused_bytes ?? 0)} covered by a later copy of a paragraph or a passage`),
    report.templates?.length
      ? card(fmtInt(s.ignored_paragraphs), 'paragraphs ignored', 'ignored_paragraphs', `${fmtBytes(s.ignored_bytes)} matching the templates, never counted as copies`)
      : null,
  );
}

const COLUMNS = [
  { key: 'name', label: 'Document', type: 'text' },
  { key: 'bytes', label: 'Size', type: 'num' },
  { key: 'paragraphs', label: 'Paragraphs', type: 'num' },
  { key: 'share', label: 'Duplicated', type: 'num' },
];
// Rows drawn at first (more on request): a few are in view at a time, and
// each drawn row costs time on every analysis of a large set.
const LIMIT = 100;

/** @param {HTMLTableElement} table @param {DocRow[]} stats */
export function renderDocTable(table, stats, nav) {
  let sort = { key: 'share', dir: -1 };
  let limit = LIMIT;
  const draw = () => {
    const rows = [...stats].sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      const c = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return c * sort.dir || a.index - b.index;
    });
    const head = h('tr', null,
      COLUMNS.map((c) => {
        const active = sort.key === c.key;
        return h('th', { scope: 'col', class: c.type, 'aria-sort': active ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
          h('button', {
            type: 'button', class: 'sort', dataset: { sort: c.key },
            onclick: () => {
              sort = active ? { key: c.key, dir: -sort.dir } : { key: c.key, dir: c.type === 'text' ? 1 : -1 };
              draw();
              table.querySelector(`[data-sort="${c.key}"]`).focus();
            },
          }, c.label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (sort.dir > 0 ? '▲' : '▼') : '')));
      }));
    const body = h('tbody', null,
      rows.slice(0, limit).map((r) =>
        h('tr', { dataset: { doc: r.index } },
          h('td', { class: 'text' },
            h('button', { type: 'button', class: 'link doc-link', title: r.warnings.length ? r.warnings.join('; ') : displayName(r.name), onclick: () => nav.openDocument(r.index) }, displayName(r.name)),
            r.warnings.length ? h('span', { class: 'warn', title: r.warnings.join('; ') }, ' ⚠') : null,
            r.role === 'reference' ? h('span', { class: 'badge small role-badge' }, 'reference') : null),
          h('td', { class: 'num' }, fmtBytes(r.bytes)),
          h('td', { class: 'num' }, fmtInt(r.paragraphs)),
          h('td', { class: 'num' }, h('div', { class: 'share-cell' },
            h('span', { class: 'bar', role: 'img', 'aria-label': `${pct(r.share)} duplicated` }, h('span', { class: 'bar-fill', style: { width: `${Math.min(100, r.share * 100)}%` } })),
            h('span', { class: 'share-value' }, pct(r.share)))))));
    const foot = rows.length > limit
      ? h('tfoot', null, h('tr', null, h('td', { colspan: COLUMNS.length },
          h('button', { type: 'button', class: 'button subtle', onclick: () => { limit += LIMIT; draw(); } }, `Show more (${fmtInt(rows.length - limit)} not shown)`))))
      : null;
    clear(table).append(...[h('caption', { class: 'visually-hidden' }, 'Documents, sortable by each column'), h('thead', null, head), body, foot].filter(Boolean));
  };
  draw();
}

/** The documents to show in the matrix: all, or the most duplicated. */
const MAX_MATRIX = 40;

/** @param {HTMLElement} el @param {Report} report @param {DocRow[]} stats */
export function renderHeatmap(el, report, stats, nav) {
  clear(el);
  const n = report.documents.length;
  if (n < 2) {
    el.append(h('p', { class: 'muted' }, 'Add a second document to see how documents overlap.'));
    return;
  }
  let docs = stats.map((s) => s.index);
  if (n > MAX_MATRIX) {
    docs = [...stats].sort((a, b) => b.share - a.share || a.index - b.index).slice(0, MAX_MATRIX).map((s) => s.index).sort((a, b) => a - b);
    el.append(h('p', { class: 'muted small' }, `Showing the ${MAX_MATRIX} most duplicated of ${fmtInt(n)} documents.`));
  }
  // Only the documents shown are counted: each gets its row (-1 for the
  // others), and a pair of rows one cell of a flat matrix.
  const row = new Int32Array(n).fill(-1);
  docs.forEach((d, i) => (row[d] = i));
  const m = docs.length;
  const share = new Float64Array(m * m);
  const pairCount = new Uint32Array(m * m);
  const passageCount = new Uint32Array(m * m);
  for (const o of report.overlaps) {
    const [x, y] = [row[o.a], row[o.b]];
    if (x < 0 || y < 0) continue;
    share[x * m + y] = o.a_share;
    share[y * m + x] = o.b_share;
  }
  const count = (cells, a, b) => {
    const [x, y] = [row[a], row[b]];
    if (x < 0 || y < 0 || x === y) return;
    cells[Math.min(x, y) * m + Math.max(x, y)]++;
  };
  for (const p of report.pairs) count(pairCount, p.a.doc, p.b.doc);
  for (const p of report.passages || []) count(passageCount, p.a.doc, p.b.doc);
  const names = report.documents.map((d) => displayName(d.name));
  const short = (name) => (name.length > 22 ? `…${name.slice(-21)}` : name);
  // Up to 1,600 cells, made directly (not through h()), with one click
  // listener on the table: drawing them was most of the overview's time.
  const cell = (i, j) => {
    const [x, y] = [row[i], row[j]];
    const v = share[x * m + y];
    const k = Math.min(x, y) * m + Math.max(x, y);
    const count = pairCount[k];
    const passages = passageCount[k];
    const label = `${names[i]} → ${names[j]}: ${pct(v)} of ${names[i]} found in ${names[j]}; ${count} matching paragraph pair${count === 1 ? '' : 's'}, ${passages} shared passage${passages === 1 ? '' : 's'}`;
    const level = v === 0 ? 0 : Math.min(9, 1 + Math.floor(v * 9));
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `cell l${level}`;
    button.title = label;
    button.setAttribute('aria-label', label);
    Object.assign(button.dataset, { a: i, b: j, share: v, pairs: count, passages });
    if (count === 0 && passages === 0) button.disabled = true;
    if (v) button.textContent = pct(v);
    const td = document.createElement('td');
    td.append(button);
    return td;
  };
  const table = h('table', { class: 'heatmap' },
    h('caption', { class: 'visually-hidden' }, 'Overlap between documents: share of the row document found in the column document'),
    h('thead', null, h('tr', null, h('td'), docs.map((j) => h('th', { scope: 'col', title: names[j] }, h('span', null, short(names[j])))))),
    h('tbody', null, docs.map((i) =>
      h('tr', null,
        h('th', { scope: 'row', title: names[i] }, short(names[i])),
        docs.map((j) => (i === j ? h('td', { class: 'diag', 'aria-hidden': 'true' }) : cell(i, j)))))));
  table.addEventListener('click', (e) => {
    const button = /** @type {HTMLElement} */ (e.target).closest('button.cell');
    if (button instanceof HTMLButtonElement && !button.disabled) nav.compareDocuments(Number(button.dataset.a), Number(button.dataset.b));
  });
  el.append(table);
}
