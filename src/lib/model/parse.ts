import type { DocFormat, ParsedDocument } from './types';
import { parsePlainText } from './parse-text';

/**
 * Parses a document for display. The Markdown parser (and `marked`) is loaded only when a
 * Markdown document is opened, so plain-text readers never download it.
 */
export async function parseDocument(source: string, format: DocFormat): Promise<ParsedDocument> {
  if (format !== 'markdown') return parsePlainText(source);
  const { parseMarkdown } = await import('./parse-markdown');
  return parseMarkdown(source);
}
