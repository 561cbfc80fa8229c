import type { DocFormat, Result } from './types';
import { sourceKind } from './blocks';
import { ok } from './result';
import { versionText } from './edit-source';
import { parseMarkdown } from './parse-markdown';

/**
 * The text a stored source shows, which annotations, edit maps and selectors count in (code
 * points): `versionText` for text and block sources, and a Markdown source's displayed text (not
 * its Markdown). For the modules loaded apart from the first screen (the import worker, backup
 * and packet checks), which may load `marked`.
 */
export function displayedText(source: string, format: DocFormat): Result<string> {
  return sourceKind(format) === 'markdown'
    ? ok(parseMarkdown(source).plainText)
    : versionText(source, format);
}
