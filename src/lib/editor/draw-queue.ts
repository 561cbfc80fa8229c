import type { EditorView } from '@tiptap/pm/view';
import type { Highlight } from './annotation-decorations';

/** Up to this many highlights are drawn at once; more are drawn in steps (see DrawQueue). */
export const DRAW_AT_ONCE = 40;
/** Highlights drawn in the first later step; later steps adapt their size so that each takes
 * about STEP_MS (dense text with many overlapping highlights costs more per highlight). */
export const DRAW_STEP = 100;
const STEP_MS = 16;
/** How long a view range found stays good for (a reader scrolls little in that time). */
const VIEW_MS = 250;
/** A view range older than this (found before a pause) is found again at once, not after the
 * next frame (see `#range`). */
const STALE_MS = 1000;

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
/** Runs `fn` at the start of the next frame (in a task where there are no frames). */
const nextFrame = (fn: () => void): void =>
  void (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(fn) : setTimeout(fn));

/**
 * Highlights waiting to be drawn. Drawing a highlight costs DOM work (each one splits the text
 * it covers into `mark` elements), so 10,000 at once (an import, a reload) would block the page
 * for seconds. When many arrive together, those in and near the view are drawn at once and the
 * rest later, nearest to the view first, `DRAW_STEP` per task. Pure bookkeeping: the editor
 * passes in how to find the view and how to draw.
 */
