import type { Annotation } from '../model/types';
import { describeRange } from '../model/selectors';
import type { OpenDocument } from './document.svelte';
import type { EditorSync } from './editor-sync.svelte';
import type { AnnotationCommands } from './annotation-commands.svelte';
import type { Notices } from './notices.svelte';

/**
 * The review list "Changed by the edit": annotations a saved text edit changed, adjusted or
 * lost (`Annotation.edit` set, not yet reviewed). Each can be accepted, placed on a passage the
 * reader selects again, or deleted; every action is an undoable batch of `AnnotationCommands`.
 */
export class EditReview {
  constructor(
    private doc: OpenDocument,
    private sync: EditorSync,
    private edits: AnnotationCommands,
    private notices: Notices,
  ) {}

  /** Flagged annotations not yet reviewed, in text order (lost ones last). */
  get items(): readonly Annotation[] {
    const at = (a: Annotation) => this.doc.anchors.get(a.id)?.start ?? Infinity;
    return [...this.doc.flagged].sort((x, y) => at(x) - at(y) || 0);
  }

  /** The passage as it is now (empty for a lost one). */
  quoteNow(a: Annotation): string {
    return a.edit?.outcome === 'lost' ? '' : a.target.quote.exact;
  }

  /** Keeps the outcome: a changed or adjusted one stays where it is, a lost one unplaced. */
  async accept(id: string): Promise<boolean> {
    const a = this.#find(id);
    if (!a?.edit) return false;
    const after = { ...a, edit: { ...a.edit, reviewed: true } };
    const ok = await this.edits.perform('accept edit outcome', { put: [after] }, { put: [a] });
    if (ok) this.notices.announce('Kept as it is.');
    return ok;
  }

  /** Places the annotation on the passage selected in the text now. */
  async reselect(id: string): Promise<boolean> {
    const a = this.#find(id);
    const sel = this.sync.currentSelection();
    const index = this.doc.index;
    if (!a || !index) return false;
    if (!sel) {
      this.notices.error('Select the passage in the text first, then choose “Use selection”.');
      return false;
    }
    const after: Annotation = { ...a, target: describeRange(index, sel.start, sel.end) };
    delete after.edit;
    const ok = await this.edits.perform('re-select passage', { put: [after] }, { put: [a] });
    if (ok) this.notices.announce('Annotation placed on the selected passage.');
    return ok;
  }

  remove(id: string): Promise<boolean> {
    return this.edits.remove([id]);
  }

  #find(id: string): Annotation | undefined {
    return this.doc.annotations.find((a) => a.id === id);
  }
}
