/** One undoable action. Both directions write to storage and resolve after the write commits. */
export interface Command {
  label: string;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
}

/// App-level undo/redo. The document text never changes, so ProseMirror's history is not used:
/// what is undone are annotation and tag changes, each one storage transaction.
export class History {
  private done = $state.raw<Command[]>([]);
  private undone = $state.raw<Command[]>([]);
  private busy = false;
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

  async undo(): Promise<string | null> {
    const cmd = this.done.at(-1);
    if (!cmd || this.busy) return null;
    this.busy = true;
    try {
      await cmd.undo();
      this.done = this.done.slice(0, -1);
      this.undone = [...this.undone, cmd];
      return cmd.label;
    } finally {
      this.busy = false;
    }
  }

  async redo(): Promise<string | null> {
    const cmd = this.undone.at(-1);
    if (!cmd || this.busy) return null;
    this.busy = true;
    try {
      await cmd.redo();
      this.undone = this.undone.slice(0, -1);
      this.done = [...this.done, cmd];
      return cmd.label;
    } finally {
      this.busy = false;
    }
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