export class DrawQueue {
  #waiting: Highlight[] = [];
  #running: Promise<void> | null = null;
  #step = DRAW_STEP;
  /** The view range as last asked, and when: finding it forces a layout (`posAtCoords`), which
   * after a drawing step costs as much as the step, so a batch applied in parts asks once per
   * VIEW_MS rather than once per part. */
  #view: { at: number; range: { from: number; to: number } | null } = {
    at: -Infinity,
    range: null,
  };

  constructor(
    /** Draws these highlights now (one editor transaction). */
    private draw: (list: Highlight[]) => void,
    /** The editor positions in and around the view, or null when not known (no layout). */
    private view: () => { from: number; to: number } | null,
    /** Told true when highlights start waiting and false when all are drawn. */
    private busy: (on: boolean) => void = () => {},
    /** Resolves when a later step may run: while the document applies a large batch in parts
     * (each drawing the highlights in view at once), the steps beyond the view wait for it, so
     * the reader sees the whole batch applied and in view sooner (ReaderEditorOptions). */
    private ready: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Number of highlights waiting. */
  get size(): number {
    return this.#waiting.length;
  }

  /** Of `list`, those to draw now; the rest wait and are drawn in later tasks. */
  split(list: Highlight[]): Highlight[] {
    if (list.length <= DRAW_AT_ONCE && this.#waiting.length === 0) return list;
    const t = performance.now();
    let v = this.#range(t);
    const inView = (h: Highlight) => !!v && h.to >= v.from && h.from <= v.to;
    let now = list.filter(inView);
    // First screens as dense as a whole step or more: find the view after all, and draw only it.
    if (this.#shown && now.length > 2 * DRAW_STEP) {
      this.#view = { at: t, range: this.view() };
      v = this.#view.range;
      now = list.filter(inView);
    }
    this.#shown = false;
    const later = list.filter((h) => !inView(h));
    // The text below the view in reading order, then the text above it, nearest first: each
    // step then covers neighbouring paragraphs, which ProseMirror redraws once, rather than
    // scattered ones.
    const at = v ? v.to : 0;
    // What waits is kept in that order: new ones are sorted and merged in (a batch applied in
    // parts adds a part at a time to thousands waiting), unless the view moved.
    if (at === this.#at) this.#waiting = merge(this.#waiting, byNearest(later, at), at);
    else this.#waiting = byNearest(this.#waiting.concat(later), at);
    this.#at = at;
    this.#start();
    return now;
  }
  /** The view's end that orders what waits. */
  #at = 0;

  /**
   * The view range to split by. Found at once when none is known or it is older than STALE_MS;
   * when only older than VIEW_MS (a batch applied in parts, each part drawing into the DOM), it
   * is still used and found again at the start of the next frame: there the layout it forces is
   * the one the frame makes anyway, where inside a task that drew it is an extra one, laid out
   * again by the frame after the next part (as costly as a drawing step).
   */
  #range(t: number): { from: number; to: number } | null {
    const age = t - this.#view.at;
    if (age > STALE_MS) this.#view = { at: t, range: this.view() };
    else if (age > VIEW_MS && !this.#asking) {
      this.#asking = true;
      nextFrame(() => {
        this.#asking = false;
        if (this.#view.at < t) this.#view = { at: performance.now(), range: this.view() };
      });
    }
    return this.#view.range;
  }
  /** A view range is to be found at the next frame. */
  #asking = false;

  /** Forgets waiting highlights of these ids (removed or replaced before they were drawn). */
  remove(ids: ReadonlySet<string>): void {
    if (this.#waiting.length) this.#waiting = this.#waiting.filter((h) => !ids.has(h.id));
  }

  /** Forgets every waiting highlight. `shown`: the range known to be in and around the view
   * without asking the layout (a text just loaded, at its top: its first screens), used by the
   * next `split`. */
  clear(shown: { from: number; to: number } | null = null): void {
    this.#waiting = [];
    this.#view = shown ? { at: performance.now(), range: shown } : { at: -Infinity, range: null };
    this.#shown = !!shown;
  }
  /** The view range was assumed by `clear(shown)`, not found. */
  #shown = false;

  /** Resolves once nothing waits. */
  async whenDrawn(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #start(): void {
    if (this.#running || !this.#waiting.length) return;
    this.busy(true);
    this.#running = (async () => {
      while (this.#waiting.length) {
        await nextTask();
        await this.ready();
        const batch = this.#waiting.splice(0, this.#step);
        if (!batch.length) continue;
        const t0 = performance.now();
        this.draw(batch);
        const ms = Math.max(1, performance.now() - t0);
        this.#step = Math.round(Math.min(400, Math.max(10, (this.#step * STEP_MS) / ms)));
      }
      this.#running = null;
      this.busy(false);
    })();
  }
}

/** Distance from the view's end `at`: the text below it first, then the text above it. */
const distance = (h: Highlight, at: number): number =>
  h.from >= at ? h.from - at : 2 ** 40 + (at - h.from);

/** `list` nearest to `at` first (stable), on keys computed once. */
function byNearest(list: Highlight[], at: number): Highlight[] {
  const keys = new Float64Array(list.length);
  const idx = new Uint32Array(list.length);
  list.forEach((h, i) => {
    keys[i] = distance(h, at);
    idx[i] = i;
  });
  idx.sort((a, b) => keys[a] - keys[b] || a - b);
  return Array.from(idx, (i) => list[i]);
}

/** Two lists ordered by `byNearest(…, at)` merged into one (ties: `a` first). */
function merge(a: Highlight[], b: Highlight[], at: number): Highlight[] {
  if (!b.length) return a;
  const out: Highlight[] = new Array(a.length + b.length);
  let [i, j, k] = [0, 0, 0];
  while (i < a.length && j < b.length)
    out[k++] = distance(b[j], at) < distance(a[i], at) ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Editor positions of the part of the text in view, with a screen above and below; null when
 * the editor is not laid out or not on screen (then nothing counts as in view). */
export function viewRange(view: EditorView): { from: number; to: number } | null {
  if (view.isDestroyed || typeof window === 'undefined') return null;
  try {
    const rect = view.dom.getBoundingClientRect();
    const h = window.innerHeight;
    if (!rect.height || rect.bottom < 0 || rect.top > h) return null;
    const left = rect.left + Math.min(24, rect.width / 2);
    const top = view.posAtCoords({ left, top: Math.max(rect.top, 0) + 1 })?.pos;
    const bottom = view.posAtCoords({ left, top: Math.min(rect.bottom, h) - 1 })?.pos;
    if (top === undefined || bottom === undefined) return null;
    const span = Math.max(bottom - top, 1000);
    return { from: Math.max(0, top - span), to: bottom + span };
  } catch {
    return null;
  }
}
