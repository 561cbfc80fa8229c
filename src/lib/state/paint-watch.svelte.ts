import { afterPaint } from './after-paint';

/**
 * When the opened document's text is painted (the drawing record's reload waits for it before
 * reading the pages, so that their ~10 MB do not compete with the editor's load and first
 * layout). `expect` on open, `painted` in the task after the frame that shows its render.
 */
export class PaintWatch {
  #pending = false;
  #firstShown = $state(false);
  /** True while a reader view is mounted (it will paint the text). */
  mounted = false;
  #waiting: (() => void)[] = [];

  expect(): void {
    this.#pending = true;
  }

  /** True once the first document's text is painted. */
  get firstShown(): boolean {
    return this.#firstShown;
  }

  /** The text was rendered: `painted` runs in the task after the frame that shows it. */
  rendered(): void {
    afterPaint(() => {
      this.#firstShown = true;
      this.painted();
    });
  }

  painted(): void {
    this.#pending = false;
    for (const w of this.#waiting.splice(0)) w();
  }

  /** Resolves after a frame once the text is painted, or when no reader is mounted and
   * `viewing()` says no view will paint it (the library is shown); at the latest after `limit` ms. */
  async whenPainted(viewing: () => boolean, limit = 5000): Promise<void> {
    await new Promise<void>((resolve) => afterPaint(resolve));
    if (!this.#pending || !(this.mounted || viewing())) return;
    await new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      setTimeout(resolve, limit);
    });
  }
}
