import type { DocumentMeta, Result } from '../model/types';
import type { ImportTarget } from '../model/import-file';
import { parseDocument } from '../model/parse';
import type { LibraryStore } from '../storage/library-store';
import type { PlanInput } from '../workers/import-client';
import type { OpenDocument } from './document.svelte';
import { carryFor } from './carry-versions';

/** The document an imported file is for: by id, then by the items' `source`, then by text hash. */
export async function findTarget(
  store: LibraryStore,
  docs: readonly DocumentMeta[],
  t: ImportTarget,
): Promise<DocumentMeta | undefined> {
  for (const id of [t.docId, ...t.sources].filter((x): x is string => !!x)) {
    const d = docs.find((x) => x.id === id);
    if (d) return d;
  }
  if (t.contentHash) return store.findByHash(t.contentHash);
  return undefined;
}

/**
 * What planning an import into `doc` needs, with the saved edits of its text when it has been
 * edited (`carryFor`): taken from the open document when it is that one
 * (already in memory: nothing is read again), else read from storage. Only ids and modification
 * times of the stored annotations are sent to the worker.
 */
export async function planInput(
  store: LibraryStore,
  open: OpenDocument,
  doc: DocumentMeta,
): Promise<Result<PlanInput>> {
  const [input, carry] = await Promise.all([textInput(store, open, doc), carryFor(store, doc)]);
  return input.ok && carry ? { ok: true, value: { ...input.value, carry } } : input;
}

async function textInput(
  store: LibraryStore,
  open: OpenDocument,
  doc: DocumentMeta,
): Promise<Result<PlanInput>> {
  const known = (list: readonly { id: string; modified: string }[]) =>
    list.map(({ id, modified }) => ({ id, modified }));
  if (open.meta?.id === doc.id && open.index) {
    const input = { docId: doc.id, text: open.index.text, tags: [...open.tags] };
    return { ok: true, value: { ...input, existing: known(open.annotations) } };
  }
  const [text, tagSet, existing] = await Promise.all([
    store.getText(doc.id),
    store.getTagSet(doc.id),
    store.listAnnotations(doc.id),
  ]);
  if (!text)
    return {
      ok: false,
      error: `The document “${doc.title}” has no text stored; the import was not applied.`,
    };
  const plain = (await parseDocument(text.source, doc.format)).plainText;
  const value = { docId: doc.id, text: plain, existing: known(existing), tags: tagSet?.tags ?? [] };
  return { ok: true, value };
}
