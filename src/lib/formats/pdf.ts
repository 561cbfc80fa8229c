import type { FormatModule } from './types';
import { MAX_FILE_BYTES } from '../model/decode';
import { asciiAt, extensionOf } from './sniff';

/** A PDF: text extracted by pdf.js (bundled worker), paragraphs by geometry, pages as markers. */
export const pdfFormat: FormatModule = {
  id: 'pdf',
  label: 'PDF',
  extensions: ['pdf'],
  mime: 'application/pdf',
  maxBytes: MAX_FILE_BYTES,
  sniff: ({ name, bytes }) => {
    // The header may follow up to 1 kB of junk (PDF 1.7, §7.5.2 implementation note).
    for (let i = 0; i < Math.min(bytes.length, 1024); i++)
      if (asciiAt(bytes, i, '%PDF-')) return 'signature';
    return extensionOf(name) === 'pdf' ? 'extension' : null;
  },
  load: async () => {
    const [{ convertPdfWith }, { browserPdfJs }] = await Promise.all([
      import('./pdf-convert'),
      import('./pdf/pdfjs-browser'),
    ]);
    return convertPdfWith(browserPdfJs());
  },
};
