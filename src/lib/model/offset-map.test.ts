import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OffsetMap, type Segment } from './offset-map';

/**
 * Builds segments the way the editor does for blocks separated by "\n\n" in plain text:
 * each paragraph's content starts 2 positions after the previous one's end (close + open).
 */
function build(blocks: string[]): { plain: string; segments: Segment[] } {
  const segments: Segment[] = [];
  const parts: string[] = [];
  let cps = 0;
  let pos = 1;
  for (const b of blocks) {
    if (parts.length) cps += 2;
    const start = cps;
    cps += [...b].length;
    parts.push(b);
    segments.push({ pos, start, end: cps, display: b });
    pos += b.length + 2;
  }
  return { plain: parts.join('\n\n'), segments };
}

describe('OffsetMap', () => {
  const { plain, segments } = build(['Hello', 'a😀b\nc', '', '👩‍👩‍👧 end']);
  const map = new OffsetMap(segments);

  it('maps offsets inside blocks to positions and back', () => {
    for (const s of segments) {
      const cps = [...s.display];
      for (let k = 0; k <= cps.length; k++) {
        const pos = s.pos + cps.slice(0, k).join('').length;
        for (const side of ['start', 'end'] as const) {
          expect(map.toPos(s.start + k, side)).toBe(pos);
          expect(map.toOffset(pos, side)).toBe(s.start + k);
        }
      }
    }
    expect(map.segmentCount).toBe(4);
  });

  it('counts a hard break as one position and one code point', () => {
    const s = segments[1];
    // 'a😀b\nc': c is code point 4, UTF-16 unit 5.
    expect(map.toPos(s.start + 4, 'start')).toBe(s.pos + 5);
    expect(map.toOffset(s.pos + 5, 'start')).toBe(s.start + 4);
  });

  it('snaps offsets in the gaps between blocks', () => {
    const gap = segments[0].end + 1; // the second '\n' of "\n\n"
    expect(plain.slice(5, 7)).toBe('\n\n');
    expect(map.toPos(gap, 'start')).toBe(segments[1].pos);
    expect(map.toPos(gap, 'end')).toBe(segments[0].pos + 5);
    expect(map.segmentAt(gap)).toBe(-1);
    expect(map.segmentAt(segments[1].start + 1)).toBe(1);
  });

  it('snaps positions between blocks', () => {
    const between = segments[0].pos + 5 + 1; // after </p>, before <p>
    expect(map.toOffset(between, 'start')).toBe(segments[1].start);
    expect(map.toOffset(between, 'end')).toBe(segments[0].end);
    expect(map.toOffset(0, 'start')).toBe(0);
    expect(map.toOffset(10_000, 'end')).toBe(segments[3].end);
    expect(map.toPos(-1, 'start')).toBe(segments[0].pos);
    expect(map.toPos(10_000, 'end')).toBe(segments[3].pos + segments[3].display.length);
  });

  it('rounds a position inside a surrogate pair down for start and up for end', () => {
    const s = segments[1];
    expect(map.toOffset(s.pos + 2, 'start')).toBe(s.start + 1);
    expect(map.toOffset(s.pos + 2, 'end')).toBe(s.start + 2);
  });

  it('gives a shared boundary of touching blocks to the later block for start, earlier for end', () => {
    const m = new OffsetMap([
      { pos: 1, start: 0, end: 3, display: 'abc' },
      { pos: 6, start: 3, end: 5, display: 'de' },
    ]);
    expect(m.toPos(3, 'start')).toBe(6);
    expect(m.toPos(3, 'end')).toBe(4);
  });

  it('handles an empty map', () => {
    const m = new OffsetMap([]);
    expect(m.toPos(5, 'start')).toBe(0);
    expect(m.toOffset(5, 'end')).toBe(0);
  });

  it('rejects inconsistent segments', () => {
    expect(() => new OffsetMap([{ pos: 1, start: 0, end: 3, display: 'ab' }])).toThrow(RangeError);
    expect(
      () =>
        new OffsetMap([
          { pos: 10, start: 0, end: 1, display: 'a' },
          { pos: 1, start: 3, end: 4, display: 'b' },
        ]),
    ).toThrow(RangeError);
  });

  it('round-trips over 31,000 segments', { timeout: 60_000 }, () => {
    const blocks = Array.from({ length: 31_000 }, (_, i) =>
      i % 7 === 0 ? `verse ${i} 😀 x` : `verse ${i} text`,
    );
    const built = build(blocks);
    const big = new OffsetMap(built.segments);
    for (let i = 0; i < 31_000; i += 97) {
      const s = built.segments[i];
      for (const k of [0, 6, [...s.display].length]) {
        const pos = big.toPos(s.start + k, 'start');
        expect(big.toOffset(pos, 'start')).toBe(s.start + k);
      }
    }
  });
});

/** Segments with arbitrary gaps between their code-point ranges (e.g. plain text's blank lines
 * and trimmed indentation), each block 2 editor positions after the previous one (close + open). */
