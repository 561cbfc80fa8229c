import type { FormatModule } from './types';
import { MAX_FILE_BYTES } from '../model/decode';
import { extensionOf } from './sniff';

/** Markdown: decoded as text, shown through model/parse-markdown.ts (raw HTML stays literal). */
export const markdownFormat: FormatModule = {
  id: 'markdown',
  label: 'Markdown file',
  extensions: ['md', 'markdown'],
  mime: 'text/markdown',
  maxBytes: MAX_FILE_BYTES,
  sniff: ({ name }) => (['md', 'markdown'].includes(extensionOf(name)) ? 'extension' : null),
  load: () => import('./text-convert').then((m) => m.convertText('markdown')),
};
