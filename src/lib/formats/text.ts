import type { FormatModule } from './types';
import { MAX_FILE_BYTES } from '../model/decode';
import { extensionOf } from './sniff';

/** Plain text: UTF-8 or UTF-16 with a BOM (model/decode.ts). The fallback for unknown names. */
export const textFormat: FormatModule = {
  id: 'text',
  label: 'plain-text file',
  extensions: ['txt', 'text'],
  mime: 'text/plain',
  maxBytes: MAX_FILE_BYTES,
  sniff: ({ name }) => (['txt', 'text'].includes(extensionOf(name)) ? 'extension' : null),
  load: () => import('./text-convert').then((m) => m.convertText('text')),
};
