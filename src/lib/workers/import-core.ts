/**
 * The import's heavy work — JSON parsing, validation, planning and anchoring — as a message
 * handler with no Worker in it, so that the worker (import.worker.ts), its in-page fallback and
 * the tests in Node all run this same code. Parsed files stay here under a handle between
 * reading and planning: only small summaries and the planned annotations (in chunks, so that no
 * single message costs the page a long task to receive) ever cross to the page.
 */
import type { Annotation, Env, Result, Tag, TagSet } from '../model/types';
import type { AnnotationChange } from '../storage/store-types';
import type { StepOptions } from '../storage/annotation-pages';
import type { Revised } from '../storage/page-revision';
import type { StorageErrorKind } from '../storage/errors';
import type { ParsedImport } from '../model/w3c-parse';
import { importTarget, readImportText, type ImportTarget } from '../model/import-file';
import { mergeImports } from '../model/import-merge';
import { planImport, type ImportPlan } from '../model/import-plan';
import { carryItems, type CarryInput } from '../model/version-carry';
import { TextIndex } from '../model/text-index';

/** What a file turned out to be, as the page learns it. */
export type ReadSummary =
  | { kind: 'packet'; json: unknown }
  | { kind: 'backup'; json: unknown }
  | { kind: 'annotations'; handle: number; target: ImportTarget };

/** Everything planning needs from the page (structured-cloneable). */
export interface PlanInput {
  docId: string;
  /** The document's canonical plain text. */
  text: string;
  existing: Pick<Annotation, 'id' | 'modified'>[];
  tags: Tag[];
  /** The saved edits of the text, when it has been edited (work made on an older version is
   * carried through them before any quote search). */
  carry?: CarryInput;
}

export type ImportRequest =
  | { id: number; type: 'read'; name: string; file: Blob }
  | { id: number; type: 'plan'; handles: number[]; names: string[]; input: PlanInput }
  /** Writes the plan held under `held` with `tagSet` into the library `dbName` (see `write`). */
  | { id: number; type: 'write'; held: number; dbName: string; docId: string; tagSet: TagSet }
  /** Aborts the write of request `call` (handled at once, not queued behind it). */
  | { id: number; type: 'cancel'; call: number }
  /** Frees files read and plans held (handles of either). */
  | { id: number; type: 'drop'; handles: number[] };

export type ImportReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'read'; result: Result<ReadSummary> }
  | { id: number; type: 'chunk'; put: Annotation[] }
  /** `held`: the handle the plan's annotations are kept under here, for `write`. */
  | { id: number; type: 'planned'; plan: Omit<ImportPlan, 'put'>; count: number; held: number }
  /** The library is open here and the write has begun: the page's thread has no part in it. */
  | { id: number; type: 'writing' }
  | { id: number; type: 'written'; revised: Revised[] }
  /** Not written here (no writer, or the library could not be opened): the page writes it. */
  | { id: number; type: 'unwritten' }
  /** `storage`: the write's StorageError, so that the page tells the reader the same words. */
  | {
      id: number;
      type: 'error';
      error: string;
      storage?: { kind: StorageErrorKind; detail?: string };
    };

/** Writes a change through a connection of the worker's own (`storage/page-writer.ts`):
 * rejects with an error named 'NotOpenedApart' when the library cannot be opened there. */
export type ApartWriter = (
  dbName: string,
  docId: string,
  change: AnnotationChange,
  opts: StepOptions & { onOpened?: () => void },
) => Promise<Revised[]>;

/** Planned annotations per message: small enough that receiving one is a short task. */
export const CHUNK = 200;

export class ImportSession {
  #parsed = new Map<number, ParsedImport>();
  /** Planned annotations kept for their write, by handle (the page holds the same plan). */
  #plans = new Map<number, Annotation[]>();
  /** Writes in flight, by request id: aborting one aborts its transaction. */
  #writes = new Map<number, AbortController>();
  /** Writes cancelled before they began (a cancel is handled at once, a write in turn). */
  #cancelled = new Set<number>();
  #next = 1;
  /** The last text indexed, kept for the next plan of the same document (a class's files). */
  #index: { docId: string; text: string; index: TextIndex } | null = null;

  constructor(
    private env: Env,
    private post: (reply: ImportReply) => void,
    /** Absent where the session runs in the page: there the page writes. */
    private writer?: ApartWriter,
  ) {}

  /** Number of parsed files held (for tests: dropped handles free their memory). */
  get held(): number {
    return this.#parsed.size;
  }

  /** Number of plans held for their write (for tests: a write or a drop frees them). */
  get plansHeld(): number {
    return this.#plans.size;
  }

