import type { DocFormat } from './types';

const GENERIC = /^(untitled|document|text|new|file|download|copy|notes?|\d+)$/i;

/** Shortens to at most `max` characters at a word boundary. */
function shorten(s: string, max = 80): string {
  if (s.length <= max) return s;
  const cut = s.lastIndexOf(' ', max - 1);
  return s.slice(0, cut > max / 2 ? cut : max - 1).trimEnd() + '…';
}

const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();

/// A document's initial title: a Markdown document's first heading; else the file name made
/// readable ("sample-interview.txt" → "Sample interview") unless it says nothing; else the
/// first line of text.
export function deriveTitle(source: string, format: DocFormat, fileName?: string): string {
  if (format === 'markdown') {
    const atx = /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(source);
    const setext = /^(?! {0,3}[-=#>*])(\S.*)\n {0,3}(=+|-+)[ \t]*$/m.exec(source);
    const pick = atx && setext ? (atx.index < setext.index ? atx[1] : setext[1]) : (atx?.[1] ?? setext?.[1]);
    if (pick) {
      const t = clean(pick.replace(/[*_`~]|\[([^\]]*)\]\([^)]*\)/g, '$1'));
      if (t) return shorten(t);
    }
  }
  if (fileName) {
    const base = clean(fileName.replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' '));
    if (base && !GENERIC.test(base)) return shorten(base.charAt(0).toLocaleUpperCase() + base.slice(1), 120);
  }
  const first = source.split('\n').map(clean).find((l) => l.length > 0);
  return first ? shorten(first.replace(/^#+\s*/, '')) : 'Untitled';
}