function withGaps(blocks: { gap: number; display: string }[]): Segment[] {
  const out: Segment[] = [];
  let cp = 0;
  let pos = 1;
  for (const b of blocks) {
    cp += b.gap;
    const n = [...b.display].length;
    out.push({ pos, start: cp, end: cp + n, display: b.display });
    cp += n;
    pos += b.display.length + 2;
  }
  return out;
}

describe('OffsetMap with gaps, astral characters and hard breaks', () => {
  const segments = withGaps([
    { gap: 3, display: 'ab😀\ncd' }, // 6 code points, 7 units; starts after 3 blank code points
    { gap: 4, display: '👩‍👩‍👧\n🇫🇷' }, // 8 code points, 12 units
    { gap: 0, display: 'x' }, // touching the previous block
    { gap: 10, display: 'e\u0301\n😀' },
  ]);
  const map = new OffsetMap(segments);

  it('round-trips every offset inside every block, with hard breaks as one position', () => {
    for (const s of segments) {
      const cps = [...s.display];
      for (let k = 0; k <= cps.length; k++) {
        const units = cps.slice(0, k).join('').length;
        for (const side of ['start', 'end'] as const) {
          // A shared boundary of touching blocks belongs to one of them; skip it here.
          const shared = segments.some(
            (o) => o !== s && (o.end === s.start + k || o.start === s.start + k),
          );
          if (shared) continue;
          expect(map.toPos(s.start + k, side)).toBe(s.pos + units);
          expect(map.toOffset(s.pos + units, side)).toBe(s.start + k);
        }
      }
    }
    // The '\n' after 'ab😀' is code point 3 of the block and position 4 (😀 is 2 positions).
    expect(map.toPos(segments[0].start + 4, 'start')).toBe(segments[0].pos + 5);
  });

  it("snaps offsets in a gap: 'start' to the next block's start, 'end' to the previous block's end", () => {
    const [a, b, , d] = segments;
    for (let cp = a.end + 1; cp < b.start; cp++) {
      expect(map.toPos(cp, 'start')).toBe(b.pos);
      expect(map.toPos(cp, 'end')).toBe(a.pos + a.display.length);
      expect(map.segmentAt(cp)).toBe(-1);
    }
    // Before the first block and after the last.
    expect(map.toPos(0, 'start')).toBe(a.pos);
    expect(map.toPos(1, 'end')).toBe(a.pos);
    expect(map.toPos(d.end + 5, 'start')).toBe(d.pos + d.display.length);
    expect(map.toPos(d.end + 5, 'end')).toBe(d.pos + d.display.length);
    // Positions between blocks snap the same way.
    const between = a.pos + a.display.length + 1;
    expect(map.toOffset(between, 'start')).toBe(b.start);
    expect(map.toOffset(between, 'end')).toBe(a.end);
  });

  it('keeps a whole astral character when a position falls inside it', () => {
    const b = segments[1];
    expect(map.toOffset(b.pos + 1, 'start')).toBe(b.start); // inside 👩
    expect(map.toOffset(b.pos + 1, 'end')).toBe(b.start + 1);
  });

  it('round-trips and snaps for arbitrary segments (property)', { timeout: 60_000 }, () => {
    const block = fc.record({
      gap: fc.integer({ min: 0, max: 4 }),
      display: fc.string({
        unit: fc.constantFrom('a', 'ж', '😀', '\n', '\u0301', '👩‍👩‍👧'),
        minLength: 1,
        maxLength: 6,
      }),
    });
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), (blocks) => {
        const segs = withGaps(blocks);
        const m = new OffsetMap(segs);
        const last = segs[segs.length - 1];
        for (let cp = 0; cp <= last.end + 2; cp++) {
          for (const side of ['start', 'end'] as const) {
            const back = m.toOffset(m.toPos(cp, side), side);
            if (segs.some((s) => s.start <= cp && cp <= s.end)) expect(back).toBe(cp);
            else if (side === 'start')
              expect(back).toBe(segs.find((s) => s.start > cp)?.start ?? last.end);
            else
              expect(back).toBe([...segs].reverse().find((s) => s.end < cp)?.end ?? segs[0].start);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it(
    'snaps and round-trips in gaps over 31,000 segments with astral characters',
    { timeout: 60_000 },
    () => {
      const segs = withGaps(
        Array.from({ length: 31_000 }, (_, i) => ({
          gap: 2 + (i % 3),
          display: i % 5 ? `v${i} text\nmore` : `v${i} 😀\n👩‍👩‍👧`,
        })),
      );
      const m = new OffsetMap(segs);
      expect(m.segmentCount).toBe(31_000);
      for (let i = 1; i < 31_000; i += 101) {
        const s = segs[i];
        const prev = segs[i - 1];
        const n = [...s.display].length;
        for (let k = 0; k <= n; k++)
          expect(m.toOffset(m.toPos(s.start + k, 'start'), 'start')).toBe(s.start + k);
        expect(m.toPos(s.end, 'end')).toBe(s.pos + s.display.length);
        expect(m.toPos(prev.end + 1, 'start')).toBe(s.pos);
        expect(m.toPos(prev.end + 1, 'end')).toBe(prev.pos + prev.display.length);
        expect(m.segmentAt(s.start + 1)).toBe(i);
      }
    },
  );
});
