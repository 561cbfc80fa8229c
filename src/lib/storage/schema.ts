import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Annotation, DocumentMeta, DocumentText, TagSet, TextVersion } from '../model/types';
import { layOut, pageCountFor, queued, type AnnotationPage } from './pages';
import type { DrawRecord } from './draw-record';

export const DB_NAME = 'marginalia';
export const DB_VERSION = 6;

// RULE: store and index names are part of every reader's database. Changing one needs a
// migration step (a new DB_VERSION with an `if (oldVersion < N)` step); upgrade steps are never
// edited once released, because browsers out there have already run them.
export const DOCUMENTS = 'documents';
export const TEXTS = 'texts';
/** One record per annotation: versions 1–2 only (deleted by the v3 step; only upgrade steps
 * touch it). */
export const ANNOTATIONS = 'annotations';
/** Version 3: each document's annotations in pages of a few hundred (see pages.ts). */
export const ANNOTATION_PAGES = 'annotationPages';
export const TAG_SETS = 'tagSets';
/** Version 4: saved versions of each document's text, keyed [docId, n] (issue 16). */
export const VERSIONS = 'versions';
export const SETTINGS = 'settings';
/** Version 6: per document, what the first paint of its highlights needs (draw-record.ts). */
export const DRAW_RECORDS = 'drawRecords';

export interface MarginaliaDB extends DBSchema {
  documents: {
    key: string;
    value: DocumentMeta;
    indexes: { 'by-hash': string; 'by-opened': string };
  };
  texts: { key: string; value: DocumentText };
  /** Versions 1–2 only: gone from a version-3 database. */
  annotations: {
    key: string;
    value: Annotation;
    indexes: { 'by-doc': string; 'by-doc-creator': [string, string] };
  };
  annotationPages: { key: [string, number]; value: AnnotationPage };
  tagSets: { key: string; value: TagSet };
  versions: { key: [string, number]; value: TextVersion };
  settings: { key: string; value: unknown };
  drawRecords: { key: string; value: DrawRecord };
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

/** Version 3: annotations move from one record each into pages of a few hundred per document
 * (IndexedDB's cost is per record). Every annotation is kept, including any whose document is
 * gone; document counts are recomputed from what was moved; the old store is deleted. Frozen
 * once released. */
export async function upgradeToV3(db: IDBPDatabase<MarginaliaDB>, tx: UpgradeTx): Promise<void> {
  const pages = db.createObjectStore(ANNOTATION_PAGES, { keyPath: ['docId', 'page'] });
  const byDoc = new Map<string, Annotation[]>();
  for (const a of await tx.objectStore(ANNOTATIONS).getAll()) {
    const list = byDoc.get(a.docId) ?? [];
    if (!list.length) byDoc.set(a.docId, list);
    list.push(a);
  }
  const writes: Promise<unknown>[] = [];
  for (const [docId, list] of byDoc)
    for (const page of layOut(docId, list, pageCountFor(list.length)))
      writes.push(queued(pages.put(page)));
  await Promise.all(writes);
  let docCursor = await tx.objectStore(DOCUMENTS).openCursor();
  while (docCursor) {
    const count = byDoc.get(docCursor.value.id)?.length ?? 0;
    if (docCursor.value.annotationCount !== count)
      await docCursor.update({ ...docCursor.value, annotationCount: count });
    docCursor = await docCursor.continue();
  }
  db.deleteObjectStore(ANNOTATIONS);
}

/** Version 4: a store for the versions of edited texts. Documents never edited have no
 * version records (their text record is version 1), so nothing is rewritten. Frozen once
 * released. */
export function upgradeToV4(db: IDBPDatabase<MarginaliaDB>): void {
  db.createObjectStore(VERSIONS, { keyPath: ['docId', 'n'] });
}

/** Version 5: a document's meta may say that its annotation pages still count in an older
 * version of its text (`pagesAt`: a saved edit leaves them to be carried on read, see
 * stale-pages.ts). A version-4 database has no such document, so nothing is rewritten; the step
 * exists so that version-4 code, which would read such pages as current, can no longer open the
 * library (its tabs are asked to reload). Frozen once released. */
export function upgradeToV5(): void {}

/** Version 6: a store of drawing records (draw-record.ts), one per document, keyed by its id.
 * None is written here: a document without one is read the full way once, and its record is
 * written after. Pages written by older code carry no `pagesRev`, which only means that no
 * record matches them. Frozen once released. */
export function upgradeToV6(db: IDBPDatabase<MarginaliaDB>): void {
  db.createObjectStore(DRAW_RECORDS, { keyPath: 'docId' });
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
  const steps = async () => {
    if (oldVersion < 2) await upgradeToV2(tx);
    if (oldVersion < 3) await upgradeToV3(db, tx);
    if (oldVersion < 4) upgradeToV4(db);
    if (oldVersion < 5) upgradeToV5();
    if (oldVersion < 6) upgradeToV6(db);
  };
  return steps().catch(() => abort(tx));
}

function abort(tx: UpgradeTx): void {
  // The open itself rejects and says why; the aborted transaction's own promise adds nothing.
  tx.done.catch(() => undefined);
  try {
    tx.abort();
  } catch {
    /* already aborted by the failed request */
  }
}
