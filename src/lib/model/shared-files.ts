/**
 * Where tests find `../shared` (real documents, interop files, the official W3C test suite):
 * `$MARGINALIA_SHARED` when set, else the folder beside the repository. Only tests whose whole
 * point is such a file use it, and they are named `*.shared.test.ts`; every other test makes its
 * fixtures (e.g. `bookText`). Test support only: imported by *.test.ts, runs in Node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generatedBook } from './generated-book.mjs';

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
 * text of the same size and shape (`generated-book.mjs`, which the benchmark uses too).
 */
export function bookText(): { text: string; source: 'kjv.txt' | 'generated' } {
  const kjv = sharedPath('texts/kjv.txt');
  if (existsSync(kjv)) return { text: readFileSync(kjv, 'utf8'), source: 'kjv.txt' };
  return { text: generatedBook(), source: 'generated' };
}
