import type { DocumentMeta } from '../model/types';
import type { ImportItem } from '../model/w3c';
import { VersionCarrier, type Carried } from '../model/version-carry';
import type { LibraryStore } from '../storage/library-store';

/**
 * For work made on an older version of `doc`'s text (a file naming that version's SHA-256):
 * how to carry each item through the saved edits (`planImport`'s `carry`). Undefined when the
 * work names the current text, names no version, or one this library does not have.
 */
export async function carryFor(
  store: LibraryStore,
  doc: DocumentMeta,
  hash: string | undefined,
): Promise<{ version: number; item: (item: ImportItem) => Carried | null } | undefined> {
  const current = doc.version ?? 1;
  if (!hash || hash === doc.contentHash || current === 1) return undefined;
  const carrier = new VersionCarrier(await store.listVersions(doc.id));
  const n = carrier.versionOf(hash);
  if (n === undefined || n === current) return undefined;
  return { version: current, item: (item) => carrier.carry(n, item.target) };
}
