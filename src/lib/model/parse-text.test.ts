import { textblocksOf } from './blocks';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePlainText } from './parse-text';
import type { Block, Inline, ParsedDocument, TextBlock } from './types';

// Fixtures beside the repository (shared between worktrees) and the app's bundled sample.
const KJV = path.resolve(__dirname, '../../../../shared/texts/kjv.txt');
const INTERVIEW = path.resolve(__dirname, '../../../../shared/texts/sample-interview.txt');
const PUBLIC_INTERVIEW = path.resolve(__dirname, '../../../public/sample-interview.txt');

const textblocks = (blocks: Block[]): TextBlock[] => textblocksOf(blocks);

const display = (content: Inline[]) =>
  content.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');

/** The offsets invariant of types.ts: one displayed code point per source code point of the
 * block's range, equal except where a source '\n' is shown as a space. Also: blocks in order,
 * not overlapping, trimmed, and covering every non-blank character of the source. */
function checkInvariant(doc: ParsedDocument): void {
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
const shownLines = (b: TextBlock) => display(b.content).split('\n');

describe('parsePlainText: blocks', () => {
  it('splits at blank lines, trims each block, keeps plainText as the source', () => {
    const src = '\n  First para.\n\n \t \nSecond.  \n\n\n';
    const doc = parsePlainText(src);
    expect(doc.plainText).toBe(src);
    expect(doc.blocks).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'First para.' }], start: 3, end: 14 },
      { type: 'paragraph', content: [{ type: 'text', text: 'Second.' }], start: 20, end: 27 },
    ]);
    checkInvariant(doc);
  });

  it('gives an empty or blank text no blocks', () => {
    expect(parsePlainText('').blocks).toEqual([]);
    expect(parsePlainText(' \n\n\t').blocks).toEqual([]);
  });

  it('counts code points, not UTF-16 units, for astral characters', () => {
    const doc = parsePlainText('😀😀\n\nab 👩‍👩‍👧 e\u0301');
    expect(textblocks(doc.blocks).map((b) => [b.start, b.end])).toEqual([
      [0, 2],
      [4, 15], // 'ab ' + family (5 code points: 3 people, 2 joiners) + ' ' + e + combining accent
    ]);
    checkInvariant(doc);
  });
});

describe('parsePlainText: line breaks', () => {
  it('reflows a Gutenberg-style hard-wrapped paragraph (breaks → spaces)', () => {
    const src = [
      'It is a truth universally acknowledged, that a single man in possession',
      'of a good fortune, must be in want of a wife. However little known the',
      'feelings or views of such a man may be on his first entering a',
      'neighbourhood, this truth is so well fixed in the minds of the',
      'surrounding families.',
    ].join('\n');
    const doc = parsePlainText(src);
    expect(doc.blocks).toHaveLength(1);
    const [p] = textblocks(doc.blocks);
    expect(p.content).toEqual([{ type: 'text', text: src.replace(/\n/g, ' ') }]);
    checkInvariant(doc);
  });

  it('keeps the breaks of a poem (short lines → hardBreaks)', () => {
    const src =
      'Because I could not stop for Death –\nHe kindly stopped for me –\nThe Carriage held but just Ourselves –\nAnd Immortality.';
    const [p] = textblocks(parsePlainText(src).blocks);
    expect(shownLines(p)).toEqual(src.split('\n'));
    expect(p.content.filter((i) => i.type === 'hardBreak')).toHaveLength(3);
  });

  it('keeps a long verse line in a poem of mostly short lines unless the next line continues it', () => {
    const src = [
      'Shall I compare thee?',
      'To a summer’s day?',
      'Thou art more lovely and more temperate, and rough winds do shake the darling',
      'Buds of May,',
      'And summer’s lease hath all too short a date, sometime too hot the eye of heaven',
      'shines.',
    ].join('\n');
    const [p] = textblocks(parsePlainText(src).blocks);
    const lines = src.split('\n');
    expect(shownLines(p)).toEqual([...lines.slice(0, 4), `${lines[4]} shines.`]);
  });

  it('keeps numbered lines, bullets and speaker turns on their own lines even when long', () => {
    const long = 'and this item is long enough to look like hard-wrapped prose text,';
    const src = [
      `1. First ${long}`,
      `2. Second ${long}`,
      `- a bullet ${long}`,
      `• another ${long}`,
      `HAMLET: To be ${long}`,
      'end.',
    ].join('\n');
    const [p] = textblocks(parsePlainText(src).blocks);
    expect(shownLines(p)).toEqual([...src.split('\n').slice(0, 4), `HAMLET: To be ${long} end.`]);
  });

  it('keeps the break before a line indented deeper (new indented paragraph)', () => {
    const src =
      'This line is long enough to be taken for a line of hard-wrapped prose,\nand this continues it.\n    A new paragraph starts here with an indent.';
    const [p] = textblocks(parsePlainText(src).blocks);
    expect(shownLines(p)).toEqual([
      'This line is long enough to be taken for a line of hard-wrapped prose, and this continues it.',
      '    A new paragraph starts here with an indent.',
    ]);
  });

  it('keeps breaks in a block with a line too long to be hard-wrapped', () => {
    const src = `${'x'.repeat(60)}\n${'word '.repeat(30)}\nend`;
    const [p] = textblocks(parsePlainText(src).blocks);
    expect(p.content.filter((i) => i.type === 'hardBreak')).toHaveLength(2);
  });

  it('shows indentation after a hardBreak and trailing spaces before it', () => {
    const src = 'Dear Sir,  \n   Yours truly,\n      J.';
    const doc = parsePlainText(src);
    expect(shownLines(textblocks(doc.blocks)[0])).toEqual([
      'Dear Sir,  ',
      '   Yours truly,',
      '      J.',
    ]);
    checkInvariant(doc);
  });
});

