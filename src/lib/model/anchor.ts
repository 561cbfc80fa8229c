import search from 'approx-string-match';
import type { Anchor, TextPositionSelector, TextQuoteSelector } from './types';
import type { TextIndex } from './text-index';
import { isValidRange } from './selectors';

export interface AnchorTarget {
  quote?: TextQuoteSelector;
  position?: TextPositionSelector;
}

/** UTF-16 units searched on each side of the position hint before searching the whole text. */
const WINDOW = 4000;
/** Quotes longer than this are matched fuzzily by their two ends. */
const LONG_QUOTE = 256;
const END_LENGTH = 64;
/** Texts up to this many UTF-16 units are searched whole when nothing is found near the hint. */
const FULL_FUZZY_MAX = 200_000;

const ORPHAN: Anchor = { status: 'orphan' };

/// Places a target on the text. Order, cheapest first: the stored position (or the position
/// shifted by `shift`, the displacement observed for neighbouring annotations) when the text
/// there equals the quote; an exact search near the hint, then in the whole text, ambiguity
/// resolved by prefix/suffix then nearness; a fuzzy match (approx-string-match, as Hypothesis
/// does) near the hint, then in the whole text; otherwise an orphan. Offsets are code points.
export function anchor(index: TextIndex, target: AnchorTarget, shift = 0): Anchor {
  const { quote, position } = target;
  const posOk = !!position && isValidRange(index.length, position.start, position.end);
  if (!quote || !quote.exact) {
    return posOk && position!.end > position!.start ? { status: 'exact', start: position!.start, end: position!.end } : ORPHAN;
  }
  const exact = quote.exact;
  const cpLen = codePoints(exact);
  if (posOk && position!.end - position!.start === cpLen && index.slice(position!.start, position!.end) === exact) {
    return { status: 'exact', start: position!.start, end: position!.end };
  }
  const hintCp = position && Number.isFinite(position.start) ? Math.max(0, Math.min(index.length, position.start + shift)) : undefined;
  if (shift !== 0 && hintCp !== undefined && hintCp + cpLen <= index.length && index.slice(hintCp, hintCp + cpLen) === exact) {
    return { status: 'exact', start: hintCp, end: hintCp + cpLen };
  }
  const text = index.text;
  const hint = hintCp === undefined ? undefined : index.toUtf16(hintCp);
  const toAnchor = (status: 'exact' | 'fuzzy', s: number, e: number): Anchor => ({ status, start: index.toCodePoint(s), end: index.toCodePoint(e) });

  // Exact search: near the hint first, so a repeated phrase resolves to the nearby copy.
  const near = hint === undefined ? null : bestExact(text, quote, hint, Math.max(0, hint - WINDOW), Math.min(text.length, hint + WINDOW + exact.length));
  const found = near ?? bestExact(text, quote, hint, 0, text.length);
  if (found !== null) return toAnchor('exact', found, found + exact.length);

  const fuzzyNear = hint === undefined ? null : fuzzy(text, quote, hint, Math.max(0, hint - WINDOW), Math.min(text.length, hint + WINDOW + exact.length * 2));
  // A fuzzy search of a whole book costs ~100 ms per quote; with a position hint (shifted by
  // the neighbours' displacement) a passage not found near it is treated as gone, except in
  // short texts where the full search is cheap.
  const fz = fuzzyNear ?? (hint === undefined || text.length <= FULL_FUZZY_MAX ? fuzzy(text, quote, hint, 0, text.length) : null);
  return fz ? toAnchor('fuzzy', fz.start, fz.end) : ORPHAN;
}

