import type { Result } from '../model/types';
import type { DraftBlock } from '../model/blocks';
import type { Converter, Extracted } from './types';
import { readEpub, type EpubBook } from './epub/package';
import { sanitizedBlocks, type DomWindow } from './html-convert';

/**
 * An EPUB's spine → blocks: each spine item becomes a chapter marker (its TOC title and href)
 * followed by its XHTML through the same sanitising HTML path as web pages.
 */
export function epubBlocks(book: EpubBook, win?: DomWindow): DraftBlock[] {
  const out: DraftBlock[] = [];
  for (const ch of book.chapters) {
    const body = /<body[\s>][^]*<\/body>/i.exec(ch.xhtml)?.[0] ?? ch.xhtml;
    const blocks = sanitizedBlocks(body, { win });
    if (!blocks.length) continue;
    out.push(
      { type: 'chapter', title: ch.title.replace(/\s+/g, ' ').trim(), href: ch.href },
      ...blocks,
    );
  }
  return out;
}

export const convertEpub: Converter = async (bytes, ctx): Promise<Result<Extracted>> => {
  const parser = new (globalThis.window as DomWindow).DOMParser();
  const read = readEpub(bytes, parser);
  if (!read.ok) return { ok: false, error: `“${ctx.fileName}”: ${read.error}` };
  const blocks = epubBlocks(read.value);
  if (!blocks.length)
    return { ok: false, error: `“${ctx.fileName}” is an EPUB book with no text to read.` };
  return {
    ok: true,
    value: {
      kind: 'blocks',
      blocks,
      title: read.value.title || undefined,
      leftOut: ['images (shown as their descriptions)', 'the book’s styles and fonts'],
    },
  };
};
