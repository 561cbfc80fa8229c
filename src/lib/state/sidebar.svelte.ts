import { SvelteSet } from 'svelte/reactivity';
import type { Annotation } from '../model/types';
import type { OpenDocument } from './document.svelte';
import type { ReaderState } from './reader.svelte';

export const PAGE_SIZE = 100;

/**
 * Filters of the annotation list: tags (any of several), "has note", a text search over quotes
 * and notes, and layers (creators). Cards are rendered a page at a time so that a book with
 * thousands of annotations keeps a light sidebar.
 */
export class SidebarState {
  tagFilter = new SvelteSet<string>();
  #hasNote = $state(false);
  #query = $state('');
  limit = $state(PAGE_SIZE);

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
  visible = $derived(this.filtered.slice(0, this.limit));
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
    this.limit = PAGE_SIZE;
  }

  clear(): void {
    this.tagFilter.clear();
    this.#hasNote = false;
    this.#query = '';
    this.limit = PAGE_SIZE;
    if (this.reader.layers.filtering) this.reader.setLayerMode('everyone');
  }

  showMore(): void {
    this.limit += PAGE_SIZE;
  }

  /** Makes sure the card of `id` is within the rendered page. */
  reveal(id: string): void {
    const i = this.filtered.findIndex((p) => p.a.id === id);
    if (i >= this.limit) this.limit = Math.ceil((i + 1) / PAGE_SIZE) * PAGE_SIZE;
  }
}
