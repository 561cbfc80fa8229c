import type { Inline } from './types';
import type { DraftBlock } from './blocks';
import { escapeText } from './markdown-write';

/**
 * Edits the Markdown of touched tokens in place, when the edit changed only the text of their
 * textblocks (same blocks, same kinds): each textblock's changed span (what lies between the
 * characters it kept at both ends) is found in the source by aligning its displayed characters
 * with the source's in order, and replaced by the typed text, escaped. So a word changed in a
 * paragraph keeps that paragraph's links, emphasis style and line wrapping.
 *
 * The alignment is a guess (markup characters can look like displayed ones), so this only
 * proposes: `side` 0 puts an insertion right after the character before it, 1 right before the
 * character after it (inside or outside a delimiter such as `**`); the caller parses each
 * proposal and keeps one only if it shows exactly the edited blocks. Null when the blocks'
 * structure changed or the characters cannot be aligned.
 */
export function patchTokens(
  raw: string,
  oldBlocks: readonly DraftBlock[],
  newBlocks: readonly DraftBlock[],
  side: 0 | 1,
): string | null {
  if (shape(oldBlocks) !== shape(newBlocks)) return null;
  const olds = textblocks(oldBlocks);
  const news = textblocks(newBlocks);
  let out = '';
  let at = 0; // source copied to `out` so far
  let cursor = 0; // source aligned so far
  for (let i = 0; i < olds.length; i++) {
    const a = shown(olds[i].content);
    const b = shown(news[i].content);
    const pos = a ? align(raw, cursor, a) : null;
    if (!pos) return null;
    cursor = pos[pos.length - 1] + 1;
    if (a === b) continue;
    let pre = 0;
    while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
    let suf = 0;
    while (
      suf < a.length - pre &&
      suf < b.length - pre &&
      a[a.length - 1 - suf] === b[b.length - 1 - suf]
    )
      suf++;
    // Never split a surrogate pair.
    if (pre > 0 && isHigh(a.charCodeAt(pre - 1))) pre--;
    if (suf > 0 && isLow(a.charCodeAt(a.length - suf))) suf--;
    const end = a.length - suf;
    const typed = b.slice(pre, b.length - suf);
    if (typed.includes('\n') || a.slice(pre, end).includes('\n')) return null;
    let from: number;
    let to: number;
    if (pre === end) {
      // An insertion: after the character before it, or before the one after it.
      const afterPrev = pre > 0 ? pos[pre - 1] + 1 : pos[0];
      const beforeNext = pre < a.length ? pos[pre] : pos[a.length - 1] + 1;
      from = to = side === 0 ? afterPrev : beforeNext;
    } else {
      // A replacement: its characters only, or with the markup around them.
      from = side === 0 || pre === 0 ? pos[pre] : pos[pre - 1] + 1;
      to = side === 0 || end === a.length ? pos[end - 1] + 1 : pos[end];
    }
    if (from < at) return null;
    const lineStart = from === 0 || raw[from - 1] === '\n';
    out += raw.slice(at, from) + escapeText(typed, lineStart);
    at = to;
  }
  return out + raw.slice(at);
}

/** Source index of each UTF-16 unit of `shownText`, matched in order from `from` (a displayed
 * space may stand for a soft line break), or null. */
function align(raw: string, from: number, shownText: string): number[] | null {
  const pos: number[] = [];
  let r = from;
  for (const ch of shownText) {
    for (let k = 0; k < ch.length; k++) {
      const c = ch[k];
      while (r < raw.length && raw[r] !== c && !(c === ' ' && raw[r] === '\n')) r++;
      if (r >= raw.length) return null;
      pos.push(r++);
    }
  }
  return pos;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

const shown = (content: readonly Inline[]) =>
  content.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');

/** The blocks' structure without their text. */
function shape(blocks: readonly DraftBlock[]): string {
  return JSON.stringify(blocks, (k, v: unknown) =>
    k === 'content' || k === 'start' || k === 'end' ? undefined : v,
  );
}

type TextDraft = Extract<DraftBlock, { content: Inline[] }>;

/** Paragraphs and headings in document order. */
function textblocks(blocks: readonly DraftBlock[], out: TextDraft[] = []): TextDraft[] {
  for (const b of blocks) {
    if ('content' in b) out.push(b);
    else if (b.type === 'blockquote') textblocks(b.children, out);
    else if (b.type === 'bulletList' || b.type === 'orderedList')
      b.items.forEach((it) => textblocks(it, out));
    else if (b.type === 'table') b.rows.forEach((r) => r.forEach((c) => textblocks(c, out)));
  }
  return out;
}
