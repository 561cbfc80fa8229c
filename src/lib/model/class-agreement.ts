/**
 * How far the readers of a class agree on where a tag applies: character-level Cohen's kappa per
 * pair and Krippendorff's alpha for all, computed from interval sweeps; and plain words for them.
 */
import type { Mark } from './class-mark';

// ---------------------------------------------------------------------------------------------
// Agreement

export interface PairAgreement {
  a: string;
  b: string;
  /** Cohen's kappa; null when undefined (expected agreement 1: both readers coded every unit alike). */
  kappa: number | null;
  /** Proportion of characters on which they agree. */
  observed: number;
}

export interface TagAgreement {
  tagId: string | null;
  /** The readers compared, in the order given (duplicates dropped). */
  readers: string[];
  /** One per pair (readers[i], readers[j]), i < j, in that order. */
  pairs: PairAgreement[];
  /** Mean of the defined kappas; null when none is defined. */
  meanKappa: number | null;
  /** Krippendorff's alpha, nominal; null when undefined. */
  alpha: number | null;
  /** Code points marked by at least one reader. */
  marked: number;
}

/** Disjoint, sorted, non-adjacent half-open intervals. */
type Intervals = [number, number][];

/** The union of ranges clipped to [0, length). */
function union(ranges: [number, number][], length: number): Intervals {
  const clipped = ranges
    .map(([s, e]): [number, number] => [Math.max(0, s), Math.min(length, e)])
    .filter(([s, e]) => e > s);
  clipped.sort((x, y) => x[0] - y[0]);
  const out: Intervals = [];
  for (const [s, e] of clipped) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

const size = (xs: Intervals) => xs.reduce((n, [s, e]) => n + e - s, 0);

/** Code points in both unions: a merge of two sorted lists. */
function intersection(xs: Intervals, ys: Intervals): number {
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < xs.length && j < ys.length) {
    const lo = Math.max(xs[i][0], ys[j][0]);
    const hi = Math.min(xs[i][1], ys[j][1]);
    if (hi > lo) n += hi - lo;
    if (xs[i][1] < ys[j][1]) i++;
    else j++;
  }
  return n;
}

/**
 * Cohen's kappa of two binary codings from their contingency counts (n11: both 1, n10: only
 * the first, n01: only the second, n00: neither). Computed on integers and divided once, so
 * that it is exact up to rounding for texts of up to ~90 million code points; null when the
 * expected agreement is 1 (both coders gave every unit the same value).
 */
export function cohensKappa(n11: number, n10: number, n01: number, n00: number): number | null {
  const n = n11 + n10 + n01 + n00;
  // po − pe and 1 − pe, both multiplied by N².
  const expected = (n11 + n10) * (n11 + n01) + (n01 + n00) * (n10 + n00);
  const den = n * n - expected;
  return den === 0 ? null : (n * (n11 + n00) - expected) / den;
}

/**
 * Character-level agreement on the presence of a tag (tagId null: presence of any mark).
 * Each code point of the text (length = text length in code points) is a unit; each reader
 * codes it 1 if one of their marks with that tag covers it, else 0. Pairwise Cohen's kappa for
 * every pair of readers (null when undefined: expected agreement 1, e.g. neither reader used
 * the tag), their mean over defined pairs, and Krippendorff's alpha (nominal, all readers,
 * no missing data; null when undefined). Computed from interval sweeps, never per-character
 * arrays, so a 4 MB book with 30 readers is fast.
 *
 * Marks are clipped to [0, length); marks by creators not in `readers` are ignored. A reader
 * without marks still counts: they coded every unit 0. Length 0 or fewer than two readers:
 * no pairs and every figure null (`marked` is still counted).
 */
export function agreement(
  length: number,
  marks: readonly Mark[],
  readers: readonly string[],
  tagId: string | null,
): TagAgreement {
  const who = [...new Set(readers)];
  const ranges = new Map<string, [number, number][]>(who.map((r) => [r, []]));
  for (const m of marks) {
    if (tagId !== null && !m.tags.includes(tagId)) continue;
    ranges.get(m.creator)?.push([m.start, m.end]);
  }
  const n = Math.max(0, length);
  const unions = who.map((r) => union(ranges.get(r)!, n));
  const ones = unions.map(size);

  // Sweep over all readers' unions: k = readers coding 1, constant between event positions.
  const events: [number, number][] = [];
  for (const u of unions) for (const [s, e] of u) events.push([s, 1], [e, -1]);
  events.sort((x, y) => x[0] - y[0]);
  const m = who.length;
  let marked = 0;
  /** Σ over units of k(m − k): m − 1 times the disagreeing (0,1) pairs of Krippendorff's coincidence matrix. */
  let disagreeing = 0;
  let k = 0;
  for (let i = 0; i < events.length; i++) {
    k += events[i][1];
    const span = i + 1 < events.length ? events[i + 1][0] - events[i][0] : 0;
    if (k > 0 && span > 0) {
      marked += span;
      disagreeing += span * k * (m - k);
    }
  }

  const result: TagAgreement = {
    tagId,
    readers: who,
    pairs: [],
    meanKappa: null,
    alpha: null,
    marked,
  };
  if (n === 0 || m < 2) return result;

  let sum = 0;
  let defined = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const n11 = intersection(unions[i], unions[j]);
      const n10 = ones[i] - n11;
      const n01 = ones[j] - n11;
      const n00 = n - n11 - n10 - n01;
      const kappa = cohensKappa(n11, n10, n01, n00);
      if (kappa !== null) {
        sum += kappa;
        defined++;
      }
      result.pairs.push({ a: who[i], b: who[j], kappa, observed: (n11 + n00) / n });
    }
  }
  result.meanKappa = defined ? sum / defined : null;

  // alpha = 1 − (n − 1)·o01 / (n0·n1), with o01 = Σ k(m − k) / (m − 1) over units.
  const values = n * m;
  const n1 = ones.reduce((a, b) => a + b, 0);
  const n0 = values - n1;
  if (n0 > 0 && n1 > 0) result.alpha = 1 - ((values - 1) / n0) * (disagreeing / (m - 1) / n1);
  return result;
}

/** Plain words for a kappa/alpha value (Landis & Koch 1977): null → "not enough marks to measure"; < 0 "less than chance"; ≤ 0.20 "slight"; ≤ 0.40 "fair"; ≤ 0.60 "moderate"; ≤ 0.80 "substantial"; else "almost perfect". Return a short phrase like "moderate agreement". */
export function describeAgreement(v: number | null): string {
  if (v === null || Number.isNaN(v)) return 'not enough marks to measure';
  if (v < 0) return 'less agreement than chance';
  if (v <= 0.2) return 'slight agreement';
  if (v <= 0.4) return 'fair agreement';
  if (v <= 0.6) return 'moderate agreement';
  if (v <= 0.8) return 'substantial agreement';
  return 'almost perfect agreement';
}
