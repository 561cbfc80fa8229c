import type { LibraryStore } from '../storage/library-store';
import type { Notices } from './notices.svelte';
import type { LibraryState } from './library.svelte';
import type { OpenDocument } from './document.svelte';
import type { StorageStatus } from './storage-status.svelte';
import { addSample } from './open-library';

const LAST_DOC = 'lastDocument';
const scrollKey = (id: string) => `scroll:${id}`;

/**
 * Where the reader is: which view shows (the reader or the library), which document is open and
 * how far each one was scrolled. The one path that opens and deletes documents from the app, and
 * the owner of the settings that remember the place (`lastDocument`, `scroll:<id>`) across
 * reloads.
 */
export class Navigation {
  #view = $state<'reader' | 'library'>('reader');

  /** `closed` runs when the open document is deleted (its undo history goes with it). */
  constructor(
    private store: LibraryStore,
    private doc: OpenDocument,
    private library: LibraryState,
    private storage: StorageStatus,
    private notices: Notices,
    private closed: () => void,
  ) {}

  get view(): 'reader' | 'library' {
    return this.#view;
  }

  /** The document open when the app was last used, if any (it may have been deleted since). */
  async lastDocument(): Promise<string | null> {
    return (await this.store.getSetting<string>(LAST_DOC)) ?? null;
  }

  /**
   * The app's first open: `last` if it is still in the (refreshed) library, else the first
   * document, else the sample, added on a first run.
   */
  async openStart(last: string | null): Promise<void> {
    const target =
      (last && this.library.documents.some((d) => d.id === last) ? last : null) ??
      this.library.documents[0]?.id ??
      (await addSample(this.library, this.notices));
    try {
      if (target) await this.open(target);
    } finally {
      // The sample is read like any file: on a slow start its "Opening…" view shows, and
      // like any file's it comes down once the document is open.
      this.library.opening.finish();
    }
  }

  /** Opens `id` and remembers it as the last document; shows the reader unless `show` is false. */
  async open(id: string, opts: { show?: boolean } = {}): Promise<void> {
    if (!(await this.doc.open(id))) {
      this.notices.error('That document is no longer in your library.');
      return;
    }
    if (opts.show !== false) this.#view = 'reader';
    await this.store.setSetting(LAST_DOC, id);
    await this.library.touch(id);
  }

  /** Deletes `id`; if it was open, the next document opens (or the library shows, if none). */
  async remove(id: string): Promise<void> {
    const wasOpen = this.doc.meta?.id === id;
    if (!(await this.library.remove(id))) return;
    this.notices.announce('Document deleted.');
    if (wasOpen) {
      this.doc.close();
      this.closed();
      const next = this.library.documents[0];
      // Deleting from the library keeps the reader in the library.
      if (next) await this.open(next.id, { show: this.view !== 'library' });
      else this.#view = 'library';
    }
  }

  /** Shows the library with fresh counts (annotations change them while reading). */
  async toggleLibrary(): Promise<void> {
    if (this.view === 'library') {
      this.#view = 'reader';
      return;
    }
    await this.library.refresh();
    void this.storage.refresh();
    this.#view = 'library';
  }

  /** Back from the library to the open document. */
  showReader(): void {
    this.#view = 'reader';
  }

  async saveScroll(offset: number): Promise<void> {
    const id = this.doc.meta?.id;
    if (id) await this.store.setSetting(scrollKey(id), offset);
  }

  async savedScroll(id: string): Promise<number | null> {
    return (await this.store.getSetting<number>(scrollKey(id))) ?? null;
  }
}
