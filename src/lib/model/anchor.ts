import search from 'approx-string-match';
import type { Anchor, TextPositionSelector, TextQuoteSelector } from './types';
import type { TextIndex } from './text-index';
import { isValidRange } from './selectors';

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
/** Quotes longer than this (UTF-16 units) are matched fuzzily by their two ends. */
const LONG_QUOTE = 256;
/** Length (UTF-16 units) of each end of a long quote searched on its own. */
const END_LENGTH = 64;
/** Bounds on the work spent on one quote's occurrences / fuzzy candidates. */
const MAX_OCCURRENCES = 100_000;
/** Fuzzy candidates kept per search. */
const MAX_CANDIDATES = 64;
/** Texts up to this many UTF-16 units are small enough for whole-text fuzzy search in bulk. */
const SMALL_TEXT = 256 * 1024;

const ORPHAN: Anchor = { status: 'orphan' };

/*
 * Weights of a fuzzy candidate's score, as Hypothesis' match-quote.ts weighs them: the quote's
 * own likeness dominates, its surroundings break ties between similar passages, and nearness to
 * the stored position only separates otherwise equal candidates.
 */
/** Weight of the quote's similarity (1 − errors / quote length). */
const QUOTE_WEIGHT = 50;
/** Weight of the text before the candidate agreeing with the stored prefix. */
const PREFIX_WEIGHT = 20;
/** Weight of the text after the candidate agreeing with the stored suffix. */
const SUFFIX_WEIGHT = 20;
/** Weight of nearness to the stored position (1 at the position, 0 a whole text away). */
const POSITION_WEIGHT = 2;
/** Sum of the weights, so a score is in [0, 1]. */
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;
/** Largest number of errors a fuzzy search allows, however long the quote. */
const MAX_ERRORS = 256;
/** A quote (or quote with context) may differ in at most one character in this many. */
const ERROR_RATE_DIVISOR = 4;
/** Matches of a long quote's other end tried for each match of one end. */
const MAX_OTHER_ENDS = 4;
/** Matches of quote-with-context examined for the quote inside them. */
const MAX_CONTEXT_MATCHES = 8;

interface Found {
  at: number;
  agree: number;
}
interface Candidate {
  start: number;
  end: number;
  errors: number;
}

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
    const agree = agreement(text, u, v, quote);
    if (agree === need || (shift === 0 && exact !== '')) return found('exact', u, v);
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
  const startOf = (t: AnchorTarget): number =>
    t.position && Number.isFinite(t.position.start) ? t.position.start : Infinity;
  const order = targets
    .map((_, i) => i)
    .sort((a, b) => startOf(targets[a]) - startOf(targets[b]) || a - b);
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

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
/** True when UTF-16 index i falls between the two halves of a surrogate pair. */
function splitsPair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
}

/** UTF-16 units of the stored prefix/suffix that agree with the text around [s, e). */
function agreement(text: string, s: number, e: number, quote: TextQuoteSelector): number {
  const p = quote.prefix;
  const x = quote.suffix;
  let a = 0;
  while (
    a < p.length &&
    s - 1 - a >= 0 &&
    text.charCodeAt(s - 1 - a) === p.charCodeAt(p.length - 1 - a)
  )
    a++;
  let b = 0;
  while (b < x.length && e + b < text.length && text.charCodeAt(e + b) === x.charCodeAt(b)) b++;
  return a + b;
}

/**
 * Best occurrence of `needle` (which holds the quote at `lead`) lying within [from, to):
 * most context agreement, then nearest to the hint, then first. Returns the quote's start.
 */
function scan(
  text: string,
  quote: TextQuoteSelector,
  needle: string,
  lead: number,
  hint: number | undefined,
  from: number,
  to: number,
  best: Found | null,
): Found | null {
  const len = quote.exact.length;
  let seen = 0;
  for (
    let i = text.indexOf(needle, from);
    i !== -1 && i + needle.length <= to && seen < MAX_OCCURRENCES;
    i = text.indexOf(needle, i + 1)
  ) {
    seen++;
    const at = i + lead;
    if (splitsPair(text, at) || splitsPair(text, at + len)) continue;
    const agree = agreement(text, at, at + len, quote);
    if (
      !best ||
      agree > best.agree ||
      (agree === best.agree && hint !== undefined && Math.abs(at - hint) < Math.abs(best.at - hint))
    ) {
      best = { at, agree };
    }
  }
  return best;
}

/**
 * A copy of the quote anywhere whose context agrees at least half. Such a copy has at least
 * half of its prefix or half of its suffix intact, so two searches for the quote extended by
 * half a context find every candidate with long, rare needles instead of all occurrences.
 */
function elsewhere(
  text: string,
  quote: TextQuoteSelector,
  hint: number | undefined,
): number | null {
  const { prefix, suffix, exact } = quote;
  const left = prefix.slice(prefix.length - Math.ceil(prefix.length / 2));
  const right = suffix.slice(0, Math.ceil(suffix.length / 2));
  let best = scan(text, quote, left + exact, left.length, hint, 0, text.length, null);
  best = scan(text, quote, exact + right, 0, hint, 0, text.length, best);
  return best && 2 * best.agree >= prefix.length + suffix.length ? best.at : null;
}

