/**
 * The live class in the app's state, against a real class server on loopback: a teacher and
 * two students, each an `OpenDocument` over their own IndexedDB with `LiveClass` wired to its
 * commit hook as the app wires it. Waits are conditions, never timings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../src/lib/model/types';
import { annotationRecord } from '../src/lib/model/annotation.fixtures';
import { startTestServer, until, type TestServer } from './test-helpers';
import { CLASS_KEY, SETTINGS_KEY } from '../src/lib/sync/settings';
import type { OpenDocument } from '../src/lib/state/document.svelte';
import type { LiveClass } from '../src/lib/state/live-class.svelte';
import { DOC, TEXT, side } from './live-sides';

let n = 0;
const uuid = () => `urn:uuid:00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** Ms Frost's annotation on `quote` (ids numbered in order), no note unless `extra` gives one. */
const on = (quote: string, extra: Partial<Annotation> = {}): Annotation =>
  annotationRecord(
    {
      id: uuid(),
      docId: DOC,
      creator: 'Ms Frost',
      at: '2026-01-01T10:00:00.000Z',
      exact: quote,
      start: TEXT.indexOf(quote),
    },
    extra,
  );

let t: TestServer | undefined;
const lives: LiveClass[] = [];
afterEach(async () => {
  for (const l of lives.splice(0)) await l.leave();
  await t?.stop();
  t = undefined;
});

/** One reader's app (`side`): their library with the packet document holding `prompts`. */
const reader = (prompts: Annotation[]) => side('reader', lives, undefined, prompts);

/**
 * A class server and a class on the packet holding one prompt: the teacher started it and the
 * `names` joined it as students, in order (the teacher's join code checked as it goes).
 */
async function classWithPrompt(...names: string[]) {
  t = await startTestServer();
  const url = t.s.httpUrl;
  const prompt = on('woods', { prompt: true, note: 'Whose woods?' });
  const teacher = await reader([prompt]);
  expect(await teacher.live.start(url)).toBe(true);
  const code = teacher.live.session!.joinCode!;
  const students: Reader[] = [];
  for (const name of names) {
    const student = await reader([prompt]);
    expect(await student.live.join(url, code, name)).toBe(true);
    students.push(student);
  }
  return { server: t, prompt, teacher, students };
}
type Reader = Awaited<ReturnType<typeof reader>>;

const note = (doc: OpenDocument, id: string) => doc.annotations.find((a) => a.id === id)?.note;

