import type { LibraryStore } from '../storage/library-store';
import { readTombstone, type Tombstone } from '../sync/tombstones';

/** Setting holding a student's deletions on one document while in a live class. */
export const liveTombstonesKey = (docId: string): string => `live-deleted:${docId}`;
/** Deletions kept; the oldest go first (they matter only until the room has heard of them). */
const MAX_KEPT = 2000;

/**
 * A student's deletions on the open document, kept in IndexedDB (settings) for as long as they
 * share it: a deletion made while the room is closed (offline, server down, the app reloaded
 * or closed before it could send) is still known at the next first sync, so the room's older
 * copy is removed instead of coming back (`sync/reconcile.ts`). Putting the id again (undo)
 * forgets it. Noted synchronously, saved in order (never two writes racing).
 */
export class LocalTombstones {
  #docId = '';
  #map = new Map<string, Tombstone>();
  #saving: Promise<void> = Promise.resolve();

  constructor(
    private store?: Pick<LibraryStore, 'getSetting' | 'setSetting'>,
    private now: () => Date = () => new Date(),
  ) {}

  get map(): ReadonlyMap<string, Tombstone> {
    return this.#map;
  }
  has(id: string): boolean {
    return this.#map.has(id);
  }

  /** Reads `docId`'s deletions; what was noted meanwhile for it is kept. */
  async load(docId: string): Promise<void> {
    if (docId !== this.#docId) this.#map = new Map();
    this.#docId = docId;
    const saved = await this.store?.getSetting<Record<string, unknown>>(liveTombstonesKey(docId));
    if (docId !== this.#docId || !saved || typeof saved !== 'object') return;
    for (const [id, v] of Object.entries(saved)) {
      const t = readTombstone(id, v);
      if (t && !this.#map.has(id)) this.#map.set(id, t);
    }
  }

  /** A committed local batch on `docId`: deleted ids are noted (made by `creator`), put ids forgotten. */
  note(docId: string, put: readonly string[], deleted: readonly string[], creator: string): void {
    if (docId !== this.#docId || (!deleted.length && !put.some((id) => this.#map.has(id)))) return;
    const at = this.now().toISOString();
    for (const id of deleted) this.#map.set(id, { at, creator });
    for (const id of put) this.#map.delete(id);
    for (const id of [...this.#map.keys()].slice(0, Math.max(0, this.#map.size - MAX_KEPT)))
      this.#map.delete(id);
    const value = Object.fromEntries(this.#map);
    this.#saving = this.#saving
      .then(() => this.store?.setSetting(liveTombstonesKey(docId), value))
      .catch(() => {});
  }

  /** Resolves once every noted change is saved. */
  saved(): Promise<void> {
    return this.#saving;
  }

  /** Forgets `docId`'s deletions (the student left the class). */
  async clear(docId: string): Promise<void> {
    if (docId === this.#docId) this.#map = new Map();
    await this.#saving;
    await this.store?.setSetting(liveTombstonesKey(docId), undefined);
  }
}
