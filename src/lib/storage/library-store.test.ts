import { describe, it, expect, vi, afterEach } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore, StorageError } from './library-store';
import { ann, freshName, meta, tags, text } from './test-fixtures';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function withDoc(id = 'd'): Promise<LibraryStore> {
  const s = await LibraryStore.open({ name: freshName() });
  await s.addDocument(meta(id), text(id), tags(id));
  return s;
}

describe('LibraryStore: documents', () => {
  it('lists most recently opened first, by instant whatever the time zone; renames', async () => {
    const s = await LibraryStore.open({ name: freshName() });
    await s.addDocument(meta('a', '2026-01-01T00:00:00Z'), text('a'), tags('a'));
    await s.addDocument(meta('b', '2026-02-01T00:00:00Z'), text('b'), tags('b'), [ann('x', 'b')]);
    // 10:00+02:00 is 08:00Z: earlier than 09:00Z although it sorts later as a string.
    await s.addDocument(meta('plus', '2026-03-01T10:00:00+02:00'), text('plus'), tags('plus'));
    await s.addDocument(meta('zulu', '2026-03-01T09:00:00Z'), text('zulu'), tags('zulu'));
    expect((await s.listDocuments()).map((d) => d.id)).toEqual(['zulu', 'plus', 'b', 'a']);
    await s.updateDocument('a', { opened: '2026-04-01T00:00:00Z', title: 'A!' });
    expect((await s.listDocuments())[0]).toMatchObject({ id: 'a', title: 'A!' });
    expect((await s.getDocument('b'))?.annotationCount).toBe(1);
    expect((await s.findByHash('h-b'))?.id).toBe('b');
    expect(await s.findByHash('nope')).toBeUndefined();
    s.close();
  });

  it('deletes a document with its text, tag set and annotations, and restores all of it', async () => {
    const s = await LibraryStore.open({ name: freshName() });
    await s.addDocument(meta('keep'), text('keep'), tags('keep'), [ann('k', 'keep')]);
    await s.addDocument(meta('b'), text('b'), tags('b', ['Claim']), [ann('x', 'b'), ann('y', 'b')]);
    const snap = await s.deleteDocument('b');
    expect(snap).toMatchObject({
      meta: { id: 'b' },
      text: { source: 'abc' },
      tagSet: { tags: [{ name: 'Claim' }] },
    });
    expect(snap!.annotations.map((a) => a.id).sort()).toEqual(['x', 'y']);
    expect(await s.getDocument('b')).toBeUndefined();
    expect(await s.getText('b')).toBeUndefined();
    expect(await s.getTagSet('b')).toBeUndefined();
    expect(await s.listAnnotations('b')).toEqual([]);
    expect((await s.listAnnotations('keep')).map((a) => a.id)).toEqual(['k']);
    await s.restoreDocument(snap!);
    // Its pages were written again, so they have a new revision (page-revision.ts).
    const { pagesRev, ...back } = (await s.getDocument('b'))!;
    expect(back).toEqual(snap!.meta);
    expect(typeof pagesRev).toBe('string');
    expect(await s.getTagSet('b')).toEqual(snap!.tagSet);
    expect((await s.listAnnotations('b')).map((a) => a.id).sort()).toEqual(['x', 'y']);
    expect(await s.deleteDocument('never-there')).toBeUndefined();
    s.close();
  });

  it('exports every document with its text, tag set and annotations; keeps settings', async () => {
    const s = await LibraryStore.open({ name: freshName() });
    await s.addDocument(meta('a'), text('a'), tags('a', ['Claim']), [ann('1', 'a')]);
    await s.addDocument(meta('b'), text('b'), tags('b'));
    const all = await s.exportAll();
    expect(
      all
        .map((d) => [d.meta.id, d.text.source, d.tagSet?.tags.length, d.annotations.length])
        .sort(),
    ).toEqual([
      ['a', 'abc', 1, 1],
      ['b', 'abc', 0, 0],
    ]);
    await s.setSetting('scroll:a', { top: 120 });
    expect(await s.getSetting<{ top: number }>('scroll:a')).toEqual({ top: 120 });
    expect(await s.getSetting('missing')).toBeUndefined();
    s.close();
  });
});

describe('LibraryStore: failures in plain words', () => {
  it('a full storage gives a quota error and writes nothing, even what was already queued', async () => {
    const s = await withDoc();
    const original = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (++calls === 2) throw new DOMException('full', 'QuotaExceededError');
      return original.apply(this, args);
    });
    const err = await s
      .applyChanges('d', { put: [ann('q1', 'd'), ann('q2', 'd')], tagSet: tags('d', ['T']) })
      .catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(calls).toBe(2);
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ kind: 'quota' });
    expect((err as Error).message).toBe(
      "Your browser's storage for this site is full. Nothing was saved from the last action; export a backup and free space, then try again.",
    );
    expect(await s.listAnnotations('d')).toEqual([]);
    expect((await s.getTagSet('d'))?.tags).toEqual([]);
    expect((await s.getDocument('d'))?.annotationCount).toBe(0);
    // The store still works afterwards.
    await s.applyChanges('d', { put: [ann('q1', 'd')] });
    expect((await s.getDocument('d'))?.annotationCount).toBe(1);
    s.close();
  });

  it('says storage is unavailable when there is no IndexedDB or the browser refuses it', async () => {
    const message =
      'This browser is not letting Marginalia store data (private browsing or disabled site storage). You can read, but annotations cannot be saved; export a backup before closing.';
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    await expect(LibraryStore.open({ name: freshName() })).rejects.toMatchObject({
      kind: 'unavailable',
      message,
    });
    vi.restoreAllMocks();
    vi.stubGlobal('indexedDB', undefined);
    await expect(LibraryStore.open({ name: freshName() })).rejects.toMatchObject({
      kind: 'unavailable',
      message,
    });
  });

  it('asks for a reload when the database is newer than this code', async () => {
    const n = freshName();
    (await openDB(n, 99)).close();
    await expect(LibraryStore.open({ name: n })).rejects.toMatchObject({ kind: 'closed' });
  });

  it('refuses work once closed', async () => {
    const s = await withDoc();
    s.close();
    await expect(s.listDocuments()).rejects.toMatchObject({ kind: 'closed' });
    await expect(s.setSetting('k', 1)).rejects.toMatchObject({ kind: 'closed' });
  });

  it('wraps storage estimates and persistence, and says when the browser has neither', async () => {
    const s = await withDoc();
    vi.stubGlobal('navigator', {});
    expect(await s.estimate()).toBeNull();
    expect(await s.requestPersistence()).toBe('unsupported');
    const persist = vi.fn(async () => false);
    vi.stubGlobal('navigator', {
      storage: {
        estimate: async () => ({ usage: 10, quota: 100 }),
        persisted: async () => false,
        persist,
      },
    });
    expect(await s.estimate()).toEqual({ usage: 10, quota: 100 });
    expect(await s.requestPersistence()).toBe('denied');
    persist.mockResolvedValue(true);
    expect(await s.requestPersistence()).toBe('granted');
    s.close();
  });
});
