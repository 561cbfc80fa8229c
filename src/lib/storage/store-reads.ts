import type { Annotation, DocumentMeta, DocumentText, TagSet, TextVersion } from '../model/types';
import { ANNOTATION_PAGES, DOCUMENTS, SETTINGS, TAG_SETS, TEXTS, VERSIONS } from './schema';
import type { StoreConnection } from './store-connection';
import type { DocumentSnapshot } from './store-types';
import { findInPages, readPages } from './annotation-pages';
import { flatten, type AnnotationPage } from './pages';
import {
  carryRange,
  currentAnnotations,
  currentList,
  currentPages,
  readStoredPages,
  withoutPagesAt,
  type StoredPages,
} from './stale-pages';
import { versionRange } from './versions';
import { stampOf, type DrawStamp } from './draw-record';
import { withoutRevision } from './page-revision';

/** The library's reads (LibraryStore's read methods delegate here). Each is one read-only
 * transaction; failures are StorageErrors. */

/** Most recently opened first. Sorted by instant, not by string: `opened` may carry any time
 * zone offset (backups from elsewhere), so the index's string order is only a first pass. */
export function listDocuments(c: StoreConnection): Promise<DocumentMeta[]> {
  return c.read(async (db) => {
    const docs = (await db.getAllFromIndex(DOCUMENTS, 'by-opened')).reverse();
    const at = (d: DocumentMeta) => Date.parse(d.opened) || 0;
    return docs.sort((a, b) => at(b) - at(a));
  });
}

export function getDocument(c: StoreConnection, id: string): Promise<DocumentMeta | undefined> {
  return c.read((db) => db.get(DOCUMENTS, id));
}

export function getText(c: StoreConnection, id: string): Promise<DocumentText | undefined> {
  return c.read((db) => db.get(TEXTS, id));
}

export function findByHash(c: StoreConnection, hash: string): Promise<DocumentMeta | undefined> {
  return c.read((db) => db.getFromIndex(DOCUMENTS, 'by-hash', hash));
}

export function getTagSet(c: StoreConnection, docId: string): Promise<TagSet | undefined> {
  return c.read((db) => db.get(TAG_SETS, docId));
}

/** A document's annotations in id order, read as a few pages (see pages.ts), their selectors
 * counting in the current version of the text (stale-pages.ts). */
export function listAnnotations(c: StoreConnection, docId: string): Promise<Annotation[]> {
  return c.read(async (db) => {
    const tx = db.transaction([DOCUMENTS, ANNOTATION_PAGES, VERSIONS]);
    const docs = tx.objectStore(DOCUMENTS);
    const versions = tx.objectStore(VERSIONS);
    return currentList(
      await readStoredPages(docs, tx.objectStore(ANNOTATION_PAGES), versions, docId),
    );
  });
}

/** A document's annotations (as `listAnnotations`) and the stamp of the pages they were read
 * from, read in the same transaction (absent: no such document). */
export interface StampedList {
  annotations: Annotation[];
  stamp?: DrawStamp;
}

export function listAnnotationsStamped(c: StoreConnection, docId: string): Promise<StampedList> {
  return c.read(async (db) => {
    const tx = db.transaction([DOCUMENTS, ANNOTATION_PAGES, VERSIONS]);
    const docs = tx.objectStore(DOCUMENTS);
    const versions = tx.objectStore(VERSIONS);
    const read = await readStoredPages(docs, tx.objectStore(ANNOTATION_PAGES), versions, docId);
    const annotations = await currentList(read);
    return read.meta ? { annotations, stamp: stampOf(read.meta) } : { annotations };
  });
}

/** The annotations of one document with these ids, in the same order, in one read of only the
 * pages they fall in; `undefined` for an id not stored there (deleted since it was named). */
export function getAnnotations(
  c: StoreConnection,
  docId: string,
  ids: readonly string[],
): Promise<(Annotation | undefined)[]> {
  return c.read(async (db) => {
    const tx = db.transaction([DOCUMENTS, ANNOTATION_PAGES, VERSIONS]);
    const [meta, found] = await Promise.all([
      tx.objectStore(DOCUMENTS).get(docId),
      findInPages(tx.objectStore(ANNOTATION_PAGES), docId, ids),
    ]);
    const range = carryRange(meta);
    if (range) {
      const versions = await tx.objectStore(VERSIONS).getAll(range);
      for (const a of await currentAnnotations(meta, versions, [...found.values()]))
        found.set(a.id, a);
    }
    return ids.map((id) => found.get(id));
  });
}

/** A document whose pages count in an older text version, read for `catchUp`: its meta, pages
 * and the versions carrying them needs, in one transaction; null when its pages are current. */
export function readStale(
  c: StoreConnection,
  docId: string,
): Promise<(StoredPages & { meta: DocumentMeta }) | null> {
  return c.read(async (db) => {
    const tx = db.transaction([DOCUMENTS, ANNOTATION_PAGES, VERSIONS]);
    const meta = await tx.objectStore(DOCUMENTS).get(docId);
    const range = carryRange(meta);
    if (!meta || !range) return null;
    const [pages, versions] = await Promise.all([
      readPages(tx.objectStore(ANNOTATION_PAGES), docId),
      tx.objectStore(VERSIONS).getAll(range),
    ]);
    return { meta, pages, versions };
  });
}

export function getSetting<T>(c: StoreConnection, key: string): Promise<T | undefined> {
  return c.read(async (db) => (await db.get(SETTINGS, key)) as T | undefined);
}

/** A document's saved text versions, oldest first (none until its text is first edited). */
export function listVersions(c: StoreConnection, docId: string): Promise<TextVersion[]> {
  return c.read((db) => db.getAll(VERSIONS, versionRange(docId)));
}

/** Every document with all that is stored for it, in one read-only transaction. */
export function exportAll(c: StoreConnection): Promise<DocumentSnapshot[]> {
  return c.read(async (db) => {
    const tx = db.transaction([DOCUMENTS, TEXTS, TAG_SETS, ANNOTATION_PAGES, VERSIONS], 'readonly');
    const metas = await tx.objectStore(DOCUMENTS).getAll();
    const out: DocumentSnapshot[] = [];
    const pages: AnnotationPage[][] = [];
    for (const meta of metas) {
      const text = await tx.objectStore(TEXTS).get(meta.id);
      if (!text) continue;
      pages.push(await readPages(tx.objectStore(ANNOTATION_PAGES), meta.id));
      out.push({
        meta,
        text,
        tagSet: await tx.objectStore(TAG_SETS).get(meta.id),
        annotations: [],
        versions: await tx.objectStore(VERSIONS).getAll(versionRange(meta.id)),
      });
    }
    await tx.done;
    // Stale pages are carried once every read is done (stale-pages.ts); `pagesAt` stays here.
    for (const [i, s] of out.entries()) {
      s.annotations = flatten(await currentPages(s.meta, s.versions ?? [], pages[i]));
      s.meta = withoutRevision(withoutPagesAt(s.meta));
    }
    return out;
  });
}
