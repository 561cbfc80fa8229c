/**
 * The class server's HTTP API as the app calls it (server/http-api.ts is the other side).
 * Every call returns a `Result`: an unreachable server, a refusal or an answer of the wrong
 * shape is a message for the reader naming the problem, never a throw. `fetch` is passed in
 * (tests, and so nothing here runs at import time).
 */
import { fail, ok, type Result } from '../model/result';

export type Sharing = 'private' | 'after-end' | 'live';
export const SHARINGS: readonly Sharing[] = ['private', 'after-end', 'live'];

export interface CreatedClass {
  classId: string;
  joinCode: string;
  title: string;
  teacherToken: string;
}
export interface JoinedClass {
  classId: string;
  studentId: string;
  title: string;
  token: string;
}
export interface ClassStudent {
  id: string;
  name: string;
  joinedAt: string;
}
export interface ClassInfo {
  sharing: Sharing;
  endedAt: string | null;
  students: ClassStudent[];
}

/**
 * Normalises what a teacher typed as the server's address: `host:port`, `http(s)://…` or
 * `ws(s)://…` → the HTTP base (no trailing slash) and the WebSocket URL. Null when it is not an
 * address.
 */
export function serverUrls(input: string): { http: string; ws: string } | null {
  let s = input.trim();
  if (!s) return null;
  if (!/^[a-z]+:\/\//i.test(s)) s = `http://${s}`;
  let u: URL;
  try {
    u = new URL(s.replace(/^ws(s?):/i, 'http$1:'));
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const http = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  return { http, ws: http.replace(/^http/, 'ws') };
}

type Fetch = typeof fetch;

export class ClassApi {
  constructor(
    readonly base: string,
    private fetchFn: Fetch,
  ) {}

  createClass(title: string): Promise<Result<CreatedClass>> {
    return this.#call('/api/classes', { title }, undefined, (j) =>
      str(j.classId) && str(j.joinCode) && str(j.teacherToken)
        ? {
            classId: j.classId,
            joinCode: j.joinCode,
            teacherToken: j.teacherToken,
            title: text(j.title),
          }
        : null,
    );
  }

  join(code: string, name: string): Promise<Result<JoinedClass>> {
    return this.#call('/api/join', { code, name }, undefined, (j) =>
      str(j.classId) && str(j.studentId) && str(j.token)
        ? { classId: j.classId, studentId: j.studentId, token: j.token, title: text(j.title) }
        : null,
    );
  }

  info(classId: string, token: string): Promise<Result<ClassInfo>> {
    return this.#call(`/api/classes/${classId}`, undefined, token, readInfo);
  }

  setSharing(classId: string, token: string, sharing: Sharing): Promise<Result<ClassInfo>> {
    return this.#call(`/api/classes/${classId}/sharing`, { sharing }, token, readInfo);
  }

  end(classId: string, token: string): Promise<Result<ClassInfo>> {
    return this.#call(`/api/classes/${classId}/end`, {}, token, readInfo);
  }

  async #call<T>(
    path: string,
    body: unknown,
    token: string | undefined,
    read: (json: Record<string, unknown>) => T | null,
  ): Promise<Result<T>> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return fail(`The class server at ${this.base} cannot be reached; check the address.`);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      return fail(`${this.base} did not answer like a Marginalia class server.`);
    }
    if (typeof json !== 'object' || json === null)
      return fail(`${this.base} did not answer like a Marginalia class server.`);
    const j = json as Record<string, unknown>;
    if (!res.ok)
      return fail(str(j.error) ? j.error : `The class server refused (status ${res.status}).`);
    const value = read(j);
    return value ? ok(value) : fail(`${this.base} gave an answer of the wrong shape.`);
  }
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const text = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 200) : '');

/** `{class, students}` (GET, and the teacher's POSTs, which have no students: kept empty). */
function readInfo(j: Record<string, unknown>): ClassInfo | null {
  const cls = j.class as Record<string, unknown> | undefined;
  if (!cls || typeof cls !== 'object') return null;
  const sharing = SHARINGS.includes(cls.sharing as Sharing) ? (cls.sharing as Sharing) : 'private';
  const students = Array.isArray(j.students)
    ? j.students
        .filter(
          (s): s is ClassStudent =>
            !!s && typeof s === 'object' && str(s.id) && typeof s.name === 'string',
        )
        .map((s) => ({ id: s.id, name: text(s.name), joinedAt: text(s.joinedAt) }))
    : [];
  return { sharing, endedAt: str(cls.endedAt) ? cls.endedAt : null, students };
}

/** What a join link carries (in the URL's fragment, so the app's host never sees it). */
export interface Invite {
  server: string;
  code: string;
  docId: string;
}

/** The link a teacher gives students: the app's address with `#live=…&code=…&doc=…`. */
export function inviteLink(appUrl: string, invite: Invite): string {
  const p = new URLSearchParams({ live: invite.server, code: invite.code, doc: invite.docId });
  return `${appUrl.replace(/#.*$/, '')}#${p.toString()}`;
}

/** Reads a join link's fragment (`#live=…`); null for any other fragment. */
export function readInvite(hash: string): Invite | null {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const server = serverUrls(p.get('live') ?? '');
  const code = (p.get('code') ?? '').trim();
  const docId = p.get('doc') ?? '';
  if (!server || !/^[A-Za-z0-9-]{4,16}$/.test(code) || !/^urn:uuid:[0-9a-f-]{36}$/i.test(docId))
    return null;
  return { server: server.http, code, docId };
}
