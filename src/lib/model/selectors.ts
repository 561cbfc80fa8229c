import type { AnnotationTarget } from './types';
import type { TextIndex } from './text-index';

/** Code points of context kept before and after a quote. */
export const CONTEXT_LENGTH = 32;

/** Whether [start, end) is a range (possibly empty) of integer code-point offsets inside a text of
 * `length` code points. */
export function isValidRange(length: number, start: number, end: number): boolean {
  return (
    Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= length
  );
}

/**
 * Describes a code-point range of the text with both W3C selectors: a TextPositionSelector and
 * a TextQuoteSelector with up to CONTEXT_LENGTH code points of prefix and suffix.
 * Throws RangeError for an invalid range: callers pass ranges they computed themselves.
 */
export function describeRange(index: TextIndex, start: number, end: number): AnnotationTarget {
  if (!isValidRange(index.length, start, end)) {
    throw new RangeError(`invalid range ${start}–${end} for a text of ${index.length} code points`);
  }
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: index.slice(start, end),
      prefix: index.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: index.slice(end, Math.min(index.length, end + CONTEXT_LENGTH)),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}
