import type { IDBPTransaction, StoreNames } from 'idb';
import type { DocumentMeta } from '../model/types';
import { utf8Length } from '../model/text-index';
import { TEXTS, VERSIONS, type MarginaliaDB } from './schema';
import type { TextChange } from './store-types';
import { StalePagesError, staleAt, withoutPagesAt } from './stale-pages';

type RW = IDBPTransaction<MarginaliaDB, StoreNames<MarginaliaDB>[], 'readwrite'>;

/** Every version record of a document, [docId, 0] to [docId, +∞]. */
export const versionRange = (docId: string): IDBKeyRange =>
  IDBKeyRange.bound([docId, 0], [docId, Infinity]);

/**
 * Writes a new version of a document's text in the caller's transaction (which must include
 * TEXTS and VERSIONS): the new version's record (and, on a first edit, version 1's), the text
 * record's source (its original file is kept), and returns the meta to store, with `pagesAt`
 * when the change is `carried` (its annotations are carried on read; no page is written).
 * Throws when the stored version is not the one the edit started from (another tab saved an
 * edit first): the transaction is then aborted, and nothing of the edit is written.
 */
export async function writeVersion(
  tx: RW,
  meta: DocumentMeta,
  change: TextChange,
): Promise<DocumentMeta> {
  const current = meta.version ?? 1;
  if (current !== change.base)
    throw new Error(
      `the text was changed elsewhere (version ${current}, this edit began from ${change.base})`,
    );
  const v = change.version;
  if (v.docId !== meta.id || v.n !== current + 1)
    throw new Error(`version ${v.n} cannot follow version ${current}`);
  const texts = tx.objectStore(TEXTS);
  const versions = tx.objectStore(VERSIONS);
  const text = await texts.get(meta.id);
  if (!text) throw new Error(`document ${meta.id} has no text`);
  // A document's first edit keeps the text as it was as version 1.
  if (current === 1 && !(await versions.get([meta.id, 1])))
    await versions.put({
      docId: meta.id,
      n: 1,
      created: meta.created,
      contentHash: meta.contentHash,
      source: text.source,
    });
  await versions.put(v);
  await texts.put({ ...text, source: v.source });
  // A carried edit leaves the pages where they were (stale-pages.ts): they count in the version
  // they counted in before, the one this edit began from unless an earlier save left them too.
  // An edit whose annotations are written with it needs the pages current first.
  if (!change.carried && staleAt(meta) !== undefined) throw new StalePagesError(meta.id);
  const pagesAt = change.carried ? (staleAt(meta) ?? current) : undefined;
  return {
    ...withoutPagesAt(meta),
    version: v.n,
    contentHash: v.contentHash,
    size: utf8Length(v.source),
    ...(pagesAt !== undefined ? { pagesAt } : {}),
  };
}