describe('LiveClass against a class server', { timeout: 60_000 }, () => {
  it('the teacher’s prompts reach students live; students share answers only as the teacher chooses', async () => {
    const {
      prompt,
      teacher,
      students: [ada, bo],
    } = await classWithPrompt('Ada', 'Bo');
    await until(() => bo.live.status === 'connected', 'Bo connected');

    // A prompt changed and a new one: both reach the students, who send no prompt back.
    const changed = {
      ...prompt,
      note: 'Whose woods are these?',
      modified: '2026-01-02T10:00:00.000Z',
    };
    const fresh = on('village', { prompt: true, note: 'Which village?' });
    await teacher.doc.commit({ put: [changed, fresh] });
    await until(() => note(bo.doc, fresh.id) === 'Which village?', 'new prompt reaches Bo');
    await until(
      () => note(ada.doc, prompt.id) === 'Whose woods are these?',
      'changed prompt reaches Ada',
    );
    expect(ada.sentTo('/teacher')).toEqual([]);
    expect(ada.sentTo(`/student/${ada.live.session!.studentId}`)).toEqual([]);

    // Private by default: Ada's answer reaches the teacher, not Bo.
    const answer = on('woods', {
      creator: 'Ada',
      note: 'The owner’s, in the village.',
      replyTo: prompt.id,
    });
    await ada.doc.commit({ put: [answer] });
    await until(() => note(teacher.doc, answer.id) !== undefined, 'the teacher sees Ada’s answer');
    expect(bo.live.shared.answersTo(prompt.id)).toEqual([]);
    expect(bo.doc.annotations.some((a) => a.id === answer.id)).toBe(false);

    // Shared live: Bo sees it, labelled by Ada's name, kept out of Bo's own document.
    await teacher.live.setSharing('live');
    await until(() => bo.live.shared.answersTo(prompt.id).length === 1, 'Bo sees Ada’s answer');
    expect(bo.live.shared.answersTo(prompt.id)).toEqual([
      { id: answer.id, name: 'Ada', note: 'The owner’s, in the village.' },
    ]);
    expect(ada.live.shared.answersTo(prompt.id)).toEqual([]);
    expect(await bo.store.listAnnotations(DOC)).not.toContainEqual(
      expect.objectContaining({ id: answer.id }),
    );

    // Private again: nothing of Ada's stays on Bo's screen.
    await teacher.live.setSharing('private');
    await until(() => bo.live.shared.answersTo(prompt.id).length === 0, 'sharing withdrawn');
  });

  it('after the end: answers shared then, students hear the class ended', async () => {
    const {
      prompt,
      teacher,
      students: [ada, bo],
    } = await classWithPrompt('Ada', 'Bo');
    await teacher.live.setSharing('after-end');
    const answer = on('woods', { creator: 'Ada', note: 'A neighbour’s.', replyTo: prompt.id });
    await ada.doc.commit({ put: [answer] });
    await until(() => note(teacher.doc, answer.id) !== undefined, 'the teacher sees Ada’s answer');
    await until(() => teacher.live.students.length === 2, 'the teacher knows both students');
    expect(bo.live.shared.answersTo(prompt.id)).toEqual([]);
    await teacher.live.end();
    await until(() => bo.live.status === 'ended', 'Bo hears the class ended');
    await until(() => bo.live.shared.answersTo(prompt.id).length === 1, 'shared after the end');
    expect(bo.live.shared.answersTo(prompt.id)[0].name).toBe('Ada');
  });

  it('a batch stored by another path (a restored backup) goes out once; received batches never go back', async () => {
    const {
      teacher,
      students: [ada],
    } = await classWithPrompt('Ada');
    await until(() => ada.live.status === 'connected', 'Ada connected');
    const own = `/student/${ada.live.session!.studentId}`;

    const restored = [on('house', { creator: 'Ada' }), on('village', { creator: 'Ada' })];
    await ada.store.applyChanges(DOC, { put: restored });
    ada.doc.stored({ put: restored });
    await until(
      () => restored.every((a) => note(teacher.doc, a.id) !== undefined),
      'teacher has the restored work',
    );
    expect(ada.sentTo(own)).toEqual([{ put: restored, delete: [] }]);

    // A prompt from the teacher is committed on Ada's side, and sent nowhere.
    const fresh = on('house', { prompt: true, note: 'Whose house?' });
    await teacher.doc.commit({ put: [fresh] });
    await until(() => note(ada.doc, fresh.id) === 'Whose house?', 'the prompt reaches Ada');
    expect(ada.sentTo(own)).toHaveLength(1);
    expect(ada.sentTo('/teacher')).toEqual([]);
    // And the teacher's side sent only prompts, to the teacher room.
    expect(teacher.sentTo('/teacher').flatMap((b) => b.put)).toEqual([fresh]);
    expect(teacher.sentTo(own)).toEqual([]);
  });

  it('students only read the teacher room: a student’s write to its settings or prompts is refused', async () => {
    const {
      server,
      prompt,
      teacher,
      students: [ada],
    } = await classWithPrompt('Ada');
    await until(() => teacher.live.students.length === 1, 'the teacher sees Ada');
    const s = teacher.live.session!;
    const room = `class/${s.classId}/reading/${DOC}/teacher`;
    const raw = server.open(room, ada.live.session!.token);
    await until(raw.synced, 'Ada reads the teacher room');
    await until(() => raw.doc.getMap(SETTINGS_KEY).has(CLASS_KEY), 'settings published');
    expect(raw.map.has(prompt.id)).toBe(true);
    raw.doc.getMap(SETTINGS_KEY).set(CLASS_KEY, { sharing: 'live', ended: false, classmates: [] });
    raw.map.set(prompt.id, { ...prompt, note: 'Forged question' });
    await until(() => raw.refusals() > 0, 'the server refused Ada’s writes');
    const check = server.open(room, s.token);
    await until(check.synced, 'a fresh reader of the teacher room');
    expect(check.doc.getMap(SETTINGS_KEY).get(CLASS_KEY)).toMatchObject({ sharing: 'private' });
    expect((check.map.get(prompt.id) as Annotation).note).toBe('Whose woods?');
  });

  it('large work goes out in messages under the server’s limit, at the first sync and after', async () => {
    t = await startTestServer();
    // Records of ~1.5 KB: 1,000 are ~1.5 MB, more than one message may carry.
    const many = () =>
      Array.from({ length: 1000 }, () => on('woods', { creator: 'Ada', note: 'n'.repeat(1200) }));
    const before = many();
    const teacher = await reader([]);
    const ada = await reader(before);
    await teacher.live.start(t.s.httpUrl);
    await ada.live.join(t.s.httpUrl, teacher.live.session!.joinCode!, 'Ada');
    await until(() => teacher.doc.annotations.length === 1000, 'work made before joining', 30_000);
    const imported = many();
    await ada.doc.commit({ put: imported });
    await until(() => teacher.doc.annotations.length === 2000, 'a large import', 30_000);
    expect(ada.sentTo(`/student/${ada.live.session!.studentId}`)).toHaveLength(1);
    expect(ada.notices.alerts).toEqual([]);
  });
});
