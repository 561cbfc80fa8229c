import { describe, it, expect, vi } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore } from './library-store';
import { DB_VERSION, type MarginaliaDB } from './schema';
import { PAGE_SIZE, type AnnotationPage } from './pages';
import type { Annotation } from '../model/types';
import { ann, freshName, meta, tags, text, withoutId } from './test-fixtures';
import { oldDatabase, readStores } from './raw-db.fixtures';

/** A genuine version-1 database, written by the frozen v1 step, then closed. */
function v1Database(name: string): Promise<void> {
  return oldDatabase(name, 1, async (v1) => {
    await v1.put('documents', meta('old', '2025-12-01T00:00:00Z'));
    await v1.put('documents', meta('empty', '2025-11-01T00:00:00Z', { annotationCount: 4 }));
    await v1.put('texts', text('old'));
    await v1.put('texts', text('empty'));
    await v1.put('tagSets', tags('old', ['Claim']));
    const noCreator: Partial<Annotation> = ann('legacy', 'old', { note: 'kept' });
    delete noCreator.creator;
    await v1.put('annotations', noCreator as Annotation);
    await v1.put('annotations', ann('fine', 'old', { creator: 'Ana' }));
    await v1.put('settings', 'old', 'lastDocument');
  });
}

/**
 * A genuine version-2 database, as the v2 code wrote it: created by the frozen v1 and v2 steps
 * (exactly what `upgrade` ran at DB_VERSION 2), one record per annotation, counts as the v2 store
 * kept them. Real-looking data: notes, tags, replies, non-ASCII text and ids of several shapes,
 * a document large enough to need many pages, an empty one, and an annotation whose document
 * was deleted (kept by the migration: nothing stored is lost).
 */
function v2Database(name: string): Promise<Map<string, Annotation[]>> {
  return oldDatabase(name, 2, async (v2) => {
    const docs = { big: 2_000, small: 3, none: 0 };
    const byDoc = new Map<string, Annotation[]>();
    for (const [docId, n] of Object.entries(docs)) {
      await v2.put('documents', meta(docId, '2026-01-01T00:00:00Z', { annotationCount: n }));
      await v2.put('texts', text(docId));
      await v2.put('tagSets', tags(docId, ['Claim', 'Évidence']));
      const list = Array.from({ length: n }, (_, i) =>
        ann(i % 3 ? crypto.randomUUID() : `urn:uuid:${docId}-${i}`, docId, {
          note: i % 4 ? '' : `note ${i}: « ça » 😀`,
          tags: i % 2 ? ['tag-0'] : ['tag-0', 'tag-1'],
          creator: i % 5 ? 'Me' : 'Ana',
          ...(i % 7 ? {} : { replyTo: 'urn:prompt:1' }),
        }),
      );
      const tx = v2.transaction('annotations', 'readwrite');
      await Promise.all([...list.map((a) => tx.store.put(a)), tx.done]);
      byDoc.set(docId, list);
    }
    await v2.put('annotations', ann('orphan', 'deleted-doc'));
    byDoc.set(
      'deleted-doc',
      [await v2.get('annotations', 'orphan')].filter((a) => !!a),
    );
    await v2.put('settings', 'big', 'lastDocument');
    return byDoc;
  });
}

