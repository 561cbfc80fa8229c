import { Editor, Extension } from '@tiptap/core';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { readerSchemaExtensions } from './schema';
import { ReadOnlyText } from './read-only';
import { buildDoc } from './build-doc';
import { highlightKey, highlightPlugin, type HighlightMeta } from './annotation-plugin';
import type { Highlight } from './annotation-decorations';
import { OffsetMap } from '../model/offset-map';
import type { ParsedDocument } from '../model/types';

/** A highlight in plain-text code points; the editor converts to its own positions. */
export interface TextHighlight {
  id: string;
  start: number;
  end: number;
  className: string;
  title: string;
}

export interface ReaderEditorOptions {
  onSelectionChange?: (range: { start: number; end: number } | null) => void;
  onHighlightClick?: (ids: string[]) => void;
  /** Keys pressed in the text; return true when handled. */
  onKey?: (event: KeyboardEvent) => boolean;
}

/// Owns the TipTap editor that shows one document. Speaks plain-text code points to the rest of
/// the app; editor positions never leave this class.
export class ReaderEditor {
  readonly editor: Editor;
  private map: OffsetMap = new OffsetMap([]);

  constructor(element: HTMLElement, private options: ReaderEditorOptions = {}) {
    const opts = this.options;
    const Annotations = Extension.create({
      name: 'annotations',
      addProseMirrorPlugins: () => [highlightPlugin({ onHighlightClick: (ids) => opts.onHighlightClick?.(ids) })],
    });
    this.editor = new Editor({
      element,
      extensions: [...readerSchemaExtensions, ReadOnlyText, Annotations],
      editable: true,
      injectCSS: false,
      enableInputRules: false,
      enablePasteRules: false,
      editorProps: {
        handleKeyDown: (_view, event) => opts.onKey?.(event) ?? false,
      },
    });
    this.editor.on('selectionUpdate', () => opts.onSelectionChange?.(this.selection()));
  }

  /** Shows a document. A fresh state: nothing is mapped across documents. */
  load(parsed: ParsedDocument): void {
    const { doc, segments } = buildDoc(this.editor.schema, parsed);
    this.map = new OffsetMap(segments);
    const state = EditorState.create({ doc, plugins: this.editor.state.plugins });
    this.editor.view.updateState(state);
  }

  setHighlights(list: readonly TextHighlight[]): void {
    this.dispatchMeta({ type: 'reset', highlights: list.map((h) => this.toEditor(h)) });
  }

  updateHighlights(put: readonly TextHighlight[], remove: readonly string[]): void {
    this.dispatchMeta({ type: 'update', put: put.map((h) => this.toEditor(h)), remove });
  }

  /** The selected plain-text range, or null when nothing (or only whitespace) is selected. */
  selection(): { start: number; end: number } | null {
    const { from, to, empty } = this.editor.state.selection;
    if (empty) return null;
    const start = this.map.toOffset(from, 'start');
    const end = this.map.toOffset(to, 'end');
    return end > start ? { start, end } : null;
  }

  /** Viewport rectangle of the current selection (for placing the toolbar). */
  selectionRect(): { top: number; bottom: number; left: number; right: number } | null {
    const { from, to, empty } = this.editor.state.selection;
    if (empty) return null;
    const view = this.editor.view;
    const a = view.coordsAtPos(from);
    const b = view.coordsAtPos(to, -1);
    return { top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom), left: Math.min(a.left, b.left), right: Math.max(a.right, b.right) };
  }

  select(start: number, end: number, focus = true): void {
    const view = this.editor.view;
    const from = this.map.toPos(start, 'start');
    const to = this.map.toPos(end, 'end');
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, Math.max(from, to))));
    if (focus) view.focus();
  }

  collapseSelection(): void {
    const view = this.editor.view;
    const { to } = view.state.selection;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, to)));
  }

  /** Scrolls the window so the offset is in view: centred, or at the top below `inset` pixels
   * of sticky chrome (restoring a reading place). */
  scrollToOffset(offset: number, where: 'center' | 'start' = 'center', inset = 64): void {
    const view = this.editor.view;
    const pos = this.map.toPos(offset, 'start');
    const { node } = view.domAtPos(pos);
    const el = node instanceof Element ? node : node.parentElement;
    if (!el) return;
    // Off-screen sections may not be laid out yet (content-visibility): bring the block in first.
    el.scrollIntoView({ block: where });
    const coords = view.coordsAtPos(pos);
    const y = where === 'start' ? coords.top - inset : coords.top - window.innerHeight / 2;
    window.scrollBy(0, y);
  }

  /** The plain-text offset shown just below `inset` pixels at the top of the viewport. */
  offsetAtTop(inset = 64): number | null {
    const rect = this.editor.view.dom.getBoundingClientRect();
    const hit = this.editor.view.posAtCoords({ left: rect.left + 24, top: Math.max(rect.top, inset) + 12 });
    return hit ? this.map.toOffset(hit.pos, 'start') : null;
  }

  /** Briefly marks the elements drawn for an annotation. */
  flash(id: string): void {
    const els = this.elementsFor(id);
    for (const el of els) {
      el.classList.remove('mg-flash');
      void (el as HTMLElement).offsetWidth;
      el.classList.add('mg-flash');
    }
    setTimeout(() => els.forEach((el) => el.classList.remove('mg-flash')), 1200);
  }

  elementsFor(id: string): Element[] {
    return [...this.editor.view.dom.querySelectorAll(`[data-annotation-id="${CSS.escape(id)}"]`)];
  }

  focus(): void {
    this.editor.view.focus();
  }

  destroy(): void {
    this.editor.destroy();
  }

  private toEditor(h: TextHighlight): Highlight {
    return { id: h.id, from: this.map.toPos(h.start, 'start'), to: this.map.toPos(h.end, 'end'), className: h.className, title: h.title };
  }

  private dispatchMeta(meta: HighlightMeta): void {
    const view = this.editor.view;
    view.dispatch(view.state.tr.setMeta(highlightKey, meta).setMeta('addToHistory', false));
  }
}
