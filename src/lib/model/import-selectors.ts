/**
 * Reading the selectors of one imported target into the two we anchor by (quote and position),
 * including W3C refinements (`refinedBy`). Pure and total: any value in, a result out.
 */
import type { TextPositionSelector, TextQuoteSelector } from './types';
import {
  get,
  isObj,
  list,
  typesOf,
  type Obj,
  type SkipReason,
  type Warnings,
} from './import-validate';

export interface TextSelectors {
  quote?: TextQuoteSelector;
  position?: TextPositionSelector;
}

/** Why a target gives nothing to anchor by: the skip reason and a message naming the item. */
export interface SelectorProblem {
  reason: SkipReason;
  message: string;
}

/** How deep a `refinedBy` chain is followed (the spec allows any depth; files use one or two). */
const MAX_REFINEMENT = 8;

export const QUOTE_ONLY =
  'placed by quote only: the selector its quote refines (a page fragment or element) is not known here';
export const RELATIVE_POSITION =
  'kept under “Unplaced”: its only position counts from an element of the original page (refinedBy), not from the start of the text';

export const isSelectorProblem = (v: TextSelectors | SelectorProblem): v is SelectorProblem =>
  'reason' in v;

/**
 * Reads the selectors of one target (a SpecificResource). The first TextQuoteSelector and the
 * first TextPositionSelector at the top level count. Other selectors (Fragment, Range, XPath…)
 * never give a position; when one is refined by a TextQuoteSelector and the target has no quote
 * of its own, that quote is used over the whole text (warned: placed by quote only). A refining
 * TextPositionSelector counts from the refined element, so it is never read as a document
 * offset: with nothing else, the item is kept under Unplaced (an empty result, warned). A
 * malformed text selector makes the item invalid; no selector at all is “not a text selector”.
 */
export function readSelectors(
  target: Obj,
  n: number,
  warnings: Warnings,
): TextSelectors | SelectorProblem {
  const out: TextSelectors = {};
  const invalid = (message: string): SelectorProblem => ({
    reason: 'invalid',
    message: `item ${n}: ${message}`,
  });
  let refinedQuote: TextQuoteSelector | undefined;
  let relative = false;
  const others: string[] = [];
  /** Warnings to give when the top-level text selectors are used and the others are not. */
  const unused: string[] = [];
  for (const s of list(get(target, 'selector'))) {
    if (typeof s === 'string') {
      warnings.add('a selector given only as a link was ignored', n);
      continue;
    }
    if (!isObj(s)) return invalid('a selector is not an object');
    const types = typesOf(s);
    if (types.includes('TextQuoteSelector')) {
      const q = readQuote(s);
      if (typeof q === 'string') return invalid(q);
      out.quote ??= q;
    } else if (types.includes('TextPositionSelector')) {
      const p = readPosition(s);
      if (typeof p === 'string') return invalid(p);
      out.position ??= p;
    } else {
      others.push(types[0] ?? 'a selector without a type');
      unused.push(`${others.at(-1)} is not supported and was ignored`);
      for (const r of refinements(s)) {
        const rt = typesOf(r);
        if (rt.includes('TextQuoteSelector')) {
          const q = readQuote(r);
          if (typeof q === 'string') return invalid(q);
          refinedQuote ??= q;
        } else if (rt.includes('TextPositionSelector')) relative = true;
      }
    }
    if (get(s, 'refinedBy') !== undefined)
      unused.push('refinedBy is not supported and was ignored');
  }
  if (out.quote || out.position) {
    for (const w of unused) warnings.add(w, n);
    return out;
  }
  if (refinedQuote) {
    warnings.add(QUOTE_ONLY, n);
    return { quote: refinedQuote };
  }
  if (relative) {
    warnings.add(RELATIVE_POSITION, n);
    return {};
  }
  return {
    reason: 'not-text',
    message: others.length
      ? `item ${n}: its ${others[0]} does not select text`
      : `item ${n}: its target is a whole resource, not a passage of text`,
  };
}

/** The selectors refining `s`, depth first (`refinedBy` may hold one or a list). */
function refinements(s: Obj): Obj[] {
  const out: Obj[] = [];
  let level = list(get(s, 'refinedBy')).filter(isObj);
  for (let d = 0; level.length && d < MAX_REFINEMENT; d++) {
    out.push(...level);
    level = level.flatMap((r) => list(get(r, 'refinedBy')).filter(isObj));
  }
  return out;
}

/** A JSON-LD string: a plain string, or a value object `{"@value": "…", "@language": …}`. */
const text = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : isObj(v) && typeof get(v, '@value') === 'string'
      ? (get(v, '@value') as string)
      : undefined;

function readQuote(s: Obj): TextQuoteSelector | string {
  const exact = text(get(s, 'exact'));
  if (exact === undefined || exact === '') return 'TextQuoteSelector has no exact text';
  const prefix = get(s, 'prefix') === undefined ? '' : text(get(s, 'prefix'));
  const suffix = get(s, 'suffix') === undefined ? '' : text(get(s, 'suffix'));
  if (prefix === undefined || suffix === undefined)
    return 'TextQuoteSelector prefix and suffix must be text';
  return { type: 'TextQuoteSelector', exact, prefix, suffix };
}

function readPosition(s: Obj): TextPositionSelector | string {
  const start = get(s, 'start');
  const end = get(s, 'end');
  if (!isOffset(start)) return 'TextPositionSelector start must be a whole number ≥ 0';
  if (!isOffset(end)) return 'TextPositionSelector end must be a whole number ≥ 0';
  if (end < start) return 'TextPositionSelector end is before start';
  return { type: 'TextPositionSelector', start, end };
}

const isOffset = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
