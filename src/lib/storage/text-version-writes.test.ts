import { describe, expect, it } from 'vitest';
import { LibraryStore } from './library-store';
import type { Annotation, TextVersion } from '../model/types';
import { ann, freshName, meta, tags, withoutId } from './test-fixtures';

const V1 = 'abc def';
const V2 = 'xx abc def';
const version2: TextVersion = {
  docId: 'd',
  n: 2,
  created: '2026-03-01T00:00:00Z',
  contentHash: 'h2',
  source: V2,
  map: [[0, 0, 3]],
};
/** 600 annotations (4 pages), each moved by the edit as a save carries them. */
const many = Array.from({ length: 600 }, (_, i) => ann(`a${String(i).padStart(3, '0')}`, 'd'));
const moved = (list: Annotation[]) =>
  list.map((a) => ({
    ...a,
    target: { ...a.target, position: { ...a.target.position, start: 3, end: 6 } },
  }));

async function library(): Promise<LibraryStore> {
  const s = await LibraryStore.open({ name: freshName() });
  await s.addDocument(meta('d'), { id: 'd', source: V1 }, tags('d'), many);
  return s;
}

/** Everything a failed save must leave exactly as it was. */
async function unchanged(s: LibraryStore): Promise<void> {
  expect(await s.listVersions('d')).toEqual([]);
  expect((await s.getText('d'))?.source).toBe(V1);
  const m = await s.getDocument('d');
  expect([m?.version, m?.contentHash, m?.annotationCount]).toEqual([undefined, 'h-d', 600]);
  expect(await s.listAnnotations('d')).toEqual(many);
}

describe('saving a text version: all or nothing (issue 16)', () => {
  it('a save that fails while writing its annotations leaves the old text, versions and annotations', async () => {
    const s = await library();
    const put = moved(many);
    put[599] = withoutId(put[599]);
    await expect(
      s.applyChanges('d', { put, text: { base: 1, version: version2 } }),
    ).rejects.toBeTruthy();
    await unchanged(s);
    s.close();
  });

  it('a save aborted after its first page was written leaves everything as it was', async () => {
    const s = await library();
    const stop = new AbortController();
    await expect(
      s.applyChanges(
        'd',
        { put: moved(many), text: { base: 1, version: version2 } },
        { signal: stop.signal, onProgress: () => stop.abort() },
      ),
    ).rejects.toBeTruthy();
    await unchanged(s);
    // The same save, not aborted, stores both versions, the text and every moved annotation.
    await s.applyChanges('d', { put: moved(many), text: { base: 1, version: version2 } });
    expect((await s.listVersions('d')).map((v) => v.source)).toEqual([V1, V2]);
    expect((await s.listAnnotations('d')).every((a) => a.target.position.start === 3)).toBe(true);
    s.close();
  });

  it('undoing the deletion of an edited document brings back its versions', async () => {
    const s = await library();
    await s.applyChanges('d', { put: moved(many), text: { base: 1, version: version2 } });
    const versions = await s.listVersions('d');
    expect(versions).toHaveLength(2);
    const snap = await s.deleteDocument('d');
    expect(snap?.versions).toEqual(versions);
    expect(await s.listVersions('d')).toEqual([]);
    await s.restoreDocument(snap!);
    expect(await s.listVersions('d')).toEqual(versions);
    expect((await s.getText('d'))?.source).toBe(V2);
    expect((await s.getDocument('d'))?.version).toBe(2);
    expect(await s.listAnnotations('d')).toEqual(moved(many));
    // A document never edited has no versions to bring back, and its undo writes none.
    await s.addDocument(meta('e'), { id: 'e', source: V1 }, tags('e'));
    const plain = await s.deleteDocument('e');
    expect(plain?.versions).toBeUndefined();
    await s.restoreDocument(plain!);
    expect(await s.listVersions('e')).toEqual([]);
    s.close();
  });
});
