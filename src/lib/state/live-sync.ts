import type { RemoteBatch } from '../sync/mirror';
import { acceptRemote, type RoomKind } from '../sync/accept';
import { ClassApi, type ClassStudent } from '../sync/class-api';
import { classSettings, sharedNow, type ClassSettings, type Classmate } from '../sync/settings';
import type { AnnotationChange, OpenDocument } from './document.svelte';
import type { Notices } from './notices.svelte';
import type { LiveSession } from './live-session';
import { LiveRooms, type OpenRoom } from './live-rooms';
import { SharedWork } from './live-shared.svelte';

export type LiveState = 'connecting' | 'connected' | 'offline' | 'refused' | 'ended';

export interface LiveSyncHooks {
  status: (state: LiveState) => void;
  /** Teacher: who has joined (each poll). */
  students: (list: readonly ClassStudent[]) => void;
}

/** How this session uses a room: committed (`RoomKind`) or only shown (a classmate's). */
type Use = RoomKind | { classmate: Classmate };

/**
 * Moves one live session's annotations between the open document and its rooms.
 * - Student: writes their own room; reads the teacher room (prompts and class settings, both
 *   read-only) and, while the teacher shares answers, classmates' rooms (into `shared`, shown
 *   only, never stored).
 * - Teacher: writes the teacher room (their prompts and the class settings), asks the server
 *   who has joined (every `pollMs`) and reads each student's room (read-only).
 * Out: `push`, given this tab's own committed batches. In: each room's validated batches,
 * checked by `acceptRemote`, are committed with `OpenDocument.commit(change, 'live')`, one
 * after another — IndexedDB, then state, then other tabs, and never pushed back out.
 */
export class LiveSync {
  readonly #rooms: LiveRooms;
  readonly shared = new SharedWork();
  /** Ids each room has put: the only ids that room may delete here. */
  #seen = new Map<string, Set<string>>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #queue: Promise<void> = Promise.resolve();
  #session: LiveSession | null = null;
  /** Teacher: who has joined, as last polled (null before the first answer). */
  #students: readonly ClassStudent[] | null = null;
  /** Student: the teacher room says the class has ended. */
  #ended = false;
  /** Student: classmates' rooms the settings allow, and refusals per room (see `#refused`). */
  #wanted = new Map<string, Classmate>();
  #tries = new Map<string, number>();

  constructor(
    private doc: OpenDocument,
    private notices: Notices,
    private fetchFn: typeof fetch,
    private hooks: LiveSyncHooks,
    openRoom?: OpenRoom,
    private pollMs = 2000,
  ) {
    this.#rooms = new LiveRooms(openRoom);
  }

