import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex, utf8Length } from './text-index';
import { CONTEXT_LENGTH, describeRange } from './selectors';

/** Reference conversion by full expansion (fine for test-sized strings). */
function refToUtf16(text: string, cp: number): number {
  return [...text].slice(0, cp).join('').length;
}

const samples: Record<string, string> = {
  ascii: 'In the beginning God created the heaven and the earth.',
  emoji: 'a😀b🎉c',
  zwj: 'family: 👩‍👩‍👧 done',
  combining: 'cafe\u0301 na\u0308ive',
  cyrillic: 'Съешь же ещё этих мягких французских булок',
  arabic: 'مرحبا بالعالم وقراءة متأنية',
  cjk: '吾輩は猫である。名前はまだ無い。',
  flags: 'flags 🇫🇷🇯🇵 end',
  astralStart: '𝔘nicode 𝔗ext',
  loneSurrogate: 'a\uD800b\uDC00c',
};

describe('TextIndex', () => {
  for (const [name, text] of Object.entries(samples)) {
    it(`converts code points ↔ UTF-16 for ${name}`, () => {
      const index = new TextIndex(text);
      const cps = [...text];
      expect(index.length).toBe(cps.length);
      expect(index.text).toBe(text);
      for (let cp = 0; cp <= cps.length; cp++) {
        const u = index.toUtf16(cp);
        expect(u).toBe(refToUtf16(text, cp));
        expect(index.toCodePoint(u)).toBe(cp);
      }
      for (let a = 0; a <= cps.length; a++) {
        for (let b = a; b <= cps.length; b++)
          expect(index.slice(a, b)).toBe(cps.slice(a, b).join(''));
      }
    });
  }

  it('rounds an index inside a surrogate pair down to the pair', () => {
    const index = new TextIndex('a😀b');
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.toCodePoint(3)).toBe(2);
    expect(index.toCodePointCeil(2)).toBe(2);
    expect(index.toCodePointCeil(1)).toBe(1);
  });

  it('clamps out-of-range input', () => {
    const index = new TextIndex('x😀y');
    expect(index.toUtf16(-5)).toBe(0);
    expect(index.toUtf16(99)).toBe(4);
    expect(index.toCodePoint(99)).toBe(3);
    expect(index.toUtf16(Number.NaN)).toBe(0);
    expect(index.slice(-3, 99)).toBe('x😀y');
  });

  it('handles the empty text', () => {
    const index = new TextIndex('');
    expect(index.length).toBe(0);
    expect(index.toUtf16(0)).toBe(0);
    expect(index.slice(0, 0)).toBe('');
  });

  it('agrees with spread for any text (property)', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(), (text, n) => {
        const index = new TextIndex(text);
        const cps = [...text];
        expect(index.length).toBe(cps.length);
        const cp = n % (cps.length + 1);
        expect(index.toUtf16(cp)).toBe(refToUtf16(text, cp));
        expect(index.toCodePoint(index.toUtf16(cp))).toBe(cp);
      }),
    );
  });

  it(
    'converts correctly over a large astral text (correctness only, no timing)',
    { timeout: 60_000 },
    () => {
      const text = ('word 😀 '.repeat(10) + 'plain text '.repeat(50)).repeat(2000);
      const index = new TextIndex(text);
      expect(index.length).toBe([...text].length);
      const cp = index.length - 7;
      expect(index.slice(cp, cp + 3)).toBe([...text].slice(cp, cp + 3).join(''));
    },
  );
});

describe('TextIndex: specific characters', () => {
  it('gives an astral emoji one code point and two UTF-16 units', () => {
    const index = new TextIndex('😀x');
    expect(index.length).toBe(2);
    expect(index.toUtf16(1)).toBe(2);
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.slice(0, 1)).toBe('😀');
  });

  it('counts a ZWJ family as 5 code points, a flag as 2, a combining accent as its own', () => {
    for (const [s, n] of [
      ['👩‍👩‍👧', 5],
      ['🇫🇷', 2],
      ['e\u0301', 2],
      ['Ёж', 2],
      ['سلام', 4],
      ['猫', 1],
      ['𝔘', 1],
    ] as const) {
      expect(new TextIndex(s).length).toBe(n);
      expect(new TextIndex(s).toUtf16(n)).toBe(s.length);
    }
    // In the middle of a ZWJ sequence a code point boundary may fall inside a grapheme; the
    // index still converts it exactly.
    const fam = new TextIndex('a👩‍👩‍👧b');
    expect(fam.slice(1, 2)).toBe('👩');
    expect(fam.slice(2, 3)).toBe('\u200d');
    expect(fam.toUtf16(6)).toBe(9);
    expect(fam.toCodePoint(9)).toBe(6);
  });
});

