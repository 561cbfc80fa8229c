import { describe, expect, it } from 'vitest';
import { parseRoom, roomAccess, roomName, type Room } from './access';
import type { ClassRow } from './db';

const C = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const ADA = '33333333-3333-4333-8333-333333333333';
const BO = '44444444-4444-4444-8444-444444444444';
const cls = (over: Partial<ClassRow> = {}): ClassRow => ({
  id: C,
  title: 't',
  joinCode: 'ABCDEFGH',
  sharing: 'private',
  createdAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
  ...over,
});
const teacher = { role: 'teacher', classId: C } as const;
const ada = { role: 'student', classId: C, studentId: ADA } as const;
const bo = { role: 'student', classId: C, studentId: BO } as const;
const adaRoom: Room = { kind: 'student', classId: C, readingId: 'r1', studentId: ADA };
const tRoom: Room = { kind: 'teacher', classId: C, readingId: 'r1' };

describe('rooms and access', () => {
  it('parses only well-formed room names, and round-trips them', () => {
    expect(parseRoom(roomName(adaRoom))).toEqual(adaRoom);
    expect(parseRoom(roomName(tRoom))).toEqual(tRoom);
    for (const bad of [
      '',
      'class/x/reading/r/teacher',
      `class/${C}/reading/a b/teacher`,
      `class/${C}/reading/r/student/${ADA}/x`,
    ])
      expect(parseRoom(bad)).toBe(null);
  });

  it('keeps students private unless the teacher shares', () => {
    expect(roomAccess(ada, adaRoom, cls())).toBe('write');
    expect(roomAccess(bo, adaRoom, cls())).toBe(null);
    expect(roomAccess(teacher, adaRoom, cls())).toBe('read');
    expect(roomAccess(teacher, tRoom, cls())).toBe('write');
    expect(roomAccess(ada, tRoom, cls())).toBe('read');
    expect(roomAccess(bo, adaRoom, cls({ sharing: 'live' }))).toBe('read');
    expect(roomAccess(bo, adaRoom, cls({ sharing: 'after-end' }))).toBe(null);
    expect(roomAccess(bo, adaRoom, cls({ sharing: 'after-end', endedAt: 'x' }))).toBe('read');
  });

  it('lets nobody write once the class has ended, and nobody reach another class', () => {
    const ended = cls({ endedAt: '2026-01-02T00:00:00.000Z' });
    expect(roomAccess(ada, adaRoom, ended)).toBe('read');
    expect(roomAccess(teacher, tRoom, ended)).toBe('read');
    expect(roomAccess({ role: 'teacher', classId: OTHER }, adaRoom, cls())).toBe(null);
    expect(roomAccess(ada, { ...adaRoom, classId: OTHER }, cls({ id: OTHER }))).toBe(null);
  });
});
