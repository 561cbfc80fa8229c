import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex } from './text-index';
import { CONTEXT_LENGTH, describeRange, isValidRange } from './selectors';

describe('describeRange', () => {
  it('quotes code points with up to 32 code points of context', () => {
    const text = '😀'.repeat(40) + 'é👩‍👩‍👧z' + 'ж'.repeat(40);
    const index = new TextIndex(text);
    const cps = [...text];
    const t = describeRange(index, 40, 47);
    expect(t.position).toEqual({ type: 'TextPositionSelector', start: 40, end: 47 });
    expect(t.quote.exact).toBe('é👩‍👩‍👧z');
    expect(t.quote.prefix).toBe('😀'.repeat(CONTEXT_LENGTH));
    expect(t.quote.suffix).toBe('ж'.repeat(CONTEXT_LENGTH));
    expect(cps.slice(40, 47).join('')).toBe(t.quote.exact);
  });

  it('keeps shorter context at the edges of the text', () => {
    const index = new TextIndex('abc def');
    const t = describeRange(index, 0, 3);
    expect(t.quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'abc',
      prefix: '',
      suffix: ' def',
    });
  });

  it('throws RangeError on invalid ranges', () => {
    const index = new TextIndex('abc');
    expect(() => describeRange(index, 2, 1)).toThrow(RangeError);
    expect(() => describeRange(index, -1, 1)).toThrow(RangeError);
    expect(() => describeRange(index, 0, 4)).toThrow(RangeError);
    expect(() => describeRange(index, 0.5, 1)).toThrow(RangeError);
  });

  it('isValidRange', () => {
    expect(isValidRange(3, 0, 3)).toBe(true);
    expect(isValidRange(3, 1, 1)).toBe(true);
    expect(isValidRange(3, 2, 1)).toBe(false);
    expect(isValidRange(3, 0, 4)).toBe(false);
    expect(isValidRange(3, Number.NaN, 1)).toBe(false);
  });

  it(
    'exact, prefix and suffix are the surrounding code points (property)',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'grapheme', maxLength: 100 }),
            fc.string({ unit: 'binary', maxLength: 120 }),
          ),
          fc.nat(),
          fc.nat(),
          (text, a, b) => {
            const index = new TextIndex(text);
            const cps = [...text];
            const start = a % (cps.length + 1);
            const end = start + (b % (cps.length - start + 1));
            const t = describeRange(index, start, end);
            expect(t.quote.exact).toBe(cps.slice(start, end).join(''));
            expect(t.quote.prefix).toBe(
              cps.slice(Math.max(0, start - CONTEXT_LENGTH), start).join(''),
            );
            expect(t.quote.suffix).toBe(cps.slice(end, end + CONTEXT_LENGTH).join(''));
            expect([...t.quote.prefix].length).toBe(Math.min(CONTEXT_LENGTH, start));
            expect([...t.quote.suffix].length).toBe(Math.min(CONTEXT_LENGTH, cps.length - end));
          },
        ),
        { numRuns: 200 },
      );
    },
  );
});
