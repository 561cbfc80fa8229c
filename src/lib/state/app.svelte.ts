import { defaultEnv, type Env } from '../model/types';
import type { LibraryStore } from '../storage/library-store';
import { ChangeFeed } from '../storage/change-feed';
import { Notices } from './notices.svelte';
import { LibraryState } from './library.svelte';
import { OpenDocument } from './document.svelte';
import { ReaderState } from './reader.svelte';
import { EditorSync } from './editor-sync.svelte';
import { AnnotationCommands } from './annotation-commands.svelte';
import { SidebarState } from './sidebar.svelte';
import { TagActions } from './tags.svelte';
import { TransferState } from './transfer.svelte';
import { Exports } from './exports';
import { BackupRestore } from './backup-restore';
import { StorageStatus } from './storage-status.svelte';
import { Preferences } from './preferences.svelte';
import { Updates } from './updates.svelte';
import { PacketState } from './packets.svelte';
import { PacketOpener } from './packet-open';
import { ClassView } from './class-view.svelte';
import { openLibrary } from './open-library';
import { Navigation } from './navigation.svelte';
import { Intake } from './intake';
import { TextEdit } from './text-edit.svelte';
import { EditReview } from './edit-review.svelte';
import { LiveEntry } from './live-entry.svelte';

const READER_NAME = 'readerName';

/** The whole app: owns the storage connection and the state objects built on it, which `init`
 * creates once and wires together (collaborators and hooks are constructor arguments). */
export class AppState {
  readonly notices = new Notices();
  readonly updates = new Updates();
  #ready = $state(false);
  #fatal = $state<string | null>(null);
  #mustReload = $state(false);
  #ephemeral = $state(false);

  library!: LibraryState;
  /** Which view shows and which document is open: opens and deletes documents. */
  nav!: Navigation;
  /** The open document: the one owner of its meta, annotations, anchors and tags. */
  doc!: OpenDocument;
  /** The reading session: the reader's name, layers, the active card and note editor. */
  reader!: ReaderState;
  /** The only driver of the text editor. */
  editor!: EditorSync;
  /** Annotation commands and the undo history. */
  edits!: AnnotationCommands;
  sidebar!: SidebarState;
  tags!: TagActions;
  /** Imports (annotation files, backups, packets). */
  transfer!: TransferState;
  /** Exports of the open document and backups of the library. */
  exports!: Exports;
  /** Files picked or dropped, pasted text. */
  intake!: Intake;
  storage!: StorageStatus;
  prefs!: Preferences;
  packets!: PacketState;
  classView!: ClassView;
  /** Edit mode: correcting the open document's text (a new version). */
  textEdit!: TextEdit;
  /** The review list of what the last text edits touched. */
  review!: EditReview;
  /** The live class, loaded on first use (`live.use()`); `live.live` is null until then. */
  live!: LiveEntry;
  store!: LibraryStore;
  private feed = new ChangeFeed();

  constructor(private env: Env = defaultEnv) {}

  /** True once storage is open and the first document (if any) is shown. */
  get ready(): boolean {
    return this.#ready;
  }
  /** Set when storage cannot be used at all; the app then only shows this message. */
  get fatal(): string | null {
    return this.#fatal;
  }
  /** Set when another tab upgraded the database: this tab must reload. */
  get mustReload(): boolean {
    return this.#mustReload;
  }
  /** True when the browser refused storage and the library lives in memory for this tab only. */
  get ephemeral(): boolean {
    return this.#ephemeral;
  }

