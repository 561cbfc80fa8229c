/** One undoable action. Both directions write to storage and resolve after the write commits. */
export interface Command {
  label: string;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
}

/**
 * App-level undo/redo. The document text never changes, so ProseMirror's history is not used:
 * what is undone are annotation and tag changes, each one storage transaction.
 */
export class History {
  private done = $state.raw<Command[]>([]);
  private undone = $state.raw<Command[]>([]);
  /** Undo and redo run one after another: a second Ctrl+Z pressed while the first is still
   * writing waits its turn instead of being lost. */
  private queue: Promise<unknown> = Promise.resolve();
  readonly limit = 200;

  canUndo = $derived(this.done.length > 0);
  canRedo = $derived(this.undone.length > 0);
  undoLabel = $derived(this.done.at(-1)?.label ?? '');
  redoLabel = $derived(this.undone.at(-1)?.label ?? '');

  /** Records an action that has already been applied. */
  push(cmd: Command): void {
    this.done = [...this.done.slice(-(this.limit - 1)), cmd];
    this.undone = [];
  }

  undo(): Promise<string | null> {
    return this.enqueue(async () => {
      const cmd = this.done.at(-1);
      if (!cmd) return null;
      await cmd.undo();
      this.done = this.done.slice(0, -1);
      this.undone = [...this.undone, cmd];
      return cmd.label;
    });
  }

  redo(): Promise<string | null> {
    return this.enqueue(async () => {
      const cmd = this.undone.at(-1);
      if (!cmd) return null;
      await cmd.redo();
      this.undone = this.undone.slice(0, -1);
      this.done = [...this.done, cmd];
      return cmd.label;
    });
  }

  private enqueue(step: () => Promise<string | null>): Promise<string | null> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
