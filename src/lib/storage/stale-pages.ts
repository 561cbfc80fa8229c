import type { Annotation, DocumentMeta, TextVersion } from '../model/types';
import { TextIndex } from '../model/text-index';
import type { CarryStep } from '../model/stale-carry';
import { flatten, type AnnotationPage } from './pages';
import { docRange } from './annotation-pages';

/**
 * Pages that count in an older version of the text (schema version 5, issue 16).
 *
 * A saved text edit writes the new text, its version record and the document's meta, and no
 * annotation page: rewriting every moved annotation (10,000 of them are ~9 MB to clone and
 * commit) was most of a save's time. The meta then records `pagesAt`, the version the stored
 * selectors count in, and every read of pages carries them to the current version here
 * (`carryThrough`: what the save itself computes for its own tab, a pure function of the stored
 * targets and the versions' maps), so every reader sees the same, current selectors. A later
 * transaction rewrites the pages carried and clears `pagesAt` (`catchUp` in
 * annotation-writes.ts): the saving tab runs it after the save, and opening the document runs it
 * if the tab was closed before.
 *
 * Contract: while `pagesAt` is set, no write puts an annotation into a page (it would count in
 * another version than its neighbours): such a write throws `StalePagesError` inside its
 * transaction (nothing is written), and the caller catches up and tries again
 * (`withFreshPages`).
 */

/** The version the document's stored pages count in, when older than its text; else undefined. */
export function staleAt(meta: DocumentMeta | undefined): number | undefined {
  const at = meta?.pagesAt;
  return at !== undefined && at < (meta!.version ?? 1) ? at : undefined;
}

/** The version records a stale document's pages need to be carried (from `pagesAt` to the
 * current version), or null when its pages are current. */
export function carryRange(meta: DocumentMeta | undefined): IDBKeyRange | null {
  const at = staleAt(meta);
  return at === undefined ? null : IDBKeyRange.bound([meta!.id, at], [meta!.id, meta!.version!]);
}

/** Thrown inside a write transaction that would put annotations into stale pages. */
export class StalePagesError extends Error {
  constructor(readonly docId: string) {
    super(`the annotations of ${docId} count in an older version of its text`);
  }
}

/** The saved edits from `pagesAt` to the current version, as carrying needs them; null when a
 * version record is missing (a damaged library: pages are then left as stored, and anchoring
 * places them by quote). */
async function stepsOf(meta: DocumentMeta, versions: TextVersion[]): Promise<CarryStep[] | null> {
  const at = staleAt(meta);
  if (at === undefined) return [];
  // Loaded only when needed, like the carrying itself: most reads find their pages current.
  const { parseDocument } = await import('../model/parse');
  const byN = new Map(versions.map((v) => [v.n, v]));
  const texts: TextIndex[] = [];
  for (let n = at; n <= meta.version!; n++) {
    const v = byN.get(n);
    if (!v || (n > at && !v.map)) return null;
    texts.push(new TextIndex((await parseDocument(v.source, meta.format)).plainText));
  }
  return texts.slice(1).map((after, i) => ({
    before: texts[i],
    after,
    map: byN.get(at + i + 1)!.map!,
    n: at + i + 1,
  }));
}

/** `annotations` (of one document, read with `meta` and the versions in `carryRange`) with
 * selectors counting in the current version. */
export async function currentAnnotations(
  meta: DocumentMeta | undefined,
  versions: TextVersion[],
  annotations: Annotation[],
): Promise<Annotation[]> {
  if (!meta || staleAt(meta) === undefined || !annotations.length) return annotations;
  const [{ carryThrough }, steps] = await Promise.all([
    import('../model/stale-carry'),
    stepsOf(meta, versions),
  ]);
  return steps ? carryThrough(annotations, steps) : annotations;
}

/** Pages as `currentAnnotations` gives their annotations (same pages, same order). */
export async function currentPages(
  meta: DocumentMeta | undefined,
  versions: TextVersion[],
  pages: AnnotationPage[],
): Promise<AnnotationPage[]> {
  if (!meta || staleAt(meta) === undefined) return pages;
  const all = await currentAnnotations(
    meta,
    versions,
    pages.flatMap((p) => p.annotations),
  );
  let i = 0;
  return pages.map((p) => ({ ...p, annotations: all.slice(i, (i += p.annotations.length)) }));
}

/** The meta as stored once its pages are current (`pagesAt` is storage's own bookkeeping). */
export function withoutPagesAt(meta: DocumentMeta): DocumentMeta {
  if (meta.pagesAt === undefined) return meta;
  const { pagesAt: _, ...rest } = meta;
  return rest;
}

/** A document's stored pages, read with what carrying them needs (`currentPages`). */
export interface StoredPages {
  meta: DocumentMeta | undefined;
  versions: TextVersion[];
  pages: AnnotationPage[];
}

/**
 * Reads a document's meta, pages and (when its pages are stale) the versions they need, all in
 * the caller's transaction; carry them with `currentPages` once the reads are done (carrying
 * parses texts and must not run inside a transaction that still has writes to make).
 */
export async function readStoredPages(
  docs: { get(id: string): Promise<DocumentMeta | undefined> },
  pages: { getAll(range: IDBKeyRange): Promise<AnnotationPage[]> },
  versions: { getAll(range: IDBKeyRange): Promise<TextVersion[]> },
  docId: string,
): Promise<StoredPages> {
  const [meta, stored] = await Promise.all([docs.get(docId), pages.getAll(docRange(docId))]);
  const need = carryRange(meta);
  return { meta, pages: stored, versions: need ? await versions.getAll(need) : [] };
}

/** The annotations of `read`, carried to the current version, in id order. */
export async function currentList(read: StoredPages): Promise<Annotation[]> {
  return flatten(await currentPages(read.meta, read.versions, read.pages));
}
