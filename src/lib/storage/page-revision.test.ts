import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LibraryStore } from './library-store';
import { StoreConnection } from './store-connection';
import { applyChangesApart } from './page-writer';
import { ANNOTATION_PAGES, DOCUMENTS } from './schema';
import { packDrawRecord, stampOf, type DrawRecord } from './draw-record';
import { ann, freshName, meta, tags, text } from './test-fixtures';
import { applyReplaces } from '../model/text-edit';

/** Every writer of annotation pages gives the document a new pages revision and drops its
 * drawing record, in its own transaction (page-revision.ts). */

const record = (docId: string, m: { pagesRev?: string; version?: number }): DrawRecord =>
  packDrawRecord(docId, stampOf({ ...meta(docId), ...m }), 1, [
    {
      id: 'x',
      start: 0,
      end: 3,
      fuzzy: false,
      creator: 'Me',
      tags: [],
      note: '',
      prompt: false,
      reply: false,
    },
  ]);

async function library(): Promise<LibraryStore> {
  const s = await LibraryStore.open({ name: freshName() });
  await s.addDocument(meta('d'), text('d'), tags('d'), [ann('1', 'd'), ann('2', 'd')]);
  await s.addDocument(meta('e'), text('e'), tags('e'));
  return s;
}

/** Stores a fresh record for `id`, runs `write`, and returns what became of its revision and
 * record. */
async function across(s: LibraryStore, id: string, write: () => Promise<unknown>) {
  const before = (await s.getDocument(id))!;
  expect(await s.putDrawRecord(record(id, before))).toBe(true);
  expect(await s.getDrawRecord(id)).toBeDefined();
  await write();
  const after = await s.getDocument(id);
  return {
    bumped: after === undefined || after.pagesRev !== before.pagesRev,
    record: await s.getDrawRecord(id),
  };
}

