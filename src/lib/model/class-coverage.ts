/**
 * Where the readers of a class marked the text: the heat-map (how many readers per range),
 * passages (connected groups of overlapping marks), and per-tag and per-reader counts.
 * Pure and deterministic; see `class-analysis.ts` for the conventions on `Mark`s.
 */
import { compareNames, covers, sortedDistinct, type Mark } from './class-mark';

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
