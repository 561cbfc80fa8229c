/**
 * Two class server instances sharing one SQLite file and relaying through a real Redis
 * (`redis-server` from Debian, started here on a free loopback port, stopped at the end).
 * Without the binary this test fails on purpose: `.ci/run` installs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createClass,
  freePort,
  joinClass,
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
});
