import type { Annotation } from '../model/types';

/**
 * How a document's annotations are laid out in pages (schema version 3). Pure: no IndexedDB here.
 *
 * Why pages: IndexedDB costs about a millisecond per record written and ~0.1 ms per record read
 * in Chromium, whatever its size, so 10,000 annotations as 10,000 records take seconds to import
 * and about a second to read. Pages of a few hundred make that ~40–64 records.
 *
 * Why by hash of the id, not by order of creation: a write must find the page an annotation is in
 * without reading the others. A document has `P` pages (a power of two, all present once it has
 * any), and annotation `id` lives in page `hash(id) mod P`. A single create, edit or delete reads
 * and rewrites that one page. When the average page would exceed `PAGE_SIZE`, the document is
 * re-paged into twice as many (rare: amortised like a growing hash table).
 *
 * Why 256 and not smaller: measured side by side in Chromium, 10,000 annotations in 256 pages
 * of ~40 KB took 9× longer to import and longer to edit than in 64 pages of ~170 KB; the cost is
 * per record far more than per byte.
 */
export const PAGE_SIZE = 256;

/** One stored page: part of one document's annotations, in no particular order, ids unique. */
export interface AnnotationPage {
  docId: string;
  page: number;
  annotations: Annotation[];
}

/** Number of pages for `n` annotations: the smallest power of two holding `PAGE_SIZE` each on
 * average, at least one. */
export function pageCountFor(n: number): number {
  let p = 1;
  while (p * PAGE_SIZE < n) p *= 2;
  return p;
}

/** FNV-1a over the id's UTF-16 code units: stable across browsers and versions (it decides where
 * stored records are, so it must never change without a migration). */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The page of `id` among `pages` pages (a power of two). */
export const pageOf = (id: string, pages: number): number => hashId(id) & (pages - 1);

/** Lays `annotations` (ids unique) out in `pages` pages, every page present even if empty. */
export function layOut(docId: string, annotations: Annotation[], pages: number): AnnotationPage[] {
  const out: AnnotationPage[] = Array.from({ length: pages }, (_, page) => ({
    docId,
    page,
    annotations: [],
  }));
  for (const a of annotations) out[pageOf(a.id, pages)].annotations.push(a);
  return out;
}

/** Every annotation of some pages, in id order (the order of the old per-record store, so that
 * callers see the same order as before pages). */
export function flatten(pages: AnnotationPage[]): Annotation[] {
  const all = pages.flatMap((p) => p.annotations);
  return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A programmer error inside a write transaction (it aborts): IndexedDB used to refuse such a
 * record by its key path; in a page it must be refused here. */
export function checkId(a: Annotation): void {
  if (typeof a.id !== 'string' || a.id === '') throw new Error('annotation without an id');
}

/** Marks a request's promise as observed: when a later request in the same transaction throws
 * and the transaction aborts, earlier requests reject too, and that is already handled by the
 * caller's error (not an unhandled rejection). */
export function queued<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
