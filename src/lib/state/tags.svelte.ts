import type { Annotation, Env, PaletteColor, Tag } from '../model/types';

interface TagSnapshot {
  tags: Tag[];
  put: Annotation[];
  del: string[];
}
import { moveTag, newTagId, nextColor, tagNameProblem } from '../model/tags';
import type { ReaderState } from './reader.svelte';
import type { History } from './history.svelte';
import type { Notices } from './notices.svelte';

/** Editing the document's tag set. Every action is one storage transaction and undoable. */
export class TagActions {
  constructor(
    private reader: ReaderState,
    private history: History,
    private notices: Notices,
    private env: Env,
  ) {}

  private async setTags(tags: Tag[], label: string): Promise<boolean> {
    const meta = this.reader.meta;
    if (!meta) return false;
    const before: TagSnapshot = { tags: this.reader.tags, put: [], del: [] };
    const ok = await this.reader.commit({ tagSet: { docId: meta.id, tags } });
    if (ok) this.pushUndo(label, before, { tags, put: [], del: [] });
    return ok;
  }

  private pushUndo(label: string, before: TagSnapshot, after: TagSnapshot): void {
    const docId = this.reader.meta!.id;
    this.history.push({
      label,
      undo: () =>
        this.reader.commitOrThrow({ tagSet: { docId, tags: before.tags }, put: before.put }),
      redo: () =>
        this.reader.commitOrThrow({
          tagSet: { docId, tags: after.tags },
          put: after.put,
          delete: after.del,
        }),
    });
  }

  /** Returns an error message, or null when created. */
  async create(name: string, color?: PaletteColor, definition?: string): Promise<string | null> {
    const problem = tagNameProblem(name, this.reader.tags);
    if (problem) return problem;
    const tag: Tag = {
      id: newTagId(this.env),
      name: name.trim(),
      color: color ?? nextColor(this.reader.tags),
      ...(definition?.trim() ? { definition: definition.trim() } : {}),
    };
    const ok = await this.setTags([...this.reader.tags, tag], 'create tag');
    if (ok) this.notices.announce(`Tag “${tag.name}” created.`);
    return ok ? null : 'The tag could not be saved.';
  }

  async edit(
    id: string,
    change: Partial<Pick<Tag, 'name' | 'color' | 'definition'>>,
  ): Promise<string | null> {
    if (change.name !== undefined) {
      const problem = tagNameProblem(change.name, this.reader.tags, id);
      if (problem) return problem;
      change = { ...change, name: change.name.trim() };
    }
    const tags = this.reader.tags.map((t) => (t.id === id ? { ...t, ...change } : t));
    return (await this.setTags(tags, 'edit tag')) ? null : 'The tag could not be saved.';
  }

  async move(id: string, delta: number): Promise<void> {
    const i = this.reader.tags.findIndex((t) => t.id === id);
    if (i < 0) return;
    await this.setTags(moveTag(this.reader.tags, i, i + delta), 'reorder tags');
  }

  /** Annotations using the tag; the UI asks what to do with them when there are any. */
  usage(id: string): number {
    return this.reader.annotations.filter((a) => a.tags.includes(id)).length;
  }

  /** Deletes a tag. `inUse` says what happens to annotations carrying it: the tag is removed
   * from them, or they are deleted. One transaction, undoable as one step. */
  async remove(id: string, inUse: 'untag' | 'delete'): Promise<boolean> {
    const meta = this.reader.meta;
    const tag = this.reader.tags.find((t) => t.id === id);
    if (!meta || !tag) return false;
    const using = this.reader.annotations.filter((a) => a.tags.includes(id));
    const tags = this.reader.tags.filter((t) => t.id !== id);
    const now = this.env.now().toISOString();
    const put =
      inUse === 'untag'
        ? using.map((a) => ({ ...a, tags: a.tags.filter((t) => t !== id), modified: now }))
        : [];
    const del = inUse === 'delete' ? using.map((a) => a.id) : [];
    const before: TagSnapshot = { tags: this.reader.tags, put: using, del: [] };
    const ok = await this.reader.commit({ tagSet: { docId: meta.id, tags }, put, delete: del });
    if (!ok) return false;
    this.pushUndo(`delete tag “${tag.name}”`, before, { tags, put, del });
    this.notices.announce(
      `Tag “${tag.name}” deleted${using.length ? (inUse === 'delete' ? ` with ${using.length} annotations` : ` from ${using.length} annotations`) : ''}.`,
    );
    return true;
  }
}
