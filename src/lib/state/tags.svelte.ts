import type { Env, PaletteColor, Tag } from '../model/types';
import { moveTag, newTagId, nextColor, tagNameProblem } from '../model/tags';
import type { OpenDocument } from './document.svelte';
import type { AnnotationCommands } from './annotation-commands.svelte';
import type { Notices } from './notices.svelte';

/** Editing the document's tag set. Every action is one storage transaction and undoable. */
export class TagActions {
  constructor(
    private doc: OpenDocument,
    private edits: AnnotationCommands,
    private notices: Notices,
    private env: Env,
  ) {}

  private async setTags(tags: Tag[], label: string): Promise<boolean> {
    const meta = this.doc.meta;
    if (!meta) return false;
    return this.edits.perform(
      label,
      { tagSet: { docId: meta.id, tags } },
      { tagSet: { docId: meta.id, tags: [...this.doc.tags] } },
    );
  }

  /** Returns an error message, or null when created. */
  async create(name: string, color?: PaletteColor, definition?: string): Promise<string | null> {
    const problem = tagNameProblem(name, this.doc.tags);
    if (problem) return problem;
    const tag: Tag = {
      id: newTagId(this.env),
      name: name.trim(),
      color: color ?? nextColor(this.doc.tags),
      ...(definition?.trim() ? { definition: definition.trim() } : {}),
    };
    const ok = await this.setTags([...this.doc.tags, tag], 'create tag');
    if (ok) this.notices.announce(`Tag “${tag.name}” created.`);
    return ok ? null : 'The tag could not be saved.';
  }

  async edit(
    id: string,
    change: Partial<Pick<Tag, 'name' | 'color' | 'definition'>>,
  ): Promise<string | null> {
    if (change.name !== undefined) {
      const problem = tagNameProblem(change.name, this.doc.tags, id);
      if (problem) return problem;
      change = { ...change, name: change.name.trim() };
    }
    const tags = this.doc.tags.map((t) => (t.id === id ? { ...t, ...change } : t));
    return (await this.setTags(tags, 'edit tag')) ? null : 'The tag could not be saved.';
  }

  async move(id: string, delta: number): Promise<void> {
    const i = this.doc.tags.findIndex((t) => t.id === id);
    if (i < 0) return;
    await this.setTags(moveTag(this.doc.tags, i, i + delta), 'reorder tags');
  }

  /** Annotations using the tag; the UI asks what to do with them when there are any. */
  usage(id: string): number {
    return this.doc.annotations.filter((a) => a.tags.includes(id)).length;
  }

  /** Deletes a tag. `inUse` says what happens to annotations carrying it: the tag is removed
   * from them, or they are deleted. One transaction, undoable as one step. */
  async remove(id: string, inUse: 'untag' | 'delete'): Promise<boolean> {
    const meta = this.doc.meta;
    const tag = this.doc.tags.find((t) => t.id === id);
    if (!meta || !tag) return false;
    const using = this.doc.annotations.filter((a) => a.tags.includes(id));
    const tags = this.doc.tags.filter((t) => t.id !== id);
    const now = this.env.now().toISOString();
    const put =
      inUse === 'untag'
        ? using.map((a) => ({ ...a, tags: a.tags.filter((t) => t !== id), modified: now }))
        : [];
    const del = inUse === 'delete' ? using.map((a) => a.id) : [];
    const ok = await this.edits.perform(
      `delete tag “${tag.name}”`,
      { tagSet: { docId: meta.id, tags }, put, delete: del },
      { tagSet: { docId: meta.id, tags: [...this.doc.tags] }, put: using },
    );
    if (!ok) return false;
    this.notices.announce(
      `Tag “${tag.name}” deleted${using.length ? (inUse === 'delete' ? ` with ${using.length} annotations` : ` from ${using.length} annotations`) : ''}.`,
    );
    return true;
  }
}
