import type { Anchor, Annotation, DocumentMeta, ParsedDocument, Tag } from '../model/types';
import { anchorInSteps, anchorOf, BatchQueue, nextMeta, ORPHAN } from './document-parts';
import { nextTask, readMessage, STEP_AT } from './document-parts';
import type { ChangeOrigin, DocumentHooks } from './document-parts';
import { AnnotationView } from './annotation-view.svelte';
import { TextIndex } from '../model/text-index';
import { anchorAll } from '../model/anchor';
import { parseDocument } from '../model/parse';
import type { AnnotationChange, LibraryStore, StepOptions } from '../storage/library-store';
import type { ChangeMessage } from '../storage/change-feed';

export type { AnnotationChange } from '../storage/library-store';

export { sameOrNew, type ChangeOrigin, type DocumentHooks, type Placed } from './document-parts';
export type { Delta } from './annotation-index';

/**
 * The open document: meta, text, tag set, annotations and where each one is anchored. The one
 * owner of that state. After `open`, state changes only through `apply`, one batch at a time,
 * re-anchoring only the annotations the batch puts. Every source of change ends there: this
 * tab's writes (`commit`, which applies after IndexedDB committed), undo and redo (which commit
 * batches), imports (which apply what they wrote) and other tabs (`receive`, which reads only
 * the records a message names).
 */
export class OpenDocument extends AnnotationView {
  #meta = $state.raw<DocumentMeta | null>(null);
  #tags = $state.raw<Tag[]>([]);
  #parsed: ParsedDocument | null = null;
  #index: TextIndex | null = null;
  #saving = $state(0);
  #received: Promise<void> = Promise.resolve();
  /** Batches applied in order: a large one is anchored in steps, and any batch after it waits. */
  #batches = new BatchQueue();

  #tagsById = $derived(new Map(this.#tags.map((t) => [t.id, t])));
  constructor(
    private store: LibraryStore,
    private hooks: DocumentHooks = {},
  ) {
    super();
  }

  get meta(): DocumentMeta | null {
    return this.#meta;
  }
  get tags(): readonly Tag[] {
    return this.#tags;
  }
  get tagsById(): ReadonlyMap<string, Tag> {
    return this.#tagsById;
  }
  get parsed(): ParsedDocument | null {
    return this.#parsed;
  }
  get index(): TextIndex | null {
    return this.#index;
  }
  /** Number of this tab's writes in flight (shown as "Saving…"). */
  get saving(): number {
    return this.#saving;
  }

  /** A teacher's prompt on a student's copy of a packet: the student answers it, never edits or
   * deletes it (the next revision of the packet would overwrite any change anyway). */
  locked(a: Annotation): boolean {
    return !!a.prompt && this.#meta?.packet?.role === 'student';
  }

