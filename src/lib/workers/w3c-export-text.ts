import { serializeCollection } from '../model/w3c';
import type { Annotation, DocumentMeta, Tag } from '../model/types';

/** What the page sends the export worker (structured-cloneable: plain records, an ISO date). */
export interface W3CExportRequest {
  id: number;
  meta: DocumentMeta;
  /** The annotations, or where the worker reads them itself (`from`): copying 10,000 records
   * into the worker cost the page ~150 ms, reading them there costs it nothing. */
  annotations?: Annotation[];
  from?: StoredAnnotations;
  tags: Tag[];
  generatedAt: string;
  /** FragmentSelectors (PDF page, EPUB chapter) by the start offset of a target. */
  locations?: Record<number, Record<string, unknown>>;
}

/** A document's stored annotations: the library's database name and the document's id. */
export interface StoredAnnotations {
  dbName: string;
  docId: string;
}

/** `unreadable`: the worker could not read the stored annotations (no IndexedDB there, say);
 * the page then sends them or builds the file itself. */
export type W3CExportReply =
  | { id: number; ok: true; blob: Blob }
  | { id: number; ok: false; error: string; unreadable?: boolean };

/** The exported file's bytes: the W3C AnnotationCollection, indented by two for people. The
 * worker and the in-page fallback both call this, so the file is the same either way. */
export function w3cExportBlob(
  meta: DocumentMeta,
  annotations: readonly Annotation[],
  tags: readonly Tag[],
  generatedAt: Date,
  locations?: Record<number, Record<string, unknown>>,
): Blob {
  const json = serializeCollection(meta, annotations, tags, {
    generatedAt,
    locate: locations ? (start) => locations[start] : undefined,
  });
  return new Blob([JSON.stringify(json, null, 2)], { type: 'application/ld+json' });
}
