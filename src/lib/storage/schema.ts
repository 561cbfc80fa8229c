import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Annotation, DocumentMeta, DocumentText, TagSet } from '../model/types';

export const DB_NAME = 'marginalia';
export const DB_VERSION = 2;

// RULE: store and index names are part of every reader's database. Changing one needs a
// migration step (a new DB_VERSION with an `if (oldVersion < N)` step); upgrade steps are never
// edited once released, because browsers out there have already run them.
export const DOCUMENTS = 'documents';
export const TEXTS = 'texts';
export const ANNOTATIONS = 'annotations';
export const TAG_SETS = 'tagSets';
export const SETTINGS = 'settings';

export interface MarginaliaDB extends DBSchema {
  documents: {
    key: string;
    value: DocumentMeta;
    indexes: { 'by-hash': string; 'by-opened': string };
  };
  texts: { key: string; value: DocumentText };
  annotations: {
    key: string;
    value: Annotation;
    indexes: { 'by-doc': string; 'by-doc-creator': [string, string] };
  };
  tagSets: { key: string; value: TagSet };
  settings: { key: string; value: unknown };
}

type UpgradeTx = IDBPTransaction<MarginaliaDB, StoreNames<MarginaliaDB>[], 'versionchange'>;

/** Version 1: the first released schema. Frozen. */
export function upgradeToV1(db: IDBPDatabase<MarginaliaDB>): void {
  const docs = db.createObjectStore(DOCUMENTS, { keyPath: 'id' });
  docs.createIndex('by-hash', 'contentHash');
  docs.createIndex('by-opened', 'opened');
  db.createObjectStore(TEXTS, { keyPath: 'id' });
  const anns = db.createObjectStore(ANNOTATIONS, { keyPath: 'id' });
  anns.createIndex('by-doc', 'docId');
  db.createObjectStore(TAG_SETS, { keyPath: 'docId' });
  db.createObjectStore(SETTINGS);
}

/** Version 2: layers by creator. Annotations written before creators were required get the
 * default creator, and document counts are recomputed. Frozen once released. */
export async function upgradeToV2(tx: UpgradeTx): Promise<void> {
  const anns = tx.objectStore(ANNOTATIONS);
  anns.createIndex('by-doc-creator', ['docId', 'creator']);
  const counts = new Map<string, number>();
  let cursor = await anns.openCursor();
  while (cursor) {
    const a = cursor.value;
    if (typeof a.creator !== 'string' || !a.creator) await cursor.update({ ...a, creator: 'Me' });
    counts.set(a.docId, (counts.get(a.docId) ?? 0) + 1);
    cursor = await cursor.continue();
  }
  let docCursor = await tx.objectStore(DOCUMENTS).openCursor();
  while (docCursor) {
    await docCursor.update({
      ...docCursor.value,
      annotationCount: counts.get(docCursor.value.id) ?? 0,
    });
    docCursor = await docCursor.continue();
  }
}

/** Runs every step newer than `oldVersion`, in order, in the upgrade transaction. A step that
 * fails aborts the transaction, so the database stays at its old version with nothing changed. */
export function upgrade(
  db: IDBPDatabase<MarginaliaDB>,
  oldVersion: number,
  _newVersion: number | null,
  tx: UpgradeTx,
): Promise<void> | void {
  if (oldVersion < 1) upgradeToV1(db);
  if (oldVersion < 2) return upgradeToV2(tx).catch(() => abort(tx));
}

function abort(tx: UpgradeTx): void {
  try {
    tx.abort();
  } catch {
    /* already aborted by the failed request */
  }
}
