import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Annotation, DocumentMeta, DocumentText, TagSet, TextVersion } from '../model/types';
import {
  ANNOTATION_PAGES,
  DB_NAME,
  DB_VERSION,
  DOCUMENTS,
  SETTINGS,
  TAG_SETS,
  TEXTS,
  VERSIONS,
  upgrade,
  type MarginaliaDB,
} from './schema';
import { StorageError, toOpenError, toStorageError } from './errors';
import type { ChangeFeed } from './change-feed';
import type { AnnotationChange, DocumentSnapshot, ImportBatch, OpenOptions } from './store-types';
import {
  changePages,
  docRange,
  findInPages,
  mergePages,
  readPages,
  replacePages,
  type StepOptions,
} from './annotation-pages';
import { flatten, queued } from './pages';
import { versionRange, writeVersion } from './versions';

export { StorageError, type StorageErrorKind } from './errors';
export type { AnnotationChange, DocumentSnapshot, ImportBatch, OpenOptions } from './store-types';
export type { StepOptions } from './annotation-pages';

type Stores = StoreNames<MarginaliaDB>;
type RW = IDBPTransaction<MarginaliaDB, Stores[], 'readwrite'>;

/**
 * The one owner of the IndexedDB connection. Every write is a single transaction and resolves
 * only once it has committed (`tx.done`), so the UI never shows as saved what is not; a failed
 * write aborts its transaction, so nothing is ever half-written.
 */
export class LibraryStore {
  private closed = false;

  private constructor(
    private db: IDBPDatabase<MarginaliaDB>,
    private feed?: ChangeFeed,
  ) {}

  /** Opens (creating or upgrading) the library. Rejects with a StorageError: 'unavailable' when
   * the browser refuses storage, 'closed' when the database is newer than this code, 'quota'. */
  static async open(opts: OpenOptions = {}): Promise<LibraryStore> {
    if (typeof indexedDB === 'undefined') throw new StorageError('unavailable');
    let store: LibraryStore | undefined;
    // The connection can be lost before `store` exists (idb listens from the open's success).
    let lost = false;
    const lose = () => {
      lost = true;
      if (store) store.closed = true;
    };
    try {
      const db = await openDB<MarginaliaDB>(opts.name ?? DB_NAME, DB_VERSION, {
        upgrade,
        blocked: () => opts.onBlocked?.(),
        // A newer version in another tab wants to upgrade: step aside rather than block it.
        blocking: (_current, _next, event) => {
          (event.target as IDBDatabase).close();
          lose();
          opts.onVersionChange?.();
        },
        // The browser closed the connection (storage cleared, disk error): writes fail as 'closed'.
        terminated: lose,
      });
      store = new LibraryStore(db, opts.feed);
      store.closed = lost;
      return store;
    } catch (err) {
      throw toOpenError(err);
    }
  }

  close(): void {
    this.closed = true;
    this.db.close();
  }

  private check(): void {
    if (this.closed) throw new StorageError('closed');
  }

  /** Runs `fn` in one readwrite transaction; aborts it on any error. */
  private async write(stores: Stores[], fn: (tx: RW) => Promise<void> | void): Promise<void> {
    this.check();
    let tx: RW;
    try {
      tx = this.db.transaction(stores, 'readwrite');
    } catch (err) {
      throw toStorageError(err);
    }
    try {
      await fn(tx);
      await tx.done;
    } catch (err) {
      try {
        tx.abort();
      } catch {
        /* already finished or aborted */
      }
      await tx.done.catch(() => undefined);
      throw toStorageError(err);
    }
  }

  private async read<T>(fn: () => Promise<T>): Promise<T> {
    this.check();
    try {
      return await fn();
    } catch (err) {
      throw toStorageError(err);
    }
  }

  /** Most recently opened first. Sorted by instant, not by string: `opened` may carry any time
   * zone offset (backups from elsewhere), so the index's string order is only a first pass. */
  listDocuments(): Promise<DocumentMeta[]> {
    return this.read(async () => {
      const docs = (await this.db.getAllFromIndex(DOCUMENTS, 'by-opened')).reverse();
      const at = (d: DocumentMeta) => Date.parse(d.opened) || 0;
      return docs.sort((a, b) => at(b) - at(a));
    });
  }

