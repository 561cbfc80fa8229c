import type { Editor } from '@tiptap/core';
import { highlightKey, type HighlightMeta } from './annotation-plugin';
import type { Highlight, HighlightLook } from './annotation-decorations';
import { DRAW_STEP, DrawQueue } from './draw-queue';
import { visibleRange } from './view-ops';
import { mapHighlight } from './waiting-highlights';
import { watchView } from './view-watch';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import type { Mappable } from '@tiptap/pm/transform';
import type { OffsetMap } from '../model/offset-map';

export type { HighlightLook } from './annotation-decorations';

/** A highlight in plain-text code points; the editor converts to its own positions. Its look
 * is asked for only when it is drawn (see `Highlight`). */
export interface TextHighlight {
  id: string;
  start: number;
  end: number;
  look: () => HighlightLook;
}

/** What the layer reads from the editor that owns it. */
export interface LayerHost {
  editor: Editor;
  /** Plain text ↔ editor positions of the loaded document. */
  map: () => OffsetMap;
  /** Size of the document content built so far (the text is appended in steps). */
  loadedSize: () => number;
  /** Told true while highlights in or near the view wait to be drawn, false once all are. */
  busy: (on: boolean) => void;
  /** Resolves when drawing beyond the view may go on (see DrawQueue). */
  ready?: () => Promise<void>;
}

/**
 * The highlights drawn in a `ReaderEditor`: which are drawn, which wait for their text to load
 * (`pending`) and which wait to be drawn (`DrawQueue`: only those in and near the view are
 * drawn, the rest as the reader scrolls, jumps or prints), plus the active and flashing ones.
 */
