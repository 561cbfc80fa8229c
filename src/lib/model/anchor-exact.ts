/**
 * Exact matching for `anchor.ts`: a quote's occurrences scored by how much of the stored
 * prefix/suffix agrees around them, never splitting a surrogate pair.
 */
import type { TextQuoteSelector } from './types';

/** Bound on the work spent on one quote's occurrences. */
const MAX_OCCURRENCES = 100_000;

/** An occurrence of the quote (UTF-16 start) and its context agreement. */
export interface Found {
  at: number;
  agree: number;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
/** True when UTF-16 index i falls between the two halves of a surrogate pair. */
export function splitsPair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
}

/** UTF-16 units of the stored prefix/suffix that agree with the text around [s, e). */
export function agreement(text: string, s: number, e: number, quote: TextQuoteSelector): number {
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
export function scan(
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
export function elsewhere(
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
