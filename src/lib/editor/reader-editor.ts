import { Editor, Extension } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { Fragment } from '@tiptap/pm/model';
import { appendInSteps, splitSections } from './progressive-load';
import { readerSchemaExtensions } from './schema';
import { ReadOnlyText } from './read-only';
import { EditRecorder, type EditedText, type RecorderLayout } from './edit-recorder';
import { docToBlocks } from './doc-blocks';
import { addEditPlugins, removeEditPlugins } from './edit-mode';
import type { Transaction } from '@tiptap/pm/state';
import type { Segment } from '../model/offset-map';
import { buildDoc } from './build-doc';
import { highlightPlugin } from './annotation-plugin';
import { HighlightLayer, type TextHighlight } from './highlight-layer';
import { OffsetMap } from '../model/offset-map';
import type { ParsedDocument } from '../model/types';
import { posAtTop, scrollToPos, selectAround, selectionRect, setSelection } from './view-ops';
import type { Rect } from './view-ops';

export type { TextHighlight, HighlightLook } from './highlight-layer';

export interface ReaderEditorOptions {
  onSelectionChange?: (range: { start: number; end: number } | null) => void;
  onHighlightClick?: (ids: string[]) => void;
  /** Keys pressed in the text; return true when handled. */
  onKey?: (event: KeyboardEvent) => boolean;
  /** Keys pressed in the text in edit mode (the reading shortcuts are off); true when handled. */
  onEditKey?: (event: KeyboardEvent) => boolean;
  /** In edit mode: the text changed (after each transaction that changed it). */
  onEdited?: () => void;
  /** In edit mode: a change was refused (it would remove or move a page or chapter marker). */
  onEditRefused?: (why: string) => void;
  /** Resolves once the document's batches are applied: highlights beyond the view are drawn
   * after a large batch is applied, not between its parts (those in view are drawn with each). */
  whenApplied?: () => Promise<void>;
}

/**
 * Owns the TipTap editor that shows one document. Speaks plain-text code points to the rest of
 * the app; editor positions never leave this class.
 */
export class ReaderEditor {
  readonly editor: Editor;
  private map: OffsetMap = new OffsetMap([]);
  /** Size of the document content built so far; highlights beyond it wait in `pending`. */
  private loadedSize = 0;
  private fullSize = 0;
  private generation = 0;
  private loaded: Promise<boolean> = Promise.resolve(true);
  /** The drawn highlights (only those in and near the view: see DrawQueue). */
  private layer: HighlightLayer;
  private segments: readonly Segment[] = [];
  /** Set while the reader edits the text. */
  private recorder: EditRecorder | null = null;

  constructor(
    private host: HTMLElement,
    private options: ReaderEditorOptions = {},
  ) {
    const element = host;
    const opts = this.options;
    const Annotations = Extension.create({
      name: 'annotations',
      addProseMirrorPlugins: () => [
        highlightPlugin({ onHighlightClick: (ids) => opts.onHighlightClick?.(ids) }),
      ],
    });
    this.editor = new Editor({
      element,
      extensions: [
        ...readerSchemaExtensions,
        ReadOnlyText.configure({
          editing: () => this.recorder !== null,
          refused: (why) => opts.onEditRefused?.(why),
        }),
        Annotations,
      ],
      editable: true,
      injectCSS: false,
      enableInputRules: false,
      enablePasteRules: false,
      editorProps: {
        handleKeyDown: (_view, event) =>
          (this.recorder ? opts.onEditKey?.(event) : opts.onKey?.(event)) ?? false,
      },
    });
    // In edit mode positions no longer match the loaded text: no selection is reported.
    this.editor.on('selectionUpdate', () =>
      opts.onSelectionChange?.(this.recorder ? null : this.selection()),
    );
    this.editor.on('transaction', ({ transaction }) => this.recorded(transaction));
    this.layer = new HighlightLayer({
      editor: this.editor,
      map: () => this.map,
      loadedSize: () => this.loadedSize,
      // Assistive technology (and tests) learn that highlights are still being drawn.
      busy: (on) =>
        on ? host.setAttribute('aria-busy', 'true') : host.removeAttribute('aria-busy'),
      ready: () => opts.whenApplied?.() ?? Promise.resolve(),
    });
  }

  private recorded(tr: Transaction): void {
    if (!this.recorder || !tr.docChanged) return;
    // Highlights not drawn yet (far from the view) move with the text as the drawn ones do.
    this.layer.mapThrough(tr.mapping);
    this.recorder.record(tr);
    this.options.onEdited?.();
  }

  /** True in edit mode. */
  get editing(): boolean {
    return this.recorder !== null;
  }

  /**
   * Turns the reader into an editor of the shown text (whose canonical plain text is `text`),
   * with undo and redo inside the edit. Highlights stay and move with the text. `layout` says
   * how the canonical text is made of the textblocks (a text file's, or a block document's).
   * Resolves false when the text was replaced before it finished loading.
   */
  async startEdit(text: string, layout: RecorderLayout = 'text'): Promise<boolean> {
    if (this.recorder) return true;
    if (!(await this.loaded) || this.editor.isDestroyed) return false;
    this.recorder = new EditRecorder(this.segments, text, layout);
    addEditPlugins(this.editor);
    this.editor.view.focus();
    return true;
  }

