// Benchmark workloads. W-book is the King James Bible from ../shared (or, when absent, a
// generated text of the same size and shape); W-verses is the same text with one verse per
// paragraph; W-seed is the sample interview.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

function generatedBook() {
  // Same shape as kjv.txt: 1,189 "Book N" headings, each followed by a chapter of ~26 numbered
  // verses hard-wrapped at 80 columns; a fixed seed so every run sees the same text.
  let s = 42;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 4294967296;
  const words =
    'and the of that he unto shall said lord god his they in him them not is be for with all thou which was my their thy me upon have were from by ye this land son men people king house day'.split(
      ' ',
    );
  const out = [];
  for (let c = 1; c <= 1189; c++) {
    out.push(`Book ${c}`, '');
    const verses = [];
    for (let v = 1; v <= 26; v++) {
      let verse = `  ${v} And`;
      const n = 15 + Math.floor(rnd() * 30);
      for (let w = 0; w < n; w++) verse += ' ' + words[Math.floor(rnd() * words.length)];
      verse += '.';
      const lines = [];
      let line = '';
      for (const word of verse.split(' ')) {
        if (line.length + word.length + 1 > 78 && line.trim()) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word === '' ? ' ' : word;
      }
      lines.push(line);
      verses.push(lines.join('\n'));
    }
    out.push(verses.join('\n'), '');
  }
  return out.join('\n');
}

/** Paragraphs as the reader shows them (blank-line separated blocks). */
const paragraphsOf = (text) =>
  text
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter(Boolean);

export function workloads(root) {
  // The same generator as bookText() in src/lib/model/shared-files.ts (tests use that one).
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
