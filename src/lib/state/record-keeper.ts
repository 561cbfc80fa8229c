import type { DrawRecord, DrawStamp } from '../storage/draw-record';
import type { LibraryStore, Revised } from '../storage/library-store';
import { keepRecordLater } from './document-sketch';
import { catchUpLater } from './carry-versions';

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

  /** This tab's write to `docId` (its revision changes `revised`, in the order made: a catch-up
   * it needed first, then its own) is applied to the state, whose text is now at `version`.
   * Schedules the rewrite when the chain holds through every one of them. */
  written(docId: string, revised: readonly Revised[], version = 1): void {
    const mine = revised.filter((x) => x.docId === docId);
    const known = this.#known;
    clearTimeout(this.#timer);
    let rev = known?.rev;
    for (const r of mine) rev = r.prev === rev ? r.next : undefined;
    if (!mine.length || !known || rev === undefined) return void (this.#known = null);
    const stamp: DrawStamp = { rev, version };
    this.#known = stamp;
    this.#timer = setTimeout(
      () =>
        keepRecordLater(this.store, () =>
          this.#known === stamp ? this.build(docId, stamp) : null,
        ),
      REWRITE_AFTER_MS,
    );
  }

  /**
   * Has storage rewrite the pages a text save left counting in the older version
   * (`LibraryStore.catchUp`) once the page is idle, and keeps the chain through it: the
   * catch-up changes no annotation a read returns, so the state still holds the pages at its
   * new revision, and the record is written (again) at that one. Without this, the record
   * written ~2 s after a save was made stale by the catch-up at once, and the next reload read
   * the full way. Call after `written` for the save. A failure is left for the next open.
   */
  catchUpLater(docId: string): void {
    catchUpLater(this.store, docId, (revised) => {
      if (this.#known && revised.some((r) => r.docId === docId))
        this.written(docId, revised, this.#known.version);
    });
  }
}
