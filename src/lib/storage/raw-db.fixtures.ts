/**
 * The library's database as tests see it beneath `LibraryStore`: a genuine database of an older
 * schema version (the migration tests) and its records read straight back (the migration tests
 * and the e2e specs). Test support only: imported by *.test.ts and e2e/.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import {
  upgradeToV1,
  upgradeToV2,
  upgradeToV3,
  upgradeToV4,
  upgradeToV5,
  type MarginaliaDB,
} from './schema';

type UpgradeTx = IDBPTransaction<MarginaliaDB, StoreNames<MarginaliaDB>[], 'versionchange'>;

/** The frozen steps of the released versions: `STEPS[n - 1]` made version n. */
const STEPS: ((db: IDBPDatabase<MarginaliaDB>, tx: UpgradeTx) => Promise<void> | void)[] = [
  (db) => upgradeToV1(db),
  (_db, tx) => upgradeToV2(tx),
  (db, tx) => upgradeToV3(db, tx),
  (db) => upgradeToV4(db),
  () => upgradeToV5(),
];

/**
 * Creates database `name` at `version`, an older schema version, with the frozen steps up to
 * it (exactly what `upgrade` ran when that version was current); `seed` then writes its records
 * as that version's code did. The database is closed after `seed`, whose result is returned.
 */
export async function oldDatabase<T>(
  name: string,
  version: 1 | 2 | 3 | 4 | 5,
  seed: (db: IDBPDatabase<MarginaliaDB>) => Promise<T>,
): Promise<T> {
  const db = await openDB<MarginaliaDB>(name, version, {
    upgrade: async (d, old, _v, tx) => {
      for (let n = old + 1; n <= version; n++) await STEPS[n - 1](d, tx);
    },
  });
  try {
    return await seed(db);
  } finally {
    db.close();
  }
}

/** One stored record and its key. */
export interface StoredRecord {
  key: IDBValidKey;
  value: unknown;
}

/** What `readStores` read: the database's version, its store names, and the records asked for. */
export interface StoredDatabase {
  version: number;
  stores: string[];
  records: Record<string, StoredRecord[]>;
}

/**
 * Every record (with its key, in key order) of each of `stores` in database `name`, opened at
 * its current version and closed again. It never creates or upgrades a database: one that does
 * not exist is refused. Self-contained (only the global `indexedDB`, nothing imported), so an
 * e2e spec runs it in the page: `page.evaluate(readStores, { name: 'marginalia', stores })`.
 */
export function readStores(ask: { name: string; stores: string[] }): Promise<StoredDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(ask.name);
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => reject(new Error(`no database ${ask.name}: ${open.error?.message}`));
    open.onsuccess = () => {
      const db = open.result;
      const out: StoredDatabase = {
        version: db.version,
        stores: [...db.objectStoreNames],
        records: {},
      };
      let tx: IDBTransaction;
      try {
        tx = db.transaction(ask.stores);
      } catch (e) {
        db.close();
        return reject(e);
      }
      for (const store of ask.stores) {
        const list: StoredRecord[] = (out.records[store] = []);
        const cursor = tx.objectStore(store).openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return;
          list.push({ key: c.key, value: c.value });
          c.continue();
        };
      }
      tx.oncomplete = () => {
        db.close();
        resolve(out);
      };
      tx.onerror = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}
