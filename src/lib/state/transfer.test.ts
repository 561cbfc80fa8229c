import { describe, it, expect, vi, afterEach } from 'vitest';
import { serializeCollection } from '../model/w3c';
import { LibraryState } from './library.svelte';
import { LARGE_IMPORT_BYTES, TransferState } from './transfer.svelte';
import { BackupRestore } from './backup-restore';
import { on, openReader, testEnv } from './test-reader';
import { ImportWorker } from '../workers/import-client';
import { stubImportWorker } from '../workers/import-worker.fixtures';

/** A reader with one annotation, and the import owner wired as in AppState. */
async function setUp() {
  const r = await openReader((d) => [on(d, 'quick', 'a')]);
  const env = testEnv();
  const library = new LibraryState(r.store, r.notices, env);
  await library.refresh();
  const transfer = new TransferState(
    r.store,
    r.doc,
    library,
    r.notices,
    env,
    new BackupRestore(r.store, r.doc, library, r.notices, env),
    async () => {},
  );
  return { r, transfer };
}

/** Another reader's file of `n` annotations for the open document. */
function theirFile(r: Awaited<ReturnType<typeof openReader>>, n: number): File {
  const list = Array.from({ length: n }, (_, i) => ({ ...on(r.id, 'lazy dog', `b${i}`, 'Ana') }));
  const json = serializeCollection(r.doc.meta!, list, r.doc.tags, {
    generatedAt: new Date('2026-03-01T00:00:00Z'),
  });
  return new File([JSON.stringify(json)], 'ana.json');
}

describe('TransferState: an import reaches the open document as one batch', () => {
  it('applies what was imported, without re-reading the document', async () => {
    const { r, transfer } = await setUp();
    // Another reader's file for this document: one annotation the document lacks.
    const theirs = { ...on(r.id, 'lazy dog', 'b', 'Ana'), note: 'see' };
    const json = serializeCollection(r.doc.meta!, [theirs], r.doc.tags, {
      generatedAt: new Date('2026-03-01T00:00:00Z'),
    });
    const list = vi.spyOn(r.store, 'listAnnotations');
    const done = transfer.importFiles([new File([JSON.stringify(json)], 'ana.json')]);
    await vi.waitFor(() => expect(transfer.pending?.kind).toBe('plan'), { timeout: 30_000 });
    const reads = list.mock.calls.length;
    expect(await transfer.confirm()).toBe(true);
    await done;
    expect(list.mock.calls.length).toBe(reads);
    expect(r.applied).toHaveBeenCalledTimes(1);
    expect(r.doc.annotations.map((a) => [a.creator, a.note]).sort()).toEqual([
      ['Ana', 'see'],
      ['Me', ''],
    ]);
    expect(r.doc.anchors.get(r.doc.annotations[1].id)).toMatchObject({ status: 'exact' });
    expect(r.doc.meta?.annotationCount).toBe(2);
  });
});

describe('TransferState: progress of a large file', () => {
  it('is gone once the report or the choice of document is shown', async () => {
    const { r, transfer } = await setUp();
    const file = theirFile(r, 1500);
    expect(file.size).toBeGreaterThan(LARGE_IMPORT_BYTES);
    const done = transfer.importFiles([file]);
    await vi.waitFor(() => expect(transfer.pending?.kind).toBe('plan'), { timeout: 30_000 });
    expect(transfer.progress).toBeNull();
    transfer.cancel();
    await done;
  });
});

