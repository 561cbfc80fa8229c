import { describe, it, expect, vi } from 'vitest';
import { serializeCollection } from '../model/w3c';
import { LibraryState } from './library.svelte';
import { TransferState } from './transfer.svelte';
import { BackupRestore } from './backup-restore';
import { on, openReader, testEnv } from './test-reader';

describe('TransferState: an import reaches the open document as one batch', () => {
  it('applies what was imported, without re-reading the document', async () => {
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
    // Another reader's file for this document: one annotation the document lacks.
    const theirs = { ...on(r.id, 'lazy dog', 'b', 'Ana'), note: 'see' };
    const json = serializeCollection(r.doc.meta!, [theirs], r.doc.tags, {
      generatedAt: new Date('2026-03-01T00:00:00Z'),
    });
    const list = vi.spyOn(r.store, 'listAnnotations');
    const done = transfer.importFiles([new File([JSON.stringify(json)], 'ana.json')]);
    await vi.waitFor(() => expect(transfer.pending?.kind).toBe('plan'));
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