  async init(): Promise<void> {
    const opened = await openLibrary({
      feed: this.feed,
      notices: this.notices,
      onVersionChange: () => (this.#mustReload = true),
    });
    performance.mark('mg:init:library');
    if (!opened.store) {
      this.#fatal = opened.fatal;
      return;
    }
    this.store = opened.store;
    this.#ephemeral = opened.ephemeral;
    this.library = new LibraryState(this.store, this.notices, this.env);
    this.storage = new StorageStatus(this.store);
    this.doc = new OpenDocument(this.store, {
      opened: () => {
        this.reader.reset();
        this.edits.history.clear();
        this.editor.opened();
      },
      // The live class reconciles with all of the document's annotations: once they are read.
      filled: (redraw) => {
        // Drawn from the drawing record, but the pages changed meanwhile (another tab wrote).
        if (redraw) this.editor.redraw();
        const active = this.reader.activeId;
        if (active) this.sidebar.reveal(active);
        void this.live.opened();
      },
      // At the start the reader is mounted only once the open resolved: it will be, unless the
      // library is shown.
      painted: () => this.editor.whenPainted(() => this.nav.view !== 'library'),
      loadFailed: () =>
        this.notices.error("This document's annotations could not be read. Reload to try again."),
      applied: (change) => this.editor.applied(change),
      committed: (n) => {
        void this.storage.noteChange(n).then(() => this.storage.askPersistenceOnce());
      },
      localCommitted: (id, change) => this.live.localCommitted(id, change),
    });
    this.nav = new Navigation(this.store, this.doc, this.library, this.storage, this.notices, () =>
      this.edits.history.clear(),
    );
    // Another tab's change: the library's list, or a batch for the open document. Listened to
    // before the last document is prefetched, so a change made after that read began drops it
    // (OpenDocument.prefetch; a change of the library's list too, which may be its meta).
    this.feed.subscribe((msg) => {
      if (msg.kind === 'documents') void this.library.refresh();
      void this.doc.receive(msg);
    });
    const last = await this.nav.lastDocument();
    performance.mark('mg:init:last');
    this.reader = new ReaderState(this.doc, () => this.editor.redraw());
    this.editor = new EditorSync(this.doc, this.reader, this.notices, (a, h) =>
      this.classView.decorate(a, h),
    );
    this.edits = new AnnotationCommands(this.doc, this.reader, this.editor, this.notices, this.env);
    this.sidebar = new SidebarState(this.doc, this.reader);
    this.textEdit = new TextEdit(this.store, this.doc, this.editor, this.notices, this.env, (q) =>
      typeof window === 'undefined' ? true : window.confirm(q),
    );
    this.review = new EditReview(this.doc, this.editor, this.edits, this.notices);
    this.tags = new TagActions(this.doc, this.edits, this.notices, this.env);
    this.prefs = new Preferences(this.store);
    // The start's small reads are asked before the last document's (IndexedDB answers in the
    // order asked; its annotations' pages, ~10 MB with 10,000, would hold back any read after
    // them), and that one is asked before any is awaited, so it runs while the app starts.
    const prefsRead = this.prefs.load();
    const nameRead = this.store.getSetting<string>(READER_NAME);
    const listRead = this.library.refresh();
    if (last) this.doc.prefetch(last);
    await prefsRead;
    performance.mark('mg:init:prefs');
    this.exports = new Exports(this.store, this.doc, this.env, () =>
      this.storage.backupExported(this.env.now()),
    );
    const opener = new PacketOpener(
      this.store,
      this.doc,
      this.library,
      this.notices,
      this.env,
      (id) => this.nav.open(id),
    );
    this.transfer = new TransferState(
      this.store,
      this.doc,
      this.library,
      this.notices,
      this.env,
      new BackupRestore(this.store, this.doc, this.library, this.notices, this.env),
      (name, json) => opener.open(name, json),
    );
    this.intake = new Intake(this.library, this.transfer, this.notices, (id) => this.nav.open(id));
    this.packets = new PacketState(
      this.store,
      this.doc,
      this.reader,
      this.edits,
      this.library,
      this.notices,
      this.env,
      (id) => this.nav.open(id),
    );
    this.classView = new ClassView(this.doc, this.reader, this.editor, this.env);
    this.live = new LiveEntry(
      this.store,
      this.doc,
      this.library,
      this.notices,
      (name) => this.setReaderName(name),
      (id) => this.nav.open(id),
    );
    void this.storage.refresh();
    this.reader.setCreator((await nameRead) || 'Me');
    performance.mark('mg:init:name');
    await listRead;
    performance.mark('mg:init:listed');
    await this.nav.openStart(last);
    this.#ready = true;
    await this.live.followInvite();
  }

  async setReaderName(name: string): Promise<void> {
    const n = name.trim().slice(0, 100) || 'Me';
    this.reader.setCreator(n);
    await this.store.setSetting(READER_NAME, n);
    await this.packets.adoptDefaultName();
  }
}
