import type { DrawRecord, DrawStamp } from '../storage/draw-record';
import type { LibraryStore, Revised } from '../storage/library-store';
import { keepRecordLater } from './document-sketch';

/** Quiet time after this tab's last applied write before the drawing record is rewritten. */
export const REWRITE_AFTER_MS = 2000;

/**
 * Rewrites the open document's drawing record (document-sketch.ts) after this tab writes its
 * pages (a create, delete, edit, undo), debounced and when the page is idle, so that a reload
 * after annotating draws from the record too.
 *
 * Never a wrong record: the state is known to hold the pages at `#known` only from a read
 * stamped so (`reset`), then advanced by a write of this tab whose revision change starts at
 * `#known`, once applied (`written`). Any other write of the pages (another tab, a catch-up,
 * an import) leaves the chain: `#known` is dropped, or the meta's revision has moved past it
 * and `putDrawRecord` refuses the record as stale; the next reload then reads the full way.
 */
export class RecordKeeper {
  #known: DrawStamp | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `build` gives document `docId`'s record from the state, stamped `stamp`, or null when the
   * state is not settled (a write in flight, a batch being applied, another document open). */
  constructor(
    private store: LibraryStore,
    private build: (docId: string, stamp: DrawStamp) => DrawRecord | null,
  ) {}

  /** The state now holds the pages read at `stamp`; undefined: not known (opening, closed). */
  reset(stamp?: DrawStamp): void {
    clearTimeout(this.#timer);
    this.#known = stamp ?? null;
  }

  /** This tab's write to `docId` (its revision changes `revised`) is applied to the state, whose
   * text is now at `version`. Schedules the rewrite when the chain holds. */
  written(docId: string, revised: readonly Revised[], version = 1): void {
    const r = revised.find((x) => x.docId === docId);
    const known = this.#known;
    clearTimeout(this.#timer);
    if (!r || !known || r.prev !== known.rev) return void (this.#known = null);
    const stamp: DrawStamp = { rev: r.next, version };
    this.#known = stamp;
    this.#timer = setTimeout(
      () =>
        keepRecordLater(this.store, () =>
          this.#known === stamp ? this.build(docId, stamp) : null,
        ),
      REWRITE_AFTER_MS,
    );
  }
}