describe('describeRange', () => {
  const scripts = [
    'In the beginning 😀 God created 👩‍👩‍👧 the heaven 🇫🇷 and the earth.',
    'Съешь же ещё этих мягких французских булок, да выпей же чаю. Съешь же ещё этих мягких булок.',
    'مرحبا بالعالم وقراءة متأنية للنصوص الطويلة جدا مع الكثير من الكلمات العربية هنا',
    '吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所で',
    'cafe\u0301 na\u0308ive re\u0301sume\u0301 '.repeat(5),
  ];

  it(
    'exact is the code points of the range; prefix/suffix are ≤ 32 code points of the surrounding text',
    { timeout: 60_000 },
    () => {
      for (const text of scripts) {
        const index = new TextIndex(text);
        const cps = [...text];
        for (let start = 0; start <= cps.length; start += 3) {
          for (let end = start; end <= cps.length; end += 5) {
            const t = describeRange(index, start, end);
            expect(cps.slice(start, end).join('')).toBe(t.quote.exact);
            expect([...t.quote.prefix].length).toBeLessThanOrEqual(CONTEXT_LENGTH);
            expect([...t.quote.suffix].length).toBeLessThanOrEqual(CONTEXT_LENGTH);
            expect(t.quote.prefix).toBe(cps.slice(Math.max(0, start - 32), start).join(''));
            expect(t.quote.suffix).toBe(cps.slice(end, end + 32).join(''));
            expect(t.position).toEqual({ type: 'TextPositionSelector', start, end });
          }
        }
      }
    },
  );

  it('throws RangeError on invalid ranges, counting code points not UTF-16 units', () => {
    const index = new TextIndex('a😀'); // 2 code points, 3 UTF-16 units
    expect(() => describeRange(index, 0, 2)).not.toThrow();
    expect(() => describeRange(index, 0, 3)).toThrow(RangeError);
    expect(() => describeRange(index, 2, 1)).toThrow(RangeError);
    expect(() => describeRange(index, -1, 0)).toThrow(RangeError);
    expect(() => describeRange(index, 0, 1.5)).toThrow(RangeError);
    expect(() => describeRange(index, Number.NaN, 1)).toThrow(RangeError);
    expect(() => describeRange(index, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => describeRange(new TextIndex(''), 0, 1)).toThrow(RangeError);
    expect(describeRange(new TextIndex(''), 0, 0).quote).toEqual({
      type: 'TextQuoteSelector',
      exact: '',
      prefix: '',
      suffix: '',
    });
  });
});

describe('TextIndex.replace (property)', () => {
  const chars = fc.constantFrom('a', '\n', 'é', '𝒜', '\uD835', '\uDC9C');
  const str = fc.array(chars, { maxLength: 12 }).map((c) => c.join(''));
  it('is the index of the replaced text, as if built afresh', () => {
    fc.assert(
      fc.property(str, fc.nat(), fc.nat({ max: 5 }), str, (text, s, l, insert) => {
        const before = new TextIndex(text);
        const start = s % (before.length + 1);
        const end = Math.min(before.length, start + l);
        const got = before.replace(start, end, insert);
        const cps = [...text];
        const want = new TextIndex(cps.slice(0, start).join('') + insert + cps.slice(end).join(''));
        expect(got.text).toBe(want.text);
        expect(got.length).toBe(want.length);
        for (let cp = 0; cp <= want.length; cp++) expect(got.toUtf16(cp)).toBe(want.toUtf16(cp));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('utf8Length', () => {
  it('is the length TextEncoder gives, lone surrogates included (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
      }),
    );
    for (const s of ['', 'a', 'é', '€', '👋', '\ud83d', '\udc4b', 'x\ud83d', '\ud83d\ud83d\udc4b'])
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});
