/**
 * Mirrors one document's annotations between the app's change batches and a live-class room
 * (a Y.Doc whose `annotations` Y.Map holds the same JSON records as IndexedDB, keyed by id).
 * - Local batch → the Y.Map in one `transact`, tagged LOCAL_ORIGIN so it is not echoed back.
 * - Remote Y events → one batch of puts and deletes, each put checked by readAnnotationRecord
 *   first: a record that fails is never applied, its problem is reported instead.
 * The caller applies remote batches through the app's single change path (the same method as
 * local edits, undo and other tabs), so nothing reaches IndexedDB another way.
 */
import * as Y from 'yjs';
import type { Annotation } from '../model/types';
import { readAnnotationRecord, type RecordContext } from './record';

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
}

/** Plain JSON copy, so the map holds exactly what IndexedDB holds (no class instances). */
const toJson = (a: Annotation): Record<string, unknown> => JSON.parse(JSON.stringify(a));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Writes a local batch into `map` in one transaction; unchanged records are not rewritten. */
export function applyLocalBatch(map: Y.Map<unknown>, batch: AnnotationBatch): void {
  const doc = map.doc;
  const write = () => {
    const put = new Set(batch.put.map((a) => a.id));
    for (const id of batch.delete) if (!put.has(id) && map.has(id)) map.delete(id);
    for (const a of batch.put) {
      const json = toJson(a);
      if (!same(map.get(a.id), json)) map.set(a.id, json);
    }
  };
  if (doc) doc.transact(write, LOCAL_ORIGIN);
  else write();
}

/** Records per Y transaction when a batch may be large (an import, a first sync): each goes out
 * as its own message, well under the server's 1 MB per message. */
export const CHUNK = 200;

/** `applyLocalBatch` in transactions of at most CHUNK puts (the deletes go with the first). */
export function applyLocalChunks(map: Y.Map<unknown>, batch: AnnotationBatch): void {
  const { put, delete: del } = batch;
  applyLocalBatch(map, { put: put.slice(0, CHUNK), delete: del });
  for (let i = CHUNK; i < put.length; i += CHUNK)
    applyLocalBatch(map, { put: put.slice(i, i + CHUNK), delete: [] });
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
 * First sync of a room with the local annotations: records only on one side go to the other;
 * for an id on both sides the later `modified` wins (the local one on a tie). Returns the batch
 * to apply locally; the map is updated in one local transaction.
 */
export function reconcile(
  map: Y.Map<unknown>,
  local: readonly Annotation[],
  ctx: RecordContext,
): RemoteBatch {
  const remote = readRemoteChanges(map, [...map.keys()], ctx);
  const localById = new Map(local.map((a) => [a.id, a]));
  const toLocal: Annotation[] = [];
  const toRemote: Annotation[] = [];
  for (const r of remote.put) {
    const l = localById.get(r.id);
    if (!l || Date.parse(r.modified) > Date.parse(l.modified)) toLocal.push(r);
  }
  const remoteIds = new Set([...map.keys()]);
  const newer = new Set(toLocal.map((a) => a.id));
  for (const l of local) if (!remoteIds.has(l.id) || !newer.has(l.id)) toRemote.push(l);
  applyLocalChunks(map, { put: toRemote, delete: [] });
  return { put: toLocal, delete: [], problems: remote.problems };
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
