/**
 * The import's heavy work — JSON parsing, validation, planning and anchoring — as a message
 * handler with no Worker in it, so that the worker (import.worker.ts), its in-page fallback and
 * the tests in Node all run this same code. Parsed files stay here under a handle between
 * reading and planning: only small summaries and the planned annotations (in chunks, so that no
 * single message costs the page a long task to receive) ever cross to the page.
 */
import type { Annotation, Env, Result, Tag } from '../model/types';
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
  | { id: number; type: 'drop'; handles: number[] };

export type ImportReply =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'read'; result: Result<ReadSummary> }
  | { id: number; type: 'chunk'; put: Annotation[] }
  | { id: number; type: 'planned'; plan: Omit<ImportPlan, 'put'>; count: number }
  | { id: number; type: 'error'; error: string };

/** Planned annotations per message: small enough that receiving one is a short task. */
export const CHUNK = 200;

export class ImportSession {
  #parsed = new Map<number, ParsedImport>();
  #next = 1;
  /** The last text indexed, kept for the next plan of the same document (a class's files). */
  #index: { docId: string; text: string; index: TextIndex } | null = null;

  constructor(
    private env: Env,
    private post: (reply: ImportReply) => void,
  ) {}

  /** Number of parsed files held (for tests: dropped handles free their memory). */
  get held(): number {
    return this.#parsed.size;
  }

  async handle(req: ImportRequest): Promise<void> {
    try {
      if (req.type === 'read') await this.#read(req.id, req.name, req.file);
      else if (req.type === 'plan') this.#plan(req.id, req.handles, req.names, req.input);
      else for (const h of req.handles) this.#parsed.delete(h);
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
    this.post({ id, type: 'planned', plan: rest, count: put.length });
  }

  #indexFor(input: PlanInput): TextIndex {
    const c = this.#index;
    if (c && c.docId === input.docId && c.text === input.text) return c.index;
    const index = new TextIndex(input.text);
    this.#index = { docId: input.docId, text: input.text, index };
    return index;
  }
}
