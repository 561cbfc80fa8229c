/**
 * The stored source of a block document: written deterministically, read back strictly (it also
 * comes from packets and backups, so nothing unexpected passes).
 */
import type { Inline, InlineMark, Result } from './types';
import { MARKS, safeHref, type DraftBlock } from './block-draft';

const MAGIC = 'blocks';

/** The stored source of a block document. Deterministic: the same blocks give the same string
 * (and so the same content hash). */
export function serializeBlocks(blocks: readonly DraftBlock[]): string {
  return JSON.stringify({ marginalia: MAGIC, version: 1, blocks });
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
const int = (v: unknown, lo: number, hi: number): v is number =>
  Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;

function checkInlines(v: unknown): Inline[] | null {
  if (!Array.isArray(v)) return null;
  const out: Inline[] = [];
  for (const i of v) {
    if (!isObj(i)) return null;
    if (i.type === 'hardBreak') out.push({ type: 'hardBreak' });
    else if (i.type === 'text' && str(i.text, 1_000_000)) {
      const marks = Array.isArray(i.marks)
        ? (i.marks.filter((m) => MARKS.includes(m)) as InlineMark[])
        : [];
      out.push({
        type: 'text',
        text: i.text,
        ...(marks.length ? { marks } : {}),
        ...(safeHref(i.href) ? { href: safeHref(i.href) } : {}),
        ...(str(i.noteRef, 200) && i.noteRef ? { noteRef: i.noteRef } : {}),
      });
    } else return null;
  }
  return out;
}

function checkBlocks(v: unknown, depth: number): DraftBlock[] | null {
  if (!Array.isArray(v) || depth > 64) return null;
  const out: DraftBlock[] = [];
  for (const b of v) {
    if (!isObj(b)) return null;
    const content = 'content' in b ? checkInlines(b.content) : null;
    const list = (items: unknown) =>
      Array.isArray(items) ? items.map((it) => checkBlocks(it, depth + 1)) : null;
    switch (b.type) {
      case 'paragraph':
        if (!content) return null;
        out.push({ type: 'paragraph', content });
        break;
      case 'heading':
        if (!content || !int(b.level, 1, 6)) return null;
        out.push({ type: 'heading', level: b.level as 1, content });
        break;
      case 'note':
        if (!content || !str(b.id, 200) || !str(b.label, 50)) return null;
        out.push({ type: 'note', id: b.id, label: b.label, content });
        break;
      case 'blockquote': {
        const children = checkBlocks(b.children, depth + 1);
        if (!children) return null;
        out.push({ type: 'blockquote', children });
        break;
      }
      case 'bulletList':
      case 'orderedList': {
        const items = list(b.items);
        if (!items || items.some((it) => !it)) return null;
        if (b.type === 'bulletList')
          out.push({ type: 'bulletList', items: items as DraftBlock[][] });
        else if (int(b.start, 0, 1e9))
          out.push({ type: 'orderedList', start: b.start, items: items as DraftBlock[][] });
        else return null;
        break;
      }
      case 'table': {
        if (!Array.isArray(b.rows)) return null;
        const rows = b.rows.map((r) => list(r));
        if (rows.some((r) => !r || r.some((c) => !c))) return null;
        out.push({ type: 'table', rows: rows as DraftBlock[][][] });
        break;
      }
      case 'pageBreak':
        if (!int(b.page, 1, 1e7) || !str(b.label, 50)) return null;
        out.push({ type: 'pageBreak', page: b.page, label: b.label });
        break;
      case 'chapter':
        if (!str(b.title, 1000) || (b.href !== undefined && !str(b.href, 2000))) return null;
        out.push({
          type: 'chapter',
          title: b.title,
          ...(b.href ? { href: b.href as string } : {}),
        });
        break;
      default:
        return null;
    }
  }
  return out;
}

/** Reads a stored block source (also from packets and backups, so it is checked strictly). */
export function readBlockSource(source: string): Result<DraftBlock[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch {
    return { ok: false, error: 'The stored document is damaged (not valid JSON).' };
  }
  if (!isObj(doc) || doc.marginalia !== MAGIC || doc.version !== 1)
    return { ok: false, error: 'The stored document is not a Marginalia block document.' };
  const blocks = checkBlocks(doc.blocks, 0);
  if (!blocks)
    return { ok: false, error: 'The stored document has a block Marginalia cannot read.' };
  return { ok: true, value: blocks };
}
