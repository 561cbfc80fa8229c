import type { Anchor, Annotation, DocumentMeta, ParsedDocument, Tag } from '../model/types';
import { anchorInSteps, STEP_AT, type ChangeOrigin, type DocumentHooks } from './document-parts';
import type { Placed } from './document-parts';
import { AnnotationIndex, type Delta } from './annotation-index';
import type { OrderedIndex } from '../model/ordered-index';
import { TextIndex } from '../model/text-index';
import { anchor, anchorAll } from '../model/anchor';
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
export class OpenDocument {
  #meta = $state.raw<DocumentMeta | null>(null);
  /** Annotations, anchors and the text-order index, kept by delta (not reactive on their own:
   * every change bumps `#version`, which is). */
  #ix = new AnnotationIndex();
  #version = $state(0);
  #observers: ((d: Delta) => void)[] = [];
  #tags = $state.raw<Tag[]>([]);
  #parsed: ParsedDocument | null = null;
  #index: TextIndex | null = null;
  #saving = $state(0);
  #received: Promise<void> = Promise.resolve();
  /** Batches applied in order: a large one is anchored in steps, and any batch after it waits. */
  #applying: Promise<void> = Promise.resolve();
  #waiting = 0;

  #tagsById = $derived(new Map(this.#tags.map((t) => [t.id, t])));
  /** Built only when read (a pass over all annotations), once per version. */
  #annotations = $derived.by(() => (this.#version, [...this.#ix.byId.values()]));
  #creators = $derived.by(() => (this.#version, this.#ix.creators()));
  #placed = $derived.by(() => (this.#version, this.#ix.placed.toArray()));
  #orphans = $derived.by(() => (this.#version, [...this.#ix.orphans.values()]));
  #flagged = $derived.by(
    () => (this.#version, [...this.#ix.flagged].map((id) => this.#ix.byId.get(id)!)),
  );

  constructor(
    private store: LibraryStore,
    private hooks: DocumentHooks = {},
  ) {}

  get meta(): DocumentMeta | null {
    return this.#meta;
  }
  /** Every annotation (a new array per change, built when read: prefer `count`, `get` and
   * `placedIndex` in what runs on every change). */
  get annotations(): readonly Annotation[] {
    return this.#annotations;
  }
  get count(): number {
    void this.#version;
    return this.#ix.byId.size;
  }
  get(id: string): Annotation | undefined {
    void this.#version;
    return this.#ix.byId.get(id);
  }
  get anchors(): ReadonlyMap<string, Anchor> {
    void this.#version;
    return this.#ix.anchors;
  }
  /** Placed annotations in text order, with positions (O(log n) access); changes in place. */
  get placedIndex(): Readonly<
    Pick<OrderedIndex<Placed>, 'size' | 'at' | 'rank' | 'lowerBound' | typeof Symbol.iterator>
  > {
    void this.#version;
    return this.#ix.placed;
  }
  /** Bumped by every applied batch and every open. */
  get version(): number {
    return this.#version;
  }

