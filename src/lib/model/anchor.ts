import type { Anchor, TextPositionSelector, TextQuoteSelector } from './types';
import type { TextIndex } from './text-index';
import { isValidRange } from './selectors';
import { agreement, elsewhere, scan, type Found } from './anchor-exact';
import { fuzzy } from './anchor-fuzzy';

/**
 * Anchoring is pure: strings in, code-point offsets out, an orphan when nothing matches. Exact
 * match at the stored position first, then exact search near it and elsewhere
 * (`anchor-exact.ts`); fuzzy matching with context only as a fallback (`anchor-fuzzy.ts`,
 * whose score weights are named there).
 */

export interface AnchorTarget {
  quote?: TextQuoteSelector;
  position?: TextPositionSelector;
}

export interface AnchorOptions {
  /** Code points added to the stored position to form the search hint. `anchorAll` passes the
   * displacement it observed for the previous annotation in text order. Default 0. */
  shift?: number;
  /** May a fuzzy search scan the whole text once the window around the hint failed? Default
   * true. Costs ~50–100 ms on a 4 MB text, so `anchorAll` allows it only on small texts. */
  wholeText?: boolean;
}

/** Code points searched on each side of the position hint before looking further. */
export const WINDOW = 2000;
/** Texts up to this many UTF-16 units are small enough for whole-text fuzzy search in bulk. */
const SMALL_TEXT = 256 * 1024;

const ORPHAN: Anchor = { status: 'orphan' };

/**
 * Places a target on the text; offsets in and out are code points. Never throws on bad data:
 * a target that cannot be placed is an orphan. Order, cheapest first:
 *  1. the stored position (and, with `shift`, the shifted one) when the text there equals the
 *     quote — O(quote length), the common reload path;
 *  2. exact search near the hint (±WINDOW), then in the whole text for a copy whose prefix/suffix
 *     agree at least half; ambiguity resolved by context agreement, then nearness;
 *  3. fuzzy search near the hint (approx-string-match, scored like Hypothesis' match-quote.ts),
 *     which also returns nearby copies with poorer context; then in the whole text;
 *  4. orphan.
 * Copies with disagreeing context are placed only after fuzzy matching with context failed:
 * near a hint, a common phrase with the wrong context is more likely another occurrence than
 * the annotated passage. Any match whose text equals the quote is reported 'exact'.
 */