/** Hypothesis' textMatchScore: 1 − edit distance / length, 0 when either side is empty. */
function similarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  const m = search(a, b, b.length);
  return m.length === 0 ? 0 : 1 - m[0].errors / b.length;
}

/**
 * Best approximate match of the quote in [from, to) (UTF-16), scored as Hypothesis'
 * match-quote.ts does: quote 50, prefix 20, suffix 20, position 2. approx-string-match only
 * reports the lowest-error matches, so an exact copy would hide a one-error match of the real
 * passage; with `withContext` the quote is also searched together with its context, which finds
 * the passage whose surroundings match. With `window` set, matches outside it must have
 * context agreeing at least half (a far match without context is another passage).
 */
function fuzzy(
  text: string,
  quote: TextQuoteSelector,
  hint: number | undefined,
  from: number,
  to: number,
  withContext: boolean,
  window: [number, number] | null,
): Candidate | null {
  const { exact, prefix, suffix } = quote;
  const maxErrors = Math.min(MAX_ERRORS, Math.floor(exact.length / ERROR_RATE_DIVISOR));
  if (maxErrors === 0 || to <= from) return null;
  const region = text.slice(from, to);
  const cands: Candidate[] = [];
  const add = (ms: Candidate[], base: number): void => {
    for (const m of ms.slice(0, MAX_CANDIDATES))
      cands.push({ start: base + m.start, end: base + m.end, errors: m.errors });
  };
  if (exact.length > LONG_QUOTE) add(byEnds(region, exact, maxErrors), from);
  else {
    add(search(region, exact, maxErrors), from);
    const full = prefix + exact + suffix;
    if (withContext && full.length > exact.length) {
      const fullErrors = Math.min(MAX_ERRORS, Math.floor(full.length / ERROR_RATE_DIVISOR));
      for (const m of search(region, full, fullErrors).slice(0, MAX_CONTEXT_MATCHES)) {
        const sub = region.slice(m.start, m.end);
        let inner: Candidate | null = null;
        for (const n of search(sub, exact, maxErrors)) {
          if (!inner || Math.abs(n.start - prefix.length) < Math.abs(inner.start - prefix.length))
            inner = n;
        }
        if (inner) add([inner], from + m.start);
      }
    }
  }
  let best: Candidate | null = null;
  let bestScore = -Infinity;
  for (const c of cands) {
    const q = Math.max(0, 1 - c.errors / exact.length);
    const p = prefix
      ? similarity(text.slice(Math.max(0, c.start - prefix.length), c.start), prefix)
      : 1;
    const s = suffix ? similarity(text.slice(c.end, c.end + suffix.length), suffix) : 1;
    if (window && hint !== undefined && (c.start < window[0] || c.start >= window[1]) && p + s < 1)
      continue;
    const pos = hint === undefined ? 1 : 1 - Math.abs(c.start - hint) / text.length;
    const score =
      (QUOTE_WEIGHT * q + PREFIX_WEIGHT * p + SUFFIX_WEIGHT * s + POSITION_WEIGHT * pos) /
      TOTAL_WEIGHT;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  if (!best) return null;
  const start = splitsPair(text, best.start) ? best.start - 1 : best.start;
  const end = splitsPair(text, best.end) ? best.end + 1 : best.end;
  return end > start ? { start, end, errors: best.errors } : null;
}

/**
 * Candidate matches of a long quote from approximate matches of its first and last
 * END_LENGTH units; each end found in the region is completed by searching for the other end
 * where the quote's length puts it, so a common opening phrase cannot hide the real passage.
 * `errors` is a lower bound: errors in both ends plus the change in length.
 */
function byEnds(region: string, exact: string, maxErrors: number): Candidate[] {
  const head = exact.slice(0, END_LENGTH);
  const tail = exact.slice(-END_LENGTH);
  const k = END_LENGTH / ERROR_RATE_DIVISOR;
  const len = exact.length;
  const out: Candidate[] = [];
  const push = (s: number, e: number, errors: number): void => {
    const total = errors + Math.abs(e - s - len);
    if (e > s && total <= maxErrors && !out.some((c) => c.start === s && c.end === e))
      out.push({ start: s, end: e, errors: total });
  };
  for (const h of search(region, head, k).slice(0, MAX_CANDIDATES)) {
    const lo = Math.max(h.end, h.start + len - END_LENGTH - maxErrors);
    const ts = search(region.slice(lo, h.start + len + maxErrors), tail, k);
    for (const t of ts.slice(0, MAX_OTHER_ENDS)) push(h.start, lo + t.end, h.errors + t.errors);
  }
  for (const t of search(region, tail, k).slice(0, MAX_CANDIDATES)) {
    const lo = Math.max(0, t.end - len - maxErrors);
    const hs = search(
      region.slice(lo, Math.min(t.start, t.end - len + END_LENGTH + maxErrors)),
      head,
      k,
    );
    for (const h of hs.slice(0, MAX_OTHER_ENDS)) push(lo + h.start, t.end, h.errors + t.errors);
  }
  return out;
}
