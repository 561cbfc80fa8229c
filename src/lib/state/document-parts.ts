import type { Annotation } from '../model/types';
import type { AnnotationChange } from '../storage/library-store';

/** The open document's hooks and small shared types (OpenDocument is in document.svelte.ts). */

/** Told about the open document's life; passed to the constructor. */
export interface DocumentHooks {
  /** A document was opened (state is already set); the view should draw it afresh. */
  opened?: () => void;
  /** A batch was applied to state (once per batch, after state is updated). */
  applied?: (change: AnnotationChange) => void;
  /** This tab's own write committed, touching `count` annotations. */
  committed?: (count: number) => void;
  /** A batch made here (an edit, undo, a packet update; not one received from a live class)
   * committed: the live class mirrors it out. Called after `applied`. */
  localCommitted?: (docId: string, change: AnnotationChange) => void;
}

/** Where a committed batch came from: this reader, or a live class (never mirrored back). */
export type ChangeOrigin = 'local' | 'live';

/** A placed annotation with its range in code points. */
export interface Placed {
  a: Annotation;
  start: number;
  end: number;
}

/** `prev` when `next` holds the same items in the same order, else `next`. */
export function sameOrNew<T>(prev: T[], next: T[]): T[] {
  return prev.length === next.length && prev.every((x, i) => x === next[i]) ? prev : next;
}

/** Batches putting more than this many annotations are anchored in steps (`anchorInSteps`). */
export const STEP_AT = 200;
/** Time one step may take before it yields to the page (a frame's worth). */
const STEP_MS = 12;

/** Yields to the page: other tasks (input, frames) run before the next step. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** `each` over `list` in tasks of about STEP_MS, so that no task is long; results in order. */
export async function anchorInSteps<T, R>(list: readonly T[], each: (x: T) => R): Promise<R[]> {
  const out: R[] = new Array(list.length);
  let i = 0;
  while (i < list.length) {
    const t0 = performance.now();
    do out[i] = each(list[i]);
    while (++i < list.length && performance.now() - t0 < STEP_MS);
    if (i < list.length) await nextTask();
  }
  return out;
}
