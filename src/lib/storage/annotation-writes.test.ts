import { describe, it, expect } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore, StorageError } from './library-store';
import type { MarginaliaDB } from './schema';
import { ann, freshName, meta, tags, text, withoutId } from './test-fixtures';

/** Annotation, tag-set and import writes (annotation-writes.ts) through LibraryStore. */

async function withDoc(id = 'd'): Promise<LibraryStore> {
  const s = await LibraryStore.open({ name: freshName() });
  await s.addDocument(meta(id), text(id), tags(id));
  return s;
}
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
