import type { Highlight } from './annotation-decorations';
import { meets, WaitingHighlights, type Span } from './waiting-highlights';

export type { Span } from './waiting-highlights';

/** Up to this many highlights are drawn at once wherever they are; more are split by the view
 * (see DrawQueue). */
export const DRAW_AT_ONCE = 40;
/** Highlights drawn in the first later step; later steps adapt their size so that each takes
 * about STEP_MS (dense text with many overlapping highlights costs more per highlight). */
export const DRAW_STEP = 100;
const STEP_MS = 16;
/** Screens of text above and below the view whose highlights are drawn in steps ("near"); the
 * screen above and the screen below are drawn at once with the view. A screen is the view's
 * span of positions, at least MIN_SCREEN. */
export const NEAR_SCREENS = 3;
const MIN_SCREEN = 1000;
/** How long a view range found stays good for (a reader scrolls little in that time; a scroll
 * finds it again at the next frame). */
const VIEW_MS = 250;
/** A view range older than this (found before a pause) is found again at once, not after the
 * next frame (see `#reach`). */
const STALE_MS = 1000;

const EVERYTHING: Span = { from: -Infinity, to: Infinity };
const NOTHING: Span = { from: Infinity, to: -Infinity };

/** What is drawn at once (`now`), what in steps (`near`, which `busy` waits for), and the part
 * on screen, drawn first (`focus`). */
interface Reach {
  now: Span;
  near: Span;
  focus: Span;
}

/** The reach of a view whose visible part is `visible`; null (no layout known: a hidden
 * editor, a test without layout) draws everything in steps from the top, as before there was
 * a view to go by. */
