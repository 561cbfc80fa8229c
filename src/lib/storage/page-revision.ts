import type { IDBPTransaction, StoreNames } from 'idb';
import type { DocumentMeta } from '../model/types';
import { DOCUMENTS, DRAW_RECORDS, type MarginaliaDB } from './schema';

type RW = IDBPTransaction<MarginaliaDB, StoreNames<MarginaliaDB>[], 'readwrite'>;

/**
 * The revision of a document's annotation pages (schema version 6): `DocumentMeta.pagesRev`, a
 * token that changes with every write of the document's pages, in the transaction that writes
 * them. A drawing record (draw-record.ts) is stamped with the token it was computed from and is
 * used only while the meta still holds it, so it never shows annotations older than the pages.
 *
 * Rule: pages are written only inside `StoreConnection.writePages`, which hands out the pages
 * store per document (`pagesFor(docId)`) and, once the transaction's work is done, calls
 * `bumpRevisions` for every document it was handed out for. `StoreConnection.write` refuses the
 * pages store, and `page-revision.test.ts` fails if pages are reached any other way.
 *
 * A random token rather than a counter: a meta brought back from a backup or by the undo of a
 * deletion may carry any older value, and a counter could then meet a record's stamp again.
 */
export function newRevision(): string {
  const words = crypto.getRandomValues(new Uint32Array(3));
  return [...words].map((w) => w.toString(36)).join('-');
}

/** One document's pages revision before and after a write (`prev` '' when it had none). */
export interface Revised {
  docId: string;
  prev: string;
  next: string;
}

/** Gives each document of `docIds` that is stored a new `pagesRev`, and deletes its drawing
 * record, in the caller's transaction (which must include DOCUMENTS and DRAW_RECORDS). Runs
 * after the transaction's other writes, so that the meta it rewrites is the latest. Returns
 * each stored document's revision change (valid once the transaction commits). */
export async function bumpRevisions(tx: RW, docIds: Iterable<string>): Promise<Revised[]> {
  const docs = tx.objectStore(DOCUMENTS);
  const records = tx.objectStore(DRAW_RECORDS);
  const out: Revised[] = [];
  for (const id of docIds) {
    const meta = await docs.get(id);
    if (meta) {
      const next = newRevision();
      out.push({ docId: id, prev: meta.pagesRev ?? '', next });
      await docs.put({ ...meta, pagesRev: next });
    }
    await records.delete(id);
  }
  return out;
}

/** The meta as exports and undo snapshots carry it: `pagesRev` is this library's bookkeeping. */
export function withoutRevision(meta: DocumentMeta): DocumentMeta {
  if (meta.pagesRev === undefined) return meta;
  const { pagesRev: _, ...rest } = meta;
  return rest;
}
