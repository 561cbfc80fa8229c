/**
 * Fuzzy matching for `anchor.ts`, the fallback after exact search: approx-string-match
 * candidates (long quotes by their two ends, short ones also with their context), scored with
 * the named weights below.
 */
import search from 'approx-string-match';
import type { TextQuoteSelector } from './types';
import { splitsPair } from './anchor-exact';

/** Quotes longer than this (UTF-16 units) are matched fuzzily by their two ends. */
const LONG_QUOTE = 256;
/** Length (UTF-16 units) of each end of a long quote searched on its own. */
const END_LENGTH = 64;
/** Fuzzy candidates kept per search. */
const MAX_CANDIDATES = 64;

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

/** A match in UTF-16 units [start, end) and its edit errors. */
export interface Candidate {
  start: number;
  end: number;
  errors: number;
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
export function fuzzy(
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
