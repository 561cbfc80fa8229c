import { describe, it, expect, vi, afterEach } from 'vitest';
import { ChangeFeed, type ChangeMessage } from './change-feed';
import { LibraryStore } from './library-store';
import { ann, freshName, meta, settle, tags, text, withoutId } from './test-fixtures';

const channel = () => `feed-${crypto.randomUUID()}`;

afterEach(() => vi.unstubAllGlobals());

describe('ChangeFeed', () => {
  it('delivers to other tabs, stamped with its own origin, and never back to itself', async () => {
    const name = channel();
    const mine = new ChangeFeed(name);
    const other = new ChangeFeed(name);
    const own: ChangeMessage[] = [];
    const got: ChangeMessage[] = [];
    mine.subscribe((m) => own.push(m));
    const stop = other.subscribe((m) => got.push(m));
    expect(mine.origin).not.toBe(other.origin);
    mine.post({ kind: 'tags', docId: 'd', origin: 'spoofed' });
    await vi.waitFor(() =>
      expect(got).toEqual([{ kind: 'tags', docId: 'd', origin: mine.origin }]),
    );
    other.post({ kind: 'documents' });
    await vi.waitFor(() => expect(own).toEqual([{ kind: 'documents', origin: other.origin }]));
    stop();
    mine.post({ kind: 'documents' });
    await settle();
    expect(got).toHaveLength(1);
    expect(own).toHaveLength(1);
    mine.close();
    other.close();
    expect(() => mine.post({ kind: 'documents' })).not.toThrow();
  });

  it('is a no-op where BroadcastChannel is missing', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const feed = new ChangeFeed(channel());
    const unsubscribe = feed.subscribe(() => undefined);
    expect(() =>
      feed.post({ kind: 'annotations', docId: 'd', put: ['1'], deleted: [] }),
    ).not.toThrow();
    unsubscribe();
    feed.close();
  });
});

describe('LibraryStore with a ChangeFeed', () => {
  it('posts what changed after each committed write, and nothing for a failed one', async () => {
    const name = channel();
    const mine = new ChangeFeed(name);
    const other = new ChangeFeed(name);
    const got: ChangeMessage[] = [];
    const own: ChangeMessage[] = [];
    other.subscribe((m) => got.push(m));
    mine.subscribe((m) => own.push(m));
    const s = await LibraryStore.open({ name: freshName(), feed: mine });
    await s.addDocument(meta('d'), text('d'), tags('d'));
    await s.applyChanges('d', {
      put: [ann('1', 'd'), ann('1', 'd'), ann('2', 'd')],
      delete: ['2', 'old'],
      tagSet: tags('d', ['T']),
    });
    await expect(s.applyChanges('d', { put: [withoutId(ann('x', 'd'))] })).rejects.toBeTruthy();
    await expect(s.importBatch({ annotations: [withoutId(ann('y', 'd'))] })).rejects.toBeTruthy();
    await s.updateDocument('d', { title: 'New' });
    await settle();
    const o = mine.origin;
    expect(got).toEqual([
      { kind: 'documents', origin: o },
      { kind: 'annotations', docId: 'd', put: ['1', '2'], deleted: ['old'], origin: o },
      { kind: 'tags', docId: 'd', origin: o },
      { kind: 'documents', origin: o },
    ]);
    expect(own).toEqual([]);
    s.close();
    mine.close();
    other.close();
  });
});