  getDocument(id: string): Promise<DocumentMeta | undefined> {
    return this.read(() => this.db.get(DOCUMENTS, id));
  }

  getText(id: string): Promise<DocumentText | undefined> {
    return this.read(() => this.db.get(TEXTS, id));
  }

  findByHash(hash: string): Promise<DocumentMeta | undefined> {
    return this.read(() => this.db.getFromIndex(DOCUMENTS, 'by-hash', hash));
  }

  getTagSet(docId: string): Promise<TagSet | undefined> {
    return this.read(() => this.db.get(TAG_SETS, docId));
  }

  /** A document's annotations in id order, read as a few pages (see pages.ts). */
  listAnnotations(docId: string): Promise<Annotation[]> {
    return this.read(async () => flatten(await this.db.getAll(ANNOTATION_PAGES, docRange(docId))));
  }

  /** The annotations of one document with these ids, in the same order, in one read of only the
   * pages they fall in; `undefined` for an id not stored there (deleted since it was named). */
  getAnnotations(docId: string, ids: readonly string[]): Promise<(Annotation | undefined)[]> {
    return this.read(async () => {
      const found = await findInPages(this.db.transaction(ANNOTATION_PAGES).store, docId, ids);
      return ids.map((id) => found.get(id));
    });
  }

  getSetting<T>(key: string): Promise<T | undefined> {
    return this.read(async () => (await this.db.get(SETTINGS, key)) as T | undefined);
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.write([SETTINGS], (tx) =>
      tx
        .objectStore(SETTINGS)
        .put(value, key)
        .then(() => undefined),
    );
  }

  /** Stores a document with its text, tag set and annotations; `annotationCount` is set from them. */
  async addDocument(
    meta: DocumentMeta,
    text: DocumentText,
    tagSet: TagSet,
    annotations: Annotation[] = [],
  ): Promise<void> {
    // Ids unique (the last wins), so that the count is exact.
    const unique = [...new Map(annotations.map((a) => [a.id, a])).values()];
    await this.write([DOCUMENTS, TEXTS, TAG_SETS, ANNOTATION_PAGES], async (tx) => {
      sameDoc(meta.id, [text.id, tagSet.docId, ...unique.map((a) => a.docId)]);
      // Requests are queued without awaiting each one: IndexedDB runs them in order within the
      // transaction, and one round trip per record would dominate large writes.
      await Promise.all([
        queued(tx.objectStore(TEXTS).put(text)),
        queued(tx.objectStore(TAG_SETS).put(tagSet)),
        queued(replacePages(tx.objectStore(ANNOTATION_PAGES), meta.id, unique)),
        queued(tx.objectStore(DOCUMENTS).put({ ...meta, annotationCount: unique.length })),
      ]);
    });
    this.feed?.post({ kind: 'documents' });
  }

  async updateDocument(
    id: string,
    patch: Partial<Pick<DocumentMeta, 'title' | 'opened'>>,
  ): Promise<void> {
    await this.write([DOCUMENTS], async (tx) => {
      const meta = await tx.objectStore(DOCUMENTS).get(id);
      if (meta) await tx.objectStore(DOCUMENTS).put({ ...meta, ...patch });
    });
    this.feed?.post({ kind: 'documents' });
  }

  /** Deletes a document with its text, tag set and annotations, in one transaction; returns them
   * for undo (`restoreDocument`). Whatever is left of a damaged document (say, no text) is deleted
   * too, but then nothing can be restored and the result is undefined. */
  async deleteDocument(id: string): Promise<DocumentSnapshot | undefined> {
    let snapshot: DocumentSnapshot | undefined;
    await this.write([DOCUMENTS, TEXTS, TAG_SETS, ANNOTATION_PAGES, VERSIONS], async (tx) => {
      const pages = tx.objectStore(ANNOTATION_PAGES);
      const [meta, text, tagSet, stored] = await Promise.all([
        tx.objectStore(DOCUMENTS).get(id),
        tx.objectStore(TEXTS).get(id),
        tx.objectStore(TAG_SETS).get(id),
        readPages(pages, id),
      ]);
      const annotations = flatten(stored);
      await Promise.all([
        queued(pages.delete(docRange(id))),
        tx.objectStore(VERSIONS).delete(versionRange(id)),
        tx.objectStore(TAG_SETS).delete(id),
        tx.objectStore(TEXTS).delete(id),
        tx.objectStore(DOCUMENTS).delete(id),
      ]);
      if (meta && text) snapshot = { meta, text, tagSet, annotations };
    });
    this.feed?.post({ kind: 'documents' });
    return snapshot;
  }

