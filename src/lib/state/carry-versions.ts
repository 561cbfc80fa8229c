import type { DocumentMeta } from '../model/types';
import type { CarryInput } from '../model/version-carry';
import type { LibraryStore } from '../storage/library-store';

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
