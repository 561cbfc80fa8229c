import { describe, expect, it } from 'vitest';
import { OffsetMap, type Segment } from './offset-map';

/// Builds segments the way the editor does for blocks separated by "\n\n" in plain text:
/// each paragraph's content starts 2 positions after the previous one's end (close + open).
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

  it('round-trips over 31,000 segments', () => {
    const blocks = Array.from({ length: 31_000 }, (_, i) => (i % 7 === 0 ? `verse ${i} 😀 x` : `verse ${i} text`));
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
