import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { agreement, cohensKappa, describeAgreement } from './class-agreement';
import { heatMap, passages } from './class-coverage';
import type { Mark } from './class-mark';
import { N, mark, marks, readers, scenario, toMarks } from './class-analysis.checks';

describe('agreement', () => {
  it('any mark: pairwise kappa, mean and alpha by hand', () => {
    // Each reader's marks united first: Ana [2,10) = 8, Ben [6,12)+[15,18) = 9, Cy [4,7) = 3.
    // Kappa = (po − pe)/(1 − pe), N = 20:
    //   Ana–Ben: n11 = |[6,10)| = 4, n10 = 4, n01 = 5, n00 = 7. po = 11/20,
    //            pe = (8·9 + 12·11)/400 = 204/400 = 51/100 → kappa = (55 − 51)/(100 − 51) = 4/49.
    //   Ana–Cy:  n11 = 3, n10 = 5, n01 = 0, n00 = 12. po = 15/20,
    //            pe = (8·3 + 12·17)/400 = 228/400 → kappa = (300 − 228)/(400 − 228) = 72/172 = 18/43.
    //   Ben–Cy:  n11 = |[6,7)| = 1, n10 = 8, n01 = 2, n00 = 9. po = 10/20,
    //            pe = (9·3 + 11·17)/400 = 214/400 → kappa = (200 − 214)/(400 − 214) = −14/186 = −7/93.
    // Mean = (4/49 + 18/43 − 7/93)/3 = (15996 + 82026 − 14749)/195951/3 = 83273/587853.
    // Alpha, m = 3, n = 60: k (readers marking) per unit is 1 on [2,4) [10,12) [15,18) (7 units),
    // 2 on [4,6) [7,10) (5 units), 3 on [6,7) (1 unit). Σ k(m−k) = 7·2 + 5·2 = 24, o01 = 24/2 = 12;
    // n1 = 8 + 9 + 3 = 20, n0 = 40 → alpha = 1 − 59·12/(40·20) = 1 − 708/800 = 23/200.
    const g = agreement(N, marks, readers, null);
    expect(g.tagId).toBeNull();
    expect(g.readers).toEqual(readers);
    expect(g.pairs.map((p) => [p.a, p.b])).toEqual([
      ['Ana', 'Ben'],
      ['Ana', 'Cy'],
      ['Ben', 'Cy'],
    ]);
    expect(g.pairs[0].kappa).toBeCloseTo(4 / 49, 12);
    expect(g.pairs[1].kappa).toBeCloseTo(18 / 43, 12);
    expect(g.pairs[2].kappa).toBeCloseTo(-7 / 93, 12);
    expect(g.pairs.map((p) => p.observed)).toEqual([11 / 20, 15 / 20, 10 / 20]);
    expect(g.meanKappa).toBeCloseTo(83273 / 587853, 12);
    expect(g.alpha).toBeCloseTo(23 / 200, 12);
    // Marked by someone: [2,12) and [15,18).
    expect(g.marked).toBe(13);
    expect(describeAgreement(g.alpha)).toBe('slight agreement');
  });

  it('per tag: a reader who never used the tag codes every unit 0; unused tag → null', () => {
    // Claim: Ana [2,8) = 6, Ben [6,12) = 6, Cy none.
    //   Ana–Ben: n11 = 2, n10 = 4, n01 = 4, n00 = 10. pe = (6·6 + 14·14)/400 = 232/400,
    //            kappa = (240 − 232)/(400 − 232) = 8/168 = 1/21.
    //   Ana–Cy:  n11 = 0, n10 = 6, n01 = 0, n00 = 14. po = 14/20, pe = (6·0 + 14·20)/400 = 280/400
    //            → kappa = 0 (defined: pe ≠ 1). Ben–Cy likewise 0. Mean = (1/21)/3 = 1/63.
    //   Alpha: k = 1 on [2,6) and [8,12) (8 units), 2 on [6,8) (2 units): Σ k(m−k) = 16 + 4 = 20,
    //          o01 = 10; n1 = 12, n0 = 48 → alpha = 1 − 59·10/(48·12) = 1 − 590/576 = −7/288.
    const claim = agreement(N, marks, readers, 'claim');
    expect(claim.pairs.map((p) => p.kappa)).toEqual([expect.closeTo(1 / 21, 12), 0, 0]);
    expect(claim.meanKappa).toBeCloseTo(1 / 63, 12);
    expect(claim.alpha).toBeCloseTo(-7 / 288, 12);
    expect(claim.marked).toBe(10);
    expect(describeAgreement(claim.alpha)).toBe('less agreement than chance');

    const unused = agreement(N, marks, readers, 'unused');
    expect(unused.pairs.map((p) => [p.kappa, p.observed])).toEqual([
      [null, 1],
      [null, 1],
      [null, 1],
    ]);
    expect(unused).toMatchObject({ meanKappa: null, alpha: null, marked: 0 });
    expect(describeAgreement(unused.meanKappa)).toBe('not enough marks to measure');
  });

  it('identical marking is 1; opposite marking is −1 for two readers', () => {
    const same = agreement(
      10,
      [mark('1', 'A', 0, 4, []), mark('2', 'B', 0, 2, []), mark('3', 'B', 2, 4, [])],
      ['A', 'B'],
      null,
    );
    expect(same.pairs[0]).toEqual({ a: 'A', b: 'B', kappa: 1, observed: 1 });
    expect(same.alpha).toBeCloseTo(1, 12);
    // A marks [0,5), B marks [5,10): po = 0, pe = (5·5 + 5·5)/100 = 1/2 → kappa = −1.
    // Alpha: every unit k = 1, Σ k(m−k) = 10, o01 = 10, n0 = n1 = 10 → 1 − 19·10/100 = −0.9.
    const opposite = agreement(
      10,
      [mark('1', 'A', 0, 5, []), mark('2', 'B', 5, 10, [])],
      ['A', 'B'],
      null,
    );
    expect(opposite.pairs[0].kappa).toBe(-1);
    expect(opposite.alpha).toBeCloseTo(-0.9, 12);
  });

  it('clips marks to the text, ignores creators not listed and duplicate readers', () => {
    const g = agreement(
      10,
      [mark('1', 'A', -5, 4, []), mark('2', 'B', 2, 40, []), mark('3', 'Z', 0, 10, [])],
      ['A', 'B', 'A'],
      null,
    );
    // A [0,4), B [2,10): n11 = 2, n10 = 2, n01 = 6, n00 = 0.
    expect(g.readers).toEqual(['A', 'B']);
    expect(g.pairs[0].kappa).toBeCloseTo(cohensKappa(2, 2, 6, 0)!, 12);
    expect(g.marked).toBe(10);
  });

  it('length 0 or fewer than two readers: no pairs, figures null', () => {
    expect(agreement(0, marks, readers, null)).toEqual({
      tagId: null,
      readers,
      pairs: [],
      meanKappa: null,
      alpha: null,
      marked: 0,
    });
    expect(agreement(N, marks, ['Ana'], 'claim')).toEqual({
      tagId: 'claim',
      readers: ['Ana'],
      pairs: [],
      meanKappa: null,
      alpha: null,
      marked: 6,
    });
    expect(agreement(N, [], [], null)).toMatchObject({
      pairs: [],
      meanKappa: null,
      alpha: null,
      marked: 0,
    });
  });

  // Speed is measured in the benchmark, not asserted here; this checks the sweep handles book scale.
  it('a 4 MB text with 30 readers and 6,000 marks gives every pair a figure', () => {
    const length = 4_000_000;
    const many: Mark[] = [];
    let seed = 1;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const who = Array.from({ length: 30 }, (_, i) => `R${i}`);
    for (let i = 0; i < 6000; i++) {
      const s = rand(length - 500);
      many.push(mark(`m${i}`, who[i % 30], s, s + 1 + rand(500), [i % 3 ? 'claim' : 'evidence']));
    }
    const g = agreement(length, many, who, null);
    heatMap(many);
    passages(many);
    expect(g.pairs).toHaveLength(435);
    expect(g.pairs.every((p) => p.kappa !== null && p.kappa >= -1 && p.kappa <= 1)).toBe(true);
  });
});

