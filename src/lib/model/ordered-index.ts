/**
 * A sorted list with positions: the text-order index of a document's annotations and the
 * sidebar's filtered list are kept with it by delta, so a change of k items costs
 * O(k (log n + B)) instead of a re-sort of all n.
 *
 * Layout: items in sorted chunks of at most 2·B (B = CHUNK), a Fenwick tree over the chunk
 * sizes for position ↔ chunk in O(log n). A chunk that grows past 2·B is split (the chunk list
 * and the Fenwick tree are rebuilt then: O(n / B), once per B inserts). `cmp` must be a total
 * order in which no two distinct items compare equal (the index is a set); an item is found
 * again by comparing, never by identity.
 */
export const CHUNK = 128;

export class OrderedIndex<T> {
  #chunks: T[][] = [];
  /** Fenwick tree (1-based) over the chunks' sizes. */
  #tree: number[] = [0];
  #size = 0;
  /** The chunk found last and its first position: reading positions in order (a virtual list
   * laying out its items) finds each in O(1). Reset by every change. */
  #last = { chunk: -1, start: 0 };

  constructor(private readonly cmp: (a: T, b: T) => number) {}

  get size(): number {
    return this.#size;
  }

  /** Replaces the contents with `sorted` (already in `cmp` order, no duplicates): O(n). */
  reset(sorted: readonly T[]): void {
    this.#chunks = [];
    for (let i = 0; i < sorted.length; i += CHUNK) this.#chunks.push(sorted.slice(i, i + CHUNK));
    this.#size = sorted.length;
    this.#rebuild();
  }

  /** Inserts `item`; an equal item already in is replaced by it (and false is returned). */
  insert(item: T): boolean {
    if (!this.#chunks.length) {
      this.#chunks.push([item]);
      this.#size = 1;
      this.#rebuild();
      return true;
    }
    let c = this.#chunkFor(item);
    if (c === this.#chunks.length) c--;
    const chunk = this.#chunks[c];
    const i = this.#lower(chunk, item);
    if (i < chunk.length && this.cmp(chunk[i], item) === 0) {
      chunk[i] = item;
      return false;
    }
    chunk.splice(i, 0, item);
    this.#size++;
    if (chunk.length > 2 * CHUNK) {
      this.#chunks.splice(c, 1, chunk.slice(0, CHUNK), chunk.slice(CHUNK));
      this.#rebuild();
    } else this.#add(c, 1);
    return true;
  }

  /** Removes the item equal to `item`; false when there is none. */
  remove(item: T): boolean {
    const c = this.#chunkFor(item);
    const chunk = this.#chunks[c];
    if (!chunk) return false;
    const i = this.#lower(chunk, item);
    if (i >= chunk.length || this.cmp(chunk[i], item) !== 0) return false;
    chunk.splice(i, 1);
    this.#size--;
    if (!chunk.length) {
      this.#chunks.splice(c, 1);
      this.#rebuild();
    } else this.#add(c, -1);
    return true;
  }

  /** The item at position `i` (0-based), or undefined outside 0..size-1. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.#size || !Number.isInteger(i)) return undefined;
    const last = this.#last;
    const c = this.#chunks[last.chunk];
    if (c && i >= last.start && i < last.start + c.length) return c[i - last.start];
    if (c && i === last.start + c.length && this.#chunks[last.chunk + 1]) {
      this.#last = { chunk: last.chunk + 1, start: i };
      return this.#chunks[last.chunk + 1][0];
    }
    const { chunk, offset } = this.#find(i);
    this.#last = { chunk, start: i - offset };
    return this.#chunks[chunk][offset];
  }

  /** Position of the item equal to `item`, or -1. */
  rank(item: T): number {
    const c = this.#chunkFor(item);
    const chunk = this.#chunks[c];
    if (!chunk) return -1;
    const i = this.#lower(chunk, item);
    if (i >= chunk.length || this.cmp(chunk[i], item) !== 0) return -1;
    return this.#prefix(c) + i;
  }

  /** Position of the first item not before `probe` (size when every item is before it). */
  lowerBound(probe: T): number {
    const c = this.#chunkFor(probe);
    if (c === this.#chunks.length) return this.#size;
    return this.#prefix(c) + this.#lower(this.#chunks[c], probe);
  }

  toArray(): T[] {
    return this.#chunks.flat();
  }

  *[Symbol.iterator](): Generator<T> {
    for (const chunk of this.#chunks) yield* chunk;
  }

  /** Applies a batch: removes `removed`, inserts `added` (the last of equal items wins). A
   * batch large against the index is merged in one linear pass instead. */
  update(removed: readonly T[], added: readonly T[]): void {
    if (removed.length + added.length <= Math.max(64, this.#size / 8)) {
      for (const r of removed) this.remove(r);
      for (const a of added) this.insert(a);
      return;
    }
    const drop = [...removed].sort(this.cmp);
    const kept = this.toArray().filter((x) => {
      const i = lowerIn(drop, x, this.cmp);
      return !(i < drop.length && this.cmp(drop[i], x) === 0);
    });
    const add = [...added].sort(this.cmp);
    const out: T[] = [];
    let i = 0;
    let j = 0;
    while (i < kept.length || j < add.length) {
      const c = i === kept.length ? 1 : j === add.length ? -1 : this.cmp(kept[i], add[j]);
      if (c < 0) out.push(kept[i++]);
      else {
        if (c === 0) i++;
        // Equal items added twice: the last one wins.
        while (j + 1 < add.length && this.cmp(add[j], add[j + 1]) === 0) j++;
        out.push(add[j++]);
      }
    }
    this.reset(out);
  }

  /** Index of the first chunk whose last item is not before `item` (chunks.length if none). */
  #chunkFor(item: T): number {
    let lo = 0;
    let hi = this.#chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.#chunks[mid];
      if (this.cmp(chunk[chunk.length - 1], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #lower(chunk: readonly T[], item: T): number {
    return lowerIn(chunk, item, this.cmp);
  }

  #rebuild(): void {
    this.#last = { chunk: -1, start: 0 };
    const n = this.#chunks.length;
    const tree = new Array<number>(n + 1).fill(0);
    for (let i = 1; i <= n; i++) {
      tree[i] += this.#chunks[i - 1].length;
      const parent = i + (i & -i);
      if (parent <= n) tree[parent] += tree[i];
    }
    this.#tree = tree;
  }

  #add(chunk: number, delta: number): void {
    this.#last = { chunk: -1, start: 0 };
    for (let i = chunk + 1; i < this.#tree.length; i += i & -i) this.#tree[i] += delta;
  }

  /** Number of items in the chunks before `chunk`. */
  #prefix(chunk: number): number {
    let sum = 0;
    for (let i = chunk; i > 0; i -= i & -i) sum += this.#tree[i];
    return sum;
  }

  /** The chunk holding position `pos` and the position inside it (Fenwick descent). */
  #find(pos: number): { chunk: number; offset: number } {
    let at = 0;
    let rest = pos;
    let step = 1;
    while (step * 2 < this.#tree.length) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = at + step;
      if (next < this.#tree.length && this.#tree[next] <= rest) {
        at = next;
        rest -= this.#tree[next];
      }
    }
    return { chunk: at, offset: rest };
  }
}

function lowerIn<T>(list: readonly T[], item: T, cmp: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(list[mid], item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
