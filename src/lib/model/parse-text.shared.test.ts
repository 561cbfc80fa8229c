/**
 * The plain-text parser on the real texts in ../shared: the sample interview as shared, and the
 * King James Bible's verse layout (Genesis 1–3). Skipped, with a notice, where they are absent;
 * parse-text.test.ts runs the same invariants on a generated book everywhere.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parsePlainText } from './parse-text';
import { hasShared, sharedPath } from './shared-files';
import { checkInvariant, display, shownLines, textblocks } from './parse-text.checks';

const INTERVIEW = sharedPath('texts/sample-interview.txt');
const KJV = sharedPath('texts/kjv.txt');
const hasInterview = hasShared('texts/sample-interview.txt', 'the shared sample interview test');
const hasKjv = hasShared('texts/kjv.txt', 'the KJV verse-layout tests');

describe.skipIf(!hasInterview)('parsePlainText on sample-interview.txt', () => {
  it('makes one paragraph per line and holds the invariant', () => {
    const src = readFileSync(INTERVIEW, 'utf8');
    const doc = parsePlainText(src);
    checkInvariant(doc);
    const lines = src.split('\n').filter((l) => l.trim());
    expect(doc.blocks).toHaveLength(lines.length);
    for (const b of textblocks(doc.blocks))
      expect(b.content.some((i) => i.type === 'hardBreak')).toBe(false);
  });
});

describe.skipIf(!hasKjv)('parsePlainText on the KJV', () => {
  const doc = hasKjv ? parsePlainText(readFileSync(KJV, 'utf8')) : { plainText: '', blocks: [] };

  it(
    'keeps each verse of Genesis 1–3 on its own line and reflows wrapped continuations',
    { timeout: 60_000 },
    () => {
      const blocks = textblocks(doc.blocks);
      for (const [chapter, verses] of [
        [1, 31],
        [2, 25],
        [3, 24],
      ]) {
        const at = blocks.findIndex((b) => display(b.content) === `Genesis ${chapter}`);
        expect(at).toBeGreaterThanOrEqual(0);
        const lines = shownLines(blocks[at + 1]);
        expect(lines).toHaveLength(verses);
        lines.forEach((l, i) => expect(l).toMatch(new RegExp(`^ *${i + 1} [A-Z]`)));
        for (const l of lines) expect(l.replace(/^ *\d+ /, '')).not.toMatch(/ \d+ [A-Z]/); // no verse swallowed by another
      }
      expect(
        shownLines(blocks[blocks.findIndex((b) => display(b.content) === 'Genesis 1') + 1])[1],
      ).toBe(
        '  2 And the earth was without form, and void; and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters.',
      );
    },
  );

  it('starts every verse of Genesis 1 right after a hardBreak and shows wrapped continuations as spaces', () => {
    const blocks = textblocks(doc.blocks);
    const ch1 = blocks[blocks.findIndex((b) => display(b.content) === 'Genesis 1') + 1];
    // Every inline after a hardBreak is a text run beginning with the next verse number.
    let verse = 1;
    expect((ch1.content[0] as { text: string }).text).toMatch(/^ *1 In the beginning/);
    ch1.content.forEach((inl, i) => {
      if (inl.type !== 'hardBreak') return;
      verse++;
      const next = ch1.content[i + 1];
      expect(next?.type).toBe('text');
      expect((next as { text: string }).text).toMatch(new RegExp(`^ *${verse} `));
    });
    expect(verse).toBe(31);
    // Some verses are hard-wrapped in the source: their '\n' is displayed as ' ' (reflowed), so
    // the number of source line breaks in the chapter exceeds the number of hardBreaks.
    const src = [...doc.plainText].slice(ch1.start, ch1.end).join('');
    const shown = display(ch1.content);
    const sourceBreaks = src.split('\n').length - 1;
    expect(sourceBreaks).toBeGreaterThan(30);
    expect(shown.split('\n').length - 1).toBe(30);
    let reflowed = 0;
    for (let i = 0; i < src.length; i++) if (src[i] === '\n' && shown[i] === ' ') reflowed++;
    expect(reflowed).toBe(sourceBreaks - 30);
  });
});
