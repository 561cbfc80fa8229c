/**
 * Where tests find `../shared` (real documents, interop files, the official W3C test suite):
 * `$MARGINALIA_SHARED` when set, else the folder beside the repository. Only tests whose whole
 * point is such a file use it, and they are named `*.shared.test.ts`; every other test makes its
 * fixtures (e.g. `bookText`). Test support only: imported by *.test.ts, runs in Node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository's root (this file is src/lib/model/shared-files.ts). */
const ROOT = resolve(import.meta.dirname, '../../..');

/** The shared folder: `$MARGINALIA_SHARED`, else `<repo>/../shared`. It may not exist. */
export const SHARED_DIR = process.env.MARGINALIA_SHARED
  ? resolve(ROOT, process.env.MARGINALIA_SHARED)
  : resolve(ROOT, '../shared');

/** Absolute path of a file in the shared folder (which may be absent). */
export const sharedPath = (rel: string): string => resolve(SHARED_DIR, rel);

/**
 * Whether `rel` is present in the shared folder. When it is not, prints why the calling
 * `*.shared.test.ts` skips, so a run on a fresh clone says what it left out.
 */
export function hasShared(rel: string, what: string): boolean {
  const present = existsSync(sharedPath(rel));
  if (!present) console.warn(`${sharedPath(rel)} is absent: skipping ${what}.`);
  return present;
}

/**
 * A book-sized text: `texts/kjv.txt` from the shared folder, or, when it is absent, a generated
 * text of the same size and shape (the same generator as bench/workloads.mjs): 1,189 "Book N"
 * headings, each followed by a chapter of 26 numbered verses hard-wrapped at 80 columns, from a
 * fixed seed so every run sees the same text. ASCII, like the KJV.
 */
export function bookText(): { text: string; source: 'kjv.txt' | 'generated' } {
  const kjv = sharedPath('texts/kjv.txt');
  if (existsSync(kjv)) return { text: readFileSync(kjv, 'utf8'), source: 'kjv.txt' };
  return { text: generatedBook(), source: 'generated' };
}

function generatedBook(): string {
  let s = 42;
  const rnd = () => (s = (s * 1103515245 + 12345) >>> 0) / 4294967296;
  const words =
    'and the of that he unto shall said lord god his they in him them not is be for with all thou which was my their thy me upon have were from by ye this land son men people king house day'.split(
      ' ',
    );
  const out: string[] = [];
  for (let c = 1; c <= 1189; c++) {
    out.push(`Book ${c}`, '');
    const verses: string[] = [];
    for (let v = 1; v <= 26; v++) {
      let verse = `  ${v} And`;
      const n = 15 + Math.floor(rnd() * 30);
      for (let w = 0; w < n; w++) verse += ' ' + words[Math.floor(rnd() * words.length)];
      verse += '.';
      const lines: string[] = [];
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
