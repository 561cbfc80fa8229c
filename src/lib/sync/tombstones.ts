/**
 * Deletions a room remembers (tombstones). A student's room holds, beside `annotations`, a
 * `deleted` Y.Map: annotation id → `{ at, creator }` (when it was deleted, by whom the record
 * was made). A Y.Map delete alone is enough while both sides stay connected, but it leaves
 * nothing behind for a side that was not there: a room opened later (a reload offline, a
 * server restart, the teacher's next visit) would see a record missing on one side and present
 * on the other and could not tell a deletion from a new record. With the tombstone:
 * - the student's first sync removes from the room what they deleted while it was closed, and
 *   never takes back what they deleted (even if the room holds a later edit of it);
 * - the teacher's first sync deletes its copy of a record the student deleted meanwhile (only a
 *   record by the same creator, not a prompt, not edited after the deletion: `accept.ts`);
 * - putting the id again (an undo) removes its tombstone in the same transaction.
 */
import * as Y from 'yjs';
import { get, isIri, isObj, readDate } from '../model/import-validate';

export const DELETED_KEY = 'deleted';
/** At most this many tombstones per room; the oldest go first (the server allows 10,000). */
export const MAX_TOMBSTONES = 9000;

export interface Tombstone {
  /** ISO 8601 time of the deletion. */
  at: string;
  /** Creator of the deleted record. */
  creator: string;
}

export const deletedMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap<unknown>(DELETED_KEY);

/** A tombstone read from a room (untrusted), or null when it is not one. */
export function readTombstone(key: string, value: unknown): Tombstone | null {
  if (!isIri(key) || !isObj(value)) return null;
  const at = readDate(get(value, 'at'));
  const creator = get(value, 'creator');
  if (!at || typeof creator !== 'string' || creator.length > 200) return null;
  return { at, creator };
}

/** Every valid tombstone of a room. */
export function readTombstones(doc: Y.Doc): Map<string, Tombstone> {
  const out = new Map<string, Tombstone>();
  deletedMap(doc).forEach((v, k) => {
    const t = readTombstone(k, v);
    if (t) out.set(k, t);
  });
  return out;
}

/** Whether a deletion at `t.at` is later than an edit made at `modified`. */
export const deletedAfter = (t: Tombstone, modified: string): boolean =>
  Date.parse(t.at) > Date.parse(modified);

/** Drops the oldest tombstones beyond MAX_TOMBSTONES (call inside the writing transaction). */
export function pruneTombstones(map: Y.Map<unknown>, max = MAX_TOMBSTONES): void {
  if (map.size <= max) return;
  const byAge = [...map.entries()]
    .map(([k, v]) => [k, Date.parse(readTombstone(k, v)?.at ?? '') || 0] as const)
    .sort((a, b) => a[1] - b[1]);
  for (const [k] of byAge.slice(0, map.size - max)) map.delete(k);
}
