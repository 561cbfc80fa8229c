import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex } from './text-index';
import { CONTEXT_LENGTH, describeRange } from './selectors';
import { anchor } from './anchor';

/** Text from a small alphabet (so phrases repeat) mixed with arbitrary code points. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', ' ', 'the ', 'e\u0301', '😀', '👩‍👩‍👧', 'ж', 'م', '猫', '🇫🇷', '\n') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const text = fc.oneof(fc.string({ unit, maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 120 }));

/** A text, a valid code-point range and an edit (insert / delete / replace) in code points. */
const scenario = text.chain((t) => {
  const n = [...t].length;
  return fc.record({
    text: fc.constant(t),
    start: fc.integer({ min: 0, max: n }),
    len: fc.integer({ min: 0, max: n }),
    at: fc.integer({ min: 0, max: n }),
    del: fc.integer({ min: 0, max: 6 }),
    ins: fc.string({ unit, maxLength: 6 }),
  });
});

describe('anchor (properties)', () => {
  it('describe → anchor on the same text is exact at the same range', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
        const index = new TextIndex(t);
        const start = a % (index.length + 1);
        const end = start + (b % (index.length - start + 1));
        expect(anchor(index, describeRange(index, start, end))).toEqual({ status: 'exact', start, end });
      }),
      { numRuns: 300 },
    );
  });

  it('after any single edit: never throws, stays in range, exact with the quote when the edit is outside quote+context', () => {
    fc.assert(
      fc.property(scenario, ({ text: t, start: s0, len, at, del, ins }) => {
        const cps = [...t];
        const start = s0;
        const end = Math.min(cps.length, start + len);
        const target = describeRange(new TextIndex(t), start, end);
        const dEnd = Math.min(cps.length, at + del);
        const changed = [...cps.slice(0, at), ins, ...cps.slice(dEnd)].join('');
        const index = new TextIndex(changed);
        const a = anchor(index, target);
        expect(['exact', 'fuzzy', 'orphan']).toContain(a.status);
        if (a.status !== 'orphan') {
          expect(0 <= a.start && a.start <= a.end && a.end <= index.length).toBe(true);
          expect(Number.isInteger(a.start) && Number.isInteger(a.end)).toBe(true);
        }
        const outside = dEnd < start - CONTEXT_LENGTH || at > end + CONTEXT_LENGTH;
        if (outside) {
          expect(a.status).toBe('exact');
          expect(index.slice(a.start!, a.end!)).toBe(target.quote.exact);
        }
      }),
      { numRuns: 500 },
    );
  });
});
