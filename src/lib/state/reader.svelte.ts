import type {
  Anchor,
  Annotation,
  DocumentMeta,
  Env,
  PacketInfo,
  PaletteColor,
  ParsedDocument,
  Tag,
  TagSet,
} from '../model/types';
import { TextIndex } from '../model/text-index';
import { anchor, anchorAll } from '../model/anchor';
import { describeRange } from '../model/selectors';
import { parseDocument } from '../model/parse';
import {
  createAnnotation,
  editAnnotation,
  highlightClass,
  highlightDescription,
  highlightTitle,
} from '../model/annotation';
import type { LibraryStore } from '../storage/library-store';
import type { ReaderEditor, TextHighlight } from '../editor/reader-editor';
import type { Notices } from './notices.svelte';
import { Layers, type LayerMode } from './layers.svelte';
import type { History } from './history.svelte';
import { describeStorageError } from '../storage/errors';

export interface Change {
  put?: Annotation[];
  delete?: string[];
  tagSet?: TagSet;
  /** The document's packet record: set, or removed (null). */
  packet?: PacketInfo | null;
}
export type { LayerMode } from './layers.svelte';

/**
 * The open document: its text, tag set, annotations and where each one is anchored. Every
 * change goes through `commit`, which resolves only after IndexedDB has committed it; the view
 * (state and decorations) is updated from what was committed, never before.
 */
export class ReaderState {
  meta = $state.raw<DocumentMeta | null>(null);
  annotations = $state.raw<Annotation[]>([]);
  /** Where each annotation is placed. Not reactive on its own: it only changes together with
   * `annotations` (which is), so it is updated in place instead of copied on every action. */
  anchors = new Map<string, Anchor>();
  tags = $state.raw<Tag[]>([]);
  selection = $state.raw<{ start: number; end: number } | null>(null);
  /** The annotation whose card is selected. */
  activeId = $state<string | null>(null);
  /** The annotation whose note editor is open. */
  editingId = $state<string | null>(null);
  /** Whose annotations are shown. */
  readonly layers = new Layers(() => this.creator);
  /** Number of writes in flight (shown as "Saving…"). */
  saving = $state(0);
  creator = $state('Me');

  tagsById = $derived(new Map(this.tags.map((t) => [t.id, t])));
  private lastCreators: string[] = [];
  /** Distinct creators, sorted. The same array while its contents stay the same, so that what
   * depends on it (layers, labels) is not redone on every edit of a large document. */
  creators = $derived.by(
    () =>
      (this.lastCreators = sameOrNew(
        this.lastCreators,
        [...new Set(this.annotations.map((a) => a.creator))].sort(),
      )),
  );
  /** Placed annotations in text order. */
  placed = $derived.by(() => {
    const out: { a: Annotation; start: number; end: number }[] = [];
    for (const a of this.annotations) {
      const an = this.anchors.get(a.id);
      if (an && an.status !== 'orphan') out.push({ a, start: an.start, end: an.end });
    }
    return out.sort((x, y) => x.start - y.start || x.end - y.end);
  });
  orphans = $derived(this.annotations.filter((a) => this.anchors.get(a.id)?.status === 'orphan'));

  /** Called after the reader's own committed changes, with the number of annotations touched. */
  onChanged: (count: number) => void = () => {};
  parsed: ParsedDocument | null = null;
  index: TextIndex | null = null;
  private editor: ReaderEditor | null = null;

  constructor(
    private store: LibraryStore,
    private notices: Notices,
    private history: History,
    private env: Env,
  ) {}

  attach(editor: ReaderEditor): void {
    this.editor = editor;
    if (this.parsed) this.render();
  }

  detach(): void {
    this.editor = null;
  }

