import type { Annotation } from '../model/types';
import type { AnnotationChange } from '../storage/library-store';
import type {
  HighlightLook,
  ReaderEditor,
  ReaderEditorOptions,
  TextHighlight,
} from '../editor/reader-editor';
import { HighlightLooks } from './highlight-looks';
import { PaintWatch } from './paint-watch.svelte';
import { mountEditor } from './editor-mount';
import { sourceKind } from '../model/blocks';
import type { OpenDocument } from './document.svelte';
import type { ReaderState } from './reader.svelte';
import type { Notices } from './notices.svelte';

export type Range = { start: number; end: number };
export type Rect = { top: number; bottom: number; left: number; right: number };

/**
 * The only code that drives the `ReaderEditor`: it shows the open document, keeps the drawn
 * highlights in step with every applied batch (incrementally), and does what the reader asks of
 * the text (select, jump, scroll). Components call its methods; they never hold the editor.
 */
export class EditorSync {
  #editor = $state.raw<ReaderEditor | null>(null);
  /** The editor's current selection, in code points. */
  #selection = $state.raw<Range | null>(null);
  /** Drawn instead of the annotations while set (the class view's heat-map). */
  #overlay: TextHighlight[] | null = null;
  /** Edit mode (issue 16): true while the reader edits the text; `#edits` counts its changes. */
  #editing = $state(false);
  #edits = $state(0);
  #looks: HighlightLooks;
  #paint = new PaintWatch();

  /** `decorate` adds to a highlight's look beyond tags and note (the class view adds reader
   * badges). */
  constructor(
    private doc: OpenDocument,
    private session: ReaderState,
    private notices: Notices,
    decorate: (a: Annotation, look: HighlightLook) => HighlightLook = (_a, look) => look,
  ) {
    this.#looks = new HighlightLooks(doc, session, decorate);
  }

  /** True once the first document's text and highlights in view are painted: the sidebar lays
   * out its list (with 10,000 annotations, a pass over all) only then. */
  get firstShown(): boolean {
    return this.#paint.firstShown;
  }

  /** True while an editor is attached. */
  get attached(): boolean {
    return this.#editor !== null;
  }
  get selection(): Range | null {
    return this.#selection;
  }
  get editing(): boolean {
    return this.#editing;
  }
  /** Transactions that changed the text in the current edit. */
  get edits(): number {
    return this.#edits;
  }

  /** Turns the reader into an editor of the open text. False when no text is shown. */
  async startEdit(): Promise<boolean> {
    const editor = this.#editor;
    const text = this.doc.parsed?.plainText;
    const format = this.doc.meta?.format;
    // A block document's text is laid out from its blocks (blank ones add nothing).
    const layout = format && sourceKind(format) === 'blocks' ? 'blocks' : 'text';
    if (!editor || text === undefined || !(await editor.startEdit(text, layout))) return false;
    this.#selection = null;
    this.#edits = 0;
    this.#editing = true;
    return true;
  }

  /** The edit so far (see ReaderEditor.edited). */
  edited(): ReturnType<ReaderEditor['edited']> {
    return this.#editor?.edited() ?? null;
  }

  /** Leaves edit mode; with `discard`, shows the open document's text again as it is stored. */
  endEdit(discard: boolean): void {
    this.#editor?.endEdit();
    this.#editing = false;
    this.#edits = 0;
    if (discard) this.render();
  }

