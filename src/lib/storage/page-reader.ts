import { openDB } from 'idb';
import type { Annotation } from '../model/types';
import { ANNOTATION_PAGES, DOCUMENTS, VERSIONS, type MarginaliaDB } from './schema';
import { currentList, readStoredPages } from './stale-pages';

/**
 * Reads one document's annotations (in id order, as `LibraryStore.listAnnotations`) through a
 * connection of its own: for a Web Worker, so that deserialising thousands of annotations (the
 * main cost of reading them) never runs on the page's thread. Opens the database at whatever
 * version it has (never creating or upgrading it: a database this code does not know, or that
 * is not there, is refused with an Error), and closes the connection when done or when another
 * tab needs to upgrade. Rejects when IndexedDB is unavailable here; the caller then reads
 * in the page.
 */
export async function readAnnotationsApart(dbName: string, docId: string): Promise<Annotation[]> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here');
  let created = false;
  const db = await openDB<MarginaliaDB>(dbName, undefined, {
    // Only reached when there was no database: nothing to read, and nothing must be created.
    upgrade: () => {
      created = true;
    },
    blocking: (_current, _next, event) => (event.target as IDBDatabase).close(),
  });
  try {
    if (
      created ||
      !db.objectStoreNames.contains(ANNOTATION_PAGES) ||
      !db.objectStoreNames.contains(VERSIONS)
    )
      throw new Error(`no library named ${dbName} with annotation pages`);
    const tx = db.transaction([DOCUMENTS, ANNOTATION_PAGES, VERSIONS]);
    const pages = tx.objectStore(ANNOTATION_PAGES);
    const versions = tx.objectStore(VERSIONS);
    // Carried to the current text when a saved edit left them stale (stale-pages.ts).
    return await currentList(
      await readStoredPages(tx.objectStore(DOCUMENTS), pages, versions, docId),
    );
  } finally {
    db.close();
    if (created) indexedDB.deleteDatabase(dbName);
  }
}
