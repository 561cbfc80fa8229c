import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import {
  ANNOTATION_PAGES,
  DB_NAME,
  DB_VERSION,
  DOCUMENTS,
  DRAW_RECORDS,
  upgrade,
  type MarginaliaDB,
} from './schema';
import { bumpRevisions, type Revised } from './page-revision';
import type { WritablePages } from './annotation-pages';
import { StorageError, toOpenError, toStorageError } from './errors';
import type { ChangeFeed } from './change-feed';
import type { OpenOptions } from './store-types';

export type Stores = StoreNames<MarginaliaDB>;
/** A readwrite transaction over any of the stores. */
export type RW = IDBPTransaction<MarginaliaDB, Stores[], 'readwrite'>;
/** The pages store, handed out for the pages of one document (see `writePages`). */
export type PagesFor = (docId: string) => WritablePages;

/**
 * The IndexedDB connection and the two ways of using it: `read` and `write`. Every write is a
 * single transaction and resolves only once it has committed (`tx.done`), so the UI never shows
 * as saved what is not; a failed write aborts its transaction, so nothing is ever half-written.
 * Once closed (by this code, by a newer version in another tab, or by the browser), every read
 * and write rejects with a 'closed' StorageError.
 */
export class StoreConnection {
  #closed = false;

  private constructor(
    readonly db: IDBPDatabase<MarginaliaDB>,
    /** Told about every committed write, for other tabs (none in tests that do not need it). */
    readonly feed?: ChangeFeed,
  ) {}

  /** Opens (creating or upgrading) the library. Rejects with a StorageError: 'unavailable' when
   * the browser refuses storage, 'closed' when the database is newer than this code, 'quota'. */
  static async open(opts: OpenOptions = {}): Promise<StoreConnection> {
    if (typeof indexedDB === 'undefined') throw new StorageError('unavailable');
    let conn: StoreConnection | undefined;
    // The connection can be lost before `conn` exists (idb listens from the open's success).
    let lost = false;
    const lose = () => {
      lost = true;
      if (conn) conn.#closed = true;
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
      conn = new StoreConnection(db, opts.feed);
      conn.#closed = lost;
      return conn;
    } catch (err) {
      throw toOpenError(err);
    }
  }

  /**
   * Opens the library as it is, for a Web Worker writing beside the page (`page-writer.ts`):
   * at its current version, never creating or upgrading it, and only when that version is this
   * code's (`DB_VERSION`); otherwise it rejects, nothing opened, and the page writes instead.
   * Closes itself when another tab needs to upgrade (a write in flight then aborts), so that it
   * never blocks an upgrade. No feed: the page tells other tabs once the write has committed.
   */
  static async openApart(name: string): Promise<StoreConnection> {
    if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available here');
    const opened: { conn?: StoreConnection } = {};
    let created = false;
    let lost = false;
    const lose = () => {
      lost = true;
      if (opened.conn) opened.conn.#closed = true;
    };
    const db = await openDB<MarginaliaDB>(name, undefined, {
      // Only reached when there was no database: nothing must be created.
      upgrade: () => void (created = true),
      blocking: (_current, _next, event) => {
        (event.target as IDBDatabase).close();
        lose();
      },
      terminated: lose,
    });
    if (created || db.version !== DB_VERSION || lost) {
      db.close();
      if (created) indexedDB.deleteDatabase(name);
      throw new Error(`the library ${name} is not at version ${DB_VERSION} here`);
    }
    opened.conn = new StoreConnection(db);
    return opened.conn;
  }

  close(): void {
    this.#closed = true;
    this.db.close();
  }

  #check(): void {
    if (this.#closed) throw new StorageError('closed');
  }

  /** Runs `fn` in one readwrite transaction; aborts it on any error. Refuses the annotation
   * pages: they are written through `writePages`. */
  write(stores: Stores[], fn: (tx: RW) => Promise<void> | void): Promise<void> {
    if (stores.includes(ANNOTATION_PAGES))
      throw new Error('annotation pages are written through writePages (page-revision.ts)');
    return this.#write(stores, fn);
  }

  /**
   * Runs `fn` in one readwrite transaction over `stores` and the pages (with the documents and
   * drawing records): the one way to write annotation pages. `fn` reaches the pages store through
   * `pagesFor(docId)`, naming the document whose pages it reads or writes; every document named
   * gets a new pages revision, and loses its drawing record, in the same transaction, once `fn`
   * is done (page-revision.ts). Resolves, once committed, with those revision changes.
   */
  async writePages(
    stores: Stores[],
    fn: (tx: RW, pagesFor: PagesFor) => Promise<void> | void,
  ): Promise<Revised[]> {
    const all = [...new Set<Stores>([...stores, ANNOTATION_PAGES, DOCUMENTS, DRAW_RECORDS])];
    let revised: Revised[] = [];
    await this.#write(all, async (tx) => {
      const named = new Set<string>();
      const pages = tx.objectStore(ANNOTATION_PAGES);
      await fn(tx, (docId) => {
        named.add(docId);
        return pages;
      });
      revised = await bumpRevisions(tx, named);
    });
    return revised;
  }

  async #write(stores: Stores[], fn: (tx: RW) => Promise<void> | void): Promise<void> {
    this.#check();
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

  /** Runs a read; any failure becomes a StorageError. */
  async read<T>(fn: (db: IDBPDatabase<MarginaliaDB>) => Promise<T>): Promise<T> {
    this.#check();
    try {
      return await fn(this.db);
    } catch (err) {
      throw toStorageError(err);
    }
  }
}

/** Records of one document must all name it; anything else is a programmer error, thrown inside
 * the transaction so that it aborts. */
export function sameDoc(docId: string, ids: string[]): void {
  const other = ids.find((id) => id !== docId);
  if (other !== undefined)
    throw new Error(`record of document ${other} written as part of ${docId}`);
}
