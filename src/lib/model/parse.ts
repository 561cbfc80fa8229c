import type { DocFormat, ParsedDocument, Result } from './types';
import { parsePlainText } from './parse-text';
import { layoutBlocks, readBlockSource, sourceKind } from './blocks';

/**
 * Parses a stored document for display. Text is shown as is; Markdown through `marked` (loaded
 * only when a Markdown document is opened); every other format's source is its stored block
 * document (./blocks.ts). Throws only when a stored block source is damaged, which storage and
 * import checks prevent (`checkSource`).
 */
export async function parseDocument(source: string, format: DocFormat): Promise<ParsedDocument> {
  const kind = sourceKind(format);
  if (kind === 'text') return parsePlainText(source);
  if (kind === 'markdown') {
    const { parseMarkdown } = await import('./parse-markdown');
    return parseMarkdown(source);
  }
  const blocks = readBlockSource(source);
  if (!blocks.ok) throw new Error(blocks.error);
  return layoutBlocks(blocks.value);
}

/** Checks a source from outside (packet, backup) before it is stored. */
export function checkSource(source: string, format: DocFormat): Result<null> {
  if (sourceKind(format) !== 'blocks') return { ok: true, value: null };
  const r = readBlockSource(source);
  return r.ok ? { ok: true, value: null } : r;
}
