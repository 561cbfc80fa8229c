/**
 * Files of a drop, with dropped folders read recursively (a teacher drops the folder of hand-ins).
 * From folders only annotation files (.json, .jsonld) are taken: the source text or a readme
 * beside the hand-ins must not open as new documents. Hidden files (".DS_Store", "._x") are
 * skipped; at most `limit` files are taken. `skipped` counts what was left out and why.
 */

type Entry = FileSystemEntry;

function isDir(e: Entry): e is FileSystemDirectoryEntry {
  return e.isDirectory;
}
function isFile(e: Entry): e is FileSystemFileEntry {
  return e.isFile;
}

const fileOf = (e: FileSystemFileEntry) =>
  new Promise<File | null>((resolve) => e.file(resolve, () => resolve(null)));

/** All entries of a folder: readEntries returns them in batches until an empty one. */
async function childrenOf(dir: FileSystemDirectoryEntry): Promise<Entry[]> {
  const reader = dir.createReader();
  const out: Entry[] = [];
  for (;;) {
    const batch = await new Promise<Entry[]>((resolve) =>
      reader.readEntries(resolve, () => resolve([])),
    );
    if (!batch.length) return out;
    out.push(...batch);
  }
}

export interface Dropped {
  files: File[];
  /** Files inside dropped folders that are not annotation files. */
  skipped: number;
  /** True when the limit cut the list. */
  truncated: boolean;
}

const isAnnotationFile = (name: string) => /\.(json|jsonld)$/i.test(name);

export async function droppedFiles(data: DataTransfer, limit = 500): Promise<Dropped> {
  // Entries must be taken synchronously, before the drop event's data store is cleared.
  const entries = [...data.items].map((i) => (i.kind === 'file' ? i.webkitGetAsEntry?.() : null));
  if (!entries.some((e) => e && isDir(e)))
    return { files: [...data.files], skipped: 0, truncated: false };
  const out: File[] = [];
  let skipped = 0;
  const queue: { e: Entry; inFolder: boolean }[] = entries
    .filter((e): e is Entry => !!e)
    .map((e) => ({ e, inFolder: false }));
  while (queue.length && out.length < limit) {
    const { e, inFolder } = queue.shift()!;
    if (e.name.startsWith('.')) continue;
    if (isDir(e))
      queue.push(
        ...(await childrenOf(e))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((c) => ({ e: c, inFolder: true })),
      );
    else if (isFile(e)) {
      if (inFolder && !isAnnotationFile(e.name)) {
        skipped++;
        continue;
      }
      const f = await fileOf(e);
      if (f) out.push(f);
    }
  }
  return { files: out, skipped, truncated: queue.length > 0 };
}