  /** Opens a stored document: parses its text, anchors its annotations, draws them. */
  async open(id: string): Promise<boolean> {
    const [meta, text, tagSet, annotations] = await Promise.all([
      this.store.getDocument(id),
      this.store.getText(id),
      this.store.getTagSet(id),
      this.store.listAnnotations(id),
    ]);
    if (!meta || !text) return false;
    // Writes keep the count by delta; a count damaged some other way is repaired here, where all
    // the document's annotations have just been read anyway.
    if (meta.annotationCount !== annotations.length)
      void this.store.repairCount(id).catch(() => undefined);
    performance.mark('mg:open:read');
    this.parsed = await parseDocument(text.source, meta.format);
    performance.mark('mg:open:parsed');
    this.index = new TextIndex(this.parsed.plainText);
    const anchors = anchorAll(
      this.index,
      annotations.map((a) => a.target),
    );
    performance.mark('mg:open:anchored');
    this.meta = meta;
    this.tags = tagSet?.tags ?? [];
    this.annotations = annotations;
    this.anchors = new Map(annotations.map((a, i) => [a.id, anchors[i]]));
    this.selection = null;
    this.activeId = null;
    this.editingId = null;
    this.history.clear();
    this.overlay = null;
    // Layers belong to one document's readers: a new document starts with everyone shown.
    this.layers.reset();
    this.render();
    return true;
  }

  close(): void {
    this.meta = null;
    this.parsed = null;
    this.index = null;
    this.annotations = [];
    this.anchors = new Map();
    this.tags = [];
    this.history.clear();
  }

  /** Creates an annotation on the current selection. Returns its id, or null if nothing is selected. */
  async annotateSelection(
    opts: { tags?: string[]; note?: string; color?: PaletteColor; openNote?: boolean } = {},
  ): Promise<string | null> {
    const sel = this.editor?.selection() ?? this.selection;
    if (!sel || !this.index || !this.meta) return null;
    const target = describeRange(this.index, sel.start, sel.end);
    if (!target.quote.exact.trim()) return null;
    const a = createAnnotation(this.env, {
      docId: this.meta.id,
      target,
      tags: opts.tags,
      note: opts.note,
      color: opts.color,
      creator: this.creator,
    });
    const ok = await this.commit({ put: [a] });
    if (!ok) return null;
    // A new annotation is always seen: if the layers hid it, show everyone again.
    if (!this.shown(a)) this.setLayerMode('everyone');
    this.history.push({
      label: 'create annotation',
      undo: () => this.commitOrThrow({ delete: [a.id] }),
      redo: () => this.commitOrThrow({ put: [a] }),
    });
    // Only the selection that was annotated is cleared: a reader quick enough to select the next
    // passage while this one was being saved keeps their new selection.
    const current = this.editor?.selection();
    if (current && current.start === sel.start && current.end === sel.end)
      this.editor?.collapseSelection();
    this.activeId = a.id;
    if (opts.openNote) this.editingId = a.id;
    const names = a.tags.map((t) => this.tagsById.get(t)?.name).filter(Boolean);
    this.notices.announce(
      `Annotation created${names.length ? `, tagged ${names.join(', ')}` : ''}.`,
    );
    return a.id;
  }

  /** A teacher's prompt on a student's copy of a packet: the student answers it, never edits or
   * deletes it (the next revision of the packet would overwrite any change anyway). */
  locked(a: Annotation): boolean {
    return !!a.prompt && this.meta?.packet?.role === 'student';
  }

  async update(
    id: string,
    change: Partial<Pick<Annotation, 'tags' | 'note' | 'color'>>,
    label = 'edit annotation',
  ): Promise<boolean> {
    const before = this.annotations.find((a) => a.id === id);
    if (!before) return false;
    if (this.locked(before)) {
      this.notices.error(
        'This is your teacher’s question: answer it under “Questions” instead of editing it.',
      );
      return false;
    }
    const after = editAnnotation(this.env, before, change);
    const ok = await this.commit({ put: [after] });
    if (ok) {
      this.history.push({
        label,
        undo: () => this.commitOrThrow({ put: [before] }),
        redo: () => this.commitOrThrow({ put: [after] }),
      });
    }
    return ok;
  }

  async toggleTag(id: string, tagId: string): Promise<boolean> {
    const a = this.annotations.find((x) => x.id === id);
    if (!a) return false;
    const tags = a.tags.includes(tagId) ? a.tags.filter((t) => t !== tagId) : [...a.tags, tagId];
    return this.update(id, { tags }, 'retag annotation');
  }

