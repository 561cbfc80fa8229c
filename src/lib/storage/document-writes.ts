import type { Annotation, DocumentMeta, DocumentText, TagSet, TextVersion } from '../model/types';
import { DOCUMENTS, SETTINGS, TAG_SETS, TEXTS, VERSIONS } from './schema';
import { sameDoc, type StoreConnection } from './store-connection';
import type { DocumentSnapshot } from './store-types';
import { docRange, readPages, replacePages } from './annotation-pages';
import { queued } from './pages';
import { currentList, withoutPagesAt, type StoredPages } from './stale-pages';
import { versionRange } from './versions';
import { withoutRevision } from './page-revision';

/** Writes of whole documents and settings (LibraryStore's methods delegate here): each is one
 * transaction, told to other tabs through the connection's feed once committed. */

export async function setSetting(c: StoreConnection, key: string, value: unknown): Promise<void> {
  await c.write([SETTINGS], (tx) =>
    tx
      .objectStore(SETTINGS)
      .put(value, key)
      .then(() => undefined),
  );
}

/** Stores a document with its text, tag set and annotations; `annotationCount` is set from them.
 * `versions` (an edited document brought back by undo) replace any stored for it, in the same
 * transaction. */
export async function addDocument(
  c: StoreConnection,
  meta: DocumentMeta,
  text: DocumentText,
  tagSet: TagSet,
  annotations: Annotation[] = [],
  versions: readonly TextVersion[] = [],
): Promise<void> {
  // Ids unique (the last wins), so that the count is exact.
  const unique = [...new Map(annotations.map((a) => [a.id, a])).values()];
  await c.writePages([DOCUMENTS, TEXTS, TAG_SETS, VERSIONS], async (tx, pagesFor) => {
    sameDoc(meta.id, [
      text.id,
      tagSet.docId,
      ...unique.map((a) => a.docId),
      ...versions.map((v) => v.docId),
    ]);
    if (versions.length) {
      const store = tx.objectStore(VERSIONS);
      await store.delete(versionRange(meta.id));
      await Promise.all(versions.map((v) => queued(store.put(v))));
    }
    // Requests are queued without awaiting each one: IndexedDB runs them in order within the
    // transaction, and one round trip per record would dominate large writes.
    await Promise.all([
      queued(tx.objectStore(TEXTS).put(text)),
      queued(tx.objectStore(TAG_SETS).put(tagSet)),
      queued(replacePages(pagesFor(meta.id), meta.id, unique)),
      queued(
        tx.objectStore(DOCUMENTS).put({ ...withoutPagesAt(meta), annotationCount: unique.length }),
      ),
    ]);
  });
  c.feed?.post({ kind: 'documents' });
}

export async function updateDocument(
  c: StoreConnection,
  id: string,
  patch: Partial<Pick<DocumentMeta, 'title' | 'opened'>>,
): Promise<void> {
  await c.write([DOCUMENTS], async (tx) => {
    const meta = await tx.objectStore(DOCUMENTS).get(id);
    if (meta) await tx.objectStore(DOCUMENTS).put({ ...meta, ...patch });
  });
  c.feed?.post({ kind: 'documents' });
}

/** Deletes a document with its text, tag set, annotations and versions, in one transaction;
 * returns them for undo. Whatever is left of a damaged document (say, no text) is deleted too,
 * but then nothing can be restored and the result is undefined. */
export async function deleteDocument(
  c: StoreConnection,
  id: string,
): Promise<DocumentSnapshot | undefined> {
  let snapshot: DocumentSnapshot | undefined;
  let read: StoredPages | undefined;
  await c.writePages([DOCUMENTS, TEXTS, TAG_SETS, VERSIONS], async (tx, pagesFor) => {
    const pages = pagesFor(id);
    const [meta, text, tagSet, stored, versions] = await Promise.all([
      tx.objectStore(DOCUMENTS).get(id),
      tx.objectStore(TEXTS).get(id),
      tx.objectStore(TAG_SETS).get(id),
      readPages(pages, id),
      tx.objectStore(VERSIONS).getAll(versionRange(id)),
    ]);
    read = { meta, versions, pages: stored };
    await Promise.all([
      queued(pages.delete(docRange(id))),
      tx.objectStore(VERSIONS).delete(versionRange(id)),
      tx.objectStore(TAG_SETS).delete(id),
      tx.objectStore(TEXTS).delete(id),
      tx.objectStore(DOCUMENTS).delete(id),
    ]);
    if (meta && text) snapshot = { meta, text, tagSet, annotations: [] };
    if (snapshot && versions.length) snapshot.versions = versions;
  });
  c.feed?.post({ kind: 'documents' });
  // Pages a saved edit left stale are carried for the undo (stale-pages.ts), after the write.
  if (snapshot && read) {
    snapshot.annotations = await currentList(read);
    snapshot.meta = withoutRevision(withoutPagesAt(snapshot.meta));
  }
  return snapshot;
}
