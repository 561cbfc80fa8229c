/** Same-run baselines for the live-class bench: a bare WebSocket relay, and the server's bounds
 * check alone. */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { checkUpdate } from '../server/validate-update';
import {
  INTERVAL,
  PER_STUDENT,
  PORTS,
  STUDENTS,
  note,
  pct,
  root,
  sleep,
  summarize,
  until,
  type Figures,
} from './live-common';

/** The same-run baseline: a bare WebSocket relay (its own process, no Yjs, no checks) carrying
 * the same JSON records at the same rate from 30 sockets to one. What the engine adds is the
 * difference; what the loaded machine adds is in both. */
export async function relayBaseline(): Promise<Figures> {
  const code = `const {WebSocketServer}=require('ws');let t=null;const w=new WebSocketServer({port:${PORTS.relay},host:'127.0.0.1'});w.on('connection',s=>{if(!t){t=s;return}s.on('message',m=>t.send(m.toString()))});`;
  const relay = spawn(process.execPath, ['-e', code], { cwd: root, stdio: 'ignore' });
  const sockets: WebSocket[] = [];
  try {
    const connect = async () => {
      for (;;) {
        const ws = new WebSocket(`ws://127.0.0.1:${PORTS.relay}`);
        const ok = await new Promise<boolean>(
          (r) => (ws.once('open', () => r(true)), ws.once('error', () => r(false))),
        );
        if (ok) return (sockets.push(ws), ws);
        await sleep(50);
      }
    };
    const teacher = await connect();
    const senders = [];
    for (let i = 0; i < STUDENTS; i++) senders.push(await connect());
    const sentAt = new Map<string, number>();
    const latency: number[] = [];
    teacher.on('message', (m) => {
      const t = sentAt.get(JSON.parse(m.toString()).id);
      if (t !== undefined) latency.push(performance.now() - t);
    });
    const t0 = performance.now();
    await Promise.all(
      senders.map(async (ws, i) => {
        await sleep((INTERVAL * i) / STUDENTS);
        for (let k = 0; k < PER_STUDENT; k++) {
          const a = note(i, k);
          sentAt.set(a.id, performance.now());
          ws.send(JSON.stringify(a));
          await sleep(INTERVAL);
        }
      }),
    );
    const writeSpanMs = performance.now() - t0;
    await until(() => latency.length === sentAt.size, 'relay delivers all', 20_000).catch(() => {});
    return summarize('baseline: bare WebSocket relay', latency, {
      sent: sentAt.size,
      received: latency.length,
      duplicates: 0,
      pushMeanMs: 0,
      writeSpanMs,
    });
  } finally {
    for (const s of sockets) s.close();
    relay.kill('SIGTERM');
  }
}

/** Server cost per message of the bounds check (validate-update.ts), by room size: the median
 * of 20 writes after the first (which builds the room's probe once). */
export function checkCost(records: number): number {
  const room = new Y.Doc();
  const map = room.getMap('annotations');
  for (let k = 0; k < records; k++) map.set(`k${k}`, JSON.parse(JSON.stringify(note(0, k))));
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(room));
  const times: number[] = [];
  for (let k = 0; k < 20; k++) {
    let update = new Uint8Array();
    other.once('update', (u: Uint8Array) => (update = u));
    other.getMap('annotations').set(`new${k}`, JSON.parse(JSON.stringify(note(1, k))));
    const t = performance.now();
    if (checkUpdate(room, update)) throw new Error('the bench update was refused');
    times.push(performance.now() - t);
    Y.applyUpdate(room, update); // as the server does once the check passes
  }
  return pct(times, 50);
}
