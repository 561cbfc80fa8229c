import { describe, expect, it } from 'vitest';
import { LibraryStore } from './library-store';
import { DB_VERSION } from './schema';
import { layOut, pageCountFor } from './pages';
import type { Annotation, TextVersion } from '../model/types';
import { applyReplaces, carryAnnotations } from '../model/text-edit';
import { describeRange } from '../model/selectors';
import { TextIndex } from '../model/text-index';
import { ann, freshName, meta, tags } from './test-fixtures';
import { oldDatabase } from './raw-db.fixtures';

const V1 = 'Première ligne — « ça ».\n\nSecond paragraph 😀 with words.\n';
const EDIT = applyReplaces(V1, [{ start: 0, end: 0, text: 'Titre\n\n' }]);

const version = (n: number, source: string, map?: number[][]): TextVersion => ({
  docId: 'doc',
  n,
  created: `2026-0${n}-01T00:00:00Z`,
  contentHash: `h${n}`,
  source,
  ...(map ? { map } : {}),
});

/** A genuine version-4 database, as the v4 code wrote it (frozen v1–v4 steps): a document
 * edited once (versions 1 and 2 whole, the text record holding version 2, every moved
 * annotation rewritten on version 2's text), and a document never edited. */
function v4Database(name: string): Promise<Annotation[]> {
  return oldDatabase(name, 4, async (db) => {
    const i2 = new TextIndex(EDIT.text);
    const words = ['ligne', 'ça', 'paragraph', '😀', 'words'];
    const list = Array.from({ length: 300 }, (_, i) => {
      const w = words[i % words.length];
      const start = i2.toCodePoint(EDIT.text.indexOf(w));
      return ann(`urn:uuid:v4-${String(i).padStart(3, '0')}`, 'doc', {
        target: describeRange(i2, start, start + [...w].length),
        note: i % 3 ? '' : `note ${i} « é »`,
      });
    });
    await db.put(
      'documents',
      meta('doc', '2026-02-01T00:00:00Z', {
        annotationCount: list.length,
        version: 2,
        contentHash: 'h2',
      }),
    );
    await db.put('texts', { id: 'doc', source: EDIT.text });
    await db.put('tagSets', tags('doc', ['Claim']));
    await db.put('versions', version(1, V1));
    await db.put('versions', version(2, EDIT.text, EDIT.map));
    for (const page of layOut('doc', list, pageCountFor(list.length)))
      await db.put('annotationPages', page);
    await db.put('documents', meta('plain', '2026-02-02T00:00:00Z', { annotationCount: 1 }));
    await db.put('texts', { id: 'plain', source: 'abc' });
    await db.put('annotationPages', { docId: 'plain', page: 0, annotations: [ann('p', 'plain')] });
    return list;
  });
}

describe('schema version 5 (pages that count in an older version)', () => {
  it('keeps every record of a version-4 database, and its next save leaves the pages to be carried', async () => {
    const n = freshName();
    const before = await v4Database(n);
    const s = await LibraryStore.open({ name: n });
    expect(DB_VERSION).toBe(6);
    expect(await s.listAnnotations('doc')).toEqual(before);
    expect(await s.listAnnotations('plain')).toEqual([ann('p', 'plain')]);
    expect((await s.listVersions('doc')).map((v) => [v.n, v.source])).toEqual([
      [1, V1],
      [2, EDIT.text],
    ]);
    const m = await s.getDocument('doc');
    expect([m?.version, m?.pagesAt, m?.annotationCount]).toEqual([2, undefined, 300]);
    expect((await s.getText('doc'))?.source).toBe(EDIT.text);

    // Version 3 saved the v5 way: no page written, every read carries version 2's pages.
    const e3 = applyReplaces(EDIT.text, [{ start: 7, end: 7, text: 'Une ' }]);
    const placed = before.map((a) => ({ a, ...a.target.position }));
    const { put } = carryAnnotations(new TextIndex(e3.text), e3.map, placed, 3);
    const v3 = version(3, e3.text, e3.map);
    await s.applyChanges('doc', { text: { base: 2, version: v3, carried: put } });
    expect((await s.getDocument('doc'))?.pagesAt).toBe(2);
    const after = before.map((a) => put.find((p) => p.id === a.id) ?? a);
    expect(await s.listAnnotations('doc')).toEqual(after);
    await s.catchUp('doc');
    expect((await s.getDocument('doc'))?.pagesAt).toBeUndefined();
    expect(await s.listAnnotations('doc')).toEqual(after);
    expect((await s.listVersions('doc')).map((v) => v.n)).toEqual([1, 2, 3]);
    s.close();
  });
});