function reachOf(visible: Span | null): Reach {
  if (!visible) return { now: NOTHING, near: EVERYTHING, focus: { from: 0, to: 0 } };
  const span = Math.max(visible.to - visible.from, MIN_SCREEN);
  return {
    now: { from: visible.from - span, to: visible.to + span },
    near: { from: visible.from - NEAR_SCREENS * span, to: visible.to + NEAR_SCREENS * span },
    focus: visible,
  };
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
/** Runs `fn` at the start of the next frame (in a task where there are no frames). */
const nextFrame = (fn: () => void): void =>
  void (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(fn) : setTimeout(fn));

/**
 * Which highlights are drawn, and when: the text's highlights are drawn only where the reader
 * is, as a PDF viewer renders only the pages near the view. Drawing a highlight costs DOM work
 * (each one splits the text it covers into `mark` elements): 10,000 drawn took 0.6–0.8 s of
 * steps and made ~43,000 elements. So of many arriving together (an import, a reload, a filter)
 * those in view and a screen above and below are drawn at once, those within NEAR_SCREENS of
 * it in ~16 ms steps, nearest first, and the rest wait (sorted by position:
 * `WaitingHighlights`) until a scroll (`check`), a jump (`drawAround`), the active card or a
 * flash (`drawIds`) or printing (`printing`, `drawAll`) brings them near. Once drawn, a
 * highlight stays drawn. Pure bookkeeping: the editor passes in how to find the view and how to
 * draw, and tells it when the view may have moved.
 */
export class DrawQueue {
  #waiting = new WaitingHighlights();
  #running: Promise<void> | null = null;
  #step = DRAW_STEP;
  /** The reach as last found, and when: finding it forces a layout (`visibleRange`), which
   * after a drawing step costs as much as the step, so a batch applied in parts finds it once
   * per VIEW_MS rather than once per part. `assumed`: set by `clear(shown)`, not found. */
  #view: { at: number; reach: Reach; assumed: boolean } = {
    at: -Infinity,
    reach: reachOf(null),
    assumed: false,
  };
  /** While printing every highlight is drawn, at once. */
  #all = false;
  /** A `check` is asked for the next frame. */
  #checking = false;

  constructor(
    /** Draws these highlights now (one editor transaction). */
    private draw: (list: Highlight[]) => void,
    /** The editor positions of the part of the text on screen, or null when not known (no
     * layout). */
    private view: () => Span | null,
    /** Told true when highlights near the view start waiting and false when all are drawn. */
    private busy: (on: boolean) => void = () => {},
    /** Resolves when a later step may run: while the document applies a large batch in parts
     * (each drawing the highlights in view at once), the steps beyond the view wait for it, so
     * the reader sees the whole batch applied and in view sooner (ReaderEditorOptions). */
    private ready: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Number of highlights waiting (near the view or far from it). */
  get size(): number {
    return this.#waiting.size;
  }

  /** True when the highlight of this id waits. */
  waits(id: string): boolean {
    return this.#waiting.has(id);
  }

  /** Of `list`, those to draw now; the rest wait: those near the view are drawn in later
   * tasks, the others when the view comes near them. */
  split(list: Highlight[]): Highlight[] {
    if (this.#all || list.length <= DRAW_AT_ONCE) return list;
    const t = performance.now();
    let reach = this.#reach(t);
    let now = list.filter((h) => meets(h, reach.now));
    // First screens as dense as a whole step or more: find the view after all, and draw only it.
    if (this.#view.assumed && now.length > 2 * DRAW_STEP) {
      this.#find();
      reach = this.#view.reach;
      now = list.filter((h) => meets(h, reach.now));
    }
    const later = list.filter((h) => !meets(h, reach.now));
    this.#waiting.add(later);
    // What waits beyond a range assumed, not found, is judged again by the real view.
    if (later.length && this.#view.assumed) this.check();
    this.#start();
    return now;
  }

  /**
   * The reach to split by. Found at once when none is known or it is older than STALE_MS;
   * when only older than VIEW_MS (a batch applied in parts, each part drawing into the DOM), it
   * is still used and found again at the start of the next frame (`check`): there the layout it
   * forces is the one the frame makes anyway, where inside a task that drew it is an extra one,
   * laid out again by the frame after the next part (as costly as a drawing step).
   */
  #reach(t: number): Reach {
    const age = t - this.#view.at;
    if (age > STALE_MS) this.#find();
    else if (age > VIEW_MS) this.check();
    return this.#view.reach;
  }

  #find(): void {
    this.#view = { at: performance.now(), reach: reachOf(this.view()), assumed: false };
  }

  /**
   * The view may have moved (a scroll, a resize, the text grew): at the next frame (one check
   * per frame however often asked), finds the view and draws what waits in it and a screen
   * around at once, in that frame, so the reader never sees a passage bare; what waits within
   * NEAR_SCREENS follows in steps.
   */
  check(): void {
    if (this.#checking) return;
    this.#checking = true;
    nextFrame(() => {
      this.#checking = false;
      if (!this.#waiting.size) return;
      this.#find();
      const { now, focus } = this.#view.reach;
      // What is on screen whole, then the screens around it as far as a step goes.
      const list = this.#waiting.take(focus, Infinity);
      list.push(...this.#waiting.take(now, this.#step, focus));
      if (list.length) this.draw(list);
      this.#start();
    });
  }

  /** Draws at once what waits around `pos` (a jump is about to show it): two screens each
   * way, so the passage is drawn before it is scrolled to and a screen around it is too. */
  drawAround(pos: number): void {
    if (!this.#waiting.size) return;
    const { focus } = this.#view.reach;
    const visible = focus.to - focus.from;
    const span = 2 * (Number.isFinite(visible) ? Math.max(visible, MIN_SCREEN) : MIN_SCREEN);
    const list = this.#waiting.take({ from: pos - span, to: pos + span }, Infinity, {
      from: pos,
      to: pos,
    });
    if (list.length) this.draw(list);
  }

  /** Draws at once the waiting highlights of these ids; returns them. */
  drawIds(ids: readonly string[]): Highlight[] {
    const list = this.#waiting.takeIds(ids);
    if (list.length) this.draw(list);
    return list;
  }

  /** Draws every waiting highlight at once, in one transaction. With thousands waiting this is
   * a long task (~0.5 s for 10,000): only for printing, where the whole text must be drawn
   * before the page is laid out for paper and a pause is expected. */
  drawAll(): void {
    const list = this.#waiting.takeAll();
    if (list.length) this.draw(list);
  }

  /** Printing starts (every waiting highlight is drawn now, and any that comes later at once)
   * or ends. */
  printing(on: boolean): void {
    this.#all = on;
    if (on) this.drawAll();
  }

  /** Moves the waiting highlights through a change of the text (see WaitingHighlights.map). */
  map(map: (pos: number, assoc: number) => number): void {
    if (this.#waiting.size) this.#waiting.map(map);
  }

  /** Forgets waiting highlights of these ids (removed or replaced before they were drawn). */
  remove(ids: ReadonlySet<string>): void {
    this.#waiting.remove(ids);
  }

  /** Forgets every waiting highlight. `shown`: the range known to be in and around the view
   * without asking the layout (a text just loaded, at its top: its first screens), used by the
   * next `split`. */
  clear(shown: Span | null = null): void {
    this.#waiting.clear();
    this.#view = shown
      ? { at: performance.now(), reach: { now: shown, near: shown, focus: shown }, assumed: true }
      : { at: -Infinity, reach: reachOf(null), assumed: false };
  }

  /** Resolves once nothing waits in or near the view (far highlights may still wait: they
   * are drawn when the reader comes near them). */
  async whenDrawn(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Draws what waits near the view in steps, nearest first, `busy` meanwhile; stops when
   * nothing near waits (a later `split` or `check` starts it again). */
  #start(): void {
    if (this.#running || !this.#waiting.meets(this.#view.reach.near)) return;
    this.busy(true);
    this.#running = (async () => {
      for (;;) {
        await nextTask();
        await this.ready();
        const { near, focus } = this.#all ? { near: EVERYTHING, focus: NOTHING } : this.#view.reach;
        const batch = this.#waiting.take(near, this.#step, focus);
        if (!batch.length) break;
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
