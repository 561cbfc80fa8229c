/** Runs `fn` once, in a task after the next frame is painted; after 200 ms at the latest (a
 * hidden tab paints no frames) or at once where there are no frames. */
export function afterPaint(fn: () => void): void {
  let done = false;
  const once = () => {
    if (!done) fn();
    done = true;
  };
  if (typeof requestAnimationFrame === 'undefined') return void setTimeout(once, 0);
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 200);
}

/**
 * When the opened document's text is painted (the drawing record's reload waits for it before
 * reading the pages, so that their ~10 MB do not compete with the editor's load and first
 * layout). `expect` on open, `painted` in the task after the frame that shows its render.
 */
export class PaintWatch {
  #pending = false;
  #waiting: (() => void)[] = [];

  expect(): void {
    this.#pending = true;
  }

  painted(): void {
    this.#pending = false;
    for (const w of this.#waiting.splice(0)) w();
  }

  /** Resolves after a frame once the text is painted, or when `viewing()` says no view will
   * paint it (the library is shown); at the latest after `limit` ms. */
  async whenPainted(viewing: () => boolean, limit = 5000): Promise<void> {
    await new Promise<void>((resolve) => afterPaint(resolve));
    if (!this.#pending || !viewing()) return;
    await new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      setTimeout(resolve, limit);
    });
  }
}
