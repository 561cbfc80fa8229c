import type { Anchor, Annotation, DocumentMeta, ParsedDocument, Tag } from '../model/types';
import { sameOrNew, type ChangeOrigin, type DocumentHooks, type Placed } from './document-parts';
import { TextIndex, utf8Length } from '../model/text-index';
import { anchor, anchorAll } from '../model/anchor';
import { parseDocument } from '../model/parse';
import type { AnnotationChange, LibraryStore, StepOptions } from '../storage/library-store';
import type { ChangeMessage } from '../storage/change-feed';

export type { AnnotationChange } from '../storage/library-store';

export { sameOrNew, type ChangeOrigin, type DocumentHooks, type Placed } from './document-parts';

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
  #annotations = $state.raw<Annotation[]>([]);
  /** Not reactive on its own: it only changes together with `#annotations` (which is), so it
   * is updated in place instead of copied on every change. */
  #anchors = new Map<string, Anchor>();
  #tags = $state.raw<Tag[]>([]);
  #parsed: ParsedDocument | null = null;
  #index: TextIndex | null = null;
  #saving = $state(0);
  #received: Promise<void> = Promise.resolve();
  #lastCreators: string[] = [];

  #tagsById = $derived(new Map(this.#tags.map((t) => [t.id, t])));
  #creators = $derived.by(
    () =>
      (this.#lastCreators = sameOrNew(
        this.#lastCreators,
        [...new Set(this.#annotations.map((a) => a.creator))].sort(),
      )),
  );
  #placed = $derived.by(() => {
    const out: Placed[] = [];
    for (const a of this.#annotations) {
      const an = this.#anchors.get(a.id);
      if (an && an.status !== 'orphan') out.push({ a, start: an.start, end: an.end });
    }
    return out.sort((x, y) => x.start - y.start || x.end - y.end);
  });
  #orphans = $derived(
    this.#annotations.filter((a) => this.#anchors.get(a.id)?.status === 'orphan'),
  );

  constructor(
    private store: LibraryStore,
    private hooks: DocumentHooks = {},
  ) {}

  get meta(): DocumentMeta | null {
    return this.#meta;
  }
  get annotations(): readonly Annotation[] {
    return this.#annotations;
  }
  get anchors(): ReadonlyMap<string, Anchor> {
    return this.#anchors;
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
  /** Placed annotations in text order. */
  get placed(): readonly Placed[] {
    return this.#placed;
  }
  get orphans(): readonly Annotation[] {
    return this.#orphans;
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
  /**
   * Starts reading a document's annotations ahead of `open(id)` (the app's start, for the last
   * document): with thousands of annotations that read is the longest wait of a start, IndexedDB
   * working while the page is idle, so it runs while the rest of the app starts. The next
   * `open(id)` uses it; a change message for that document (`receive`) or opening another
   * document drops it, so a read older than a change is never shown.
   */
  prefetch(id: string): void {
    const annotations = this.store.listAnnotations(id);
    annotations.catch(() => undefined);
    this.#prefetched = { id, annotations };
  }
  #prefetched: { id: string; annotations: Promise<Annotation[]> } | null = null;

  /** Opens a stored document: parses its text, anchors its annotations. False if it is gone. */
  async open(id: string): Promise<boolean> {
    performance.mark('mg:open:start');
    const pre = this.#prefetched;
    this.#prefetched = null;
    // The annotations are read while the text is parsed: the read is mostly IndexedDB's own
    // work (10,000 annotations are ~10 MB), during which the page's thread is free.
    const reading = pre?.id === id ? pre.annotations : this.store.listAnnotations(id);
    reading.catch(() => undefined);
    const [meta, text, tagSet] = await Promise.all([
      this.store.getDocument(id),
      this.store.getText(id),
      this.store.getTagSet(id),
    ]);
    if (!meta || !text) return false;
    const parsed = await parseDocument(text.source, meta.format);
    performance.mark('mg:open:parsed');
    const index = new TextIndex(parsed.plainText);
    const annotations = await reading;
    performance.mark('mg:open:read');
    // Writes keep the count by delta; a count damaged some other way is repaired here, where all
    // the document's annotations have just been read anyway.
    if (meta.annotationCount !== annotations.length)
      void this.store.repairCount(id).catch(() => undefined);
    const anchors = anchorAll(
      index,
      annotations.map((a) => a.target),
    );
    performance.mark('mg:open:anchored');
    this.#parsed = parsed;
    this.#index = index;
    this.#meta = meta;
    this.#tags = tagSet?.tags ?? [];
    this.#anchors = new Map(annotations.map((a, i) => [a.id, lost(a) ? ORPHAN : anchors[i]]));
    this.#annotations = annotations;
    this.hooks.opened?.();
    return true;
  }

  close(): void {
    this.#meta = null;
    this.#parsed = null;
    this.#index = null;
    this.#anchors = new Map();
    this.#annotations = [];
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
      this.apply(change);
    }
    if (origin === 'local') this.hooks.localCommitted?.(meta.id, change);
  }

  /** A batch of this reader's another path of this tab already stored (a backup restore writes
   * several documents in one transaction): applied, then mirrored out once like a commit. */
  stored(change: AnnotationChange): void {
    this.apply(change);
    if (this.#meta) this.hooks.localCommitted?.(this.#meta.id, change);
  }

  /**
   * Applies a committed batch to state: the one way annotations, anchors, tags and the packet
   * record change once a document is open. Only the ids put are re-anchored; an id both put
   * and deleted ends up put; the last put of an id wins (as in storage).
   */
  apply(change: AnnotationChange): void {
    const meta = this.#meta;
    if (!meta) return;
    const put = [...new Map((change.put ?? []).map((a) => [a.id, a])).values()];
    const putIds = new Set(put.map((a) => a.id));
    const del = (change.delete ?? []).filter((id) => !putIds.has(id));
    const removed = new Set([...del, ...putIds]);
    const list = this.#annotations.filter((a) => !removed.has(a.id)).concat(put);
    for (const id of del) this.#anchors.delete(id);
    if (this.#index)
      for (const a of put)
        this.#anchors.set(a.id, lost(a) ? ORPHAN : anchor(this.#index, a.target));
    if (change.tagSet) this.#tags = change.tagSet.tags;
    this.#annotations = list;
    const next: DocumentMeta = { ...meta, annotationCount: list.length };
    if (change.packet === null) delete next.packet;
    else if (change.packet) next.packet = change.packet;
    if (change.text) {
      const v = change.text.version;
      next.version = v.n;
      next.contentHash = v.contentHash;
      next.size = utf8Length(v.source);
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
    if (msg.kind !== 'documents' && msg.docId === this.#prefetched?.id) this.#prefetched = null;
    const id = this.#meta?.id;
    if (!id || msg.kind === 'documents' || msg.docId !== id) return;
    // Another tab saved a new version of the text: everything is read again.
    if (msg.kind === 'text') {
      await this.open(id);
      return;
    }
    if (msg.kind === 'tags') {
      const tagSet = await this.store.getTagSet(id);
      if (tagSet && this.#meta?.id === id) this.apply({ tagSet });
      return;
    }
    if (!msg.put.length && !msg.deleted.length) return;
    const found = await this.store.getAnnotations(id, msg.put);
    if (this.#meta?.id !== id) return;
    const put = found.filter((a): a is Annotation => a?.docId === id);
    const gone = msg.put.filter((_, i) => found[i]?.docId !== id);
    this.apply({ put, delete: [...msg.deleted, ...gone] });
  }
}

const ORPHAN: Anchor = { status: 'orphan' };
/** An annotation whose passage a text edit deleted: kept unplaced, never searched for. */
const lost = (a: Annotation) => a.edit?.outcome === 'lost';
