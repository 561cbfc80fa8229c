import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyReplaces,
  ComposedMap,
  editOutcomes,
  invertMap,
  isEditMap,
  mapOf,
  mapPos,
  traceRange,
  type TextReplace,
} from './text-edit';
import { describeRange } from './selectors';
import { TextIndex } from './text-index';

const cps = (s: string) => [...s];

describe('traceRange', () => {
  const text = 'The quick brown fox jumps over the lazy dog.';
  const at = (w: string) => ({ start: text.indexOf(w), end: text.indexOf(w) + w.length });
  const run = (reps: TextReplace[], w: string) => {
    const { text: next, map } = applyReplaces(text, reps);
    const r = at(w);
    const t = traceRange(map, r.start, r.end);
    return { ...t, quote: cps(next).slice(t.start, t.end).join('') };
  };

  it('keeps a passage when a word is typed just before or just after it', () => {
    const fox = at('fox');
    expect(run([{ start: fox.start, end: fox.start, text: 'red ' }], 'fox')).toEqual({
      outcome: 'unchanged',
      start: fox.start + 4,
      end: fox.end + 4,
      quote: 'fox',
    });
    expect(run([{ start: fox.end, end: fox.end, text: 'es' }], 'fox').outcome).toBe('unchanged');
  });

  it('flags an edit inside as changed, at an end as adjusted, the whole as lost', () => {
    const q = at('quick brown');
    expect(run([{ start: q.start + 2, end: q.start + 3, text: 'a' }], 'quick brown')).toMatchObject(
      { outcome: 'changed', quote: 'quack brown' },
    );
    expect(run([{ start: q.start, end: q.start + 6, text: '' }], 'quick brown')).toMatchObject({
      outcome: 'adjusted',
      quote: 'brown',
    });
    expect(run([{ start: q.start - 1, end: q.end + 1, text: ' ' }], 'quick brown')).toMatchObject({
      outcome: 'lost',
      quote: '',
    });
  });

  it('counts code points, not UTF-16 units', () => {
    const t = '𝒜 b 𝒞 d';
    const { text: next, map } = applyReplaces(t, [{ start: 0, end: 1, text: '𝒳𝒴' }]);
    expect(next).toBe('𝒳𝒴 b 𝒞 d');
    expect(traceRange(map, 4, 5)).toEqual({ outcome: 'unchanged', start: 5, end: 6 });
  });

  it('inverts a map: restoring the old text carries untouched passages back to their place', () => {
    const { text: next, map } = applyReplaces(text, [
      { start: 4, end: 9, text: 'slow' },
      { start: 0, end: 0, text: 'Look: ' },
    ]);
    const back = invertMap(map);
    const fox = at('fox');
    const there = traceRange(map, fox.start, fox.end);
    expect(cps(next).slice(there.start, there.end).join('')).toBe('fox');
    expect(traceRange(back, there.start, there.end)).toEqual({ outcome: 'unchanged', ...fox });
    // "slow" was typed after version 1: going back, it is lost.
    const slow = next.indexOf('slow');
    expect(traceRange(back, slow, slow + 4).outcome).toBe('lost');
  });

  it('reads back a stored map and refuses damaged ones', () => {
    const { map } = applyReplaces('abc', [{ start: 1, end: 2, text: 'xy' }]);
    expect(isEditMap(JSON.parse(JSON.stringify(map)))).toBe(true);
    expect(mapPos(map, 2, 1)).toBe(3);
    expect(isEditMap([[1, 2]])).toBe(false);
    expect(isEditMap([[1, -2, 3]])).toBe(false);
  });
});

/** A random text with random edits, each character tagged with where it came from. */
const edits = fc
  .record({
    text: fc.array(fc.constantFrom('a', 'b', ' ', '\n', 'é', '𝒜'), { minLength: 1, maxLength: 60 }),
    anns: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 })), { minLength: 1, maxLength: 8 }),
    steps: fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 10 }),
        fc.array(fc.constantFrom('x', 'a', '\n\n', '𝒴'), { maxLength: 4 }),
      ),
      { maxLength: 6 },
    ),
  })
  .map(({ text, anns, steps }) => ({
    text: text.join(''),
    anns: anns.map(([s, l]) => {
      const start = s % text.length;
      return { start, end: Math.min(text.length, start + 1 + l) };
    }),
    steps,
  }));

