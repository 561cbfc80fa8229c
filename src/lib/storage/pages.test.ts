import { describe, it, expect, vi, afterEach } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore } from './library-store';
import type { MarginaliaDB } from './schema';
import { hashId, layOut, pageCountFor, pageOf, PAGE_SIZE } from './pages';
import { ann, freshName, meta, tags, text } from './test-fixtures';

afterEach(() => vi.restoreAllMocks());

const many = (n: number, docId = 'd', from = 0) =>
  Array.from({ length: n }, (_, i) => ann(`a${from + i}`, docId));

async function pagesOf(name: string, docId = 'd') {
  const db = await openDB<MarginaliaDB>(name);
  const pages = (await db.getAll('annotationPages')).filter((p) => p.docId === docId);
  db.close();
  return pages;
}

describe('page layout', () => {
  it('hashes ids stably and spreads them over a power of two of pages', () => {
    expect(hashId('')).toBe(0x811c9dc5);
    expect(hashId('a')).toBe(0xe40c292c); // FNV-1a reference value
    expect([0, 1, 256, 257, 512, 513, 10_000].map(pageCountFor)).toEqual([1, 1, 1, 2, 2, 4, 64]);
    const pages = layOut('d', many(10_000), 64);
    expect(pages.map((p) => p.page)).toEqual([...Array(64).keys()]);
    for (const p of pages) {
      expect(p.annotations.every((a) => pageOf(a.id, 64) === p.page)).toBe(true);
      expect(p.annotations.length).toBeLessThan(2 * PAGE_SIZE);
    }
  });
});

describe('LibraryStore: paged annotations', () => {
  it('a single create, edit or delete rewrites one page, not the document', async () => {
    const n = freshName();
    const s = await LibraryStore.open({ name: n });
    await s.addDocument(meta('d'), text('d'), tags('d'), many(2_000));
    expect(await pagesOf(n)).toHaveLength(8);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    await s.applyChanges('d', { put: [ann('new', 'd')] });
    await s.applyChanges('d', { put: [ann('a5', 'd', { note: 'edited' })] });
    await s.applyChanges('d', { delete: ['a6'] });
    // One page each, plus the document record when the count changes.
    const pagePuts = put.mock.calls.filter((c) => (c[0] as { page?: number }).page !== undefined);
    expect(pagePuts).toHaveLength(3);
    for (const [p] of pagePuts)
      expect((p as { annotations: unknown[] }).annotations.length).toBeLessThan(2 * PAGE_SIZE);
    vi.restoreAllMocks();
    const all = await s.listAnnotations('d');
    expect(all).toHaveLength(2_000);
    expect(all.find((a) => a.id === 'a5')?.note).toBe('edited');
    expect(all.some((a) => a.id === 'a6')).toBe(false);
    expect((await s.getDocument('d'))?.annotationCount).toBe(2_000);
    s.close();
  });

  it('grows into more pages as a document fills up, one annotation at a time, losing none', async () => {
    const n = freshName();
    const s = await LibraryStore.open({ name: n });
    await s.addDocument(meta('d'), text('d'), tags('d'));
    expect(await pagesOf(n)).toHaveLength(0);
    await s.applyChanges('d', { put: many(PAGE_SIZE) });
    expect(await pagesOf(n)).toHaveLength(1);
    await s.applyChanges('d', { put: [ann('one-more', 'd')] });
    const pages = await pagesOf(n);
    expect(pages).toHaveLength(2);
    expect(pages.reduce((k, p) => k + p.annotations.length, 0)).toBe(PAGE_SIZE + 1);
    await s.importBatch({ annotations: many(600, 'd', 1_000) });
    expect(await pagesOf(n)).toHaveLength(4);
    expect(await s.listAnnotations('d')).toHaveLength(PAGE_SIZE + 601);
    expect((await s.getDocument('d'))?.annotationCount).toBe(PAGE_SIZE + 601);
    s.close();
  });

  it('imports merge by id into existing pages and keep other documents apart', async () => {
    const n = freshName();
    const s = await LibraryStore.open({ name: n });
    await s.addDocument(meta('d'), text('d'), tags('d'), many(300));
    await s.addDocument(meta('e'), text('e'), tags('e'), many(3, 'e'));
    await s.importBatch({
      annotations: [ann('a1', 'd', { note: 'replaced' }), ann('fresh', 'd'), ann('x', 'e')],
    });
    const d = await s.listAnnotations('d');
    expect(d).toHaveLength(301);
    expect(d.find((a) => a.id === 'a1')?.note).toBe('replaced');
    expect((await s.listAnnotations('e')).map((a) => a.id)).toEqual(['a0', 'a1', 'a2', 'x']);
    expect((await s.getDocument('e'))?.annotationCount).toBe(4);
    expect(await s.deleteDocument('d')).toMatchObject({ annotations: d });
    expect(await pagesOf(n)).toHaveLength(0);
    expect(await s.listAnnotations('e')).toHaveLength(4);
    s.close();
  });
});