  async remove(ids: string[]): Promise<boolean> {
    const removed = this.annotations.filter((a) => ids.includes(a.id) && !this.locked(a));
    if (!removed.length) return false;
    const ok = await this.commit({ delete: removed.map((a) => a.id) });
    if (ok) {
      this.history.push({
        label: removed.length > 1 ? `delete ${removed.length} annotations` : 'delete annotation',
        undo: () => this.commitOrThrow({ put: removed }),
        redo: () => this.commitOrThrow({ delete: removed.map((a) => a.id) }),
      });
      if (this.activeId && ids.includes(this.activeId)) this.activeId = null;
      this.notices.announce(
        removed.length > 1 ? `${removed.length} annotations deleted.` : 'Annotation deleted.',
      );
    }
    return ok;
  }

  /** Writes a change in one transaction, then updates state and decorations. On failure the
   * reader sees why, with a retry; state is untouched. */
  async commit(change: Change): Promise<boolean> {
    try {
      await this.commitOrThrow(change);
      return true;
    } catch (err) {
      this.notices.error(describeStorageError(err), {
        action: { label: 'Retry', run: () => void this.commit(change) },
      });
      return false;
    }
  }

  async commitOrThrow(change: Change): Promise<void> {
    const meta = this.meta;
    if (!meta) throw new Error('commit without an open document');
    this.saving++;
    try {
      await this.store.applyChanges(meta.id, change);
    } finally {
      this.saving--;
    }
    this.onChanged((change.put?.length ?? 0) + (change.delete?.length ?? 0));
    if (this.meta?.id !== meta.id) return;
    this.applyLocal(change);
  }

  /** Applies a committed change (ours, or another tab's) to state and decorations. */
  applyLocal(change: Change): void {
    const removed = new Set([...(change.delete ?? []), ...(change.put ?? []).map((a) => a.id)]);
    const list = this.annotations.filter((a) => !removed.has(a.id)).concat(change.put ?? []);
    const anchors = this.anchors;
    for (const id of change.delete ?? []) anchors.delete(id);
    if (this.index)
      for (const a of change.put ?? []) anchors.set(a.id, anchor(this.index, a.target));
    if (change.tagSet) this.tags = change.tagSet.tags;
    this.annotations = list;
    this.anchors = anchors;
    if (this.meta) {
      const next: DocumentMeta = { ...this.meta, annotationCount: list.length };
      if (change.packet === null) delete next.packet;
      else if (change.packet) next.packet = change.packet;
      this.meta = next;
    }
    if (change.tagSet || this.overlay) this.redraw();
    else this.editor?.updateHighlights(this.highlightsFor(change.put ?? []), change.delete ?? []);
  }

  /** Re-reads annotations from storage (another tab changed them). */
  async reload(): Promise<void> {
    if (this.meta) {
      const id = this.meta.id;
      const [annotations, tagSet] = await Promise.all([
        this.store.listAnnotations(id),
        this.store.getTagSet(id),
      ]);
      if (this.meta?.id !== id || !this.index) return;
      const anchors = anchorAll(
        this.index,
        annotations.map((a) => a.target),
      );
      this.tags = tagSet?.tags ?? this.tags;
      this.annotations = annotations;
      this.anchors = new Map(annotations.map((a, i) => [a.id, anchors[i]]));
      this.meta = { ...this.meta, annotationCount: annotations.length };
      this.redraw();
    }
  }

  /** Whether an annotation is drawn and listed under the current layers. */
  shown(a: Annotation): boolean {
    return this.layers.shown(a);
  }

  setLayerMode(mode: LayerMode): void {
    this.layers.setMode(mode);
    this.redraw();
  }

