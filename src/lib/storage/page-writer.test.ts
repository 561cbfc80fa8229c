import { describe, it, expect, vi, afterEach } from 'vitest';
import { openDB } from 'idb';
import { LibraryStore } from './library-store';
import { StoreConnection } from './store-connection';
import { ChangeFeed, type ChangeMessage } from './change-feed';
import { applyChangesApart, NotOpenedApart } from './page-writer';
import { DB_VERSION } from './schema';
import { packDrawRecord, stampOf } from './draw-record';
import { ann, freshName, meta, settle, tags, text } from './test-fixtures';
import type { Annotation } from '../model/types';

afterEach(() => vi.restoreAllMocks());

/** A library whose document 'd' has 300 annotations and a drawing record, and an import-sized
 * change: 2,000 new annotations, one stored annotation updated, a new tag. */
async function setUp(feed?: ChangeFeed) {
  const name = freshName();
  const s = await LibraryStore.open({ name, feed });
  const before = Array.from({ length: 300 }, (_, i) => ann(`old-${i}`, 'd'));
  await s.addDocument(meta('d'), text('d'), tags('d', ['Claim']), before);
  const m = (await s.getDocument('d'))!;
  expect(await s.putDrawRecord(packDrawRecord('d', stampOf(m), 0, []))).toBe(true);
  const put: Annotation[] = Array.from({ length: 2000 }, (_, i) => ann(`new-${i}`, 'd'));
  put.push({ ...before[7], note: 'updated', modified: '2026-02-01T00:00:00Z' });
  return { s, name, change: { put, tagSet: tags('d', ['Claim', 'Imported']) } };
}

/** What is stored for document 'd', revision aside (a random token). */
async function stored(s: LibraryStore) {
  const { pagesRev, ...m } = (await s.getDocument('d'))!;
  return {
    annotations: await s.listAnnotations('d'),
    meta: m,
    rev: pagesRev,
    tags: await s.getTagSet('d'),
    record: await s.getDrawRecord('d'),
  };
}

describe('applyChangesApart (the import worker writing on its own connection)', () => {
  it('stores what LibraryStore.applyChanges stores, in one transaction of the same content', async () => {
    const page = await setUp();
    const apart = await setUp();
    const before = await stored(apart.s);
    const progress: number[] = [];
    const opened = vi.fn();
    const revPage = await page.s.applyChanges('d', page.change);
    const revApart = await applyChangesApart(apart.name, 'd', apart.change, {
      onOpened: opened,
      onProgress: (done) => progress.push(done),
    });
    const [a, b] = [await stored(page.s), await stored(apart.s)];
    expect({ ...b, rev: undefined }).toEqual({ ...a, rev: undefined });
    expect(b.annotations).toHaveLength(2300);
    expect(b.meta.annotationCount).toBe(2300);
    expect(b.record).toBeUndefined();
    // A new pages revision, returned as the page's write returns it.
    expect(b.rev).not.toBe(before.rev);
    expect(revApart).toEqual([{ docId: 'd', prev: before.rev, next: b.rev }]);
    expect(revPage).toHaveLength(1);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(progress.at(-1)).toBe(16);
    // The page's store keeps working on its own connection.
    await apart.s.applyChanges('d', { delete: ['new-1'] });
    expect((await apart.s.getDocument('d'))?.annotationCount).toBe(2299);
    page.s.close();
    apart.s.close();
  });

  it('tells no tab itself; the page announces the same messages as its own write', async () => {
    const channel = `feed-${crypto.randomUUID()}`;
    const listen = new ChangeFeed(channel);
    const got: ChangeMessage[] = [];
    listen.subscribe((m) => got.push(m));
    const feed = new ChangeFeed(channel);
    const { s, name, change } = await setUp(feed);
    await settle();
    got.length = 0;
    await applyChangesApart(name, 'd', change);
    await settle();
    expect(got).toEqual([]);
    s.announce('d', change);
    await vi.waitFor(() => expect(got).toHaveLength(2));
    const fromApart = got.splice(0);
    await s.applyChanges('d', change);
    await vi.waitFor(() => expect(got).toHaveLength(2));
    expect(fromApart).toEqual(got);
    expect(got[0]).toMatchObject({ kind: 'annotations', docId: 'd', deleted: [] });
    s.close();
    listen.close();
    feed.close();
  });

  it('cancelled mid-way, nothing is written', async () => {
    const { s, name, change } = await setUp();
    const before = await stored(s);
    const stop = new AbortController();
    const onProgress = (done: number) => done === 4 && stop.abort();
    await expect(
      applyChangesApart(name, 'd', change, { signal: stop.signal, onProgress }),
    ).rejects.toThrow(/cancelled/);
    expect(await stored(s)).toEqual(before);
    s.close();
  });

  it('failing mid-way (the disk is full), nothing is written, and it says so as the page would', async () => {
    const { s, name, change } = await setUp();
    const before = await stored(s);
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (++calls === 6) throw new DOMException('disk full', 'QuotaExceededError');
      return put.apply(this, args);
    });
    await expect(applyChangesApart(name, 'd', change)).rejects.toMatchObject({
      name: 'StorageError',
      kind: 'quota',
    });
    vi.restoreAllMocks();
    expect(await stored(s)).toEqual(before);
    s.close();
  });

  it('refuses a library that is not there or at another version, creating or upgrading nothing', async () => {
    const name = freshName();
    const change = { put: [ann('1', 'd')] };
    await expect(applyChangesApart(name, 'd', change)).rejects.toBeInstanceOf(NotOpenedApart);
    const old = freshName();
    (await openDB(old, DB_VERSION - 1)).close();
    await expect(applyChangesApart(old, 'd', change)).rejects.toBeInstanceOf(NotOpenedApart);
    const db = await openDB(name, 1, { upgrade: (_db, was) => expect(was).toBe(0) });
    db.close();
    const same = await openDB(old);
    expect(same.version).toBe(DB_VERSION - 1);
    same.close();
  });

  it('steps aside when another tab upgrades: the upgrade is not blocked; its writes then fail', async () => {
    const { s, name } = await setUp();
    const c = await StoreConnection.openApart(name);
    s.close();
    const newer = await openDB(name, DB_VERSION + 1, { blocked: () => expect.fail('blocked') });
    newer.close();
    await expect(
      c.writePages([], async (_tx, pagesFor) => void (await pagesFor('d').count())),
    ).rejects.toMatchObject({ kind: 'closed' });
  });
});
