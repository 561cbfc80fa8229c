import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { sentenceAround } from '../model/sentences';
import type { Span } from './waiting-highlights';
import { posAtY } from './pos-at-y';

/** Geometry and selection work on the reader's view, in editor positions (`ReaderEditor`
 * converts to and from code points). */

export interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Viewport rectangle of the view's selection, null when it is empty. */
export function selectionRect(view: EditorView): Rect | null {
  const { from, to, empty } = view.state.selection;
  if (empty) return null;
  const a = view.coordsAtPos(from);
  const b = view.coordsAtPos(to, -1);
  return {
    top: Math.min(a.top, b.top),
    bottom: Math.max(a.bottom, b.bottom),
    left: Math.min(a.left, b.left),
    right: Math.max(a.right, b.right),
  };
}

/** Selects the sentence (or the whole paragraph) around the caret. */
export function selectAround(view: EditorView, unit: 'sentence' | 'paragraph'): void {
  const { $from } = view.state.selection;
  if (!$from.parent.isTextblock) return;
  const blockStart = $from.start();
  let from = blockStart;
  let to = $from.end();
  if (unit === 'sentence') {
    // One position per character (a line break is a '\n' of the text: line-breaks.ts).
    const text = $from.parent.textBetween(0, $from.parent.content.size, undefined, '\n');
    const r = sentenceAround(text, $from.parentOffset);
    from = blockStart + r.start;
    to = blockStart + r.end;
  }
  view.dispatch(
    view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)).scrollIntoView(),
  );
}

/** Scrolls the window so `pos` is in view: centred, or at the top below `inset` pixels. */
export async function scrollToPos(
  view: EditorView,
  pos: number,
  where: 'center' | 'start',
  inset: number,
): Promise<void> {
  if (view.isDestroyed || pos > view.state.doc.content.size) return;
  const { node } = view.domAtPos(pos);
  const el = node instanceof Element ? node : node.parentElement;
  if (!el) return;
  // Sections above may still have placeholder heights (content-visibility: auto) that change
  // once laid out: correct the position over a few frames until it holds still.
  el.scrollIntoView({ block: where });
  for (let i = 0; i < 4; i++) {
    const coords = view.coordsAtPos(pos);
    const y = where === 'start' ? coords.top - inset : coords.top - window.innerHeight / 2;
    if (Math.abs(y) < 2) break;
    window.scrollBy(0, y);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
  }
}

/** The editor position at the start of the line shown just below `inset` pixels at the top of
 * the viewport. */
export function posAtTop(view: EditorView, inset: number): number | null {
  const rect = view.dom.getBoundingClientRect();
  return posAtY(view, Math.max(rect.top, inset) + 12);
}

/** Selects `from`–`to` (a caret at `from` when `to` is left out). */
export function setSelection(view: EditorView, from: number, to = from): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)));
}

/** Editor positions of the part of the text on screen; null when the editor is not laid out
 * (then DrawQueue does not know the view's reach). An editor scrolled out of the window counts as
 * showing its start (below the window) or its end (above it). Sections off screen may be
 * skipped by `content-visibility: auto`, but the two points asked are on screen, where the
 * browser lays sections out. */
export function visibleRange(view: EditorView): Span | null {
  if (view.isDestroyed || typeof window === 'undefined') return null;
  try {
    const rect = view.dom.getBoundingClientRect();
    const h = window.innerHeight;
    if (!rect.height) return null;
    if (rect.top > h) return { from: 0, to: 0 };
    const end = view.state.doc.content.size;
    if (rect.bottom < 0) return { from: end, to: end };
    const top = posAtY(view, Math.max(rect.top, 0) + 1);
    const bottom = posAtY(view, Math.min(rect.bottom, h) - 1);
    return { from: Math.min(top, bottom), to: Math.max(top, bottom) };
  } catch {
    return null;
  }
}
