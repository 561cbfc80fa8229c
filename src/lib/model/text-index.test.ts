import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex } from './text-index';

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
        for (let b = a; b <= cps.length; b++) expect(index.slice(a, b)).toBe(cps.slice(a, b).join(''));
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

  it('agrees with spread for any text (property)', () => {
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

  it('builds quickly over a large astral text without spreading it', () => {
    const text = ('word 😀 '.repeat(10) + 'plain text '.repeat(50)).repeat(2000);
    const index = new TextIndex(text);
    expect(index.length).toBe([...text].length);
    const cp = index.length - 7;
    expect(index.slice(cp, cp + 3)).toBe([...text].slice(cp, cp + 3).join(''));
  });
});
