import { describe, it, expect, vi } from 'vitest';
import { LibraryStore } from '../storage/library-store';
import { ChangeFeed } from '../storage/change-feed';
import { on, openReader } from './test-reader';
import { STEP_AT } from './document-parts';

describe('OpenDocument: one path for every change', () => {
  it('opens a stored document with its annotations anchored', async () => {
    const { doc } = await openReader((d) => [on(d, 'lazy dog', 'a'), on(d, 'quick', 'b')]);
    expect(doc.meta?.id).toBe('doc');
    expect(doc.placed.map((p) => p.a.id)).toEqual(['b', 'a']);
    expect(doc.anchors.get('b')).toMatchObject({ start: 4, end: 9, status: 'exact' });
    expect(doc.tags.map((t) => t.name)).toEqual(['Claim']);
  });

  it('opens with a prefetched read once; a change message for that document drops it', async () => {
    const { doc, store, id } = await openReader((d) => [on(d, 'quick', 'a')]);
    const list = vi.spyOn(store, 'listAnnotationsStamped');
    doc.close();
    doc.prefetch(id);
    expect(await doc.open(id)).toBe(true);
    await doc.whenApplied();
    expect(list).toHaveBeenCalledTimes(1);
    expect(doc.annotations.map((a) => a.id)).toEqual(['a']);
    // Used once: the next open reads again.
    await doc.open(id);
    await doc.whenApplied();
    expect(list).toHaveBeenCalledTimes(2);
    // A prefetch older than a change (another tab wrote after the read began) is never shown.
    doc.close();
    doc.prefetch(id);
    await store.applyChanges(id, { put: [on(id, 'lazy dog', 'b')] });
    await doc.receive({ kind: 'annotations', docId: id, put: ['b'], deleted: [], origin: 'x' });
    await doc.open(id);
    await doc.whenApplied();
    expect(list).toHaveBeenCalledTimes(4);
    expect(doc.annotations.map((a) => a.id).sort()).toEqual(['a', 'b']);
    // A prefetch of another document is not used for this one.
    doc.prefetch('other');
    await doc.open(id);
    await doc.whenApplied();
    expect(list).toHaveBeenCalledTimes(6);
  });

  it('prefetches the meta, text and tags before the annotations; a library change drops it', async () => {
    const { doc, store, id } = await openReader((d) => [on(d, 'quick', 'a')]);
    const text = vi.spyOn(store, 'getText');
    const list = vi.spyOn(store, 'listAnnotationsStamped');
    doc.close();
    doc.prefetch(id);
    // Asked first, so IndexedDB answers them before the (large) pages (asked once the meta
    // and drawing record say they are needed: none was written yet here).
    await vi.waitFor(() => expect(list).toHaveBeenCalled());
    expect(text.mock.invocationCallOrder[0]).toBeLessThan(list.mock.invocationCallOrder[0]);
    // Another tab renamed it after the prefetch began: the stale meta is never shown.
    await store.updateDocument(id, { title: 'Renamed elsewhere' });
    await doc.receive({ kind: 'documents', origin: 'x' });
    await doc.open(id);
    await doc.whenApplied();
    expect(doc.meta?.title).toBe('Renamed elsewhere');
    expect(text).toHaveBeenCalledTimes(2);
    expect(doc.annotations.map((a) => a.id)).toEqual(['a']);
  });

  it('commits a batch once: stored, applied once, anchors updated only for the ids it touches', async () => {
    const { doc, store, id, applied } = await openReader((d) => [
      on(d, 'quick', 'a'),
      on(d, 'lazy dog', 'b'),
    ]);
    const untouched = doc.anchors.get('a');
    const deleted = doc.anchors.get('b');
    const c = on(id, 'second sentence', 'c');
    await doc.commit({ put: [c], delete: ['b'] });
    expect(applied).toHaveBeenCalledTimes(1);
    expect(applied.mock.calls[0][0]).toMatchObject({ put: [c], delete: ['b'] });
    // Not re-anchored: the very same anchor object as before.
    expect(doc.anchors.get('a')).toBe(untouched);
    expect(deleted).toBeDefined();
    expect(doc.anchors.has('b')).toBe(false);
    expect(doc.anchors.get('c')).toMatchObject({ status: 'exact' });
    expect(doc.annotations.map((a) => a.id).sort()).toEqual(['a', 'c']);
    expect(doc.meta?.annotationCount).toBe(2);
    expect((await store.listAnnotations(id)).map((a) => a.id).sort()).toEqual(['a', 'c']);
  });

  it('applies a batch by its contract: an id put and deleted ends up put; the last put wins', async () => {
    const { doc, id } = await openReader((d) => [on(d, 'quick', 'a')]);
    const first = on(id, 'brown', 'x');
    const last = { ...on(id, 'fox', 'x'), note: 'last' };
    doc.apply({ put: [first, last], delete: ['x', 'a'] });
    expect(doc.annotations.map((a) => [a.id, a.note])).toEqual([['x', 'last']]);
    expect(doc.anchors.get('x')).toMatchObject({ start: 16, end: 19 });
  });

  it('applies a large batch in parts, each consistent, and a batch given meanwhile after it', async () => {
    const { doc, id, applied } = await openReader((d) => [on(d, 'quick', 'a')]);
    const big = Array.from({ length: STEP_AT * 3 }, (_, i) => on(id, 'brown fox', `n${i}`));
    const seen: number[] = [];
    doc.observe(() => {
      // After every part the list, the anchors and the text-order index agree.
      expect(doc.placedIndex.size).toBe(doc.count);
      expect(doc.anchors.size).toBe(doc.count);
      seen.push(doc.count);
    });
    const first = doc.apply({ put: big, delete: ['a'] });
    const second = doc.apply({ delete: ['n0'] });
    // Nothing is applied before the batch has been anchored.
    expect(doc.count).toBe(1);
    await Promise.all([first, second]);
    expect(doc.count).toBe(STEP_AT * 3 - 1);
    expect(doc.get('n0')).toBeUndefined();
    expect(seen.length).toBeGreaterThan(2);
    expect(applied.mock.calls.at(-1)?.[0]).toMatchObject({ delete: ['n0'] });
    await doc.whenApplied();
  });

  it('leaves state untouched when the write fails', async () => {
    const { doc, store, id, applied } = await openReader((d) => [on(d, 'quick', 'a')]);
    vi.spyOn(store, 'applyChanges').mockRejectedValueOnce(new Error('disk full'));
    await expect(doc.commit({ delete: ['a'] })).rejects.toThrow('disk full');
    expect(applied).not.toHaveBeenCalled();
    expect(doc.annotations.map((a) => a.id)).toEqual(['a']);
    expect(doc.saving).toBe(0);
    expect(id).toBe('doc');
  });

  it('names a wrapper of applyChanges that drops its result, applying nothing', async () => {
    const { doc, store, applied } = await openReader((d) => [on(d, 'quick', 'a')]);
    const write = store.applyChanges.bind(store);
    // As a timing wrapper that forgets `return` (the bench's edit save, once).
    vi.spyOn(store, 'applyChanges').mockImplementationOnce(async (...a) => {
      await write(...a);
      return undefined as never;
    });
    await expect(doc.commit({ delete: ['a'] })).rejects.toThrow(
      'applyChanges returned no revisions: a wrapper dropped its result',
    );
    expect(applied).not.toHaveBeenCalled();
    expect(doc.saving).toBe(0);
  });

  it("applies another tab's message as a batch, reading only the records it names", async () => {
    const { doc, store, name, id, applied } = await openReader((d) => [
      on(d, 'quick', 'a'),
      on(d, 'lazy dog', 'b'),
    ]);
    // Another tab: its own connection to the same database.
    const other = await LibraryStore.open({ name });
    const c = on(id, 'second sentence', 'c');
    await other.applyChanges(id, { put: [c], delete: ['b'] });
    const untouched = doc.anchors.get('a');
    const list = vi.spyOn(store, 'listAnnotationsStamped');
    const get = vi.spyOn(store, 'getAnnotations');
    await doc.receive({ kind: 'annotations', docId: id, put: ['c'], deleted: ['b'], origin: 'x' });
    expect(list).not.toHaveBeenCalled();
    expect(get).toHaveBeenCalledWith(id, ['c']);
    expect(applied).toHaveBeenCalledTimes(1);
    expect(doc.annotations.map((a) => a.id).sort()).toEqual(['a', 'c']);
    expect(doc.anchors.get('a')).toBe(untouched);
    expect(doc.meta?.annotationCount).toBe(2);
    other.close();
  });

  it('treats a record named as put but deleted since as deleted, and ignores other documents', async () => {
    const { doc, name, id } = await openReader((d) => [on(d, 'quick', 'a')]);
    const other = await LibraryStore.open({ name });
    await other.applyChanges(id, { delete: ['a'] });
    await doc.receive({
      kind: 'annotations',
      docId: 'elsewhere',
      put: [],
      deleted: ['a'],
      origin: 'x',
    });
    expect(doc.annotations.map((a) => a.id)).toEqual(['a']);
    await doc.receive({ kind: 'annotations', docId: id, put: ['a'], deleted: [], origin: 'x' });
    expect(doc.annotations).toEqual([]);
    other.close();
  });

  it("takes another tab's tag set as a batch", async () => {
    const { doc, name, id, applied } = await openReader();
    const other = await LibraryStore.open({ name });
    const tags = [{ id: 't2', name: 'Evidence', color: 'green' as const }];
    await other.applyChanges(id, { tagSet: { docId: id, tags } });
    await doc.receive({ kind: 'tags', docId: id, origin: 'x' });
    expect(doc.tags).toEqual(tags);
    expect(applied).toHaveBeenCalledTimes(1);
    other.close();
  });

  it("another tab's import arrives through the change feed naming the ids it put", async () => {
    const { doc, name, id } = await openReader((d) => [on(d, 'quick', 'a')]);
    const channel = `test-${name}`;
    const here = new ChangeFeed(channel);
    const got: Promise<void>[] = [];
    here.subscribe((msg) => {
      if (msg.kind !== 'documents') got.push(doc.receive(msg));
    });
    const other = await LibraryStore.open({ name, feed: new ChangeFeed(channel) });
    await other.importBatch({ annotations: [on(id, 'lazy dog', 'b', 'Ana')] });
    await vi.waitFor(async () => {
      await Promise.all(got);
      expect(doc.annotations.map((a) => a.id).sort()).toEqual(['a', 'b']);
    });
    other.close();
    here.close();
  });
});
