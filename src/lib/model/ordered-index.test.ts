import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHUNK, OrderedIndex } from './ordered-index';

interface Item {
  id: string;
  start: number;
  v: number;
}
const cmp = (a: Item, b: Item) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The oracle: the same set kept as a Map and sorted whole on every read. */
const sorted = (m: Map<string, Item>) => [...m.values()].sort(cmp);

const op = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), id: fc.nat(400), start: fc.nat(60), v: fc.nat() }),
  fc.record({ kind: fc.constant('del' as const), id: fc.nat(400) }),
);
/** A batch of operations, small or (sometimes) larger than the merge threshold. */
const batch = fc.array(op, { minLength: 0, maxLength: 120 });

describe('OrderedIndex', () => {
  it('random batches of inserts, moves and deletes give what a full sort gives', () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 12 }), (batches) => {
        const index = new OrderedIndex<Item>(cmp);
        const oracle = new Map<string, Item>();
        for (const b of batches) {
          const removed: Item[] = [];
          const added: Item[] = [];
          // As OpenDocument does: the old entry of an id is removed, its new one added.
          const touched = new Map<string, Item | null>();
          for (const o of b) {
            const id = `a${o.id}`;
            touched.set(id, o.kind === 'put' ? { id, start: o.start, v: o.v } : null);
          }
          for (const [id, next] of touched) {
            const old = oracle.get(id);
            if (old) removed.push(old);
            if (next) added.push(next);
            if (next) oracle.set(id, next);
            else oracle.delete(id);
          }
          index.update(removed, added);
          const want = sorted(oracle);
          expect(index.size).toBe(want.length);
          expect(index.toArray()).toEqual(want);
          want.forEach((x, i) => {
            expect(index.at(i)).toBe(x);
            expect(index.rank(x)).toBe(i);
          });
          expect(index.at(want.length)).toBeUndefined();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps positions right across chunk splits and emptied chunks', () => {
    const index = new OrderedIndex<Item>(cmp);
    const all: Item[] = [];
    for (let i = 0; i < CHUNK * 7; i++) {
      // Inserted out of order so that chunks fill and split in the middle.
      const it = { id: `x${i}`, start: (i * 7919) % (CHUNK * 7), v: i };
      all.push(it);
      index.insert(it);
    }
    all.sort(cmp);
    expect(index.toArray()).toEqual(all);
    for (let i = 0; i < all.length; i += 3) index.remove(all[i]);
    const left = all.filter((_, i) => i % 3 !== 0);
    expect([...index]).toEqual(left);
    left.forEach((x, i) => expect(index.at(i)).toBe(x));
    expect(index.lowerBound({ id: '', start: left[10].start, v: 0 })).toBe(
      left.findIndex((x) => x.start >= left[10].start),
    );
    expect(index.rank({ id: 'nope', start: 3, v: 0 })).toBe(-1);
    expect(index.remove({ id: 'nope', start: 3, v: 0 })).toBe(false);
  });

  it('an equal item inserted again replaces the one in', () => {
    const index = new OrderedIndex<Item>(cmp);
    index.reset([{ id: 'a', start: 1, v: 1 }]);
    expect(index.insert({ id: 'a', start: 1, v: 2 })).toBe(false);
    expect(index.at(0)?.v).toBe(2);
  });
});
