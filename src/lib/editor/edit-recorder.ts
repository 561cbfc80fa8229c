import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import type { Segment } from '../model/offset-map';
import { cpLength, type TextReplace } from '../model/text-edit';
import { TextIndex } from '../model/text-index';

/** A textblock of the document being edited: editor position of its content, its code-point
 * range in the current canonical text, and its content size in editor positions. */
interface Row {
  pos: number;
  size: number;
  start: number;
  end: number;
  /** Block layout only: the block shows no visible character, so it has no text and no gap. */
  blank?: boolean;
}

/** How the canonical text is made of the editor's textblocks. 'text': a text file's paragraphs,
 * whose gaps keep their exact text. 'blocks': `layoutBlocks` (model/block-layout.ts), textblocks
 * joined by one blank line, a blank textblock (no visible character) adding neither text nor
 * gap. */
export type RecorderLayout = 'text' | 'blocks';

const isBlank = (display: string) => !/\S/.test(display);

/** Textblocks are separated by a blank line in the canonical text of a block document, and a
 * new paragraph typed in a text document starts after one. */
const GAP = '\n\n';

const display = (node: PMNode): string =>
  node.textBetween(0, node.content.size, undefined, (leaf) =>
    leaf.type.name === 'hardBreak' ? '\n' : '',
  );

/**
 * Turns the editor's transactions into replacements of the canonical text, in code points, as
 * they happen. Each step is converted with the textblock table of the document it applied to:
 * the characters of the touched blocks before the step's start and after its end are kept by
 * construction; the text between is replaced by what the step left there (minus any leading or
 * trailing characters equal on both sides, so that changing a heading level or re-typing the same
 * letters replaces nothing). Gaps between untouched blocks keep their exact text (a text file's
 * blank lines), so positions outside the edit map one to one.
 *
 * Contract: the recorder sees every transaction of the edit, in order, starting from the
 * document whose segments it was given. A step it cannot account for sets `error`; the edit
 * must then not be saved.
 */
export class EditRecorder {
  #rows: Row[];
  #text: string;
  #index: TextIndex | null = null;
  readonly replaces: TextReplace[] = [];
  error: string | null = null;

