import {
  Virtualizer,
  elementScroll,
  observeElementOffset,
  observeElementRect,
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
      onChange: () => this.#publish(),
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

  /** New item count, keys, offset of the list and pinned indexes. Cheap: no DOM work. */
  update(count: number, key: (index: number) => string, scrollMargin: number, pinned: number[]) {
    this.#pinned = pinned.filter((i) => i >= 0 && i < count);
    // A new range extractor each time: the virtualizer memoizes the drawn indexes on it.
    this.#v.setOptions({
      ...this.#v.options,
      count,
      getItemKey: key,
      scrollMargin,
      rangeExtractor: (range) =>
        this.#indexes(range.startIndex, range.endIndex, range.overscan, range.count),
    });
    this.#v._willUpdate();
    // No `measure()`: it would forget every measured height; the new key function alone makes
    // the virtualizer lay the items out again (one pass over the count, sizes found by key).
    this.#publish();
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

  #publish(): void {
    this.#items = this.#v.getVirtualItems();
    this.#total = this.#v.getTotalSize();
  }
}
