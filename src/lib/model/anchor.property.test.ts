import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex } from './text-index';
import { CONTEXT_LENGTH, describeRange } from './selectors';
import { anchor } from './anchor';

/** Text from a small alphabet (so phrases repeat) mixed with arbitrary code points. */
const unit = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'a',
      'b',
      ' ',
      'the ',
      'e\u0301',
      '😀',
      '👩‍👩‍👧',
      'ж',
      'م',
      '猫',
      '🇫🇷',
      '\n',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
/** Repetitive texts, whole graphemes (emoji sequences, flags, combining marks) and any code points. */
const text = fc.oneof(
  fc.string({ unit, maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
);
const insertion = fc.oneof(
  fc.string({ unit, maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

type Edit = { kind: 'insert' | 'delete' | 'replace'; at: number; del: number; ins: string };

/** Applies an edit in code points; returns the new text and the edited source range [at, dEnd). */
function apply(cps: string[], e: Edit): { changed: string; dEnd: number } {
  const del = e.kind === 'insert' ? 0 : e.del;
  const ins = e.kind === 'delete' ? '' : e.ins;
  const dEnd = Math.min(cps.length, e.at + del);
  return { changed: [...cps.slice(0, e.at), ins, ...cps.slice(dEnd)].join(''), dEnd };
}

/** A text, a valid code-point range and a single edit (insert / delete / replace). */
const scenario = text.chain((t) => {
  const n = [...t].length;
  return fc.record({
    text: fc.constant(t),
    start: fc.integer({ min: 0, max: n }),
    len: fc.integer({ min: 0, max: n }),
    edit: fc.record({
      kind: fc.constantFrom('insert', 'delete', 'replace') as fc.Arbitrary<Edit['kind']>,
      at: fc.integer({ min: 0, max: n }),
      del: fc.integer({ min: 1, max: 6 }),
      ins: insertion,
    }),
  });
});

describe('anchor (properties)', () => {
  it('describe → anchor on the same text is exact at the same range', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
        const index = new TextIndex(t);
        const start = a % (index.length + 1);
        const end = start + (b % (index.length - start + 1));
        expect(anchor(index, describeRange(index, start, end))).toEqual({
          status: 'exact',
          start,
          end,
        });
      }),
      { numRuns: 200 },
    );
  });

  it(
    'after any single edit: never throws, returns exact/fuzzy/orphan within the text; exact with the quote when the edit is outside quote+context',
    { timeout: 60_000 },
    () => {
      fc.assert(
        fc.property(scenario, ({ text: t, start, len, edit }) => {
          const cps = [...t];
          const end = Math.min(cps.length, start + len);
          const target = describeRange(new TextIndex(t), start, end);
          const { changed, dEnd } = apply(cps, edit);
          const index = new TextIndex(changed);
          const a = anchor(index, target);
          expect(['exact', 'fuzzy', 'orphan']).toContain(a.status);
          if (a.status !== 'orphan') {
            expect(Number.isInteger(a.start) && Number.isInteger(a.end)).toBe(true);
            expect(0 <= a.start && a.start <= a.end && a.end <= index.length).toBe(true);
            if (a.status === 'exact') expect(index.slice(a.start, a.end)).toBe(target.quote.exact);
          }
          if (dEnd < start - CONTEXT_LENGTH || edit.at > end + CONTEXT_LENGTH) {
            expect(a.status).toBe('exact');
            expect(index.slice(a.start!, a.end!)).toBe(target.quote.exact);
          }
        }),
        { numRuns: 200 },
      );
    },
  );

  it(
    'an edit entirely before or after quote+context leaves the quote found exactly, at the stored or the shifted position',
    { timeout: 60_000 },
    () => {
      // Long texts with the range in the middle, so that edits well outside the context exist.
      const wide = fc
        .tuple(
          fc.string({ unit, minLength: 40, maxLength: 80 }),
          fc.string({ unit, minLength: 1, maxLength: 30 }),
          fc.string({ unit, minLength: 40, maxLength: 80 }),
        )
        .chain(([before, quote, after]) => {
          const b = [...before].length;
          const q = [...quote].length;
          const n = b + q + [...after].length;
          // Edit offsets strictly more than CONTEXT_LENGTH away from the range on either side.
          const beforeAt = b - CONTEXT_LENGTH - 1;
          const afterAt = b + q + CONTEXT_LENGTH + 1;
          const sites: fc.Arbitrary<number>[] = [];
          if (beforeAt >= 0) sites.push(fc.integer({ min: 0, max: beforeAt }));
          if (afterAt <= n) sites.push(fc.integer({ min: afterAt, max: n }));
          return fc.record({
            text: fc.constant(before + quote + after),
            start: fc.constant(b),
            end: fc.constant(b + q),
            edit: fc.record({
              kind: fc.constantFrom('insert', 'delete', 'replace') as fc.Arbitrary<Edit['kind']>,
              at: fc.oneof(...sites),
              del: fc.integer({ min: 1, max: 6 }),
              ins: insertion,
            }),
          });
        });
      fc.assert(
        fc.property(wide, ({ text: t, start, end, edit }) => {
          const cps = [...t];
          const target = describeRange(new TextIndex(t), start, end);
          const e =
            edit.at < start
              ? { ...edit, del: Math.min(edit.del, start - CONTEXT_LENGTH - 1 - edit.at) }
              : edit;
          const { changed, dEnd } = apply(cps, e);
          expect(dEnd < start - CONTEXT_LENGTH || e.at > end + CONTEXT_LENGTH).toBe(true);
          const index = new TextIndex(changed);
          const a = anchor(index, target);
          expect(a.status).toBe('exact');
          expect(index.slice(a.start!, a.end!)).toBe(target.quote.exact);
          // Where: the stored position when the text there still equals the quote (checked first,
          // by design: in a repetitive text that may be another copy); else the moved passage,
          // whenever quote+context identify it uniquely.
          const delta = e.at < start ? [...changed].length - cps.length : 0;
          const { prefix, exact, suffix } = target.quote;
          const full = prefix + exact + suffix;
          if (index.slice(start, end) === exact) expect(a).toEqual({ status: 'exact', start, end });
          else if (changed.indexOf(full) === changed.lastIndexOf(full))
            expect(a).toEqual({ status: 'exact', start: start + delta, end: end + delta });
        }),
        { numRuns: 200 },
      );
    },
  );
});
