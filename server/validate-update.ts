/**
 * Checks what a Yjs update would make of a room before the server applies it: only the known
 * top-level types, at most LIMITS.recordsPerRoom records in `annotations`, each a JSON object
 * of at most LIMITS.recordBytes, at most LIMITS.tombstonesPerRoom tombstones in `deleted`, each
 * a JSON object of at most LIMITS.tombstoneBytes. The update is tried on a copy of the room (its probe, kept
 * up to date), never on the room.
 * (The app checks each record's meaning again before using it; this bounds what is stored.)
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { LIMITS } from './limits';

const SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** Top-level types a room may hold: annotations and their tombstones (`deleted`, see
 * src/lib/sync/tombstones.ts), and settings (teacher). */
const ALLOWED = new Set(['annotations', 'deleted', 'settings']);

/** The Yjs update carried by a raw Hocuspocus message, or null for any other message. */
export function updateOf(message: Uint8Array): Uint8Array | null {
  try {
    const d = decoding.createDecoder(message);
    decoding.readVarString(d);
    if (decoding.readVarUint(d) !== SYNC) return null;
    const kind = decoding.readVarUint(d);
    if (kind !== SYNC_STEP_2 && kind !== SYNC_UPDATE) return null;
    return decoding.readVarUint8Array(d);
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * Each loaded room's probe: a copy the next update is tried on first. Kept between messages so a
 * check costs what the update costs, not what the room holds (copying the room for every message
 * made the bounds check the server's main cost: ~16 ms per write at 50 records, ~0.5 s at
 * 5,000, see bench/RESULTS.md). Before each check the probe takes whatever the room gained
 * meanwhile (other connections, other instances through Redis) by state vector; after a refusal
 * it is dropped and rebuilt from the room, so it never holds what the room refused. A probe that
 * holds more than its room (an accepted update the room then did not apply) only makes the
 * bounds stricter. Weakly held: an unloaded room's probe goes with it.
 */
const probes = new WeakMap<Y.Doc, Y.Doc>();

function probeOf(room: Y.Doc): Y.Doc {
  let probe = probes.get(room);
  if (!probe) {
    probe = new Y.Doc({ gc: room.gc });
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(room));
    probes.set(room, probe);
  } else Y.applyUpdate(probe, Y.encodeStateAsUpdate(room, Y.encodeStateVector(probe)));
  return probe;
}

/** A message naming the problem, or null when the room would stay within bounds. */
export function checkUpdate(room: Y.Doc, update: Uint8Array): string | null {
  if (update.byteLength === 0) return 'the update could not be read';
  const probe = probeOf(room);
  const map = probe.getMap<unknown>('annotations');
  const deleted = probe.getMap<unknown>('deleted');
  const changed = new Set<string>();
  const collect = (e: Y.YMapEvent<unknown>) => e.keysChanged.forEach((k) => changed.add(k));
  const changedTombs = new Set<string>();
  const collectTombs = (e: Y.YMapEvent<unknown>) =>
    e.keysChanged.forEach((k) => changedTombs.add(k));
  map.observe(collect);
  deleted.observe(collectTombs);
  let problem: string | null = null;
  try {
    Y.applyUpdate(probe, update);
    problem = checkProbe(probe, map, changed) ?? checkTombstones(deleted, changedTombs);
  } catch {
    problem = 'the update could not be read';
  } finally {
    map.unobserve(collect);
    deleted.unobserve(collectTombs);
  }
  if (problem) {
    probes.delete(room);
    probe.destroy();
  }
  return problem;
}

/** The bounds, on the probe after the update: only the records the update touched are read. */
function checkProbe(probe: Y.Doc, map: Y.Map<unknown>, changed: Set<string>): string | null {
  for (const key of probe.share.keys())
    if (!ALLOWED.has(key)) return `“${key.slice(0, 40)}” is not part of a class room`;
  if (map.size > LIMITS.recordsPerRoom)
    return `a room holds at most ${LIMITS.recordsPerRoom} annotations`;
  for (const key of changed) {
    if (!map.has(key)) continue;
    const value = map.get(key);
    if (key.length > 2048) return 'an annotation id is longer than 2048 characters';
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return `annotation ${key.slice(0, 80)} is not a JSON object`;
    if (JSON.stringify(value).length > LIMITS.recordBytes)
      return `annotation ${key.slice(0, 80)} is larger than ${LIMITS.recordBytes} bytes`;
  }
  return null;
}

/** The tombstones' bounds: how many, and each a small JSON object under a bounded id. */
function checkTombstones(deleted: Y.Map<unknown>, changed: Set<string>): string | null {
  if (deleted.size > LIMITS.tombstonesPerRoom)
    return `a room remembers at most ${LIMITS.tombstonesPerRoom} deletions`;
  for (const key of changed) {
    if (!deleted.has(key)) continue;
    const value = deleted.get(key);
    if (key.length > 2048) return 'a deleted annotation id is longer than 2048 characters';
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return `the deletion of ${key.slice(0, 80)} is not a JSON object`;
    if (JSON.stringify(value).length > LIMITS.tombstoneBytes)
      return `the deletion of ${key.slice(0, 80)} is larger than ${LIMITS.tombstoneBytes} bytes`;
  }
  return null;
}
