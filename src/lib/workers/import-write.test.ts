import { describe, it, expect, vi } from 'vitest';
import { ImportSession, type ImportReply } from './import-core';
import { LibraryStore } from '../storage/library-store';
import { ann, freshName, meta, tags, text } from '../storage/test-fixtures';
import { serializeCollection } from '../model/w3c';

/** A library with one document holding one annotation, and a session whose replies are kept. */
async function setUp() {
  const name = freshName();
  const store = await LibraryStore.open({ name });
  await store.addDocument(meta('d'), text('d'), tags('d', ['Old']), [ann('a0', 'd')]);
  const replies: ImportReply[] = [];
  const s = new ImportSession(
    { now: () => new Date('2026-02-01T00:00:00Z'), uuid: () => 'u' },
    (r) => replies.push(r),
  );
  return { name, store, s, replies };
}

const many = (n: number) =>
  Array.from({ length: n }, (_, i) => ann(`urn:uuid:n-${i}`, 'd', { note: `note ${i}` }));

/** Reads and plans a file of `n` new annotations of "d" in the session; the plan's handle. */
async function planned(s: ImportSession, replies: ImportReply[], n: number): Promise<number> {
  const json = serializeCollection(meta('d'), many(n), [], { generatedAt: new Date() });
  await s.handle({ id: 90, type: 'read', name: 'a.json', file: new Blob([JSON.stringify(json)]) });
  const read = replies.at(-1);
  if (read?.type !== 'read' || !read.result.ok || read.result.value.kind !== 'annotations')
    throw new Error('not read');
  const input = { docId: 'd', text: 'abc', existing: [{ id: 'a0', modified: '' }], tags: [] };
  await s.handle({
    id: 91,
    type: 'plan',
    handles: [read.result.value.handle],
    names: ['a'],
    input,
  });
  const plan = replies.at(-1);
  if (plan?.type !== 'planned') throw new Error('not planned');
  expect(plan.count).toBe(n);
  return plan.handle;
}

describe('ImportSession.write: the worker writes a confirmed import itself', () => {
  it('writes the plan and the tag set in one transaction through its own connection', async () => {
    const { name, store, s, replies } = await setUp();
    const handle = await planned(s, replies, 600);
    const tagSet = tags('d', ['Old', 'New']);
    await s.handle({ id: 1, type: 'write', handle, dbName: name, docId: 'd', tagSet });
    expect(replies.at(-1)).toEqual({ id: 1, type: 'written' });
    expect(replies.some((r) => r.type === 'progress')).toBe(true);
    expect(await store.listAnnotations('d')).toHaveLength(601);
    expect((await store.getDocument('d'))?.annotationCount).toBe(601);
    expect((await store.getTagSet('d'))?.tags.map((t) => t.name)).toEqual(['Old', 'New']);
    expect(s.held).toBe(0);
    store.close();
  });

  it('a write failing after some pages were put stores nothing, says why, keeps the plan', async () => {
    const { name, store, s, replies } = await setUp();
    const handle = await planned(s, replies, 600);
    const tagSet = tags('d', ['Old', 'New']);
    // The disk fails on the second page put.
    const put = IDBObjectStore.prototype.put;
    let pages = 0;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'annotationPages' && ++pages === 2)
        throw new DOMException('disk full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    await s.handle({ id: 1, type: 'write', handle, dbName: name, docId: 'd', tagSet });
    spy.mockRestore();
    expect(replies.at(-1)).toMatchObject({ id: 1, type: 'error', kind: 'quota' });
    expect(await store.listAnnotations('d')).toHaveLength(1);
    expect((await store.getDocument('d'))?.annotationCount).toBe(1);
    expect((await store.getTagSet('d'))?.tags.map((t) => t.name)).toEqual(['Old']);
    expect(s.held).toBe(1);
    // Another try writes it.
    await s.handle({ id: 2, type: 'write', handle, dbName: name, docId: 'd', tagSet });
    expect(replies.at(-1)).toEqual({ id: 2, type: 'written' });
    expect(await store.listAnnotations('d')).toHaveLength(601);
    store.close();
  });

  it('a cancel once pages are put aborts the transaction: nothing is stored', async () => {
    const { name, store, s, replies } = await setUp();
    const handle = await planned(s, replies, 2000);
    const tagSet = tags('d', ['Old', 'New']);
    const writing = s.handle({ id: 1, type: 'write', handle, dbName: name, docId: 'd', tagSet });
    // Cancelled as soon as the first page is reported written.
    while (!replies.some((r) => r.type === 'progress')) await new Promise((r) => setTimeout(r, 0));
    await s.handle({ id: 2, type: 'cancel', call: 1 });
    await writing;
    expect(replies.at(-1)).toMatchObject({ id: 1, type: 'error' });
    expect(await store.listAnnotations('d')).toHaveLength(1);
    expect((await store.getTagSet('d'))?.tags.map((t) => t.name)).toEqual(['Old']);
    store.close();
  });
});
