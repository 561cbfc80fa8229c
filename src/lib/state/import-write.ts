import type { TagSet } from '../model/types';
import type { AnnotationChange, LibraryStore, Revised } from '../storage/library-store';
import type { HeldPlan, ImportWorker, WriteOptions } from '../workers/import-client';

/** A confirmed import's write, as `TransferState.confirm` hands it to
 * `OpenDocument.commitAlongside`. */
export interface ImportWrite {
  change: AnnotationChange & { tagSet: TagSet };
  /** Writes it: resolves with the pages' revision changes once committed. */
  write: () => Promise<Revised[]>;
  /** Resolves once the page's thread is free of the write: the import worker has begun it, or,
   * where the page writes it, its last page is put. The batch is applied from then on. */
  freed: Promise<void>;
}

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
  const all: WriteOptions = { ...opts, onProgress, onWriting: free };
  const write = async () => {
    const apart = worker && (await worker.write(plan, store.name, docId, change.tagSet, all));
    if (!apart) return store.applyChanges(docId, change, all);
    store.announce(docId, change);
    return apart;
  };
  return { change, write, freed };
}