  connect(s: LiveSession): void {
    this.disconnect();
    this.#session = s;
    if (s.ended) return this.hooks.status('ended');
    this.hooks.status(this.#rooms.online ? 'connecting' : 'offline');
    const teacher = s.role === 'teacher';
    this.#room(s, teacherRoom(s), 'prompts');
    if (!teacher) this.#room(s, studentRoom(s, s.studentId!), 'own');
    else void this.#poll(s);
  }

  disconnect(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#rooms.closeAll();
    this.#seen.clear();
    this.#session = null;
    this.#students = null;
    this.#ended = false;
    this.#wanted.clear();
    this.#tries.clear();
    this.shared.clear();
    this.hooks.students([]);
  }

  /** Teacher: the session's sharing changed; students hear it through the teacher room. */
  update(s: LiveSession): void {
    if (this.#session?.classId !== s.classId) return;
    this.#session = s;
    this.#publish(s);
  }

  /** Teacher, before ending: tells students the class ends (and, if answers are shared after
   * the end, who their classmates are) while the teacher room still takes writes. */
  async announceEnd(s: LiveSession): Promise<void> {
    this.#publish({ ...s, ended: true });
    await this.#rooms.get(teacherRoom(s))?.flushed();
  }

  /** A batch this tab committed: a student's own annotations go to their room, a teacher's
   * prompts (and prompts no longer such) to the teacher room. */
  push(docId: string, change: AnnotationChange): void {
    const s = this.#session;
    if (!s || s.docId !== docId) return;
    const put = change.put ?? [];
    const del = change.delete ?? [];
    if (s.role === 'student') {
      const own = put.filter((a) => !a.prompt);
      if (own.length || del.length)
        this.#rooms.push(studentRoom(s, s.studentId!), { put: own, delete: del });
      return;
    }
    const prompts = put.filter((a) => a.prompt);
    const unmarked = put.filter((a) => !a.prompt).map((a) => a.id);
    if (prompts.length || del.length || unmarked.length)
      this.#rooms.push(teacherRoom(s), { put: prompts, delete: [...del, ...unmarked] });
  }

  setOnline(online: boolean): void {
    this.#rooms.setOnline(online);
    if (this.#session && !this.#session.ended && !this.#ended)
      this.hooks.status(online ? 'connecting' : 'offline');
  }

  #publish(s: LiveSession): void {
    this.#rooms
      .get(teacherRoom(s))
      ?.setSettings(classSettings(s.sharing, s.ended, this.#students ?? []));
  }

  async #poll(s: LiveSession): Promise<void> {
    const gen = this.#rooms.generation;
    const r = await new ClassApi(s.server, this.fetchFn).info(s.classId, s.token);
    if (gen !== this.#rooms.generation) return;
    if (r.ok) {
      const list = r.value.students;
      // Published after the first answer (so students never see an empty roster first) and
      // whenever it changes.
      const changed = JSON.stringify(list) !== JSON.stringify(this.#students);
      this.#students = list;
      this.hooks.students(list);
      if (changed) this.#publish(this.#session ?? s);
      if (this.#rooms.online) this.hooks.status('connected');
      for (const st of list) this.#room(s, studentRoom(s, st.id), 'student');
    } else if (this.#rooms.online) this.hooks.status('connecting');
    this.#timer = setTimeout(() => void this.#poll(s), this.pollMs);
  }

  /** Student: the teacher's class settings: ended or not, whose rooms may be read. */
  #settings(s: LiveSession, settings: ClassSettings): void {
    this.#ended = settings.ended;
    if (settings.ended) this.hooks.status('ended');
    const mates = sharedNow(settings)
      ? settings.classmates.filter((c) => c.id !== s.studentId)
      : [];
    const wanted = (this.#wanted = new Map(mates.map((c) => [studentRoom(s, c.id), c])));
    for (const name of this.#rooms.names())
      if (name !== studentRoom(s, s.studentId!) && name !== teacherRoom(s) && !wanted.has(name))
        this.#rooms.close(name);
    this.shared.heard(settings.sharing, mates);
    for (const [name, classmate] of wanted) this.#room(s, name, { classmate });
  }

  #room(s: LiveSession, name: string, use: Use): void {
    if (this.#rooms.has(name)) return;
    const doc = this.doc;
    const gen = this.#rooms.generation;
    const writes = use === 'own' || (use === 'prompts' && s.role === 'teacher');
    void this.#rooms.open({
      url: s.server.replace(/^http/, 'ws'),
      room: name,
      token: s.token,
      ctx: { docId: s.docId, textLength: doc.index?.length ?? 0 },
      // The first sync sends what this side made offline or before joining, to the rooms it
      // writes; connections to other rooms are read-only and send nothing.
      local: () =>
        !writes ? [] : doc.annotations.filter((a) => (use === 'own' ? !a.prompt : !!a.prompt)),
      onRemote: (b) =>
        typeof use === 'object'
          ? gen === this.#rooms.generation && this.shared.receive(use.classmate, b)
          : this.#receive(gen, s, name, use, b),
      onSettings:
        use === 'prompts' && s.role === 'student'
          ? (settings) => gen === this.#rooms.generation && this.#settings(s, settings)
          : undefined,
      onStatus: (st, reason) => {
        if (typeof use === 'object' && st === 'refused') return this.#refused(s, name, gen);
        if (use !== 'own' || gen !== this.#rooms.generation || this.#ended) return;
        this.hooks.status(
          !this.#rooms.online ? 'offline' : st === 'disconnected' ? 'connecting' : st,
        );
        if (st === 'refused') this.notices.error(`The class server refused: ${reason}`);
      },
    });
  }

  /** A classmate's room refused: the server may not yet know what the teacher announced just
   * before (the end, for answers shared after it), so it is tried again, later each time. */
  #refused(s: LiveSession, name: string, gen: number): void {
    if (gen !== this.#rooms.generation) return;
    const tries = (this.#tries.get(name) ?? 0) + 1;
    this.#tries.set(name, tries);
    queueMicrotask(() => this.#rooms.close(name));
    if (tries <= 5)
      setTimeout(
        () => {
          const classmate = this.#wanted.get(name);
          if (classmate && gen === this.#rooms.generation) this.#room(s, name, { classmate });
        },
        250 * 2 ** tries,
      );
  }

  #receive(gen: number, s: LiveSession, room: string, kind: RoomKind, b: RemoteBatch): void {
    this.#queue = this.#queue.then(async () => {
      const doc = this.doc;
      if (gen !== this.#rooms.generation || doc.meta?.id !== s.docId) return;
      const seen = this.#seen.get(room) ?? new Set<string>();
      this.#seen.set(room, seen);
      const here = new Map(doc.annotations.map((a) => [a.id, a]));
      // A student's copy may name the packet's tags by other ids: prompts keep only known tags.
      if (kind === 'prompts' && s.role === 'student')
        b = {
          ...b,
          put: b.put.map((a) => ({ ...a, tags: a.tags.filter((t) => doc.tagsById.has(t)) })),
        };
      const ok = acceptRemote(b, here, seen, kind);
      if (ok.problems.length)
        this.notices.error(`Live changes refused: ${ok.problems.slice(0, 3).join('; ')}`);
      if (!ok.put.length && !ok.delete.length) return;
      await doc.commit({ put: ok.put, delete: ok.delete }, 'live').catch((err: unknown) => {
        this.notices.error(`A live change could not be saved: ${String(err)}`);
      });
    });
  }
}

const base = (s: LiveSession) => `class/${s.classId}/reading/${s.docId}`;
const teacherRoom = (s: LiveSession) => `${base(s)}/teacher`;
const studentRoom = (s: LiveSession, id: string) => `${base(s)}/student/${id}`;
