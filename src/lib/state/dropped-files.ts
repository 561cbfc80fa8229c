/// Files of a drop, with dropped folders read recursively (a teacher drops the folder of hand-ins).
/// Hidden files (".DS_Store", "._x") are skipped; at most `limit` files are taken.

type Entry = FileSystemEntry;

function isDir(e: Entry): e is FileSystemDirectoryEntry {
  return e.isDirectory;
}
function isFile(e: Entry): e is FileSystemFileEntry {
  return e.isFile;
}

const fileOf = (e: FileSystemFileEntry) => new Promise<File | null>((resolve) => e.file(resolve, () => resolve(null)));

/** All entries of a folder: readEntries returns them in batches until an empty one. */
async function childrenOf(dir: FileSystemDirectoryEntry): Promise<Entry[]> {
  const reader = dir.createReader();
  const out: Entry[] = [];
  for (;;) {
    const batch = await new Promise<Entry[]>((resolve) => reader.readEntries(resolve, () => resolve([])));
    if (!batch.length) return out;
    out.push(...batch);
  }
}

export async function droppedFiles(data: DataTransfer, limit = 500): Promise<File[]> {
  // Entries must be taken synchronously, before the drop event's data store is cleared.
  const entries = [...data.items].map((i) => (i.kind === 'file' ? i.webkitGetAsEntry?.() : null));
  if (!entries.some((e) => e && isDir(e))) return [...data.files];
  const out: File[] = [];
  const queue = entries.filter((e): e is Entry => !!e);
  while (queue.length && out.length < limit) {
    const e = queue.shift()!;
    if (e.name.startsWith('.')) continue;
    if (isDir(e)) queue.push(...(await childrenOf(e)).sort((a, b) => a.name.localeCompare(b.name)));
    else if (isFile(e)) {
      const f = await fileOf(e);
      if (f) out.push(f);
    }
  }
  return out;
}
