import type { LibraryStore } from '../storage/library-store';
import {
  ClassApi,
  inviteLink,
  serverUrls,
  type ClassStudent,
  type Invite,
  type Sharing,
} from '../sync/class-api';
import type { AnnotationChange, OpenDocument } from './document.svelte';
import type { Notices } from './notices.svelte';
import { LIVE_SERVER_KEY, liveSessionKey, type LiveSession } from './live-session';
import type { OpenRoom } from './live-rooms';
import { LiveSync, type LiveState } from './live-sync';
import type { SharedWork } from './live-shared.svelte';

export type { LiveState } from './live-sync';

export interface LiveDeps {
  store: Pick<LibraryStore, 'getSetting' | 'setSetting'>;
  doc: OpenDocument;
  notices: Notices;
  /** Sets the reader's name (a student joining annotates under the name they gave). */
  setName: (name: string) => Promise<void>;
  /** The app's own address, for join links. */
  appUrl: string;
  fetch: typeof fetch;
  /** Opens a room; by default loads the Yjs/Hocuspocus client (`sync/live-room`) on first use. */
  openRoom?: OpenRoom;
  /** How often the teacher asks who has joined. */
  pollMs?: number;
  /** Where `online`/`offline` events come from. */
  events?: Pick<Window, 'addEventListener'>;
}

/**
 * The live class of the open document (issue #17), loaded only when a class is started, joined
 * or remembered. A teacher's session reads every student's room (read-only) and commits what
 * arrives; a student's session writes their own room. Both directions go through the app's one
 * change path: `localCommitted` (the hook on `OpenDocument.commit` for this tab's own batches)
 * pushes out, and remote batches — validated by `sync/record.ts`, then by `sync/accept.ts` so
 * nobody overwrites another reader's records or the teacher's prompts — enter by
 * `OpenDocument.commit(change, 'live')`, which writes IndexedDB, applies, tells other tabs and
 * never calls the hook back. IndexedDB stays the truth: offline work waits in the room's Y.Doc
 * and, after a reload, is reconciled from IndexedDB at the next first sync.
 */
export class LiveClass {
  #session = $state.raw<LiveSession | null>(null);
  #status = $state.raw<LiveState>('connecting');
  #students = $state.raw<readonly ClassStudent[]>([]);
  #server = $state.raw('');
  #invite = $state.raw<Invite | null>(null);
  #busy = $state.raw(false);
  readonly #sync: LiveSync;

