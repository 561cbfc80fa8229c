import { SvelteSet } from 'svelte/reactivity';
import { untrack } from 'svelte';
import type { Annotation } from '../model/types';
import { OrderedIndex } from '../model/ordered-index';
import { textOrder, type Delta } from './annotation-index';
import type { OpenDocument, Placed } from './document.svelte';
import type { ReaderState } from './reader.svelte';

/** Lower-cased quote and note of each annotation, searched by the query. Records are
 * immutable (a change puts a new object), so the cache is kept by delta for free. */
const searchText = new WeakMap<Annotation, string>();
const textOf = (a: Annotation): string => {
  let t = searchText.get(a);
  if (t === undefined) {
    t = `${a.target.quote.exact}\u0000${a.note}`.toLocaleLowerCase();
    searchText.set(a, t);
  }
  return t;
};

/**
 * Filters of the annotation list: tags (any of several), "has note", a text search over quotes
 * and notes, and layers (creators). The filtered list and the tag counts are kept by delta
 * (`OpenDocument.observe`): a batch of k changes costs O(k log n); a change of the filters
 * rebuilds the list in one pass (a few ms for 10,000). The list itself is virtual
 * (SidebarCards.svelte draws only the cards near the visible part), so this class never limits
 * it.
 */
export class SidebarState {
  tagFilter = new SvelteSet<string>();
  #hasNote = $state(false);
  #query = $state('');
  /** The card to bring into view: set by `reveal`, a new object each time so that revealing
   * the same card twice scrolls to it twice. */
  #target = $state.raw<{ id: string } | null>(null);
  /** On narrow screens the list is a bottom sheet, shown only while open. */
  #sheetOpen = $state(false);
  /** The filtered list, kept by delta while the filters it was built for hold. */
  #list = new OrderedIndex<Placed>(textOrder);
  #tagCounts = new Map<string, number>();
  /** Bumped whenever the list or the counts change in place. */
  #version = $state(0);

  constructor(
    private doc: OpenDocument,
    private reader: ReaderState,
  ) {
    doc.observe((d) => this.#changed(d));
  }

  /** Only annotations with a note. */
  get hasNote(): boolean {
    return this.#hasNote;
  }
  /** Text searched in quotes and notes. */
  get query(): string {
    return this.#query;
  }
  setHasNote(on: boolean): void {
    this.#hasNote = on;
  }
  setQuery(q: string): void {
    this.#query = q;
  }

  /** The filters as they are now (reading them, so callers depend on each), as a key that
   * says whether they changed and the predicate they make. */
  #filters(): { key: string; match: (a: Annotation) => boolean } {
    const key = this.#filterKey;
    if (key === this.#key) return { key, match: this.#match };
    const layers = this.reader.layers;
    const tags = [...this.tagFilter];
    const q = this.#query.trim().toLocaleLowerCase();
    const hasNote = this.#hasNote;
    const shown = layers.predicate();
    const tagSet = new Set(tags);
    const match = (a: Annotation): boolean =>
      shown(a) &&
      (!hasNote || !!a.note.trim()) &&
      (!tagSet.size || a.tags.some((t) => tagSet.has(t))) &&
      (!q || textOf(a).includes(q));
    return { key, match };
  }
  #filterKey = $derived.by(() =>
    JSON.stringify([
      this.reader.layers.key(),
      [...this.tagFilter].sort(),
      this.#query.trim().toLocaleLowerCase(),
      this.#hasNote,
    ]),
  );
  /** The filters the list was built for (null: build it when next read). */
  #key: string | null = null;
  #match: (a: Annotation) => boolean = () => true;

  /** The filtered list, rebuilt first if the filters changed since it was built. */
  #current(): OrderedIndex<Placed> {
    void this.#version;
    const { key, match } = this.#filters();
    if (key !== this.#key) {
      const out: Placed[] = [];
      for (const p of this.doc.placedIndex) if (match(p.a)) out.push(p);
      this.#list.reset(out);
      this.#key = key;
      this.#match = match;
    }
    return this.#list;
  }

  #changed(d: Delta): void {
    if (d.reset) {
      this.#tagCounts.clear();
      this.#key = null;
    }
    for (const a of d.before)
      for (const t of a.tags) {
        const n = (this.#tagCounts.get(t) ?? 1) - 1;
        if (n > 0) this.#tagCounts.set(t, n);
        else this.#tagCounts.delete(t);
      }
    for (const a of d.after)
      for (const t of a.tags) this.#tagCounts.set(t, (this.#tagCounts.get(t) ?? 0) + 1);
    // Kept by delta only while the filters are those it was built for; else rebuilt on read.
    if (this.#key !== null && untrack(() => this.#filters().key) === this.#key) {
      const match = this.#match;
      this.#list.update(
        d.unplaced,
        d.placed.filter((p) => match(p.a)),
      );
    } else this.#key = null;
    this.#version++;
  }

  /** Number of placed annotations the filters let through. */
  get count(): number {
    return this.#current().size;
  }
  /** The `i`-th of them in text order. */
  at(i: number): Placed | undefined {
    return this.#current().at(i);
  }
  /** Id of the `i`-th card as of the last read of `count`: for the virtual list's keys, which
   * it reads for every item as it lays them out (so this costs O(1), not a filter check). */
  keyAt(i: number): string | undefined {
    return this.#list.at(i)?.a.id;
  }
  /** Position of an annotation's card in the filtered list, or -1 (filtered out, unplaced). */
  positionOf(id: string): number {
    const list = this.#current();
    const a = this.doc.get(id);
    const an = this.doc.anchors.get(id);
    if (!a || !an || an.status === 'orphan') return -1;
    return list.rank({ a, start: an.start, end: an.end });
  }

  orphans = $derived.by(() => this.doc.orphans.filter(this.#filters().match));
  active = $derived.by(
    () =>
      this.tagFilter.size > 0 ||
      this.hasNote ||
      this.query.trim() !== '' ||
      this.reader.layers.filtering,
  );

  /** Annotations carrying a tag (all annotations of the document, not only filtered ones). */
  tagCount(id: string): number {
    void this.#version;
    return this.#tagCounts.get(id) ?? 0;
  }

  toggleTag(id: string): void {
    if (this.tagFilter.has(id)) this.tagFilter.delete(id);
    else this.tagFilter.add(id);
  }

  clear(): void {
    this.tagFilter.clear();
    this.#hasNote = false;
    this.#query = '';
    if (this.reader.layers.filtering) this.reader.setLayerMode('everyone');
  }

  get target(): { id: string } | null {
    return this.#target;
  }

  /** Asks the list to bring the card of `id` into view (drawing it if it was not). */
  reveal(id: string): void {
    this.#target = { id };
  }

  /** Whether the list's bottom sheet is open (narrow screens; wide ones always show the list). */
  get sheetOpen(): boolean {
    return this.#sheetOpen;
  }
  toggleSheet(): void {
    this.#sheetOpen = !this.#sheetOpen;
  }
  /** Opens the sheet (a note is being edited in it: the editor must be seen). */
  openSheet(): void {
    this.#sheetOpen = true;
  }
}
