import type { DocFormat } from './types';
import { layoutBlocks, readBlockSource, sourceKind } from './blocks';
import { parseMarkdown } from './parse-markdown';

/**
 * The text a stored source shows, which annotations, edit maps and selectors count in (code
 * points): a text document's source itself, a Markdown document's displayed text (not its
 * Markdown), a block document's laid-out text. Synchronous, for code that already runs apart
 * from the first screen (the import worker, backup and packet checks); `parseDocument` is the
 * reader's lazy path. Throws only on a damaged block source, which storage and import checks
 * prevent (`checkSource`).
 */
export function displayedText(format: DocFormat, source: string): string {
  const kind = sourceKind(format);
  if (kind === 'text') return source;
  if (kind === 'markdown') return parseMarkdown(source).plainText;
  const blocks = readBlockSource(source);
  if (!blocks.ok) throw new Error(blocks.error);
  return layoutBlocks(blocks.value).plainText;
}
