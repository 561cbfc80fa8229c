import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DrawRecord, DrawStamp } from '../storage/draw-record';
import type { LibraryStore, Revised } from '../storage/library-store';
import { RecordKeeper, REWRITE_AFTER_MS } from './record-keeper';

/** A store that records the drawing records put and answers catch-ups with `caught`. */
function fakeStore(caught: Revised[] = []) {
  const put: DrawStamp[] = [];
  const store = {
    putDrawRecord: async (r: DrawRecord) => (put.push({ rev: r.rev, version: r.version }), true),
    catchUp: async () => caught,
  } as unknown as LibraryStore;
  return { store, put };
}
const build = (docId: string, s: DrawStamp) => ({ docId, ...s }) as unknown as DrawRecord;
const rev = (prev: string, next: string): Revised => ({ docId: 'd', prev, next });
/** Past the rewrite's delay, then the idle callback (a timer where there is none). */
const settle = async () => {
  await vi.advanceTimersByTimeAsync(REWRITE_AFTER_MS + 10);
  await vi.runAllTimersAsync();
};

describe('RecordKeeper: the drawing record follows this tab’s chain of writes', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('rewrites the record at the end of a chain of revision changes, in order', async () => {
    const { store, put } = fakeStore();
    const k = new RecordKeeper(store, build);
    k.reset({ rev: 'a', version: 1 });
    k.written('d', [rev('a', 'b'), rev('b', 'c')], 1);
    await settle();
    expect(put).toEqual([{ rev: 'c', version: 1 }]);
  });

  it('writes nothing when a change does not start where the state is known', async () => {
    for (const chain of [[rev('x', 'b')], [rev('a', 'b'), rev('x', 'c')], []]) {
      const { store, put } = fakeStore();
      const k = new RecordKeeper(store, build);
      k.reset({ rev: 'a', version: 1 });
      k.written('d', chain, 1);
      await settle();
      expect(put).toEqual([]);
    }
  });

  it("after a text save, the catch-up's revision is followed: the record is written at it", async () => {
    const { store, put } = fakeStore([rev('b', 'c')]);
    const k = new RecordKeeper(store, build);
    k.reset({ rev: 'a', version: 1 });
    k.written('d', [rev('a', 'b')], 2);
    k.catchUpLater('d');
    await settle();
    expect(put).toEqual([{ rev: 'c', version: 2 }]);
  });

  it('a catch-up with nothing to do leaves the chain as it was', async () => {
    const { store, put } = fakeStore([]);
    const k = new RecordKeeper(store, build);
    k.reset({ rev: 'a', version: 1 });
    k.written('d', [rev('a', 'b')], 2);
    k.catchUpLater('d');
    await settle();
    expect(put).toEqual([{ rev: 'b', version: 2 }]);
  });
});