describe('parsePlainText: invariant (property)', () => {
  const piece = fc.constantFrom(
    'a',
    'word ',
    'The quick brown fox jumps over the lazy dog and keeps running ',
    ' ',
    '  ',
    '\t',
    '\n',
    '\n\n',
    '\n  ',
    '12 ',
    '- ',
    'é',
    'e\u0301',
    '😀',
    '👩‍👩‍👧',
    '\u00a0',
    '\uFEFF',
    'X: ',
  );
  it('holds for arbitrary texts, blocks in order and non-overlapping', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(piece, { maxLength: 60 }).map((a) => a.join('')),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 200 }),
          fc.string({
            unit: fc.constantFrom('a', 'b', ' ', '\n', '😀', '👩‍👩‍👧', 'ж'),
            maxLength: 300,
          }),
        ),
        (s) => {
          checkInvariant(parsePlainText(s));
        },
      ),
      { numRuns: 400 },
    );
  });
});

if (!existsSync(PUBLIC_INTERVIEW))
  console.warn(`parse-text.test: ${PUBLIC_INTERVIEW} is absent; skipping its invariant test.`);
describe.skipIf(!existsSync(PUBLIC_INTERVIEW))(
  'parsePlainText on public/sample-interview.txt (the bundled sample)',
  () => {
    it('holds the invariant for every textblock', () => {
      const doc = parsePlainText(readFileSync(PUBLIC_INTERVIEW, 'utf8'));
      expect(textblocks(doc.blocks).length).toBeGreaterThan(0);
      checkInvariant(doc);
    });
  },
);

describe.skipIf(!existsSync(INTERVIEW))('parsePlainText on sample-interview.txt', () => {
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

if (!existsSync(KJV)) console.warn(`parse-text.test: ${KJV} is absent; skipping the KJV tests.`);
describe.skipIf(!existsSync(KJV))('parsePlainText on the KJV', () => {
  const doc = existsSync(KJV)
    ? parsePlainText(readFileSync(KJV, 'utf8'))
    : { plainText: '', blocks: [] };

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

  // Generous timeouts: ~31,000 blocks checked code point by code point; never a timing assertion.
  it('holds the invariant over the whole text', { timeout: 120_000 }, () => {
    checkInvariant(doc);
  });
});
