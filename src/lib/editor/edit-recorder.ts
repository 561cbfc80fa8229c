import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import type { Segment } from '../model/offset-map';
import { cpLength, type TextReplace } from '../model/text-edit';
import { TextIndex } from '../model/text-index';
import { GAP, blockStep, display, isBlank, lastAtOrBefore, type Row } from './block-step';
import type { Result } from '../model/types';
import type { DraftBlock } from '../model/blocks';

/** How the canonical text is made of the editor's textblocks. 'text': a text file's paragraphs,
 * whose gaps keep their exact text. 'blocks': `layoutBlocks` (model/block-layout.ts), textblocks
 * joined by one blank line, a blank textblock (no visible character) adding neither text nor
 * gap. */
export type RecorderLayout = 'text' | 'blocks';

/** An edit so far (see `ReaderEditor.edited`). */
export interface EditedText {
  /** Replacements of the canonical text, in code points, in order. */
  replaces: readonly TextReplace[];
  /** The canonical text they make. */
  text: string;
  /** Why the edit cannot be saved, or null. */
  error: string | null;
  /** The edited document as a stored block tree (for block documents; see `docToBlocks`). */
  blocks: () => Result<DraftBlock[]>;
}

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
        const mapped = (pos: number, assoc: number) => map.map(pos, assoc);
        if (this.layout === 'blocks') this.#blockStep(before, after, from, to, mapped);
        else this.#step(before, after, from, to, mapped);
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

  /** A step of a block document: see `blockStep`. */
  #blockStep(
    before: PMNode,
    after: PMNode,
    from: number,
    to: number,
    map: (pos: number, assoc: number) => number,
  ): void {
    const index = (this.#index ??= new TextIndex(this.#text));
    const { replace, rows } = blockStep(this.#rows, index, before, after, from, to, map);
    if (replace) {
      this.replaces.push(replace);
      this.#index = index.replace(replace.start, replace.end, replace.text);
      this.#text = this.#index.text;
    }
    this.#rows = rows;
  }
}

/** A character of the canonical text and the one the editor shows for it: equal, or a line
 * break of a hard-wrapped text file shown as a space (see parse-text.ts). */
const same = (text: string, shown: string) => text === shown || (text === '\n' && shown === ' ');
