import { describe, it, expect } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore } from './library-store';
import { readAnnotationsApart } from './page-reader';
import { ann, freshName, meta, tags, text } from './test-fixtures';

describe('readAnnotationsApart (a worker reading the library on its own connection)', () => {
  it('reads what LibraryStore lists, in the same order, while the store stays open', async () => {
    const name = freshName();
    const s = await LibraryStore.open({ name });
    expect(s.name).toBe(name);
    const many = Array.from({ length: 700 }, (_, i) => ann(`a-${i}`, 'd', { note: `n${i}` }));
    await s.addDocument(meta('d'), text('d'), tags('d'), many.slice(0, 300));
    await s.addDocument(meta('other'), text('other'), tags('other'), [ann('x', 'other')]);
    // Grows past one page's worth, so the document is re-paged: every page is read.
    await s.applyChanges('d', { put: many.slice(300), delete: ['a-7'] });
    const listed = await s.listAnnotations('d');
    const apart = await readAnnotationsApart(name, 'd');
    expect(apart).toEqual(listed);
    expect(apart).toHaveLength(699);
    expect(await readAnnotationsApart(name, 'nothing-here')).toEqual([]);
    // The store still writes: the reader's connection is closed.
    await s.applyChanges('d', { delete: ['a-8'] });
    expect(await readAnnotationsApart(name, 'd')).toHaveLength(698);
    s.close();
  });

  it('refuses a library that is not there, and leaves none behind', async () => {
    const name = freshName();
    await expect(readAnnotationsApart(name, 'd')).rejects.toThrow(/no library/);
    // Opening it now is a first open (version 1 from nothing), not a leftover database.
    const db = await openDB(name, 1, { upgrade: (_db, old) => expect(old).toBe(0) });
    db.close();
  });

  it('says so where there is no IndexedDB (the caller then reads in the page)', async () => {
    const real = globalThis.indexedDB;
    // @ts-expect-error -- a browser or worker without IndexedDB
    delete globalThis.indexedDB;
    try {
      await expect(readAnnotationsApart('x', 'd')).rejects.toThrow(/not available/);
    } finally {
      globalThis.indexedDB = real;
    }
  });
});
