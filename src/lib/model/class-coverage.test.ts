import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { heatMap, passages, readerCounts, tagUsage } from './class-coverage';
import {
  mark,
  a1,
  a2,
  b1,
  b2,
  c1,
  marks,
  readers,
  scenario,
  toMarks,
} from './class-analysis.checks';

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

describe('heat-map and passages against per-character sets (properties)', () => {
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
