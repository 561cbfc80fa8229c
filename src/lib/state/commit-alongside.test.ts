import { describe, it, expect, vi } from 'vitest';
import { on, openReader } from './test-reader';
import type { Annotation } from '../model/types';

describe('OpenDocument.commitAlongside (a large import written while it is applied)', () => {
  /** A batch replacing "a" and adding 300 (a large batch, applied in parts) and a tag. */
  const batch = (id: string, a: Annotation) => ({
    put: [
      { ...a, note: 'changed' },
      ...Array.from({ length: 300 }, (_, i) => on(id, 'lazy dog', `n${i}`, 'Ana')),
    ],
    tagSet: { docId: id, tags: [{ id: 'tn', name: 'New', color: 'green' as const }] },
  });

  /** A write that waits for `fail` or `pass` (the test decides when the commit ends). */
  function heldWrite(commit: () => Promise<unknown> = async () => {}) {
    const ctl = { fail: (_e: Error) => {}, pass: () => {}, started: false };
    const write = () =>
      new Promise<void>((resolve, reject) => {
        ctl.started = true;
        ctl.fail = reject;
        ctl.pass = () => void commit().then(() => resolve(), reject);
      });
    return { ctl, write };
  }

  it('applies once the pages are put, before the commit, and resolves once committed', async () => {
    const { doc, id, store } = await openReader((d) => [on(d, 'quick', 'a')]);
    const change = batch(id, doc.annotations[0]);
    const { ctl, write } = heldWrite(() => store.applyChanges(id, change));
    let putAll = () => {};
    const put = new Promise<void>((resolve) => (putAll = resolve));
    let done = false;
    const commit = doc.commitAlongside(change, write, put).then(() => (done = true));
    expect(ctl.started).toBe(true);
    // Nothing applied while the page still puts pages (its thread's part of the write).
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(doc.annotations).toHaveLength(1);
    putAll();
    // Applied whole before the commit; "Saving…" meanwhile; not resolved.
    await vi.waitFor(() => expect(doc.annotations).toHaveLength(301));
    expect(await store.listAnnotations(id)).toHaveLength(1);
    expect(doc.saving).toBe(1);
    expect(done).toBe(false);
    ctl.pass();
    await commit;
    expect(doc.tags.map((t) => t.name)).toEqual(['New']);
    expect(doc.saving).toBe(0);
    expect(await store.listAnnotations(id)).toHaveLength(301);
  });

  it('a write failing after some parts were applied: the page shows what is stored, and it throws', async () => {
    const { doc, id, applied, store } = await openReader((d) => [on(d, 'quick', 'a')]);
    const [before, tags, count] = [doc.annotations, doc.tags, doc.meta?.annotationCount];
    const { ctl, write } = heldWrite();
    // The disk fails once the first part is applied (the rest still to come).
    applied.mockImplementationOnce(() => ctl.fail(new Error('disk failed')));
    const commit = doc.commitAlongside(batch(id, before[0]), write, Promise.resolve());
    await expect(commit).rejects.toThrow('disk failed');
    expect(applied.mock.calls.length).toBeGreaterThan(1);
    expect(doc.annotations).toEqual(await store.listAnnotations(id));
    expect(doc.annotations).toEqual(before);
    expect(doc.tags).toEqual(tags);
    expect(doc.meta?.annotationCount).toBe(count);
    expect(doc.saving).toBe(0);
    // Later batches go on as before.
    await doc.commit({ put: [{ ...before[0], note: 'later' }] });
    expect(doc.annotations[0].note).toBe('later');
  });

  it('a batch given meanwhile is applied after the write, and kept when the write fails', async () => {
    const { doc, id, store } = await openReader((d) => [on(d, 'quick', 'a')]);
    const { ctl, write } = heldWrite();
    const commit = doc.commitAlongside(batch(id, doc.annotations[0]), write, Promise.resolve());
    // Another tab's annotation arrives while the import is written.
    const theirs = on(id, 'brown', 'theirs', 'Bo');
    await store.applyChanges(id, { put: [theirs] });
    const received = doc.receive({
      kind: 'annotations',
      docId: id,
      put: ['theirs'],
      deleted: [],
      origin: 'x',
    });
    await vi.waitFor(() => expect(doc.annotations).toHaveLength(301));
    expect(doc.annotations.some((a) => a.id === 'theirs')).toBe(false);
    ctl.fail(new Error('quota'));
    await expect(commit).rejects.toThrow('quota');
    await received;
    await doc.whenApplied();
    const byId = (list: readonly Annotation[]) => [...list].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId(doc.annotations)).toEqual(await store.listAnnotations(id));
    expect(byId(doc.annotations).map((a) => a.id)).toEqual(['a', 'theirs']);
  });
});
