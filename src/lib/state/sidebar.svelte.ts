import { SvelteSet } from 'svelte/reactivity';
import type { Annotation } from '../model/types';
import type { OpenDocument } from './document.svelte';
import type { ReaderState } from './reader.svelte';

/**
 * Filters of the annotation list: tags (any of several), "has note", a text search over quotes
 * and notes, and layers (creators). The list itself is virtual (Sidebar.svelte draws only the
 * cards near the visible part), so this class never limits what `filtered` holds.
 */
export class SidebarState {
  tagFilter = new SvelteSet<string>();
  #hasNote = $state(false);
  #query = $state('');
  /** The card to bring into view: set by `reveal`, a new object each time so that revealing
   * the same card twice scrolls to it twice. */
  #target = $state.raw<{ id: string } | null>(null);

  constructor(
    private doc: OpenDocument,
    private reader: ReaderState,
  ) {}

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

  private matches = (a: Annotation): boolean => {
    if (!this.reader.shown(a)) return false;
    if (this.hasNote && !a.note.trim()) return false;
    if (this.tagFilter.size && !a.tags.some((t) => this.tagFilter.has(t))) return false;
    const q = this.query.trim().toLocaleLowerCase();
    if (
      q &&
      !a.target.quote.exact.toLocaleLowerCase().includes(q) &&
      !a.note.toLocaleLowerCase().includes(q)
    )
      return false;
    return true;
  };

  filtered = $derived.by(() => this.doc.placed.filter((p) => this.matches(p.a)));
  /** Position of each filtered card by annotation id. */
  positions = $derived.by(() => new Map(this.filtered.map((p, i) => [p.a.id, i])));
  orphans = $derived.by(() => this.doc.orphans.filter(this.matches));
  active = $derived.by(
    () =>
      this.tagFilter.size > 0 ||
      this.hasNote ||
      this.query.trim() !== '' ||
      this.reader.layers.filtering,
  );

  /** Annotations per tag id (all annotations of the document, not only filtered ones). */
  tagCounts = $derived.by(() => {
    const counts = new Map<string, number>();
    for (const a of this.doc.annotations)
      for (const t of a.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  });

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
}