  async restoreDocument(s: DocumentSnapshot): Promise<void> {
    await this.addDocument(
      s.meta,
      s.text,
      s.tagSet ?? { docId: s.meta.id, tags: [] },
      s.annotations,
    );
  }

  /** One user action on a document's annotations and tag set (see AnnotationChange), in one
   * transaction that also keeps `annotationCount` up to date. A large change (an import) is
   * written a page per task (`writeInSteps`), still in that one transaction: aborting `signal`
   * or any failure on the way aborts it, and nothing of the change is written. */
  async applyChanges(
    docId: string,
    change: AnnotationChange,
    opts: StepOptions = {},
  ): Promise<void> {
    // One entry per id, so an id put twice or put and deleted is written once.
    const puts = [...new Map((change.put ?? []).map((a) => [a.id, a])).values()];
    const putIds = new Set(puts.map((a) => a.id));
    const dels = [...new Set(change.delete ?? [])].filter((id) => !putIds.has(id));
    const stores: Stores[] = [ANNOTATION_PAGES, TAG_SETS, DOCUMENTS];
    if (change.text) stores.push(TEXTS, VERSIONS);
    await this.write(stores, async (tx) => {
      sameDoc(docId, [
        ...puts.map((a) => a.docId),
        ...(change.tagSet ? [change.tagSet.docId] : []),
      ]);
      const docs = tx.objectStore(DOCUMENTS);
      const stored = await docs.get(docId);
      // A tab writing to a document deleted in another tab must not leave orphans.
      if (!stored) throw new Error(`document ${docId} is no longer in the library`);
      const meta = change.text ? await writeVersion(tx, stored, change.text) : stored;
      // Only the pages the changed ids fall in are read and rewritten, so a write costs about
      // the same in a document of ten annotations or ten thousand. The count changes by the ids
      // that were new and the deleted ids that were there; `repairCount` recounts.
      const { added, removed } = await changePages(
        tx.objectStore(ANNOTATION_PAGES),
        docId,
        puts,
        dels,
        meta.annotationCount,
        opts,
      );
      if (opts.signal?.aborted) throw new Error('the write was cancelled');
      if (change.tagSet) await tx.objectStore(TAG_SETS).put(change.tagSet);
      const count = Math.max(0, meta.annotationCount + added - removed);
      if (count !== meta.annotationCount || change.packet !== undefined || change.text) {
        const { packet: old, ...rest } = meta;
        const packet = change.packet === undefined ? old : change.packet;
        await docs.put({ ...rest, annotationCount: count, ...(packet ? { packet } : {}) });
      }
    });
    if (putIds.size || dels.length)
      this.feed?.post({ kind: 'annotations', docId, put: [...putIds], deleted: dels });
    if (change.tagSet) this.feed?.post({ kind: 'tags', docId });
    if (change.text) this.feed?.post({ kind: 'text', docId });
    if (change.packet !== undefined || change.text) this.feed?.post({ kind: 'documents' });
  }

  /** A document's saved text versions, oldest first (none until its text is first edited). */
  listVersions(docId: string): Promise<TextVersion[]> {
    return this.read(() => this.db.getAll(VERSIONS, versionRange(docId)));
  }

  /** Recounts a document's annotations from its pages and stores the count if it was wrong: for
   * a count damaged outside this class, found when the document is opened. */
  async repairCount(docId: string): Promise<void> {
    await this.write([DOCUMENTS, ANNOTATION_PAGES], async (tx) => {
      const pages = await readPages(tx.objectStore(ANNOTATION_PAGES), docId);
      await setCount(tx, docId, new Set(pages.flatMap((p) => p.annotations.map((a) => a.id))).size);
    });
    this.feed?.post({ kind: 'documents' });
  }

