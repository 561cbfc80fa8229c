import DOMPurify, { type Config } from 'dompurify';
import { Readability } from '@mozilla/readability';
import type { Result } from '../model/types';
import type { DraftBlock } from '../model/blocks';
import type { Converter, Extracted } from './types';
import { htmlToBlocks, type HtmlBlockOptions } from './html-blocks';

/**
 * HTML → blocks, safely. The page is parsed with `DOMParser` into an inert document (no
 * scripts run, nothing loads, no styles apply); Readability picks the main article from a clone
 * of it; DOMPurify cleans the result to a string, which is parsed inert again and walked into
 * blocks. Nothing of the page is ever put into the live DOM, and `src`/`srcset`/`style` are
 * dropped so not even a detached element could start a request.
 */

/** DOMPurify's settings: structure and text only. Exported for its tests. */
export const PURIFY: Config = {
  FORBID_TAGS: [
    'style',
    'form',
    'iframe',
    'frame',
    'frameset',
    'object',
    'embed',
    'svg',
    'math',
    'input',
    'button',
    'select',
    'textarea',
    'link',
    'meta',
    'base',
    'audio',
    'video',
    'source',
    'track',
    'picture',
    'canvas',
    'noscript',
    'template',
  ],
  FORBID_ATTR: ['style', 'src', 'srcset', 'poster', 'background', 'action', 'formaction', 'ping'],
  /** Removed with everything inside them (DOMPurify would keep a removed form's text). */
  ADD_FORBID_CONTENTS: [
    'form',
    'button',
    'select',
    'textarea',
    'iframe',
    'frame',
    'object',
    'embed',
    'svg',
    'math',
    'audio',
    'video',
    'canvas',
    'template',
  ],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  ALLOW_DATA_ATTR: false,
  RETURN_TRUSTED_TYPE: false,
};

/** Where the DOM comes from: the browser's window, or a jsdom window in tests. */
export type DomWindow = Window & typeof globalThis;
const defaultWindow = () => globalThis.window as DomWindow;

/** Decodes an HTML file's bytes: BOM, then `<meta charset>`, then UTF-8. */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  const head = String.fromCharCode(...bytes.subarray(0, 2048));
  const label = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export interface HtmlToBlocksOptions extends HtmlBlockOptions {
  mode?: 'article' | 'page';
  win?: DomWindow;
}

export interface HtmlExtraction {
  blocks: DraftBlock[];
  title?: string;
  leftOut: string[];
  /** True when the article was taken (false: the whole page, by choice or because Readability
   * found no article). */
  article: boolean;
}

/** Sanitises HTML and walks it into blocks (also used for DOCX and EPUB chapters). */
export function sanitizedBlocks(
  html: string,
  opts: HtmlBlockOptions & { win?: DomWindow } = {},
): DraftBlock[] {
  const win = opts.win ?? defaultWindow();
  const clean = DOMPurify(win).sanitize(html, PURIFY) as string;
  const doc = new win.DOMParser().parseFromString(clean, 'text/html');
  return htmlToBlocks(doc.body, opts);
}

export function extractHtml(html: string, opts: HtmlToBlocksOptions = {}): HtmlExtraction {
  const win = opts.win ?? defaultWindow();
  const doc = new win.DOMParser().parseFromString(html, 'text/html');
  const leftOut = omissions(doc);
  const docTitle = doc.title.replace(/\s+/g, ' ').trim() || undefined;
  if (opts.mode !== 'page') {
    const article = new Readability(doc.cloneNode(true) as Document).parse();
    if (article?.content) {
      const blocks = sanitizedBlocks(article.content, { ...opts, win });
      if (blocks.length)
        return {
          blocks,
          title: article.title?.trim() || docTitle,
          leftOut: ['the page around the article (open it as “Whole page” to keep it)', ...leftOut],
          article: true,
        };
    }
  }
  return {
    blocks: sanitizedBlocks(doc.body?.innerHTML ?? '', { ...opts, win }),
    title: docTitle,
    leftOut,
    article: false,
  };
}

/** What the page had that is never shown, for the one-line notice. */
function omissions(doc: Document): string[] {
  const count = (sel: string) => doc.querySelectorAll(sel).length;
  const out: string[] = [];
  const scripts = count('script');
  if (scripts) out.push(`${scripts} script${scripts > 1 ? 's' : ''} (never run)`);
  const frames = count('iframe, frame, object, embed');
  if (frames)
    out.push(`${frames} embedded frame${frames > 1 ? 's' : ''} or object${frames > 1 ? 's' : ''}`);
  const forms = count('form');
  if (forms) out.push(`${forms} form${forms > 1 ? 's' : ''}`);
  if (count('img')) out.push('images (shown as their descriptions)');
  return out;
}

export const convertHtml: Converter = async (bytes, ctx): Promise<Result<Extracted>> => {
  const html = decodeHtml(bytes);
  if (!/\S/.test(html)) return { ok: false, error: `“${ctx.fileName}” is empty.` };
  const x = extractHtml(html, { mode: ctx.htmlMode });
  if (!x.blocks.length)
    return {
      ok: false,
      error: `“${ctx.fileName}” is a web page with no text to read (it may be made only of scripts or images).`,
    };
  return {
    ok: true,
    value: { kind: 'blocks', blocks: x.blocks, title: x.title, leftOut: x.leftOut },
  };
};
