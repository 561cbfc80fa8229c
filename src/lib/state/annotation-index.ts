import type { Anchor, Annotation } from '../model/types';
import { OrderedIndex } from '../model/ordered-index';
import { sameOrNew, type Placed } from './document-parts';

/**
 * What one applied batch changed, for the indexes kept beside the document (the sidebar's
 * filtered list, tag counts): they update by it instead of recomputing over every annotation.
 * `reset` means the contents were replaced whole (a document opened or closed): rebuild.
 */
export interface Delta {
  reset: boolean;
  /** Annotations as they were before the batch (replaced or deleted) and as they are now. */
  before: readonly Annotation[];
  after: readonly Annotation[];
  /** Text-order entries taken out and put in. */
  unplaced: readonly Placed[];
  placed: readonly Placed[];
}

/** Text order: start, then end, then id (a total order, so equal ranges keep a fixed order). */
export const textOrder = (x: Placed, y: Placed): number =>
  x.start - y.start || x.end - y.end || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0);

/**
 * The open document's annotations and what derives from them, kept by delta: a batch of k
 * changes costs O(k (log n + B)) (see OrderedIndex), never a pass over all n. Plain data, not
 * reactive: `OpenDocument` owns one and publishes each change with a version bump.
 */
export class AnnotationIndex {
  /** In the order of the list before (a put moves an annotation to the end, as in storage). */
  readonly byId = new Map<string, Annotation>();
  readonly anchors = new Map<string, Anchor>();
  readonly placed = new OrderedIndex<Placed>(textOrder);
  readonly orphans = new Map<string, Annotation>();
  /** Ids of annotations a text edit flagged and the reader has not reviewed yet. */
  readonly flagged = new Set<string>();
  readonly #placedById = new Map<string, Placed>();
  readonly #creators = new Map<string, number>();

  /** Replaces everything with `list`, anchored at `anchors` (same order). */
  reset(list: readonly Annotation[], anchors: readonly Anchor[]): Delta {
    this.byId.clear();
    this.anchors.clear();
    this.orphans.clear();
    this.flagged.clear();
    this.#placedById.clear();
    this.#creators.clear();
    this.#creatorsChanged = true;
    const placed: Placed[] = [];
    list.forEach((a, i) => {
      const p = this.#add(a, anchors[i]);
      if (p) placed.push(p);
    });
    this.placed.reset(placed.sort(textOrder));
    return { reset: true, before: [], after: list, unplaced: [], placed };
  }

  /** Puts `put` (anchored at `anchors`, same order; ids unique) and deletes `del`. */
  apply(put: readonly Annotation[], anchors: readonly Anchor[], del: readonly string[]): Delta {
    const before: Annotation[] = [];
    const unplaced: Placed[] = [];
    const placed: Placed[] = [];
    for (const id of [...del, ...put.map((a) => a.id)]) {
      const old = this.byId.get(id);
      if (!old) continue;
      before.push(old);
      const p = this.#placedById.get(id);
      if (p) unplaced.push(p);
      this.#remove(old);
    }
    put.forEach((a, i) => {
      const p = this.#add(a, anchors[i]);
      if (p) placed.push(p);
    });
    this.placed.update(unplaced, placed);
    return { reset: false, before, after: put, unplaced, placed };
  }

  #creatorList: string[] = [];
  #creatorsChanged = false;

  /** Distinct creators, sorted: the same array until one comes or goes, so that what depends
   * on it (layers, labels) is not redone on every change of a large document. */
  creators(): readonly string[] {
    if (this.#creatorsChanged)
      this.#creatorList = sameOrNew(this.#creatorList, [...this.#creators.keys()].sort());
    this.#creatorsChanged = false;
    return this.#creatorList;
  }

  #add(a: Annotation, an: Anchor): Placed | null {
    this.byId.set(a.id, a);
    this.anchors.set(a.id, an);
    if (a.edit && !a.edit.reviewed) this.flagged.add(a.id);
    const n = this.#creators.get(a.creator) ?? 0;
    if (!n) this.#creatorsChanged = true;
    this.#creators.set(a.creator, n + 1);
    if (an.status === 'orphan') {
      this.orphans.set(a.id, a);
      return null;
    }
    const p = { a, start: an.start, end: an.end };
    this.#placedById.set(a.id, p);
    return p;
  }

  #remove(a: Annotation): void {
    this.byId.delete(a.id);
    this.anchors.delete(a.id);
    this.orphans.delete(a.id);
    this.flagged.delete(a.id);
    this.#placedById.delete(a.id);
    const n = (this.#creators.get(a.creator) ?? 1) - 1;
    if (n > 0) this.#creators.set(a.creator, n);
    else {
      this.#creators.delete(a.creator);
      this.#creatorsChanged = true;
    }
  }
}
