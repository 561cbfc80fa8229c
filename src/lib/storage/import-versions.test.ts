import { describe, expect, it } from 'vitest';
import { LibraryStore } from './library-store';
import type { TextVersion } from '../model/types';
import { freshName, meta, tags } from './test-fixtures';

const versions: TextVersion[] = [
  { docId: 'd', n: 1, created: '2026-11-01T00:00:00Z', contentHash: 'h1', source: 'ab' },
  {
    docId: 'd',
    n: 2,
    created: '2026-11-02T00:00:00Z',
    contentHash: 'h2',
    source: 'abc',
    map: [[2, 0, 1]],
  },
];

describe('text versions in a batch (a restored backup)', () => {
  it('writes them with the document, and a backup reads them back', async () => {
    const s = await LibraryStore.open({ name: freshName() });
    await s.importBatch({
      documents: [
        {
          meta: meta('d', '2026-11-02T00:00:00Z', { version: 2, contentHash: 'h2' }),
          text: { id: 'd', source: 'abc' },
          tagSet: tags('d'),
          versions,
        },
      ],
    });
    expect(await s.listVersions('d')).toEqual(versions);
    const [snap] = await s.exportAll();
    expect(snap.versions).toEqual(versions);
    expect(snap.meta.version).toBe(2);
    s.close();
  });

  it('writes nothing when a version names another document', async () => {
    const s = await LibraryStore.open({ name: freshName() });
    const batch = {
      documents: [
        {
          meta: meta('d', '2026-11-02T00:00:00Z'),
          text: { id: 'd', source: 'abc' },
          tagSet: tags('d'),
          versions: [{ ...versions[0], docId: 'e' }],
        },
      ],
    };
    await expect(s.importBatch(batch)).rejects.toBeTruthy();
    expect(await s.listDocuments()).toEqual([]);
    expect(await s.listVersions('e')).toEqual([]);
    s.close();
  });
});
