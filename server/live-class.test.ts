/**
 * The app's LiveClass (src/lib/state) on both sides against a real class server: a teacher and a
 * student, each with their own IndexedDB (fake-indexeddb) and OpenDocument wired as AppState
 * wires it, talking through real providers over `ws`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveClass } from '../src/lib/state/live-class.svelte';
import type { ClassServer } from './class-server';
import { liveSessionKey } from '../src/lib/state/live-session';
import { notes, on, side as sideOf, DOC } from './live-sides';
import { start, tempDir, until } from './test-helpers';

const lives: LiveClass[] = [];
let s: ClassServer;
let removeTmp = () => {};
afterEach(async () => {
  for (const l of lives.splice(0)) await l.leave();
  await s?.stop();
  removeTmp();
});

const side = (name: string) => sideOf(name, lives);

describe('LiveClass against a real class server', () => {
  it('a student’s commits reach the teacher’s document through its change path; offline work arrives on reconnect; a resumed session duplicates nothing', async () => {
    const tmp = tempDir();
    removeTmp = tmp.remove;
    s = await start(`${tmp.dir}/class.sqlite`);
    const teacher = await side('teacher');
    expect(await teacher.live.start(s.httpUrl)).toBe(true);
    const code = teacher.live.session!.joinCode!;
    expect(teacher.live.link).toContain(`code=${code}`);

    const student = await side('student');
    expect(await student.live.join(s.httpUrl, code, 'Ada')).toBe(true);
    await until(() => student.live.status === 'connected', 'student connected');
    await student.doc.commit({ put: [on('woods', 'Ada')] });
    await until(() => teacher.doc.annotations.length === 1, 'teacher receives the mark');
    expect(teacher.live.students.map((x) => x.name)).toEqual(['Ada']);
    // Stored by the teacher, not only shown.
    expect(await teacher.store.listAnnotations(DOC)).toHaveLength(1);

    // Offline: the student keeps committing; back online, everything arrives once.
    student.events.dispatchEvent(new Event('offline'));
    expect(student.live.status).toBe('offline');
    await student.doc.commit({ put: [on('village', 'Ada'), on('house', 'Ada')] });
    student.events.dispatchEvent(new Event('online'));
    await until(() => teacher.doc.annotations.length === 3, 'offline work arrives');
    expect(notes(teacher.doc)).toEqual(notes(student.doc));

    // A deletion goes out too; the teacher's copy follows.
    const gone = student.doc.annotations[0].id;
    await student.doc.commit({ delete: [gone] });
    await until(() => teacher.doc.annotations.length === 2, 'deletion arrives');

    // The student's session resumes from storage (a reload): nothing is sent twice.
    await student.live.opened();
    await until(() => student.live.status === 'connected', 'resumed');
    await student.doc.commit({ put: [on('think', 'Ada')] });
    await until(() => teacher.doc.annotations.length === 3, 'after resume');
    expect(notes(teacher.doc)).toEqual(notes(student.doc));

    // The class ends: the server takes no more writes; the teacher keeps everything.
    await teacher.live.end();
    expect(teacher.live.status).toBe('ended');
    expect(s.db.classByCode(code)?.endedAt).toBeTruthy();
    expect(await teacher.store.listAnnotations(DOC)).toHaveLength(3);
  });

  it('the teacher never takes a record that replaces another reader’s work or a prompt', async () => {
    const tmp = tempDir();
    removeTmp = tmp.remove;
    s = await start(`${tmp.dir}/class.sqlite`);
    const teacher = await side('teacher');
    const mine = on('woods', 'Ms Rivera');
    await teacher.doc.commit({ put: [mine] });
    await teacher.live.start(s.httpUrl);
    const student = await side('student');
    await student.live.join(s.httpUrl, teacher.live.session!.joinCode!, 'Eve');
    await until(() => student.live.status === 'connected', 'student connected');
    // Eve's copy claims the teacher's annotation id under her own name.
    await student.doc.commit({ put: [{ ...mine, creator: 'Eve', note: 'hijacked' }] });
    await student.doc.commit({ put: [on('house', 'Eve')] });
    await until(() => teacher.doc.annotations.length === 2, 'the honest mark arrives');
    expect(teacher.doc.annotations.find((a) => a.id === mine.id)?.note).toBe(mine.note);
    expect(teacher.notices.alerts.map((a) => a.message).join('\n')).toMatch(/refused/);
  });

  it('a token that expires during the session gets a clear message, for the student and the teacher', async () => {
    const tmp = tempDir();
    removeTmp = tmp.remove;
    s = await start(`${tmp.dir}/class.sqlite`);
    const teacher = await side('teacher');
    await teacher.live.start(s.httpUrl);
    const student = await side('student');
    await student.live.join(s.httpUrl, teacher.live.session!.joinCode!, 'Ada');
    await until(() => student.live.status === 'connected', 'student connected');
    // The student's pass runs out two seconds into the session (a 30-day pass, sped up).
    const session = student.live.session!;
    const ttl = 2;
    const token = await s.tokens.sign(
      { role: 'student', classId: session.classId, studentId: session.studentId! },
      ttl,
    );
    const expiresAt = (Math.floor(Date.now() / 1000) + ttl) * 1000;
    await student.store.setSetting(liveSessionKey(DOC), { ...session, token });
    await student.live.opened();
    await until(() => student.live.status === 'connected', 'connected with the short pass');
    await student.doc.commit({ put: [on('woods', 'Ada')] });
    await until(() => teacher.doc.annotations.length === 1, 'work arrives while the pass holds');
    await until(() => Date.now() > expiresAt + 50, 'the pass has expired');
    await student.doc.commit({ put: [on('house', 'Ada')] });
    await until(() => student.live.status === 'refused', 'the student is told', 20_000);
    const said = student.notices.alerts.map((a) => a.message).join('\n');
    expect(said).toMatch(/pass for this live class has expired.*join again/);
    expect(said.match(/expired/g)).toHaveLength(1);
    // Kept locally, as everything a student makes.
    expect(await student.store.listAnnotations(DOC)).toHaveLength(2);

    // The teacher's pass: the poll of who joined is refused, and said once.
    const t = teacher.live.session!;
    const expired = await s.tokens.sign({ role: 'teacher', classId: t.classId }, -1);
    await teacher.store.setSetting(liveSessionKey(DOC), { ...t, token: expired });
    await teacher.live.opened();
    await until(() => teacher.live.status === 'refused', 'the teacher is told');
    expect(teacher.notices.alerts.map((a) => a.message).join('\n')).toMatch(
      /pass for this live class has expired.*Start a new live class/,
    );
  });
});
