import type { Highlight } from './annotation-decorations';

/** A range of editor positions; the ends may be ±Infinity (everything) or crossed (nothing). */
export interface Span {
  from: number;
  to: number;
}

/** Highlights longer than this many positions are kept apart and checked one by one: the
 * sorted list's lookup goes back this far before a range's start to find those reaching into
 * it. Few are this long (a few paragraphs is ~2,000 positions). */
const LONG = 20_000;

/** Whether `h` meets `r` (touching counts: as the drawing has always decided). */
export const meets = (h: Highlight, r: Span): boolean => h.to >= r.from && h.from <= r.to;

/** Moves `h` in place through a change of the text: `map(pos, assoc)` is ProseMirror's
 * `Mapping.map`. Its start maps forward of an insertion there and its end backward, as the drawn
 * decorations do (neither end inclusive); an end never falls before the start. */
export function mapHighlight(h: Highlight, map: (pos: number, assoc: number) => number): void {
  h.from = map(h.from, 1);
  h.to = Math.max(h.from, map(h.to, -1));
}

/** How far `h` lies from `r` (0 when they meet). */
const gap = (h: Highlight, r: Span): number =>
  h.to < r.from ? r.from - h.to : h.from > r.to ? h.from - r.to : 0;

/**
 * Highlights waiting to be drawn, sorted by start, so that those meeting a range are found by a
 * binary search (and taken out by one splice), never by a pass over thousands. The objects are
 * owned here while they wait: `map` moves them in place.
 */
export class WaitingHighlights {
  /** By `from`; each at most LONG long. */
  #sorted: Highlight[] = [];
  /** The longer ones, in no order. */
  #long: Highlight[] = [];
  #ids = new Set<string>();

  get size(): number {
    return this.#ids.size;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Adds `list` (an id already waiting is replaced). */
  add(list: readonly Highlight[]): void {
    if (!list.length) return;
    const again = new Set<string>();
    for (const h of list) if (this.#ids.has(h.id)) again.add(h.id);
    if (again.size) this.remove(again);
    const short: Highlight[] = [];
    for (const h of list) {
      this.#ids.add(h.id);
      if (h.to - h.from > LONG) this.#long.push(h);
      else short.push(h);
    }
    short.sort(byFrom);
    this.#sorted = mergeSorted(this.#sorted, short);
  }

  /** Forgets the waiting highlights of these ids. */
  remove(ids: ReadonlySet<string>): void {
    let any = false;
    for (const id of ids) if (this.#ids.delete(id)) any = true;
    if (!any) return;
    const keep = (h: Highlight) => !ids.has(h.id);
    this.#sorted = this.#sorted.filter(keep);
    if (this.#long.length) this.#long = this.#long.filter(keep);
  }

  clear(): void {
    this.#sorted = [];
    this.#long = [];
    this.#ids.clear();
  }

  /** True when some waiting highlight meets `range`. */
  meets(range: Span): boolean {
    const [lo, hi] = this.#window(range);
    for (let i = lo; i < hi; i++) if (this.#sorted[i].to >= range.from) return true;
    return this.#long.some((h) => meets(h, range));
  }

  /**
   * Takes out and returns up to `max` of the highlights meeting `range`, nearest to `focus`
   * first (the part of the text on screen: what the reader looks at is drawn first).
   */
  take(range: Span, max: number, focus: Span = range): Highlight[] {
    if (!this.#ids.size || max <= 0) return [];
    const [lo, hi] = this.#window(range);
    const found: Highlight[] = [];
    for (let i = lo; i < hi; i++) if (this.#sorted[i].to >= range.from) found.push(this.#sorted[i]);
    for (const h of this.#long) if (meets(h, range)) found.push(h);
    if (!found.length) return [];
    let out = found;
    if (found.length > max) {
      const keys = new Map(found.map((h) => [h, gap(h, focus)]));
      // Stable: at equal distance, text order.
      out = found
        .map((h, i) => [h, i] as const)
        .sort((a, b) => keys.get(a[0])! - keys.get(b[0])! || a[1] - b[1])
        .slice(0, max)
        .map(([h]) => h);
    }
    this.#takeOut(out, lo, hi);
    return out;
  }

  /** Takes out and returns the waiting highlights of these ids. */
  takeIds(ids: readonly string[]): Highlight[] {
    const wanted = ids.filter((id) => this.#ids.has(id));
    if (!wanted.length) return [];
    const set = new Set(wanted);
    const out = [...this.#sorted, ...this.#long].filter((h) => set.has(h.id));
    this.remove(set);
    return out;
  }

  /** Takes out and returns every waiting highlight, in text order. */
  takeAll(): Highlight[] {
    const out = mergeSorted(this.#sorted, [...this.#long].sort(byFrom));
    this.clear();
    return out;
  }

  /** Moves every waiting highlight through a change of the text (edit mode; `mapHighlight`),
   * sorting them again by where they now start. */
  map(map: (pos: number, assoc: number) => number): void {
    const all = [...this.#sorted, ...this.#long];
    for (const h of all) mapHighlight(h, map);
    this.#long = [];
    const short: Highlight[] = [];
    for (const h of all) (h.to - h.from > LONG ? this.#long : short).push(h);
    this.#sorted = short.sort(byFrom);
  }

  /** Indices of the sorted list whose start lies in [range.from − LONG, range.to]. */
  #window(range: Span): [number, number] {
    return [
      lowerBound(this.#sorted, range.from - LONG),
      lowerBound(this.#sorted, range.to + 1 / 2),
    ];
  }

  /** Removes `out` (all in the sorted list's [lo, hi) or the long list) in one splice. */
  #takeOut(out: readonly Highlight[], lo: number, hi: number): void {
    const gone = new Set(out);
    for (const h of out) this.#ids.delete(h.id);
    const kept = this.#sorted.slice(lo, hi).filter((h) => !gone.has(h));
    if (kept.length !== hi - lo)
      this.#sorted = this.#sorted.slice(0, lo).concat(kept, this.#sorted.slice(hi));
    if (this.#long.length) this.#long = this.#long.filter((h) => !gone.has(h));
  }
}

const byFrom = (a: Highlight, b: Highlight): number => a.from - b.from;

/** The first index whose highlight starts at or after `pos`. */
function lowerBound(list: readonly Highlight[], pos: number): number {
  let [lo, hi] = [0, list.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].from < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Two lists sorted by start merged into one (ties: `a` first). */
function mergeSorted(a: Highlight[], b: Highlight[]): Highlight[] {
  if (!b.length) return a;
  if (!a.length) return b;
  const out: Highlight[] = new Array(a.length + b.length);
  let [i, j, k] = [0, 0, 0];
  while (i < a.length && j < b.length) out[k++] = b[j].from < a[i].from ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
