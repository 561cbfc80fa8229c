/**
 * Fixtures shared by the class-analysis tests (class-coverage.test.ts, class-agreement.test.ts,
 * class-analysis.test.ts). Test support only: imported by *.test.ts.
 */
import fc from 'fast-check';
import type { Mark } from './class-mark';

/**
 * The class of the acceptance test (issue #8): a text of 20 code points, three students.
 *
 *   position   0         1
 *              01234567890123456789
 *   Ana  a1      [----)               [2, 8)   Claim, note "core"
 *   Ana  a2         [----)            [5, 10)  no tag (overlaps her own a1)
 *   Ben  b1          [-----)          [6, 12)  Claim, note "agree"
 *   Cy   c1        [-)                [4, 7)   Evidence
 *   Ben  b2                 [-)       [15, 18) Evidence (a passage only Ben marked)
 *
 * Claim is used by Ana and Ben, Evidence by Ben and Cy: each tag by 2 of 3 readers.
 */
export const N = 20;
export const mark = (
  id: string,
  creator: string,
  start: number,
  end: number,
  tags: string[],
  note = '',
): Mark => ({ id, creator, start, end, tags, note, quote: 'x'.repeat(end - start) });
export const a1 = mark('a1', 'Ana', 2, 8, ['claim'], 'core');
export const a2 = mark('a2', 'Ana', 5, 10, []);
export const b1 = mark('b1', 'Ben', 6, 12, ['claim'], 'agree');
export const c1 = mark('c1', 'Cy', 4, 7, ['evidence'], '  ');
export const b2 = mark('b2', 'Ben', 15, 18, ['evidence']);
export const marks = [b2, c1, a2, b1, a1];
export const readers = ['Ana', 'Ben', 'Cy'];

/** Random classes: a text length, readers, a tag (or null) and marks, some off the text or empty. */
export const scenario = fc.integer({ min: 0, max: 30 }).chain((length) =>
  fc.record({
    length: fc.constant(length),
    readers: fc.uniqueArray(fc.constantFrom('Ana', 'Ben', 'Cy', 'Dee', 'Eve'), { maxLength: 5 }),
    tagId: fc.constantFrom(null, 't1', 't2'),
    marks: fc.array(
      fc.record({
        creator: fc.constantFrom('Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Zed'),
        start: fc.integer({ min: -2, max: length + 2 }),
        len: fc.integer({ min: -1, max: 12 }),
        tags: fc.subarray(['t1', 't2']),
      }),
      { maxLength: 14 },
    ),
  }),
);
/** The scenario's marks as `Mark`s (ids m0, m1, …). */
export const toMarks = (
  ms: { creator: string; start: number; len: number; tags: string[] }[],
): Mark[] =>
  ms.map((m, i) => ({
    id: `m${i}`,
    creator: m.creator,
    start: m.start,
    end: m.start + m.len,
    tags: m.tags,
    note: '',
    quote: '',
  }));
