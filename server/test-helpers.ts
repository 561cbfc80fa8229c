/** Shared by the server tests: real servers on loopback, real Hocuspocus providers over `ws`. */
import { HocuspocusProvider } from '@hocuspocus/provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { startClassServer, type ClassServer } from './class-server';

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-server-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function start(dbPath: string, redisUrl?: string): Promise<ClassServer> {
  return startClassServer({ port: 0, host: '127.0.0.1', dbPath, redisUrl, quiet: true });
}

/** One test's class server on a fresh SQLite file, with the clients it opened. */
export interface TestServer {
  /** The running server (a new one after `restart`). */
  readonly s: ClassServer;
  /** Connects a client to `room`; it is closed by `restart` and `stop`. */
  open: (room: string, token: string) => Client;
  /** Closes every client, stops the server and starts a new one on the same file. */
  restart: () => Promise<void>;
  /** Closes every client, stops the server and removes its folder. */
  stop: () => Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const tmp = tempDir();
  const dbPath = `${tmp.dir}/class.sqlite`;
  let s = await start(dbPath);
  const clients: Client[] = [];
  return {
    get s() {
      return s;
    },
    open: (room, token) => {
      const c = connect(s.wsUrl, room, token);
      clients.push(c);
      return c;
    },
    restart: async () => {
      for (const c of clients.splice(0)) c.close();
      await s.stop();
      s = await start(dbPath);
    },
    stop: async () => {
      for (const c of clients) c.close();
      await s.stop();
      tmp.remove();
    },
  };
}

/** A free TCP port on loopback (for a helper process such as redis-server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Waits for `cond` (polling), failing with `what` after `ms`: a bound, never a timing claim. */
export async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function api(
  s: { httpUrl: string },
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(`${s.httpUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

export async function createClass(s: ClassServer, title = 'Poetry 2B') {
  const { json } = await api(s, '/api/classes', { title });
  return json as { classId: string; joinCode: string; teacherToken: string };
}

export async function joinClass(s: ClassServer, code: string, name: string) {
  const { json } = await api(s, '/api/join', { code, name });
  return json as { classId: string; studentId: string; token: string };
}

/** A student who joined `cls`, with their own room (reading r1). */
export async function joinStudent(
  s: ClassServer,
  cls: { classId: string; joinCode: string },
  name: string,
) {
  const student = await joinClass(s, cls.joinCode, name);
  return { ...student, room: studentRoom(cls.classId, student.studentId) };
}

export interface Client {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  map: Y.Map<unknown>;
  failed: () => string | null;
  synced: () => boolean;
  /** Writes the server answered with “not applied” (read-only connection). */
  refusals: () => number;
  close: () => void;
}

export function connect(url: string, room: string, token: string, doc = new Y.Doc()): Client {
  let failure: string | null = null;
  let synced = false;
  const provider = new HocuspocusProvider({
    url,
    name: room,
    token,
    document: doc,
    WebSocketPolyfill: WebSocket,
    onAuthenticationFailed: ({ reason }) => (failure = reason),
    onSynced: () => (synced = true),
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  let refused = 0;
  provider.on('message', ({ message }: { message: any }) => {
    message.readVarString();
    if (message.readVarUint() === 8 && decoding.readVarInt(message.decoder) === 0) refused++;
  });
  return {
    provider,
    refusals: () => refused,
    doc,
    map: doc.getMap('annotations'),
    failed: () => failure,
    synced: () => synced,
    close: () => provider.destroy(),
  };
}

export const studentRoom = (classId: string, studentId: string, reading = 'r1') =>
  `class/${classId}/reading/${reading}/student/${studentId}`;
export const teacherRoom = (classId: string, reading = 'r1') =>
  `class/${classId}/reading/${reading}/teacher`;
