import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Annotation } from './types';
import { applyReplaces, carryAnnotations, type TextReplace } from './text-edit';
import { describeRange } from './selectors';
import { TextIndex } from './text-index';
import { carryThrough, heldOn } from './stale-carry';

const cps = (s: string) => [...s];

const annotation = (id: string, index: TextIndex, start: number, end: number): Annotation => ({
  id,
  docId: 'd',
  target: describeRange(index, start, end),
  tags: [],
  note: '',
  creator: 'Me',
  created: '2026-01-01T00:00:00Z',
  modified: '2026-01-01T00:00:00Z',
});

const replaces = fc.array(
  fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom('', 'x', 'ab', '\n\n', '𝒴')),
  { minLength: 1, maxLength: 5 },
);

/** Random replacements made valid on a text of `length` code points, one after another. */
function valid(length: number, raw: [number, number, string][]): TextReplace[] {
  const out: TextReplace[] = [];
  for (const [a, l, text] of raw) {
    const start = a % (length + 1);
    const end = Math.min(length, start + l);
    out.push({ start, end, text });
    length += cps(text).length - (end - start);
  }
  return out;
}

const scene = fc.record({
  text: fc.array(fc.constantFrom('a', 'b', ' ', 'é', '𝒜', '\n'), { minLength: 4, maxLength: 50 }),
  anns: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 10 })), { minLength: 1, maxLength: 8 }),
  first: replaces,
  second: replaces,
});

describe('carryThrough (stored annotations left on an older version)', () => {
  it('carries exactly as the save does, and through two saves never onto other text', () => {
    fc.assert(
      fc.property(scene, ({ text: chars, anns, first, second }) => {
        const v1 = chars.join('');
        const i1 = new TextIndex(v1);
        const stored = anns.map(([s, l], k) => {
          const start = s % i1.length;
          return annotation(`a${k}`, i1, start, Math.min(i1.length, start + 1 + l));
        });
        const e1 = applyReplaces(v1, valid(i1.length, first));
        const i2 = new TextIndex(e1.text);
        const e2 = applyReplaces(e1.text, valid(i2.length, second));
        const i3 = new TextIndex(e2.text);
        const step1 = { before: i1, after: i2, map: e1.map, n: 2 };
        // One save: what the save itself puts for annotations placed at their selectors.
        const placed = stored.map((a) => ({ a, ...a.target.position }));
        const { put } = carryAnnotations(i2, e1.map, placed, 2);
        const saved = stored.map((a) => put.find((p) => p.id === a.id) ?? a);
        expect(carryThrough(stored, [step1])).toEqual(saved);
        // Two saves: every unchanged one is on its own words, every other is flagged.
        const twice = carryThrough(stored, [step1, { before: i2, after: i3, map: e2.map, n: 3 }]);
        expect(twice).toEqual(carryThrough(saved, [{ before: i2, after: i3, map: e2.map, n: 3 }]));
        twice.forEach((a, k) => {
          if (a.edit) expect(['changed', 'adjusted', 'lost']).toContain(a.edit.outcome);
          else {
            expect(heldOn(i3, a)).toBe(true);
            expect(a.target.quote.exact).toBe(stored[k].target.quote.exact);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves an annotation whose position does not hold its quote as it is (a save would not have placed it there)', () => {
    const v1 = new TextIndex('one two three');
    const v2 = applyReplaces(v1.text, [{ start: 0, end: 0, text: 'zero ' }]);
    const a = annotation('a', v1, 4, 7);
    const moved = {
      ...a,
      id: 'm',
      target: { ...a.target, quote: { ...a.target.quote, exact: 'six' } },
    };
    const lost = { ...a, id: 'b', edit: { outcome: 'lost' as const, oldQuote: 'two', version: 1 } };
    const step = { before: v1, after: new TextIndex(v2.text), map: v2.map, n: 2 };
    const out = carryThrough([a, moved, lost], [step]);
    expect(out[0].target.position).toEqual({ type: 'TextPositionSelector', start: 9, end: 12 });
    expect(out[1]).toBe(moved);
    expect(out[2]).toBe(lost);
  });
});
