import { describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import type { MarginaliaDB } from '../storage/schema';
import type { LibraryStore } from '../storage/library-store';
import type { TextHighlight } from '../editor/reader-editor';
import { OpenDocument } from './document.svelte';
import { ReaderState } from './reader.svelte';
import { EditorSync } from './editor-sync.svelte';
import { Notices } from './notices.svelte';
import { fakeEditor, on, openReader } from './test-reader';

/** A reload: a second reader of the same library, its editor attached, recording what was
 * drawn when the document was first shown and whether the annotations were read by then. */
function reload(store: LibraryStore, whenShown?: (doc: OpenDocument) => void) {
  const shown: { loading: boolean; drawn: string[]; looks: string[] }[] = [];
  const filled = vi.fn();
  const o = {} as { sync: EditorSync };
  const doc = new OpenDocument(store, {
    opened: () => {
      o.sync.opened();
      const list = calls.setHighlights.mock.lastCall?.[0] ?? [];
      shown.push({
        loading: doc.loading,
        drawn: list.map((h: TextHighlight) => `${h.id}@${h.start}-${h.end}`),
        looks: list.map((h: TextHighlight) => JSON.stringify(h.look())),
      });
      whenShown?.(doc);
    },
    applied: (c) => o.sync.applied(c),
    filled,
  });
  const reader = new ReaderState(doc, () => o.sync.redraw());
  o.sync = new EditorSync(doc, reader, new Notices());
  const { editor, calls } = fakeEditor();
  o.sync.attach(editor);
  return { doc, shown, filled, calls };
}

const three = (d: string) => [
  { ...on(d, 'lazy dog', 'a'), tags: ['t1'], note: 'A note\nof two lines' },
  on(d, 'quick', 'b', 'Ana'),
  unplaced(d),
];

/** An annotation whose passage is nowhere in the text. */
function unplaced(d: string) {
  const a = on(d, 'quick', 'gone');
  const quote = { ...a.target.quote, exact: 'nowhere to be found, not even nearly' };
  const position = { ...a.target.position!, start: 60, end: 70 };
  return { ...a, target: { ...a.target, quote, position } };
}

/** The full path's drawing, for comparison. */
const drawnBy = async (store: LibraryStore, id: string) => {
  const r = reload(store);
  await r.doc.open(id);
  await r.doc.whenApplied();
  return r;
};

describe('reload from the drawing record (schema 6)', () => {
  it('writes the record after a full open; a reload draws from it first, the same highlights, then reads the rest', async () => {
    const { store, id } = await openReader(three);
    await vi.waitFor(async () => expect(await store.getDrawRecord(id)).toBeDefined());
    const r = reload(store);
    const list = vi.spyOn(store, 'listAnnotationsStamped');
    expect(await r.doc.open(id)).toBe(true);
    // Resolved once shown: the annotations are still read.
    expect(r.doc.loading).toBe(true);
    await r.doc.whenApplied();
    expect(r.shown).toEqual([
      {
        loading: true,
        drawn: ['b@4-9', 'a@35-43'],
        looks: expect.any(Array),
      },
    ]);
    expect(list).toHaveBeenCalledTimes(1);
    expect(r.doc.loading).toBe(false);
    expect(r.filled).toHaveBeenCalledWith(false);
    expect(r.doc.annotations.map((a) => a.id).sort()).toEqual(['a', 'b', 'gone']);
    expect(r.doc.anchors.get('gone')?.status).toBe('orphan');
    expect(r.doc.anchors.get('a')).toEqual({ status: 'exact', start: 35, end: 43 });
    // Exactly what the full read draws, looks included.
    await store.applyChanges(id, { tagSet: (await store.getTagSet(id))! }); // drops the record
    const full = await drawnBy(store, id);
    expect(full.shown[0].loading).toBe(false);
    expect(full.shown[0].drawn).toEqual(r.shown[0].drawn);
    expect(full.shown[0].looks).toEqual(r.shown[0].looks);
  });

  it('ignores a stale record: pages written after it mean the full read, and the record is written again', async () => {
    const { store, id, name } = await openReader(three);
    await vi.waitFor(async () => expect(await store.getDrawRecord(id)).toBeDefined());
    const old = (await store.getDrawRecord(id))!;
    await store.applyChanges(id, { put: [on(id, 'second sentence', 'c')], delete: ['b'] });
    expect(await store.getDrawRecord(id)).toBeUndefined();
    // Put back behind storage's back: its stamp no longer matches the meta.
    const raw = await openDB<MarginaliaDB>(name);
    await raw.put('drawRecords', old);
    raw.close();
    const r = reload(store);
    await r.doc.open(id);
    await r.doc.whenApplied();
    expect(r.shown[0].loading).toBe(false);
    expect(r.shown[0].drawn).toEqual(['a@35-43', 'c@47-62']);
    await vi.waitFor(async () => expect((await store.getDrawRecord(id))?.rev).not.toBe(old.rev));
    const again = reload(store);
    await again.doc.open(id);
    await again.doc.whenApplied();
    expect(again.shown[0]).toMatchObject({ loading: true, drawn: ['a@35-43', 'c@47-62'] });
  });

  it('while the annotations are read, a create and a delete wait for them and nothing is lost', async () => {
    const { store, id } = await openReader(three);
    await vi.waitFor(async () => expect(await store.getDrawRecord(id)).toBeDefined());
    let writes: Promise<void>[] = [];
    const r = reload(store, (doc) => {
      expect(doc.loading).toBe(true);
      writes = [
        doc.commit({ put: [on(id, 'second sentence', 'c')] }),
        doc.commit({ delete: ['a'] }),
      ];
    });
    await r.doc.open(id);
    await r.doc.whenApplied();
    expect(writes.length).toBe(2);
    await Promise.all(writes);
    expect(r.doc.loading).toBe(false);
    expect(r.doc.annotations.map((a) => a.id).sort()).toEqual(['b', 'c', 'gone']);
    expect(r.doc.anchors.get('c')).toMatchObject({ status: 'exact', start: 47, end: 62 });
    expect((await store.listAnnotations(id)).map((a) => a.id).sort()).toEqual(['b', 'c', 'gone']);
    expect(r.calls.updateHighlights).toHaveBeenCalled();
  });

  it('pages changed between the record and their read (another tab): anchored afresh and drawn again', async () => {
    const { store, id } = await openReader(three);
    await vi.waitFor(async () => expect(await store.getDrawRecord(id)).toBeDefined());
    const r = reload(store);
    const real = store.listAnnotationsStamped.bind(store);
    vi.spyOn(store, 'listAnnotationsStamped').mockImplementation(async (d) => {
      await store.applyChanges(d, { put: [on(d, 'brown', 'x')] });
      return real(d);
    });
    await r.doc.open(id);
    await r.doc.whenApplied();
    expect(r.shown[0].loading).toBe(true);
    expect(r.filled).toHaveBeenCalledWith(true);
    expect(r.doc.anchors.get('x')).toMatchObject({ status: 'exact', start: 10, end: 15 });
  });

  /** The stored record once it is fresh for the stored meta (the rewrite waits ~2 s). */
  const freshRecord = async (store: LibraryStore, id: string) => {
    let rec: Awaited<ReturnType<LibraryStore['getDrawRecord']>>;
    await vi.waitFor(
      async () => {
        const meta = await store.getDocument(id);
        rec = await store.getDrawRecord(id);
        expect(rec?.rev).toBe(meta?.pagesRev);
      },
      { timeout: 10_000, interval: 100 },
    );
    return rec!;
  };

  it('rewrites the record after a create, once idle; a reload then draws from it', async () => {
    const { doc, store, id } = await openReader(three);
    const first = await freshRecord(store, id);
    await doc.commit({ put: [on(id, 'second sentence', 'c')] });
    expect(await store.getDrawRecord(id)).toBeUndefined();
    const rec = await freshRecord(store, id);
    expect(rec.rev).not.toBe(first.rev);
    expect(rec.total).toBe(4);
    const r = reload(store);
    await r.doc.open(id);
    await r.doc.whenApplied();
    expect(r.shown[0]).toMatchObject({ loading: true, drawn: ['b@4-9', 'a@35-43', 'c@47-62'] });
    expect(r.filled).toHaveBeenCalledWith(false);
  }, 20_000);

  it('a write arriving during the rewrite makes it refused, never a wrong record', async () => {
    const { doc, store, id } = await openReader(three);
    await freshRecord(store, id);
    const real = store.putDrawRecord.bind(store);
    const put = vi.spyOn(store, 'putDrawRecord').mockImplementation(async (rec) => {
      // Another tab writes between the record's build and its transaction.
      await store.applyChanges(id, { put: [on(id, 'brown', 'x')] });
      return real(rec);
    });
    await doc.commit({ put: [on(id, 'second sentence', 'c')] });
    await vi.waitFor(() => expect(put).toHaveBeenCalled(), { timeout: 10_000, interval: 100 });
    expect(await put.mock.results[0].value).toBe(false);
    put.mockRestore();
    expect(await store.getDrawRecord(id)).toBeUndefined();
    // The reload reads the full way and shows the other tab's annotation too.
    const r = reload(store);
    await r.doc.open(id);
    await r.doc.whenApplied();
    expect(r.shown[0]).toMatchObject({ loading: false });
    expect(r.shown[0].drawn).toEqual(['b@4-9', 'x@10-15', 'a@35-43', 'c@47-62']);
  }, 20_000);
});
