import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Annotation, DocumentMeta, DocumentText, TagSet } from '../model/types';
import { ANNOTATIONS, DB_NAME, DB_VERSION, DOCUMENTS, SETTINGS, TAG_SETS, TEXTS, upgrade, type MarginaliaDB } from './schema';
import { StorageError, toStorageError } from './errors';
import type { ChangeFeed } from './change-feed';

export { StorageError } from './errors';

export interface DocumentSnapshot {
  meta: DocumentMeta;
  text: DocumentText;
  tagSet: TagSet | undefined;
  annotations: Annotation[];
}

export interface AnnotationChange {
  put?: Annotation[];
  delete?: string[];
  tagSet?: TagSet;
}

export interface ImportBatch {
  documents?: { meta: DocumentMeta; text: DocumentText; tagSet: TagSet }[];
  annotations?: Annotation[];
  tagSets?: TagSet[];
}

export interface OpenOptions {
  name?: string;
  feed?: ChangeFeed;
  onVersionChange?: () => void;
  onBlocked?: () => void;
}

type Stores = StoreNames<MarginaliaDB>;
type RW = IDBPTransaction<MarginaliaDB, Stores[], 'readwrite'>;

/// The one owner of the IndexedDB connection. Every write is a single transaction and resolves
/// only once it has committed (`tx.done`), so the UI never shows as saved what is not; a failed
/// write aborts its transaction, so nothing is ever half-written.
export class LibraryStore {
  private closed = false;

  private constructor(
    private db: IDBPDatabase<MarginaliaDB>,
    private feed?: ChangeFeed,
  ) {}

