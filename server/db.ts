/**
 * The class server's SQLite database (better-sqlite3, synchronous; several instances may share
 * one file: WAL mode and a busy timeout let them take turns). Tables:
 * - `rooms`: one Yjs document state per room name (what Hocuspocus loads and stores);
 * - `classes`: id, title, join code, sharing choice, end time;
 * - `students`: who joined which class, under which display name;
 * - `settings`: the generated token-signing key when none is given in the environment.
 */
import Database from 'better-sqlite3';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import * as Y from 'yjs';

export type Sharing = 'private' | 'after-end' | 'live';
export const SHARINGS: readonly Sharing[] = ['private', 'after-end', 'live'];

export interface ClassRow {
  id: string;
  title: string;
  joinCode: string;
  sharing: Sharing;
  createdAt: string;
  endedAt: string | null;
}

export interface StudentRow {
  id: string;
  name: string;
  joinedAt: string;
}

/** No 0/O, 1/I/L: codes are read aloud and copied from a board. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export class ClassDb {
  readonly #db: Database.Database;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS rooms (name TEXT PRIMARY KEY, state BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS classes (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, join_code TEXT NOT NULL UNIQUE,
        sharing TEXT NOT NULL, created_at TEXT NOT NULL, ended_at TEXT);
      CREATE TABLE IF NOT EXISTS students (
        id TEXT PRIMARY KEY, class_id TEXT NOT NULL REFERENCES classes(id),
        name TEXT NOT NULL, joined_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS students_by_class ON students(class_id);
      CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  /** The signing key: the stored one, or a new random one stored now (first writer wins, so
   * instances starting together on one database agree). */
  signingKey(): string {
    this.#db
      .prepare(`INSERT OR IGNORE INTO settings (key, value) VALUES ('signing-key', ?)`)
      .run(randomBytes(32).toString('base64url'));
    const row = this.#db.prepare(`SELECT value FROM settings WHERE key = 'signing-key'`).get() as {
      value: string;
    };
    return row.value;
  }

  fetchRoom(name: string): Uint8Array | null {
    const row = this.#db.prepare('SELECT state FROM rooms WHERE name = ?').get(name) as
      { state: Buffer } | undefined;
    return row ? new Uint8Array(row.state) : null;
  }

  /** Stores a room's state merged with what is already stored, in one transaction, so an
   * instance that missed an update (another one relayed it late) never erases it. */
  storeRoom(name: string, state: Uint8Array): void {
    this.#db.transaction(() => {
      const old = this.fetchRoom(name);
      const merged = old ? Y.mergeUpdates([old, state]) : state;
      this.#db
        .prepare(
          'INSERT INTO rooms (name, state) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state',
        )
        .run(name, Buffer.from(merged));
    })();
  }

  createClass(title: string, now: Date): ClassRow {
    for (;;) {
      const joinCode = Array.from(
        { length: CODE_LENGTH },
        () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
      ).join('');
      const row: ClassRow = {
        id: randomUUID(),
        title,
        joinCode,
        sharing: 'private',
        createdAt: now.toISOString(),
        endedAt: null,
      };
      const r = this.#db
        .prepare(
          `INSERT OR IGNORE INTO classes (id, title, join_code, sharing, created_at) VALUES (?, ?, ?, ?, ?)`,
        )
        .run(row.id, row.title, row.joinCode, row.sharing, row.createdAt);
      if (r.changes === 1) return row;
    }
  }

  getClass(id: string): ClassRow | undefined {
    const r = this.#db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as Raw | undefined;
    return r && fromRaw(r);
  }

  classByCode(code: string): ClassRow | undefined {
    const r = this.#db.prepare('SELECT * FROM classes WHERE join_code = ?').get(code) as
      Raw | undefined;
    return r && fromRaw(r);
  }

  setSharing(id: string, sharing: Sharing): void {
    this.#db.prepare('UPDATE classes SET sharing = ? WHERE id = ?').run(sharing, id);
  }

  /** Ends a class once; a second call keeps the first end time. */
  endClass(id: string, now: Date): void {
    this.#db
      .prepare('UPDATE classes SET ended_at = ? WHERE id = ? AND ended_at IS NULL')
      .run(now.toISOString(), id);
  }

  addStudent(classId: string, name: string, now: Date): StudentRow {
    const row = { id: randomUUID(), name, joinedAt: now.toISOString() };
    this.#db
      .prepare('INSERT INTO students (id, class_id, name, joined_at) VALUES (?, ?, ?, ?)')
      .run(row.id, classId, row.name, row.joinedAt);
    return row;
  }

  students(classId: string): StudentRow[] {
    return this.#db
      .prepare(
        'SELECT id, name, joined_at AS joinedAt FROM students WHERE class_id = ? ORDER BY joined_at, id',
      )
      .all(classId) as StudentRow[];
  }

  studentCount(classId: string): number {
    return (
      this.#db.prepare('SELECT COUNT(*) AS n FROM students WHERE class_id = ?').get(classId) as {
        n: number;
      }
    ).n;
  }

  close(): void {
    this.#db.close();
  }
}

type Raw = {
  id: string;
  title: string;
  join_code: string;
  sharing: string;
  created_at: string;
  ended_at: string | null;
};

function fromRaw(r: Raw): ClassRow {
  return {
    id: r.id,
    title: r.title,
    joinCode: r.join_code,
    sharing: (SHARINGS as readonly string[]).includes(r.sharing)
      ? (r.sharing as Sharing)
      : 'private',
    createdAt: r.created_at,
    endedAt: r.ended_at,
  };
}
