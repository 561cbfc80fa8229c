/**
 * Checks shared by the Markdown parser tests (parse-markdown.test.ts and
 * parse-markdown.text.test.ts). Test support only: imported by *.test.ts.
 */
import { expect } from 'vitest';
import { parseMarkdown } from './parse-markdown';
import type { ParsedDocument } from './types';
import { display, textblocks } from './parse-text.checks';

/** Markdown's invariant: each textblock displays exactly `plainText` at its code-point range, and
 * plainText is the textblocks' displays joined by "\n\n" in document order. */
export function checkInvariant(doc: ParsedDocument): void {
  const cps = [...doc.plainText];
  const blocks = textblocks(doc.blocks);
  for (const b of blocks) {
    expect(cps.slice(b.start, b.end).join('')).toBe(display(b.content));
    for (const inl of b.content) if (inl.type === 'text') expect(inl.text).not.toMatch(/^$|\n/);
  }
  expect(blocks.map((b) => display(b.content)).join('\n\n')).toBe(doc.plainText);
}

/** Parses and checks the invariant. */
export const parse = (md: string) => {
  const doc = parseMarkdown(md);
  checkInvariant(doc);
  return doc;
};
