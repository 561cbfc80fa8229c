import type { Result } from '../model/types';
import type { DraftBlock } from '../model/blocks';
import type { Converter, Extracted } from './types';
import { loadPdfText, type PdfJs } from './pdf/load';
import { layoutPages, type PdfPageContent, type PdfPageText } from './pdf/layout';

/**
 * PDF pages → blocks: each page starts with a page-break marker carrying its printed label, then
 * its paragraphs. A paragraph that runs on across a page break stays split at the break (so
 * every character is cited by the page it is printed on), except that a word hyphenated across
 * the break is made whole on the earlier page.
 */
export function pdfBlocks(pages: readonly PdfPageText[]): DraftBlock[] {
  const out: DraftBlock[] = [];
  let last: { text: string } | null = null;
  for (const page of pages) {
    out.push({ type: 'pageBreak', page: page.index + 1, label: page.label });
    page.paragraphs.forEach((text, i) => {
      let t = text;
      if (i === 0 && page.continuation === 'hyphen' && last) {
        const cut = t.indexOf(' ');
        last.text += cut < 0 ? t : t.slice(0, cut);
        t = cut < 0 ? '' : t.slice(cut + 1);
      }
      if (!t) return;
      const run = { type: 'text' as const, text: t };
      out.push({ type: 'paragraph', content: [run] });
      last = run;
    });
  }
  return out;
}

/** Pages after which a preview is offered: the first pages at once, then every few dozen (each
 * preview lays out all pages so far; lines are cached per page, so a call costs milliseconds). */
export const PREVIEW_FIRST = 2;
export const PREVIEW_EVERY = 25;

/** Whether a preview is due after `done` of `total` pages (never for the last: the document
 * itself follows). */
export const previewDue = (done: number, total: number): boolean =>
  done < total && (done === PREVIEW_FIRST || (done > PREVIEW_FIRST && done % PREVIEW_EVERY === 0));

/** The converter, given pdf.js (the browser build with its bundled worker, or Node's legacy
 * build in tests). */
export const convertPdfWith =
  (pdfjs: PdfJs): Converter =>
  async (bytes, ctx): Promise<Result<Extracted>> => {
    const read: PdfPageContent[] = [];
    const loaded = await loadPdfText(pdfjs, bytes, {
      askPassword: ctx.askPassword,
      signal: ctx.signal,
      onPage: (page, total) => {
        read.push(page);
        ctx.onProgress?.(read.length, total);
        if (ctx.onPartial && previewDue(read.length, total))
          ctx.onPartial(pdfBlocks(layoutPages(read)));
      },
    });
    if (!loaded.ok) return { ok: false, error: `“${ctx.fileName}”: ${loaded.error}` };
    const pages = layoutPages(loaded.value.pages);
    const blocks = pdfBlocks(pages);
    if (!blocks.some((b) => b.type === 'paragraph'))
      return {
        ok: false,
        error: `“${ctx.fileName}”: This PDF has no text to select — it is a scan. Run it through OCR first.`,
      };
    const joins = pages.reduce((n, p) => n + p.joins.length, 0);
    const leftOut = ['images and page layout (the text is kept, page by page)'];
    if (joins) leftOut.push(`${joins} line-end hyphen${joins > 1 ? 's' : ''} (words joined)`);
    leftOut.push('running headers, footers and page numbers');
    const title = loaded.value.title?.trim() || undefined;
    const { fingerprints } = loaded.value;
    return {
      ok: true,
      value: {
        kind: 'blocks',
        blocks,
        title,
        leftOut,
        ...(fingerprints.length ? { fingerprints } : {}),
      },
    };
  };
