import { defaultEnv, type Env } from '../model/types';
import { LibraryStore } from '../storage/library-store';
import { ChangeFeed } from '../storage/change-feed';
import { Notices } from './notices.svelte';
import { History } from './history.svelte';
import { LibraryState } from './library.svelte';
import { ReaderState } from './reader.svelte';
import { SidebarState } from './sidebar.svelte';
import { TagActions } from './tags.svelte';
import { TransferState } from './transfer.svelte';
import { StorageStatus } from './storage-status.svelte';
import { Preferences } from './preferences.svelte';
import { Updates } from './updates.svelte';
import { PacketState } from './packets.svelte';
import { ClassView } from './class-view.svelte';
import { describeStorageError } from './errors';
import type { Dropped } from './dropped-files';

export const SAMPLE_FILE = 'sample-interview.txt';
const LAST_DOC = 'lastDocument';
const READER_NAME = 'readerName';
const scrollKey = (id: string) => `scroll:${id}`;

/** The whole app: owns the storage connection and the state objects built on it. */
export class AppState {
  readonly notices = new Notices();
  readonly history = new History();
  readonly updates = new Updates();
  view = $state<'reader' | 'library'>('reader');
  ready = $state(false);
  /** Set when storage cannot be used at all; the app then only shows this message. */
  fatal = $state<string | null>(null);
  /** Set when another tab upgraded the database: this tab must reload. */
  mustReload = $state(false);

  library!: LibraryState;
  reader!: ReaderState;
  sidebar!: SidebarState;
  tags!: TagActions;
  transfer!: TransferState;
  storage!: StorageStatus;
  prefs!: Preferences;
  packets!: PacketState;
  classView!: ClassView;
  store!: LibraryStore;
  private feed = new ChangeFeed();

  constructor(private env: Env = defaultEnv) {}

  /** Uncaught errors become a visible, non-blocking message with details to copy; the page
   * (and any note being typed) stays as it is. */
  watchErrors(target: Window): () => void {
    const show = (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      this.notices.error(`Something went wrong: ${e.message}. Your saved work is safe.`, {
        details: `${e.name}: ${e.message}\n${e.stack ?? ''}\n${navigator.userAgent}`,
      });
    };
    const onError = (ev: ErrorEvent) => show(ev.error ?? ev.message);
    const onRejection = (ev: PromiseRejectionEvent) => show(ev.reason);
    target.addEventListener('error', onError);
    target.addEventListener('unhandledrejection', onRejection);
    return () => {
      target.removeEventListener('error', onError);
      target.removeEventListener('unhandledrejection', onRejection);
    };
  }

  async init(): Promise<void> {
    try {
      this.store = await LibraryStore.open({
        feed: this.feed,
        onVersionChange: () => (this.mustReload = true),
        onBlocked: () =>
          this.notices.error(
            'Another Marginalia tab is using an older version of your library. Close other Marginalia tabs to continue.',
          ),
      });
    } catch (err) {
      const fallback = await this.openInMemory(err);
      if (!fallback) {
        this.fatal = describeStorageError(err);
        return;
      }
      this.store = fallback;
    }
    this.library = new LibraryState(this.store, this.notices, this.env);
    this.reader = new ReaderState(this.store, this.notices, this.history, this.env);
    this.sidebar = new SidebarState(this.reader);
    this.tags = new TagActions(this.reader, this.history, this.notices, this.env);
    this.storage = new StorageStatus(this.store);
    this.prefs = new Preferences(this.store);
    await this.prefs.load();
    this.transfer = new TransferState(
      this.store,
      this.reader,
      this.library,
      this.notices,
      this.env,
      () => this.storage.backupExported(this.env.now()),
    );
    this.packets = new PacketState(
      this.store,
      this.reader,
      this.library,
      this.notices,
      this.env,
      this.history,
      (id) => this.openDocument(id),
    );
    this.transfer.openPacket = (name, json) => this.packets.open(name, json);
    this.classView = new ClassView(this.reader, this.env);
    this.reader.onChanged = (n) => {
      void this.storage.noteChange(n).then(() => this.storage.askPersistenceOnce());
    };
    void this.storage.refresh();
    this.reader.creator = (await this.store.getSetting<string>(READER_NAME)) || 'Me';
    this.feed.subscribe((msg) => {
      if (msg.kind === 'documents') void this.library.refresh();
      else if (this.reader.meta?.id === msg.docId) void this.reader.reload();
    });
    await this.library.refresh();
    const last = await this.store.getSetting<string>(LAST_DOC);
    const target =
      (last && this.library.documents.some((d) => d.id === last) ? last : null) ??
      this.library.documents[0]?.id ??
      (await this.seedSample());
    if (target) await this.openDocument(target);
    this.ready = true;
  }

  /** True when the browser refused storage and the library lives in memory for this tab only. */
  ephemeral = $state(false);

