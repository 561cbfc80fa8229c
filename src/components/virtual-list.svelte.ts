import {
  Virtualizer,
  elementScroll,
  observeElementOffset,
  observeElementRect,
  type Range,
  type VirtualItem,
} from '@tanstack/virtual-core';

export interface VirtualListOptions {
  /** The element that scrolls (the list may start below other content inside it). */
  scrollElement: () => HTMLElement | null;
  /** First guess of an item's height; real heights are measured as items are drawn. */
  estimateSize: number;
  /** Space between items, in pixels. */
  gap?: number;
  /** Items drawn beyond each edge of the visible part. */
  overscan?: number;
}

/**
 * Svelte 5 wrapper around `@tanstack/virtual-core` (its own Svelte adapter is written for
 * Svelte 4 stores: TanStack/virtual#866). Only the items in and near the visible part of the
 * scroll element are returned by `items`; each drawn item is measured (`measure`), so items of
 * any height stack without overlapping. Heights are remembered by key across list changes.
 */
export class VirtualList {
  readonly #v: Virtualizer<HTMLElement, HTMLElement>;
  #items = $state.raw<VirtualItem[]>([]);
  #total = $state(0);
  /** Indexes always drawn (the active or edited item, so focus and typing never lose it). */
  #pinned: number[] = [];

  constructor(options: VirtualListOptions) {
    this.#v = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: options.scrollElement,
      estimateSize: () => options.estimateSize,
      gap: options.gap ?? 0,
      overscan: options.overscan ?? 4,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      rangeExtractor: (range) =>
        this.#indexes(range.startIndex, range.endIndex, range.overscan, range.count),
      // Each drawn item is measured as it is attached, and each measure lays the list out again
      // from that item on (a pass over the rest of the count): publish once for all of them.
      onChange: () => this.#publishSoon(),
    });
  }

  get items(): VirtualItem[] {
    return this.#items;
  }

  /** Height of the whole list as measured/estimated so far. */
  get total(): number {
    return this.#total;
  }

  /** Offset of the list's top inside the scroll element (content above it scrolls too). */
  get scrollMargin(): number {
    return this.#v.options.scrollMargin;
  }

  /** Starts observing the scroll element; returns the cleanup. */
  mount(): () => void {
    const cleanup = this.#v._didMount();
    this.#v._willUpdate();
    return cleanup;
  }

  /** New item count, keys and offset of the list. Cheap in DOM work, but the virtualizer lays
   * every item out again (one pass over the count, sizes found by key): call it only when the
   * list changed, not for a new pinned index (`pin`). */
  update(count: number, key: (index: number) => string, scrollMargin: number) {
    this.#pinned = this.#pinned.filter((i) => i < count);
    this.#v.setOptions({
      ...this.#v.options,
      count,
      getItemKey: key,
      scrollMargin,
      rangeExtractor: this.#extractor(),
    });
    this.#v._willUpdate();
    // No `measure()`: it would forget every measured height; the new key function alone makes
    // the virtualizer lay the items out again.
    this.#publish();
  }

  /** Indexes always drawn besides those in view. Keeps the layout (same count and keys): only
   * the drawn indexes are computed again. */
  pin(pinned: number[]) {
    const count = this.#v.options.count;
    const next = pinned.filter((i) => i >= 0 && i < count);
    if (next.length === this.#pinned.length && next.every((i, k) => i === this.#pinned[k])) return;
    this.#pinned = next;
    this.#v.setOptions({ ...this.#v.options, rangeExtractor: this.#extractor() });
    this.#v._willUpdate();
    this.#publish();
  }

  /** A new range extractor each time: the virtualizer memoizes the drawn indexes on it. */
  #extractor(): (range: Range) => number[] {
    return (range) => this.#indexes(range.startIndex, range.endIndex, range.overscan, range.count);
  }

  /** Svelte attachment for each drawn item (which carries `data-index`). */
  measure = (el: HTMLElement): (() => void) => {
    this.#v.measureElement(el);
    return () => undefined;
  };

  scrollToIndex(index: number): void {
    this.#v.scrollToIndex(index, { align: 'auto' });
  }

  #indexes(start: number, end: number, overscan: number, count: number): number[] {
    const from = Math.max(start - overscan, 0);
    const to = Math.min(end + overscan, count - 1);
    const out = new Set<number>();
    for (let i = from; i <= to; i++) out.add(i);
    for (const i of this.#pinned) out.add(i);
    return [...out].sort((a, b) => a - b);
  }

  #scheduled = false;
  #publishSoon(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#publish();
    });
  }

  #publish(): void {
    this.#items = this.#v.getVirtualItems();
    this.#total = this.#v.getTotalSize();
  }
}
