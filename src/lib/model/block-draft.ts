/**
 * A block as converters produce it and as it is stored (see `blocks.ts`), and the normalising
 * of its inline runs.
 */
import type { Block, Inline, InlineMark } from './types';

type Strip<B> = B extends { start: number; end: number } ? Omit<B, 'start' | 'end'> : B;
/** A block as a converter produces it and as it is stored: no offsets. */
export type DraftBlock =
  | Strip<Extract<Block, { type: 'paragraph' | 'heading' | 'note' | 'pageBreak' | 'chapter' }>>
  | { type: 'blockquote'; children: DraftBlock[] }
  | { type: 'bulletList'; items: DraftBlock[][] }
  | { type: 'orderedList'; start: number; items: DraftBlock[][] }
  | { type: 'table'; rows: DraftBlock[][][] };

/** The inline marks a stored run may carry; others are dropped. */
export const MARKS: readonly InlineMark[] = ['bold', 'italic', 'code', 'image', 'sup', 'sub'];
/** Links that may be shown: web and mail only (never javascript:, data:, file:). */
export const safeHref = (h: unknown): string | undefined =>
  typeof h === 'string' && /^(?:https?:\/\/|mailto:)[^\s]*$/i.test(h) && h.length <= 2048
    ? h
    : undefined;

/** Normalises a run list: '\n' inside runs becomes a space (runs never hold line breaks), runs
 * with the same marks, link and note are merged, empty runs dropped. */
export function cleanInlines(content: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const i of content) {
    if (i.type === 'hardBreak') {
      out.push({ type: 'hardBreak' });
      continue;
    }
    const text = i.text.replace(/\r\n?|\n/g, ' ');
    if (!text) continue;
    const marks = [...new Set(i.marks ?? [])].filter((m) => MARKS.includes(m)).sort();
    const run: Inline = { type: 'text', text };
    if (marks.length) run.marks = marks;
    const href = safeHref(i.href);
    if (href) run.href = href;
    if (typeof i.noteRef === 'string' && i.noteRef) run.noteRef = i.noteRef;
    const prev = out[out.length - 1];
    if (
      prev?.type === 'text' &&
      (prev.marks ?? []).join() === (run.marks ?? []).join() &&
      prev.href === run.href &&
      prev.noteRef === run.noteRef
    )
      out[out.length - 1] = { ...prev, text: prev.text + text };
    else out.push(run);
  }
  return out;
}

/** A run list's displayed characters ('\n' per hard break), as the reader shows them. */
export const displayOf = (content: readonly Inline[]) =>
  content.map((i) => (i.type === 'hardBreak' ? '\n' : i.text)).join('');
