import type { Anchor, Annotation } from '../model/types';
import type { OrderedIndex } from '../model/ordered-index';
import { AnnotationIndex, type Delta } from './annotation-index';
import type { Placed } from './document-parts';

/**
 * The open document's annotations as the app reads them: `OpenDocument` (which extends this)
 * changes them, one batch at a time, through `publish`. The data is kept by delta in an
 * `AnnotationIndex` (not reactive on its own); every change bumps a version, which is, and the
 * arrays (`annotations`, `placed`, …) are built only when read, once per version. What runs on
 * every change should read `count`, `get`, `anchors` and `placedIndex`, or `observe` the deltas.
 */
export class AnnotationView {
  protected readonly ix = new AnnotationIndex();
  #version = $state(0);
  #observers: ((d: Delta) => void)[] = [];

  #annotations = $derived.by(() => (this.#version, [...this.ix.byId.values()]));
  #creators = $derived.by(() => (this.#version, this.ix.creators()));
  #placed = $derived.by(() => (this.#version, this.ix.placed.toArray()));
  #orphans = $derived.by(() => (this.#version, [...this.ix.orphans.values()]));
  #flagged = $derived.by(
    () => (this.#version, [...this.ix.flagged].map((id) => this.ix.byId.get(id)!)),
  );

  /** Every annotation (a new array per change). */
  get annotations(): readonly Annotation[] {
    return this.#annotations;
  }
  get count(): number {
    void this.#version;
    return this.ix.byId.size;
  }
  get(id: string): Annotation | undefined {
    void this.#version;
    return this.ix.byId.get(id);
  }
  get anchors(): ReadonlyMap<string, Anchor> {
    void this.#version;
    return this.ix.anchors;
  }
  /** Placed annotations in text order, with positions (O(log n) access); changes in place. */
  get placedIndex(): Readonly<
    Pick<OrderedIndex<Placed>, 'size' | 'at' | 'rank' | 'lowerBound' | typeof Symbol.iterator>
  > {
    void this.#version;
    return this.ix.placed;
  }
  /** Bumped by every applied batch and every open. */
  get version(): number {
    return this.#version;
  }
  /** Distinct creators, sorted. The same array while its contents stay the same, so that what
   * depends on it (layers, labels) is not redone on every edit of a large document. */
  get creators(): readonly string[] {
    return this.#creators;
  }
  /** Placed annotations in text order. */
  get placed(): readonly Placed[] {
    return this.#placed;
  }
  get orphans(): readonly Annotation[] {
    return this.#orphans;
  }
  /** Annotations a text edit flagged (`edit` set, not yet reviewed). */
  get flagged(): readonly Annotation[] {
    return this.#flagged;
  }

  /** `fn` is told every change (after state is updated, before the view is told), to keep an
   * index by delta. Returns the function that stops it. */
  observe(fn: (d: Delta) => void): () => void {
    this.#observers.push(fn);
    return () => (this.#observers = this.#observers.filter((f) => f !== fn));
  }

  /** Makes a change of `ix` (its delta `d`) seen: the version, then the observers. */
  protected publish(d: Delta): void {
    this.#version++;
    for (const fn of this.#observers) fn(d);
  }
}