  /** Creates the editor in `host` (its code loads on first use) and attaches it. Returns the
   * function that detaches and destroys it (safe before the editor has loaded). */
  mount(host: HTMLElement, options: ReaderEditorOptions = {}): () => void {
    return mountEditor(host, options, {
      mounted: (on) => (this.#paint.mounted = on),
      attach: (editor) => this.attach(editor),
      detach: (editor) => this.detach(editor),
      options: {
        onEdited: () => this.#edits++,
        // Drawing beyond the view waits for the batches, not for an import's write (drawn
        // while the import worker writes it; a failed write's rollback redraws).
        whenApplied: () => this.doc.whenInState(),
        // Shown once while it stands (a held key would repeat it).
        onEditRefused: (why) =>
          void (this.notices.alerts.some((a) => a.message === why) || this.notices.error(why)),
        onSelectionChange: (range) => (this.#selection = range),
      },
    });
  }

  /** Starts driving `editor` and draws the open document in it. Throws if one is attached. */
  attach(editor: ReaderEditor): void {
    if (this.#editor) throw new Error('EditorSync.attach: an editor is already attached');
    this.#editor = editor;
    if (this.doc.parsed) this.render();
  }

  /** Stops driving `editor`. Throws if `editor` is not the one attached. */
  detach(editor: ReaderEditor): void {
    if (this.#editor !== editor) throw new Error('EditorSync.detach: that editor is not attached');
    this.#editor = null;
    this.#selection = null;
  }

  /** A document was opened: drop any overlay, show its text, draw its highlights. */
  opened(): void {
    this.#paint.expect();
    this.#editing = false;
    this.#overlay = null;
    this.#selection = null;
    this.render();
  }

  /** Draws a batch just applied to the document: only the highlights it touches, unless a
   * tag drawn before changed its name or colour (then all are drawn again). Tags only added
   * (an import) restyle nothing already drawn. */
  applied(change: AnnotationChange): void {
    // In edit mode highlights are mapped through the edit; the text is drawn afresh after it.
    if (this.#editing) return;
    if (this.#overlay || (change.tagSet && this.#looks.restyled(change.tagSet.tags))) this.redraw();
    else this.#editor?.updateHighlights(this.#looks.of(change.put ?? []), change.delete ?? []);
  }

  /** Loads the document into the editor and draws every visible annotation. */
  render(): void {
    const editor = this.#editor;
    const parsed = this.doc.parsed;
    if (!editor || !parsed) return;
    const complete = editor.load(parsed, this.#overlay ?? this.#looks.all());
    performance.mark('mg:open:rendered');
    performance.mark('mg:open:highlighted');
    void complete.then((ok) => ok && performance.mark('mg:open:complete'));
    this.#paint.rendered();
  }

  /** Resolves once the opened document's text is painted (PaintWatch); at once after a frame
   * when no reader is mounted and `shown()` says none will be. */
  whenPainted(shown: () => boolean): Promise<void> {
    return this.#paint.whenPainted(shown);
  }

  /** Draws every visible annotation again (tag colours, layers or the overlay changed). */
  redraw(): void {
    if (this.#editing) return;
    this.#editor?.setHighlights(this.#overlay ?? this.#looks.all());
  }

  setOverlay(list: TextHighlight[] | null): void {
    this.#overlay = list;
    this.redraw();
  }

  /** The range to annotate: the editor's live selection, else the last one it reported. */
  currentSelection(): Range | null {
    return this.#editor?.selection() ?? this.#selection;
  }

  /** Collapses the selection, only if it is still `range` (a reader quick enough to select the
   * next passage while the last one was being saved keeps their new selection). */
  collapseSelection(range?: Range): void {
    const editor = this.#editor;
    if (!editor) return;
    const current = editor.selection();
    if (range && !(current && current.start === range.start && current.end === range.end)) return;
    editor.collapseSelection();
  }

  /** Selects a range of code points (focusing the text unless `focus` is false). */
  async select(start: number, end: number, focus = true): Promise<void> {
    await this.#editor?.select(start, end, focus);
  }

  /** Resolves once the whole text is in the editor (false: none attached, or superseded). */
  whenLoaded(): Promise<boolean> {
    return this.#editor?.whenLoaded() ?? Promise.resolve(false);
  }

  /** Resolves once the highlights in and near the view are drawn (ReaderEditor.whenDrawn). */
  whenDrawn(): Promise<void> {
    return this.#editor?.whenDrawn() ?? Promise.resolve();
  }
  /** Draws every highlight of the loaded text now (printing draws them all by itself). */
  drawAll = (): void => this.#editor?.drawAll();

  selectionRect(): Rect | null {
    return this.#editor?.selectionRect() ?? null;
  }
  selectAround(unit: 'sentence' | 'paragraph'): void {
    this.#editor?.selectAround(unit);
  }

  /** Outlines the highlight of the active card. */
  showActive(id: string | null): void {
    this.#editor?.setActive(id);
  }

  offsetAtTop(inset = 64): number | null {
    return this.#editor?.offsetAtTop(inset) ?? null;
  }

  async scrollToOffset(offset: number, where: 'center' | 'start' = 'center'): Promise<void> {
    await this.#editor?.scrollToOffset(offset, where);
  }

  /** Scrolls to an annotation's highlight and flashes it. */
  scrollTo(id: string): void {
    const an = this.doc.anchors.get(id);
    if (!an || an.status === 'orphan' || !this.#editor) return;
    void this.#editor.scrollToOffset(an.start);
    this.#editor.flash(id);
  }

  /** The next (dir 1) or previous (-1) shown annotation after the caret, optionally only those
   * carrying a tag; wraps around. Makes it active, scrolls to it and announces it. */
  jump(dir: 1 | -1, tagId?: string): string | null {
    const editor = this.#editor;
    const pick = editor && this.#looks.next(editor.caretOffset(), dir, tagId);
    if (!editor || !pick) return null;
    this.session.activate(pick.a.id);
    void editor.placeCaret(pick.start);
    this.scrollTo(pick.a.id);
    this.notices.announce(this.#looks.spoken(pick.a));
    return pick.a.id;
  }
}
