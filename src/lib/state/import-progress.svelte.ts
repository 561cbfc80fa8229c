import type { CallOptions } from '../workers/import-client';

/** Work in progress on a large file, for the dialog's progress bar (`total` 0: not known yet). */
export interface ImportProgress {
  fileName: string;
  phase: 'reading' | 'planning' | 'saving';
  done: number;
  total: number;
}

/** Files from this size on show their progress (smaller ones are done before a bar would help). */
export const LARGE_IMPORT_BYTES = 256 * 1024;
/** Imports planning or writing this many annotations show their progress. */
export const LARGE_IMPORT_COUNT = 1000;

/** The progress `TransferState` shows for the import step under way (none for small work). */
export class ImportProgressTracker {
  #current = $state.raw<ImportProgress | null>(null);

  /** Progress of a large file's import, or null. */
  get current(): ImportProgress | null {
    return this.#current;
  }

  /** Call options of one step: its `signal`, and progress shown while it runs if `large`. */
  watch(
    signal: AbortSignal,
    fileName: string,
    phase: ImportProgress['phase'],
    large: boolean,
  ): CallOptions {
    if (large) this.#current = { fileName, phase, done: 0, total: 0 };
    return {
      signal,
      onProgress: large
        ? (done, total) => void (this.#current = { fileName, phase, done, total })
        : undefined,
    };
  }

  /** The step ended (done, failed or cancelled): no bar. */
  clear(): void {
    this.#current = null;
  }
}
