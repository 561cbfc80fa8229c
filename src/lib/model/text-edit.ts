import type { AnnotationTarget, EditMap } from './types';
import { TextIndex, cpLength } from './text-index';
import { describeRange } from './selectors';

/**
 * Text edits in code points (issue 16): the position map of an edit, and what it does to each
 * annotation. Everything here follows the edit's own mapping, the same semantics as
 * ProseMirror's `StepMap` (assoc −1/+1 at the ends, deleted ranges), never a search for the
 * quote: an annotation is carried to exactly the characters it covered, or flagged.
 */

/** One replacement: code points [start, end) of the text before it become `text`. */
export interface TextReplace {
  start: number;
  end: number;
  text: string;
}

export type { EditMap } from './types';

/** What an edit did to an annotation. */
export type EditOutcome = 'unchanged' | 'changed' | 'adjusted' | 'lost';

const RANK: Record<EditOutcome, number> = { unchanged: 0, changed: 1, adjusted: 2, lost: 3 };

export { cpLength };

/**
 * Applies replacements one after another (each in the coordinates of the text the previous one
 * left) and returns the new text with the map of the whole edit. Throws RangeError for a range
 * outside the text: callers compute their ranges.
 */
export function applyReplaces(
  text: string,
  replaces: readonly TextReplace[],
): { text: string; map: EditMap } {
  let out = text;
  let index = new TextIndex(out);
  const map: EditMap = [];
  for (const r of replaces) {
    if (!(r.start >= 0 && r.start <= r.end && r.end <= index.length))
      throw new RangeError(`replace ${r.start}–${r.end} outside a text of ${index.length}`);
    const size = cpLength(r.text);
    if (r.start === r.end && size === 0) continue;
    out = out.slice(0, index.toUtf16(r.start)) + r.text + out.slice(index.toUtf16(r.end));
    index = new TextIndex(out);
    map.push([r.start, r.end - r.start, size]);
  }
  return { text: out, map };
}

/** The map of replacements made one after another (as `applyReplaces` gives it), without
 * building the text: for the caller that already has the edited text (the editor's recorder). */
export function mapOf(replaces: readonly TextReplace[]): EditMap {
  const map: EditMap = [];
  for (const r of replaces) {
    const size = cpLength(r.text);
    if (r.start !== r.end || size) map.push([r.start, r.end - r.start, size]);
  }
  return map;
}

/** Maps a position through one step (ProseMirror's StepMap.map): `assoc` −1 keeps a position
 * on a replaced range's start, +1 on its end. */
export function mapStep(ranges: readonly number[], pos: number, assoc: -1 | 1): number {
  let diff = 0;
  for (let i = 0; i < ranges.length; i += 3) {
    const start = ranges[i];
    if (start > pos) break;
    const oldSize = ranges[i + 1];
    const newSize = ranges[i + 2];
    const end = start + oldSize;
    if (pos <= end) {
      const side = !oldSize ? assoc : pos === start ? -1 : pos === end ? 1 : assoc;
      return start + diff + (side < 0 ? 0 : newSize);
    }
    diff += newSize - oldSize;
  }
  return pos + diff;
}

/** Maps a position through every step of a map. */
export function mapPos(map: EditMap, pos: number, assoc: -1 | 1): number {
  for (const step of map) pos = mapStep(step, pos, assoc);
  return pos;
}

/** The map back from the end of `map` to its start (restoring an older version): every step
 * inverted (sizes swapped, starts in the text after it), in reverse order. */
export function invertMap(map: EditMap): EditMap {
  return map
    .map((step) => {
      const out: number[] = [];
      let diff = 0;
      for (let i = 0; i < step.length; i += 3) {
        out.push(step[i] + diff, step[i + 2], step[i + 1]);
        diff += step[i + 2] - step[i + 1];
      }
      return out;
    })
    .reverse();
}

/** Joins maps made one after another (version N→N+1, N+1→N+2, …) into one. */
export function joinMaps(...maps: EditMap[]): EditMap {
  return maps.flat();
}

/** Where a range lands after an edit, and what the edit did to it. For 'lost' the range is
 * empty (the point where its text was). */
export interface Traced {
  outcome: EditOutcome;
  start: number;
  end: number;
}

/**
 * Carries the range [start, end) through an edit. Its start keeps to the right of text
 * inserted at it and its end to the left, so words typed just before or after a passage never
 * join it. Per step: a replaced range covering the whole passage loses it; one crossing or
 * touching the passage's first or last character adjusts it; one strictly inside (or text
 * inserted strictly inside) changes it. The worst outcome over all steps is reported.
 */
export function traceRange(map: EditMap, start: number, end: number): Traced {
  let s = start;
  let e = end;
  let outcome: EditOutcome = 'unchanged';
  for (const step of map) {
    const now: EditOutcome = outcome === 'lost' ? 'lost' : touched(step, s, e);
    if (RANK[now] > RANK[outcome]) outcome = now;
    if (outcome === 'lost') {
      s = e = mapStep(step, s, -1);
      continue;
    }
    s = mapStep(step, s, 1);
    e = Math.max(s, mapStep(step, e, -1));
    if (s === e && end > start) outcome = 'lost';
  }
  return { outcome, start: s, end: e };
}

