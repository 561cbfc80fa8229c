import type { IDBPObjectStore, StoreNames } from 'idb';
import type { Annotation } from '../model/types';
import type { MarginaliaDB } from './schema';
import {
  checkId,
  layOut,
  pageCountFor,
  pageOf,
  PAGE_SIZE,
  queued,
  type AnnotationPage,
} from './pages';

type Stores = StoreNames<MarginaliaDB>;
type PagesStore<Mode extends IDBTransactionMode> = IDBPObjectStore<
  MarginaliaDB,
  Stores[],
  'annotationPages',
  Mode
>;
/** The pages store of a readwrite transaction. */
export type WritablePages = PagesStore<'readwrite'>;
/** The pages store of any transaction. */
export type ReadablePages = PagesStore<'readonly'> | PagesStore<'readwrite'>;

/** Every page key of one document (keys are `[docId, page]`). */
export const docRange = (docId: string): IDBKeyRange =>
  IDBKeyRange.bound([docId, -Infinity], [docId, Infinity]);

/** All pages of a document, in page order. */
export function readPages(store: ReadablePages, docId: string): Promise<AnnotationPage[]> {
  return store.getAll(docRange(docId));
}

/** The annotations of one document with these ids that are stored, by id, reading only the
 * pages the ids fall in. */
export async function findInPages(
  store: ReadablePages,
  docId: string,
  ids: readonly string[],
): Promise<Map<string, Annotation>> {
  const out = new Map<string, Annotation>();
  const pages = await store.count(docRange(docId));
  if (pages === 0 || ids.length === 0) return out;
  const wanted = new Set(ids);
  const numbers = [...new Set(ids.map((id) => pageOf(id, pages)))];
  const read = await Promise.all(numbers.map((p) => store.get([docId, p])));
  for (const page of read)
    for (const a of page?.annotations ?? []) if (wanted.has(a.id)) out.set(a.id, a);
  return out;
}

/** Replaces all of a document's annotations (adding or restoring a document). */
export async function replacePages(
  store: WritablePages,
  docId: string,
  annotations: Annotation[],
): Promise<void> {
  annotations.forEach(checkId);
  await store.delete(docRange(docId));
  if (annotations.length === 0) return;
  await Promise.all(
    layOut(docId, annotations, pageCountFor(annotations.length)).map((p) => queued(store.put(p))),
  );
}

/** Options of a large write (an import): see `writeInSteps`. */
export interface StepOptions {
  /** Aborting throws inside the transaction, so that it aborts and nothing is written. */
  signal?: AbortSignal;
  /** Pages written so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
}

/** Pages in flight at once: enough to keep IndexedDB busy, few enough that each page's
 * serialisation (done on the calling thread when a page is put) is a task of its own. */
const IN_FLIGHT = 2;

/**
 * Puts pages one after another in the same transaction: each next page is put from the success
 * of an earlier one, so its structured clone runs in a task of its own instead of one task
 * serialising all of them (for 10,000 annotations, a long freeze of the page). Checks `signal`
 * before each page and throws when it was aborted.
 */
export async function writeInSteps(
  store: WritablePages,
  pages: AnnotationPage[],
  opts: StepOptions = {},
): Promise<void> {
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < pages.length) {
      if (opts.signal?.aborted) throw new Error('the write was cancelled');
      await queued(store.put(pages[next++]));
      opts.onProgress?.(++done, pages.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, pages.length) }, lane));
}

/**
 * Puts and deletes annotations of one document (ids unique, none both put and deleted), reading
 * and rewriting only the pages they fall in, unless the document outgrows its pages (then all
 * are laid out again, twice as many). `count` is the document's stored count, used only to decide
 * growth. Returns how many ids were new and how many deleted ids were there.
 */
export async function changePages(
  store: WritablePages,
  docId: string,
  puts: Annotation[],
  dels: string[],
  count: number,
  opts: StepOptions = {},
): Promise<{ added: number; removed: number }> {
  puts.forEach(checkId);
  let pages = await store.count(docRange(docId));
  if (pages === 0) {
    if (puts.length === 0) return { added: 0, removed: 0 };
    pages = 1;
  }
  const touched = new Map<number, AnnotationPage>();
  const wanted = [...new Set([...puts.map((a) => a.id), ...dels].map((id) => pageOf(id, pages)))];
  const read = await Promise.all(wanted.map((p) => queued(store.get([docId, p]))));
  wanted.forEach((p, i) => touched.set(p, read[i] ?? { docId, page: p, annotations: [] }));
  let added = 0;
  let removed = 0;
  const gone = new Set(dels);
  for (const page of touched.values()) {
    const before = page.annotations.length;
    page.annotations = page.annotations.filter((a) => !gone.has(a.id));
    removed += before - page.annotations.length;
  }
  // Where each stored id is in its page, so that a large batch is merged in linear time.
  const where = new Map<string, number>();
  for (const page of touched.values()) page.annotations.forEach((a, i) => where.set(a.id, i));
  for (const a of puts) {
    const list = touched.get(pageOf(a.id, pages))!.annotations;
    const at = where.get(a.id);
    if (at !== undefined) list[at] = a;
    else {
      where.set(a.id, list.push(a) - 1);
      added++;
    }
  }
  const total = Math.max(0, count + added - removed);
  let out = [...touched.values()];
  if (total > pages * PAGE_SIZE) out = await regrow(store, docId, touched, total);
  await writeInSteps(store, out, opts);
  return { added, removed };
}

/**
 * Merges imported annotations into a document's pages (an id already there is replaced) and
 * returns the document's exact count. Reads every page of the document once.
 */
export async function mergePages(
  store: WritablePages,
  docId: string,
  puts: Annotation[],
): Promise<number> {
  puts.forEach(checkId);
  const pages = await readPages(store, docId);
  const byId = new Map<string, Annotation>();
  for (const p of pages) for (const a of p.annotations) byId.set(a.id, a);
  for (const a of puts) byId.set(a.id, a);
  if (byId.size === 0) return 0;
  const want = Math.max(pages.length, pageCountFor(byId.size));
  // Same number of pages: only those receiving an annotation change. More: all are laid out again.
  const only = want === pages.length ? new Set(puts.map((a) => pageOf(a.id, want))) : null;
  const out = layOut(docId, [...byId.values()], want).filter((p) => !only || only.has(p.page));
  await Promise.all(out.map((p) => queued(store.put(p))));
  return byId.size;
}

/** Pages laid out again for `total` annotations, the pages already changed in memory taking
 * precedence over their stored versions. */
async function regrow(
  store: WritablePages,
  docId: string,
  changed: Map<number, AnnotationPage>,
  total: number,
): Promise<AnnotationPage[]> {
  // Page by page, so that each page's deserialisation is a short task of its own.
  const count = await store.count(docRange(docId));
  const stored: AnnotationPage[] = [];
  for (let p = 0; p < count; p++) {
    const page = changed.has(p) ? undefined : await store.get([docId, p]);
    if (page) stored.push(page);
  }
  const all = stored.flatMap((p) => (changed.get(p.page) ?? p).annotations);
  for (const [n, p] of changed) if (!stored.some((s) => s.page === n)) all.push(...p.annotations);
  return layOut(docId, all, pageCountFor(total));
}
