import { describe, expect, it } from 'vitest';
import { LibraryStore } from './library-store';
import { layOut, pageCountFor } from './pages';
import type { Annotation, TextVersion } from '../model/types';
import { ann, freshName, meta, tags } from './test-fixtures';
import { oldDatabase } from './raw-db.fixtures';

const SOURCE = 'Première ligne — « ça ».\n\nSecond paragraph 😀 with words.\n';

/** A genuine version-3 database, as the v3 code wrote it (frozen v1–v3 steps; annotations in
 * pages), with a document that has a packet record, notes and non-ASCII text. */
function v3Database(name: string): Promise<Annotation[]> {
  return oldDatabase(name, 3, async (db) => {
    const list = Array.from({ length: 300 }, (_, i) =>
      ann(`urn:uuid:v3-${i}`, 'doc', { note: i % 3 ? '' : `note ${i} « é »`, tags: ['tag-0'] }),
    );
    await db.put(
      'documents',
      meta('doc', '2026-02-01T00:00:00Z', {
        annotationCount: list.length,
        packet: {
          id: 'p1',
          revision: 2,
          issued: '2026-01-01T00:00:00Z',
          author: 'T',
          instructions: '',
          role: 'student',
        },
      }),
    );
    await db.put('texts', { id: 'doc', source: SOURCE });
    await db.put('tagSets', tags('doc', ['Claim']));
    for (const page of layOut('doc', list, pageCountFor(list.length)))
      await db.put('annotationPages', page);
    return list;
  });
}

describe('schema version 4 (text versions)', () => {
  it('keeps every record of a version-3 database and adds an empty versions store', async () => {
    const n = freshName();
    const before = await v3Database(n);
    const s = await LibraryStore.open({ name: n });
    const sorted = [...before].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(await s.listAnnotations('doc')).toEqual(sorted);
    expect((await s.getDocument('doc'))?.packet?.revision).toBe(2);
    expect((await s.getText('doc'))?.source).toBe(SOURCE);
    expect(await s.listVersions('doc')).toEqual([]);

    // A first edit stores version 1 (the text as it was) and version 2, text and meta together.
    const v = (k: number, source: string): TextVersion => ({
      docId: 'doc',
      n: k,
      created: '2026-03-01T00:00:00Z',
      contentHash: `h${k}`,
      source,
      ...(k > 1 ? { map: [[0, 0, 4]] } : {}),
    });
    const moved = { ...before[0], note: 'moved' };
    await s.applyChanges('doc', {
      put: [moved],
      text: { base: 1, version: v(2, 'New ' + SOURCE) },
    });
    const versions = await s.listVersions('doc');
    expect(versions.map((x) => [x.n, x.source])).toEqual([
      [1, SOURCE],
      [2, 'New ' + SOURCE],
    ]);
    expect((await s.getText('doc'))?.source).toBe('New ' + SOURCE);
    const m = await s.getDocument('doc');
    expect([m?.version, m?.contentHash, m?.annotationCount]).toEqual([2, 'h2', 300]);
    expect(m?.packet?.revision).toBe(2);

    // An edit begun on version 1 (another tab saved first) is refused whole.
    await expect(
      s.applyChanges('doc', {
        put: [{ ...moved, note: 'lost' }],
        text: { base: 1, version: v(2, 'x') },
      }),
    ).rejects.toThrow(/changed elsewhere/);
    expect((await s.getAnnotations('doc', [moved.id]))[0]?.note).toBe('moved');

    // Deleting the document deletes its versions.
    await s.deleteDocument('doc');
    expect(await s.listVersions('doc')).toEqual([]);
    s.close();
  });
});