  static async open(opts: OpenOptions = {}): Promise<LibraryStore> {
    if (typeof indexedDB === 'undefined') throw new StorageError('unavailable');
    let store: LibraryStore | undefined;
    try {
      const db = await openDB<MarginaliaDB>(opts.name ?? DB_NAME, DB_VERSION, {
        upgrade,
        blocked: () => opts.onBlocked?.(),
        // A newer version in another tab wants to upgrade: step aside rather than block it.
        blocking: () => {
          store?.close();
          opts.onVersionChange?.();
        },
        terminated: () => {
          if (store) store.closed = true;
        },
      });
      store = new LibraryStore(db, opts.feed);
      return store;
    } catch (err) {
      const e = toStorageError(err);
      throw e.kind === 'unknown' || e.kind === 'aborted' ? new StorageError('unavailable', err) : e;
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

  listDocuments(): Promise<DocumentMeta[]> {
    return this.read(async () => (await this.db.getAllFromIndex(DOCUMENTS, 'by-opened')).reverse());
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

  listAnnotations(docId: string): Promise<Annotation[]> {
    return this.read(() => this.db.getAllFromIndex(ANNOTATIONS, 'by-doc', docId));
  }

  getSetting<T>(key: string): Promise<T | undefined> {
    return this.read(async () => (await this.db.get(SETTINGS, key)) as T | undefined);
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.write([SETTINGS], (tx) => tx.objectStore(SETTINGS).put(value, key).then(() => undefined));
  }

  async addDocument(meta: DocumentMeta, text: DocumentText, tagSet: TagSet, annotations: Annotation[] = []): Promise<void> {
    await this.write([DOCUMENTS, TEXTS, TAG_SETS, ANNOTATIONS], async (tx) => {
      // Requests are queued without awaiting each one: IndexedDB runs them in order within the
      // transaction, and one round trip per record would dominate large writes.
      await Promise.all([
        tx.objectStore(TEXTS).put(text),
        tx.objectStore(TAG_SETS).put(tagSet),
        ...annotations.map((a) => queued(tx.objectStore(ANNOTATIONS).put(a))),
        tx.objectStore(DOCUMENTS).put({ ...meta, annotationCount: annotations.length }),
      ]);
    });
    this.feed?.post({ kind: 'documents' });
  }

  async updateDocument(id: string, patch: Partial<Pick<DocumentMeta, 'title' | 'opened'>>): Promise<void> {
    await this.write([DOCUMENTS], async (tx) => {
      const meta = await tx.objectStore(DOCUMENTS).get(id);
      if (meta) await tx.objectStore(DOCUMENTS).put({ ...meta, ...patch });
    });
    this.feed?.post({ kind: 'documents' });
  }

  /** Deletes a document with its text, tag set and annotations; returns them for undo. */
  async deleteDocument(id: string): Promise<DocumentSnapshot | undefined> {
    let snapshot: DocumentSnapshot | undefined;
    await this.write([DOCUMENTS, TEXTS, TAG_SETS, ANNOTATIONS], async (tx) => {
      const meta = await tx.objectStore(DOCUMENTS).get(id);
      const text = await tx.objectStore(TEXTS).get(id);
      if (!meta || !text) return;
      const tagSet = await tx.objectStore(TAG_SETS).get(id);
      const anns = tx.objectStore(ANNOTATIONS);
      const annotations = await anns.index('by-doc').getAll(id);
      await Promise.all(annotations.map((a) => anns.delete(a.id)));
      await tx.objectStore(TAG_SETS).delete(id);
      await tx.objectStore(TEXTS).delete(id);
      await tx.objectStore(DOCUMENTS).delete(id);
      snapshot = { meta, text, tagSet, annotations };
    });
    this.feed?.post({ kind: 'documents' });
    return snapshot;
  }

  async restoreDocument(s: DocumentSnapshot): Promise<void> {
    await this.addDocument(s.meta, s.text, s.tagSet ?? { docId: s.meta.id, tags: [] }, s.annotations);
  }

  /** One user action on a document's annotations and tag set, in one transaction. */
  async applyChanges(docId: string, change: AnnotationChange): Promise<void> {
    await this.write([ANNOTATIONS, TAG_SETS, DOCUMENTS], async (tx) => {
      const anns = tx.objectStore(ANNOTATIONS);
      for (const a of change.put ?? []) if (a.docId !== docId) throw new Error(`annotation ${a.id} belongs to another document`);
      // The count is kept exact incrementally: existing keys are checked, not the index counted.
      // One entry per id: the last put wins, and an id both put and deleted ends up put.
      const puts = [...new Map((change.put ?? []).map((a) => [a.id, a])).values()];
      const putIds = new Set(puts.map((a) => a.id));
      const dels = [...new Set(change.delete ?? [])].filter((id) => !putIds.has(id));
      const [existedPut, existedDel] = await Promise.all([
        Promise.all(puts.map((a) => anns.getKey(a.id))),
        Promise.all(dels.map((id) => anns.getKey(id))),
      ]);
      const delta = existedPut.filter((k) => k === undefined).length - existedDel.filter((k) => k !== undefined).length;
      await Promise.all([
        ...dels.map((id) => queued(anns.delete(id))),
        ...puts.map((a) => queued(anns.put(a))),
        ...(change.tagSet ? [tx.objectStore(TAG_SETS).put(change.tagSet)] : []),
      ]);
      if (delta !== 0) {
        const docs = tx.objectStore(DOCUMENTS);
        const meta = await docs.get(docId);
        if (meta) await docs.put({ ...meta, annotationCount: Math.max(0, meta.annotationCount + delta) });
      }
    });
    if (change.put?.length || change.delete?.length) {
      this.feed?.post({ kind: 'annotations', docId, put: (change.put ?? []).map((a) => a.id), deleted: change.delete ?? [] });
    }
    if (change.tagSet) this.feed?.post({ kind: 'tags', docId });
  }

  /** Everything in one transaction: all of it is stored, or none. */
  async importBatch(batch: ImportBatch): Promise<void> {
    const touched = new Set<string>();
    await this.write([DOCUMENTS, TEXTS, TAG_SETS, ANNOTATIONS], async (tx) => {
      const writes: Promise<unknown>[] = [];
      for (const d of batch.documents ?? []) {
        writes.push(queued(tx.objectStore(TEXTS).put(d.text)), queued(tx.objectStore(TAG_SETS).put(d.tagSet)), queued(tx.objectStore(DOCUMENTS).put(d.meta)));
        touched.add(d.meta.id);
      }
      for (const t of batch.tagSets ?? []) writes.push(queued(tx.objectStore(TAG_SETS).put(t)));
      for (const a of batch.annotations ?? []) {
        writes.push(queued(tx.objectStore(ANNOTATIONS).put(a)));
        touched.add(a.docId);
      }
      await Promise.all(writes);
      for (const id of touched) await recount(tx, id);
    });
    this.feed?.post({ kind: 'documents' });
    for (const docId of touched) this.feed?.post({ kind: 'annotations', docId, put: [], deleted: [] });
  }

  async exportAll(): Promise<DocumentSnapshot[]> {
    return this.read(async () => {
      const tx = this.db.transaction([DOCUMENTS, TEXTS, TAG_SETS, ANNOTATIONS], 'readonly');
      const metas = await tx.objectStore(DOCUMENTS).getAll();
      const out: DocumentSnapshot[] = [];
      for (const meta of metas) {
        const text = await tx.objectStore(TEXTS).get(meta.id);
        if (!text) continue;
        out.push({ meta, text, tagSet: await tx.objectStore(TAG_SETS).get(meta.id), annotations: await tx.objectStore(ANNOTATIONS).index('by-doc').getAll(meta.id) });
      }
      await tx.done;
      return out;
    });
  }

  async estimate(): Promise<{ usage: number; quota: number } | null> {
    if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
    const e = await navigator.storage.estimate();
    return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
  }

  async requestPersistence(): Promise<'granted' | 'denied' | 'unsupported'> {
    if (typeof navigator === 'undefined' || !navigator.storage?.persist) return 'unsupported';
    if (await navigator.storage.persisted?.()) return 'granted';
    return (await navigator.storage.persist()) ? 'granted' : 'denied';
  }
}

/** Marks a request's promise as observed: when a later request in the same transaction throws
 * and the transaction aborts, earlier requests reject too, and that is already handled by the
 * caller's error (not an unhandled rejection). */
function queued<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

async function recount(tx: RW, docId: string): Promise<void> {
  const docs = tx.objectStore(DOCUMENTS);
  const meta = await docs.get(docId);
  if (!meta) return;
  const count = await tx.objectStore(ANNOTATIONS).index('by-doc').count(docId);
  if (meta.annotationCount !== count) await docs.put({ ...meta, annotationCount: count });
}