  constructor(private deps: LiveDeps) {
    this.#sync = new LiveSync(
      deps.doc,
      deps.notices,
      deps.fetch,
      { status: (st) => (this.#status = st), students: (list) => (this.#students = list) },
      deps.openRoom,
      deps.pollMs,
    );
    deps.events?.addEventListener('offline', () => this.#sync.setOnline(false));
    deps.events?.addEventListener('online', () => this.#sync.setOnline(true));
    void deps.store.getSetting<string>(LIVE_SERVER_KEY).then((s) => (this.#server ||= s ?? ''));
  }

  /** The open document's session, if it has one. */
  get session(): LiveSession | null {
    return this.#session;
  }
  get status(): LiveState {
    return this.#status;
  }
  /** Teacher: who has joined, in order of joining. */
  get students(): readonly ClassStudent[] {
    return this.#students;
  }
  /** The class server address typed last (remembered). */
  get server(): string {
    return this.#server;
  }
  /** Student: classmates' work, while the teacher shares answers (shown, never stored). */
  get shared(): SharedWork {
    return this.#sync.shared;
  }
  /** A join link this tab was opened with, until used. */
  get invite(): Invite | null {
    return this.#invite;
  }
  /** A start, join, end or sharing change is waiting for the server. */
  get busy(): boolean {
    return this.#busy;
  }
  /** Teacher: the link students open to join. */
  get link(): string {
    const s = this.#session;
    return s?.joinCode
      ? inviteLink(this.deps.appUrl, { server: s.server, code: s.joinCode, docId: s.docId })
      : '';
  }

  setInvite(invite: Invite): void {
    this.#invite = invite;
    this.#server = invite.server;
  }

  /** A document was opened: leaves the previous one's rooms, resumes this one's session. */
  async opened(): Promise<void> {
    this.#sync.disconnect();
    const id = this.deps.doc.meta?.id;
    const s = id ? await this.deps.store.getSetting<LiveSession>(liveSessionKey(id)) : undefined;
    if (id !== this.deps.doc.meta?.id) return;
    this.#session = s ?? null;
    if (s) this.#sync.connect(s);
  }

  /** Teacher: creates a class on the server for the open document and starts watching it. */
  async start(address: string): Promise<boolean> {
    const meta = this.deps.doc.meta;
    const api = meta && this.#api(address);
    if (!api) return false;
    const r = await this.#run(() => api.createClass(meta.title.slice(0, 200)));
    if (!r) return false;
    const { classId, joinCode, title, teacherToken: token } = r;
    await this.#begin({
      role: 'teacher',
      docId: meta.id,
      server: api.base,
      classId,
      title,
      token,
      joinCode,
      sharing: 'private',
      ended: false,
    });
    this.deps.notices.announce(`Live class started. Join code ${joinCode}.`);
    return true;
  }

  /** Student: joins with a code under `name`, then shares their work on the open document. */
  async join(address: string, code: string, name: string): Promise<boolean> {
    const meta = this.deps.doc.meta;
    const api = meta && this.#api(address);
    if (!api) return false;
    const r = await this.#run(() => api.join(code, name));
    if (!r) return false;
    await this.deps.setName(name);
    this.#invite = null;
    await this.#begin({
      role: 'student',
      docId: meta.id,
      server: api.base,
      classId: r.classId,
      title: r.title,
      token: r.token,
      studentId: r.studentId,
      name,
      sharing: 'private',
      ended: false,
    });
    this.deps.notices.announce(`Joined “${r.title}”: your teacher sees your work as you read.`);
    return true;
  }

  /** Student: stops sharing. Everything already made stays in the library. */
  async leave(): Promise<void> {
    const s = this.#session;
    this.#sync.disconnect();
    this.#session = null;
    if (s) await this.deps.store.setSetting(liveSessionKey(s.docId), undefined);
    this.deps.notices.announce('You left the live class; your annotations stay here.');
  }

  /** Teacher: ends the class; the server refuses new writes, what arrived stays here. */
  async end(): Promise<void> {
    const s = this.#session;
    if (!s) return;
    const api = new ClassApi(s.server, this.deps.fetch);
    const ended = await this.#run(async () => {
      await this.#sync.announceEnd(s);
      return api.end(s.classId, s.token);
    });
    if (!ended) return this.#sync.update(s);
    await this.#save({ ...s, ended: true });
    this.#sync.connect({ ...s, ended: true });
    this.deps.notices.announce('The live class has ended; everything shared stays here.');
  }

  async setSharing(sharing: Sharing): Promise<void> {
    const s = this.#session;
    if (!s) return;
    const api = new ClassApi(s.server, this.deps.fetch);
    if (!(await this.#run(() => api.setSharing(s.classId, s.token, sharing)))) return;
    await this.#save({ ...s, sharing });
    this.#sync.update({ ...s, sharing });
  }

  /** Hook on `OpenDocument.commit` for this tab's own batches: a student's go to their room. */
  localCommitted(docId: string, change: AnnotationChange): void {
    this.#sync.push(docId, change);
  }

  async #begin(s: LiveSession): Promise<void> {
    this.#sync.disconnect();
    await this.#save(s);
    this.#sync.connect(s);
  }

  async #save(s: LiveSession): Promise<void> {
    this.#session = s;
    await this.deps.store.setSetting(liveSessionKey(s.docId), s);
  }

  #api(address: string): ClassApi | null {
    const urls = serverUrls(address);
    if (!urls) {
      this.deps.notices.error(
        `“${address}” is not a class server address (like http://host:8787).`,
      );
      return null;
    }
    this.#server = urls.http;
    void this.deps.store.setSetting(LIVE_SERVER_KEY, urls.http);
    return new ClassApi(urls.http, this.deps.fetch);
  }

  async #run<T>(call: () => Promise<{ ok: true; value: T } | { ok: false; error: string }>) {
    this.#busy = true;
    try {
      const r = await call();
      if (r.ok) return r.value;
      this.deps.notices.error(r.error);
      return null;
    } finally {
      this.#busy = false;
    }
  }
}