export function anchor(
  index: TextIndex,
  target: AnchorTarget,
  options: AnchorOptions = {},
): Anchor {
  const { quote, position } = target;
  const text = index.text;
  const posOk = !!position && isValidRange(index.length, position.start, position.end);
  if (!quote)
    return posOk ? { status: 'exact', start: position!.start, end: position!.end } : ORPHAN;
  const shift = Number.isInteger(options.shift) ? options.shift! : 0;
  const hintCp =
    position && Number.isFinite(position.start)
      ? clamp(Math.round(position.start + shift), 0, index.length)
      : undefined;
  const hint = hintCp === undefined ? undefined : index.toUtf16(hintCp);
  const exact = quote.exact;
  const need = quote.prefix.length + quote.suffix.length;
  const found = (status: 'exact' | 'fuzzy', s: number, e: number): Anchor => ({
    status: status === 'fuzzy' && text.slice(s, e) === exact ? 'exact' : status,
    start: index.toCodePoint(s),
    end: index.toCodePoint(e),
  });

  // 1. Stored and shifted positions.
  let fallback: Found | null = null;
  const tries: [number, number][] = posOk ? [[position!.start, position!.end]] : [];
  if (
    shift !== 0 &&
    position &&
    isValidRange(index.length, position.start + shift, position.end + shift)
  ) {
    tries.push([position.start + shift, position.end + shift]);
  }
  for (const [s, e] of tries) {
    const u = index.toUtf16(s);
    const v = index.toUtf16(e);
    if (v - u !== exact.length || !text.startsWith(exact, u)) continue;
    // Unshifted, a non-empty quote found at its stored place is taken whatever its context
    // says (the reload path: 10,000 of them), so the context is compared only when it decides.
    if (shift === 0 && exact !== '') return found('exact', u, v);
    const agree = agreement(text, u, v, quote);
    if (agree === need) return found('exact', u, v);
    fallback ??= { at: u, agree };
  }
  if (exact === '') return anchorEmpty(index, quote, hint, posOk ? position! : undefined);

  // 2. Exact search: near the hint, then copies elsewhere with agreeing context.
  const from = hint === undefined ? 0 : index.toUtf16(Math.max(0, hintCp! - WINDOW));
  const to =
    hint === undefined
      ? text.length
      : Math.min(
          text.length,
          index.toUtf16(Math.min(index.length, hintCp! + WINDOW)) + 2 * exact.length,
        );
  const whole = from === 0 && to === text.length;
  let near: Found | null = null;
  if (hint === undefined)
    near = scan(
      text,
      quote,
      quote.prefix + exact + quote.suffix,
      quote.prefix.length,
      hint,
      0,
      text.length,
      null,
    );
  if (near === null) near = scan(text, quote, exact, 0, hint, from, to, null);
  if (near && 2 * near.agree >= need) return found('exact', near.at, near.at + exact.length);
  if (!whole) {
    const far = elsewhere(text, quote, hint);
    if (far !== null) return found('exact', far, far + exact.length);
  }
  if (fallback) return found('exact', fallback.at, fallback.at + exact.length);

  // 3. Fuzzy: near the hint (with the context as part of the pattern), then anywhere.
  const fz = fuzzy(text, quote, hint, from, to, hint !== undefined, null);
  if (fz) return found('fuzzy', fz.start, fz.end);
  if (near) return found('exact', near.at, near.at + exact.length);
  if (!whole && options.wholeText !== false) {
    const fw = fuzzy(text, quote, hint, 0, text.length, false, [from, to]);
    if (fw) return found('fuzzy', fw.start, fw.end);
  }
  return ORPHAN;
}

/**
 * Anchors many targets. Targets are visited in stored-position order, and the displacement
 * found for one becomes the hint shift for the next: after an edit, every later passage moved
 * by about the same amount, so most are confirmed by one comparison and the rest are found in
 * the window around the shifted hint. Whole-text fuzzy search (tens of ms each on a large
 * text) is kept for quote-only targets and small texts; `anchor` on one target still does it.
 */
export function anchorAll(index: TextIndex, targets: readonly AnchorTarget[]): Anchor[] {
  // Sorted on keys read once (a comparator reading the targets cost ~10× the sort on 10,000).
  const starts = new Float64Array(targets.length);
  const order = new Uint32Array(targets.length);
  targets.forEach((t, i) => {
    starts[i] = t.position && Number.isFinite(t.position.start) ? t.position.start : Infinity;
    order[i] = i;
  });
  order.sort((a, b) => starts[a] - starts[b] || a - b);
  const small = index.text.length <= SMALL_TEXT;
  const out: Anchor[] = new Array(targets.length);
  let shift = 0;
  for (const i of order) {
    const t = targets[i];
    const a = anchor(index, t, { shift, wholeText: small || !t.position });
    out[i] = a;
    if (a.status !== 'orphan' && t.quote?.exact && Number.isInteger(t.position?.start))
      shift = a.start - t.position!.start;
  }
  return out;
}

/** An empty quote has only its context to go by: find prefix+suffix near the hint, then
 * anywhere; else keep a valid stored position. */
function anchorEmpty(
  index: TextIndex,
  quote: TextQuoteSelector,
  hint: number | undefined,
  position: TextPositionSelector | undefined,
): Anchor {
  const needle = quote.prefix + quote.suffix;
  if (needle !== '') {
    const text = index.text;
    const lead = quote.prefix.length;
    const f = scan(text, quote, needle, lead, hint, 0, text.length, null);
    if (f) return { status: 'exact', start: index.toCodePoint(f.at), end: index.toCodePoint(f.at) };
  }
  return position ? { status: 'exact', start: position.start, end: position.start } : ORPHAN;
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}