  /**
   * Answers a prompt: a new annotation on the prompt's passage whose W3C target is the prompt
   * (`replyTo`), by this reader, with the answer as its note.
   */
  async reply(promptId: string, note: string): Promise<string | null> {
    const prompt = this.annotations.find((a) => a.id === promptId);
    if (!prompt || !this.meta || !note.trim()) return null;
    const a: Annotation = {
      ...createAnnotation(this.env, {
        docId: this.meta.id,
        target: prompt.target,
        note: note.trim(),
        creator: this.creator,
      }),
      replyTo: prompt.id,
    };
    if (!(await this.commit({ put: [a] }))) return null;
    this.history.push({
      label: 'reply',
      undo: () => this.commitOrThrow({ delete: [a.id] }),
      redo: () => this.commitOrThrow({ put: [a] }),
    });
    this.notices.announce('Reply saved.');
    return a.id;
  }

  setLayerVisible(creator: string, visible: boolean): void {
    this.layers.setVisible(creator, visible, this.creators, this.annotations);
    this.redraw();
  }

  /** Draws every visible annotation (document opened, tag colours or layers changed). */
  render(): void {
    if (!this.editor || !this.parsed) return;
    const complete = this.editor.load(this.parsed);
    performance.mark('mg:open:rendered');
    this.editor.setHighlights(this.overlay ?? this.highlightsFor(this.annotations));
    performance.mark('mg:open:highlighted');
    void complete.then((ok) => ok && performance.mark('mg:open:complete'));
  }

  redraw(): void {
    this.editor?.setHighlights(this.overlay ?? this.highlightsFor(this.annotations));
  }

  /** Drawn instead of the annotations while set (the class view's heat-map). */
  private overlay: TextHighlight[] | null = null;

  setOverlay(list: TextHighlight[] | null): void {
    this.overlay = list;
    this.redraw();
  }

  /** How highlights are decorated beyond tags and note (the class view adds reader badges). */
  decorate: ((a: Annotation, h: TextHighlight) => TextHighlight) | null = null;

  private highlightsFor(list: readonly Annotation[]): TextHighlight[] {
    const out: TextHighlight[] = [];
    // Someone else's highlight also says whose it is.
    for (const a of list) {
      if (!this.shown(a)) continue;
      const an = this.anchors.get(a.id);
      if (!an || an.status === 'orphan') continue;
      const h: TextHighlight = {
        id: a.id,
        start: an.start,
        end: an.end,
        className: highlightClass(a, this.tagsById),
        title: highlightTitle(a, this.tagsById),
        description: highlightDescription(
          a,
          this.tagsById,
          a.creator === this.creator ? undefined : a.creator,
        ),
      };
      out.push(this.decorate ? this.decorate(a, h) : h);
    }
    return out;
  }

  /** The next (dir 1) or previous (-1) placed annotation after the caret, optionally only
   * those carrying a tag; wraps around. Makes it active and scrolls to it. */
  jump(dir: 1 | -1, tagId?: string): string | null {
    const list = this.placed.filter((p) => this.shown(p.a) && (!tagId || p.a.tags.includes(tagId)));
    if (!list.length || !this.editor) return null;
    const here = this.editor.caretOffset();
    const pick =
      dir === 1
        ? (list.find((p) => p.start > here) ?? list[0])
        : ([...list].reverse().find((p) => p.start < here) ?? list[list.length - 1]);
    this.activeId = pick.a.id;
    void this.editor.placeCaret(pick.start);
    this.scrollTo(pick.a.id);
    const names = pick.a.tags
      .map((t) => this.tagsById.get(t)?.name)
      .filter(Boolean)
      .join(', ');
    this.notices.announce(
      `${names || 'Highlight'}: ${pick.a.target.quote.exact.slice(0, 80)}${pick.a.note ? `. Note: ${pick.a.note.slice(0, 80)}` : ''}`,
    );
    return pick.a.id;
  }

  scrollTo(id: string): void {
    const an = this.anchors.get(id);
    if (!an || an.status === 'orphan' || !this.editor) return;
    this.editor.scrollToOffset(an.start);
    this.editor.flash(id);
  }

  get editorView(): ReaderEditor | null {
    return this.editor;
  }
}

/** `prev` when `next` holds the same items in the same order, else `next`. */
export function sameOrNew<T>(prev: T[], next: T[]): T[] {
  return prev.length === next.length && prev.every((x, i) => x === next[i]) ? prev : next;
}
