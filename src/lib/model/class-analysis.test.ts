import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  agreement,
  anonymiser,
  cohensKappa,
  describeAgreement,
  heatMap,
  passages,
  readerCounts,
  tagUsage,
  type Mark,
} from './class-analysis';

/**
 * The class of the acceptance test (issue #8): a text of 20 code points, three students.
 *
 *   position   0         1
 *              01234567890123456789
 *   Ana  a1      [----)               [2, 8)   Claim, note "core"
 *   Ana  a2         [----)            [5, 10)  no tag (overlaps her own a1)
 *   Ben  b1          [-----)          [6, 12)  Claim, note "agree"
 *   Cy   c1        [-)                [4, 7)   Evidence
 *   Ben  b2                 [-)       [15, 18) Evidence (a passage only Ben marked)
 *
 * Claim is used by Ana and Ben, Evidence by Ben and Cy: each tag by 2 of 3 readers.
 */
const N = 20;
const mark = (
  id: string,
  creator: string,
  start: number,
  end: number,
  tags: string[],
  note = '',
): Mark => ({ id, creator, start, end, tags, note, quote: 'x'.repeat(end - start) });
const a1 = mark('a1', 'Ana', 2, 8, ['claim'], 'core');
const a2 = mark('a2', 'Ana', 5, 10, []);
const b1 = mark('b1', 'Ben', 6, 12, ['claim'], 'agree');
const c1 = mark('c1', 'Cy', 4, 7, ['evidence'], '  ');
const b2 = mark('b2', 'Ben', 15, 18, ['evidence']);
const marks = [b2, c1, a2, b1, a1];
const readers = ['Ana', 'Ben', 'Cy'];

describe('heat-map', () => {
  it('counts distinct readers per range and merges ranges with the same readers', () => {
    // Sweep by hand: 2 Ana+, 4 Cy+, 5 Ana+ (a2: Ana already there), 6 Ben+, 7 Cy−, 8 Ana− (a2 still
    // covers), 10 Ana−, 12 Ben−, 15 Ben+, 18 Ben−. Ana's two marks count once on [5, 8).
    expect(heatMap(marks)).toEqual([
      { start: 2, end: 4, count: 1, readers: ['Ana'] },
      { start: 4, end: 6, count: 2, readers: ['Ana', 'Cy'] }, // not split at 5
      { start: 6, end: 7, count: 3, readers: ['Ana', 'Ben', 'Cy'] },
      { start: 7, end: 10, count: 2, readers: ['Ana', 'Ben'] }, // not split at 8
      { start: 10, end: 12, count: 1, readers: ['Ben'] },
      { start: 15, end: 18, count: 1, readers: ['Ben'] },
    ]);
  });

  it('joins a reader’s touching marks, keeps different readers apart, ignores empty marks', () => {
    expect(
      heatMap([
        mark('1', 'Ana', 0, 3, []),
        mark('2', 'Ana', 3, 5, []),
        mark('3', 'Ben', 5, 6, []),
        mark('4', 'Cy', 9, 9, []),
      ]),
    ).toEqual([
      { start: 0, end: 5, count: 1, readers: ['Ana'] },
      { start: 5, end: 6, count: 1, readers: ['Ben'] },
    ]);
    expect(heatMap([])).toEqual([]);
  });
});

describe('passages', () => {
  it('groups overlapping marks, in text order, marks by start then end then creator', () => {
    // a1 [2,8) overlaps c1 [4,7), a2 [5,10) and b1 [6,12): one passage [2,12); b2 alone.
    expect(passages(marks)).toEqual([
      { start: 2, end: 12, marks: [a1, c1, a2, b1], readers: ['Ana', 'Ben', 'Cy'] },
      { start: 15, end: 18, marks: [b2], readers: ['Ben'] },
    ]);
  });

  it('touching marks do not overlap; a mark joins through another; ties ordered by creator', () => {
    const x = mark('x', 'Ben', 0, 4, []);
    const y = mark('y', 'Ana', 0, 4, []);
    const z = mark('z', 'Cy', 4, 6, []);
    const w = mark('w', 'Cy', 3, 5, []);
    expect(passages([x, z, y]).map((p) => [p.start, p.end, p.marks.map((m) => m.id)])).toEqual([
      [0, 4, ['y', 'x']],
      [4, 6, ['z']],
    ]);
    expect(passages([x, z, w]).map((p) => [p.start, p.end, p.marks.map((m) => m.id)])).toEqual([
      [0, 6, ['x', 'w', 'z']],
    ]);
  });
});

