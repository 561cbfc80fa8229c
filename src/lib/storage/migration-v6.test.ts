import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore } from './library-store';
import { DB_VERSION, type MarginaliaDB } from './schema';
import { layOut, pageCountFor } from './pages';
import type { Annotation } from '../model/types';
import { applyReplaces } from '../model/text-edit';
import { describeRange } from '../model/selectors';
import { TextIndex } from '../model/text-index';
import { packDrawRecord } from './draw-record';
import { ann, freshName, meta, tags } from './test-fixtures';
import { oldDatabase } from './raw-db.fixtures';

const V1 = 'Première ligne — « ça ».\n\nSecond paragraph 😀 with words.\n';
const EDIT = applyReplaces(V1, [{ start: 0, end: 0, text: 'Titre\n\n' }]);

/** A genuine version-5 database, as the v5 code wrote it (frozen v1–v5 steps): a document of
 * 700 annotations in 4 pages, one whose last save left its pages on version 1 (`pagesAt`), and
 * one without annotations. */
function v5Database(name: string): Promise<Annotation[]> {
  return oldDatabase(name, 5, async (db) => {
    const index = new TextIndex(V1);
    const words = ['ligne', 'ça', 'paragraph', '😀', 'words'];
    const list = Array.from({ length: 700 }, (_, i) => {
      const w = words[i % words.length];
      const start = index.toCodePoint(V1.indexOf(w));
      return ann(`urn:uuid:v5-${String(i).padStart(3, '0')}`, 'big', {
        target: describeRange(index, start, start + [...w].length),
        note: i % 3 ? '' : `note ${i} « é »`,
        tags: i % 2 ? ['tag-0'] : [],
      });
    });
    await db.put('documents', meta('big', '2026-02-01T00:00:00Z', { annotationCount: 700 }));
    await db.put('texts', { id: 'big', source: V1 });
    await db.put('tagSets', tags('big', ['Claim']));
    for (const page of layOut('big', list, pageCountFor(list.length)))
      await db.put('annotationPages', page);
    // Saved once the v5 way: the text and version 2, its pages left on version 1.
    await db.put(
      'documents',
      meta('edited', '2026-02-02T00:00:00Z', {
        annotationCount: 1,
        version: 2,
        pagesAt: 1,
        contentHash: 'h2',
      }),
    );
    await db.put('texts', { id: 'edited', source: EDIT.text });
    await db.put('versions', {
      docId: 'edited',
      n: 1,
      created: 'c',
      contentHash: 'h1',
      source: V1,
    });
    const v2 = { docId: 'edited', n: 2, created: 'c', contentHash: 'h2', source: EDIT.text };
    await db.put('versions', { ...v2, map: EDIT.map });
    const one = ann('e1', 'edited', { target: describeRange(index, 0, 8) });
    await db.put('annotationPages', { docId: 'edited', page: 0, annotations: [one] });
    await db.put('documents', meta('empty', '2026-02-03T00:00:00Z'));
    await db.put('texts', { id: 'empty', source: 'abc' });
    return list;
  });
}

describe('schema version 6 (drawing records, pages revision)', () => {
  it('keeps every record of a version-5 database; no record until one is written, then the next write drops it', async () => {
    const n = freshName();
    const before = await v5Database(n);
    const s = await LibraryStore.open({ name: n });
    expect(DB_VERSION).toBe(6);
    const byId = [...before].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(await s.listAnnotations('big')).toEqual(byId);
    expect((await s.getDocument('big'))?.annotationCount).toBe(700);
    expect((await s.listDocuments()).map((d) => d.id).sort()).toEqual(['big', 'edited', 'empty']);
    // The stale document still reads carried to version 2, and its stamp is version 2's.
    const edited = await s.listAnnotationsStamped('edited');
    expect(edited.annotations.map((a) => a.target.quote.exact)).toEqual(['Première']);
    expect(edited.annotations[0].target.position?.start).toBe(7);
    expect(edited.stamp).toEqual({ rev: '', version: 2 });
    for (const id of ['big', 'edited', 'empty']) {
      expect(await s.getDrawRecord(id)).toBeUndefined();
      expect((await s.getDocument(id))?.pagesRev).toBeUndefined();
    }
    // Pages from v5 have no revision yet: a record stamped '' holds until the first write.
    const read = await s.listAnnotationsStamped('big');
    expect(read.stamp).toEqual({ rev: '', version: 1 });
    expect(await s.putDrawRecord(packDrawRecord('big', read.stamp!, 700, []))).toBe(true);
    expect((await s.getDrawRecord('big'))?.total).toBe(700);
    await s.applyChanges('big', { delete: [byId[0].id] });
    expect(await s.getDrawRecord('big')).toBeUndefined();
    expect((await s.getDocument('big'))?.pagesRev).toEqual(expect.any(String));
    expect((await s.listAnnotations('big')).length).toBe(699);
    s.close();
    const raw = await openDB<MarginaliaDB>(n);
    expect(raw.version).toBe(6);
    expect(await raw.count('annotationPages')).toBe(4 + 1);
    raw.close();
  });
});
