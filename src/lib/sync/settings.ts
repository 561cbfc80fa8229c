/**
 * The class settings the teacher publishes in the teacher room (`settings` Y.Map, key `class`)
 * and every student reads (read-only): whether classmates' answers are shared, whether the class
 * has ended, and — only while sharing lets students see each other's work — who the classmates
 * are (ids name their rooms). The server enforces who may open which room (server/access.ts);
 * these settings only tell the app what to open and show. Pure.
 */
import type { Sharing } from './class-api';
import { SHARINGS } from './class-api';

export const SETTINGS_KEY = 'settings';
/** The one key of the settings map: one JSON value, so a change is never seen half made. */
export const CLASS_KEY = 'class';

export interface Classmate {
  id: string;
  name: string;
}

export interface ClassSettings {
  sharing: Sharing;
  ended: boolean;
  /** Empty unless students may see each other's work (`sharedNow`). */
  classmates: Classmate[];
}

export const PRIVATE: ClassSettings = { sharing: 'private', ended: false, classmates: [] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_CLASSMATES = 500;
const MAX_NAME = 80;

/** Whether students see each other's work under these settings (as server/access.ts decides). */
export function sharedNow(s: Pick<ClassSettings, 'sharing' | 'ended'>): boolean {
  return s.sharing === 'live' || (s.sharing === 'after-end' && s.ended);
}

/** What the teacher publishes: the roster only when it is shared. */
export function classSettings(
  sharing: Sharing,
  ended: boolean,
  students: readonly Classmate[],
): ClassSettings {
  const classmates = sharedNow({ sharing, ended })
    ? students.map((s) => ({ id: s.id, name: s.name }))
    : [];
  return { sharing, ended, classmates };
}

/** Reads a received settings value; anything malformed reads as private (nothing shown). */
export function readClassSettings(v: unknown): ClassSettings {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return PRIVATE;
  const o = v as Record<string, unknown>;
  const own = (k: string) => (Object.hasOwn(o, k) ? o[k] : undefined);
  const sharing = own('sharing');
  if (!SHARINGS.includes(sharing as Sharing)) return PRIVATE;
  const ended = own('ended') === true;
  const list = own('classmates');
  const classmates: Classmate[] = [];
  if (Array.isArray(list))
    for (const c of list.slice(0, MAX_CLASSMATES)) {
      if (typeof c !== 'object' || c === null) continue;
      const id = Object.hasOwn(c, 'id') ? (c as Classmate).id : undefined;
      const name = Object.hasOwn(c, 'name') ? (c as Classmate).name : undefined;
      if (typeof id === 'string' && UUID.test(id) && typeof name === 'string')
        classmates.push({ id, name: name.slice(0, MAX_NAME) });
    }
  const s = { sharing: sharing as Sharing, ended };
  return { ...s, classmates: sharedNow(s) ? classmates : [] };
}