const byId = (xs: Annotation[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('schema upgrades', () => {
  it('moves every annotation of a version-2 database into pages, exactly, with exact counts', async () => {
    const n = freshName();
    const before = await v2Database(n);
    const s = await LibraryStore.open({ name: n });
    expect(DB_VERSION).toBe(6);
    for (const [docId, list] of before) {
      expect(await s.listAnnotations(docId)).toEqual(byId(list));
      if (docId !== 'deleted-doc')
        expect((await s.getDocument(docId))?.annotationCount).toBe(list.length);
    }
    expect(await s.getTagSet('big')).toEqual(tags('big', ['Claim', 'Évidence']));
    expect(await s.getSetting('lastDocument')).toBe('big');
    // The big document is in a few large records, none over twice the page size.
    const stored = await readStores({ name: n, stores: ['annotationPages'] });
    const pages = stored.records.annotationPages.map((r) => r.value as AnnotationPage);
    expect(pages.filter((p) => p.docId === 'big').length).toBe(8);
    expect(Math.max(...pages.map((p) => p.annotations.length))).toBeLessThan(2 * PAGE_SIZE);
    expect(pages.reduce((k, p) => k + p.annotations.length, 0)).toBe(2_004);
    expect(stored.stores).not.toContain('annotations');
    // Writes after the upgrade keep counts exact.
    const one = before.get('big')![10];
    await s.applyChanges('big', {
      put: [{ ...one, note: 'edited' }],
      delete: [before.get('big')![11].id],
    });
    expect((await s.getDocument('big'))?.annotationCount).toBe(1_999);
    expect((await s.listAnnotations('big')).find((a) => a.id === one.id)?.note).toBe('edited');
    s.close();
  }, 30_000);

  it('an upgrade that fails leaves the version-2 database as it was', async () => {
    const n = freshName();
    const before = await v2Database(n);
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'annotationPages' && ++calls === 5)
        throw new DOMException('full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    await expect(LibraryStore.open({ name: n })).rejects.toBeInstanceOf(Error);
    vi.restoreAllMocks();
    const stored = await readStores({ name: n, stores: ['annotations'] });
    expect(stored.version).toBe(2);
    expect(stored.records.annotations.length).toBe(2_004);
    const s = await LibraryStore.open({ name: n });
    expect(await s.listAnnotations('big')).toEqual(byId(before.get('big')!));
    s.close();
  }, 30_000);

  it('opens a database written by schema version 1 and keeps every record', async () => {
    const n = freshName();
    await v1Database(n);
    const s = await LibraryStore.open({ name: n });
    expect((await s.listDocuments()).map((d) => d.id)).toEqual(['old', 'empty']);
    // Counts are recomputed from the annotations actually stored.
    expect((await s.getDocument('old'))?.annotationCount).toBe(2);
    expect((await s.getDocument('empty'))?.annotationCount).toBe(0);
    expect((await s.getText('old'))?.source).toBe('abc');
    expect((await s.getText('empty'))?.source).toBe('abc');
    expect(await s.getTagSet('old')).toEqual(tags('old', ['Claim']));
    const anns = await s.listAnnotations('old');
    expect(anns.map((a) => [a.id, a.creator, a.note]).sort()).toEqual([
      ['fine', 'Ana', ''],
      ['legacy', 'Me', 'kept'],
    ]);
    expect(await s.getSetting('lastDocument')).toBe('old');
    s.close();
  });

  it('a new database gets every store and index', async () => {
    const n = freshName();
    (await LibraryStore.open({ name: n })).close();
    const db = await openDB<MarginaliaDB>(n, DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'annotationPages',
      'documents',
      'drawRecords',
      'settings',
      'tagSets',
      'texts',
      'versions',
    ]);
    const tx = db.transaction(['annotationPages', 'documents']);
    expect(tx.objectStore('annotationPages').keyPath).toEqual(['docId', 'page']);
    expect([...tx.objectStore('documents').indexNames].sort()).toEqual(['by-hash', 'by-opened']);
    await tx.done;
    db.close();
  });

  it('a failed import into an upgraded database leaves its records as they were', async () => {
    const n = freshName();
    await v1Database(n);
    const s = await LibraryStore.open({ name: n });
    await expect(
      s.importBatch({ annotations: [ann('new', 'old'), withoutId(ann('x', 'old'))] }),
    ).rejects.toMatchObject({ kind: 'unknown' });
    expect((await s.listAnnotations('old')).length).toBe(2);
    s.close();
  });
});

describe('several tabs', () => {
  it('steps aside when a newer version opens elsewhere, without blocking it, and tells the page', async () => {
    const n = freshName();
    const onVersionChange = vi.fn();
    const s = await LibraryStore.open({ name: n, onVersionChange });
    await s.addDocument(meta('d'), text('d'), tags('d'));
    const blocked = vi.fn();
    const newer = await openDB(n, DB_VERSION + 1, { blocked });
    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(blocked).not.toHaveBeenCalled();
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    await expect(s.listDocuments()).rejects.toMatchObject({ kind: 'closed' });
    await expect(s.applyChanges('d', { put: [ann('1', 'd')] })).rejects.toMatchObject({
      kind: 'closed',
    });
  });

  it('says so when an older tab blocks the upgrade, and opens once that tab closes', async () => {
    const n = freshName();
    await v1Database(n);
    const oldTab = await openDB<MarginaliaDB>(n, 1); // an old tab that does not step aside
    const onBlocked = vi.fn();
    const opening = LibraryStore.open({ name: n, onBlocked });
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalled());
    oldTab.close();
    const s = await opening;
    expect((await s.listAnnotations('old')).map((a) => a.creator).sort()).toEqual(['Ana', 'Me']);
    s.close();
  });
});