/**
 * A map's steps composed once, so that a range no step came near is traced with one binary
 * search instead of a walk over every step. The steps are gathered into clusters: closed ranges
 * of the text before the edit holding every position a step replaced or inserted at (steps
 * touching one another join one cluster). A range whose closed span meets no cluster is, at
 * every step, strictly apart from it: `traceRange` would report it unchanged and shifted by the
 * size change of the clusters before it, which is what `trace` returns. Every other range is
 * traced step by step with `traceRange`, so the result is always exactly `traceRange`'s.
 */
export class ComposedMap {
  /** Cluster bounds in the text before the edit, sorted, disjoint: [oldStart, oldEnd]. */
  readonly #from: number[] = [];
  readonly #to: number[] = [];
  /** Size change of the clusters before index i (length clusters + 1). */
  readonly #shift: number[] = [0];

  constructor(readonly map: EditMap) {
    /** Clusters: bounds now (after the steps so far), bounds in the old text (may be wider than
     * needed, never narrower: that only sends more ranges to `traceRange`), size change. */
    type C = { a: number; b: number; oa: number; ob: number; d: number };
    let cs: C[] = [];
    /** A position now, outside every cluster, in the old text. */
    const back = (pos: number) => cs.reduce((p, c) => (c.b < pos ? p - c.d : p), pos);
    for (const step of map)
      // Ranges of one step are in the coordinates before it; right to left, each one applied
      // alone leaves the coordinates of those to its left as they were.
      for (let i = step.length - 3; i >= 0; i -= 3) {
        const rs = step[i];
        const re = rs + step[i + 1];
        const d = step[i + 2] - step[i + 1];
        const hit = cs.filter((c) => c.b >= rs && c.a <= re);
        const merged: C = {
          a: Math.min(rs, ...hit.map((c) => c.a)),
          b: Math.max(re, ...hit.map((c) => c.b)) + d,
          oa: Math.min(back(rs), ...hit.map((c) => c.oa)),
          ob: Math.max(back(re), ...hit.map((c) => c.ob)),
          d: d + hit.reduce((n, c) => n + c.d, 0),
        };
        cs = cs.filter((c) => !hit.includes(c));
        for (const c of cs)
          if (c.a > re) {
            c.a += d;
            c.b += d;
          }
        cs.push(merged);
      }
    // Sorted in the old text, any overlapping ones joined.
    cs.sort((x, y) => x.oa - y.oa);
    let shift = 0;
    for (const c of cs) {
      const last = this.#to.length - 1;
      if (last >= 0 && c.oa <= this.#to[last]) {
        this.#to[last] = Math.max(this.#to[last], c.ob);
        this.#shift[last + 1] += c.d;
      } else {
        this.#from.push(c.oa);
        this.#to.push(c.ob);
        this.#shift.push(shift + c.d);
      }
      shift += c.d;
    }
  }

  /** Exactly `traceRange(this.map, start, end)`. */
  trace(start: number, end: number): Traced {
    // The first cluster ending at or after `start`.
    let lo = 0;
    let hi = this.#to.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#to[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.#from.length && this.#from[lo] <= end) return traceRange(this.map, start, end);
    const d = this.#shift[lo];
    return { outcome: 'unchanged', start: start + d, end: end + d };
  }
}

/** The worst thing one step does to the range [s, e). */
function touched(step: readonly number[], s: number, e: number): EditOutcome {
  let worst: EditOutcome = 'unchanged';
  for (let i = 0; i < step.length; i += 3) {
    const rs = step[i];
    const re = rs + step[i + 1];
    if (rs > e) break;
    let o: EditOutcome = 'unchanged';
    if (rs === re) o = rs > s && rs < e ? 'changed' : 'unchanged';
    else if (rs < e && re > s)
      o = rs <= s && re >= e ? 'lost' : rs <= s || re >= e ? 'adjusted' : 'changed';
    if (RANK[o] > RANK[worst]) worst = o;
  }
  return worst;
}

/** An annotation's range on the old text, by id. */
export interface RangeItem {
  id: string;
  start: number;
  end: number;
  /** Its current target (kept as is when lost). */
  target: AnnotationTarget;
}

/** The result of an edit for one annotation. */
export interface ItemOutcome {
  id: string;
  outcome: EditOutcome;
  /** Selectors recomputed from the new text (the old target when lost). */
  target: AnnotationTarget;
  /** The quote before the edit. */
  oldQuote: string;
}

/**
 * Computes every annotation's outcome from the edit's map and recomputes both selectors from
 * the new canonical text. Lost ones keep their old target (they go to Unplaced with it).
 */
export function editOutcomes(
  newText: string | TextIndex,
  map: EditMap,
  items: readonly RangeItem[],
): ItemOutcome[] {
  const index = typeof newText === 'string' ? new TextIndex(newText) : newText;
  const composed = new ComposedMap(map);
  return items.map((it) => {
    const t = composed.trace(it.start, it.end);
    const oldQuote = it.target.quote.exact;
    if (t.outcome === 'lost') return { id: it.id, outcome: 'lost', target: it.target, oldQuote };
    const target = describeRange(index, t.start, t.end);
    return { id: it.id, outcome: t.outcome, target, oldQuote };
  });
}

/** Checks a map read from storage or a file: steps of non-negative integer triples. */
export function isEditMap(v: unknown): v is EditMap {
  return (
    Array.isArray(v) &&
    v.every(
      (step) =>
        Array.isArray(step) &&
        step.length % 3 === 0 &&
        step.every((n) => Number.isInteger(n) && n >= 0),
    )
  );
}
