/**
 * Helpers shared by the anchoring tests (anchor.test.ts, anchor.edits.test.ts). Test support
 * only: imported by *.test.ts.
 */
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import type { Anchor } from './types';

/** Code-point offset of `s` in `text` (searching from UTF-16 `from`). */
export const cpIndexOf = (text: string, s: string, from = 0): number =>
  [...text.slice(0, text.indexOf(s, from))].length;
export const cpLen = (s: string): number => [...s].length;

/** The selectors of `quote`'s first occurrence (from UTF-16 `from`). */
export function target(text: string, quote: string, from = 0) {
  const start = cpIndexOf(text, quote, from);
  return describeRange(new TextIndex(text), start, start + cpLen(quote));
}
/** The text an anchor covers, or null for an orphan. */
export const quoted = (index: TextIndex, a: Anchor): string | null =>
  a.status === 'orphan' ? null : index.slice(a.start, a.end);

/** A paragraph with a long dash and an emoji, edited by the tests. */
export const base =
  'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, ' +
  'and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world. 🐋 ' +
  'It is a way I have of driving off the spleen and regulating the circulation.';