describe('pages revision (schema 6)', () => {
  const writers: [string, (s: LibraryStore) => Promise<unknown>][] = [
    ['applyChanges: a put', (s) => s.applyChanges('d', { put: [ann('3', 'd')] })],
    ['applyChanges: an edit', (s) => s.applyChanges('d', { put: [ann('1', 'd', { note: 'n' })] })],
    ['applyChanges: a delete', (s) => s.applyChanges('d', { delete: ['2'] })],
    ['applyChanges: tags only', (s) => s.applyChanges('d', { tagSet: tags('d', ['T']) })],
    [
      'applyChanges: a text edit (carried, no page written)',
      (s) => {
        const e = applyReplaces('abc', [{ start: 0, end: 0, text: 'x' }]);
        const v = { docId: 'd', n: 2, created: 'c', contentHash: 'h2', source: e.text, map: e.map };
        return s.applyChanges('d', { text: { base: 1, version: v, carried: [] } });
      },
    ],
    [
      'applyChangesApart (the import worker, its own connection)',
      (s) => applyChangesApart(s.name, 'd', { put: [ann('3', 'd')] }),
    ],
    ['importBatch: annotations', (s) => s.importBatch({ annotations: [ann('9', 'd')] })],
    [
      'importBatch: a restored document',
      (s) =>
        s.importBatch({ documents: [{ meta: meta('d'), text: text('d'), tagSet: tags('d') }] }),
    ],
    ['addDocument', (s) => s.addDocument(meta('d'), text('d'), tags('d'), [ann('5', 'd')])],
    ['deleteDocument', (s) => s.deleteDocument('d')],
    [
      'restoreDocument (undo of a delete)',
      async (s) => s.restoreDocument((await s.deleteDocument('d'))!),
    ],
    ['repairCount', (s) => s.repairCount('d')],
  ];
  for (const [name, write] of writers)
    it(`${name} gives a new revision and drops the record`, async () => {
      const s = await library();
      const got = await across(s, 'd', () => write(s));
      expect(got).toEqual({ bumped: true, record: undefined });
      s.close();
    });

  it('catchUp (stale pages rewritten) gives a new revision and drops the record', async () => {
    const s = await library();
    const e = applyReplaces('abc', [{ start: 0, end: 0, text: 'x' }]);
    const v = { docId: 'd', n: 2, created: 'c', contentHash: 'h2', source: e.text, map: e.map };
    await s.applyChanges('d', { text: { base: 1, version: v, carried: [] } });
    expect((await s.getDocument('d'))?.pagesAt).toBe(1);
    const got = await across(s, 'd', () => s.catchUp('d'));
    expect(got).toEqual({ bumped: true, record: undefined });
    s.close();
  });

  it('catchUp resolves with its revision change; a write that needed one gives both, in order', async () => {
    const s = await library();
    const e = applyReplaces('abc', [{ start: 0, end: 0, text: 'x' }]);
    const v = { docId: 'd', n: 2, created: 'c', contentHash: 'h2', source: e.text, map: e.map };
    const saved = await s.applyChanges('d', { text: { base: 1, version: v, carried: [] } });
    const rev = async () => (await s.getDocument('d'))?.pagesRev;
    expect(saved).toEqual([{ docId: 'd', prev: expect.any(String), next: await rev() }]);
    const caught = await s.catchUp('d');
    expect(caught).toEqual([{ docId: 'd', prev: saved[0].next, next: await rev() }]);
    expect(await s.catchUp('d')).toEqual([]);
    // Stale again: the next annotation write catches up first, in its own transaction.
    const e3 = applyReplaces(e.text, [{ start: 0, end: 0, text: 'y' }]);
    const v3 = { ...v, n: 3, contentHash: 'h3', source: e3.text, map: e3.map };
    const again = await s.applyChanges('d', { text: { base: 2, version: v3, carried: [] } });
    const put = await s.applyChanges('d', { put: [ann('3', 'd')] });
    expect(put.map((r) => r.prev)).toEqual([again[0].next, put[0].next]);
    expect(put[1].next).toBe(await rev());
    s.close();
  });

  it("leaves other documents' revisions and records alone; a title change bumps nothing", async () => {
    const s = await library();
    const got = await across(s, 'e', async () => {
      await s.applyChanges('d', { put: [ann('3', 'd')] });
      await s.updateDocument('e', { title: 'E' });
    });
    expect(got.bumped).toBe(false);
    expect(got.record).toBeDefined();
    s.close();
  });

  it('a record computed before a write of the pages is refused after it', async () => {
    const s = await library();
    const read = await s.listAnnotationsStamped('d');
    expect(read.annotations.map((a) => a.id)).toEqual(['1', '2']);
    await s.applyChanges('d', { delete: ['1'] });
    const stale = packDrawRecord('d', read.stamp!, 2, []);
    expect(await s.putDrawRecord(stale)).toBe(false);
    expect(await s.getDrawRecord('d')).toBeUndefined();
    const now = await s.listAnnotationsStamped('d');
    expect(await s.putDrawRecord(packDrawRecord('d', now.stamp!, 1, []))).toBe(true);
    s.close();
  });

  it('the connection refuses a write of the pages outside writePages', async () => {
    const c = await StoreConnection.open({ name: freshName() });
    expect(() => c.write([DOCUMENTS, ANNOTATION_PAGES], () => undefined)).toThrow(/writePages/);
    c.close();
  });

  it('no source file reaches the pages store but the reads, the frozen migrations and writePages', () => {
    const root = join(__dirname, '..', '..');
    const allowed = new Set([
      'lib/storage/store-reads.ts', // read-only transactions
      'lib/storage/page-reader.ts', // read-only, in a worker
      'lib/storage/schema.ts', // upgrade steps
      'lib/storage/store-connection.ts', // writePages itself
    ]);
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|svelte)$/.test(f) && !/\.test\.ts$|fixtures\.ts$/.test(f)) {
          const src = readFileSync(p, 'utf8');
          const rel = relative(root, p).replaceAll('\\', '/');
          if (/objectStore\(\s*(ANNOTATION_PAGES|'annotationPages')/.test(src) && !allowed.has(rel))
            offenders.push(rel);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
