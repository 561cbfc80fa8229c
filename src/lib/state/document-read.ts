import type { DocumentMeta, DocumentText, TagSet } from '../model/types';
import type { LibraryStore, StampedList } from '../storage/library-store';
import { fresh, type DrawRecord } from '../storage/draw-record';

/** What `OpenDocument.open` reads of a stored document, as promises started together. */
export interface DocumentRead {
  id: string;
  /** The meta, text, tag set and drawing record: small next to the annotations, and needed
   * first (the text is parsed, and the first screens drawn from the record, before the
   * annotations are read). A record that cannot be read is undefined, never an error. */
  head: Promise<
    [DocumentMeta | undefined, DocumentText | undefined, TagSet | undefined, DrawRecord | undefined]
  >;
  /** Every annotation, in id order, with the stamp of the pages read
   * (`LibraryStore.listAnnotationsStamped`). Asked for at once when the document has no fresh
   * drawing record; otherwise only when first called (after the first paint). */
  annotations: () => Promise<StampedList>;
}

/**
 * Starts the reads of document `id`, the small ones first. Order matters: IndexedDB answers a
 * connection's requests in the order asked, and the ~10 MB of pages of 10,000 annotations come
 * through it with the text even when asked after it. So the meta and drawing record are asked
 * first: with a fresh record the pages are not asked until `annotations()` is called (after the
 * first paint); without one, they are asked as soon as that is known, before the text arrives,
 * and read while it is parsed. Rejections are marked as handled here; `open` still sees them.
 */
export function startRead(store: LibraryStore, id: string): DocumentRead {
  const meta = store.getDocument(id);
  const record = store.getDrawRecord(id).catch(() => undefined);
  const head = Promise.all([meta, store.getText(id), store.getTagSet(id), record]);
  let pages: Promise<StampedList> | null = null;
  const annotations = () => {
    if (!pages) {
      pages = store.listAnnotationsStamped(id);
      pages.catch(() => undefined);
    }
    return pages;
  };
  void Promise.all([meta, record]).then(
    ([m, r]) => void (fresh(r, m) || annotations()),
    () => void annotations(),
  );
  head.catch(() => undefined);
  return { id, head, annotations };
}
