/**
 * Mirrors one document's annotations between the app's change batches and a live-class room
 * (a Y.Doc whose `annotations` Y.Map holds the same JSON records as IndexedDB, keyed by id).
 * - Local batch → the Y.Map in one `transact`, tagged LOCAL_ORIGIN so it is not echoed back;
 *   each deletion leaves a tombstone in the room's `deleted` map, each put removes its own
 *   (`tombstones.ts`).
 * - Remote Y events → one batch of puts and deletes, each put checked by readAnnotationRecord
 *   first: a record that fails is never applied, its problem is reported instead.
 * The caller applies remote batches through the app's single change path (the same method as
 * local edits, undo and other tabs), so nothing reaches IndexedDB another way.
 */
import * as Y from 'yjs';
import type { Annotation } from '../model/types';
import { readAnnotationRecord, type RecordContext } from './record';
import { deletedMap, pruneTombstones, type Tombstone } from './tombstones';

export const ANNOTATIONS_KEY = 'annotations';
/** Transaction origin of writes made by this mirror on behalf of local changes. */
export const LOCAL_ORIGIN = Symbol('marginalia-local');

export interface AnnotationBatch {
  put: Annotation[];
  delete: string[];
}

export interface RemoteBatch extends AnnotationBatch {
  /** One message per record refused by validation (never applied). */
  problems: string[];
  /** A read-only first sync: the room's tombstones, for `acceptRemote` to weigh. */
  tombstones?: ReadonlyMap<string, Tombstone>;
}

/** The tombstone a local deletion of `id` leaves; `record` is the room's copy, if any. */
export type TombstoneFor = (id: string, record: unknown) => Tombstone;

/** The creator named by a room's record, or ''. */
export const creatorOf = (record: unknown): string => {
  const c = (record as { creator?: unknown } | undefined)?.creator;
  return typeof c === 'string' ? c.slice(0, 200) : '';
};

const nowTombstone: TombstoneFor = (_id, record) => ({
  at: new Date().toISOString(),
  creator: creatorOf(record),
});

/** Plain JSON copy, so the map holds exactly what IndexedDB holds (no class instances). */
const toJson = (a: Annotation): Record<string, unknown> => JSON.parse(JSON.stringify(a));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes a local batch into `map` in one transaction; unchanged records are not rewritten. A
 * deleted id gets a tombstone (`tombFor`, unless it has one), even when the room does not hold
 * the record yet (a room opened offline: the server's copy is removed at the first sync); a
 * put id loses its tombstone (an undo brings it back).
 */
export function applyLocalBatch(
  map: Y.Map<unknown>,
  batch: AnnotationBatch,
  tombFor: TombstoneFor = nowTombstone,
): void {
  const doc = map.doc;
  const write = () => {
    const deleted = doc ? deletedMap(doc) : null;
    const put = new Set(batch.put.map((a) => a.id));
    for (const id of batch.delete) {
      if (put.has(id)) continue;
      const old = map.get(id);
      if (map.has(id)) map.delete(id);
      if (!deleted) continue;
      // A tombstone written before the room held the record (offline) named the creator as
      // best it could; the record's own creator, once known, is the one the teacher checks.
      const had = deleted.get(id);
      if (had === undefined || (old !== undefined && creatorOf(had) !== creatorOf(old)))
        deleted.set(id, { ...tombFor(id, old) });
    }
    for (const a of batch.put) {
      if (deleted?.has(a.id)) deleted.delete(a.id);
      const json = toJson(a);
      if (!same(map.get(a.id), json)) map.set(a.id, json);
    }
    if (deleted && batch.delete.length) pruneTombstones(deleted);
  };
  if (doc) doc.transact(write, LOCAL_ORIGIN);
  else write();
}

/** Records per Y transaction when a batch may be large (an import, a first sync): each goes out
 * as its own message, well under the server's 1 MB per message. */
export const CHUNK = 200;

/** Deletions per Y transaction (each leaves a tombstone of ~100 bytes). */
const DELETE_CHUNK = 1000;

/** `applyLocalBatch` in transactions of at most CHUNK puts and DELETE_CHUNK deletions (an id
 * both put and deleted is put, as in one batch). */
export function applyLocalChunks(
  map: Y.Map<unknown>,
  batch: AnnotationBatch,
  tombFor?: TombstoneFor,
): void {
  const put = batch.put;
  const putIds = new Set(put.map((a) => a.id));
  const del = batch.delete.filter((id) => !putIds.has(id));
  const n = Math.max(1, Math.ceil(put.length / CHUNK), Math.ceil(del.length / DELETE_CHUNK));
  for (let i = 0; i < n; i++)
    applyLocalBatch(
      map,
      {
        put: put.slice(i * CHUNK, (i + 1) * CHUNK),
        delete: del.slice(i * DELETE_CHUNK, (i + 1) * DELETE_CHUNK),
      },
      tombFor,
    );
}

/** Reads the records under `keys` (changed remotely) as a validated batch. */
export function readRemoteChanges(
  map: Y.Map<unknown>,
  keys: Iterable<string>,
  ctx: RecordContext,
): RemoteBatch {
  const out: RemoteBatch = { put: [], delete: [], problems: [] };
  for (const key of keys) {
    if (!map.has(key)) {
      out.delete.push(key);
      continue;
    }
    const r = readAnnotationRecord(key, map.get(key), ctx);
    if (r.ok) out.put.push(r.value);
    else out.problems.push(r.error);
  }
  return out;
}

/**
 * Watches `doc`'s annotations for changes from elsewhere (the server, other clients) and hands
 * each transaction's changes to `onRemote` as one validated batch. Returns the unsubscribe.
 */
export function observeRemote(
  doc: Y.Doc,
  ctx: RecordContext,
  onRemote: (batch: RemoteBatch) => void,
): () => void {
  const map = doc.getMap<unknown>(ANNOTATIONS_KEY);
  const handler = (event: Y.YMapEvent<unknown>) => {
    if (event.transaction.origin === LOCAL_ORIGIN) return;
    const batch = readRemoteChanges(map, event.keysChanged, ctx);
    if (batch.put.length || batch.delete.length || batch.problems.length) onRemote(batch);
  };
  map.observe(handler);
  return () => map.unobserve(handler);
}
