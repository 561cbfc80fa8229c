import { describe, expect, it } from 'vitest';
import { WaitingHighlights, type Span } from './waiting-highlights';
import type { Highlight } from './annotation-decorations';

const look = () => ({ className: 'mg-hl', title: '' });
const hl = (id: string, from: number, to: number): Highlight => ({ id, from, to, look });

/** A fixed-seed list of `n` highlights over `size` positions, a tenth of them long. */
function random(n: number, size: number, seed = 3): Highlight[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 4294967296;
  return Array.from({ length: n }, (_, i) => {
    const from = Math.floor(rnd() * size);
    const len = rnd() < 0.1 ? Math.floor(rnd() * 60_000) : Math.floor(rnd() * 400);
    return hl(`h${i}`, from, from + len);
  });
}

const meets = (h: Highlight, r: Span) => h.to >= r.from && h.from <= r.to;
const ids = (list: readonly Highlight[]) => list.map((h) => h.id).sort();

describe('WaitingHighlights', () => {
  it('finds exactly those meeting a range, long ones included, as a pass over all would', () => {
    const all = random(3000, 500_000);
    const w = new WaitingHighlights();
    w.add(all.slice(0, 1000));
    w.add(all.slice(1000));
    expect(w.size).toBe(3000);
    let left = all;
    for (const r of [
      { from: 100_000, to: 104_000 },
      { from: 0, to: 10 },
      { from: 499_000, to: 600_000 },
      { from: 250_000, to: 250_000 },
      { from: -Infinity, to: 1000 },
    ]) {
      const expected = left.filter((h) => meets(h, r));
      expect(w.meets(r)).toBe(expected.length > 0);
      expect(ids(w.take(r, Infinity))).toEqual(ids(expected));
      left = left.filter((h) => !meets(h, r));
      expect(w.size).toBe(left.length);
      expect(w.meets(r)).toBe(false);
    }
    expect(ids(w.takeAll())).toEqual(ids(left));
    expect(w.size).toBe(0);
  });

  it('takes the nearest to the part on screen first, up to the number asked', () => {
    const w = new WaitingHighlights();
    w.add([hl('far-above', 100, 110), hl('below', 2100, 2110), hl('in', 1500, 1510)]);
    w.add([hl('above', 900, 910), hl('far-below', 5000, 5010)]);
    const focus = { from: 1000, to: 2000 };
    expect(w.take({ from: 0, to: 10_000 }, 3, focus).map((h) => h.id)).toEqual([
      'in',
      'above',
      'below',
    ]);
    expect(ids(w.takeAll())).toEqual(['far-above', 'far-below']);
  });

  it('forgets removed ids, and replaces an id added again', () => {
    const w = new WaitingHighlights();
    w.add([hl('a', 10, 20), hl('b', 30, 40), hl('long', 0, 90_000)]);
    w.remove(new Set(['b', 'long', 'unknown']));
    expect(w.size).toBe(1);
    expect(w.has('b')).toBe(false);
    w.add([hl('a', 500, 510)]);
    expect(w.size).toBe(1);
    expect(w.take({ from: 0, to: 100 }, Infinity)).toEqual([]);
    expect(w.takeIds(['a', 'nope']).map((h) => [h.id, h.from])).toEqual([['a', 500]]);
    expect(w.size).toBe(0);
  });

  it('moves with a change of the text, keeping lookups exact', () => {
    const w = new WaitingHighlights();
    w.add([hl('before', 10, 20), hl('around', 40, 60), hl('after', 100, 110)]);
    // 5 positions inserted at 50, as ProseMirror's mapping would (assoc picks the side).
    w.map((pos, assoc) => (pos > 50 || (pos === 50 && assoc > 0) ? pos + 5 : pos));
    expect(w.take({ from: 105, to: 105 }, Infinity).map((h) => [h.id, h.from, h.to])).toEqual([
      ['after', 105, 115],
    ]);
    expect(w.take({ from: 64, to: 64 }, Infinity).map((h) => [h.id, h.from, h.to])).toEqual([
      ['around', 40, 65],
    ]);
    expect(w.size).toBe(1);
  });
});
