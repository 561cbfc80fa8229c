import type { TagSet } from '../model/types';
import type { AnnotationChange, LibraryStore, Revised } from '../storage/library-store';
import type { HeldPlan, ImportWorker, WriteOptions } from '../workers/import-client';

/** A confirmed import's write, as `TransferState.confirm` hands it to
 * `OpenDocument.commitAlongside`. */
export interface ImportWrite {
  change: AnnotationChange & { tagSet: TagSet };
  /** Writes it: resolves with the pages' revision changes once committed. */
  write: () => Promise<Revised[]>;
  /** Resolves once the batch may be applied: the last page is put (by the import worker, or
   * by the page where it writes), from when IndexedDB commits on its own. */
  freed: Promise<void>;
}

/**
 * Whether the batch is applied while the import worker still puts its pages (true), or once
 * its last page is put (false, kept). Measured (`bench/ab-freeze.mjs`, A10k, this 2-core
 * machine shared by other work): the same time to "in view" and "all drawn" (medians 1,092 vs
 * 1,073 ms and 1,604 vs 1,668 ms, 5 pairs), but the page's longest task 112 vs 51 ms: the
 * page's applying and the worker's puts contend for the cores, and the write (which "saved"
 * and later batches wait for) then ends later.
 */
const APPLY_BESIDE_PUTS = false;

/**
 * The write of import `plan` into document `docId`: from the import worker, on a connection of
 * its own (`ImportWorker.write`: the page's thread puts no page), the page telling other tabs
 * once it has committed (`LibraryStore.announce`, as the store does after its own writes); in
 * the page where the worker cannot write (no Worker, or the library cannot be opened there:
 * it wrote nothing). Either way one transaction, the same one (`applyChanges`).
 */
export function importWrite(
  store: LibraryStore,
  worker: ImportWorker | null,
  docId: string,
  plan: HeldPlan,
  opts: WriteOptions,
): ImportWrite {
  const change = { put: plan.put, tagSet: { docId, tags: plan.tags } };
  let free = () => {};
  const freed = new Promise<void>((resolve) => (free = resolve));
  const onProgress = (done: number, total: number) => {
    opts.onProgress?.(done, total);
    if (done === total) free();
  };
  const all: WriteOptions = {
    ...opts,
    onProgress,
    onWriting: APPLY_BESIDE_PUTS ? free : undefined,
  };
  const write = async () => {
    const apart = worker && (await worker.write(plan, store.name, docId, change.tagSet, all));
    if (!apart) return store.applyChanges(docId, change, all);
    store.announce(docId, change);
    return apart;
  };
  return { change, write, freed };
}
