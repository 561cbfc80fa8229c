import type { Annotation } from '../model/types';
import { DOCUMENTS, TAG_SETS, TEXTS, VERSIONS } from './schema';
import { sameDoc, type RW, type StoreConnection, type Stores } from './store-connection';
import type { AnnotationChange, ImportBatch } from './store-types';
import {
  changePages,
  mergePages,
  readPages,
  writeInSteps,
  type StepOptions,
} from './annotation-pages';
import { currentPages, StalePagesError, staleAt, withoutPagesAt } from './stale-pages';
import { readStale } from './store-reads';
import { queued } from './pages';
import { writeVersion } from './versions';
import type { Revised } from './page-revision';
import type { ChangeFeed } from './change-feed';

/** Writes of annotations, tag sets and text versions (LibraryStore's methods delegate here):
 * each is one transaction that keeps `annotationCount` exact, told to other tabs through the
 * connection's feed once committed. */

/** One user action on a document's annotations and tag set (see AnnotationChange), in one
 * transaction that also keeps `annotationCount` up to date. A large change (an import) is
 * written a page per task (`writeInSteps`), still in that one transaction: aborting `signal`
 * or any failure on the way aborts it, and nothing of the change is written. Resolves with the
 * revision changes in the order made: a catch-up the write needed first (stale pages), then the
 * write's own. */
export async function applyChanges(
  c: StoreConnection,
  docId: string,
  change: AnnotationChange,
  opts: StepOptions = {},
): Promise<Revised[]> {
  const caught: Revised[] = [];
  const revised = await withFreshPages(c, [docId], () => applyOnce(c, docId, change, opts), caught);
  return caught.concat(revised);
}

async function applyOnce(
  c: StoreConnection,
  docId: string,
  change: AnnotationChange,
  opts: StepOptions,
): Promise<Revised[]> {
  // One entry per id, so an id put twice or put and deleted is written once.
  const puts = [...new Map((change.put ?? []).map((a) => [a.id, a])).values()];
  const putIds = new Set(puts.map((a) => a.id));
  const dels = [...new Set(change.delete ?? [])].filter((id) => !putIds.has(id));
  const stores: Stores[] = [TAG_SETS, DOCUMENTS];
  if (change.text) stores.push(TEXTS, VERSIONS);
  const revised = await c.writePages(stores, async (tx, pagesFor) => {
    sameDoc(docId, [...puts.map((a) => a.docId), ...(change.tagSet ? [change.tagSet.docId] : [])]);
    const docs = tx.objectStore(DOCUMENTS);
    const stored = await docs.get(docId);
    // A tab writing to a document deleted in another tab must not leave orphans.
    if (!stored) throw new Error(`document ${docId} is no longer in the library`);
    if ((puts.length || dels.length) && staleAt(stored) !== undefined)
      throw new StalePagesError(docId);
    if (puts.length && change.text?.carried)
      throw new Error('a carried text edit writes no annotation (stale-pages.ts)');
    const meta = change.text ? await writeVersion(tx, stored, change.text) : stored;
    // Only the pages the changed ids fall in are read and rewritten, so a write costs about
    // the same in a document of ten annotations or ten thousand. The count changes by the ids
    // that were new and the deleted ids that were there; `repairCount` recounts.
    const { added, removed } = await changePages(
      pagesFor(docId),
      docId,
      puts,
      dels,
      meta.annotationCount,
      opts,
    );
    if (opts.signal?.aborted) throw new Error('the write was cancelled');
    if (change.tagSet) await tx.objectStore(TAG_SETS).put(change.tagSet);
    const count = Math.max(0, meta.annotationCount + added - removed);
    if (count !== meta.annotationCount || change.packet !== undefined || change.text) {
      const { packet: old, ...rest } = meta;
      const packet = change.packet === undefined ? old : change.packet;
      await docs.put({ ...rest, annotationCount: count, ...(packet ? { packet } : {}) });
    }
  });
  if (c.feed) announceChange(c.feed, docId, change);
  return revised;
}

/**
 * Tells other tabs (`feed`) what a committed `applyChanges(docId, change)` changed: the
 * messages `applyChanges` posts itself on a connection with a feed. A write made on a
 * connection without one (the import worker's, `page-writer.ts`) is told by the page through
 * this, once it has committed.
 */
export function announceChange(feed: ChangeFeed, docId: string, change: AnnotationChange): void {
  const putIds = new Set((change.put ?? []).map((a) => a.id));
  const dels = [...new Set(change.delete ?? [])].filter((id) => !putIds.has(id));
  if (putIds.size || dels.length)
    feed.post({ kind: 'annotations', docId, put: [...putIds], deleted: dels });
  if (change.tagSet) feed.post({ kind: 'tags', docId });
  if (change.text) feed.post({ kind: 'text', docId });
  if (change.packet !== undefined || change.text) feed.post({ kind: 'documents' });
}

/** Recounts a document's annotations from its pages and stores the count if it was wrong: for
 * a count damaged outside the store, found when the document is opened. */
export async function repairCount(c: StoreConnection, docId: string): Promise<void> {
  await c.writePages([DOCUMENTS], async (tx, pagesFor) => {
    const pages = await readPages(pagesFor(docId), docId);
    await setCount(tx, docId, new Set(pages.flatMap((p) => p.annotations.map((a) => a.id))).size);
  });
  c.feed?.post({ kind: 'documents' });
}