describe('editOutcomes (property)', () => {
  it('puts untouched passages on their exact text, flags every other, never moves one onto other text', () => {
    fc.assert(
      fc.property(edits, ({ text, anns, steps }) => {
        // Oracle: each character's origin (its old index, or -1 when typed during the edit).
        let ids = cps(text).map((_, i) => i);
        const reps: TextReplace[] = [];
        for (const [a, l, ins] of steps) {
          const start = a % (ids.length + 1);
          const end = Math.min(ids.length, start + l);
          const inserted = ins.join('');
          reps.push({ start, end, text: inserted });
          ids = [...ids.slice(0, start), ...cps(inserted).map(() => -1), ...ids.slice(end)];
        }
        const { text: next, map } = applyReplaces(text, reps);
        expect(mapOf(reps)).toEqual(map);
        expect(cps(next).length).toBe(ids.length);
        const oldIndex = new TextIndex(text);
        const items = anns.map((r, i) => ({
          id: String(i),
          ...r,
          target: describeRange(oldIndex, r.start, r.end),
        }));
        const out = editOutcomes(next, map, items);
        const newCps = cps(next);
        out.forEach((o, i) => {
          const { start, end } = items[i];
          const old = Array.from({ length: end - start }, (_, k) => start + k);
          if (o.outcome === 'lost') {
            expect(o.target).toBe(items[i].target);
            return;
          }
          const { start: s, end: e } = o.target.position;
          const got = ids.slice(s, e);
          // Never another passage's characters.
          for (const id of got) expect(id === -1 || (id >= start && id < end)).toBe(true);
          expect(o.target.quote.exact).toBe(newCps.slice(s, e).join(''));
          if (o.outcome === 'unchanged') {
            expect(got).toEqual(old);
            expect(o.target.quote.exact).toBe(items[i].target.quote.exact);
          }
          // Every passage whose characters were touched is flagged.
          if (got.join() !== old.join()) expect(o.outcome).not.toBe('unchanged');
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('ComposedMap (property)', () => {
  /** Random maps over a text of `len` code points: steps of one or more ranges, each step in
   * the coordinates the previous one left (multi-range steps as inverted or stored maps have). */
  const maps = fc
    .record({
      len: fc.nat({ max: 80 }),
      steps: fc.array(
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.nat({ max: 5 })), {
          minLength: 1,
          maxLength: 3,
        }),
        { maxLength: 12 },
      ),
      ranges: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 15 })), { minLength: 1, maxLength: 20 }),
    })
    .map(({ len, steps, ranges }) => {
      let size = len;
      const map = steps.map((rs) => {
        const out: number[] = [];
        let at = 0;
        for (const [gap, del, ins] of rs) {
          const start = Math.min(size, at + (gap % 9));
          const old = Math.min(size - start, del);
          out.push(start, old, ins);
          at = start + old + 1;
          if (at > size) break;
        }
        // Ranges of a step are sorted and apart; sizes change after the whole step.
        const valid: number[] = [];
        for (let i = 0; i < out.length; i += 3)
          if (!valid.length || out[i] > valid[valid.length - 3] + valid[valid.length - 2])
            valid.push(out[i], out[i + 1], out[i + 2]);
        for (let i = 0; i < valid.length; i += 3) size += valid[i + 2] - valid[i + 1];
        return valid;
      });
      return {
        map,
        ranges: ranges.map(([s, l]) => {
          const start = len ? s % (len + 1) : 0;
          return { start, end: Math.min(len, start + l) };
        }),
      };
    });

  it('traces every range exactly as traceRange does, step by step', () => {
    fc.assert(
      fc.property(maps, ({ map, ranges }) => {
        const composed = new ComposedMap(map);
        for (const r of ranges)
          expect(composed.trace(r.start, r.end)).toEqual(traceRange(map, r.start, r.end));
      }),
      { numRuns: 2000 },
    );
  });

  it('traces through a 1,000-step edit of a long text: untouched ranges only shifted', () => {
    const map = Array.from({ length: 1000 }, (_, k) => [k * 1000 + 10, 40, 40 + (k % 3)]);
    const composed = new ComposedMap(map);
    expect(composed.trace(5, 8)).toEqual({ outcome: 'unchanged', start: 5, end: 8 });
    expect(composed.trace(2060, 2070)).toEqual(traceRange(map, 2060, 2070));
    expect(composed.trace(2020, 2070)).toEqual(traceRange(map, 2020, 2070));
  });
});