describe('describeAgreement', () => {
  it('Landis & Koch bands, boundaries inclusive above', () => {
    const cases: [number | null, string][] = [
      [null, 'not enough marks to measure'],
      [Number.NaN, 'not enough marks to measure'],
      [-0.01, 'less agreement than chance'],
      [0, 'slight agreement'],
      [0.2, 'slight agreement'],
      [0.2000001, 'fair agreement'],
      [0.4, 'fair agreement'],
      [0.41, 'moderate agreement'],
      [0.6, 'moderate agreement'],
      [0.61, 'substantial agreement'],
      [0.8, 'substantial agreement'],
      [0.81, 'almost perfect agreement'],
      [1, 'almost perfect agreement'],
    ];
    for (const [v, words] of cases) expect(describeAgreement(v), String(v)).toBe(words);
  });
});
// ---------------------------------------------------------------------------------------------
// The sweeps against per-character arrays.

/** Per reader, per code point: 1 when one of their marks (with the tag) covers it. */
function codes(
  length: number,
  ms: readonly Mark[],
  who: readonly string[],
  tagId: string | null,
): number[][] {
  return who.map((r) => {
    const row = new Array<number>(length).fill(0);
    for (const m of ms)
      if (m.creator === r && (tagId === null || m.tags.includes(tagId)))
        for (let i = Math.max(0, m.start); i < Math.min(length, m.end); i++) row[i] = 1;
    return row;
  });
}

