import { describe, it, expect, vi } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore } from './library-store';
import { DB_VERSION, upgradeToV1, type MarginaliaDB } from './schema';
import type { Annotation } from '../model/types';
import { ann, freshName, meta, tags, text, withoutId } from './test-fixtures';

/** A genuine version-1 database, written by the frozen v1 step, then closed. */
async function v1Database(name: string): Promise<void> {
  const v1 = await openDB<MarginaliaDB>(name, 1, { upgrade: (db) => upgradeToV1(db) });
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
  v1.close();
}

describe('schema upgrades', () => {
  it('opens a database written by schema version 1 and keeps every record', async () => {
    const n = freshName();
    await v1Database(n);
    const s = await LibraryStore.open({ name: n });
    expect(DB_VERSION).toBe(2);
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

    // The v2 index exists and is filled for records written before it.
    const db = await openDB<MarginaliaDB>(n, DB_VERSION);
    expect(
      (await db.getAllFromIndex('annotations', 'by-doc-creator', ['old', 'Me'])).map((a) => a.id),
    ).toEqual(['legacy']);
    db.close();
  });

  it('a new database gets every store and index', async () => {
    const n = freshName();
    (await LibraryStore.open({ name: n })).close();
    const db = await openDB<MarginaliaDB>(n, DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'annotations',
      'documents',
      'settings',
      'tagSets',
      'texts',
    ]);
    const tx = db.transaction(['annotations', 'documents']);
    expect([...tx.objectStore('annotations').indexNames].sort()).toEqual([
      'by-doc',
      'by-doc-creator',
    ]);
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
