import type { Annotation, DocumentMeta, DocumentText, TagSet } from '../model/types';
import type { LibraryStore } from '../storage/library-store';

/** What `OpenDocument.open` reads of a stored document, as promises started together. */
export interface DocumentRead {
  id: string;
  /** The meta, text and tag set: small next to the annotations, and needed first (the text is
   * parsed while the annotations are still read). */
  head: Promise<[DocumentMeta | undefined, DocumentText | undefined, TagSet | undefined]>;
  /** Every annotation, in id order (`LibraryStore.listAnnotations`). */
  annotations: Promise<Annotation[]>;
}

/**
 * Starts the reads of document `id`, the small ones first. Order matters: IndexedDB answers a
 * connection's requests in the order asked, so a read asked after the annotations' pages (~10 MB
 * for 10,000 annotations, deserialized as each page arrives) waits for all of them; asked
 * before, the text arrives first and is parsed while the pages are still read. Rejections are
 * marked as handled here; `open` still sees them when it awaits.
 */
export function startRead(store: LibraryStore, id: string): DocumentRead {
  const head = Promise.all([store.getDocument(id), store.getText(id), store.getTagSet(id)]);
  const annotations = store.listAnnotations(id);
  head.catch(() => undefined);
  annotations.catch(() => undefined);
  return { id, head, annotations };
}
