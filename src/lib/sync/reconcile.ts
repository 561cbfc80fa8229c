/**
 * The first sync of a room with the local annotations (IndexedDB stays the truth), once the
 * room holds what the server has. Pure over the Y.Doc; returns the batch to apply locally.
 *
 * A student's own room (`readOnly` false), for each id:
 * - on both sides: the later `modified` wins (the local one on a tie);
 * - only in the room: deleted here (a local tombstone, kept while the room was closed) or in the
 *   room (its own tombstone) → removed from the room, tombstoned there, never taken back, even
 *   when the room's copy is a later edit; otherwise it is new (another tab) and comes here;
 * - only here: sent to the room, unless the room's tombstone is later than this copy's last
 *   edit (deleted elsewhere since) → deleted here.
 * The room is written in one local transaction.
 *
 * A read-only room (the teacher's view of a student's room): every valid record comes here, and
 * the room's tombstones go with the batch for `acceptRemote` to weigh (a deletion the teacher
 * missed while away). Nothing is written.
 */
import type * as Y from 'yjs';
import type { Annotation } from '../model/types';
import { ANNOTATIONS_KEY, applyLocalChunks, readRemoteChanges, type RemoteBatch } from './mirror';
import type { RecordContext } from './record';
import { deletedAfter, readTombstones, type Tombstone } from './tombstones';

export interface ReconcileInput {
  local: readonly Annotation[];
  /** Deletions made here that the room may not know of (`state/live-tombstones.ts`). */
  tombstones?: ReadonlyMap<string, Tombstone>;
  readOnly?: boolean;
}

export function reconcile(doc: Y.Doc, ctx: RecordContext, input: ReconcileInput): RemoteBatch {
  const map = doc.getMap<unknown>(ANNOTATIONS_KEY);
  const remote = readRemoteChanges(map, [...map.keys()], ctx);
  const roomTombs = readTombstones(doc);
  if (input.readOnly) return { ...remote, tombstones: roomTombs };

  const localTombs = input.tombstones ?? new Map<string, Tombstone>();
  const localById = new Map(input.local.map((a) => [a.id, a]));
  const toLocal: Annotation[] = [];
  const deleteHere: string[] = [];
  const toRemote: Annotation[] = [];
  const removeFromRoom = new Map<string, Tombstone>();
  for (const r of remote.put) {
    const l = localById.get(r.id);
    if (l) {
      if (Date.parse(r.modified) > Date.parse(l.modified)) toLocal.push(r);
      continue;
    }
    const dead = localTombs.get(r.id) ?? roomTombs.get(r.id);
    if (dead) removeFromRoom.set(r.id, { at: dead.at, creator: r.creator });
    else toLocal.push(r);
  }
  const newer = new Set(toLocal.map((a) => a.id));
  for (const l of input.local) {
    if (newer.has(l.id)) continue;
    const dead = map.has(l.id) ? undefined : roomTombs.get(l.id);
    if (dead && deletedAfter(dead, l.modified)) deleteHere.push(l.id);
    else toRemote.push(l);
  }
  applyLocalChunks(map, { put: toRemote, delete: [...removeFromRoom.keys()] }, (id) => {
    return removeFromRoom.get(id) ?? { at: new Date(0).toISOString(), creator: '' };
  });
  return { put: toLocal, delete: deleteHere, problems: remote.problems };
}
