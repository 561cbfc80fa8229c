import { StoreConnection } from './store-connection';
import { applyChanges } from './annotation-writes';
import type { StepOptions } from './annotation-pages';
import type { AnnotationChange } from './store-types';
import type { Revised } from './page-revision';

/** The library could not be opened here (no IndexedDB, no such library, another version):
 * nothing was written, and the page writes the change itself. */
export class NotOpenedApart extends Error {
  override readonly name = 'NotOpenedApart';
}

/**
 * `LibraryStore.applyChanges` run through a connection of its own: for the import worker, so
 * that putting an import's pages (the structured clone of every page, ~0.4 s for 10,000
 * annotations) never runs on the page's thread. The same code and the same transaction as the
 * page's write (pages, tag set, count, a new pages revision, the drawing record deleted; all
 * or nothing), except that other tabs are not told: the page tells them once this resolves
 * (`LibraryStore.announce`). The connection is closed when done, and at once when another tab
 * needs to upgrade (`StoreConnection.openApart`; the write then aborts). Resolves with the
 * pages' revision changes; rejects with `NotOpenedApart` when the library cannot be opened
 * here (nothing written), else with the write's StorageError. `onOpened` is called once the
 * library is open here, before the write begins.
 */
export async function applyChangesApart(
  dbName: string,
  docId: string,
  change: AnnotationChange,
  opts: StepOptions & { onOpened?: () => void } = {},
): Promise<Revised[]> {
  let c: StoreConnection;
  try {
    c = await StoreConnection.openApart(dbName);
  } catch (err) {
    throw new NotOpenedApart(err instanceof Error ? err.message : String(err));
  }
  try {
    opts.onOpened?.();
    return await applyChanges(c, docId, change, opts);
  } finally {
    c.close();
  }
}
