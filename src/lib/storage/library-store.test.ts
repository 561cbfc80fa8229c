import { describe, it, expect, vi } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore, StorageError } from './library-store';
import { DB_VERSION, upgradeToV1, type MarginaliaDB } from './schema';
import { ChangeFeed } from './change-feed';
import type { Annotation, DocumentMeta } from '../model/types';

const name = () => `test-${crypto.randomUUID()}`;
const meta = (id: string, opened: string): DocumentMeta => ({ id, title: id, format: 'text', size: 3, contentHash: `h-${id}`, created: opened, opened, annotationCount: 0 });
const ann = (id: string, docId: string, extra: Partial<Annotation> = {}): Annotation => ({
  id, docId, target: { quote: { type: 'TextQuoteSelector', exact: 'abc', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 3 } },
  tags: [], note: '', creator: 'Me', created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z', ...extra,
});

describe('LibraryStore', () => {
  it('lists most recently opened first; deletes cascade; restore brings everything back', async () => {
    const s = await LibraryStore.open({ name: name() });
    await s.addDocument(meta('a', '2026-01-01T00:00:00Z'), { id: 'a', source: 'abc' }, { docId: 'a', tags: [] });
    await s.addDocument(meta('b', '2026-02-01T00:00:00Z'), { id: 'b', source: 'abc' }, { docId: 'b', tags: [] }, [ann('x', 'b')]);
    expect((await s.listDocuments()).map((d) => d.id)).toEqual(['b', 'a']);
    await s.updateDocument('a', { opened: '2026-03-01T00:00:00Z', title: 'A!' });
    expect((await s.listDocuments()).map((d) => d.title)).toEqual(['A!', 'b']);
    expect((await s.findByHash('h-b'))?.id).toBe('b');
    const snap = await s.deleteDocument('b');
    expect(await s.getText('b')).toBeUndefined();
    expect(await s.listAnnotations('b')).toEqual([]);
    await s.restoreDocument(snap!);
    expect((await s.listAnnotations('b')).map((a) => a.id)).toEqual(['x']);
    s.close();
  });

  it('keeps annotation counts exact through puts, updates and deletes', async () => {
    const s = await LibraryStore.open({ name: name() });
    await s.addDocument(meta('d', '2026-01-01T00:00:00Z'), { id: 'd', source: 'abc' }, { docId: 'd', tags: [] });
    await s.applyChanges('d', { put: [ann('1', 'd'), ann('2', 'd')] });
    await s.applyChanges('d', { put: [ann('1', 'd', { note: 'edited' })], delete: ['2', 'missing'] });
    expect((await s.getDocument('d'))?.annotationCount).toBe(1);
    expect((await s.listAnnotations('d'))[0].note).toBe('edited');
    await s.applyChanges('d', { put: [ann('3', 'd'), ann('3', 'd', { note: 'last' })], delete: ['1', '1'] });
    await s.applyChanges('d', { put: [ann('4', 'd')], delete: ['4'] });
    expect((await s.getDocument('d'))?.annotationCount).toBe((await s.listAnnotations('d')).length);
    expect((await s.listAnnotations('d')).map((a) => a.id).sort()).toEqual(['3', '4']);
    s.close();
  });

  it('an import is all or nothing', async () => {
    const s = await LibraryStore.open({ name: name() });
    await s.addDocument(meta('d', '2026-01-01T00:00:00Z'), { id: 'd', source: 'abc' }, { docId: 'd', tags: [] });
    const broken = { ...ann('ok2', 'd') } as Partial<Annotation>;
    delete broken.id;
    await expect(s.importBatch({ annotations: [ann('ok1', 'd'), broken as Annotation] })).rejects.toBeInstanceOf(StorageError);
    expect(await s.listAnnotations('d')).toEqual([]);
    s.close();
  });

  it('a full storage gives a plain-words quota error and writes nothing', async () => {
    const s = await LibraryStore.open({ name: name() });
    await s.addDocument(meta('d', '2026-01-01T00:00:00Z'), { id: 'd', source: 'abc' }, { docId: 'd', tags: [] });
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const err = await s.applyChanges('d', { put: [ann('q', 'd')] }).catch((e) => e);
    put.mockRestore();
    expect(err).toBeInstanceOf(StorageError);
    expect(err.kind).toBe('quota');
    expect(err.message).toMatch(/storage for this site is full.*export a backup/);
    expect(await s.listAnnotations('d')).toEqual([]);
    s.close();
  });

  it('opens a database written by schema version 1 and keeps every record', async () => {
    const n = name();
    const v1 = await openDB<MarginaliaDB>(n, 1, { upgrade: (db) => upgradeToV1(db) });
    await v1.put('documents', meta('old', '2025-12-01T00:00:00Z'));
    await v1.put('texts', { id: 'old', source: 'abc' });
    await v1.put('tagSets', { docId: 'old', tags: [{ id: 't', name: 'Claim', color: 'blue' }] });
    const noCreator = ann('legacy', 'old') as Partial<Annotation>;
    delete noCreator.creator;
    await v1.put('annotations', noCreator as Annotation);
    await v1.put('annotations', ann('fine', 'old', { creator: 'Ana' }));
    await v1.put('settings', 'old', 'lastDocument');
    v1.close();

    const s = await LibraryStore.open({ name: n });
    expect(DB_VERSION).toBeGreaterThan(1);
    expect((await s.getDocument('old'))?.annotationCount).toBe(2);
    expect((await s.getText('old'))?.source).toBe('abc');
    expect((await s.getTagSet('old'))?.tags[0].name).toBe('Claim');
    const anns = await s.listAnnotations('old');
    expect(anns.map((a) => [a.id, a.creator]).sort()).toEqual([['fine', 'Ana'], ['legacy', 'Me']]);
    expect(await s.getSetting('lastDocument')).toBe('old');
    s.close();
  });

  it('steps aside when a newer version opens elsewhere, and tells the page', async () => {
    const n = name();
    const onVersionChange = vi.fn();
    const s = await LibraryStore.open({ name: n, onVersionChange });
    const newer = await openDB(n, DB_VERSION + 1);
    expect(onVersionChange).toHaveBeenCalled();
    newer.close();
    await expect(s.listDocuments()).rejects.toMatchObject({ kind: 'closed' });
  });

  it('tells other tabs what changed, after it is committed', async () => {
    const channel = `feed-${crypto.randomUUID()}`;
    const mine = new ChangeFeed(channel);
    const other = new ChangeFeed(channel);
    const got: unknown[] = [];
    const own: unknown[] = [];
    other.subscribe((m) => got.push(m));
    mine.subscribe((m) => own.push(m));
    const s = await LibraryStore.open({ name: name(), feed: mine });
    await s.addDocument(meta('d', '2026-01-01T00:00:00Z'), { id: 'd', source: 'abc' }, { docId: 'd', tags: [] });
    await s.applyChanges('d', { put: [ann('1', 'd')] });
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toEqual([expect.objectContaining({ kind: 'documents' }), expect.objectContaining({ kind: 'annotations', docId: 'd', put: ['1'] })]);
    expect(own).toEqual([]);
    mine.close();
    other.close();
    s.close();
  });
});
