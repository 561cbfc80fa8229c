/**
 * The class view's model: several readers' annotations of one document compared — where they
 * marked (heat-map), which marks touch the same part of the text (passages), how each tag was
 * used, and how far readers agree (Cohen's kappa per pair, Krippendorff's alpha for all).
 *
 * Everything here works on `Mark`s: placed annotations reduced to a code-point range
 * `[start, end)` of the document's plain text. A mark with `end <= start` covers no text: it is
 * counted as an annotation (`readerCounts`, `tagUsage().count`) but takes no part in anything
 * about coverage (heat-map, passages, agreement). All functions are pure and deterministic;
 * none of them looks at the text itself.
 */

/** One placed annotation of one reader, in code points [start, end). */
export interface Mark {
  id: string;
  creator: string;
  start: number;
  end: number;
  tags: readonly string[];
  note: string;
  quote: string;
}

/**
 * Order of reader names everywhere in the class view: `localeCompare` (as the UI sorts its
 * reader list), ties broken by code units so that the order is total and never depends on the
 * input order.
 */
export function compareNames(x: string, y: string): number {
  return x.localeCompare(y) || (x < y ? -1 : x > y ? 1 : 0);
}

const sortedDistinct = (names: Iterable<string>): string[] =>
  [...new Set(names)].sort(compareNames);

const covers = (m: Mark) => m.end > m.start;

// ---------------------------------------------------------------------------------------------
// Heat-map

/** A maximal range where the same set of readers has marks. Only ranges with count > 0. */
export interface HeatSegment {
  start: number;
  end: number;
  /** Number of distinct readers whose marks cover the range (a reader's overlapping marks count once). */
  count: number;
  /** Sorted by `compareNames`. */
  readers: string[];
}

/**
 * How many readers marked each part of the text: a sweep over the marks' ends, O(n log n) plus
 * the size of the output. Segments are in text order, never overlap, and two adjacent segments
 * always differ in their reader set (ranges with the same set are merged, even across the
 * boundary of one of a reader's own marks).
 */
export function heatMap(marks: readonly Mark[]): HeatSegment[] {
  const events: { at: number; delta: 1 | -1; who: string }[] = [];
  for (const m of marks) {
    if (!covers(m)) continue;
    events.push(
      { at: m.start, delta: 1, who: m.creator },
      { at: m.end, delta: -1, who: m.creator },
    );
  }
  events.sort((x, y) => x.at - y.at);

  const depth = new Map<string, number>();
  /** Readers with depth > 0, kept sorted. */
  const present: string[] = [];
  const out: HeatSegment[] = [];
  let i = 0;
  while (i < events.length) {
    const at = events[i].at;
    // All events at one position are applied together, so that a reader whose mark ends where
    // another of theirs begins never drops out of the set.
    const touched = new Set<string>();
    for (; i < events.length && events[i].at === at; i++) {
      const { who, delta } = events[i];
      depth.set(who, (depth.get(who) ?? 0) + delta);
      touched.add(who);
    }
    let changed = false;
    for (const who of touched) {
      const k = lowerBound(present, who);
      const was = present[k] === who;
      const is = (depth.get(who) ?? 0) > 0;
      if (was === is) continue;
      changed = true;
      if (is) present.splice(k, 0, who);
      else present.splice(k, 1);
    }
    if (!present.length || i >= events.length) continue;
    const next = events[i].at;
    const last = out[out.length - 1];
    if (!changed && last && last.end === at) last.end = next;
    else out.push({ start: at, end: next, count: present.length, readers: present.slice() });
  }
  return out;
}

