import { describe, it, expect, vi, afterEach } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore, StorageError } from './library-store';
import type { MarginaliaDB } from './schema';
import { ann, freshName, meta, tags, text, withoutId } from './test-fixtures';

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
    expect(await s.getDocument('b')).toEqual(snap!.meta);
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

describe('LibraryStore: annotations', () => {
  it('keeps annotation counts exact through puts, updates and deletes', async () => {
    const s = await withDoc();
    await s.applyChanges('d', { put: [ann('1', 'd'), ann('2', 'd')] });
    await s.applyChanges('d', {
      put: [ann('1', 'd', { note: 'edited' })],
      delete: ['2', 'missing'],
    });
    expect((await s.getDocument('d'))?.annotationCount).toBe(1);
    expect((await s.listAnnotations('d'))[0].note).toBe('edited');
    await s.applyChanges('d', {
      put: [ann('3', 'd'), ann('3', 'd', { note: 'last' })],
      delete: ['1', '1'],
    });
    await s.applyChanges('d', { put: [ann('4', 'd')], delete: ['4'] });
    const list = await s.listAnnotations('d');
    expect(list.map((a) => a.id).sort()).toEqual(['3', '4']);
    expect(list.find((a) => a.id === '3')?.note).toBe('last');
    expect((await s.getDocument('d'))?.annotationCount).toBe(2);
    await s.applyChanges('d', { tagSet: tags('d', ['Claim', 'Evidence']) });
    expect((await s.getTagSet('d'))?.tags.map((t) => t.name)).toEqual(['Claim', 'Evidence']);
    s.close();
  });

  it('repairs a count damaged outside the store by counting through the index', async () => {
    const n = freshName();
    const s = await LibraryStore.open({ name: n });
    await s.addDocument(meta('d'), text('d'), tags('d'));
    const raw = await openDB<MarginaliaDB>(n);
    await raw.put('documents', meta('d', undefined, { annotationCount: 99 }));
    raw.close();
    await s.applyChanges('d', { put: [ann('1', 'd')] });
    expect((await s.getDocument('d'))?.annotationCount).toBe(100); // by delta: one added
    await s.repairCount('d');
    expect((await s.getDocument('d'))?.annotationCount).toBe(1);
    s.close();
  });

  it('counts by delta: new ids add, updates do not, deleting absent ids does not subtract', async () => {
    const s = await withDoc();
    await s.applyChanges('d', {
      put: [ann('1', 'd'), ann('2', 'd'), ann('1', 'd', { note: 'again' })],
    });
    expect((await s.getDocument('d'))?.annotationCount).toBe(2);
    await s.applyChanges('d', {
      put: [ann('2', 'd', { note: 'edited' })],
      delete: ['1', 'never-there'],
    });
    expect((await s.getDocument('d'))?.annotationCount).toBe(1);
    await s.applyChanges('d', { put: [ann('3', 'd')], delete: ['3'] });
    expect((await s.getDocument('d'))?.annotationCount).toBe(2);
    s.close();
  });

  it('lists the annotations of one document through its index, and none of another', async () => {
    const s = await withDoc();
    await s.addDocument(meta('e'), text('e'), tags('e'), [ann('e1', 'e')]);
    await s.applyChanges('d', { put: Array.from({ length: 1_000 }, (_, i) => ann(`a${i}`, 'd')) });
    expect(await s.listAnnotations('d')).toHaveLength(1_000);
    expect((await s.getDocument('d'))?.annotationCount).toBe(1_000);
    expect((await s.getDocument('e'))?.annotationCount).toBe(1);
    s.close();
  });

  it('a change that breaks its own contract aborts and writes nothing', async () => {
    const s = await withDoc();
    await s.addDocument(meta('e'), text('e'), tags('e'));
    const foreign = s.applyChanges('d', {
      put: [ann('1', 'd'), ann('2', 'e')],
      tagSet: tags('d', ['X']),
    });
    await expect(foreign).rejects.toBeInstanceOf(StorageError);
    // A document deleted in another tab gets no orphaned annotations.
    await expect(s.applyChanges('gone', { put: [ann('3', 'gone')] })).rejects.toBeInstanceOf(
      StorageError,
    );
    expect(await s.listAnnotations('d')).toEqual([]);
    expect(await s.listAnnotations('gone')).toEqual([]);
    expect((await s.getTagSet('d'))?.tags).toEqual([]);
    s.close();
  });
  it('sets and removes the packet record together with tags and prompts, or not at all', async () => {
    const s = await withDoc();
    const packet = {
      id: 'urn:uuid:p',
      revision: 2,
      issued: '2026-01-02T00:00:00Z',
      author: 'T',
      instructions: 'Read.',
      role: 'student' as const,
    };
    await s.applyChanges('d', {
      put: [ann('p1', 'd', { prompt: true })],
      tagSet: tags('d', ['Claim']),
      packet,
    });
    expect(await s.getDocument('d')).toMatchObject({ packet, annotationCount: 1 });
    await expect(
      s.applyChanges('d', { put: [withoutId(ann('p2', 'd'))], packet: { ...packet, revision: 3 } }),
    ).rejects.toThrow();
    expect((await s.getDocument('d'))?.packet?.revision).toBe(2);
    await s.applyChanges('d', { packet: null });
    expect((await s.getDocument('d'))?.packet).toBeUndefined();
    expect((await s.getDocument('d'))?.annotationCount).toBe(1);
    s.close();
  });
});

describe('LibraryStore: imports', () => {
  it('imports documents, annotations and tag sets together, with exact counts', async () => {
    const s = await withDoc();
    await s.importBatch({
      documents: [
        { meta: meta('n', undefined, { annotationCount: 7 }), text: text('n'), tagSet: tags('n') },
      ],
      annotations: [ann('1', 'n'), ann('2', 'n'), ann('3', 'd')],
      tagSets: [tags('d', ['Imported'])],
    });
    expect((await s.getDocument('n'))?.annotationCount).toBe(2);
    expect((await s.getDocument('d'))?.annotationCount).toBe(1);
    expect((await s.getTagSet('d'))?.tags[0].name).toBe('Imported');
    s.close();
  });

  it('an import is all or nothing', async () => {
    const s = await withDoc();
    const batch = {
      documents: [{ meta: meta('n'), text: text('n'), tagSet: tags('n') }],
      annotations: [ann('ok1', 'd'), ann('ok2', 'n'), withoutId(ann('bad', 'd')), ann('ok3', 'd')],
      tagSets: [tags('d', ['Imported'])],
    };
    await expect(s.importBatch(batch)).rejects.toBeInstanceOf(StorageError);
    expect(await s.getDocument('n')).toBeUndefined();
    expect(await s.getText('n')).toBeUndefined();
    expect(await s.listAnnotations('d')).toEqual([]);
    expect(await s.listAnnotations('n')).toEqual([]);
    expect((await s.getTagSet('d'))?.tags).toEqual([]);
    expect((await s.listDocuments()).map((d) => d.id)).toEqual(['d']);
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
