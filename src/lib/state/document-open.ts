import type { Anchor, Annotation, DocumentMeta, ParsedDocument, Tag } from '../model/types';
import { parseDocument } from '../model/parse';
import type { TextIndex } from '../model/text-index';
import { anchorAll } from '../model/anchor';
import type { LibraryStore } from '../storage/library-store';
import { ORPHAN } from './document-parts';

/**
 * Reads of a document's annotations for `OpenDocument.open`, one of which may start ahead of
 * it (`prefetch`, at the app's start for the last document): with thousands of annotations
 * that read is the longest wait of a start, IndexedDB working while the page is idle.
 */
export class AnnotationReads {
  #pre: { id: string; annotations: Promise<Annotation[]> } | null = null;

  constructor(private store: LibraryStore) {}

  prefetch(id: string): void {
    this.#pre = { id, annotations: this.#read(id) };
  }

  /** The read prefetched for `id` (used once), else a new one. */
  take(id: string): Promise<Annotation[]> {
    const pre = this.#pre;
    this.#pre = null;
    return pre?.id === id ? pre.annotations : this.#read(id);
  }

  /** A change of `id` was committed: a read started before it is never used. */
  drop(id: string): void {
    if (this.#pre?.id === id) this.#pre = null;
  }

  #read(id: string): Promise<Annotation[]> {
    const annotations = this.store.listAnnotations(id);
    annotations.catch(() => undefined);
    return annotations;
  }
}

/** Anchors a document's stored annotations on its text, in their order; one whose passage a
 * text edit replaced whole (`lost`) stays unplaced, never searched for. */
export function anchorStored(index: TextIndex, annotations: readonly Annotation[]): Anchor[] {
  const anchors = anchorAll(
    index,
    annotations.map((a) => a.target),
  );
  performance.mark('mg:open:anchored');
  return annotations.map((a, i) => (a.edit?.outcome === 'lost' ? ORPHAN : anchors[i]));
}

/** A stored document's meta, parsed text and tags; null when it is gone. */
export async function readText(
  store: LibraryStore,
  id: string,
): Promise<{ meta: DocumentMeta; parsed: ParsedDocument; tags: Tag[] } | null> {
  const [meta, text, tagSet] = await Promise.all([
    store.getDocument(id),
    store.getText(id),
    store.getTagSet(id),
  ]);
  if (!meta || !text) return null;
  const parsed = await parseDocument(text.source, meta.format);
  performance.mark('mg:open:parsed');
  return { meta, parsed, tags: tagSet?.tags ?? [] };
}