describe('tags and readers', () => {
  it('per-tag usage: readers, marks and passages of that tag only', () => {
    const [claim, evidence, unused] = tagUsage(marks, ['claim', 'evidence', 'unused']);
    // Claim: a1 [2,8) and b1 [6,12) overlap → one passage.
    expect(claim).toEqual({
      tagId: 'claim',
      readers: ['Ana', 'Ben'],
      count: 2,
      passages: [{ start: 2, end: 12, marks: [a1, b1], readers: ['Ana', 'Ben'] }],
    });
    // Evidence: c1 [4,7) and b2 [15,18) apart → two passages.
    expect(evidence.readers).toEqual(['Ben', 'Cy']);
    expect(evidence.count).toBe(2);
    expect(evidence.passages.map((p) => [p.start, p.end, p.readers])).toEqual([
      [4, 7, ['Cy']],
      [15, 18, ['Ben']],
    ]);
    expect(unused).toEqual({ tagId: 'unused', readers: [], count: 0, passages: [] });
  });

  it('reader counts: one row per reader in the given order, zeros included', () => {
    const rows = readerCounts(
      [...marks, mark('o', 'Outsider', 0, 1, ['claim'])],
      ['Dee', ...readers],
      ['claim', 'evidence'],
    );
    expect(rows).toEqual([
      { reader: 'Dee', total: 0, untagged: 0, withNote: 0, byTag: { claim: 0, evidence: 0 } },
      // a1 (Claim, note) + a2 (no tag, no note).
      { reader: 'Ana', total: 2, untagged: 1, withNote: 1, byTag: { claim: 1, evidence: 0 } },
      { reader: 'Ben', total: 2, untagged: 0, withNote: 1, byTag: { claim: 1, evidence: 1 } },
      // c1's note is blank: not a note.
      { reader: 'Cy', total: 1, untagged: 0, withNote: 0, byTag: { claim: 0, evidence: 1 } },
    ]);
    // A tag id outside the tag set (a deleted tag) leaves a mark untagged.
    expect(readerCounts([mark('g', 'Ana', 0, 1, ['gone'])], ['Ana'], ['claim'])[0]).toMatchObject({
      untagged: 1,
      byTag: { claim: 0 },
    });
  });
});

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

describe('anonymiser', () => {
  it('off: names unchanged', () => {
    const name = anonymiser(readers, false);
    expect(['Ana', 'Zed'].map(name)).toEqual(['Ana', 'Zed']);
  });

  it('on: numbered in the order given, duplicates share a number, strangers are "Student ?"', () => {
    const name = anonymiser(['Cy', 'Ana', 'Cy', 'Ben'], true);
    expect(['Ana', 'Ben', 'Cy', 'Zed', 'Ana'].map(name)).toEqual([
      'Student 2',
      'Student 3',
      'Student 1',
      'Student ?',
      'Student 2',
    ]);
    // Stable: asking in another order or again gives the same names.
    expect(name('Ben')).toBe('Student 3');
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

const scenario = fc.integer({ min: 0, max: 30 }).chain((length) =>
  fc.record({
    length: fc.constant(length),
    readers: fc.uniqueArray(fc.constantFrom('Ana', 'Ben', 'Cy', 'Dee', 'Eve'), { maxLength: 5 }),
    tagId: fc.constantFrom(null, 't1', 't2'),
    marks: fc.array(
      fc.record({
        creator: fc.constantFrom('Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Zed'),
        start: fc.integer({ min: -2, max: length + 2 }),
        len: fc.integer({ min: -1, max: 12 }),
        tags: fc.subarray(['t1', 't2']),
      }),
      { maxLength: 14 },
    ),
  }),
);
const toMarks = (ms: { creator: string; start: number; len: number; tags: string[] }[]): Mark[] =>
  ms.map((m, i) => ({
    id: `m${i}`,
    creator: m.creator,
    start: m.start,
    end: m.start + m.len,
    tags: m.tags,
    note: '',
    quote: '',
  }));

describe('sweeps equal per-character computation (properties)', () => {
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

  it('heat-map: per-character reader sets, maximal segments; passages: coverage and order', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const ms = toMarks(s.marks);
        const lo = Math.min(0, ...ms.map((m) => m.start));
        const hi = Math.max(0, ...ms.map((m) => m.end));
        const setAt = (i: number) =>
          [...new Set(ms.filter((m) => m.start <= i && i < m.end).map((m) => m.creator))]
            .sort()
            .join(',');
        const segs = heatMap(ms);
        const fromSegs = (i: number) =>
          segs.find((g) => g.start <= i && i < g.end)?.readers.join(',') ?? '';
        for (let i = lo; i < hi; i++) expect(fromSegs(i)).toBe(setAt(i));
        segs.forEach((g, i) => {
          expect(g.end).toBeGreaterThan(g.start);
          expect(g.count).toBe(g.readers.length);
          const prev = segs[i - 1];
          if (prev)
            expect(prev.end < g.start || prev.readers.join(',') !== g.readers.join(',')).toBe(true);
        });

        const ps = passages(ms);
        expect(ps.flatMap((p) => p.marks.map((m) => m.id)).sort()).toEqual(
          ms
            .filter((m) => m.end > m.start)
            .map((m) => m.id)
            .sort(),
        );
        ps.forEach((p, i) => {
          expect(p.start).toBe(Math.min(...p.marks.map((m) => m.start)));
          expect(p.end).toBe(Math.max(...p.marks.map((m) => m.end)));
          if (i) expect(ps[i - 1].end).toBeLessThanOrEqual(p.start);
        });
        // A passage is covered without gaps, so its characters are exactly the heat-map's.
        for (let i = lo; i < hi; i++)
          expect(ps.some((p) => p.start <= i && i < p.end)).toBe(setAt(i) !== '');
      }),
      { numRuns: 300 },
    );
  });
});
