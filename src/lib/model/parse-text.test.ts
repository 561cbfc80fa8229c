import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePlainText } from './parse-text';
import { bookText } from './shared-files';
import { checkInvariant, display, shownLines, textblocks } from './parse-text.checks';

// The app's bundled sample; book-sized text comes from bookText() (generated when kjv.txt is absent).
const PUBLIC_INTERVIEW = path.resolve(__dirname, '../../../public/sample-interview.txt');

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

describe('parsePlainText on public/sample-interview.txt (the bundled sample)', () => {
  it('holds the invariant for every textblock', () => {
    const doc = parsePlainText(readFileSync(PUBLIC_INTERVIEW, 'utf8'));
    expect(textblocks(doc.blocks).length).toBeGreaterThan(0);
    checkInvariant(doc);
  });
});

describe('parsePlainText on a book (kjv.txt, or a generated one of its size and shape)', () => {
  const { text } = bookText();
  const doc = parsePlainText(text);

  it('keeps each numbered verse of the first chapters on its own line', () => {
    const blocks = textblocks(doc.blocks);
    // A chapter is the block after a heading line ("Genesis 1", "Book 1"); its verses start
    // with their number, and wrapped continuations join the verse they continue.
    const chapters = blocks.filter(
      (b, i) => i > 0 && /^\S.* \d+$/.test(display(blocks[i - 1].content)),
    );
    expect(chapters.length).toBeGreaterThan(1000);
    for (const ch of chapters.slice(0, 5)) {
      const src = [...doc.plainText].slice(ch.start, ch.end).join('');
      const verses = src.split('\n').filter((l) => /^ *\d+ /.test(l)).length;
      const lines = shownLines(ch);
      expect(lines).toHaveLength(verses);
      lines.forEach((l, i) => expect(l).toMatch(new RegExp(`^ *${i + 1} [A-Z]`)));
    }
  });

  // Generous timeout: ~31,000 blocks checked code point by code point; never a timing assertion.
  it('holds the invariant over the whole text', { timeout: 120_000 }, () => {
    checkInvariant(doc);
  });
});
