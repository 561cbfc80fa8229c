/** A textblock as the offset map sees it. */
export interface Segment {
  /** Editor position where the block's content starts. */
  pos: number;
  /** Code-point range of plainText the block displays. */
  start: number;
  end: number;
  /** Displayed text (a hard break as one '\n'): one code point per code point of the range. */
  display: string;
}

export type Side = 'start' | 'end';

/**
 * Maps code-point offsets of plainText to editor positions and back, by binary search over
 * textblocks (31,000 blocks: ~15 steps). Inside a block, editor positions advance by the UTF-16
 * units of `display` (ProseMirror counts UTF-16 units; a hard break is one position).
 * Offsets in a gap between blocks (the blank line separating them), or before the first or
 * after the last, snap to the next block's start for side 'start' and to the previous block's
 * end for side 'end', so a range never begins or ends outside the text; positions between
 * blocks snap the same way. An offset on the boundary of two touching blocks goes to the later
 * block for 'start' and the earlier one for 'end'.
 */
export class OffsetMap {
  private readonly pos: Float64Array;
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  /** UTF-16 length of each display, i.e. the block's size in editor positions. */
  private readonly size: Float64Array;
  /** Per block: UTF-16 indexes of the surrogate pairs of its display, or null when none (the
   * fast path: positions and code points advance together). */
  private readonly astral: (Int32Array | null)[];

  /** Throws RangeError when segments are out of order or a display's code-point count differs
   * from its range: both are bugs in the caller. */
  constructor(segments: readonly Segment[]) {
    const n = segments.length;
    this.pos = new Float64Array(n);
    this.start = new Float64Array(n);
    this.end = new Float64Array(n);
    this.size = new Float64Array(n);
    this.astral = new Array(n);
    for (let i = 0; i < n; i++) {
      const s = segments[i];
      const pairs = /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(s.display) ? pairsOf(s.display) : null;
      const cps = s.display.length - (pairs ? pairs.length : 0);
      if (cps !== s.end - s.start)
        throw new RangeError(
          `segment ${i}: display has ${cps} code points, range ${s.start}–${s.end}`,
        );
      if (i > 0 && (s.start < this.end[i - 1] || s.pos < this.pos[i - 1] + this.size[i - 1])) {
        throw new RangeError(`segment ${i} is out of order`);
      }
      this.pos[i] = s.pos;
      this.start[i] = s.start;
      this.end[i] = s.end;
      this.size[i] = s.display.length;
      this.astral[i] = pairs;
    }
  }

  get segmentCount(): number {
    return this.pos.length;
  }

  /** Index of the block containing code-point offset `cp` (start ≤ cp ≤ end; on a shared
   * boundary the later block for 'start', the earlier for 'end'), or -1 when `cp` is in a gap
   * or outside all blocks. */
  segmentAt(cp: number, side: Side = 'start'): number {
    const i = this.locate(this.start, this.end, cp, side);
    return i >= 0 && cp <= this.end[i] && cp >= this.start[i] ? i : -1;
  }

  /** Editor position of code-point offset `cp`. */
  toPos(cp: number, side: Side): number {
    const n = this.pos.length;
    if (n === 0) return 0;
    const i = this.locate(this.start, this.end, cp, side);
    if (i < 0) return this.pos[0];
    if (cp > this.end[i]) {
      // In the gap after block i (or past the last block).
      if (side === 'end' || i === n - 1) return this.pos[i] + this.size[i];
      return this.pos[i + 1];
    }
    return this.pos[i] + unitsFor(this.astral[i], cp - this.start[i]);
  }

  /** Code-point offset of editor position `pos`. A position inside a surrogate pair rounds
   * down for side 'start' and up for side 'end', so a range keeps the whole character. */
  toOffset(pos: number, side: Side): number {
    const n = this.pos.length;
    if (n === 0) return 0;
    const i = this.locatePos(pos, side);
    if (i < 0) return this.start[0];
    const within = pos - this.pos[i];
    if (within > this.size[i]) {
      if (side === 'end' || i === n - 1) return this.end[i];
      return this.start[i + 1];
    }
    return this.start[i] + cpFor(this.astral[i], within, side);
  }

  /** Last block whose start ≤ value (for 'end': whose start < value, unless value is the very
   * first start, so a shared boundary belongs to the earlier block), or -1. */
  private locate(starts: Float64Array, ends: Float64Array, value: number, side: Side): number {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= value) lo = mid + 1;
      else hi = mid;
    }
    let i = lo - 1;
    if (side === 'end') while (i > 0 && starts[i] === value && ends[i - 1] === value) i--;
    return i;
  }

  private locatePos(pos: number, side: Side): number {
    let lo = 0;
    let hi = this.pos.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pos[mid] <= pos) lo = mid + 1;
      else hi = mid;
    }
    let i = lo - 1;
    if (side === 'end')
      while (i > 0 && this.pos[i] === pos && this.pos[i - 1] + this.size[i - 1] === pos) i--;
    return i;
  }
}

/** UTF-16 indexes of the well-formed surrogate pairs of `s`. */
function pairsOf(s: string): Int32Array {
  const out: number[] = [];
  const re = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(m.index);
  return Int32Array.from(out);
}

/** UTF-16 units of the first `cps` code points of a block. */
function unitsFor(pairs: Int32Array | null, cps: number): number {
  if (!pairs) return cps;
  // The j-th pair is code point pairs[j] - j (increasing): count the pairs before `cps`.
  let lo = 0;
  let hi = pairs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pairs[mid] - mid < cps) lo = mid + 1;
    else hi = mid;
  }
  return cps + lo;
}

/** Code points in the first `units` UTF-16 units of a block; a split pair counts as before
 * ('start') or as included ('end'). */
function cpFor(pairs: Int32Array | null, units: number, side: Side): number {
  if (!pairs) return units;
  let lo = 0;
  let hi = pairs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pairs[mid] < units) lo = mid + 1;
    else hi = mid;
  }
  // `lo` pairs start before `units`; if the last of them starts at units - 1, units splits it.
  const split = lo > 0 && pairs[lo - 1] === units - 1;
  return units - lo + (split && side === 'end' ? 1 : 0);
}
