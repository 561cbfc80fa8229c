import { describe, it, expect, afterEach, vi } from 'vitest';
import { ImportWorker } from './import-client';
import { stubImportWorker } from './import-worker.fixtures';
import { LibraryStore } from '../storage/library-store';
import { ann, freshName, meta, tags, text } from '../storage/test-fixtures';
import { serializeCollection } from '../model/w3c';
import type { Env } from '../model/types';

afterEach(() => vi.unstubAllGlobals());

const env = (): Env => {
  let n = 0;
  return { now: () => new Date('2026-02-01T00:00:00Z'), uuid: () => `u-${++n}` };
};

/** A library with document 'd' ("abc", one annotation), a worker that read and planned a file
 * of `n` annotations of it, and that plan. */
async function planned(n: number, worker = true) {
  const sessions = worker ? stubImportWorker(env()) : [];
  const name = freshName();
  const s = await LibraryStore.open({ name });
  const m = meta('d');
  await s.addDocument(m, text('d'), tags('d'), [ann('old', 'd')]);
  const list = Array.from({ length: n }, (_, i) => ann(`new-${i}`, 'd'));
  const json = serializeCollection(m, list, [], { generatedAt: new Date('2026-02-01') });
  const w = new ImportWorker(env());
  const read = await w.read('f.json', new Blob([JSON.stringify(json)]));
  if (!read.ok || read.value.kind !== 'annotations') throw new Error('not read');
  const input = { docId: 'd', text: 'abc', existing: [{ id: 'old', modified: '' }], tags: [] };
  const plan = await w.plan([read.value.handle], ['f.json'], input);
  return { s, name, w, plan, sessions, tagSet: tags('d', ['Imported']) };
}

describe('ImportWorker.write (the import written from the worker, on its own connection)', () => {
  it('writes the plan the worker holds: committed, with revisions, progress, the plan freed', async () => {
    const { s, name, w, plan, sessions, tagSet } = await planned(600);
    expect(plan.put).toHaveLength(600);
    expect(sessions.at(-1)!.plansHeld).toBe(1);
    const before = (await s.getDocument('d'))!;
    const seen: string[] = [];
    const revised = await w.write(plan, name, 'd', tagSet, {
      onWriting: () => seen.push('writing'),
      onProgress: (done, total) => seen.push(`${done}/${total}`),
    });
    expect(seen[0]).toBe('writing');
    expect(seen.at(-1)).toBe('4/4');
    const after = (await s.getDocument('d'))!;
    expect(revised).toEqual([{ docId: 'd', prev: before.pagesRev, next: after.pagesRev }]);
    expect(after.annotationCount).toBe(601);
    expect((await s.listAnnotations('d')).map((a) => a.id).sort()).toEqual(
      ['old', ...plan.put.map((a) => a.id)].sort(),
    );
    expect((await s.getTagSet('d'))?.tags.map((t) => t.name)).toEqual(['Imported']);
    expect(sessions.at(-1)!.plansHeld).toBe(0);
    s.close();
  });

  it('cancelled while it writes: the transaction aborts, nothing is written, the plan is kept', async () => {
    const { s, name, w, plan, sessions, tagSet } = await planned(1500);
    const before = await s.listAnnotations('d');
    const stop = new AbortController();
    const onProgress = (done: number) => done === 2 && stop.abort();
    await expect(
      w.write(plan, name, 'd', tagSet, { signal: stop.signal, onProgress }),
    ).rejects.toThrow(/cancelled/);
    expect(await s.listAnnotations('d')).toEqual(before);
    expect((await s.getDocument('d'))?.annotationCount).toBe(1);
    expect(sessions.at(-1)!.plansHeld).toBe(1);
    // Freed when the page drops it (the reader answered the import).
    w.drop([plan.held!]);
    await vi.waitFor(() => expect(sessions.at(-1)!.plansHeld).toBe(0));
    s.close();
  });

  it('a failure in the worker reaches the page as the same StorageError', async () => {
    const { s, name, w, plan, tagSet } = await planned(10);
    await s.deleteDocument('d');
    const write = w.write(plan, name, 'd', tagSet);
    await expect(write).rejects.toMatchObject({ name: 'StorageError', kind: 'unknown' });
    await expect(write).rejects.toThrow(/document d is no longer in the library/);
    s.close();
  });

  it('says the page must write it where the worker cannot: another library, or no Worker', async () => {
    const { s, w, plan, tagSet } = await planned(10);
    expect(await w.write(plan, freshName(), 'd', tagSet)).toBeNull();
    expect(await s.listAnnotations('d')).toHaveLength(1);
    s.close();
    vi.unstubAllGlobals();
    const inPage = await planned(10, false);
    expect(await inPage.w.write(inPage.plan, inPage.name, 'd', inPage.tagSet)).toBeNull();
    expect(await inPage.s.listAnnotations('d')).toHaveLength(1);
    inPage.s.close();
  });
});
