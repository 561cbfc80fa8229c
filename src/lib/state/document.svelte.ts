import type { Anchor, Annotation, DocumentMeta, ParsedDocument, Tag } from '../model/types';
import { anchorOf, appliedOf, applyLarge, BatchQueue } from './document-parts';
import { nextMeta, readMessage, revisionsOf, serially, STEP_AT } from './document-parts';
import { commitAlongside } from './commit-alongside';
import type { ChangeOrigin, DocumentHooks } from './document-parts';
import { startRead, type DocumentRead } from './document-read';
import { AnnotationView } from './annotation-view.svelte';
import { TextIndex } from '../model/text-index';
import { recordOf, type DrawEntry, type DrawStamp } from './document-sketch';
import { openRead } from './document-open';
import { RecordKeeper } from './record-keeper';
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
  #sketch = $state.raw<DrawEntry[] | null>(null);
  /** Batches applied in order: a large one is anchored in steps, and any batch after it waits. */
  #batches = new BatchQueue();
  /** Rewrites the drawing record after this tab's writes (record-keeper.ts). */
  #keeper: RecordKeeper;
  #tagsById = $derived(new Map(this.#tags.map((t) => [t.id, t])));
  constructor(
    private store: LibraryStore,
    private hooks: DocumentHooks = {},
  ) {
    super();
    this.#keeper = new RecordKeeper(store, (id, stamp) => this.#record(id, stamp));
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
  /** The drawing record's entries while the annotations are still read (document-sketch.ts). */
  get sketch(): readonly DrawEntry[] | null {
    return this.#sketch;
  }
  /** True from a first paint drawn from the record until the annotations are read. */
  get loading(): boolean {
    return this.#sketch !== null;
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

  /** Starts reading a document ahead of `open(id)` (the app's start, for the last document: its
   * longest wait, IndexedDB's work while the page is idle). The next `open(id)` uses it; a change
   * message naming that document or the library (`receive`) or opening another document drops
   * it, so a read older than a change is never shown. */
  prefetch(id: string): void {
    this.#prefetched = startRead(this.store, id);
  }
  #prefetched: DocumentRead | null = null;

  /**
   * Opens a stored document: parses its text, anchors its annotations. False if it is gone.
   * With a fresh drawing record (document-sketch.ts) the text and its highlights are shown from
   * it first (`loading`, `sketch`) and this resolves; the annotations are read once the text is
   * painted, and batches wait for them (`whenApplied` resolves once they are in).
   */
  async open(id: string): Promise<boolean> {
    performance.mark('mg:open:start');
    const gen = ++this.#opens;
    const pre = this.#prefetched;
    this.#prefetched = null;
    // The annotations are still read (IndexedDB's own work, mostly) while the text is parsed.
    return openRead(this.store, pre?.id === id ? pre : startRead(this.store, id), {
      hooks: this.hooks,
      show: (meta, parsed, index, tags, sketch) => {
        [this.#parsed, this.#index, this.#meta] = [parsed, index, meta];
        [this.#tags, this.#sketch] = [tags, sketch];
      },
      fill: (annotations, anchors, stamp) => {
        this.#keeper.reset(stamp);
        this.#sketch = null;
        this.publish(this.ix.reset(annotations, anchors));
      },
      current: () => gen === this.#opens,
      later: (job) => this.#batches.later(job),
      record: (stamp) => this.#record(id, stamp),
    });
  }
  #opens = 0;
  /** Document `id`'s record stamped `stamp`; null unless it is open and no write is pending. */
  #record = (id: string, s: DrawStamp) =>
    this.#saving || !this.#batches.idle || this.#meta?.id !== id ? null : recordOf(id, s, this.ix);

  close(): void {
    this.#opens++;
    [this.#sketch, this.#meta, this.#parsed, this.#index] = [null, null, null, null];
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
    let revised: Parameters<RecordKeeper['written']>[1] = [];
    try {
      if (change.text) parsed = await parseDocument(change.text.version.source, meta.format);
      revised = revisionsOf(await this.store.applyChanges(meta.id, change, opts));
      performance.mark('mg:batch:written');
    } finally {
      this.#saving--;
    }
    const applied = appliedOf(change);
    this.hooks.committed?.((applied.put?.length ?? 0) + (change.delete?.length ?? 0));
    if (this.#meta?.id === meta.id) {
      if (parsed) [this.#parsed, this.#index] = [parsed, new TextIndex(parsed.plainText)];
      await this.apply(applied);
      this.#keeper.written(meta.id, revised, this.#meta?.version);
      if (change.text) this.#keeper.catchUpLater(meta.id);
    }
    if (origin === 'local') this.hooks.localCommitted?.(meta.id, applied);
  }

  /** Writes a large batch of annotations and tags (`write`: an import's) and applies it once
   * `put` resolves (the page's thread is free of the write), resolving once both are done;
   * rolls back and throws if the write fails or is cancelled (`commit-alongside.ts`). */
  commitAlongside(change: AnnotationChange, write: () => Promise<unknown>, put?: Promise<void>) {
    const { store, hooks } = this;
    const [openId, apply] = [() => this.#meta?.id, (c: AnnotationChange) => this.apply(c)];
    const saving = (d: 1 | -1) => void (this.#saving += d);
    const hold = (p: Promise<unknown>) => this.#batches.hold(p);
    const unchain = () => this.#keeper.reset();
    const parts = { store, hooks, openId, apply, saving, hold, unchain };
    return commitAlongside(parts, change, write, put);
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
   * Contract for readers (DEVELOPERS.md, "How a change flows"): batches are applied one at a
   * time, in order. A small one is applied before this returns; a large one (already committed
   * whole) is anchored in steps, then applied in parts of ~8 ms, each a consistent batch;
   * later batches wait behind it; what needs all of it awaits `whenApplied`.
   */
  apply(change: AnnotationChange): Promise<void> {
    const put = [...new Map((change.put ?? []).map((a) => [a.id, a])).values()];
    if (this.#batches.idle && put.length <= STEP_AT) {
      this.#applyNow(
        change,
        put,
        put.map((a) => anchorOf(this.#index, a)),
      );
      return Promise.resolve();
    }
    const id = this.#meta?.id;
    return this.#batches.later(() =>
      applyLarge(change, put, {
        index: () => this.#index,
        current: () => this.#meta?.id === id,
        applyNow: (step, p, an) => this.#applyNow(step, p, an),
      }),
    );
  }

  /** Resolves once every batch given so far is applied (an export waits for an import). */
  whenApplied(): Promise<void> {
    return this.#batches.settled();
  }

  /** Resolves once every batch given so far is in the state (the open's fill too), without
   * waiting for the write of a batch applied while it is written (`commitAlongside`, which
   * holds `whenApplied` and later batches until it commits): the editor draws beyond the view
   * from here; a failed write's rollback is a batch like any other, and redraws. */
  whenInState(): Promise<void> {
    return this.#batches.inState();
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
  receive = serially((msg: ChangeMessage) => this.#receive(msg));

  async #receive(msg: ChangeMessage): Promise<void> {
    if (msg.kind === 'documents' || msg.docId === this.#prefetched?.id) this.#prefetched = null;
    const id = this.#meta?.id;
    if (!id) return;
    const got = await readMessage(this.store, id, msg);
    // Another tab saved a new version of the text: everything is read again.
    if (got === 'reopen') await this.open(id);
    else if (got && this.#meta?.id === id) await this.apply(got);
  }
}