function naiveAgreement(
  length: number,
  ms: readonly Mark[],
  who: readonly string[],
  tagId: string | null,
) {
  const c = codes(length, ms, who, tagId);
  const marked = Array.from({ length }, (_, i) => c.some((row) => row[i])).filter(Boolean).length;
  if (length === 0 || who.length < 2) return { pairs: [], meanKappa: null, alpha: null, marked };
  const pairs = [];
  for (let i = 0; i < who.length; i++)
    for (let j = i + 1; j < who.length; j++) {
      const n = { n11: 0, n10: 0, n01: 0, n00: 0 };
      for (let u = 0; u < length; u++) n[`n${c[i][u]}${c[j][u]}` as keyof typeof n]++;
      const po = (n.n11 + n.n00) / length;
      const pe =
        ((n.n11 + n.n10) * (n.n11 + n.n01) + (n.n01 + n.n00) * (n.n10 + n.n00)) / length ** 2;
      pairs.push({
        a: who[i],
        b: who[j],
        kappa: pe === 1 ? null : (po - pe) / (1 - pe),
        observed: po,
      });
    }
  const defined = pairs.filter((p) => p.kappa !== null);
  const meanKappa = defined.length
    ? defined.reduce((s, p) => s + p.kappa!, 0) / defined.length
    : null;
  const m = who.length;
  let o01 = 0;
  let n1 = 0;
  for (let u = 0; u < length; u++) {
    const k = c.reduce((s, row) => s + row[u], 0);
    o01 += (k * (m - k)) / (m - 1);
    n1 += k;
  }
  const n = length * m;
  const n0 = n - n1;
  return {
    pairs,
    meanKappa,
    alpha: n0 * n1 === 0 ? null : 1 - ((n - 1) * o01) / (n0 * n1),
    marked,
  };
}

const close = (x: number | null, y: number | null) =>
  x === null || y === null ? x === y : Math.abs(x - y) < 1e-9;

describe('agreement equals per-character computation (properties)', () => {
  it('kappa, observed, mean kappa, alpha and marked', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const ms = toMarks(s.marks);
        const got = agreement(s.length, ms, s.readers, s.tagId);
        const want = naiveAgreement(s.length, ms, s.readers, s.tagId);
        expect(got.marked).toBe(want.marked);
        expect(got.pairs.map((p) => [p.a, p.b])).toEqual(want.pairs.map((p) => [p.a, p.b]));
        got.pairs.forEach((p, i) => {
          expect(
            close(p.kappa, want.pairs[i].kappa),
            `kappa ${p.kappa} vs ${want.pairs[i].kappa}`,
          ).toBe(true);
          expect(p.observed).toBeCloseTo(want.pairs[i].observed, 12);
        });
        expect(
          close(got.meanKappa, want.meanKappa),
          `mean ${got.meanKappa} vs ${want.meanKappa}`,
        ).toBe(true);
        expect(close(got.alpha, want.alpha), `alpha ${got.alpha} vs ${want.alpha}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