  /** Opens a stored document: parses its text, anchors its annotations. False if it is gone. */
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
    const parsed = await parseDocument(text.source, meta.format);
    performance.mark('mg:open:parsed');
    const index = new TextIndex(parsed.plainText);
    const anchors = anchorAll(
      index,
      annotations.map((a) => a.target),
    );
    performance.mark('mg:open:anchored');
    this.#parsed = parsed;
    this.#index = index;
    this.#meta = meta;
    this.#tags = tagSet?.tags ?? [];
    this.publish(
      this.ix.reset(
        annotations,
        annotations.map((a, i) => (a.edit?.outcome === 'lost' ? ORPHAN : anchors[i])),
      ),
    );
    this.hooks.opened?.();
    return true;
  }

  close(): void {
    this.#meta = null;
    this.#parsed = null;
    this.#index = null;
    this.publish(this.ix.reset([], []));
    this.#tags = [];
  }

  /** The open document was renamed in storage (the library did the write). */
  renamed(id: string, title: string): void {
    if (this.#meta?.id === id) this.#meta = { ...this.#meta, title };
  }

  /**
   * Writes a batch to the open document in one transaction, then applies it. Throws (state
   * untouched) when the write fails, is cancelled by `opts.signal`, or no document is open.
   */
  async commit(
    change: AnnotationChange,
    origin: ChangeOrigin = 'local',
    opts: StepOptions = {},
  ): Promise<void> {
    const meta = this.#meta;
    if (!meta) throw new Error('commit without an open document');
    this.#saving++;
    let parsed: ParsedDocument | null = null;
    try {
      if (change.text) parsed = await parseDocument(change.text.version.source, meta.format);
      await this.store.applyChanges(meta.id, change, opts);
    } finally {
      this.#saving--;
    }
    this.hooks.committed?.((change.put?.length ?? 0) + (change.delete?.length ?? 0));
    if (this.#meta?.id === meta.id) {
      if (parsed) {
        this.#parsed = parsed;
        this.#index = new TextIndex(parsed.plainText);
      }
      await this.apply(change);
    }
    if (origin === 'local') this.hooks.localCommitted?.(meta.id, change);
  }

  /** A batch of this reader's another path of this tab already stored (a backup restore writes
   * several documents in one transaction): applied, then mirrored out once like a commit. */
  async stored(change: AnnotationChange): Promise<void> {
    await this.apply(change);
    if (this.#meta) this.hooks.localCommitted?.(this.#meta.id, change);
  }

  /**
   * Applies a committed batch to state: the one way annotations, anchors, tags and the packet
   * record change once a document is open. Only the ids put are re-anchored; an id both put
   * and deleted ends up put; the last put of an id wins (as in storage).
   *
   * Contract for readers: batches are applied one at a time, in the order given. A small batch
   * with nothing before it is applied at once, before this returns (one synchronous update of
   * every field and index, then `hooks.applied`). A large one (an import, the undo of one, a
   * restore; it was already committed whole, in one transaction) is anchored in steps without
   * touching state, then applied in consecutive parts of ~8 ms, each a batch of its own: after
   * every part, the list, anchors, every index and the drawing agree, and show the annotations
   * of the parts applied so far. Batches given meanwhile wait behind it; what needs the whole
   * batch (an export) awaits `whenApplied`. The promise resolves once this batch is applied
   * (or dropped because another document was opened meanwhile).
   */
  apply(change: AnnotationChange): Promise<void> {
    const put = [...new Map((change.put ?? []).map((a) => [a.id, a])).values()];
    const now = () => put.map((a) => anchorOf(this.#index, a));
    if (this.#batches.idle && put.length <= STEP_AT) {
      this.#applyNow(change, put, now());
      return Promise.resolve();
    }
    const id = this.#meta?.id;
    return this.#batches.later(async () => {
      const index = this.#index;
      const anchors = await anchorInSteps(put, (a) => anchorOf(index, a));
      if (this.#meta?.id !== id) return;
      // A new text arrived meanwhile (a save): anchored again on it, at once.
      if (index !== this.#index || change.text) this.#applyNow(change, put, now());
      else await this.#applyInSteps(change, put, anchors, id);
    });
  }

  /** Resolves once every batch given so far is applied (an export waits for an import). */
  whenApplied(): Promise<void> {
    return this.#batches.settled();
  }

  /** Applies a large batch as consecutive parts of ~8 ms, deletions first; each part is a
   * batch of its own (state, indexes and drawing agree after each), the first carries the tag
   * set and packet record. Stops if another document is opened meanwhile. */
  async #applyInSteps(change: AnnotationChange, put: Annotation[], anchors: Anchor[], id?: string) {
    const putIds = new Set(put.map((a) => a.id));
    const del = (change.delete ?? []).filter((x) => !putIds.has(x));
    let [i, j, size, first] = [0, 0, 200, true];
    while (first || i < del.length || j < put.length) {
      const t0 = performance.now();
      const d = del.slice(i, (i += size));
      const p = put.slice(j, j + size - d.length);
      const step = { ...(first ? change : {}), put: p, delete: d };
      this.#applyNow(step, p, anchors.slice(j, (j += p.length)));
      first = false;
      const ms = Math.max(0.5, performance.now() - t0);
      size = Math.round(Math.min(2000, Math.max(50, (size * 8) / ms)));
      if (i >= del.length && j >= put.length) return;
      await nextTask();
      if (this.#meta?.id !== id) return;
    }
  }

  #applyNow(change: AnnotationChange, put: Annotation[], anchors: Anchor[]): void {
    const meta = this.#meta;
    if (!meta) return;
    const putIds = new Set(put.map((a) => a.id));
    const del = (change.delete ?? []).filter((id) => !putIds.has(id));
    if (change.tagSet) this.#tags = change.tagSet.tags;
    this.publish(this.ix.apply(put, anchors, del));
    this.#meta = nextMeta(meta, change, this.ix.byId.size);
    // A new text (its state was set by `commit`) is drawn afresh, as when opened.
    if (change.text) this.hooks.opened?.();
    else this.hooks.applied?.({ ...change, put, delete: del });
  }

  /**
   * Another tab committed a change (a message of the change feed): reads only the records it
   * names and applies them as one batch. Messages are handled one after another, in order; a
   * record named as put but no longer stored was deleted since, and is deleted here too.
   */
  receive(msg: ChangeMessage): Promise<void> {
    const run = this.#received.then(() => this.#receive(msg));
    this.#received = run.catch(() => undefined);
    return run;
  }

  async #receive(msg: ChangeMessage): Promise<void> {
    const id = this.#meta?.id;
    if (!id) return;
    const got = await readMessage(this.store, id, msg);
    // Another tab saved a new version of the text: everything is read again.
    if (got === 'reopen') await this.open(id);
    else if (got && this.#meta?.id === id) await this.apply(got);
  }
}
