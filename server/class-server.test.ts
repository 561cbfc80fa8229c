/** One class server on loopback with real providers: access, end of class, restart, offline. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  api,
  createClass,
  joinClass,
  joinStudent,
  startTestServer,
  studentRoom,
  teacherRoom,
  until,
  type TestServer,
} from './test-helpers';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const t of servers.splice(0).reverse()) await t.stop();
});

async function setup(): Promise<TestServer> {
  const t = await startTestServer();
  servers.push(t);
  return t;
}

const rec = (id: string, note = '') => ({ id, note, creator: 'Ada' });

/** A class with Ada in it, her room open and synced, and one record she wrote that the
 * teacher's client has received (`what` names that wait). */
async function adaWroteOne(t: TestServer, id: string, what: string) {
  const cls = await createClass(t.s);
  const ada = await joinStudent(t.s, cls, 'Ada');
  const student = t.open(ada.room, ada.token);
  await until(student.synced, 'student synced');
  student.map.set(id, rec(id));
  const teacher = t.open(ada.room, cls.teacherToken);
  await until(() => teacher.map.has(id), what);
  return { cls, ada, room: ada.room, student, teacher };
}

describe('class server', { timeout: 30_000 }, () => {
  it('lets a student write their room, the teacher read it, and no other student see it', async () => {
    const t = await setup();
    const cls = await createClass(t.s);
    expect(cls.joinCode).toMatch(/^[A-Z2-9]{8}$/);
    const ada = await joinClass(t.s, cls.joinCode.toLowerCase(), 'Ada');
    const bo = await joinClass(t.s, cls.joinCode, 'Bo');
    const adaRoom = studentRoom(cls.classId, ada.studentId);

    const adaClient = t.open(adaRoom, ada.token);
    await until(adaClient.synced, 'student synced');
    adaClient.map.set('urn:uuid:1', rec('urn:uuid:1', 'first'));

    const teacher = t.open(adaRoom, cls.teacherToken);
    await until(() => teacher.map.has('urn:uuid:1'), 'teacher sees the record');
    expect(teacher.map.get('urn:uuid:1')).toEqual(rec('urn:uuid:1', 'first'));

    const peek = t.open(adaRoom, bo.token);
    await until(() => peek.failed() !== null, 'other student refused');
    expect(peek.map.size).toBe(0);

    const { json } = await api(t.s, `/api/classes/${cls.classId}`, undefined, cls.teacherToken);
    expect(json.students.map((s: { name: string }) => s.name)).toEqual(['Ada', 'Bo']);
  });

  it('refuses forged, expired and out-of-class tokens and drops a teacher write to a student room', async () => {
    const t = await setup();
    const cls = await createClass(t.s);
    const other = await createClass(t.s, 'Other class');
    const ada = await joinStudent(t.s, cls, 'Ada');
    const { room } = ada;

    const forged = ada.token.slice(0, -4) + (ada.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const expired = await t.s.tokens.sign(
      { role: 'student', classId: cls.classId, studentId: ada.studentId },
      -60,
    );
    const reasons: string[] = [];
    for (const token of [forged, expired, other.teacherToken, 'nonsense']) {
      const c = t.open(room, token);
      await until(() => c.failed() !== null, `token refused: ${token.slice(0, 12)}`);
      reasons.push(c.failed()!);
    }
    // An expired token is told apart, so the app can say what to do.
    expect(reasons[0]).toBe('Token missing or forged.');
    expect(reasons[1]).toBe('Token expired.');
    const info = await api(
      t.s,
      `/api/classes/${cls.classId}`,
      undefined,
      await t.s.tokens.sign({ role: 'teacher', classId: cls.classId }, -60),
    );
    expect(info).toEqual({ status: 401, json: { error: 'Token expired.' } });
    const badName = t.open('class/../../etc', ada.token);
    await until(() => badName.failed() !== null, 'bad room name refused');

    const teacher = t.open(room, cls.teacherToken);
    await until(teacher.synced, 'teacher synced');
    teacher.map.set('urn:uuid:t', rec('urn:uuid:t'));
    await until(() => teacher.refusals() > 0, 'server refused the teacher write');
    const student = t.open(room, ada.token);
    await until(student.synced, 'student synced');
    expect(student.map.has('urn:uuid:t')).toBe(false);
  });

  it('refuses writes once the class has ended and keeps what was shared', async () => {
    const t = await setup();
    const { cls, room, student } = await adaWroteOne(t, 'urn:uuid:1', 'teacher sees the record');

    const ended = await api(t.s, `/api/classes/${cls.classId}/end`, {}, cls.teacherToken);
    expect(ended.json.class.endedAt).toBeTruthy();
    student.map.set('urn:uuid:late', rec('urn:uuid:late'));
    await until(() => student.refusals() > 0, 'server refused the late write');

    const late = await joinClass(t.s, cls.joinCode, 'Late');
    expect(late).toEqual({ error: 'This class has ended; it takes no new students.' });
    await t.restart();
    const again = t.open(room, cls.teacherToken);
    await until(again.synced, 'teacher synced after restart');
    expect([...again.map.keys()]).toEqual(['urn:uuid:1']);
  });

  it('keeps every record across a restart and syncs offline edits once, after reconnecting', async () => {
    const t = await setup();
    const cls = await createClass(t.s);
    const ada = await joinStudent(t.s, cls, 'Ada');
    const { room } = ada;
    const student = t.open(room, ada.token);
    await until(student.synced, 'student synced');
    for (let i = 0; i < 20; i++) student.map.set(`urn:uuid:${i}`, rec(`urn:uuid:${i}`));
    const teacher = t.open(room, cls.teacherToken);
    await until(() => teacher.map.size === 20, 'teacher sees 20 records');

    const socket = student.provider.configuration.websocketProvider;
    socket.disconnect();
    await until(() => socket.status === 'disconnected', 'student offline');
    student.map.set('urn:uuid:offline', rec('urn:uuid:offline', 'written offline'));
    student.map.delete('urn:uuid:0');
    student.map.set('urn:uuid:1', rec('urn:uuid:1', 'edited offline'));
    await socket.connect();
    await until(() => teacher.map.has('urn:uuid:offline'), 'offline edit arrives');
    await until(() => !teacher.map.has('urn:uuid:0'), 'offline delete arrives');
    expect(teacher.map.size).toBe(20);
    expect(teacher.map.get('urn:uuid:1')).toEqual(rec('urn:uuid:1', 'edited offline'));

    await t.restart();
    const after = t.open(room, cls.teacherToken);
    await until(after.synced, 'teacher synced after restart');
    expect(after.map.size).toBe(20);
    expect(after.map.get('urn:uuid:offline')).toEqual(rec('urn:uuid:offline', 'written offline'));
  });

  it('shares answers between students only when the teacher chooses to', async () => {
    const t = await setup();
    const cls = await createClass(t.s);
    const ada = await joinClass(t.s, cls.joinCode, 'Ada');
    const bo = await joinClass(t.s, cls.joinCode, 'Bo');
    const room = studentRoom(cls.classId, ada.studentId);
    const bad = await api(
      t.s,
      `/api/classes/${cls.classId}/sharing`,
      { sharing: 'x' },
      cls.teacherToken,
    );
    expect(bad.status).toBe(400);
    const byStudent = await api(
      t.s,
      `/api/classes/${cls.classId}/sharing`,
      { sharing: 'live' },
      bo.token,
    );
    expect(byStudent.status).toBe(403);
    await api(t.s, `/api/classes/${cls.classId}/sharing`, { sharing: 'live' }, cls.teacherToken);
    const peek = t.open(room, bo.token);
    await until(peek.synced, 'shared room readable');
    peek.map.set('urn:uuid:x', rec('urn:uuid:x'));
    await until(() => peek.refusals() > 0, 'server refused the write');
    const own = t.open(room, ada.token);
    await until(own.synced, 'owner synced');
    expect(own.map.has('urn:uuid:x')).toBe(false);
    const teacherRoomClient = t.open(teacherRoom(cls.classId), bo.token);
    await until(teacherRoomClient.synced, 'student reads the teacher room');
  });

  it('refuses an update outside the bounds and keeps the connection for reading', async () => {
    const t = await setup();
    const { cls, room, student, teacher } = await adaWroteOne(
      t,
      'urn:uuid:ok',
      'teacher sees the valid record',
    );

    student.map.set('urn:uuid:big', rec('urn:uuid:big', 'x'.repeat(70_000)));
    await until(() => student.refusals() > 0, 'server refused the oversized record');
    expect(student.provider.configuration.websocketProvider.status).toBe('connected');
    const again = t.open(room, cls.teacherToken);
    await until(again.synced, 'a new reader synced');
    expect([...again.map.keys()]).toEqual(['urn:uuid:ok']);
    expect(teacher.map.has('urn:uuid:big')).toBe(false);
  });

  it('validates API input with clear errors', async () => {
    const t = await setup();
    expect((await api(t.s, '/api/classes', { title: '' })).json.error).toBe(
      'The class title is missing.',
    );
    expect((await api(t.s, '/api/classes', { title: 'x'.repeat(201) })).status).toBe(400);
    expect((await api(t.s, '/api/join', { code: 'NOPE', name: 'A' })).status).toBe(404);
    expect((await api(t.s, '/api/classes', { title: 'y'.repeat(5000) })).status).toBe(413);
    expect((await api(t.s, '/api/nothing')).status).toBe(404);
  });
});
