import type { Annotation } from '../model/types';
import type { OpenDocument } from './document.svelte';
import { Layers, type LayerMode } from './layers.svelte';

export type { LayerMode } from './layers.svelte';

/**
 * The reading session around the open document: who is reading (the name new annotations are
 * made under), whose layers are shown, which card is active and whose note editor is open.
 * The document itself is `OpenDocument`'s; drawing is `EditorSync`'s (told through `redraw`).
 */
export class ReaderState {
  #creator = $state('Me');
  /** The annotation whose card is selected. */
  #activeId = $state<string | null>(null);
  /** The annotation whose note editor is open. */
  #editingId = $state<string | null>(null);
  /** Whose annotations are shown. */
  readonly layers = new Layers(() => this.#creator);

  /** `redraw` draws every visible annotation again (layers changed). */
  constructor(
    private doc: OpenDocument,
    private redraw: () => void,
  ) {}

  get creator(): string {
    return this.#creator;
  }
  get activeId(): string | null {
    return this.#activeId;
  }
  get editingId(): string | null {
    return this.#editingId;
  }

  /** The reader's name (already checked by the caller). */
  setCreator(name: string): void {
    this.#creator = name;
  }

  /** Selects an annotation's card (null: none). */
  activate(id: string | null): void {
    this.#activeId = id;
  }

  /** Opens the note editor of an annotation. */
  editNote(id: string): void {
    this.#editingId = id;
  }

  /** Closes the note editor (only if it is still the one of `id`, when given). */
  closeNote(id?: string): void {
    if (id === undefined || this.#editingId === id) this.#editingId = null;
  }

  /** A new document starts with nothing selected and everyone's layer shown. */
  reset(): void {
    this.#activeId = null;
    this.#editingId = null;
    this.layers.reset();
  }

  /** Whether an annotation is drawn and listed under the current layers. */
  shown(a: Annotation): boolean {
    return this.layers.shown(a);
  }

  setLayerMode(mode: LayerMode): void {
    this.layers.setMode(mode);
    this.redraw();
  }

  setLayerVisible(creator: string, visible: boolean): void {
    this.layers.setVisible(creator, visible, this.doc.creators, this.doc.annotations);
    this.redraw();
  }
}