  /** Everything in one transaction: all of it is stored, or none (any invalid record aborts
   * the whole batch). Counts of every document touched are recomputed in the same transaction. */
  async importBatch(batch: ImportBatch): Promise<void> {
    const touched = new Map<string, string[]>();
    const tagged = new Set<string>();
    await this.write([DOCUMENTS, TEXTS, TAG_SETS, ANNOTATION_PAGES, VERSIONS], async (tx) => {
      const writes: Promise<unknown>[] = [];
      const byDoc = new Map<string, Annotation[]>();
      for (const d of batch.documents ?? []) {
        sameDoc(d.meta.id, [d.text.id, d.tagSet.docId, ...(d.versions ?? []).map((v) => v.docId)]);
        for (const v of d.versions ?? []) writes.push(queued(tx.objectStore(VERSIONS).put(v)));
        writes.push(
          queued(tx.objectStore(TEXTS).put(d.text)),
          queued(tx.objectStore(TAG_SETS).put(d.tagSet)),
          queued(tx.objectStore(DOCUMENTS).put(d.meta)),
        );
        if (!touched.has(d.meta.id)) touched.set(d.meta.id, []);
      }
      for (const t of batch.tagSets ?? []) {
        writes.push(queued(tx.objectStore(TAG_SETS).put(t)));
        tagged.add(t.docId);
      }
      for (const a of batch.annotations ?? []) {
        const list = byDoc.get(a.docId) ?? [];
        if (!list.length) byDoc.set(a.docId, list);
        list.push(a);
        const ids = touched.get(a.docId) ?? [];
        if (!touched.has(a.docId)) touched.set(a.docId, ids);
        ids.push(a.id);
      }
      await Promise.all(writes);
      // Each document's pages are read once, merged and written back; counts come out exact.
      const pages = tx.objectStore(ANNOTATION_PAGES);
      const docs = [...touched.keys()];
      const counts = await Promise.all(
        docs.map((id) => queued(mergePages(pages, id, byDoc.get(id) ?? []))),
      );
      await Promise.all(docs.map((id, i) => queued(setCount(tx, id, counts[i]))));
    });
    this.feed?.post({ kind: 'documents' });
    for (const [docId, put] of touched)
      this.feed?.post({ kind: 'annotations', docId, put, deleted: [] });
    for (const docId of tagged) this.feed?.post({ kind: 'tags', docId });
  }

  async exportAll(): Promise<DocumentSnapshot[]> {
    return this.read(async () => {
      const tx = this.db.transaction(
        [DOCUMENTS, TEXTS, TAG_SETS, ANNOTATION_PAGES, VERSIONS],
        'readonly',
      );
      const metas = await tx.objectStore(DOCUMENTS).getAll();
      const out: DocumentSnapshot[] = [];
      for (const meta of metas) {
        const text = await tx.objectStore(TEXTS).get(meta.id);
        if (!text) continue;
        out.push({
          meta,
          text,
          tagSet: await tx.objectStore(TAG_SETS).get(meta.id),
          annotations: flatten(await readPages(tx.objectStore(ANNOTATION_PAGES), meta.id)),
          versions: await tx.objectStore(VERSIONS).getAll(versionRange(meta.id)),
        });
      }
      await tx.done;
      return out;
    });
  }

  /** Bytes used and available to this site, or null where the browser does not say. */
  async estimate(): Promise<{ usage: number; quota: number } | null> {
    if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
    const e = await navigator.storage.estimate();
    return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
  }

  /** Asks that this site's data not be evicted under storage pressure. */
  async requestPersistence(): Promise<'granted' | 'denied' | 'unsupported'> {
    if (typeof navigator === 'undefined' || !navigator.storage?.persist) return 'unsupported';
    try {
      if (await navigator.storage.persisted?.()) return 'granted';
      return (await navigator.storage.persist()) ? 'granted' : 'denied';
    } catch {
      return 'denied';
    }
  }
}

/** Records of one document must all name it; anything else is a programmer error, thrown inside
 * the transaction so that it aborts. */
function sameDoc(docId: string, ids: string[]): void {
  const other = ids.find((id) => id !== docId);
  if (other !== undefined)
    throw new Error(`record of document ${other} written as part of ${docId}`);
}

/** Stores a document's `annotationCount` if it differs (a missing document is left missing). */
async function setCount(tx: RW, docId: string, count: number): Promise<void> {
  const docs = tx.objectStore(DOCUMENTS);
  const meta = await docs.get(docId);
  if (meta && meta.annotationCount !== count) await docs.put({ ...meta, annotationCount: count });
}
