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
  /** A batch made here (an edit, undo, an import, a packet update or a restored backup; not one
   * received from a live class) committed: the live class mirrors it out. Called after
   * `applied`. */
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
