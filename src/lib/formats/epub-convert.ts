import type { Result } from '../model/types';
import type { DraftBlock } from '../model/blocks';
import type { Converter, Extracted } from './types';
import { readEpub, type EpubBook } from './epub/package';
import { sanitizedBlocks, type DomWindow } from './html-convert';

/** One spine item → its chapter marker (TOC title and href) and its sanitised blocks; nothing
 * when the chapter has no text. */
function chapterBlocks(ch: EpubBook['chapters'][number], win?: DomWindow): DraftBlock[] {
  const body = /<body[\s>][^]*<\/body>/i.exec(ch.xhtml)?.[0] ?? ch.xhtml;
  const blocks = sanitizedBlocks(body, { win });
  if (!blocks.length) return [];
  return [
    { type: 'chapter', title: ch.title.replace(/\s+/g, ' ').trim(), href: ch.href },
    ...blocks,
  ];
}

/**
 * An EPUB's spine → blocks: each spine item becomes a chapter marker (its TOC title and href)
 * followed by its XHTML through the same sanitising HTML path as web pages.
 */
export function epubBlocks(book: EpubBook, win?: DomWindow): DraftBlock[] {
  return book.chapters.flatMap((ch) => chapterBlocks(ch, win));
}

/** Lets the page handle input and paint between chapters (each chapter is one short task). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Converts chapter by chapter, each its own task: progress per chapter, a preview after the
 * first and then every few, Cancel between chapters. */
export const convertEpub: Converter = async (bytes, ctx): Promise<Result<Extracted>> => {
  const parser = new (globalThis.window as DomWindow).DOMParser();
  const read = readEpub(bytes, parser);
  if (!read.ok) return { ok: false, error: `“${ctx.fileName}”: ${read.error}` };
  const { chapters } = read.value;
  const blocks: DraftBlock[] = [];
  for (let i = 0; i < chapters.length; i++) {
    if (i > 0) await nextTask();
    if (ctx.signal?.aborted)
      return { ok: false, error: `“${ctx.fileName}”: opening the book was cancelled.` };
    blocks.push(...chapterBlocks(chapters[i]));
    ctx.onProgress?.(i + 1, chapters.length, 'chapter');
    if (i + 1 < chapters.length && (i === 0 || (i + 1) % 5 === 0)) ctx.onPartial?.(blocks.slice());
  }
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
