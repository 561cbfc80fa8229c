import type { LibraryStore } from '../storage/library-store';
import { readInvite } from '../sync/class-api';
import type { AnnotationChange, OpenDocument } from './document.svelte';
import type { LibraryState } from './library.svelte';
import type { Notices } from './notices.svelte';
import type { LiveClass } from './live-class.svelte';
import { liveSessionKey } from './live-session';

/**
 * The way into the live mode, and all the app holds of it until then. `LiveClass` (and through
 * it Yjs and the Hocuspocus client) is imported only when a class is started or joined, the
 * opened document has a remembered session, or the app was opened with a join link.
 */
export class LiveEntry {
  #live = $state.raw<LiveClass | null>(null);
  #loading: Promise<LiveClass> | null = null;

  constructor(
    private store: LibraryStore,
    private doc: OpenDocument,
    private library: LibraryState,
    private notices: Notices,
    private setName: (name: string) => Promise<void>,
    private openDocument: (id: string) => Promise<void>,
  ) {}

  get live(): LiveClass | null {
    return this.#live;
  }

  use(): Promise<LiveClass> {
    this.#loading ??= import('./live-class.svelte').then(({ LiveClass }) => {
      this.#live = new LiveClass({
        store: this.store,
        doc: this.doc,
        notices: this.notices,
        setName: this.setName,
        appUrl: location.href,
        fetch: (...a) => fetch(...a),
        events: window,
      });
      return this.#live;
    });
    return this.#loading;
  }

  /** A document was opened: its remembered session (if any) resumes, the previous one stops. */
  async opened(): Promise<void> {
    const id = this.doc.meta?.id;
    if (this.#live) return this.#live.opened();
    if (id && (await this.store.getSetting(liveSessionKey(id)))) await (await this.use()).opened();
  }

  /** This tab's own committed batch (the `OpenDocument` hook). */
  localCommitted(docId: string, change: AnnotationChange): void {
    this.#live?.localCommitted(docId, change);
  }

  /** A join link (`#live=…&code=…&doc=…`): the join form is filled in on that packet. */
  async followInvite(): Promise<void> {
    const invite = readInvite(location.hash);
    if (!invite) return;
    history.replaceState(null, '', location.pathname + location.search);
    (await this.use()).setInvite(invite);
    if (this.library.documents.some((d) => d.id === invite.docId))
      await this.openDocument(invite.docId);
    else
      this.notices.announce(
        'Open the reading packet from your teacher: the live class can then be joined from it.',
      );
  }
}
