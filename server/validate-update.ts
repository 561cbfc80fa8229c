/**
 * Checks what a Yjs update would make of a room before the server applies it: only the known
 * top-level types, at most LIMITS.recordsPerRoom records in `annotations`, each a JSON object
 * of at most LIMITS.recordBytes. The update is tried on a copy of the room, never on the room.
 * (The app checks each record's meaning again before using it; this bounds what is stored.)
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { LIMITS } from './limits';

const SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** Top-level types a room may hold: annotations (both kinds of room) and settings (teacher). */
const ALLOWED = new Set(['annotations', 'settings']);

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

/** A message naming the problem, or null when the room would stay within bounds. */
export function checkUpdate(room: Y.Doc, update: Uint8Array): string | null {
  if (update.byteLength === 0) return 'the update could not be read';
  const probe = new Y.Doc();
  try {
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(room));
    Y.applyUpdate(probe, update);
  } catch {
    return 'the update could not be read';
  }
  for (const key of probe.share.keys())
    if (!ALLOWED.has(key)) return `“${key.slice(0, 40)}” is not part of a class room`;
  const map = probe.getMap<unknown>('annotations');
  if (map.size > LIMITS.recordsPerRoom)
    return `a room holds at most ${LIMITS.recordsPerRoom} annotations`;
  for (const [key, value] of map) {
    if (key.length > 2048) return 'an annotation id is longer than 2048 characters';
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return `annotation ${key.slice(0, 80)} is not a JSON object`;
    if (JSON.stringify(value).length > LIMITS.recordBytes)
      return `annotation ${key.slice(0, 80)} is larger than ${LIMITS.recordBytes} bytes`;
  }
  probe.destroy();
  return null;
}