  /**
   * When the browser refuses IndexedDB (private mode, disabled site data), the app still works
   * for this tab on an in-memory database, and says plainly that nothing will be kept.
   */
  private async openInMemory(err: unknown): Promise<LibraryStore | null> {
    if (!(
      err instanceof Error &&
      'kind' in err &&
      (err as { kind: string }).kind === 'unavailable'
    ))
      return null;
    try {
      // idb recognises requests by the global IDB* classes, so all of them are swapped together.
      const memory = await import('fake-indexeddb');
      for (const name of [
        'indexedDB',
        'IDBKeyRange',
        'IDBDatabase',
        'IDBObjectStore',
        'IDBIndex',
        'IDBCursor',
        'IDBCursorWithValue',
        'IDBTransaction',
        'IDBRequest',
        'IDBOpenDBRequest',
        'IDBFactory',
        'IDBVersionChangeEvent',
      ] as const) {
        Object.defineProperty(globalThis, name, {
          value: memory[name],
          configurable: true,
          writable: true,
        });
      }
      const store = await LibraryStore.open({ feed: this.feed });
      this.ephemeral = true;
      this.notices.error(
        `${describeStorageError(err)} For now, your work is kept only while this tab stays open.`,
      );
      return store;
    } catch {
      return null;
    }
  }

  /** First run: the sample text shipped with the app. */
  private async seedSample(): Promise<string | null> {
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}${SAMPLE_FILE}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const file = new File([await res.blob()], SAMPLE_FILE, { type: 'text/plain' });
      return await this.library.addFiles([file]);
    } catch (err) {
      this.notices.error(
        `The sample text could not be loaded (${err instanceof Error ? err.message : err}). Open a text of your own.`,
      );
      return null;
    }
  }

  /** Shows the library with fresh counts (annotations change them while reading). */
  async toggleLibrary(): Promise<void> {
    if (this.view === 'library') {
      this.view = 'reader';
      return;
    }
    await this.library.refresh();
    void this.storage.refresh();
    this.view = 'library';
  }

  async openDocument(id: string, opts: { show?: boolean } = {}): Promise<void> {
    if (!(await this.reader.open(id))) {
      this.notices.error('That document is no longer in your library.');
      return;
    }
    if (opts.show !== false) this.view = 'reader';
    await this.store.setSetting(LAST_DOC, id);
    await this.library.touch(id);
  }

  /** Files picked or dropped: JSON files are imports or reading packets, everything else is a
   * text to read. */
  async openFiles(files: readonly File[]): Promise<void> {
    const isJson = (f: File) =>
      /\.(json|jsonld)$/i.test(f.name) ||
      f.type === 'application/json' ||
      f.type === 'application/ld+json';
    await this.transfer.importFiles(files.filter(isJson));
    const texts = files.filter((f) => !isJson(f));
    if (!texts.length) return;
    const id = await this.library.addFiles(texts);
    if (id) await this.openDocument(id);
  }

  /** A drop: files, or folders of hand-ins (only their annotation files are read). */
  async openDropped(d: Dropped): Promise<void> {
    const left: string[] = [];
    if (d.skipped)
      left.push(
        `${d.skipped} ${d.skipped === 1 ? 'file that is' : 'files that are'} not annotation files (.json)`,
      );
    if (d.truncated) left.push(`files beyond the first ${d.files.length}`);
    if (left.length)
      this.notices.announce(`From the dropped folder, left out: ${left.join('; ')}.`);
    if (d.files.length) await this.openFiles(d.files);
  }

  async pasteText(text: string, html?: string): Promise<boolean> {
    const pending = await this.library.pendingFromPaste(text, html);
    if (!pending.ok) {
      this.notices.error(pending.error);
      return false;
    }
    const id = await this.library.add(pending.value);
    if (id) await this.openDocument(id);
    return true;
  }

  /** The reader's answer to the duplicate prompt. */
  async resolveDuplicate(choice: 'open-existing' | 'keep-both' | 'cancel'): Promise<void> {
    const dup = this.library.duplicate;
    this.library.duplicate = null;
    if (!dup || choice === 'cancel') return;
    const id =
      choice === 'open-existing'
        ? dup.existing.id
        : await this.library.add(dup.pending, { allowDuplicate: true });
    if (id) await this.openDocument(id);
  }

  async deleteDocument(id: string): Promise<void> {
    const wasOpen = this.reader.meta?.id === id;
    if (!(await this.library.remove(id))) return;
    this.notices.announce('Document deleted.');
    if (wasOpen) {
      this.reader.close();
      const next = this.library.documents[0];
      // Deleting from the library keeps the reader in the library.
      if (next) await this.openDocument(next.id, { show: this.view !== 'library' });
      else this.view = 'library';
    }
  }

  async setReaderName(name: string): Promise<void> {
    const n = name.trim().slice(0, 100) || 'Me';
    this.reader.creator = n;
    await this.store.setSetting(READER_NAME, n);
    await this.packets.adoptDefaultName();
  }

  async saveScroll(offset: number): Promise<void> {
    const id = this.reader.meta?.id;
    if (id) await this.store.setSetting(scrollKey(id), offset);
  }

  async savedScroll(id: string): Promise<number | null> {
    return (await this.store.getSetting<number>(scrollKey(id))) ?? null;
  }

  async undo(): Promise<void> {
    try {
      const label = await this.history.undo();
      if (label) this.notices.announce(`Undid ${label}.`);
    } catch (err) {
      this.notices.error(describeStorageError(err));
    }
  }

  async redo(): Promise<void> {
    try {
      const label = await this.history.redo();
      if (label) this.notices.announce(`Redid ${label}.`);
    } catch (err) {
      this.notices.error(describeStorageError(err));
    }
  }
}
