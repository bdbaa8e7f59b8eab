// Turning dropped or picked files and folders into inputs {name, file}.
// Folders are walked recursively in name order and, like the CLI, only
// files with one of the folder extensions (the core's list, which the
// worker hands over: txt, md, html, docx, jsonl, csv, zip, …) are taken
// from them; files given one by one are always taken, whatever they are —
// the core reads them or says why it skipped them. A file dropped on its
// own keeps its base name; a file found in a folder is named by its path
// inside the dropped folder. Nothing is read here: the page checks the
// sizes against its limit (app.js) and lists the files it accepts as
// handles (`File`s); the workers read them (worker.js), so their bytes
// never cross the page's thread.

let folderExtensions = null;

/** Sets the extensions taken from folders (lower case, without the dot). */
export function setFolderExtensions(list) {
  folderExtensions = new Set(list.map((e) => e.toLowerCase()));
}

export function fromFolder(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 && folderExtensions !== null && folderExtensions.has(name.slice(dot + 1).toLowerCase());
}

function entryFile(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function readAllEntries(dir) {
  const reader = dir.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    all.push(...batch);
  }
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const why = (e) => `the browser could not read it${e && e.message ? ` (${e.message})` : ''}`;

async function walk(entry, path, out, inFolder) {
  if (entry.isFile) {
    if (inFolder && !fromFolder(entry.name)) return;
    try {
      out.push({ name: path, file: await entryFile(entry) });
    } catch (e) {
      out.push({ name: path, error: why(e) });
    }
  } else if (entry.isDirectory) {
    let children;
    try {
      children = await readAllEntries(entry);
    } catch (e) {
      out.push({ name: path, error: `the browser could not list this folder${e && e.message ? ` (${e.message})` : ''}` });
      return;
    }
    for (const child of children) await walk(child, `${path}/${child.name}`, out, true);
  }
}

/** Inputs from a drop's DataTransfer (files and folders). */
export async function collectDropped(dataTransfer) {
  const out = [];
  const items = [...(dataTransfer.items || [])].filter((i) => i.kind === 'file');
  const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (entries.length && entries.every(Boolean)) {
    for (const entry of entries) await walk(entry, entry.name, out, false);
  } else {
    for (const file of dataTransfer.files) out.push({ name: file.name, file });
  }
  return out;
}

/** Inputs from <input type=file> (with `webkitdirectory` when folder). */
export function collectPicked(files, folder) {
  if (!folder) return files.map((f) => ({ name: f.name, file: f }));
  return files
    .filter((f) => fromFolder(f.name))
    .sort((a, b) => (a.webkitRelativePath < b.webkitRelativePath ? -1 : a.webkitRelativePath > b.webkitRelativePath ? 1 : 0))
    .map((f) => ({ name: f.webkitRelativePath || f.name, file: f }));
}

/**
 * A document to list: a file as its handle ({name, file, modified}; the
 * workers read it), else the input as it is ({name, bytes} or {name, error}).
 */
export function listInput(input) {
  // lastModified: for dedup's `newest` (keep.js).
  return input.file ? { name: input.name, file: input.file, modified: input.file.lastModified } : input;
}

/**
 * Reads an input's bytes (templates and references, which are small and
 * go with every request); a file the browser refuses becomes {name, error}.
 */
export async function readInput(input) {
  if (!input.file) return input;
  try {
    // lastModified: for dedup's `newest` (keep.js).
    return { name: input.name, bytes: new Uint8Array(await input.file.arrayBuffer()), modified: input.file.lastModified };
  } catch (e) {
    return { name: input.name, error: why(e) };
  }
}
