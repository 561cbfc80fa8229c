// A stand-in for the browser's Worker running the import worker's code (import.worker.ts) in
// the same thread, messages delivered in later tasks (imported only by *.test.ts).
import { vi } from 'vitest';
import type { Env } from '../model/types';
import { applyChangesApart } from '../storage/page-writer';
import { dispatcher, ImportSession, type ImportReply, type ImportRequest } from './import-core';

/** Makes `new Worker(…)` start an import worker (for `ImportWorker`); undo with
 * `vi.unstubAllGlobals()`. Returns the sessions started, newest last. */
export function stubImportWorker(env: Env): ImportSession[] {
  const sessions: ImportSession[] = [];
  class FakeWorker {
    onmessage: ((ev: MessageEvent<ImportReply>) => void) | null = null;
    onerror: ((ev: ErrorEvent) => void) | null = null;
    #ended = false;
    #handle: (req: ImportRequest) => void;
    constructor() {
      const post = (r: ImportReply) =>
        setTimeout(() => !this.#ended && this.onmessage?.({ data: r } as MessageEvent));
      const session = new ImportSession(env, post, applyChangesApart);
      sessions.push(session);
      this.#handle = dispatcher(session);
    }
    postMessage(req: ImportRequest): void {
      setTimeout(() => !this.#ended && this.#handle(req));
    }
    terminate(): void {
      this.#ended = true;
    }
  }
  vi.stubGlobal('Worker', FakeWorker);
  return sessions;
}
