import type { Node as PMNode } from '@tiptap/pm/model';
import { cpLength, type TextReplace } from '../model/text-edit';
import type { TextIndex } from '../model/text-index';

/**
 * The step conversion of the `EditRecorder` for block documents (layout 'blocks'), and the
 * textblock table both layouts share.
 */

/** A textblock of the document being edited: editor position of its content, its code-point
 * range in the current canonical text, and its content size in editor positions. */
export interface Row {
  pos: number;
  size: number;
  start: number;
  end: number;
  /** Block layout only: the block shows no visible character, so it has no text and no gap. */
  blank?: boolean;
}

/** Textblocks are separated by a blank line in the canonical text of a block document, and a
 * new paragraph typed in a text document starts after one. */
export const GAP = '\n\n';

/** A textblock's displayed characters (a line break is a '\n' of its text: line-breaks.ts). */
export const display = (node: PMNode): string => node.textContent;

/** True when a textblock shows no visible character (`layoutBlocks` leaves it out). */
export const isBlank = (shown: string) => !/\S/.test(shown);

/**
 * A step of a block document (layout 'blocks'). The text it may change runs from the end of
 * the last visible textblock before the touched ones to the start of the first visible one
 * after them, so the blank line that comes or goes with a block turning blank or visible is
 * inside it. Characters before the step's start and after its end are kept wherever the old
 * and new text agree on them; the replacement is then trimmed of equal characters, as for a
 * text file. Any replacement made so turns the old text into the new one (by construction: the
 * kept ends are equal), so no step is refused. Returns it (null: the text is unchanged) and the
 * textblock table after the step.
 */
export function blockStep(
  rows: readonly Row[],
  index: TextIndex,
  before: PMNode,
  after: PMNode,
  from: number,
  to: number,
  map: (pos: number, assoc: number) => number,
): { replace: TextReplace | null; rows: Row[] } {
  if (!rows.length) throw new Error('this document has no text to edit');
  const i0 = Math.max(0, lastAtOrBefore(rows, from));
  let i1 = i0;
  while (i1 < rows.length - 1 && rows[i1].pos + rows[i1].size < to) i1++;
  let p = i0 - 1;
  while (p >= 0 && rows[p].blank) p--;
  let q = i1 + 1;
  while (q < rows.length && rows[q].blank) q++;
  const wStart = p >= 0 ? rows[p].end : 0;
  const wEnd = q < rows.length ? rows[q].start : index.length;

  const a = map(Math.min(from, rows[i0].pos), -1);
  const b = map(Math.max(to, rows[i1].pos + rows[i1].size), 1);
  const fresh: { pos: number; text: string }[] = [];
  after.nodesBetween(a, Math.max(a, b), (node, pos) => {
    if (!node.isTextblock) return true;
    fresh.push({ pos: pos + 1, text: display(node) });
    return false;
  });
  const shown = fresh.filter((f) => !isBlank(f.text)).map((f) => f.text);
  const oldWin = [...index.slice(wStart, wEnd)];
  const newWin = [
    ...[...(p >= 0 ? [''] : []), ...shown, ...(q < rows.length ? [''] : [])].join(GAP),
  ];
  const o = oldWin.length;
  const n = newWin.length;

  /** Offset in the old window of editor position `pos`; between blocks, before the gap
   * (`side` −1) or after it (+1). */
  const at = (pos: number, side: -1 | 1): number => {
    let off = side < 0 ? 0 : o;
    for (let i = i0; i <= i1; i++) {
      const r = rows[i];
      if (r.blank) continue;
      if (pos >= r.pos && pos <= r.pos + r.size)
        return r.start - wStart + cpLength(before.textBetween(r.pos, pos, undefined, '\n'));
      if (side < 0 && r.pos + r.size <= pos) off = r.end - wStart;
      if (side > 0 && r.pos >= pos) return r.start - wStart;
    }
    return off;
  };
  let cpl = 0;
  while (cpl < o && cpl < n && oldWin[cpl] === newWin[cpl]) cpl++;
  const prefix = Math.min(at(from, -1), cpl);
  let csl = 0;
  while (csl < Math.min(o, n) - prefix && oldWin[o - 1 - csl] === newWin[n - 1 - csl]) csl++;
  const suffix = Math.min(o - at(to, 1), csl);

  let lo = prefix;
  let oldHi = o - suffix;
  let newHi = n - suffix;
  while (lo < oldHi && lo < newHi && oldWin[lo] === newWin[lo]) lo++;
  while (oldHi > lo && newHi > lo && oldWin[oldHi - 1] === newWin[newHi - 1]) {
    oldHi--;
    newHi--;
  }
  const replace =
    lo < oldHi || lo < newHi
      ? { start: wStart + lo, end: wStart + oldHi, text: newWin.slice(lo, newHi).join('') }
      : null;

  // The block table after the step: touched blocks laid out afresh, later ones shifted.
  let cp = wStart;
  let gap = p >= 0;
  const mid: Row[] = fresh.map((f) => {
    if (isBlank(f.text))
      return { pos: f.pos, size: f.text.length, start: cp, end: cp, blank: true };
    if (gap) cp += GAP.length;
    const row = { pos: f.pos, size: f.text.length, start: cp, end: cp + cpLength(f.text) };
    cp = row.end;
    gap = true;
    return row;
  });
  return {
    replace,
    rows: [...rows.slice(0, i0), ...mid, ...shifted(rows.slice(i1 + 1), n - o, map)],
  };
}

/** Rows after a step's window: positions mapped, offsets moved by `delta`. */
export const shifted = (
  rows: readonly Row[],
  delta: number,
  map: (pos: number, assoc: number) => number,
) => rows.map((r) => ({ ...r, pos: map(r.pos, 1), start: r.start + delta, end: r.end + delta }));

/** Index of the last row whose content starts at or before `pos`, or -1. */
export function lastAtOrBefore(rows: readonly Row[], pos: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].pos <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