/** Everything in one transaction: all of it is stored, or none (any invalid record aborts
 * the whole batch). Counts of every document touched are recomputed in the same transaction. */
export function importBatch(c: StoreConnection, batch: ImportBatch): Promise<void> {
  const docs = [...new Set((batch.annotations ?? []).map((a) => a.docId))];
  return withFreshPages(c, docs, () => importOnce(c, batch));
}

async function importOnce(c: StoreConnection, batch: ImportBatch): Promise<void> {
  const touched = new Map<string, string[]>();
  const tagged = new Set<string>();
  await c.writePages([DOCUMENTS, TEXTS, TAG_SETS, VERSIONS], async (tx, pagesFor) => {
    // Pages still counting in an older text take no annotation (stale-pages.ts).
    const annotated = [...new Set((batch.annotations ?? []).map((a) => a.docId))];
    const stored = await Promise.all(annotated.map((id) => tx.objectStore(DOCUMENTS).get(id)));
    const stale = stored.find((m) => staleAt(m) !== undefined);
    if (stale) throw new StalePagesError(stale.id);
    const writes: Promise<unknown>[] = [];
    const byDoc = new Map<string, Annotation[]>();
    for (const d of batch.documents ?? []) {
      sameDoc(d.meta.id, [d.text.id, d.tagSet.docId, ...(d.versions ?? []).map((v) => v.docId)]);
      for (const v of d.versions ?? []) writes.push(queued(tx.objectStore(VERSIONS).put(v)));
      writes.push(
        queued(tx.objectStore(TEXTS).put(d.text)),
        queued(tx.objectStore(TAG_SETS).put(d.tagSet)),
        queued(tx.objectStore(DOCUMENTS).put(withoutPagesAt(d.meta))),
      );
      if (!touched.has(d.meta.id)) touched.set(d.meta.id, []);
    }
    for (const t of batch.tagSets ?? []) {
      writes.push(queued(tx.objectStore(TAG_SETS).put(t)));
      tagged.add(t.docId);
    }
    for (const a of batch.annotations ?? []) {
      const list = byDoc.get(a.docId) ?? [];
      if (!list.length) byDoc.set(a.docId, list);
      list.push(a);
      const ids = touched.get(a.docId) ?? [];
      if (!touched.has(a.docId)) touched.set(a.docId, ids);
      ids.push(a.id);
    }
    await Promise.all(writes);
    // Each document's pages are read once, merged and written back; counts come out exact.
    const docs = [...touched.keys()];
    const counts = await Promise.all(
      docs.map((id) => queued(mergePages(pagesFor(id), id, byDoc.get(id) ?? []))),
    );
    await Promise.all(docs.map((id, i) => queued(setCount(tx, id, counts[i]))));
  });
  c.feed?.post({ kind: 'documents' });
  for (const [docId, put] of touched)
    c.feed?.post({ kind: 'annotations', docId, put, deleted: [] });
  for (const docId of tagged) c.feed?.post({ kind: 'tags', docId });
}

/** Stores a document's `annotationCount` if it differs (a missing document is left missing). */
async function setCount(tx: RW, docId: string, count: number): Promise<void> {
  const docs = tx.objectStore(DOCUMENTS);
  const meta = await docs.get(docId);
  if (meta && meta.annotationCount !== count) await docs.put({ ...meta, annotationCount: count });
}

/**
 * Runs a write that puts annotations into pages of `docIds`; when one of them has pages still
 * counting in an older text version (`StalePagesError`, thrown before anything is written), they
 * are caught up first and the write runs again.
 */
async function withFreshPages<T>(
  c: StoreConnection,
  docIds: string[],
  write: () => Promise<T>,
  /** Receives the revision changes of the catch-ups made. */
  caught: Revised[] = [],
): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await write();
    } catch (err) {
      const stale = err instanceof StalePagesError ? err : (err as { cause?: unknown })?.cause;
      if (!(stale instanceof StalePagesError) || tries >= 3 || !docIds.includes(stale.docId))
        throw err;
      caught.push(...(await catchUp(c, stale.docId)));
    }
  }
}

/**
 * Rewrites a document's pages carried to the current version of its text and clears
 * `pagesAt` (stale-pages.ts), in one transaction, a page per task; nothing to do when its pages
 * are current. Reads see the same annotations before and after. Safe to run from several tabs at
 * once: a catch-up whose document changed since it read (another catch-up, another save) reads
 * again. Resolves with the revision change of the rewrite (none when there was nothing to do).
 */
export async function catchUp(c: StoreConnection, docId: string): Promise<Revised[]> {
  for (let tries = 0; tries < 3; tries++) {
    const read = await readStale(c, docId);
    if (!read) return [];
    const pages = await currentPages(read.meta, read.versions, read.pages);
    let moved = false;
    const revised = await c.writePages([DOCUMENTS], async (tx, pagesFor) => {
      const meta = await tx.objectStore(DOCUMENTS).get(docId);
      if (meta?.pagesAt !== read.meta.pagesAt || meta?.version !== read.meta.version) {
        moved = true;
        return;
      }
      await writeInSteps(pagesFor(docId), pages);
      await tx.objectStore(DOCUMENTS).put(withoutPagesAt(meta!));
    });
    if (!moved) return revised;
  }
  return [];
}
