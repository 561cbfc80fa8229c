/**
 * Live-class load test (issue #17), bounded, on loopback only: 30 simulated students each write
 * 50 annotations (one every LIVE_INTERVAL_MS, phases spread) through the app's own client
 * (`LiveRoom`: provider + mirror), and the teacher's client reads all 30 rooms and must receive
 * all 1,500. Latency = student's push → teacher's validated batch (same process, same clock).
 * Scenarios: two server instances relaying through Redis (students on A, teacher on B), and one
 * instance (both on A) to show what the relay adds. Servers run as their own processes
 * (`server/main.ts` via tsx), one shared SQLite file. Without `redis-server` the Redis scenario
 * is skipped and says so. Writes bench/.tmp/live.json; `node bench/run.mjs` reads it.
 * Run alone: `BENCH_ONLY=live npm run bench` (or `npx tsx bench/live.ts`).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { LiveRoom } from '../src/lib/sync/live-room';
import { checkCost, relayBaseline } from './live-baselines';
import { hasRedis, startClassServer, startRedis, stopAll } from './live-servers.mjs';
import {
  ctx,
  DOC,
  PER_STUDENT,
  PORTS,
  SCENARIO_LIMIT_MS,
  STUDENTS,
  INTERVAL,
  note,
  root,
  sleep,
  summarize,
  until,
  type Figures,
} from './live-common';

async function post(port: number, path: string, body: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, string>;
}

async function scenario(name: string, redisUrl: string | undefined): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-bench-live-'));
  const db = join(dir, 'class.sqlite');
  const servers: ChildProcess[] = [];
  const rooms: LiveRoom[] = [];
  try {
    servers.push(await startClassServer(root, { port: PORTS.a, db, redisUrl }));
    const teacherPort = redisUrl ? PORTS.b : PORTS.a;
    if (redisUrl) servers.push(await startClassServer(root, { port: PORTS.b, db, redisUrl }));
    const cls = await post(PORTS.a, '/api/classes', { title: 'Bench class' });
    const students = [];
    for (let i = 0; i < STUDENTS; i++)
      students.push(await post(PORTS.a, '/api/join', { code: cls.joinCode, name: `S${i}` }));
    const roomOf = (id: string) => `class/${cls.classId}/reading/${DOC}/student/${id}`;

    const sentAt = new Map<string, number>();
    const latency: number[] = [];
    let duplicates = 0;
    let connected = 0;
    const open = (port: number, room: string, token: string, onRemote: LiveRoom['push']) => {
      let counted = false;
      const r = new LiveRoom({
        url: `ws://127.0.0.1:${port}`,
        room,
        token,
        ctx,
        local: () => [],
        onRemote,
        onStatus: (s) => {
          if (s !== 'connected' || counted) return;
          counted = true;
          connected++;
        },
        WebSocketPolyfill: WebSocket,
      });
      rooms.push(r);
      return r;
    };
    const got = new Set<string>();
    for (const st of students)
      open(teacherPort, roomOf(st.studentId), cls.teacherToken, (batch) => {
        const now = performance.now();
        for (const a of batch.put) {
          const t = sentAt.get(a.id);
          if (t === undefined) continue;
          if (got.has(a.id)) {
            duplicates++;
            continue;
          }
          got.add(a.id);
          latency.push(now - t);
        }
      });
    const writers = students.map((st) => open(PORTS.a, roomOf(st.studentId), st.token, () => {}));
    await until(() => connected === rooms.length, 'every room connected');
    await sleep(300); // first syncs settle (no timing is claimed from this)

    let pushTotal = 0;
    const t0 = performance.now();
    await Promise.all(
      writers.map(async (w, i) => {
        await sleep((INTERVAL * i) / STUDENTS);
        for (let k = 0; k < PER_STUDENT; k++) {
          const a = note(i, k);
          const before = performance.now();
          sentAt.set(a.id, before);
          w.push({ put: [a], delete: [] });
          pushTotal += performance.now() - before;
          await sleep(INTERVAL);
        }
      }),
    );
    const writeSpanMs = performance.now() - t0;
    const total = STUDENTS * PER_STUDENT;
    await until(
      () => got.size === total,
      `teacher receives ${total}`,
      SCENARIO_LIMIT_MS - writeSpanMs,
    ).catch((e) => console.error(`${name}: ${(e as Error).message} (${got.size} received)`));
    return summarize(name, latency, {
      sent: sentAt.size,
      received: got.size,
      duplicates,
      pushMeanMs: pushTotal / sentAt.size,
      writeSpanMs,
    });
  } finally {
    for (const r of rooms) r.close();
    await stopAll(servers);
    rmSync(dir, { recursive: true, force: true });
  }
}

const out: {
  figures: Figures[];
  skipped: string[];
  interval: number;
  checkMs: Record<string, number>;
} = {
  figures: [],
  skipped: [],
  interval: INTERVAL,
  checkMs: {},
};
for (const n of [50, 1000, 4900]) out.checkMs[n] = checkCost(n);
let redis: ChildProcess | undefined;
try {
  if (hasRedis()) {
    redis = await startRedis(PORTS.redis);
    out.figures.push(await scenario('two instances + Redis', `redis://127.0.0.1:${PORTS.redis}`));
  } else
    out.skipped.push(
      'two instances + Redis: redis-server is not installed (apt-get install -y redis-server)',
    );
  out.figures.push(await scenario('one instance', undefined));
  out.figures.push(await relayBaseline());
} finally {
  if (redis) await stopAll([redis]);
}
for (const f of out.figures)
  console.log(
    `live ${f.scenario}: ${f.received}/${f.sent} received, ${f.duplicates} duplicates, p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`,
  );
for (const s of out.skipped) console.log(`live skipped: ${s}`);
mkdirSync(resolve(root, 'bench/.tmp'), { recursive: true });
writeFileSync(resolve(root, 'bench/.tmp/live.json'), JSON.stringify(out, null, 2) + '\n');
process.exit(0);
