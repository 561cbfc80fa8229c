import type { Annotation, DocumentMeta, Tag } from '../model/types';
import { w3cExportBlob, type StoredAnnotations, type W3CExportReply } from './w3c-export-text';

export type { StoredAnnotations } from './w3c-export-text';

/**
 * The W3C export of one document as a Blob, built in a Web Worker where the browser has one, so
 * that a large export never blocks the page. With `from` (where the document's annotations are
 * stored), the worker reads them from IndexedDB itself and the page copies nothing large: the
 * file then lists the stored annotations in id order, and `annotations` (the same records, as
 * the open document holds them once committed) are only used when the worker cannot read them.
 * Falls back to building it in the page when there is no Worker (tests, old browsers) or the
 * worker cannot start or be sent the records; the bytes are the same either way.
 */
export async function exportW3CBlob(
  meta: DocumentMeta,
  annotations: readonly Annotation[],
  tags: readonly Tag[],
  generatedAt: Date,
  locations?: Record<number, Record<string, unknown>>,
  from?: StoredAnnotations,
): Promise<Blob> {
  const list = () => (from ? inIdOrder(annotations) : annotations);
  const w = worker();
  if (w) {
    try {
      const base = { meta, tags, generatedAt, locations };
      if (from) {
        try {
          return await ask(w, { ...base, from });
        } catch (err) {
          if (!(err instanceof Unreadable)) throw err;
        }
      }
      return await ask(w, { ...base, annotations: list() });
    } catch (err) {
      if (!(err instanceof WorkerUnavailable)) throw err;
    }
  }
  return w3cExportBlob(meta, list(), tags, generatedAt, locations);
}

/** The order `LibraryStore.listAnnotations` gives. */
function inIdOrder(annotations: readonly Annotation[]): Annotation[] {
  return [...annotations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

class WorkerUnavailable extends Error {}
class Unreadable extends Error {}

let shared: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (b: Blob) => void; reject: (e: Error) => void }>();

function worker(): Worker | null {
  if (shared !== undefined) return shared;
  shared = null;
  if (typeof Worker !== 'function') return null;
  try {
    const w = new Worker(new URL('./w3c-export.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (ev: MessageEvent<W3CExportReply>) => {
      const r = ev.data;
      const p = waiting.get(r.id);
      waiting.delete(r.id);
      if (r.ok) p?.resolve(r.blob);
      else p?.reject(r.unreadable ? new Unreadable(r.error) : new Error(r.error));
    };
    // The script failed to load or crashed: everything waiting is built in the page instead,
    // and so is every later export.
    w.onerror = () => {
      shared = null;
      w.terminate();
      for (const p of waiting.values()) p.reject(new WorkerUnavailable());
      waiting.clear();
    };
    shared = w;
  } catch {
    shared = null;
  }
  return shared;
}

function ask(
  w: Worker,
  r: {
    meta: DocumentMeta;
    annotations?: readonly Annotation[];
    from?: StoredAnnotations;
    tags: readonly Tag[];
    generatedAt: Date;
    locations?: Record<number, Record<string, unknown>>;
  },
): Promise<Blob> {
  const id = nextId++;
  return new Promise<Blob>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    try {
      w.postMessage({ id, ...r, generatedAt: r.generatedAt.toISOString() });
    } catch {
      // A record the browser cannot clone (a reactive proxy, say): build it in the page.
      waiting.delete(id);
      reject(new WorkerUnavailable());
    }
  });
}
