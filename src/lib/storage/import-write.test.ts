import { describe, it, expect, vi, afterEach } from 'vitest';
import { LibraryStore } from './library-store';
import { ann, freshName, meta, tags, text } from './test-fixtures';
import type { Annotation } from '../model/types';

afterEach(() => vi.restoreAllMocks());

/** A document with 300 stored annotations (two pages), and an import-sized change for it:
 * 2,000 new annotations, one stored annotation updated, and a new tag. */
async function setUp() {
  const s = await LibraryStore.open({ name: freshName() });
  const before = Array.from({ length: 300 }, (_, i) => ann(`old-${i}`, 'd'));
  await s.addDocument(meta('d'), text('d'), tags('d', ['Claim']), before);
  const put: Annotation[] = Array.from({ length: 2000 }, (_, i) => ann(`new-${i}`, 'd'));
  put.push({ ...before[7], note: 'updated', modified: '2026-02-01T00:00:00Z' });
  const tagSet = tags('d', ['Claim', 'Imported']);
  return { s, before, change: { put, tagSet } };
}

/** What is stored for the document: annotations by id, its count and its tags. */
async function stored(s: LibraryStore) {
  const list = await s.listAnnotations('d');
  return {
    ids: list.map((a) => a.id).sort(),
    notes: list.filter((a) => a.note).map((a) => a.note),
    count: (await s.getDocument('d'))?.annotationCount,
    tags: (await s.getTagSet('d'))?.tags.map((t) => t.name),
  };
}

describe('LibraryStore.applyChanges: an import is written a page per step, all or nothing', () => {
  it('writes every page, telling progress page by page', async () => {
    const { s, change } = await setUp();
    const progress: [number, number][] = [];
    await s.applyChanges('d', change, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    const after = await stored(s);
    expect(after.count).toBe(2300);
    expect(after.ids).toHaveLength(2300);
    expect(after.notes).toEqual(['updated']);
    expect(after.tags).toEqual(['Claim', 'Imported']);
    // 2,300 annotations need 16 pages of up to 256 on average, written one after another.
    expect(progress.length).toBe(16);
    expect(progress.at(-1)).toEqual([16, 16]);
    s.close();
  });

  it('a write failing mid-way (the disk is full) leaves nothing of it', async () => {
    const { s, change } = await setUp();
    const before = await stored(s);
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    const written: number[] = [];
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (++calls === 6) throw new DOMException('disk full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    await expect(
      s.applyChanges('d', change, { onProgress: (done) => written.push(done) }),
    ).rejects.toMatchObject({ kind: 'quota' });
    // Pages had been written before the failure; the transaction took them back.
    expect(written.length).toBeGreaterThanOrEqual(3);
    vi.restoreAllMocks();
    expect(await stored(s)).toEqual(before);
    s.close();
  });

  it('cancelled mid-way, nothing is written', async () => {
    const { s, change } = await setUp();
    const before = await stored(s);
    const stop = new AbortController();
    const onProgress = (done: number) => done === 4 && stop.abort();
    await expect(
      s.applyChanges('d', change, { signal: stop.signal, onProgress }),
    ).rejects.toThrow();
    expect(await stored(s)).toEqual(before);
    // The store is still usable afterwards, and the same import then succeeds whole.
    await s.applyChanges('d', change);
    expect((await stored(s)).count).toBe(2300);
    s.close();
  });
});
