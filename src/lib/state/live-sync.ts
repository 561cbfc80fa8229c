import type { RemoteBatch } from '../sync/mirror';
import { acceptRemote } from '../sync/accept';
import { isExpired, refusalMessage } from '../sync/refusals';
import { ClassApi, type ClassStudent } from '../sync/class-api';
import type { AnnotationChange, OpenDocument } from './document.svelte';
import type { Notices } from './notices.svelte';
import type { LiveSession } from './live-session';
import { LiveRooms, type OpenRoom } from './live-rooms';
import { LocalTombstones } from './live-tombstones';

export type LiveState = 'connecting' | 'connected' | 'offline' | 'refused' | 'ended';

export interface LiveSyncHooks {
  status: (state: LiveState) => void;
  /** Teacher: who has joined (each poll). */
  students: (list: readonly ClassStudent[]) => void;
}

/**
 * Moves one live session's annotations between the open document and its rooms. A student's
 * session writes their own room; a teacher's asks the server who has joined (every `pollMs`)
 * and reads each student's room (read-only). Out: `push`, given this tab's own committed
 * batches. In: each room's validated batches, checked by `acceptRemote`, are committed with
 * `OpenDocument.commit(change, 'live')`, one after another — IndexedDB, then state, then other
 * tabs, and never pushed back out. A student's deletions are also kept locally
 * (`LocalTombstones`) until the room has them, so none is undone by the room's older copy.
 */
export class LiveSync {
  readonly #rooms: LiveRooms;
  /** Ids each student room has put: the only ids that room may delete on the teacher's side. */
  #seen = new Map<string, Set<string>>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #queue: Promise<void> = Promise.resolve();
  #session: LiveSession | null = null;
  /** A refusal was told this session (one message, not one per room or poll). */
  #refusalTold = false;

  constructor(
    private doc: OpenDocument,
    private notices: Notices,
    private fetchFn: typeof fetch,
    private hooks: LiveSyncHooks,
    openRoom?: OpenRoom,
    private pollMs = 2000,
    private tombstones = new LocalTombstones(),
  ) {
    this.#rooms = new LiveRooms(openRoom);
  }

  connect(s: LiveSession): void {
    this.disconnect();
    this.#session = s;
    if (s.ended) return this.hooks.status('ended');
    this.hooks.status(this.#rooms.online ? 'connecting' : 'offline');
    const base = `class/${s.classId}/reading/${s.docId}`;
    if (s.role === 'teacher') return void this.#poll(s, base);
    const gen = this.#rooms.generation;
    void this.tombstones.load(s.docId).then(() => {
      if (gen === this.#rooms.generation) this.#room(s, `${base}/student/${s.studentId}`, true);
    });
  }

  disconnect(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#rooms.closeAll();
    this.#seen.clear();
    this.#session = null;
    this.#refusalTold = false;
    this.hooks.students([]);
  }

  /** A batch this tab committed: a student's own annotations (never prompts) go out. */
  push(docId: string, change: AnnotationChange): void {
    const s = this.#session;
    if (!s || s.role !== 'student' || s.docId !== docId) return;
    const put = (change.put ?? []).filter((a) => !a.prompt);
    const del = change.delete ?? [];
    const ids = put.map((a) => a.id);
    this.tombstones.note(docId, ids, del, s.name ?? '');
    if (put.length || del.length) this.#rooms.push({ put, delete: del });
  }

  setOnline(online: boolean): void {
    this.#rooms.setOnline(online);
    if (this.#session && !this.#session.ended) this.hooks.status(online ? 'connecting' : 'offline');
  }

  async #poll(s: LiveSession, base: string): Promise<void> {
    const gen = this.#rooms.generation;
    const r = await new ClassApi(s.server, this.fetchFn).info(s.classId, s.token);
    if (gen !== this.#rooms.generation) return;
    if (r.ok) {
      this.hooks.students(r.value.students);
      if (this.#rooms.online) this.hooks.status('connected');
      for (const st of r.value.students) this.#room(s, `${base}/student/${st.id}`, false);
    } else if (isExpired(r.error)) return this.#refused(s, r.error);
    else if (this.#rooms.online) this.hooks.status('connecting');
    this.#timer = setTimeout(() => void this.#poll(s, base), this.pollMs);
  }

  #room(s: LiveSession, name: string, own: boolean): void {
    if (this.#rooms.has(name)) return;
    const doc = this.doc;
    const gen = this.#rooms.generation;
    void this.#rooms.open({
      url: s.server.replace(/^http/, 'ws'),
      room: name,
      token: s.token,
      ctx: { docId: s.docId, textLength: doc.index?.length ?? 0 },
      // A student's first sync sends what they made offline or before joining; the teacher
      // sends nothing (their connections to student rooms are read-only).
      local: () => (own ? doc.annotations.filter((a) => !a.prompt) : []),
      tombstones: () => (own ? this.tombstones.map : new Map()),
      readOnly: !own,
      onRemote: (b) => this.#receive(gen, s.docId, name, own, b),
      onStatus: (st, reason) => {
        if (gen !== this.#rooms.generation) return;
        if (st === 'refused') return this.#refused(s, reason ?? '');
        if (own)
          this.hooks.status(
            !this.#rooms.online ? 'offline' : st === 'disconnected' ? 'connecting' : st,
          );
      },
    });
  }

  /** The server refused this session (a room or the teacher's poll): said once, clearly. */
  #refused(s: LiveSession, reason: string): void {
    this.hooks.status('refused');
    if (this.#refusalTold) return;
    this.#refusalTold = true;
    this.notices.error(refusalMessage(s.role, reason));
  }

  #receive(gen: number, docId: string, room: string, own: boolean, b: RemoteBatch): void {
    this.#queue = this.#queue.then(async () => {
      const doc = this.doc;
      if (gen !== this.#rooms.generation || doc.meta?.id !== docId) return;
      const seen = this.#seen.get(room) ?? new Set<string>();
      this.#seen.set(room, seen);
      const here = new Map(doc.annotations.map((a) => [a.id, a]));
      const ok = acceptRemote(b, here, seen, own, this.tombstones);
      if (ok.problems.length)
        this.notices.error(`Live changes refused: ${ok.problems.slice(0, 3).join('; ')}`);
      if (!ok.put.length && !ok.delete.length) return;
      await doc.commit({ put: ok.put, delete: ok.delete }, 'live').catch((err: unknown) => {
        this.notices.error(`A live change could not be saved: ${String(err)}`);
      });
    });
  }
}
