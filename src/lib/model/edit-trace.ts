import type { EditMap } from './types';
import { mapStep } from './edit-map';

/**
 * Carrying a range through an edit map and saying what the edit did to it (issue 16): the
 * edit's own mapping (assoc −1/+1 at the ends, deleted ranges), never a search for the quote.
 */

/** What an edit did to an annotation. */
export type EditOutcome = 'unchanged' | 'changed' | 'adjusted' | 'lost';

const RANK: Record<EditOutcome, number> = { unchanged: 0, changed: 1, adjusted: 2, lost: 3 };

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
