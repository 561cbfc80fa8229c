import type { Annotation, Env, Result, TagSet } from '../model/types';
import type { ImportPlan } from '../model/import-plan';
import type { Revised } from '../storage/page-revision';
import { StorageError } from '../storage/errors';
import type {
  ImportReply,
  ImportRequest,
  ImportSession,
  PlanInput,
  ReadSummary,
} from './import-core';

export type { PlanInput, ReadSummary } from './import-core';

/** Rejects a call whose signal was aborted: the reader cancelled the import. */
export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
  }
}

export interface CallOptions {
  /** Aborting stops the work itself (the worker is ended), not only the wait for it. */
  signal?: AbortSignal;
  /** Items planned so far; `total` 0 while the size is not known yet (the file is parsed). */
  onProgress?: (done: number, total: number) => void;
}

/** A plan as the page holds it; `held` names the worker's own copy of its annotations, which
 * `write` writes (so they never cross back). */
export type HeldPlan = ImportPlan & { held?: number };

export interface WriteOptions extends CallOptions {
  /** The write has begun in the worker: from here on the page's thread has no part in it. */
  onWriting?: () => void;
}

interface Call {
  reply: (r: ImportReply) => void;
  fail: (e: Error) => void;
}

/**
 * The page's side of the import worker: reads files (parse and validate) and plans imports
 * (anchor every item) in a Web Worker, so that a file of 10,000 annotations never blocks the
 * page. Cancelling ends the worker, which really stops the work; the next call starts a fresh
 * one. Where there is no Worker (tests, old browsers) or it cannot start, the same code
 * (`ImportSession`) runs in the page.
 */
export class ImportWorker {
  #worker: Worker | null = null;
  /** Set once a worker could not start: everything runs in the page from then on. */
  #unavailable = typeof Worker !== 'function';
  #local: ImportSession | null = null;
  #calls = new Map<number, Call>();
  #next = 1;

  constructor(private env: Env) {}

  /** Reads one file: a packet or backup (returned whole), or annotations (held by handle). */
  async read(name: string, file: Blob, opts: CallOptions = {}): Promise<Result<ReadSummary>> {
    let result: Result<ReadSummary> | undefined;
    await this.#call({ type: 'read', name, file }, opts, (r) => {
      if (r.type === 'read') result = r.result;
    });
    return result!;
  }

  /** Plans the import of the files held under `handles` (merged, a class's hand-ins) into one
   * document. The handles are used up. */
  async plan(
    handles: number[],
    names: string[],
    input: PlanInput,
    opts: CallOptions = {},
  ): Promise<HeldPlan> {
    const chunks: Annotation[][] = [];
    let rest: Omit<ImportPlan, 'put'> | undefined;
    let held: number | undefined;
    await this.#call({ type: 'plan', handles, names, input }, opts, (r) => {
      if (r.type === 'chunk') chunks.push(r.put);
      else if (r.type === 'planned') [rest, held] = [r.plan, r.held];
    });
    return { ...rest!, put: chunks.flat(), held };
  }

  /**
   * Writes a planned import into document `docId` of the library `dbName` from the worker, on
   * its own connection (`LibraryStore.applyChanges`'s transaction: `storage/page-writer.ts`),
   * with `tagSet`. Resolves once committed with the pages' revision changes, or with null when
   * the page must write it itself: no worker (the in-page session), the plan not held there,
   * or the library could not be opened there; nothing was written then. Aborting `signal`
   * aborts the transaction (the worker checks before each page): this then rejects and nothing
   * is written, unless the commit had begun (then it resolves: written). A failure rejects with
   * the write's StorageError (the same words as a write in the page).
   */
  async write(
    plan: HeldPlan,
    dbName: string,
    docId: string,
    tagSet: TagSet,
    opts: WriteOptions = {},
  ): Promise<Revised[] | null> {
    if (plan.held === undefined || this.#unavailable) return null;
    const id = this.#next++;
    const cancel = () => void this.#send({ id: this.#next++, type: 'cancel', call: id });
    return new Promise<Revised[] | null>((resolve, reject) => {
      opts.signal?.addEventListener('abort', cancel, { once: true });
      const end = () => {
        this.#calls.delete(id);
        opts.signal?.removeEventListener('abort', cancel);
      };
      this.#calls.set(id, {
        fail: (e) => (end(), reject(e)),
        reply: (r) => {
          if (r.type === 'progress') opts.onProgress?.(r.done, r.total);
          else if (r.type === 'writing') opts.onWriting?.();
          else if (r.type === 'written' || r.type === 'unwritten') {
            end();
            resolve(r.type === 'written' ? r.revised : null);
          } else if (r.type === 'error') {
            end();
            const cause = r.storage?.detail === undefined ? undefined : new Error(r.storage.detail);
            reject(r.storage ? new StorageError(r.storage.kind, cause) : new Error(r.error));
          }
        },
      });
      const req: ImportRequest = { id, type: 'write', held: plan.held!, dbName, docId, tagSet };
      this.#send(req).catch((e: Error) => this.#calls.get(id)?.fail(e));
      if (opts.signal?.aborted) cancel();
    });
  }

  /** Frees files read but not planned. */
  drop(handles: number[]): void {
    if (handles.length)
      void this.#send({ id: this.#next++, type: 'drop', handles }).catch(() => {});
  }

  /** Ends the worker (and with it every call in flight, which rejects as cancelled). */
  stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    for (const c of calls) c.fail(new ImportCancelled());
  }

  #call(
    body:
      | { type: 'read'; name: string; file: Blob }
      | { type: 'plan'; handles: number[]; names: string[]; input: PlanInput },
    opts: CallOptions,
    each: (r: ImportReply) => void,
  ): Promise<void> {
    if (opts.signal?.aborted) return Promise.reject(new ImportCancelled());
    const id = this.#next++;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => this.stop();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (err?: Error) => {
        this.#calls.delete(id);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      this.#calls.set(id, {
        fail: (e) => done(e),
        reply: (r) => {
          if (r.type === 'progress') opts.onProgress?.(r.done, r.total);
          else if (r.type === 'error') done(new Error(r.error));
          else {
            each(r);
            if (r.type === 'read' || r.type === 'planned') done();
          }
        },
      });
      opts.onProgress?.(0, 0);
      this.#send({ ...body, id } as ImportRequest).catch((e: Error) => done(e));
    });
  }

  async #send(req: ImportRequest): Promise<void> {
    const w = this.#ensure();
    if (w) {
      w.postMessage(req);
      return;
    }
    // Loaded only here: where the worker runs, the page never loads the import's model code.
    const { ImportSession } = await import('./import-core');
    this.#local ??= new ImportSession(this.env, (r) => this.#reply(r));
    await this.#local.handle(req);
  }

  #reply(r: ImportReply): void {
    this.#calls.get(r.id)?.reply(r);
  }

  #ensure(): Worker | null {
    if (this.#worker || this.#unavailable) return this.#worker;
    try {
      const w = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
      w.onmessage = (ev: MessageEvent<ImportReply>) => this.#reply(ev.data);
      // The script failed to load or the worker died: what was in flight is lost with it (its
      // parsed files too), so it fails with a message; later imports run in the page.
      w.onerror = (ev) => {
        ev.preventDefault?.();
        this.#unavailable = true;
        this.#worker = null;
        w.terminate();
        const calls = [...this.#calls.values()];
        this.#calls.clear();
        for (const c of calls)
          c.fail(new Error('the import stopped unexpectedly; try importing the file again.'));
      };
      this.#worker = w;
    } catch {
      this.#unavailable = true;
    }
    return this.#worker;
  }
}
