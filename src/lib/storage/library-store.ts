import type { Annotation, DocumentMeta, DocumentText, TagSet, TextVersion } from '../model/types';
import { StoreConnection } from './store-connection';
import type { AnnotationChange, DocumentSnapshot, ImportBatch, OpenOptions } from './store-types';
import type { StepOptions } from './annotation-pages';
import * as reads from './store-reads';
import * as docWrites from './document-writes';
import * as annWrites from './annotation-writes';
import { getDrawRecord, putDrawRecord, type DrawRecord } from './draw-record';
import type { StampedList } from './store-reads';

export { StorageError, type StorageErrorKind } from './errors';
export type { AnnotationChange, DocumentSnapshot, ImportBatch, OpenOptions } from './store-types';
export type { StepOptions } from './annotation-pages';
export type { StampedList } from './store-reads';
export type { Revised } from './page-revision';
import type { Revised } from './page-revision';

/**
 * The one owner of the IndexedDB connection, and the app's only way to the library. Every write
 * is a single transaction and resolves only once it has committed, so the UI never shows as saved
 * what is not; a failed write aborts its transaction, so nothing is ever half-written.
 *
 * The work is split by responsibility: the connection and its read/write wrappers
 * (`store-connection.ts`), reads (`store-reads.ts`), whole-document writes
 * (`document-writes.ts`), annotation, tag and version writes (`annotation-writes.ts`); this class
 * is their one public face.
 */
export class LibraryStore {
  readonly #c: StoreConnection;

  private constructor(c: StoreConnection) {
    this.#c = c;
  }

  /** Opens (creating or upgrading) the library. Rejects with a StorageError: 'unavailable' when
   * the browser refuses storage, 'closed' when the database is newer than this code, 'quota'. */
  static async open(opts: OpenOptions = {}): Promise<LibraryStore> {
    return new LibraryStore(await StoreConnection.open(opts));
  }

  close(): void {
    this.#c.close();
  }

  /** The database's name: a Web Worker opens its own connection by it to read a document's
   * annotations off the page's thread (`page-reader.ts`). */
  get name(): string {
    return this.#c.db.name;
  }

  /** Most recently opened first (by instant, whatever the time zone). */
  listDocuments(): Promise<DocumentMeta[]> {
    return reads.listDocuments(this.#c);
  }

  getDocument(id: string): Promise<DocumentMeta | undefined> {
    return reads.getDocument(this.#c, id);
  }

  getText(id: string): Promise<DocumentText | undefined> {
    return reads.getText(this.#c, id);
  }

  findByHash(hash: string): Promise<DocumentMeta | undefined> {
    return reads.findByHash(this.#c, hash);
  }

  getTagSet(docId: string): Promise<TagSet | undefined> {
    return reads.getTagSet(this.#c, docId);
  }

  /** A document's annotations in id order, read as a few pages (see pages.ts). */
  listAnnotations(docId: string): Promise<Annotation[]> {
    return reads.listAnnotations(this.#c, docId);
  }

  /** `listAnnotations`, with the stamp (pages revision, text version) of the pages read, read
   * in the same transaction: what a drawing record computed from them is stamped with. */
  listAnnotationsStamped(docId: string): Promise<StampedList> {
    return reads.listAnnotationsStamped(this.#c, docId);
  }

  /** A document's drawing record as stored (draw-record.ts: check it with `fresh`). */
  getDrawRecord(docId: string): Promise<DrawRecord | undefined> {
    return getDrawRecord(this.#c, docId);
  }

  /** Stores a drawing record if the document still holds its stamp; false when it does not
   * (its pages or text changed since: the record is dropped). */
  putDrawRecord(record: DrawRecord): Promise<boolean> {
    return putDrawRecord(this.#c, record);
  }

  /** The annotations of one document with these ids, in the same order; `undefined` for an id
   * not stored there (deleted since it was named). Reads only the pages they fall in. */
  getAnnotations(docId: string, ids: readonly string[]): Promise<(Annotation | undefined)[]> {
    return reads.getAnnotations(this.#c, docId, ids);
  }

  getSetting<T>(key: string): Promise<T | undefined> {
    return reads.getSetting<T>(this.#c, key);
  }

  setSetting(key: string, value: unknown): Promise<void> {
    return docWrites.setSetting(this.#c, key, value);
  }

  /** Stores a document with its text, tag set and annotations; `annotationCount` is set from them. */
  addDocument(
    meta: DocumentMeta,
    text: DocumentText,
    tagSet: TagSet,
    annotations: Annotation[] = [],
    versions: readonly TextVersion[] = [],
  ): Promise<void> {
    return docWrites.addDocument(this.#c, meta, text, tagSet, annotations, versions);
  }

  updateDocument(
    id: string,
    patch: Partial<Pick<DocumentMeta, 'title' | 'opened'>>,
  ): Promise<void> {
    return docWrites.updateDocument(this.#c, id, patch);
  }

  /** Deletes a document with all that is stored for it, in one transaction; returns it for undo
   * (`restoreDocument`), or undefined for a damaged document (it is deleted all the same). */
  deleteDocument(id: string): Promise<DocumentSnapshot | undefined> {
    return docWrites.deleteDocument(this.#c, id);
  }

  async restoreDocument(s: DocumentSnapshot): Promise<void> {
    await this.addDocument(
      s.meta,
      s.text,
      s.tagSet ?? { docId: s.meta.id, tags: [] },
      s.annotations,
      s.versions,
    );
  }

  /** One user action on a document's annotations and tag set, in one transaction that keeps
   * `annotationCount` exact; a large change is written a page per task, and aborting `signal`
   * or any failure writes nothing of it (see annotation-writes.ts). */
  applyChanges(
    docId: string,
    change: AnnotationChange,
    opts: StepOptions = {},
  ): Promise<Revised[]> {
    return annWrites.applyChanges(this.#c, docId, change, opts);
  }

  /** Tells other tabs what a committed `applyChanges(docId, change)` changed, when the write
   * was made apart (`page-writer.ts`, in the import worker), on a connection without the feed. */
  announce(docId: string, change: AnnotationChange): void {
    if (this.#c.feed) annWrites.announceChange(this.#c.feed, docId, change);
  }

  /** A document's saved text versions, oldest first (none until its text is first edited). */
  listVersions(docId: string): Promise<TextVersion[]> {
    return reads.listVersions(this.#c, docId);
  }

  /** Rewrites the annotation pages a saved text edit left counting in an older version,
   * carried to the current one (stale-pages.ts); nothing to do when they are current. Reads
   * return the same annotations before and after: this only spares later reads the carrying.
   * Resolves with the rewrite's revision change (none when there was nothing to do). */
  catchUp(docId: string): Promise<Revised[]> {
    return annWrites.catchUp(this.#c, docId);
  }

  /** Recounts a document's annotations and stores the count if it was wrong. */
  repairCount(docId: string): Promise<void> {
    return annWrites.repairCount(this.#c, docId);
  }

  /** Documents, annotations and tag sets in one transaction: all of it is stored, or none. */
  importBatch(batch: ImportBatch): Promise<void> {
    return annWrites.importBatch(this.#c, batch);
  }

  exportAll(): Promise<DocumentSnapshot[]> {
    return reads.exportAll(this.#c);
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
