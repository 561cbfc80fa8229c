/**
 * Inline runs of the HTML walker (`html-blocks.ts`): a text run carrying its context's marks,
 * link and note marker, and HTML whitespace collapsing for a textblock.
 */
import type { Inline, InlineMark } from '../model/types';

/** What the walker carries down the tree: open inline marks, link target, note, `<pre>`. */
export interface Ctx {
  marks: InlineMark[];
  href?: string;
  noteRef?: string;
  pre: boolean;
}

export function run(text: string, ctx: Ctx): Inline {
  const r: Inline = { type: 'text', text };
  if (ctx.marks.length) r.marks = [...new Set(ctx.marks)].sort();
  if (ctx.href) r.href = ctx.href;
  if (ctx.noteRef) r.noteRef = ctx.noteRef;
  return r;
}

/** Collapses HTML whitespace across runs and trims the textblock's edges. A note marker's
 * "[1]" brackets from mammoth are dropped: the marker shows as a superscript number. */
export function tidy(content: Inline[], pre: boolean): Inline[] {
  const out: Inline[] = [];
  let lastSpace = true; // at the start, leading space is dropped
  for (const i of content) {
    if (i.type === 'hardBreak') {
      if (!pre) trimEnd(out);
      out.push(i);
      lastSpace = true;
      continue;
    }
    let text = i.text.replace(/\u00ad/g, '');
    if (i.noteRef) text = text.replace(/^\[(.*)\]$/, '$1');
    if (!pre) {
      text = text.replace(/[ \t\n\r\f]+/g, ' ');
      if (lastSpace) text = text.replace(/^ /, '');
      if (text) lastSpace = text.endsWith(' ');
    }
    if (text) out.push({ ...i, text });
  }
  if (!pre) trimEnd(out);
  while (out.length && out[out.length - 1].type === 'hardBreak') out.pop();
  return out.some((i) => i.type === 'text' && /\S/.test(i.text)) ? out : [];
}

function trimEnd(out: Inline[]): void {
  const last = out[out.length - 1];
  if (last?.type === 'text' && last.text.endsWith(' ')) {
    const text = last.text.replace(/ +$/, '');
    if (text) out[out.length - 1] = { ...last, text };
    else out.pop();
  }
}
