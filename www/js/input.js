// Turning dropped or picked files and folders into documents {name, bytes}.
// Folders are walked recursively in name order and, like the CLI, only
// .txt, .md and .text files are taken from them; files given one by one are
// always taken. A file dropped on its own keeps its base name; a file found
// in a folder is named by its path inside the dropped folder.

const FOLDER_EXTENSIONS = /\.(txt|md|text)$/i;

async function fileToDoc(file, name) {
  return { name, bytes: new Uint8Array(await file.arrayBuffer()) };
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

async function walk(entry, path, out, skipped, inFolder) {
  if (entry.isFile) {
    if (inFolder && !FOLDER_EXTENSIONS.test(entry.name)) return;
    try {
      out.push(await fileToDoc(await entryFile(entry), path));
    } catch (e) {
      skipped.push(path);
    }
  } else if (entry.isDirectory) {
    let children;
    try {
      children = await readAllEntries(entry);
    } catch (e) {
      skipped.push(path);
      return;
    }
    for (const child of children) await walk(child, `${path}/${child.name}`, out, skipped, true);
  }
}

/** Documents from a drop's DataTransfer (files and folders). */
export async function collectDropped(dataTransfer) {
  const out = [];
  const skipped = [];
  const items = [...(dataTransfer.items || [])].filter((i) => i.kind === 'file');
  const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (entries.length && entries.every(Boolean)) {
    for (const entry of entries) await walk(entry, entry.name, out, skipped, false);
  } else {
    for (const file of dataTransfer.files) {
      try {
        out.push(await fileToDoc(file, file.name));
      } catch (e) {
        skipped.push(file.name);
      }
    }
  }
  return { docs: out, skipped };
}

/** Documents from <input type=file> (with `webkitdirectory` when folder). */
export async function collectPicked(files, folder) {
  let list = files;
  if (folder) {
    list = files
      .filter((f) => FOLDER_EXTENSIONS.test(f.name))
      .sort((a, b) => (a.webkitRelativePath < b.webkitRelativePath ? -1 : 1));
  }
  return Promise.all(list.map((f) => fileToDoc(f, folder && f.webkitRelativePath ? f.webkitRelativePath : f.name)));
}
