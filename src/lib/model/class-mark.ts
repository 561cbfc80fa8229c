/**
 * The unit of the class view (see `class-analysis.ts`): one reader's placed annotation reduced
 * to a code-point range, the order of reader names, and the anonymised display of names.
 */

/** One placed annotation of one reader, in code points [start, end). */
export interface Mark {
  id: string;
  creator: string;
  start: number;
  end: number;
  tags: readonly string[];
  note: string;
  quote: string;
}

/**
 * Order of reader names everywhere in the class view: `localeCompare` (as the UI sorts its
 * reader list), ties broken by code units so that the order is total and never depends on the
 * input order.
 */
export function compareNames(x: string, y: string): number {
  return x.localeCompare(y) || (x < y ? -1 : x > y ? 1 : 0);
}

/** The distinct names, sorted by `compareNames`. */
export const sortedDistinct = (names: Iterable<string>): string[] =>
  [...new Set(names)].sort(compareNames);

/** Whether the mark covers any text (`end > start`); marks that do not take no part in coverage. */
export const covers = (m: Mark) => m.end > m.start;

/** What an anonymised view shows for a name that is not among the readers it was made for. */
export const UNKNOWN_STUDENT = 'Student ?';

/**
 * Display names: the identity when off; when on, "Student 1", "Student 2"… numbered by first
 * occurrence in `readers` (duplicates share a number). A name not in `readers` becomes
 * "Student ?" — never the name itself, and never a number that depends on the order in which
 * names are asked for — so the result is pure and stable. Pass every reader the view can show
 * (not only the visible ones) so that numbers do not change when layers are hidden.
 */
export function anonymiser(readers: readonly string[], on: boolean): (name: string) => string {
  if (!on) return (name) => name;
  const numbers = new Map<string, number>();
  for (const r of readers) if (!numbers.has(r)) numbers.set(r, numbers.size + 1);
  return (name) => {
    const i = numbers.get(name);
    return i === undefined ? UNKNOWN_STUDENT : `Student ${i}`;
  };
}
