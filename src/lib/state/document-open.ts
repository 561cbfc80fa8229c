import type { Anchor, Annotation, DocumentMeta, ParsedDocument, Tag } from '../model/types';
import { TextIndex } from '../model/text-index';
import { parseDocument } from '../model/parse';
import type { DrawRecord } from '../storage/draw-record';
import type { LibraryStore } from '../storage/library-store';
import { afterPaint } from './after-paint';
import { catchUpLater } from './carry-versions';
import type { DocumentRead } from './document-read';
import type { DocumentHooks } from './document-parts';
import {
  anchorEvery,
  anchorsFromSketch,
  keepRecordLater,
  sketchOf,
  type DrawEntry,
  type DrawStamp,
} from './document-sketch';

/** What `openRead` sets on the open document (OpenDocument's private state, handed over). */
export interface OpenTarget {
  hooks: DocumentHooks;
  /** Shows the document's meta, text and tags; `sketch` while its annotations are read. */
  show(
    meta: DocumentMeta,
    parsed: ParsedDocument,
    index: TextIndex,
    tags: Tag[],
    sketch: DrawEntry[] | null,
  ): void;
  /** Sets all its annotations and their anchors (the sketch is dropped), read from the pages
   * stamped `stamp` (undefined: not known). */
  fill(annotations: Annotation[], anchors: Anchor[], stamp?: DrawStamp): void;
  /** True while this open is still the latest (no other open or close since). */
  current(): boolean;
  /** Runs `job` behind every batch given so far; batches given later wait for it. */
  later(job: () => Promise<void>): Promise<void>;
  /** The open document's record, stamped `stamp`, from its state when asked (null while a
   * write or batch is pending, or it was closed). */
  record(stamp: DrawStamp): DrawRecord | null;
}

/**
 * `OpenDocument.open` once its reads have started: parses the text; with a fresh drawing record
 * shows it with the record's highlights (`opened`) and resolves, then reads the annotations
 * once its text is painted and fills them in, as a batch the later ones wait behind
 * (`whenApplied`); without one, reads and anchors all, then shows (as before schema 6), resolves
 * and has the record written once the page is idle. False when the document is gone.
 */
export async function openRead(
  store: LibraryStore,
  read: DocumentRead,
  doc: OpenTarget,
): Promise<boolean> {
  const [meta, text, tagSet, record] = await read.head;
  performance.mark('mg:open:head');
  if (!meta || !text) return false;
  const parsed = await parseDocument(text.source, meta.format);
  performance.mark('mg:open:parsed');
  const index = new TextIndex(parsed.plainText);
  const sketch = sketchOf(meta, record);
  const fill = async (drawn?: DrawStamp) => {
    const { annotations, stamp } = await read.annotations();
    performance.mark('mg:open:read');
    if (!doc.current()) return;
    // Writes keep the count by delta; a count damaged some other way is repaired here, where
    // all the document's annotations have just been read anyway.
    if (meta.annotationCount !== annotations.length)
      void store.repairCount(meta.id).catch(() => undefined);
    if (meta.pagesAt !== undefined) catchUpLater(store, meta.id);
    const known = drawn && sketch && anchorsFromSketch(annotations, sketch, drawn, stamp);
    const anchors = known || anchorEvery(index, annotations);
    performance.mark('mg:open:anchored');
    if (!drawn) doc.show(meta, parsed, index, tagSet?.tags ?? [], null);
    doc.fill(annotations, anchors, stamp);
    if (!drawn) doc.hooks.opened?.();
    doc.hooks.filled?.(!!drawn && !known);
    if (!known && stamp) keepRecordLater(store, () => (doc.current() ? doc.record(stamp) : null));
  };
  if (!sketch) {
    await fill();
    return true;
  }
  doc.fill([], []);
  doc.show(meta, parsed, index, tagSet?.tags ?? [], sketch);
  doc.hooks.opened?.();
  performance.mark('mg:open:sketched');
  // Resolved now: the app shows the text (its start waits for this); the pages follow.
  void doc
    .later(async () => {
      await (doc.hooks.painted?.() ?? new Promise<void>((resolve) => afterPaint(resolve)));
      await fill(record);
    })
    .catch((err) => {
      if (!doc.current()) return;
      doc.show(meta, parsed, index, tagSet?.tags ?? [], null);
      doc.hooks.loadFailed?.(err);
    });
  return true;
}
