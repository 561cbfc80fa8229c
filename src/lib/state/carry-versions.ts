import type { DocumentMeta } from '../model/types';
import type { CarryInput } from '../model/version-carry';
import type { LibraryStore, Revised } from '../storage/library-store';

/**
 * What the import worker needs to carry work made on an older version of `doc`'s text through
 * the saved edits (`carryItems`): undefined while the text has never been edited.
 */
export async function carryFor(
  store: LibraryStore,
  doc: DocumentMeta,
): Promise<CarryInput | undefined> {
  const version = doc.version ?? 1;
  if (version === 1) return undefined;
  return { version, versions: await store.listVersions(doc.id), format: doc.format };
}

/**
 * Has storage rewrite the annotation pages a saved edit left counting in an older version
 * (`LibraryStore.catchUp`) once the page is idle: after the new text is drawn, so that the save
 * and its drawing do not wait for it. Reads are correct before it runs; a failure is left for
 * the next open of the document to retry. `done` receives the rewrite's revision change.
 */
export function catchUpLater(
  store: LibraryStore,
  docId: string,
  done: (revised: Revised[]) => void = () => {},
): void {
  const run = () => void store.catchUp(docId).then(done, () => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 });
  else setTimeout(run, 0);
}