describe('TransferState: cancelling an import', () => {
  it('while the file is read and planned: nothing is planned or written', async () => {
    const { r, transfer } = await setUp();
    const done = transfer.importFiles([theirFile(r, 50)]);
    transfer.cancelWork();
    await done;
    expect(transfer.pending).toBeNull();
    expect(transfer.progress).toBeNull();
    expect(r.notices.announcement).toMatch(/cancelled: nothing was imported/);
    expect(r.doc.annotations).toHaveLength(1);
    expect(await r.store.listAnnotations(r.id)).toHaveLength(1);
  });

  it('while it is saved, after some pages were written: nothing is written, nothing shown', async () => {
    const { r, transfer } = await setUp();
    const tags = r.doc.tags;
    const done = transfer.importFiles([theirFile(r, 1500)]);
    await vi.waitFor(() => expect(transfer.pending?.kind).toBe('plan'), { timeout: 30_000 });
    // Cancel as soon as the first page is written (the progress bar shows it).
    const write = r.store.applyChanges.bind(r.store);
    const pages: number[] = [];
    vi.spyOn(r.store, 'applyChanges').mockImplementation((docId, change, opts = {}) =>
      write(docId, change, {
        ...opts,
        onProgress: (d, t) => {
          opts.onProgress?.(d, t);
          pages.push(transfer.progress?.done ?? -1);
          if (d === 1) transfer.cancelWork();
        },
      }),
    );
    expect(await transfer.confirm()).toBe(false);
    await done;
    expect(pages[0]).toBe(1);
    expect(transfer.pending).toBeNull();
    expect(r.notices.announcement).toMatch(/cancelled: nothing was imported/);
    // Applied while it was written (OpenDocument.commitAlongside), then rolled back to what is
    // stored.
    expect(r.applied).toHaveBeenCalled();
    expect(r.doc.annotations).toEqual(await r.store.listAnnotations(r.id));
    expect(r.doc.annotations).toHaveLength(1);
    expect(r.doc.tags).toEqual(tags);
    expect(r.doc.meta?.annotationCount).toBe(1);
    expect(r.doc.saving).toBe(0);
    expect(await r.store.listAnnotations(r.id)).toHaveLength(1);
    expect((await r.store.getDocument(r.id))?.annotationCount).toBe(1);
  });
});

describe('TransferState: the import is written from the import worker', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the page puts no page; it applies, tells other tabs once committed, and shows it saved', async () => {
    stubImportWorker(testEnv());
    const { r, transfer } = await setUp();
    const done = transfer.importFiles([theirFile(r, 600)]);
    await vi.waitFor(() => expect(transfer.pending?.kind).toBe('plan'), { timeout: 30_000 });
    const pageWrites = vi.spyOn(r.store, 'applyChanges');
    const announce = vi.spyOn(r.store, 'announce');
    expect(await transfer.confirm()).toBe(true);
    await done;
    expect(pageWrites).not.toHaveBeenCalled();
    expect(announce).toHaveBeenCalledTimes(1);
    expect(announce.mock.calls[0][1].put).toHaveLength(600);
    expect(r.notices.announcement).toMatch(/^Imported into/);
    const byId = (list: readonly { id: string }[]) =>
      [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(r.doc.annotations)).toEqual(byId(await r.store.listAnnotations(r.id)));
    expect(r.doc.annotations).toHaveLength(601);
    expect((await r.store.getDocument(r.id))?.annotationCount).toBe(601);
    expect(r.doc.meta?.annotationCount).toBe(601);
    expect(r.doc.saving).toBe(0);
  });

  it('cancelled while the worker writes: nothing is written, nothing shown', async () => {
    stubImportWorker(testEnv());
    const { r, transfer } = await setUp();
    const done = transfer.importFiles([theirFile(r, 1500)]);
    await vi.waitFor(() => expect(transfer.pending?.kind).toBe('plan'), { timeout: 30_000 });
    const write = ImportWorker.prototype.write;
    vi.spyOn(ImportWorker.prototype, 'write').mockImplementation(function (
      this: ImportWorker,
      plan,
      dbName,
      docId,
      tagSet,
      opts = {},
    ) {
      const onProgress = (d: number, t: number) => {
        opts.onProgress?.(d, t);
        if (d === 1) transfer.cancelWork();
      };
      return write.call(this, plan, dbName, docId, tagSet, { ...opts, onProgress });
    });
    const announce = vi.spyOn(r.store, 'announce');
    expect(await transfer.confirm()).toBe(false);
    await done;
    expect(r.notices.announcement).toMatch(/cancelled: nothing was imported/);
    expect(announce).not.toHaveBeenCalled();
    expect(r.doc.annotations).toEqual(await r.store.listAnnotations(r.id));
    expect(r.doc.annotations).toHaveLength(1);
    expect((await r.store.getDocument(r.id))?.annotationCount).toBe(1);
    expect(r.doc.saving).toBe(0);
  });
});
