/**
 * Deletions made while a room was closed (tombstones, src/lib/sync/tombstones.ts), through the
 * app's LiveClass on both sides and a real class server on loopback that stops and restarts on
 * its SQLite file: nothing deleted comes back, on either side, after any reload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveClass } from '../src/lib/state/live-class.svelte';
import { startClassServer, type ClassServer } from './class-server';
import { DOC, notes, on, side } from './live-sides';
import { connect, start, tempDir, until, type Client } from './test-helpers';

const lives: LiveClass[] = [];
const clients: Client[] = [];
let s: ClassServer | undefined;
let removeTmp = () => {};
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const l of lives.splice(0)) await l.leave();
  await s?.stop();
  s = undefined;
  removeTmp();
});

const offline = (x: { events: EventTarget }) => x.events.dispatchEvent(new Event('offline'));

describe('deletions while a room is closed', { timeout: 60_000 }, () => {
  it('reach the room and the teacher across a server restart and reloads, and nothing comes back', async () => {
    const tmp = tempDir();
    removeTmp = tmp.remove;
    const dbPath = `${tmp.dir}/class.sqlite`;
    s = await start(dbPath);
    const port = Number(new URL(s.httpUrl).port);
    const teacher = await side('teacher', lives);
    await teacher.live.start(s.httpUrl);
    const session = teacher.live.session!;
    const student = await side('student', lives);
    await student.live.join(s.httpUrl, session.joinCode!, 'Ada');
    const [woods, house, village] = ['woods', 'house', 'village'].map((q) => on(q, 'Ada'));
    await student.doc.commit({ put: [woods, house, village] });
    await until(() => teacher.doc.annotations.length === 3, 'the teacher has all three');

    // The teacher goes away; the server goes down; the student deletes one and edits one,
    // then reloads the app (the room's in-memory copy is gone) before the server is back.
    offline(teacher);
    await s.stop();
    s = undefined;
    await student.doc.commit({ delete: [woods.id] });
    await student.doc.commit({ put: [{ ...house, note: 'edited while down' }] });
    offline(student);
    const student2 = await side('student', lives, student.store);
    expect(notes(student2.doc)).toEqual(['edited while down', village.note]);

    s = await startClassServer({ port, host: '127.0.0.1', dbPath, quiet: true });
    const room = `class/${session.classId}/reading/${DOC}/student/${student2.live.session!.studentId}`;
    const watch = connect(s.wsUrl, room, session.token);
    clients.push(watch);
    await until(
      () =>
        !watch.map.has(woods.id) && (watch.map.get(house.id) as any)?.note === 'edited while down',
      'the room loses the deleted record and takes the edit',
      30_000,
    );
    expect(watch.doc.getMap('deleted').get(woods.id)).toMatchObject({ creator: 'Ada' });

    // The teacher comes back (a reload): the first sync deletes their copy too.
    const teacher2 = await side('teacher', lives, teacher.store);
    await until(
      () => !teacher2.doc.annotations.some((a) => a.id === woods.id),
      'the teacher loses the deleted mark',
      30_000,
    );
    await until(() => notes(teacher2.doc).includes('edited while down'), 'the edit arrives');
    expect((await teacher.store.listAnnotations(DOC)).map((a) => a.id).sort()).toEqual(
      [house.id, village.id].sort(),
    );

    // Both reload again: nothing is resurrected anywhere.
    offline(student2);
    offline(teacher2);
    const student3 = await side('student', lives, student.store);
    const teacher3 = await side('teacher', lives, teacher.store);
    await until(() => student3.live.status === 'connected', 'the student is back');
    await student3.doc.commit({ put: [on('think', 'Ada')] });
    await until(() => teacher3.doc.annotations.length === 3, 'a new mark still arrives');
    expect(notes(teacher3.doc)).toEqual(notes(student3.doc));
    expect(teacher3.doc.annotations.some((a) => a.id === woods.id)).toBe(false);
    expect(student3.doc.annotations.some((a) => a.id === woods.id)).toBe(false);
  });
});