  async handle(req: ImportRequest): Promise<void> {
    try {
      if (req.type === 'read') await this.#read(req.id, req.name, req.file);
      else if (req.type === 'plan') this.#plan(req.id, req.handles, req.names, req.input);
      else if (req.type === 'write') await this.#write(req);
      else if (req.type === 'cancel') this.#cancel(req.call);
      else
        for (const h of req.handles) {
          this.#parsed.delete(h);
          this.#plans.delete(h);
        }
    } catch (err) {
      // Only programmer errors get here: expected failures are results.
      this.post({
        id: req.id,
        type: 'error',
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  async #read(id: number, name: string, file: Blob): Promise<void> {
    let text: string;
    try {
      text = await file.text();
    } catch {
      const error = `“${name}” could not be read. It may have been moved or deleted; choose it again.`;
      return this.post({ id, type: 'read', result: { ok: false, error } });
    }
    const r = readImportText(name, text, this.env);
    if (!r.ok) return this.post({ id, type: 'read', result: r });
    if (r.value.kind !== 'annotations')
      return this.post({ id, type: 'read', result: { ok: true, value: r.value } });
    const handle = this.#next++;
    this.#parsed.set(handle, r.value.parsed);
    const value: ReadSummary = {
      kind: 'annotations',
      handle,
      target: importTarget(r.value.parsed),
    };
    this.post({ id, type: 'read', result: { ok: true, value } });
  }

  #plan(id: number, handles: number[], names: string[], input: PlanInput): void {
    const list = handles.map((h) => this.#parsed.get(h));
    if (list.some((p) => !p)) throw new Error('plan: a file handle is unknown or was dropped');
    const parsed = mergeImports(names, list as ParsedImport[]);
    const plan = planImport(parsed, {
      docId: input.docId,
      index: this.#indexFor(input),
      existing: input.existing,
      tags: input.tags,
      env: this.env,
      onProgress: (done, total) => this.post({ id, type: 'progress', done, total }),
      carry: input.carry && carryItems(input.carry, parsed.document?.contentHash),
    });
    for (const h of handles) this.#parsed.delete(h);
    const { put, ...rest } = plan;
    for (let i = 0; i < put.length; i += CHUNK)
      this.post({ id, type: 'chunk', put: put.slice(i, i + CHUNK) });
    const held = this.#next++;
    this.#plans.set(held, put);
    this.post({ id, type: 'planned', plan: rest, count: put.length, held });
  }

  /**
   * Writes a held plan (`LibraryStore.applyChanges`'s transaction, on this side's own
   * connection) and says how it ended: `written` (committed; the plan is freed), `unwritten`
   * (the page must write it), or `error` (nothing written; the plan is kept for a retry).
   * A `cancel` aborts the transaction before its next page: nothing is written.
   */
  async #write(req: Extract<ImportRequest, { type: 'write' }>): Promise<void> {
    const { id, held, dbName, docId, tagSet } = req;
    const cancelled = this.#cancelled.delete(id);
    const put = this.#plans.get(held);
    // Not held (a worker started since the plan) or no writer here: the page writes it.
    if (!put || !this.writer) return this.post({ id, type: 'unwritten' });
    const stop = new AbortController();
    if (cancelled) stop.abort();
    this.#writes.set(id, stop);
    try {
      const revised = await this.writer(
        dbName,
        docId,
        { put, tagSet },
        {
          signal: stop.signal,
          onOpened: () => this.post({ id, type: 'writing' }),
          onProgress: (done, total) => this.post({ id, type: 'progress', done, total }),
        },
      );
      this.#plans.delete(held);
      this.post({ id, type: 'written', revised });
    } catch (err) {
      const e = err as Error & { kind?: StorageErrorKind; cause?: unknown };
      if (e?.name === 'NotOpenedApart') return this.post({ id, type: 'unwritten' });
      const detail = e?.cause instanceof Error ? e.cause.message : undefined;
      const storage = e?.name === 'StorageError' && e.kind ? { kind: e.kind, detail } : undefined;
      this.post({ id, type: 'error', error: e?.message ?? String(err), storage });
    } finally {
      this.#writes.delete(id);
    }
  }

  #cancel(call: number): void {
    const write = this.#writes.get(call);
    if (write) write.abort();
    else this.#cancelled.add(call);
  }

  #indexFor(input: PlanInput): TextIndex {
    const c = this.#index;
    if (c && c.docId === input.docId && c.text === input.text) return c.index;
    const index = new TextIndex(input.text);
    this.#index = { docId: input.docId, text: input.text, index };
    return index;
  }
}

/** The worker's dispatch of requests to `session`: one after another, in order, except a
 * `cancel`, handled at once so that it reaches the write it cancels. */
export function dispatcher(session: ImportSession): (req: ImportRequest) => void {
  let queue: Promise<void> = Promise.resolve();
  return (req) => {
    if (req.type === 'cancel') void session.handle(req);
    else queue = queue.then(() => session.handle(req));
  };
}