  /** The edit so far, or null outside edit mode. */
  edited(): EditedText | null {
    const r = this.recorder;
    if (!r) return null;
    return {
      replaces: r.replaces,
      text: r.text,
      error: r.error,
      blocks: () => docToBlocks(this.editor.state.doc),
    };
  }

  /** Leaves edit mode. The shown text stays as edited until the next `load`. */
  endEdit(): void {
    if (!this.recorder) return;
    this.recorder = null;
    removeEditPlugins(this.editor);
  }

  /** Shows a document: a fresh state holding its first screens at once (selectable), the rest
   * appended in steps, and draws `highlights` (as `setHighlights`; those of the first screens
   * with them when few enough, so they are laid out once). Resolves when the whole text is in
   * the editor. */
  load(parsed: ParsedDocument, highlights: readonly TextHighlight[] = []): Promise<boolean> {
    const generation = ++this.generation;
    this.layer.clear();
    const { doc, segments } = buildDoc(this.editor.schema, parsed);
    performance.mark('mg:open:built');
    this.endEdit();
    this.segments = segments;
    this.map = new OffsetMap(segments);
    const { first, rest } = splitSections(doc);
    const firstDoc = this.editor.schema.nodes.doc.create(null, first);
    this.loadedSize = firstDoc.content.size;
    this.fullSize = doc.content.size;
    const state = EditorState.create({ doc: firstDoc, plugins: this.editor.state.plugins });
    this.layer.firstDraw(state, highlights, (s) => this.editor.view.updateState(s));
    performance.mark('mg:open:state');
    this.loaded =
      rest.length === 0
        ? Promise.resolve(true)
        : appendInSteps(
            this.editor.view,
            rest,
            (nodes) => Fragment.fromArray(nodes),
            (size) => this.grew(size),
            () => generation !== this.generation,
          );
    return this.loaded;
  }

  /** True once the whole document is in the editor. */
  whenLoaded(): Promise<boolean> {
    return this.loaded;
  }

  get fullyLoaded(): boolean {
    return this.loadedSize >= this.fullSize;
  }

  private grew(size: number): void {
    this.loadedSize = size;
    this.layer.grew(size);
  }

  /** Resolves once the loaded highlights in and near the view are drawn (see DrawQueue). */
  whenDrawn(): Promise<void> {
    return this.layer.whenDrawn();
  }

  /** Draws every highlight not drawn yet, at once (a long task with thousands: printing). */
  drawAll(): void {
    this.layer.drawAll();
  }

  setHighlights(list: readonly TextHighlight[]): void {
    this.layer.set(list);
  }

  updateHighlights(put: readonly TextHighlight[], remove: readonly string[]): void {
    this.layer.update(put, remove);
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
  selectionRect(): Rect | null {
    return selectionRect(this.editor.view);
  }

  /** Selects the sentence (or the whole paragraph) around the caret. */
  selectAround(unit: 'sentence' | 'paragraph'): void {
    selectAround(this.editor.view, unit);
  }

  /** Scrolls the window so the offset is in view: centred, or at the top below `inset` pixels
   * of sticky chrome (restoring a reading place). */
  async scrollToOffset(
    offset: number,
    where: 'center' | 'start' = 'center',
    inset = 64,
  ): Promise<void> {
    const pos = this.map.toPos(offset, 'start');
    if (pos > this.loadedSize) await this.loaded;
    // Drawn first, synchronously: never shown bare, and a flash asked next finds its elements.
    this.layer.drawAround(pos);
    await scrollToPos(this.editor.view, pos, where, inset);
  }

  /** The plain-text offset shown just below `inset` pixels at the top of the viewport. */
  offsetAtTop(inset = 64): number | null {
    const pos = posAtTop(this.editor.view, inset);
    return pos === null ? null : this.map.toOffset(pos, 'start');
  }

  async select(start: number, end: number, focus = true): Promise<void> {
    if (this.map.toPos(end, 'end') > this.loadedSize) await this.loaded;
    const from = this.map.toPos(start, 'start');
    setSelection(this.editor.view, from, Math.max(from, this.map.toPos(end, 'end')));
    if (focus) this.editor.view.focus();
  }

  /** Plain-text offset of the caret (selection head). */
  caretOffset(): number {
    return this.map.toOffset(this.editor.state.selection.head, 'start');
  }

  /** Puts the caret at a plain-text offset without selecting. */
  async placeCaret(offset: number): Promise<void> {
    const pos = this.map.toPos(offset, 'start');
    if (pos > this.loadedSize) await this.loaded;
    setSelection(this.editor.view, pos);
  }

  collapseSelection(): void {
    setSelection(this.editor.view, this.editor.view.state.selection.to);
  }

  /** Briefly marks the elements drawn for an annotation (drawn first if it waits). */
  flash(id: string): void {
    this.layer.flash(id);
  }

  /** Outlines the elements of the selected annotation (drawn first if it waits). */
  setActive(id: string | null): void {
    this.layer.setActive(id);
  }

  elementsFor(id: string): Element[] {
    return [...this.editor.view.dom.querySelectorAll(`[data-annotation-id="${CSS.escape(id)}"]`)];
  }

  focus(): void {
    this.editor.view.focus();
  }

  destroy(): void {
    this.layer.destroy();
    this.editor.destroy();
  }
}
