/**
 * Room names and who may do what in them (pure; the server applies the answer).
 * Rooms: `class/<classId>/reading/<readingId>/student/<studentId>` (one student's work on one
 * reading) and `class/<classId>/reading/<readingId>/teacher` (the teacher's prompts, settings).
 */
import type { Claims } from './tokens';
import type { ClassRow } from './db';

export type Room =
  | { kind: 'teacher'; classId: string; readingId: string }
  | { kind: 'student'; classId: string; readingId: string; studentId: string };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ROOM = new RegExp(
  `^class/(${UUID})/reading/([A-Za-z0-9_.:-]{1,100})/(?:teacher|student/(${UUID}))$`,
);

export function parseRoom(name: string): Room | null {
  const m = ROOM.exec(name);
  if (!m) return null;
  const [, classId, readingId, studentId] = m;
  return studentId
    ? { kind: 'student', classId, readingId, studentId }
    : { kind: 'teacher', classId, readingId };
}

export function roomName(room: Room): string {
  const base = `class/${room.classId}/reading/${room.readingId}`;
  return room.kind === 'teacher' ? `${base}/teacher` : `${base}/student/${room.studentId}`;
}

export type Access = 'write' | 'read' | null;

/**
 * What `who` may do in `room` of class `cls`. Students write only their own rooms and read the
 * teacher's; they see another student's room only when the teacher shares answers (live, or
 * after the class ended). The teacher reads every room and writes only the teacher room.
 * Once the class has ended nobody writes anything.
 */
export function roomAccess(who: Claims, room: Room, cls: ClassRow): Access {
  if (who.classId !== room.classId || cls.id !== room.classId) return null;
  const ended = cls.endedAt !== null;
  const write: Access = ended ? 'read' : 'write';
  if (who.role === 'teacher') return room.kind === 'teacher' ? write : 'read';
  if (room.kind === 'teacher') return 'read';
  if (room.studentId === who.studentId) return write;
  if (cls.sharing === 'live' || (cls.sharing === 'after-end' && ended)) return 'read';
  return null;
}
