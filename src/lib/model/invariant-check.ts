import { expect } from 'vitest';
import type { Inline, ParsedDocument } from './types';
import { textblocksOf } from './blocks';

/** Test helper (not a test file): asserts the canonical-text invariant of a parsed document. */
const display = (content: Inline[]) =>
  content.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');

/** The invariant every format keeps: each textblock displays exactly its range of plainText, and
 * plainText is the textblocks joined by "\n\n" (empty table cells take no text). */
export function checkInvariant(doc: ParsedDocument): void {
  const cps = [...doc.plainText];
  const shown: string[] = [];
  for (const b of textblocksOf(doc.blocks)) {
    expect(cps.slice(b.start, b.end).join('')).toBe(display(b.content));
    if (b.end > b.start) shown.push(display(b.content));
  }
  expect(shown.join('\n\n')).toBe(doc.plainText);
  for (const p of doc.pages ?? []) expect(p.offset).toBeLessThanOrEqual(cps.length + 2);
}