  constructor(
    segments: readonly Segment[],
    text: string,
    private layout: RecorderLayout = 'text',
  ) {
    this.#rows = segments.map((s) => ({
      pos: s.pos,
      size: s.display.length,
      start: s.start,
      end: s.end,
      ...(layout === 'blocks' && isBlank(s.display) ? { blank: true } : {}),
    }));
    this.#text = text;
  }

  /** The canonical text after every recorded step. */
  get text(): string {
    return this.#text;
  }

  get changed(): boolean {
    return this.replaces.length > 0;
  }

  record(tr: Transaction): void {
    if (!tr.docChanged || this.error) return;
    tr.steps.forEach((step, i) => {
      if (this.error) return;
      const before = tr.docs[i];
      const after = tr.docs[i + 1] ?? tr.doc;
      let from = Infinity;
      let to = -Infinity;
      const map = step.getMap();
      map.forEach((oldStart, oldEnd) => {
        from = Math.min(from, oldStart);
        to = Math.max(to, oldEnd);
      });
      if (from === Infinity) return; // marks only: no position or text changes
      try {
        const step = this.layout === 'blocks' ? this.#blockStep : this.#step;
        step.call(this, before, after, from, to, (pos, assoc) => map.map(pos, assoc));
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
      }
    });
  }

  #step(
    before: PMNode,
    after: PMNode,
    from: number,
    to: number,
    map: (pos: number, assoc: number) => number,
  ): void {
    const rows = this.#rows;
    if (!rows.length) throw new Error('this document has no text to edit');
    let i0 = lastAtOrBefore(rows, from);
    if (i0 < 0) i0 = 0;
    let i1 = i0;
    while (i1 < rows.length - 1 && rows[i1].pos + rows[i1].size < to) i1++;
    const first = rows[i0];
    const last = rows[i1];
    const prefix =
      from < first.pos
        ? 0
        : from > first.pos + first.size
          ? first.end - first.start
          : cpLength(before.textBetween(first.pos, from, undefined, '\n'));
    const suffix =
      to > last.pos + last.size
        ? 0
        : to < last.pos
          ? last.end - last.start
          : cpLength(before.textBetween(to, last.pos + last.size, undefined, '\n'));

    // The touched blocks as they are now.
    const a = map(first.pos, -1);
    const b = map(last.pos + last.size, 1);
    const fresh: { pos: number; text: string }[] = [];
    after.nodesBetween(a, Math.max(a, b), (node, pos) => {
      if (!node.isTextblock) return true;
      fresh.push({ pos: pos + 1, text: display(node) });
      return false;
    });
    if (!fresh.length) throw new Error('an edit removed the last paragraph');

    const index = (this.#index ??= new TextIndex(this.#text));
    const oldWin = [...index.slice(first.start, last.end)];
    const newWin = [...fresh.map((f) => f.text).join(GAP)];
    const o = oldWin.length;
    const n = newWin.length;
    let keptSame = prefix + suffix <= Math.min(o, n);
    for (let k = 0; keptSame && k < prefix; k++) keptSame = same(oldWin[k], newWin[k]);
    for (let k = 1; keptSame && k <= suffix; k++) keptSame = same(oldWin[o - k], newWin[n - k]);
    if (!keptSame) throw new Error('the edited text no longer lines up with the document');

    let lo = prefix;
    let oldHi = o - suffix;
    let newHi = n - suffix;
    while (lo < oldHi && lo < newHi && same(oldWin[lo], newWin[lo])) lo++;
    while (oldHi > lo && newHi > lo && same(oldWin[oldHi - 1], newWin[newHi - 1])) {
      oldHi--;
      newHi--;
    }
    if (lo < oldHi || lo < newHi) {
      const start = first.start + lo;
      const end = first.start + oldHi;
      const text = newWin.slice(lo, newHi).join('');
      this.replaces.push({ start, end, text });
      // Carried over, not rebuilt: a keystroke costs no pass over the whole text.
      this.#index = index.replace(start, end, text);
      this.#text = this.#index.text;
    }

    // The block table after the step: touched blocks laid out afresh, later ones shifted.
    const delta = newWin.length - oldWin.length;
    let cp = first.start;
    const mid: Row[] = fresh.map((f) => {
      const len = cpLength(f.text);
      const row = { pos: f.pos, size: f.text.length, start: cp, end: cp + len };
      cp += len + GAP.length;
      return row;
    });
    const tail = rows.slice(i1 + 1).map((r) => ({
      pos: map(r.pos, 1),
      size: r.size,
      start: r.start + delta,
      end: r.end + delta,
    }));
    this.#rows = [...rows.slice(0, i0), ...mid, ...tail];
  }
  /**
   * A step of a block document (layout 'blocks'). The text it may change runs from the end of
   * the last visible textblock before the touched ones to the start of the first visible one
   * after them, so the blank line that comes or goes with a block turning blank or visible is
   * inside it. Characters before the step's start and after its end are kept wherever the old
   * and new text agree on them; the replacement is then trimmed of equal characters, as in
   * `#step`. Any replacement made so turns the old text into the new one (by construction: the
   * kept ends are equal), so no step is refused.
   */
  #blockStep(
    before: PMNode,
    after: PMNode,
    from: number,
    to: number,
    map: (pos: number, assoc: number) => number,
  ): void {
    const rows = this.#rows;
    if (!rows.length) throw new Error('this document has no text to edit');
    const i0 = Math.max(0, lastAtOrBefore(rows, from));
    let i1 = i0;
    while (i1 < rows.length - 1 && rows[i1].pos + rows[i1].size < to) i1++;
    let p = i0 - 1;
    while (p >= 0 && rows[p].blank) p--;
    let q = i1 + 1;
    while (q < rows.length && rows[q].blank) q++;
    const index = (this.#index ??= new TextIndex(this.#text));
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
    if (lo < oldHi || lo < newHi) {
      const start = wStart + lo;
      const text = newWin.slice(lo, newHi).join('');
      this.replaces.push({ start, end: wStart + oldHi, text });
      this.#index = index.replace(start, wStart + oldHi, text);
      this.#text = this.#index.text;
    }

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
    this.#rows = [...rows.slice(0, i0), ...mid, ...shifted(rows.slice(i1 + 1), n - o, map)];
  }
}

/** Rows after a step's window: positions mapped, offsets moved by `delta`. */
const shifted = (rows: Row[], delta: number, map: (pos: number, assoc: number) => number) =>
  rows.map((r) => ({ ...r, pos: map(r.pos, 1), start: r.start + delta, end: r.end + delta }));

/** A character of the canonical text and the one the editor shows for it: equal, or a line
 * break of a hard-wrapped text file shown as a space (see parse-text.ts). */
const same = (text: string, shown: string) => text === shown || (text === '\n' && shown === ' ');

/** Index of the last row whose content starts at or before `pos`, or -1. */
function lastAtOrBefore(rows: readonly Row[], pos: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].pos <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