export class HighlightLayer {
  private pending: Highlight[] = [];
  /** Every drawn highlight as given, without the active/flash classes. Positions move only in
   * edit mode (`mapThrough`): loading the text only appends at its end. */
  private drawn = new Map<string, Highlight>();
  private queue: DrawQueue;
  // The active and the flashing highlight carry an extra class on their own decoration, so a
  // change redraws only the text those two annotations cover. (A stylesheet rule naming the id,
  // used before, made Chromium recalculate the style of every highlight in the book on each
  // change: with 10,000 annotations, 120,000 elements per click.) Classes are never set on
  // ProseMirror's elements directly: it watches its DOM and would redraw and reset the selection.
  private active: string | null = null;
  private flashing: string | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private host: LayerHost) {
    this.queue = new DrawQueue(
      (list) => {
        if (this.host.editor.isDestroyed) return;
        for (const h of list) this.drawn.set(h.id, h);
        this.dispatch({ type: 'update', put: list.map(this.styled), remove: [] });
      },
      () => visibleRange(this.host.editor.view),
      (on) => this.host.busy(on),
      () => this.host.ready?.() ?? Promise.resolve(),
    );
    this.unwatch = watchView(
      this.host.editor.view.dom,
      () => this.queue.size && this.queue.check(),
      (on) => this.queue.printing(on),
    );
  }
  private unwatch: () => void;

  /** A new document is shown: nothing is drawn or waits. */
  clear(): void {
    this.queue.clear();
    this.pending = [];
    this.fresh = true;
  }
  /** True from `clear` to the first `set`: the text was just loaded and holds only its first
   * screens (`FIRST_CHUNK_CHARS`), shown from the top, so all of it counts as in view. Asking
   * the layout instead (`posAtCoords`) would lay the new text out once more before the first
   * paint, which lays it out anyway: with 10,000 annotations that was the largest single
   * piece of the reload after anchoring. */
  private fresh = false;

  /** The loaded text grew to `size`: draws the highlights that waited for it (those near the
   * view; see DrawQueue). */
  grew(size: number): void {
    const ready = this.pending.filter((h) => h.to <= size);
    if (!ready.length) return;
    this.pending = this.pending.filter((h) => h.to > size);
    const now = this.queue.split(ready);
    for (const h of now) this.drawn.set(h.id, h);
    if (now.length) this.dispatch({ type: 'update', put: now.map(this.styled), remove: [] });
  }

  /** Resolves once every loaded highlight in and near the view is drawn (see DrawQueue). */
  whenDrawn(): Promise<void> {
    return this.queue.whenDrawn();
  }

  /** Draws at once the waiting highlights around `pos` (editor position), before a jump
   * scrolls there. */
  drawAround(pos: number): void {
    this.queue.drawAround(pos);
  }

  /** Draws every waiting highlight at once (printing; see DrawQueue.drawAll). */
  drawAll(): void {
    this.queue.drawAll();
  }

  /** In edit mode, the text changed: moves every highlight known (drawn or waiting) through
   * the change, as the decorations plugin moves the drawn ones' decorations. */
  mapThrough(mapping: Mappable): void {
    const map = (pos: number, assoc: number) => mapping.map(pos, assoc);
    this.queue.map(map);
    for (const h of this.drawn.values()) mapHighlight(h, map);
  }

  set(list: readonly TextHighlight[]): void {
    this.pending = [];
    this.dispatch(this.reset(this.drawable(list)));
  }

  /**
   * Shows `state`, a text just loaded, with `list` drawn afresh (`show` puts a state in the
   * view). When its first screens hold no more highlights than are drawn without asking the
   * layout, they are drawn on `state` before it is shown, so the view lays the first screens out
   * once, with their highlights, instead of once bare and again to draw them; otherwise the state
   * is shown and they are drawn as by `set`. The positions are computed once either way.
   */
  firstDraw(
    state: EditorState,
    list: readonly TextHighlight[],
    show: (state: EditorState) => void,
  ): void {
    this.pending = [];
    const now = this.drawable(list);
    if (this.fresh && now.length <= 2 * DRAW_STEP) {
      show(state.apply(withMeta(state.tr, this.reset(now))));
      return;
    }
    show(state);
    this.dispatch(this.reset(now));
  }

  /** Forgets what was drawn or waits; of `list` (drawable now), those in view are drawn by the
   * meta returned, the rest wait in the queue. */
  private reset(list: Highlight[]): HighlightMeta {
    this.queue.clear(this.fresh ? { from: 0, to: this.host.loadedSize() } : null);
    this.fresh = false;
    const now = this.queue.split(list);
    this.drawn = new Map(now.map((h) => [h.id, h]));
    return { type: 'reset', highlights: now.map(this.styled) };
  }

  update(put: readonly TextHighlight[], remove: readonly string[]): void {
    const gone = new Set([...remove, ...put.map((h) => h.id)]);
    if (this.pending.length) this.pending = this.pending.filter((h) => !gone.has(h.id));
    this.queue.remove(gone);
    const stale: { id: string; from: number; to: number }[] = [];
    for (const id of gone) {
      const r = this.drawn.get(id);
      if (r) stale.push({ id, from: r.from, to: r.to });
      this.drawn.delete(id);
    }
    const now = this.queue.split(this.drawable(put));
    for (const h of now) this.drawn.set(h.id, h);
    this.dispatch({ type: 'update', put: now.map(this.styled), remove: stale });
  }

  /** Briefly marks the elements drawn for an annotation (drawing it first if it waits). */
  flash(id: string): void {
    const before = this.flashing;
    this.flashing = id;
    this.redraw(before, ...this.drawWaiting(id));
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => {
      const was = this.flashing;
      this.flashing = null;
      this.redraw(was);
    }, 1200);
  }

  /** Outlines the elements of the selected annotation (drawing it first if it waits). */
  setActive(id: string | null): void {
    if (id === this.active) return;
    const before = this.active;
    this.active = id;
    this.redraw(before, ...(id ? this.drawWaiting(id) : []));
  }

  /** Draws `id` now if it waits (with its active/flash classes already set); returns `[id]`
   * when it still needs a redraw for them, `[]` when it was just drawn with them. */
  private drawWaiting(id: string): string[] {
    return this.queue.drawIds([id]).length ? [] : [id];
  }

  destroy(): void {
    clearTimeout(this.flashTimer);
    this.unwatch();
    this.queue.clear();
  }

  /** Splits highlights into those drawable now and those waiting for their text to load. */
  private drawable(list: readonly TextHighlight[]): Highlight[] {
    const now: Highlight[] = [];
    const map = this.host.map();
    const loaded = this.host.loadedSize();
    for (const h of list) {
      const drawn = {
        id: h.id,
        from: map.toPos(h.start, 'start'),
        to: map.toPos(h.end, 'end'),
        look: h.look,
      };
      if (drawn.to <= loaded) now.push(drawn);
      else this.pending.push(drawn);
    }
    return now;
  }

  /** The decoration to draw for a highlight: its look plus active/flash state. */
  private styled = (h: Highlight): Highlight => {
    const extra =
      (h.id === this.active ? ' mg-active' : '') + (h.id === this.flashing ? ' mg-flash' : '');
    if (!extra) return h;
    return {
      ...h,
      look: () => {
        const l = h.look();
        return { ...l, className: l.className + extra };
      },
    };
  };

  /** Draws the named highlights again with their current active/flash classes. */
  private redraw(...ids: (string | null)[]): void {
    if (this.host.editor.isDestroyed) return;
    const hs = [...new Set(ids)].flatMap((id) => {
      const h = id ? this.drawn.get(id) : undefined;
      return h ? [h] : [];
    });
    if (!hs.length) return;
    this.dispatch({
      type: 'update',
      put: hs.map(this.styled),
      remove: hs.map(({ id, from, to }) => ({ id, from, to })),
    });
  }

  private dispatch(meta: HighlightMeta): void {
    const view = this.host.editor.view;
    view.dispatch(withMeta(view.state.tr, meta));
  }
}

const withMeta = (tr: Transaction, meta: HighlightMeta): Transaction =>
  tr.setMeta(highlightKey, meta).setMeta('addToHistory', false);
