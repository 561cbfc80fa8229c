import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveRoomOptions } from '../sync/live-room';
import { LiveSync } from './live-sync';
import type { OpenRoom, Room } from './live-rooms';
import type { LiveSession } from './live-session';
import { on, openReader } from './test-reader';

const CLASS = '11111111-2222-4333-8444-555555555555';
const ME = '21111111-2222-4333-8444-555555555555';
const ADA = '31111111-2222-4333-8444-555555555555';
const session: LiveSession = {
  role: 'student',
  docId: 'doc',
  server: 'http://class.test',
  classId: CLASS,
  title: 'Poetry',
  token: 't',
  studentId: ME,
  name: 'Bo',
  sharing: 'private',
  ended: false,
};

/** Rooms that open at once and do nothing; the test plays the server through their options. */
function fakeRooms() {
  const opened: LiveRoomOptions[] = [];
  const closed: string[] = [];
  const openRoom: OpenRoom = async (opts) => {
    opened.push(opts);
    const room: Room = {
      push() {},
      setOnline() {},
      close: () => void closed.push(opts.room),
      setSettings() {},
      flushed: async () => {},
    };
    return room;
  };
  const last = (suffix: string) => opened.filter((o) => o.room.endsWith(suffix)).at(-1);
  return { opened, closed, openRoom, last };
}

afterEach(() => void vi.useRealTimers());

describe('LiveSync, a student', () => {
  it('opens classmates’ rooms only while the teacher shares, and tries a refused one again', async () => {
    const { doc, notices } = await openReader();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const rooms = fakeRooms();
    const sync = new LiveSync(doc, notices, fetch, { status() {}, students() {} }, rooms.openRoom);
    sync.connect(session);
    await vi.advanceTimersByTimeAsync(0);
    expect(rooms.opened.map((o) => o.room.split('/').slice(-2).join('/'))).toEqual([
      'doc/teacher',
      `student/${ME}`,
    ]);
    const teacher = rooms.last('/teacher')!;
    teacher.onSettings!({ sharing: 'private', ended: false, classmates: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(rooms.opened).toHaveLength(2);

    // Shared after the end: announced just before the server ends the class, so the first try
    // may be refused; it is tried again.
    teacher.onSettings!({
      sharing: 'after-end',
      ended: true,
      classmates: [
        { id: ADA, name: 'Ada' },
        { id: ME, name: 'Bo' },
      ],
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(rooms.opened).toHaveLength(3);
    rooms.last(`/student/${ADA}`)!.onStatus!('refused', 'This token does not give access.');
    await vi.advanceTimersByTimeAsync(0);
    expect(rooms.closed).toEqual([rooms.last(`/student/${ADA}`)!.room]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(rooms.opened).toHaveLength(4);
    const answer = { ...on('doc', 'quick', 'urn:uuid:x', 'Ada'), note: 'Mine.', replyTo: 'p' };
    rooms.last(`/student/${ADA}`)!.onRemote({ put: [answer], delete: [], problems: [] });
    expect(sync.shared.answersTo('p')).toEqual([{ id: 'urn:uuid:x', name: 'Ada', note: 'Mine.' }]);
    expect(sync.shared.sharing).toBe('after-end');
    expect(notices.alerts).toEqual([]);

    // Withdrawn: the room is closed and nothing of Ada's stays.
    teacher.onSettings!({ sharing: 'private', ended: true, classmates: [] });
    expect(rooms.closed).toHaveLength(2);
    expect(sync.shared.answersTo('p')).toEqual([]);
    sync.disconnect();
  });
});
