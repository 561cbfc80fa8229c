/**
 * Code point ↔ UTF-16 conversion for one document's plain text.
 *
 * Selectors count Unicode code points (W3C); JavaScript strings and string search count UTF-16
 * units. A `TextIndex` is built once per text in one pass and answers each conversion with a
 * binary search over the UTF-16 indexes of astral characters (surrogate pairs), or as the
 * identity when the text has none. Lone surrogates count as one code point each, as `[...text]`
 * counts them.
 */

export class TextIndex {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  /** Sorted UTF-16 indexes of the high surrogate of each well-formed surrogate pair. */
  private readonly astral: Int32Array;

  /** `astral` is `findAstral(text)`, passed only by `replace`, which has it already. */
  constructor(text: string, astral?: Int32Array) {
    this.text = text;
    this.astral = astral ?? findAstral(text);
    this.length = text.length - this.astral.length;
  }

  /**
   * The index of this text with code points [start, end) replaced by `insert`, without a pass
   * over the whole text (what typing needs): the surrogate-pair table is carried over, shifted
   * after the edit. When the edit could join or split a surrogate pair at its ends, the new
   * text is indexed afresh.
   */
  replace(start: number, end: number, insert: string): TextIndex {
    const u0 = this.toUtf16(start);
    const u1 = this.toUtf16(Math.max(start, end));
    const old = this.text;
    const next = old.slice(0, u0) + insert + old.slice(u1);
    const high = (c: number) => c >= 0xd800 && c <= 0xdbff;
    const low = (c: number) => c >= 0xdc00 && c <= 0xdfff;
    if (
      high(old.charCodeAt(u0 - 1)) ||
      low(old.charCodeAt(u1)) ||
      low(insert.charCodeAt(0)) ||
      high(insert.charCodeAt(insert.length - 1))
    )
      return new TextIndex(next);
    const a = this.astral;
    let i0 = 0;
    while (i0 < a.length && a[i0] < u0) i0++;
    let i1 = i0;
    while (i1 < a.length && a[i1] < u1) i1++;
    const mid = findAstral(insert);
    const d = insert.length - (u1 - u0);
    const out = new Int32Array(i0 + mid.length + a.length - i1);
    out.set(a.subarray(0, i0));
    for (let k = 0; k < mid.length; k++) out[i0 + k] = u0 + mid[k];
    for (let k = i1; k < a.length; k++) out[i0 + mid.length + k - i1] = a[k] + d;
    return new TextIndex(next, out);
  }

  /** UTF-16 index of code point `cp`; `cp` is clamped to [0, length]. O(log astral). */
  toUtf16(cp: number): number {
    const c = clamp(cp, 0, this.length);
    const a = this.astral;
    if (a.length === 0) return c;
    // Code point index of the i-th astral char is a[i] - i (strictly increasing): count those before c.
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] - mid < c) lo = mid + 1;
      else hi = mid;
    }
    return c + lo;
  }

  /** Code point index of UTF-16 index `u16` (clamped); inside a surrogate pair → the pair's start. */
  toCodePoint(u16: number): number {
    const u = clamp(u16, 0, this.text.length);
    const a = this.astral;
    if (a.length === 0) return u;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    // lo pairs start before u; a pair starting at u - 1 (u inside it) maps to its start.
    return u - lo;
  }

  /** Code point index of UTF-16 index `u16`, rounding up when `u16` is inside a surrogate pair. */
  toCodePointCeil(u16: number): number {
    const cp = this.toCodePoint(u16);
    return this.toUtf16(cp) < clamp(u16, 0, this.text.length) ? cp + 1 : cp;
  }

  /** The text between two code point offsets (clamped). */
  slice(startCp: number, endCp: number): string {
    return this.text.slice(this.toUtf16(startCp), this.toUtf16(endCp));
  }
}

/** Clamps to [lo, hi] and truncates; NaN → lo. */
function clamp(n: number, lo: number, hi: number): number {
  return !(n >= lo) ? lo : n > hi ? hi : Math.trunc(n);
}

const HAS_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/** UTF-16 indexes of the well-formed surrogate pairs of `text`, in one pass. */
export function findAstral(text: string): Int32Array {
  if (!HAS_PAIR.test(text)) return new Int32Array(0);
  let out = new Int32Array(64);
  let n = 0;
  const len = text.length;
  for (let i = 0; i < len - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) continue;
    const d = text.charCodeAt(i + 1);
    if (d < 0xdc00 || d > 0xdfff) continue;
    if (n === out.length) {
      const grown = new Int32Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[n++] = i;
    i++;
  }
  return out.slice(0, n);
}

/** Code-point length of a string (a lone surrogate counts as one, as in a `for…of`). */
export function cpLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** UTF-8 byte length of a string without encoding it (a whole book's text is not copied to
 * count it); a lone surrogate counts 3 bytes, as `TextEncoder` writes it as U+FFFD. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c <= 0xdbff && c >= 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
