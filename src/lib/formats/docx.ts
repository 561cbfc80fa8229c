import type { FormatModule } from './types';
import { MAX_FILE_BYTES } from '../model/decode';
import { extensionOf, hasAscii, isZip } from './sniff';

/** A Word document (.docx): a ZIP holding `word/document.xml`. Converted by mammoth in a worker. */
export const docxFormat: FormatModule = {
  id: 'docx',
  label: 'Word document',
  extensions: ['docx'],
  mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  maxBytes: MAX_FILE_BYTES,
  sniff: ({ name, bytes }) => {
    if (isZip(bytes) && hasAscii(bytes, 'word/document.xml')) return 'signature';
    return extensionOf(name) === 'docx' ? 'extension' : null;
  },
  load: () => import('./docx-convert').then((m) => m.convertDocx),
};
