import type { FormatModule } from './types';
import { MAX_FILE_BYTES } from '../model/decode';
import { extensionOf, headText, isZip } from './sniff';

/** HTML markers that plain text almost never starts with. */
const HTML_START =
  /^(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<\?xml[^>]*>\s*<(?:!doctype html|html))/;

/** A saved web page (.html, .htm, .xhtml): Readability's main article, or the whole page. */
export const htmlFormat: FormatModule = {
  id: 'html',
  label: 'web page',
  extensions: ['html', 'htm', 'xhtml'],
  mime: 'text/html',
  maxBytes: MAX_FILE_BYTES,
  sniff: ({ name, type, bytes }) => {
    if (isZip(bytes)) return null;
    if (HTML_START.test(headText(bytes))) return 'signature';
    return ['html', 'htm', 'xhtml'].includes(extensionOf(name)) || type === 'text/html'
      ? 'extension'
      : null;
  },
  load: () => import('./html-convert').then((m) => m.convertHtml),
};
