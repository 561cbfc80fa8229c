import type { FormatModule } from './types';
import { MAX_FILE_BYTES } from '../model/decode';
import { asciiAt, extensionOf, firstZipEntry } from './sniff';

/** An EPUB book: a ZIP whose first entry is `mimetype` = `application/epub+zip`. */
export const epubFormat: FormatModule = {
  id: 'epub',
  label: 'EPUB book',
  extensions: ['epub'],
  mime: 'application/epub+zip',
  maxBytes: MAX_FILE_BYTES,
  sniff: ({ name, bytes }) => {
    const first = firstZipEntry(bytes);
    if (first?.name === 'mimetype' && asciiAt(bytes, first.dataAt, 'application/epub+zip'))
      return 'signature';
    return extensionOf(name) === 'epub' ? 'extension' : null;
  },
  load: () => import('./epub-convert').then((m) => m.convertEpub),
};