  /** `fn` is told every change (after state is updated, before `hooks.applied`), to keep an
   * index by delta. Returns the function that stops it. */
  observe(fn: (d: Delta) => void): () => void {
    this.#observers.push(fn);
    return () => (this.#observers = this.#observers.filter((f) => f !== fn));
  }

  #publish(d: Delta): void {
    this.#version++;
    for (const fn of this.#observers) fn(d);
  }
  get tags(): readonly Tag[] {
    return this.#tags;
  }
  get tagsById(): ReadonlyMap<string, Tag> {
    return this.#tagsById;
  }
  /** Distinct creators, sorted. The same array while its contents stay the same, so that what
   * depends on it (layers, labels) is not redone on every edit of a large document. */
  get creators(): readonly string[] {
    return this.#creators;
  }
  /** Placed annotations in text order (an array built when read, once per version). */
  get placed(): readonly Placed[] {
    return this.#placed;
  }
  get orphans(): readonly Annotation[] {
    return this.#orphans;
  }
  /** Annotations a text edit flagged (`edit` set, not yet reviewed). */
  get flagged(): readonly Annotation[] {
    return this.#flagged;
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
    this.#publish(
      this.#ix.reset(
        annotations,
        annotations.map((a, i) => (lost(a) ? ORPHAN : anchors[i])),
      ),
    );
    this.hooks.opened?.();
    return true;
  }

  close(): void {
    this.#meta = null;
    this.#parsed = null;
    this.#index = null;
    this.#publish(this.#ix.reset([], []));
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

  /**
   * Applies a committed batch to state: the one way annotations, anchors, tags and the packet
   * record change once a document is open. Only the ids put are re-anchored; an id both put
   * and deleted ends up put; the last put of an id wins (as in storage).
   *
   * Contract for readers: batches are applied one at a time, in the order given, each at once
   * (one synchronous update of every field and index, then `hooks.applied`), so no reader ever
   * sees part of a batch. A small batch with nothing before it is applied before this returns;
   * a large one (an import, the undo of one, a restore) is first anchored in steps of ~16 ms
   * without touching state, and batches given meanwhile wait behind it. The promise resolves
   * once this batch is applied (or dropped because another document was opened meanwhile).
   */
  apply(change: AnnotationChange): Promise<void> {
    const put = [...new Map((change.put ?? []).map((a) => [a.id, a])).values()];
    if (!this.#waiting && put.length <= STEP_AT) {
      this.#applyNow(change, put, this.#anchor(put));
      return Promise.resolve();
    }
    this.#waiting++;
    const id = this.#meta?.id;
    const run = this.#applying.then(async () => {
      const index = this.#index;
      const anchors = await anchorInSteps(put, (a) => this.#anchorOne(index, a));
      if (this.#meta?.id !== id) return;
      // A new text arrived meanwhile (a save): anchor again on it, at once.
      this.#applyNow(change, put, index === this.#index ? anchors : this.#anchor(put));
    });
    this.#applying = run.catch(() => undefined).finally(() => this.#waiting--);
    return run;
  }

  #anchor(put: readonly Annotation[]): Anchor[] {
    const index = this.#index;
    return put.map((a) => this.#anchorOne(index, a));
  }

  #anchorOne(index: TextIndex | null, a: Annotation): Anchor {
    return lost(a) || !index ? ORPHAN : anchor(index, a.target);
  }

  #applyNow(change: AnnotationChange, put: Annotation[], anchors: Anchor[]): void {
    const meta = this.#meta;
    if (!meta) return;
    const putIds = new Set(put.map((a) => a.id));
    const del = (change.delete ?? []).filter((id) => !putIds.has(id));
    if (change.tagSet) this.#tags = change.tagSet.tags;
    this.#publish(this.#ix.apply(put, anchors, del));
    const next: DocumentMeta = { ...meta, annotationCount: this.#ix.byId.size };
    if (change.packet === null) delete next.packet;
    else if (change.packet) next.packet = change.packet;
    if (change.text) {
      const v = change.text.version;
      next.version = v.n;
      next.contentHash = v.contentHash;
      next.size = new TextEncoder().encode(v.source).length;
    }
    this.#meta = next;
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
    if (!id || msg.kind === 'documents' || msg.docId !== id) return;
    // Another tab saved a new version of the text: everything is read again.
    if (msg.kind === 'text') {
      await this.open(id);
      return;
    }
    if (msg.kind === 'tags') {
      const tagSet = await this.store.getTagSet(id);
      if (tagSet && this.#meta?.id === id) await this.apply({ tagSet });
      return;
    }
    if (!msg.put.length && !msg.deleted.length) return;
    const found = await this.store.getAnnotations(id, msg.put);
    if (this.#meta?.id !== id) return;
    const put = found.filter((a): a is Annotation => a?.docId === id);
    const gone = msg.put.filter((_, i) => found[i]?.docId !== id);
    await this.apply({ put, delete: [...msg.deleted, ...gone] });
  }
}

const ORPHAN: Anchor = { status: 'orphan' };
/** An annotation whose passage a text edit deleted: kept unplaced, never searched for. */
const lost = (a: Annotation) => a.edit?.outcome === 'lost';
