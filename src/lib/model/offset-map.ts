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

interface Entry extends Segment {
  /** UTF-16 length of display, i.e. the block's size in editor positions. */
  size: number;
  /** UTF-16 indexes of astral chars in display, or null when there are none. */
  astral: number[] | null;
}

/// Maps code-point offsets of plainText to editor positions and back, by binary search over
/// textblocks. Offsets in the gap between two blocks (the blank line separating them) snap to
/// the next block's start for a range start, and to the previous block's end for a range end,
/// so a range never begins or ends outside the text.
export class OffsetMap {
  private readonly entries: Entry[];

  constructor(segments: readonly Segment[]) {
    this.entries = segments.map((s) => {
      let astral: number[] | null = null;
      if (/[\uD800-\uDBFF]/.test(s.display)) {
        astral = [];
        const re = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
        let m: RegExpExecArray | null;
        while ((m = re.exec(s.display)) !== null) astral.push(m.index);
      }
      return { ...s, size: s.display.length, astral };
    });
  }

  get segmentCount(): number {
    return this.entries.length;
  }

  /** Index of the last entry whose `key` is ≤ value, or -1. */
  private find(value: number, key: 'start' | 'pos'): number {
    let lo = 0;
    let hi = this.entries.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid][key] <= value) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  toPos(cp: number, side: 'start' | 'end'): number {
    const n = this.entries.length;
    if (n === 0) return 0;
    let i = this.find(cp, 'start');
    if (i < 0) return this.entries[0].pos;
    let e = this.entries[i];
    if (cp > e.end) {
      // In a gap after block i.
      if (side === 'end' || i === n - 1) return e.pos + e.size;
      e = this.entries[++i];
      return e.pos;
    }
    return e.pos + unitsFor(e, cp - e.start);
  }

  toOffset(pos: number, side: 'start' | 'end'): number {
    const n = this.entries.length;
    if (n === 0) return 0;
    let i = this.find(pos, 'pos');
    if (i < 0) return this.entries[0].start;
    const e = this.entries[i];
    const within = pos - e.pos;
    if (within > e.size) {
      // Between blocks (or past the last one).
      if (side === 'end' || i === n - 1) return e.end;
      return this.entries[++i].start;
    }
    return e.start + cpFor(e, within);
  }
}

/** UTF-16 units of the first `cps` code points of the block. */
function unitsFor(e: Entry, cps: number): number {
  if (!e.astral) return cps;
  let units = cps;
  for (const a of e.astral) {
    if (a - (units - cps) < cps) units++;
    else break;
  }
  return Math.min(units, e.size);
}

/** Code points in the first `units` UTF-16 units of the block (a split pair counts as before). */
function cpFor(e: Entry, units: number): number {
  if (!e.astral) return units;
  let before = 0;
  for (const a of e.astral) {
    if (a < units) before++;
    else break;
  }
  return units - before;
}
