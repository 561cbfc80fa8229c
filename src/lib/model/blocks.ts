import type { Block, DocFormat, TextBlock } from './types';
import { cleanInlines, displayOf, type DraftBlock } from './block-draft';

/**
 * The stored canonical document of every format that is not itself text (HTML, DOCX, EPUB,
 * PDF, …): the block tree a converter extracted, without offsets, as JSON
 * (`{"marginalia":"blocks","version":1,"blocks":[…]}`).
 *
 * Why store the extraction and not re-extract from the original on each open: annotations are
 * anchored by code-point offsets into the plain text, so that text must never change under
 * them. A converter update (new pdf.js, new mammoth, a better column heuristic) would otherwise
 * shift every stored selector. The original bytes are kept beside it for download only.
 *
 * `layoutBlocks` turns the tree into a `ParsedDocument`: textblocks (paragraph, heading, note,
 * and table cells' paragraphs) are joined by "\n\n" in document order, exactly as Markdown is,
 * and each textblock's displayed characters (runs, '\n' per hardBreak) equal
 * `plainText.slice(start, end)` code point for code point. Markers (pageBreak, chapter) add no
 * text; they record the offset where their page or chapter begins.
 *
 * This module is the one import for the block model; its parts are `block-draft.ts` (the draft
 * block and its inline runs), `block-layout.ts` (`layoutBlocks`) and `block-source.ts` (the
 * stored JSON, written and read back strictly).
 */
export { cleanInlines, safeHref, type DraftBlock } from './block-draft';
export { layoutBlocks } from './block-layout';
export { readBlockSource, serializeBlocks } from './block-source';

export type SourceKind = 'text' | 'markdown' | 'blocks';

/** How a format's stored source is read. Only the two text formats store text itself. */
export function sourceKind(format: DocFormat): SourceKind {
  return format === 'text' || format === 'markdown' ? format : 'blocks';
}

/** A format id as stored and exchanged: lowercase letters, digits and dashes. */
export const isFormatId = (v: unknown): v is DocFormat =>
  typeof v === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(v);

/** The first heading's text of a block document, for its title. */
export function firstHeading(blocks: readonly DraftBlock[]): string {
  for (const b of blocks) {
    if (b.type === 'heading') return displayOf(cleanInlines(b.content)).trim();
    if (b.type === 'blockquote') {
      const t = firstHeading(b.children);
      if (t) return t;
    }
  }
  return '';
}

/** All textblocks of a laid-out tree, in document (and so plain-text) order. */
export function textblocksOf(blocks: readonly Block[], out: TextBlock[] = []): TextBlock[] {
  for (const b of blocks) {
    if (b.type === 'paragraph' || b.type === 'heading' || b.type === 'note') out.push(b);
    else if (b.type === 'blockquote') textblocksOf(b.children, out);
    else if (b.type === 'bulletList' || b.type === 'orderedList')
      for (const item of b.items) textblocksOf(item, out);
    else if (b.type === 'table')
      for (const row of b.rows) for (const cell of row) textblocksOf(cell, out);
  }
  return out;
}