/** First index of `xs` (sorted by `compareNames`) whose element is not before `x`. */
function lowerBound(xs: readonly string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareNames(xs[mid], x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Passages

/** Connected group of overlapping marks ([a,b) and [b,c) do not overlap). */
export interface Passage {
  /** Smallest start and largest end of its marks. */
  start: number;
  end: number;
  /** Ordered by start, then end, then creator (`compareNames`), then id. */
  marks: Mark[];
  /** Sorted by `compareNames`, distinct. */
  readers: string[];
}

const byPosition = (x: Mark, y: Mark) =>
  x.start - y.start ||
  x.end - y.end ||
  compareNames(x.creator, y.creator) ||
  (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/**
 * The passages of the text, in text order: marks are joined when their ranges share at least
 * one code point, directly or through other marks. Passages therefore never overlap (they may
 * touch). Marks that cover no text belong to no passage.
 */
export function passages(marks: readonly Mark[]): Passage[] {
  const sorted = marks.filter(covers).sort(byPosition);
  const out: Passage[] = [];
  let cur: Passage | null = null;
  for (const m of sorted) {
    if (cur && m.start < cur.end) {
      cur.marks.push(m);
      if (m.end > cur.end) cur.end = m.end;
    } else {
      cur = { start: m.start, end: m.end, marks: [m], readers: [] };
      out.push(cur);
    }
  }
  for (const p of out) p.readers = sortedDistinct(p.marks.map((m) => m.creator));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tags and readers

export interface TagUsage {
  tagId: string;
  /** Readers with at least one mark carrying the tag; sorted, distinct. */
  readers: string[];
  /** Marks carrying the tag (a tag listed twice on one mark counts once). */
  count: number;
  /** Passages formed by the marks carrying the tag only. */
  passages: Passage[];
}

/** One entry per id of `tagIds`, in that order; unused tags included with zeros. */
export function tagUsage(marks: readonly Mark[], tagIds: readonly string[]): TagUsage[] {
  const byTag = new Map<string, Mark[]>(tagIds.map((id) => [id, []]));
  for (const m of marks) for (const id of new Set(m.tags)) byTag.get(id)?.push(m);
  return tagIds.map((tagId) => {
    const ms = byTag.get(tagId) ?? [];
    return {
      tagId,
      readers: sortedDistinct(ms.map((m) => m.creator)),
      count: ms.length,
      passages: passages(ms),
    };
  });
}

export interface ReaderCounts {
  reader: string;
  /** All of the reader's marks. */
  total: number;
  /** Marks carrying none of `tagIds` (so a mark whose only tag was deleted counts as untagged). */
  untagged: number;
  /** Marks whose note is not blank. */
  withNote: number;
  /** Every id of `tagIds` → marks carrying it, zeros included. */
  byTag: Record<string, number>;
}

/** One entry per reader of `readers`, in that order, zeros included; marks of other creators are ignored. */
export function readerCounts(
  marks: readonly Mark[],
  readers: readonly string[],
  tagIds: readonly string[],
): ReaderCounts[] {
  const known = new Set(tagIds);
  const rows = new Map<string, ReaderCounts>();
  for (const reader of readers) {
    if (rows.has(reader)) continue;
    rows.set(reader, {
      reader,
      total: 0,
      untagged: 0,
      withNote: 0,
      byTag: Object.fromEntries(tagIds.map((id) => [id, 0])),
    });
  }
  for (const m of marks) {
    const row = rows.get(m.creator);
    if (!row) continue;
    row.total++;
    if (m.note.trim()) row.withNote++;
    const tags = new Set(m.tags.filter((id) => known.has(id)));
    if (!tags.size) row.untagged++;
    for (const id of tags) row.byTag[id]++;
  }
  return readers.map((r) => rows.get(r)!);
}

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

/** What an anonymised view shows for a name that is not among the readers it was made for. */
export const UNKNOWN_STUDENT = 'Student ?';

/**
 * Display names: the identity when off; when on, "Student 1", "Student 2"… numbered by first
 * occurrence in `readers` (duplicates share a number). A name not in `readers` becomes
 * "Student ?" — never the name itself, and never a number that depends on the order in which
 * names are asked for — so the result is pure and stable. Pass every reader the view can show
 * (not only the visible ones) so that numbers do not change when layers are hidden.
 */
export function anonymiser(readers: readonly string[], on: boolean): (name: string) => string {
  if (!on) return (name) => name;
  const numbers = new Map<string, number>();
  for (const r of readers) if (!numbers.has(r)) numbers.set(r, numbers.size + 1);
  return (name) => {
    const i = numbers.get(name);
    return i === undefined ? UNKNOWN_STUDENT : `Student ${i}`;
  };
}
