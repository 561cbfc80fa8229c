/**
 * Local batches a room holds back while it is not synced with the server (offline, connecting,
 * reconnecting). Why: a change written into the Y.Doc while the socket is down goes out at
 * reconnect inside the provider's one sync-step-2 message, so an offline backlog over the
 * server's 1 MB per message would be refused as a whole. Held here instead (IndexedDB keeps
 * the work meanwhile), it goes out after the handshake through `applyLocalChunks`, 200 records
 * per message, like any large batch.
 * Merged by id, the last change wins: a record put then deleted offline goes out as one delete,
 * deleted then put (an undo) as one put, so nothing is sent twice.
 */
import type * as Y from 'yjs';
import type { Annotation } from '../model/types';
import type { AnnotationBatch } from './mirror';

export class Outbox {
  /** Per id, the record to put, or null to delete it. */
  #held = new Map<string, Annotation | null>();

  get size(): number {
    return this.#held.size;
  }

  /** Holds a committed batch (within a batch a put beats a delete of the same id). */
  add(batch: AnnotationBatch): void {
    for (const id of batch.delete) this.#held.set(id, null);
    for (const a of batch.put) this.#held.set(a.id, a);
  }

  /**
   * Empties the outbox into one batch to send to `map`, the room's annotations once synced.
   * A held put whose id the room now holds with a later `modified` is left out (the later
   * edit wins, as at a first sync): that copy has already reached the app as a remote change.
   */
  take(map: Y.Map<unknown>): AnnotationBatch {
    const out: AnnotationBatch = { put: [], delete: [] };
    for (const [id, a] of this.#held) {
      if (!a) out.delete.push(id);
      else if (!laterThan(map.get(id), a.modified)) out.put.push(a);
    }
    this.#held.clear();
    return out;
  }
}

const laterThan = (record: unknown, modified: string): boolean => {
  const m = (record as { modified?: unknown } | undefined)?.modified;
  return typeof m === 'string' && Date.parse(m) > Date.parse(modified);
};