/// Anchors many targets, reusing the displacement found for the previous annotation (in text
/// order) as a hint for the next: after an edit, every later annotation moved by about the same
/// amount, so most are found by one comparison instead of a search.
export function anchorAll(index: TextIndex, targets: readonly AnchorTarget[]): Anchor[] {
  const order = targets.map((_, i) => i).sort((a, b) => (targets[a].position?.start ?? 0) - (targets[b].position?.start ?? 0));
  const out: Anchor[] = new Array(targets.length);
  let shift = 0;
  for (const i of order) {
    const t = targets[i];
    const a = anchor(index, t, shift);
    out[i] = a;
    if (a.status !== 'orphan' && t.position) shift = a.start - t.position.start;
  }
  return out;
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Length of the common suffix of a and b (UTF-16 units). */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Best exact occurrence of quote.exact within [from, to): most context agreement, then
 * nearest to the hint. Returns its UTF-16 start, or null. */
function bestExact(text: string, quote: TextQuoteSelector, hint: number | undefined, from: number, to: number): number | null {
  const exact = quote.exact;
  let best: number | null = null;
  let bestScore = -Infinity;
  let i = text.indexOf(exact, from);
  let seen = 0;
  while (i !== -1 && i + exact.length <= to && seen < 10_000) {
    seen++;
    const before = text.slice(Math.max(0, i - quote.prefix.length), i);
    const after = text.slice(i + exact.length, i + exact.length + quote.suffix.length);
    const context = commonSuffix(before, quote.prefix) + commonPrefix(after, quote.suffix);
    const distance = hint === undefined ? 0 : Math.abs(i - hint) / Math.max(1, text.length);
    const score = context - distance;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
    i = text.indexOf(exact, i + 1);
  }
  return best;
}

function similarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  const m = search(a, b, b.length);
  if (m.length === 0) return 0;
  return 1 - Math.min(...m.map((x) => x.errors)) / b.length;
}

/** Best approximate match of the quote in [from, to), scored like Hypothesis' match-quote. */
function fuzzy(text: string, quote: TextQuoteSelector, hint: number | undefined, from: number, to: number): { start: number; end: number } | null {
  const exact = quote.exact;
  const region = text.slice(from, to);
  if (!region) return null;
  let candidates: { start: number; end: number; errors: number }[];
  if (exact.length > LONG_QUOTE) {
    const head = exact.slice(0, END_LENGTH);
    const tail = exact.slice(-END_LENGTH);
    const k = Math.floor(END_LENGTH / 4);
    const heads = search(region, head, k);
    const tails = search(region, tail, k);
    candidates = [];
    for (const h of heads) {
      for (const t of tails) {
        const len = t.end - h.start;
        if (t.start > h.start && Math.abs(len - exact.length) <= exact.length / 4) candidates.push({ start: h.start, end: t.end, errors: h.errors + t.errors });
      }
    }
  } else {
    const maxErrors = Math.min(256, Math.floor(exact.length / 4));
    if (maxErrors === 0) return null;
    candidates = search(region, exact, maxErrors);
  }
  let best: { start: number; end: number } | null = null;
  let bestScore = -Infinity;
  for (const c of candidates.slice(0, 200)) {
    const start = from + c.start;
    const end = from + c.end;
    const quoteScore = 1 - c.errors / Math.max(1, Math.min(exact.length, exact.length > LONG_QUOTE ? END_LENGTH * 2 : exact.length));
    const prefixScore = quote.prefix ? similarity(text.slice(Math.max(0, start - quote.prefix.length), start), quote.prefix) : 1;
    const suffixScore = quote.suffix ? similarity(text.slice(end, end + quote.suffix.length), quote.suffix) : 1;
    const posScore = hint === undefined ? 1 : 1 - Math.abs(start - hint) / Math.max(1, text.length);
    const score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
    if (score > bestScore) {
      bestScore = score;
      best = { start, end };
    }
  }
  // Snap off a split surrogate pair at either edge.
  if (best) {
    if (best.start > 0 && isLow(text.charCodeAt(best.start))) best.start--;
    if (best.end < text.length && isLow(text.charCodeAt(best.end))) best.end++;
  }
  return best && best.end > best.start ? best : null;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
