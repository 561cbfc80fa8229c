/**
 * Two class server instances sharing one SQLite file and relaying through a real Redis
 * (`redis-server` from Debian, started here on a free loopback port, stopped at the end).
 * Without the binary this test fails on purpose: `.ci/run` installs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Annotation } from '../src/lib/model/types';
import { LiveRoom } from '../src/lib/sync/live-room';
import type { RemoteBatch } from '../src/lib/sync/mirror';
import { startClassServer, type ClassServer } from './class-server';
import { DOC, TEXT, on } from './live-sides';
import {
  connect,
  createClass,
  freePort,
  joinClass,
  joinStudent,
  start,
  studentRoom,
  tempDir,
  until,
} from './test-helpers';

let redis: ChildProcess | undefined;
let redisUrl = '';

beforeAll(async () => {
  if (spawnSync('redis-server', ['--version']).error)
    throw new Error(
      'redis-server is not installed: `apt-get install -y redis-server` (Debian) — the two-instance test needs a real Redis.',
    );
  const port = await freePort();
  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  redisUrl = `redis://127.0.0.1:${port}`;
  await until(
    () =>
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .trim() === 'PONG',
    'redis-server answers',
  );
}, 30_000);

afterAll(() => {
  redis?.kill('SIGTERM');
});

describe('two instances through Redis', { timeout: 60_000 }, () => {
  it('relays a student write on A to the teacher on B, and both keep it after a restart', async () => {
    const tmp = tempDir();
    const dbPath = `${tmp.dir}/class.sqlite`;
    let a = await start(dbPath, redisUrl);
    let b = await start(dbPath, redisUrl);
    const clients: ReturnType<typeof connect>[] = [];
    try {
      const cls = await createClass(a);
      const students = [];
      for (let i = 0; i < 10; i++)
        students.push(await joinClass(i % 2 ? a : b, cls.joinCode, `S${i}`));
      const teachers = students.map((s) => {
        const c = connect(b.wsUrl, studentRoom(cls.classId, s.studentId), cls.teacherToken);
        clients.push(c);
        return c;
      });
      // Bounded load: 10 students × 20 records written on instance A.
      for (const [i, s] of students.entries()) {
        const c = connect(a.wsUrl, studentRoom(cls.classId, s.studentId), s.token);
        clients.push(c);
        await until(c.synced, `student ${i} synced`);
        for (let j = 0; j < 20; j++)
          c.map.set(`urn:uuid:${i}-${j}`, { id: `${i}-${j}`, note: 'n' });
      }
      await until(
        () => teachers.every((t) => t.map.size === 20),
        'the teacher on B receives all 200 records',
        30_000,
      );

      for (const c of clients.splice(0)) c.close();
      await Promise.all([a.stop(), b.stop()]);
      [a, b] = [await start(dbPath, redisUrl), await start(dbPath, redisUrl)];
      for (const [i, s] of students.entries()) {
        const c = connect(
          i % 2 ? a.wsUrl : b.wsUrl,
          studentRoom(cls.classId, s.studentId),
          cls.teacherToken,
        );
        clients.push(c);
        await until(c.synced, `room ${i} loaded after restart`);
        expect(c.map.size).toBe(20);
      }
    } finally {
      for (const c of clients) c.close();
      await Promise.all([a.stop(), b.stop()]);
      tmp.remove();
    }
  });

  it('keeps the app’s clients through a restart of both instances: they reconnect, nothing is lost or received twice', async () => {
    const tmp = tempDir();
    const dbPath = `${tmp.dir}/class.sqlite`;
    let servers: ClassServer[] = [await start(dbPath, redisUrl), await start(dbPath, redisUrl)];
    const ports = servers.map((x) => Number(new URL(x.httpUrl).port));
    const rooms: LiveRoom[] = [];
    const ctx = { docId: DOC, textLength: [...TEXT].length };
    // The teacher's side: every record received, and how often each id was put.
    const teacher = new Map<string, Annotation>();
    const receipts = new Map<string, number>();
    const receive = (batch: RemoteBatch) => {
      for (const id of batch.delete) teacher.delete(id);
      for (const x of batch.put) {
        teacher.set(x.id, x);
        receipts.set(x.id, (receipts.get(x.id) ?? 0) + 1);
      }
    };
    try {
      const [a, b] = servers;
      const cls = await createClass(a);
      const ada = await joinStudent(a, cls, 'Ada');
      const room = `class/${cls.classId}/reading/${DOC}/student/${ada.studentId}`;
      const local = new Map<string, Annotation>();
      const open = (url: string, token: string, readOnly: boolean) => {
        const r = new LiveRoom({
          url,
          room,
          token,
          ctx,
          readOnly,
          local: () => (readOnly ? [] : [...local.values()]),
          onRemote: readOnly ? receive : () => {},
          WebSocketPolyfill: WebSocket,
        });
        rooms.push(r);
        return r;
      };
      const student = open(a.wsUrl, ada.token, false);
      open(b.wsUrl, cls.teacherToken, true);
      const write = (put: Annotation[], del: string[] = []) => {
        for (const x of put) local.set(x.id, x);
        for (const id of del) local.delete(id);
        student.push({ put, delete: del });
      };
      const before = ['woods', 'these', 'think', 'know', 'house'].map((q) => on(q, 'Ada'));
      write(before);
      await until(() => teacher.size === 5, 'the teacher on B has the first five', 20_000);

      // Both instances go down with the clients connected; the student keeps writing.
      await Promise.all(servers.map((x) => x.stop()));
      const during = ['village', 'though', 'Whose'].map((q) => on(q, 'Ada'));
      write(during, [before[0].id]);
      servers = await Promise.all(
        ports.map((port) =>
          startClassServer({ port, host: '127.0.0.1', dbPath, redisUrl, quiet: true }),
        ),
      );
      await until(
        () => during.every((x) => teacher.has(x.id)) && !teacher.has(before[0].id),
        'the clients reconnect by themselves and the teacher gets what was written meanwhile',
        40_000,
      );
      const after = on('woods', 'Ada');
      write([after]);
      await until(() => teacher.has(after.id), 'writes go on after the restart', 20_000);

      expect([...teacher.keys()].sort()).toEqual([...local.keys()].sort());
      expect([...receipts.values()].every((n) => n === 1)).toBe(true);
      const check = connect(servers[1].wsUrl, room, cls.teacherToken);
      await until(check.synced, 'a fresh client synced');
      expect([...check.map.keys()].sort()).toEqual([...local.keys()].sort());
      check.close();
    } finally {
      for (const r of rooms) r.close();
      // Stopped already when the restart itself failed: that failure is the one to see.
      await Promise.all(servers.map((x) => x.stop().catch(() => {})));
      tmp.remove();
    }
  });
});
