import { describe, expect, it } from 'vitest';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { anchorAll } from './anchor';
import { bookText } from './shared-files';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('anchorAll on a book (kjv.txt, or a generated one of its size; 10,000 annotations)', () => {
  // Correctness only: timings are measured by `npm run bench`, never asserted here.
  it('finds every annotation after a no-op and after insertions at 40 places', () => {
    const { text } = bookText();
    const index = new TextIndex(text);
    const rnd = rng(42);
    const targets = Array.from({ length: 10_000 }, () => {
      const start = Math.floor(rnd() * (index.length - 9000));
      const k = rnd();
      const len =
        k < 0.6
          ? 4 + Math.floor(rnd() * 60)
          : k < 0.9
            ? 60 + Math.floor(rnd() * 400)
            : 400 + Math.floor(rnd() * 8000);
      return describeRange(index, start, start + len);
    });

    const same = anchorAll(index, targets);
    same.forEach((a, i) => expect(a).toEqual({ status: 'exact', ...pick(targets[i].position) }));

    // Insert text at 40 scattered places (both books are ASCII: UTF-16 index = code point).
    const step = Math.floor(text.length / 41);
    const edits: number[] = [];
    let changed = '';
    let at = 0;
    for (let i = 1; i <= 40; i++) {
      const p = i * step + Math.floor(rnd() * 1000);
      changed += text.slice(at, p) + ' and verily, as it is written in the margin 📜,';
      edits.push(p);
      at = p;
    }
    changed += text.slice(at);
    const changedIndex = new TextIndex(changed);
    const anchors = anchorAll(changedIndex, targets);
    let checked = 0;
    anchors.forEach((a, i) => {
      const { start, end } = targets[i].position;
      if (edits.some((e) => e >= start - 32 && e <= end + 32)) return;
      checked++;
      expect(a.status).toBe('exact');
      expect(changedIndex.slice(a.start!, a.end!)).toBe(targets[i].quote.exact);
    });
    expect(checked).toBeGreaterThan(9000);
  }, 60_000);
});

function pick(p: { start: number; end: number }): { start: number; end: number } {
  return { start: p.start, end: p.end };
}

describe('anchorAll: 10,000 targets on a book (kjv.txt, or a generated one of its size)', () => {
  // Correctness only: timings are measured by `npm run bench`, never asserted in tests.
  it(
    'all exact on the same text; after 40 scattered insertions every target whose quote no edit touches has its quote',
    { timeout: 180_000 },
    () => {
      const { text } = bookText();
      const index = new TextIndex(text);
      const rnd = rng(20240601);
      const targets = Array.from({ length: 10_000 }, () => {
        const len = 1 + Math.floor(rnd() * (rnd() < 0.9 ? 120 : 3000));
        const start = Math.floor(rnd() * (index.length - len));
        return describeRange(index, start, start + len);
      });

      const same = anchorAll(index, targets);
      expect(same).toHaveLength(10_000);
      same.forEach((a, i) =>
        expect(a).toEqual({
          status: 'exact',
          start: targets[i].position.start,
          end: targets[i].position.end,
        }),
      );

      // 40 short insertions at scattered code-point offsets (sorted, distinct).
      const inserts = [' Selah.', '¶', ' 📜 ', 'and ', 'X'];
      const places = [
        ...new Set(Array.from({ length: 40 }, () => Math.floor(rnd() * index.length))),
      ].sort((a, b) => a - b);
      const cps = index.length;
      let changed = '';
      let from = 0;
      places.forEach((p, i) => {
        changed += index.slice(from, p) + inserts[i % inserts.length];
        from = p;
      });
      changed += index.slice(from, cps);
      const changedIndex = new TextIndex(changed);
      const anchors = anchorAll(changedIndex, targets);
      let checked = 0;
      anchors.forEach((a, i) => {
        const { start, end } = targets[i].position;
        // An insertion at p overlaps the quote when it lands strictly inside it.
        if (places.some((p) => p > start && p < end)) return;
        checked++;
        expect(a.status).toBe('exact');
        expect(changedIndex.slice(a.start!, a.end!)).toBe(targets[i].quote.exact);
      });
      expect(checked).toBeGreaterThan(9_000);
    },
  );
});
