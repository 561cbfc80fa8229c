import type { Annotation, EditMap } from './types';
import type { TextIndex } from './text-index';
import { isValidRange } from './selectors';
import { carryAnnotations, type PlacedItem } from './text-edit';

/**
 * Carrying stored annotations whose selectors still count in an older version of the text
 * (issue 16's save leaves them so: see storage/stale-pages.ts). Pure.
 *
 * The save carries the annotations placed on the text it edited; a stored annotation counts as
 * placed here when its position selector holds its exact quote on the older text (the first and
 * usual way `anchor` places it). Such an annotation is carried exactly as `carryAnnotations`
 * does at a save, version by version; any other (a lost one, or one only a quote search would
 * find) is left as it is, as a save leaves an unplaced one.
 */

/** One saved edit: the text before it, the text it made, its map, the version it made. */
export interface CarryStep {
  before: TextIndex;
  after: TextIndex;
  map: EditMap;
  n: number;
}

/** Whether `a`'s position selector holds its exact quote on `text` (and it is not lost). */
export function heldOn(text: TextIndex, a: Annotation): boolean {
  const { position, quote } = a.target;
  if (a.edit?.outcome === 'lost' || !position || !quote || quote.exact === '') return false;
  if (!isValidRange(text.length, position.start, position.end)) return false;
  return text.slice(position.start, position.end) === quote.exact;
}

/** `annotations` carried through `steps` (oldest first), in the same order; one not carried is
 * returned as the same object. */
export function carryThrough(
  annotations: readonly Annotation[],
  steps: readonly CarryStep[],
): Annotation[] {
  let out = [...annotations];
  for (const step of steps) {
    const placed: PlacedItem[] = [];
    for (const a of out)
      if (heldOn(step.before, a))
        placed.push({ a, start: a.target.position.start, end: a.target.position.end });
    const { put } = carryAnnotations(step.after, step.map, placed, step.n);
    if (!put.length) continue;
    const byId = new Map(put.map((a) => [a.id, a]));
    out = out.map((a) => byId.get(a.id) ?? a);
  }
  return out;
}
