import type { EditMap } from './types';
import { TextIndex, cpLength } from './text-index';

/**
 * The position map of a text edit in code points (issue 16): replacements, the map they make
 * (steps of `start, oldSize, newSize` triples, ProseMirror `StepMap` semantics), mapping a
 * position through it, inverting and joining maps, and checking a stored one. What an edit does
 * to a range is edit-trace.ts; to every annotation, text-edit.ts.
 */

/** One replacement: code points [start, end) of the text before it become `text`. */
export interface TextReplace {
  start: number;
  end: number;
  text: string;
}

export type { EditMap } from './types';

/**
 * Applies replacements one after another (each in the coordinates of the text the previous one
 * left) and returns the new text with the map of the whole edit. Throws RangeError for a range
 * outside the text: callers compute their ranges.
 */
export function applyReplaces(
  text: string,
  replaces: readonly TextReplace[],
): { text: string; map: EditMap } {
  let out = text;
  let index = new TextIndex(out);
  const map: EditMap = [];
  for (const r of replaces) {
    if (!(r.start >= 0 && r.start <= r.end && r.end <= index.length))
      throw new RangeError(`replace ${r.start}–${r.end} outside a text of ${index.length}`);
    const size = cpLength(r.text);
    if (r.start === r.end && size === 0) continue;
    out = out.slice(0, index.toUtf16(r.start)) + r.text + out.slice(index.toUtf16(r.end));
    index = new TextIndex(out);
    map.push([r.start, r.end - r.start, size]);
  }
  return { text: out, map };
}

/** The map of replacements made one after another (as `applyReplaces` gives it), without
 * building the text: for the caller that already has the edited text (the editor's recorder). */
export function mapOf(replaces: readonly TextReplace[]): EditMap {
  const map: EditMap = [];
  for (const r of replaces) {
    const size = cpLength(r.text);
    if (r.start !== r.end || size) map.push([r.start, r.end - r.start, size]);
  }
  return map;
}

/** Maps a position through one step (ProseMirror's StepMap.map): `assoc` −1 keeps a position
 * on a replaced range's start, +1 on its end. */
export function mapStep(ranges: readonly number[], pos: number, assoc: -1 | 1): number {
  let diff = 0;
  for (let i = 0; i < ranges.length; i += 3) {
    const start = ranges[i];
    if (start > pos) break;
    const oldSize = ranges[i + 1];
    const newSize = ranges[i + 2];
    const end = start + oldSize;
    if (pos <= end) {
      const side = !oldSize ? assoc : pos === start ? -1 : pos === end ? 1 : assoc;
      return start + diff + (side < 0 ? 0 : newSize);
    }
    diff += newSize - oldSize;
  }
  return pos + diff;
}

/** Maps a position through every step of a map. */
export function mapPos(map: EditMap, pos: number, assoc: -1 | 1): number {
  for (const step of map) pos = mapStep(step, pos, assoc);
  return pos;
}

/** The map back from the end of `map` to its start (restoring an older version): every step
 * inverted (sizes swapped, starts in the text after it), in reverse order. */
export function invertMap(map: EditMap): EditMap {
  return map
    .map((step) => {
      const out: number[] = [];
      let diff = 0;
      for (let i = 0; i < step.length; i += 3) {
        out.push(step[i] + diff, step[i + 2], step[i + 1]);
        diff += step[i + 2] - step[i + 1];
      }
      return out;
    })
    .reverse();
}

/** Joins maps made one after another (version N→N+1, N+1→N+2, …) into one. */
export function joinMaps(...maps: EditMap[]): EditMap {
  return maps.flat();
}

/** Checks a map read from storage or a file: steps of non-negative integer triples. */
export function isEditMap(v: unknown): v is EditMap {
  return (
    Array.isArray(v) &&
    v.every(
      (step) =>
        Array.isArray(step) &&
        step.length % 3 === 0 &&
        step.every((n) => Number.isInteger(n) && n >= 0),
    )
  );
}

/** A map's problem given the code-point length of the text before it: each step's ranges must
 * be ascending, inside the text, and the whole map must lead to `after` code points. */
export function mapProblem(map: EditMap, before: number, after: number): string | null {
  let len = before;
  for (const step of map) {
    let end = 0;
    let diff = 0;
    for (let i = 0; i < step.length; i += 3) {
      const [start, oldSize, newSize] = [step[i], step[i + 1], step[i + 2]];
      if (start < end || start + oldSize > len) return 'has a step outside the text';
      end = start + oldSize;
      diff += newSize - oldSize;
    }
    len += diff;
  }
  return len === after ? null : 'does not lead from the previous version to this one';
}
