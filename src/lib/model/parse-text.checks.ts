/**
 * Checks shared by the plain-text parser tests (parse-text.test.ts and
 * parse-text.shared.test.ts). Test support only: imported by *.test.ts.
 */
import { expect } from 'vitest';
import type { Block, Inline, ParsedDocument, TextBlock } from './types';
import { textblocksOf } from './blocks';

/** Every textblock of a document, in order (tables, notes and lists included). */
export const textblocks = (blocks: Block[]): TextBlock[] => textblocksOf(blocks);

export const display = (content: Inline[]) =>
  content.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');

/** The offsets invariant of types.ts: one displayed code point per source code point of the
 * block's range, equal except where a source '\n' is shown as a space. Also: blocks in order,
 * not overlapping, trimmed, and covering every non-blank character of the source. */
export function checkInvariant(doc: ParsedDocument): void {
  const cps = [...doc.plainText];
  let prevEnd = 0;
  let covered = 0;
  for (const b of textblocks(doc.blocks)) {
    expect(b.start).toBeGreaterThanOrEqual(prevEnd);
    expect(b.end).toBeGreaterThan(b.start);
    const shown = [...display(b.content)];
    const src = cps.slice(b.start, b.end);
    expect(shown.length).toBe(src.length);
    for (let i = 0; i < src.length; i++) {
      if (shown[i] !== src[i] && !(shown[i] === ' ' && src[i] === '\n')) {
        throw new Error(
          `block ${b.start}–${b.end}: displayed ${JSON.stringify(shown[i])} for ${JSON.stringify(src[i])} at ${b.start + i}`,
        );
      }
    }
    expect(/\s/.test(src[0]) || /\s/.test(src[src.length - 1])).toBe(false);
    for (const inl of b.content) if (inl.type === 'text') expect(inl.text).not.toContain('\n');
    covered += src.filter((c) => /\S/.test(c)).length;
    prevEnd = b.end;
  }
  expect(covered).toBe(cps.filter((c) => /\S/.test(c)).length);
}

/** Each paragraph's lines as shown: its display split at hardBreaks. */
export const shownLines = (b: TextBlock) => display(b.content).split('\n');
