/** The client sync core (src/lib/sync) against a real class server: what the app will do. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAnnotation } from '../src/lib/model/annotation';
import type { Annotation } from '../src/lib/model/types';
import { LiveRoom } from '../src/lib/sync/live-room';
import type { RemoteBatch } from '../src/lib/sync/mirror';
import { LIMITS } from './limits';
import {
  connect,
  createClass,
  joinStudent,
  startTestServer,
  until,
  type TestServer,
} from './test-helpers';

const TEXT = 'Whose woods these are I think I know.';
const ctx = { docId: 'urn:uuid:doc-1', textLength: [...TEXT].length };
let n = 0;
function anno(note: string, iso = '2026-01-01T10:00:00.000Z'): Annotation {
  const a = createAnnotation(
    {
      now: () => new Date(iso),
      uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    },
    {
      docId: ctx.docId,
      creator: 'Ada',
      target: {
        quote: { type: 'TextQuoteSelector', exact: 'woods', prefix: 'Whose ', suffix: ' these' },
        position: { type: 'TextPositionSelector', start: 6, end: 11 },
      },
    },
  );
  return { ...a, note };
}

let t: TestServer | undefined;
const rooms: LiveRoom[] = [];
afterEach(async () => {
  for (const r of rooms.splice(0)) r.close();
  await t?.stop();
  t = undefined;
});

/** A local store standing in for IndexedDB: applies batches exactly as the app's path would. */
function localStore(initial: Annotation[] = []) {
  const byId = new Map(initial.map((a) => [a.id, a]));
  const problems: string[] = [];
  return {
    byId,
    problems,
    apply: (b: RemoteBatch) => {
      for (const id of b.delete) byId.delete(id);
      for (const a of b.put) byId.set(a.id, a);
      problems.push(...b.problems);
    },
  };
}

describe('LiveRoom against a class server', { timeout: 30_000 }, () => {
  it('brings a student’s work to the teacher, offline edits included, and refuses invalid records', async () => {
    t = await startTestServer();
    const { s } = t;
    const cls = await createClass(s);
    const ada = await joinStudent(s, cls, 'Ada');
    const { room } = ada;
    const open = (token: string, store: ReturnType<typeof localStore>) => {
      const r = new LiveRoom({
        url: s.wsUrl,
        room,
        token,
        ctx,
        local: () => [...store.byId.values()],
        onRemote: store.apply,
        WebSocketPolyfill: WebSocket,
      });
      rooms.push(r);
      return r;
    };

    const before = anno('written before joining');
    const student = localStore([before]);
    const sRoom = open(ada.token, student);
    const teacher = localStore();
    open(cls.teacherToken, teacher);
    await until(() => teacher.byId.has(before.id), 'teacher receives the earlier annotation');
    expect(teacher.byId.get(before.id)).toEqual(before);

    const live = anno('live');
    sRoom.push({ put: [live], delete: [] });
    await until(() => teacher.byId.has(live.id), 'teacher receives a live annotation');

    sRoom.setOnline(false);
    const offline = anno('offline');
    sRoom.push({ put: [offline, { ...live, note: 'edited offline' }], delete: [before.id] });
    sRoom.setOnline(true);
    await until(() => teacher.byId.has(offline.id), 'offline work arrives');
    await until(() => !teacher.byId.has(before.id), 'offline delete arrives');
    expect([...teacher.byId.values()].map((a) => a.note).sort()).toEqual([
      'edited offline',
      'offline',
    ]);

    const raw = connect(s.wsUrl, room, ada.token);
    await until(raw.synced, 'raw client synced');
    raw.map.set('urn:uuid:bad', { ...offline, id: 'urn:uuid:bad', docId: 'urn:uuid:elsewhere' });
    await until(() => teacher.problems.length > 0, 'invalid record reported');
    expect(teacher.byId.has('urn:uuid:bad')).toBe(false);
    expect(teacher.problems[0]).toMatch(/belongs to another document/);
    raw.close();
  });

  it(
    'an offline backlog over the 1 MB message limit reaches the teacher whole, each record once',
    { timeout: 60_000 },
    async () => {
      t = await startTestServer();
      const { s } = t;
      const cls = await createClass(s);
      const ada = await joinStudent(s, cls, 'Ada');
      const student = localStore();
      const statuses: string[] = [];
      // The size of every message the student's client sends.
      const sizes: number[] = [];
      class Measured extends WebSocket {
        override send(data: ArrayBufferLike, ...rest: unknown[]): void {
          sizes.push(data.byteLength);
          (super.send as (...a: unknown[]) => void)(data, ...rest);
        }
      }
      const sRoom = new LiveRoom({
        url: s.wsUrl,
        room: ada.room,
        token: ada.token,
        ctx,
        local: () => [...student.byId.values()],
        onRemote: student.apply,
        onStatus: (st) => statuses.push(st),
        WebSocketPolyfill: Measured,
      });
      rooms.push(sRoom);
      const teacher = localStore();
      rooms.push(
        new LiveRoom({
          url: s.wsUrl,
          room: ada.room,
          token: cls.teacherToken,
          ctx,
          local: () => [],
          onRemote: teacher.apply,
          WebSocketPolyfill: WebSocket,
        }),
      );
      // Every change the teacher's side hears, per record id (a record sent twice counts twice).
      const watch = connect(s.wsUrl, ada.room, cls.teacherToken);
      const heard = new Map<string, number>();
      watch.map.observe((e) => {
        for (const id of e.keysChanged) heard.set(id, (heard.get(id) ?? 0) + 1);
      });
      const online = anno('made online');
      student.byId.set(online.id, online);
      sRoom.push({ put: [online], delete: [] });
      await until(() => teacher.byId.has(online.id) && watch.map.has(online.id), 'online work');

      sRoom.setOnline(false);
      await until(() => statuses.at(-1) === 'disconnected', 'the student is offline');
      // ~3 MB: 2,000 records of ~1.5 KB, committed as the app would, in batches of 100; one of
      // them deleted again and the earlier one deleted, both offline.
      const offline = Array.from({ length: 2000 }, (_, i) => anno(`${i} `.padEnd(1200, 'n')));
      for (let i = 0; i < offline.length; i += 100) {
        const put = offline.slice(i, i + 100);
        for (const a of put) student.byId.set(a.id, a);
        sRoom.push({ put, delete: [] });
      }
      const gone = offline.pop()!;
      for (const id of [gone.id, online.id]) student.byId.delete(id);
      sRoom.push({ put: [], delete: [gone.id, online.id] });
      expect(sRoom.pending).toBe(true);
      sizes.length = 0;
      sRoom.setOnline(true);

      await until(
        () => teacher.byId.size === offline.length,
        'the offline backlog arrives',
        30_000,
      );
      await until(() => !sRoom.pending, 'the server acknowledged everything');
      // Every message stayed under the server's limit (before, the reconnect handshake carried
      // the whole backlog, ~3 MB, which the server refused).
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.max(...sizes)).toBeLessThan(LIMITS.messageBytes);
      expect([...teacher.byId.keys()].sort()).toEqual(offline.map((a) => a.id).sort());
      expect(teacher.byId.get(offline[7].id)).toEqual(offline[7]);
      expect(teacher.problems).toEqual([]);
      // Each offline record was sent once; the one put and deleted offline was never sent; the
      // deletion of the earlier record arrived; nothing came back to the student.
      for (const a of offline) expect(heard.get(a.id)).toBe(1);
      expect(heard.has(gone.id)).toBe(false);
      expect(heard.get(online.id)).toBe(2);
      expect([...student.byId.values()]).toEqual(offline);
      watch.close();
    },
  );
});
