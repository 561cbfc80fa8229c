import { LibraryStore } from '../storage/library-store';
import type { ChangeFeed } from '../storage/change-feed';
import type { Notices } from './notices.svelte';
import type { LibraryState } from './library.svelte';
import { describeStorageError } from './errors';

export const SAMPLE_FILE = 'sample-interview.txt';

/** The library opened for this tab, or why it cannot be used at all. */
export type OpenedLibrary =
  { store: LibraryStore; ephemeral: boolean } | { store: null; fatal: string };

/**
 * Opens the reader's library. When the browser refuses IndexedDB (private mode, disabled site
 * data), the app still works for this tab on an in-memory database, and says plainly that
 * nothing will be kept (`ephemeral`). Any other failure is `fatal`, with a message to show.
 */
export async function openLibrary(opts: {
  feed: ChangeFeed;
  notices: Notices;
  /** Another tab upgraded the database: this tab must reload. */
  onVersionChange: () => void;
}): Promise<OpenedLibrary> {
  try {
    const store = await LibraryStore.open({
      feed: opts.feed,
      onVersionChange: opts.onVersionChange,
      onBlocked: () =>
        opts.notices.error(
          'Another Marginalia tab is using an older version of your library. Close other Marginalia tabs to continue.',
        ),
    });
    return { store, ephemeral: false };
  } catch (err) {
    const store = await openInMemory(err, opts.feed);
    if (!store) return { store: null, fatal: describeStorageError(err) };
    opts.notices.error(
      `${describeStorageError(err)} For now, your work is kept only while this tab stays open.`,
    );
    return { store, ephemeral: true };
  }
}

/** An in-memory library, when `err` says IndexedDB is unavailable; null otherwise. */
async function openInMemory(err: unknown, feed: ChangeFeed): Promise<LibraryStore | null> {
  if (!(err instanceof Error && 'kind' in err && (err as { kind: string }).kind === 'unavailable'))
    return null;
  try {
    // idb recognises requests by the global IDB* classes, so all of them are swapped together.
    const memory = await import('fake-indexeddb');
    for (const name of [
      'indexedDB',
      'IDBKeyRange',
      'IDBDatabase',
      'IDBObjectStore',
      'IDBIndex',
      'IDBCursor',
      'IDBCursorWithValue',
      'IDBTransaction',
      'IDBRequest',
      'IDBOpenDBRequest',
      'IDBFactory',
      'IDBVersionChangeEvent',
    ] as const) {
      Object.defineProperty(globalThis, name, {
        value: memory[name],
        configurable: true,
        writable: true,
      });
    }
    return await LibraryStore.open({ feed });
  } catch {
    return null;
  }
}

/** First run: adds the sample text shipped with the app; its id, or null (the reader is told). */
export async function addSample(library: LibraryState, notices: Notices): Promise<string | null> {
  try {
    const res = await fetch(`${import.meta.env.BASE_URL}${SAMPLE_FILE}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const file = new File([await res.blob()], SAMPLE_FILE, { type: 'text/plain' });
    return await library.addFiles([file]);
  } catch (err) {
    notices.error(
      `The sample text could not be loaded (${err instanceof Error ? err.message : err}). Open a text of your own.`,
    );
    return null;
  }
}
