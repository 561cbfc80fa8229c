import type { Annotation, Env, PaletteColor } from '../model/types';
import { describeRange } from '../model/selectors';
import { createAnnotation, editAnnotation } from '../model/annotation';
import type { AnnotationChange } from '../storage/library-store';
import type { OpenDocument } from './document.svelte';
import type { EditorSync } from './editor-sync.svelte';
import type { ReaderState } from './reader.svelte';
import type { Notices } from './notices.svelte';
import { History } from './history.svelte';
import { describeStorageError } from './errors';

/**
 * What the reader does to annotations (and, through `perform`, to tags), and the undo history of
 * it: the one owner of undo. Every action is one change batch committed through
 * `OpenDocument.commit`; undo and redo commit the recorded inverse batches the same way.
 */
export class AnnotationCommands {
  readonly history: History;

  constructor(
    private doc: OpenDocument,
    private session: ReaderState,
    private editor: EditorSync,
    private notices: Notices,
    private env: Env,
  ) {
    this.history = new History((change) => this.doc.commit(change));
  }

  /** Commits a batch. On failure the reader sees why, with a retry; state is untouched. */
  async commit(change: AnnotationChange): Promise<boolean> {
    try {
      await this.doc.commit(change);
      return true;
    } catch (err) {
      this.notices.error(describeStorageError(err), {
        action: { label: 'Retry', run: () => void this.commit(change) },
      });
      return false;
    }
  }

  /** Commits `redo` and, once committed, records it as undoable by `undo`. */
  async perform(label: string, redo: AnnotationChange, undo: AnnotationChange): Promise<boolean> {
    const ok = await this.commit(redo);
    if (ok) this.history.push({ label, undo, redo });
    return ok;
  }

  /** Creates an annotation on the current selection. Returns its id, or null if nothing is selected. */
  async annotateSelection(
    opts: { tags?: string[]; note?: string; color?: PaletteColor; openNote?: boolean } = {},
  ): Promise<string | null> {
    const sel = this.editor.currentSelection();
    const { index, meta } = this.doc;
    if (!sel || !index || !meta) return null;
    const target = describeRange(index, sel.start, sel.end);
    if (!target.quote.exact.trim()) return null;
    const a = createAnnotation(this.env, {
      docId: meta.id,
      target,
      tags: opts.tags,
      note: opts.note,
      color: opts.color,
      creator: this.session.creator,
    });
    if (!(await this.perform('create annotation', { put: [a] }, { delete: [a.id] }))) return null;
    // A new annotation is always seen: if the layers hid it, show everyone again.
    if (!this.session.shown(a)) this.session.setLayerMode('everyone');
    this.editor.collapseSelection(sel);
    this.session.activate(a.id);
    if (opts.openNote) this.session.editNote(a.id);
    const names = a.tags.map((t) => this.doc.tagsById.get(t)?.name).filter(Boolean);
    this.notices.announce(
      `Annotation created${names.length ? `, tagged ${names.join(', ')}` : ''}.`,
    );
    return a.id;
  }

  async update(
    id: string,
    change: Partial<Pick<Annotation, 'tags' | 'note' | 'color'>>,
    label = 'edit annotation',
  ): Promise<boolean> {
    const before = this.doc.annotations.find((a) => a.id === id);
    if (!before) return false;
    if (this.doc.locked(before)) {
      this.notices.error(
        'This is your teacher’s question: answer it under “Questions” instead of editing it.',
      );
      return false;
    }
    const after = editAnnotation(this.env, before, change);
    return this.perform(label, { put: [after] }, { put: [before] });
  }

  async toggleTag(id: string, tagId: string): Promise<boolean> {
    const a = this.doc.annotations.find((x) => x.id === id);
    if (!a) return false;
    const tags = a.tags.includes(tagId) ? a.tags.filter((t) => t !== tagId) : [...a.tags, tagId];
    return this.update(id, { tags }, 'retag annotation');
  }

  async remove(ids: string[]): Promise<boolean> {
    const removed = this.doc.annotations.filter((a) => ids.includes(a.id) && !this.doc.locked(a));
    if (!removed.length) return false;
    const n = removed.length;
    const del = removed.map((a) => a.id);
    const ok = await this.perform(
      n > 1 ? `delete ${n} annotations` : 'delete annotation',
      { delete: del },
      { put: removed },
    );
    if (ok) {
      if (this.session.activeId && ids.includes(this.session.activeId)) this.session.activate(null);
      this.notices.announce(n > 1 ? `${n} annotations deleted.` : 'Annotation deleted.');
    }
    return ok;
  }

  /**
   * Answers a prompt: a new annotation on the prompt's passage whose W3C target is the prompt
   * (`replyTo`), by this reader, with the answer as its note.
   */
  async reply(promptId: string, note: string): Promise<string | null> {
    const prompt = this.doc.annotations.find((a) => a.id === promptId);
    const meta = this.doc.meta;
    if (!prompt || !meta || !note.trim()) return null;
    const a: Annotation = {
      ...createAnnotation(this.env, {
        docId: meta.id,
        target: prompt.target,
        note: note.trim(),
        creator: this.session.creator,
      }),
      replyTo: prompt.id,
    };
    if (!(await this.perform('reply', { put: [a] }, { delete: [a.id] }))) return null;
    this.notices.announce('Reply saved.');
    return a.id;
  }

  async undo(): Promise<void> {
    try {
      const label = await this.history.undo();
      if (label) this.notices.announce(`Undid ${label}.`);
    } catch (err) {
      this.notices.error(describeStorageError(err));
    }
  }

  async redo(): Promise<void> {
    try {
      const label = await this.history.redo();
      if (label) this.notices.announce(`Redid ${label}.`);
    } catch (err) {
      this.notices.error(describeStorageError(err));
    }
  }
}
