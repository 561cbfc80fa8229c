/**
 * Layout of a stored block tree into the one canonical plain text and each textblock's
 * code-point range (the invariant is stated in `blocks.ts`).
 */
import type { Block, Inline, ParsedDocument } from './types';
import { cleanInlines, displayOf, type DraftBlock } from './block-draft';
import { cpLength } from './text-index';

/** Lays out stored blocks: offsets, plain text, page and chapter starts (see module comment). */
export function layoutBlocks(drafts: readonly DraftBlock[]): ParsedDocument {
  const parts: string[] = [];
  let cp = 0;
  const pages: NonNullable<ParsedDocument['pages']> = [];
  const chapters: NonNullable<ParsedDocument['chapters']> = [];
  /** Offset where the next textblock will start (after its "\n\n" separator). */
  const nextStart = () => (parts.length ? cp + 2 : cp);

  const text = (d: Extract<DraftBlock, { content: Inline[] }>, keepEmpty: boolean) => {
    const content = cleanInlines(d.content);
    const display = displayOf(content);
    if (!/\S/.test(display)) {
      if (!keepEmpty) return null;
      return { ...d, content: [], start: cp, end: cp } as Block;
    }
    if (parts.length) cp += 2;
    const start = cp;
    parts.push(display);
    cp += cpLength(display);
    return { ...d, content, start, end: cp } as Block;
  };

  const lay = (list: readonly DraftBlock[]): Block[] => {
    const out: Block[] = [];
    for (const d of list) {
      switch (d.type) {
        case 'paragraph':
        case 'heading':
        case 'note': {
          const b = text(d, false);
          if (b) out.push(b);
          break;
        }
        case 'blockquote': {
          const children = lay(d.children);
          if (children.length) out.push({ type: 'blockquote', children });
          break;
        }
        case 'bulletList':
        case 'orderedList': {
          const items = d.items.map((it) => lay(it)).filter((it) => it.length);
          if (!items.length) break;
          out.push(
            d.type === 'orderedList'
              ? { type: 'orderedList', start: d.start, items }
              : { type: 'bulletList', items },
          );
          break;
        }
        case 'table': {
          const rows = d.rows
            .map((row) =>
              row.map((cell) => {
                const blocks = lay(cell);
                return blocks.length
                  ? blocks
                  : [text({ type: 'paragraph', content: [] }, true) as Block];
              }),
            )
            .filter((row) => row.length);
          if (rows.length) out.push({ type: 'table', rows });
          break;
        }
        case 'pageBreak':
          pages.push({ offset: nextStart(), page: d.page, label: d.label });
          out.push({ type: 'pageBreak', page: d.page, label: d.label });
          break;
        case 'chapter':
          chapters.push({
            offset: nextStart(),
            title: d.title,
            ...(d.href ? { href: d.href } : {}),
          });
          out.push({ type: 'chapter', title: d.title, ...(d.href ? { href: d.href } : {}) });
          break;
      }
    }
    return out;
  };

  const blocks = lay(drafts);
  const parsed: ParsedDocument = { plainText: parts.join('\n\n'), blocks };
  if (pages.length) parsed.pages = pages;
  if (chapters.length) parsed.chapters = chapters;
  return parsed;
}
