/**
 * The class server's small HTTP API (JSON, CORS open: tokens travel in headers, never cookies).
 *   POST /api/classes              {title}          → {classId, joinCode, teacherToken}
 *   POST /api/join                 {code, name}     → {classId, studentId, title, token}
 *   GET  /api/classes/<id>         (teacher token)  → {class, students}
 *   POST /api/classes/<id>/sharing {sharing}        (teacher token) → {class}
 *   POST /api/classes/<id>/end                      (teacher token) → {class}
 * Every error is `{error}` with a sentence naming the problem and a 4xx status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SHARINGS, type ClassDb, type Sharing } from './db';
import { LIMITS } from './limits';
import { TOKEN_EXPIRED, type Tokens } from './tokens';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiDeps {
  db: ClassDb;
  tokens: Tokens;
  now?: () => Date;
}

/** Counts joins per address over the last minute (per instance; each instance counts its own). */
class JoinLimiter {
  #hits = new Map<string, number[]>();
  allow(address: string, now: number): boolean {
    const recent = (this.#hits.get(address) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= LIMITS.joinsPerMinute) return false;
    recent.push(now);
    this.#hits.set(address, recent);
    if (this.#hits.size > 10_000) this.#hits.clear();
    return true;
  }
}

/** Answers `/api/…` requests; returns false for any other path (left to Hocuspocus). */
export function createApi(deps: ApiDeps) {
  const now = deps.now ?? (() => new Date());
  const joins = new JoinLimiter();

  async function route(req: IncomingMessage, url: URL): Promise<unknown> {
    const path = url.pathname.replace(/\/+$/, '');
    if (req.method === 'POST' && path === '/api/classes') {
      const body = await readJson(req);
      const title = text(body, 'title', LIMITS.titleLength, 'class title');
      const cls = deps.db.createClass(title, now());
      const teacherToken = await deps.tokens.sign({ role: 'teacher', classId: cls.id });
      return { classId: cls.id, joinCode: cls.joinCode, title: cls.title, teacherToken };
    }
    if (req.method === 'POST' && path === '/api/join') {
      if (!joins.allow(req.socket.remoteAddress ?? '?', now().getTime()))
        throw new HttpError(429, 'Too many joins from this address; wait a minute and try again.');
      const body = await readJson(req);
      const code = text(body, 'code', 16, 'join code').toUpperCase().replace(/[\s-]/g, '');
      const name = text(body, 'name', LIMITS.nameLength, 'name');
      const cls = deps.db.classByCode(code);
      if (!cls)
        throw new HttpError(404, 'No class has this join code; check it with your teacher.');
      if (cls.endedAt) throw new HttpError(409, 'This class has ended; it takes no new students.');
      if (deps.db.studentCount(cls.id) >= LIMITS.studentsPerClass)
        throw new HttpError(409, `This class is full (${LIMITS.studentsPerClass} students).`);
      const student = deps.db.addStudent(cls.id, name, now());
      const token = await deps.tokens.sign({
        role: 'student',
        classId: cls.id,
        studentId: student.id,
      });
      return { classId: cls.id, studentId: student.id, title: cls.title, token };
    }
    const m = /^\/api\/classes\/([0-9a-f-]{36})(\/sharing|\/end)?$/.exec(path);
    if (m) {
      const [, classId, action] = m;
      const claims = await deps.tokens.read(bearer(req));
      if (claims === 'expired') throw new HttpError(401, TOKEN_EXPIRED);
      if (!claims || claims.role !== 'teacher' || claims.classId !== classId)
        throw new HttpError(
          403,
          'Only this class’s teacher may do this (teacher token missing or invalid).',
        );
      const cls = deps.db.getClass(classId);
      if (!cls) throw new HttpError(404, 'This class does not exist on this server.');
      if (!action && req.method === 'GET')
        return { class: cls, students: deps.db.students(classId) };
      if (action === '/end' && req.method === 'POST') {
        deps.db.endClass(classId, now());
        return { class: deps.db.getClass(classId) };
      }
      if (action === '/sharing' && req.method === 'POST') {
        const body = await readJson(req);
        const sharing = body.sharing;
        if (typeof sharing !== 'string' || !(SHARINGS as readonly string[]).includes(sharing))
          throw new HttpError(400, `sharing must be one of: ${SHARINGS.join(', ')}.`);
        deps.db.setSharing(classId, sharing as Sharing);
        return { class: deps.db.getClass(classId) };
      }
    }
    throw new HttpError(404, `No such endpoint: ${req.method} ${path}.`);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/')) return false;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return true;
    }
    let status = 200;
    let payload: unknown;
    try {
      payload = await route(req, url);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      status = err.status;
      payload = { error: err.message };
    }
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
    return true;
  };
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMITS.bodyBytes)
      throw new HttpError(413, `The request is too large (at most ${LIMITS.bodyBytes} bytes).`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError(400, 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

function text(body: Record<string, unknown>, key: string, max: number, what: string): string {
  const v = Object.hasOwn(body, key) ? body[key] : undefined;
  if (typeof v !== 'string' || !v.trim()) throw new HttpError(400, `The ${what} is missing.`);
  const s = v.trim();
  if ([...s].length > max)
    throw new HttpError(400, `The ${what} is too long (at most ${max} characters).`);
  if (/[\u0000-\u001f\u007f]/.test(s))
    throw new HttpError(400, `The ${what} contains control characters.`);
  return s;
}
