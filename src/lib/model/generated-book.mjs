// Plain JavaScript so that both the tests (through shared-files.ts) and the benchmark
// (bench/workloads.mjs, run by Node without a TypeScript step) use this one generator.

/**
 * A book-sized text shaped like kjv.txt, for when `../shared` is absent: 1,189 "Book N"
 * headings, each followed by a chapter of 26 numbered verses hard-wrapped at 80 columns, from
 * a fixed seed so every run sees the same text. ASCII, like the KJV.
 */
export function generatedBook() {
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
