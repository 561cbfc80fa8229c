import type { DocFormat, ParsedDocument } from './types';
import { parsePlainText } from './parse-text';
import { parseMarkdown } from './parse-markdown';

export function parseDocument(source: string, format: DocFormat): ParsedDocument {
  return format === 'markdown' ? parseMarkdown(source) : parsePlainText(source);
}
