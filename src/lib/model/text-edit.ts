import type { Annotation, AnnotationTarget, EditMap } from './types';
import { TextIndex, cpLength } from './text-index';
import { describeRange } from './selectors';
import { ComposedMap, type EditOutcome } from './edit-trace';

/**
 * Text edits in code points (issue 16): the position map of an edit, and what it does to each
 * annotation. Everything here follows the edit's own mapping, the same semantics as
 * ProseMirror's `StepMap` (assoc −1/+1 at the ends, deleted ranges), never a search for the
 * quote: an annotation is carried to exactly the characters it covered, or flagged.
 */
export * from './edit-map';
export * from './edit-trace';
export { cpLength };

/** An annotation's range on the old text, by id. */
export interface RangeItem {
  id: string;
  start: number;
  end: number;
  /** Its current target (kept as is when lost). */
  target: AnnotationTarget;
}

/** The result of an edit for one annotation. */
export interface ItemOutcome {
  id: string;
  outcome: EditOutcome;
  /** Selectors recomputed from the new text (the old target when lost). */
  target: AnnotationTarget;
  /** The quote before the edit. */
  oldQuote: string;
}

/**
 * Computes every annotation's outcome from the edit's map and recomputes both selectors from
 * the new canonical text. Lost ones keep their old target (they go to Unplaced with it).
 */
export function editOutcomes(
  newText: string | TextIndex,
  map: EditMap,
  items: readonly RangeItem[],
): ItemOutcome[] {
  const index = typeof newText === 'string' ? new TextIndex(newText) : newText;
  const composed = new ComposedMap(map);
  return items.map((it) => {
    const t = composed.trace(it.start, it.end);
    const oldQuote = it.target.quote.exact;
    if (t.outcome === 'lost') return { id: it.id, outcome: 'lost', target: it.target, oldQuote };
    const target = describeRange(index, t.start, t.end);
    return { id: it.id, outcome: t.outcome, target, oldQuote };
  });
}

/** Counts of an edit's outcomes. */
export type EditCounts = Record<EditOutcome, number>;

/** A placed annotation and its range on the text before the edit. */
export interface PlacedItem {
  a: Annotation;
  start: number;
  end: number;
}

const sameTarget = (a: AnnotationTarget, b: AnnotationTarget) =>
  a.position.start === b.position.start &&
  a.position.end === b.position.end &&
  a.quote.exact === b.quote.exact &&
  a.quote.prefix === b.quote.prefix &&
  a.quote.suffix === b.quote.suffix;

/**
 * Carries placed annotations through an edit (`editOutcomes`) to version `version` of the text
 * (`index`): what to store and the counts. Changed, adjusted and lost ones carry `edit` (outcome,
 * old quote, version) for the review list; an unchanged one is put only when its selectors
 * moved, keeping any earlier `edit` flag.
 */
export function carryAnnotations(
  index: TextIndex,
  map: EditMap,
  placed: readonly PlacedItem[],
  version: number,
): { put: Annotation[]; counts: EditCounts } {
  const counts: EditCounts = { unchanged: 0, changed: 0, adjusted: 0, lost: 0 };
  const items = placed.map((p) => ({ id: p.a.id, start: p.start, end: p.end, target: p.a.target }));
  const put: Annotation[] = [];
  editOutcomes(index, map, items).forEach((o, i) => {
    const a = placed[i].a;
    counts[o.outcome]++;
    if (o.outcome !== 'unchanged')
      put.push({
        ...a,
        target: o.target,
        edit: { outcome: o.outcome, oldQuote: o.oldQuote, version },
      });
    else if (!sameTarget(a.target, o.target)) put.push({ ...a, target: o.target });
  });
  return { put, counts };
}
