// Benchmark workloads. W-book is the King James Bible from ../shared (or, when absent, a
// generated text of the same size and shape); W-verses is the same text with one verse per
// paragraph; W-seed is the sample interview.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generatedBook } from '../src/lib/model/generated-book.mjs';

/** Paragraphs as the reader shows them (blank-line separated blocks). */
const paragraphsOf = (text) =>
  text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter(Boolean);

export function workloads(root) {
  // The same generated book as bookText() in src/lib/model/shared-files.ts (the tests').
  const shared = process.env.MARGINALIA_SHARED
    ? resolve(root, process.env.MARGINALIA_SHARED)
    : resolve(root, '../shared');
  const kjvPath = resolve(shared, 'texts/kjv.txt');
  const seedPath = resolve(root, 'public/sample-interview.txt');
  const bookText = existsSync(kjvPath) ? readFileSync(kjvPath, 'utf8') : generatedBook();
  const versesText = bookText.replace(/\n(?=[ \t]*\d+ )/g, '\n\n');
  const seedText = readFileSync(seedPath, 'utf8');
  const make = (text) => ({ text, paragraphs: paragraphsOf(text) });
  const W = { seed: make(seedText), book: make(bookText), verses: make(versesText) };
  W.describe = {
    'W-seed': `sample interview, ${W.seed.paragraphs.length} paragraphs`,
    'W-book': `${existsSync(kjvPath) ? 'kjv.txt' : 'generated book'}, ${(bookText.length / 1e6).toFixed(1)} M chars, ${W.book.paragraphs.length} paragraphs`,
    'W-verses': `one verse per paragraph, ${W.verses.paragraphs.length} paragraphs`,
    A10k: '10,000 annotations on W-book, fixed seed: a word to three paragraphs long, 20% overlapping another, 5 tags, a third with notes',
  };
  return W;
}
