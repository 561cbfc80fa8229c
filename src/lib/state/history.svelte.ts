import type { AnnotationChange } from '../storage/library-store';

/** One undoable action, as two change batches: the one that undoes it and the one that
 * redoes it. Both go through the same path as every other change. */
export interface Command {
  label: string;
  undo: AnnotationChange;
  redo: AnnotationChange;
}

/**
 * App-level undo/redo. The document text never changes, so ProseMirror's history is not used:
 * what is undone are annotation and tag changes, each one batch committed by `commit` (one
 * storage transaction, then applied to the open document).
 */
export class History {
  #done = $state.raw<Command[]>([]);
  #undone = $state.raw<Command[]>([]);
  /** Undo and redo run one after another: a second Ctrl+Z pressed while the first is still
   * writing waits its turn instead of being lost. */
  #queue: Promise<unknown> = Promise.resolve();
  readonly limit = 200;

  /** `commit` writes a batch and resolves after it is committed and applied (throws if not). */
  constructor(private commit: (change: AnnotationChange) => Promise<void>) {}

  get canUndo(): boolean {
    return this.#done.length > 0;
  }
  get canRedo(): boolean {
    return this.#undone.length > 0;
  }
  get undoLabel(): string {
    return this.#done.at(-1)?.label ?? '';
  }
  get redoLabel(): string {
    return this.#undone.at(-1)?.label ?? '';
  }

  /** Records an action that has already been applied. */
  push(cmd: Command): void {
    this.#done = [...this.#done.slice(-(this.limit - 1)), cmd];
    this.#undone = [];
  }

  /** Commits the batch that undoes the last action; resolves to its label (null: nothing). */
  undo(): Promise<string | null> {
    return this.#enqueue(async () => {
      const cmd = this.#done.at(-1);
      if (!cmd) return null;
      await this.commit(cmd.undo);
      this.#done = this.#done.slice(0, -1);
      this.#undone = [...this.#undone, cmd];
      return cmd.label;
    });
  }

  redo(): Promise<string | null> {
    return this.#enqueue(async () => {
      const cmd = this.#undone.at(-1);
      if (!cmd) return null;
      await this.commit(cmd.redo);
      this.#undone = this.#undone.slice(0, -1);
      this.#done = [...this.#done, cmd];
      return cmd.label;
    });
  }

  #enqueue(step: () => Promise<string | null>): Promise<string | null> {
    const run = this.#queue.then(step);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  clear(): void {
    this.#done = [];
    this.#undone = [];
  }
}
