import type { DocumentMeta } from '../model/types';
import { DOCUMENTS, DRAW_RECORDS } from './schema';
import type { StoreConnection } from './store-connection';

/**
 * A document's drawing record (schema version 6): what the first paint of its highlights needs,
 * for every placed annotation, packed in a few typed arrays and strings (IndexedDB's cost is per
 * record and per object: 10,000 annotations as one such record are ~1 MB and one clone, where
 * their pages are ~10 MB and 10,000 objects). A reload reads it with the text and draws from it;
 * the pages are read after the first paint.
 *
 * Never used stale: it is stamped with the pages revision (`DocumentMeta.pagesRev`,
 * page-revision.ts) and the text version it was computed from, written only by a transaction
 * that finds the meta still at both (`putDrawRecord`), and every write of the pages changes the
 * revision and deletes the record in its own transaction. A reader checks `fresh` before use.
 */
export interface DrawRecord {
  docId: string;
  /** `pagesRev` of the meta it was computed from ('' for pages never written since v5). */
  rev: string;
  /** The text version the positions count in (`DocumentMeta.version`, 1 when absent). */
  version: number;
  /** The document's annotations, placed or not (the placed ones are listed here). */
  total: number;
  /** Ids, one after another; `idEnds[i]` is where the i-th ends. */
  ids: string;
  idEnds: Uint32Array;
  /** Start and end of each, in code points of the text, as anchoring placed them. */
  ranges: Uint32Array;
  /** Per annotation: FUZZY, PROMPT, REPLY. */
  flags: Uint8Array;
  /** Per annotation, an index into `creators`. */
  creator: Uint32Array;
  creators: string[];
  /** Per annotation, an index into `styles`: JSON of `[tags, color]`. */
  style: Uint32Array;
  styles: string[];
  /** Each note's gist (`noteGist`), one after another; `noteEnds[i]` is where the i-th ends. */
  notes: string;
  noteEnds: Uint32Array;
}

export const FUZZY = 1;
export const PROMPT = 2;
export const REPLY = 4;

/** One placed annotation as the record holds it. */
export interface DrawEntry {
  id: string;
  start: number;
  end: number;
  fuzzy: boolean;
  creator: string;
  tags: readonly string[];
  color?: string;
  /** The note's gist (`noteGist`): what its look reads. */
  note: string;
  prompt: boolean;
  reply: boolean;
}

/** The record's stamp: what the meta must still hold for a record to be used. */
export interface DrawStamp {
  rev: string;
  version: number;
}

export const stampOf = (meta: DocumentMeta): DrawStamp => ({
  rev: meta.pagesRev ?? '',
  version: meta.version ?? 1,
});

/** True when `record` was computed from the pages and text `meta` describes. */
export function fresh(record: DrawRecord | undefined, meta: DocumentMeta | undefined): boolean {
  if (!record || !meta || record.docId !== meta.id) return false;
  const s = stampOf(meta);
  return record.rev === s.rev && record.version === s.version;
}

/** Packs placed annotations (in text order) into a record stamped `stamp`. */
export function packDrawRecord(
  docId: string,
  stamp: DrawStamp,
  total: number,
  entries: readonly DrawEntry[],
): DrawRecord {
  const n = entries.length;
  const rec: DrawRecord = {
    docId,
    ...stamp,
    total,
    ids: '',
    idEnds: new Uint32Array(n),
    ranges: new Uint32Array(2 * n),
    flags: new Uint8Array(n),
    creator: new Uint32Array(n),
    creators: [],
    style: new Uint32Array(n),
    styles: [],
    notes: '',
    noteEnds: new Uint32Array(n),
  };
  const creators = new Map<string, number>();
  const styles = new Map<string, number>();
  const index = (m: Map<string, number>, list: string[], key: string) => {
    let i = m.get(key);
    if (i === undefined) m.set(key, (i = list.push(key) - 1));
    return i;
  };
  const ids: string[] = [];
  const notes: string[] = [];
  let idAt = 0;
  let noteAt = 0;
  entries.forEach((e, i) => {
    ids.push(e.id);
    rec.idEnds[i] = idAt += e.id.length;
    notes.push(e.note);
    rec.noteEnds[i] = noteAt += e.note.length;
    rec.ranges[2 * i] = e.start;
    rec.ranges[2 * i + 1] = e.end;
    rec.flags[i] = (e.fuzzy ? FUZZY : 0) | (e.prompt ? PROMPT : 0) | (e.reply ? REPLY : 0);
    rec.creator[i] = index(creators, rec.creators, e.creator);
    rec.style[i] = index(styles, rec.styles, JSON.stringify([e.tags, e.color ?? null]));
  });
  rec.ids = ids.join('');
  rec.notes = notes.join('');
  return rec;
}

/** The entries of a record, in the order packed. Throws on a damaged record (the caller then
 * reads the pages, as without one). */
export function unpackDrawRecord(rec: DrawRecord): DrawEntry[] {
  const n = rec.idEnds.length;
  if (rec.ranges.length !== 2 * n || rec.noteEnds.length !== n || rec.flags.length !== n)
    throw new Error('a damaged drawing record');
  const styles = rec.styles.map((s) => JSON.parse(s) as [string[], string | null]);
  const out: DrawEntry[] = new Array(n);
  let idAt = 0;
  let noteAt = 0;
  for (let i = 0; i < n; i++) {
    const [tags, color] = styles[rec.style[i]];
    const f = rec.flags[i];
    out[i] = {
      id: rec.ids.slice(idAt, (idAt = rec.idEnds[i])),
      start: rec.ranges[2 * i],
      end: rec.ranges[2 * i + 1],
      fuzzy: (f & FUZZY) !== 0,
      creator: rec.creators[rec.creator[i]],
      tags,
      ...(color ? { color } : {}),
      note: rec.notes.slice(noteAt, (noteAt = rec.noteEnds[i])),
      prompt: (f & PROMPT) !== 0,
      reply: (f & REPLY) !== 0,
    };
  }
  return out;
}

/** A document's drawing record, as stored (check it with `fresh` before use). */
export function getDrawRecord(c: StoreConnection, docId: string): Promise<DrawRecord | undefined> {
  return c.read((db) => db.get(DRAW_RECORDS, docId));
}

/** Stores `record` if the document's meta still holds its stamp; returns whether it did. */
export async function putDrawRecord(c: StoreConnection, record: DrawRecord): Promise<boolean> {
  let stored = false;
  await c.write([DOCUMENTS, DRAW_RECORDS], async (tx) => {
    const meta = await tx.objectStore(DOCUMENTS).get(record.docId);
    if (!fresh(record, meta)) return;
    await tx.objectStore(DRAW_RECORDS).put(record);
    stored = true;
  });
  return stored;
}
