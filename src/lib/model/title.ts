import type { DocFormat } from './types';

/** File names that say nothing about the text: "untitled", "Document1", "New Text Document (2)",
 * "notes", digits only (after `_`/`-` became spaces). */
const GENERIC =
  /^(?:(?:new )?(?:untitled|document|doc|text(?: document)?|file|download|copy|notes?|paste|clipboard|new)(?: ?\(?\d+\)?)*|\d[\d ]*)$/i;

/** Shortens to at most `max` UTF-16 units, '…' included, at a word boundary when there is one in
 * the second half; never splits a surrogate pair. */
function shorten(s: string, max = 80): string {
  if (s.length <= max) return s;
  let cut = s.lastIndexOf(' ', max - 1);
  if (cut <= max / 2) {
    cut = max - 1;
    const c = s.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
  }
  return s.slice(0, cut).trimEnd() + '…';
}

/** One line of display text: control characters (C0, DEL, C1) become spaces, runs of
 * whitespace collapse. */
const clean = (s: string) =>
  s
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Inline Markdown markup out of a title: emphasis and code markers, link targets. */
const stripMarkup = (s: string) =>
  s.replace(/\[([^\]]*)\]\([^)]*\)|(?<!\w)[*_]+|[*_]+(?!\w)|[`~]/g, '$1').trim();

/**
 * A document's initial title: a Markdown document's first heading; else the file name made
 * readable ("sample-interview.txt" → "Sample interview") unless it says nothing; else the
 * first line of text.
 */
export function deriveTitle(source: string, format: DocFormat, fileName?: string): string {
  if (format === 'markdown') {
    // Headings inside fenced code (a shell comment, say) are not headings.
    const md = source.replace(/^ {0,3}(`{3,}|~{3,})[^]*?(?:^ {0,3}\1|(?![^]))/gm, '');
    const atx = /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/m.exec(md);
    const setext = /^(?! {0,3}[-=#>*])(\S.*)\n {0,3}(=+|-+)[ \t]*$/m.exec(md);
    const pick =
      atx && setext ? (atx.index < setext.index ? atx[1] : setext[1]) : (atx?.[1] ?? setext?.[1]);
    if (pick) {
      const t = stripMarkup(clean(pick));
      if (t) return shorten(t);
    }
  }
  if (fileName) {
    const base = clean(fileName.replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' '));
    if (base && !GENERIC.test(base))
      return shorten(base.charAt(0).toLocaleUpperCase() + base.slice(1), 120);
  }
  return firstLine(source, format) || 'Untitled';
}

/** The first line with something to show, shortened; '' when there is none. */
function firstLine(source: string, format: DocFormat): string {
  for (let from = 0; from < source.length;) {
    let end = source.indexOf('\n', from);
    if (end === -1) end = source.length;
    let line = clean(source.slice(from, end));
    if (format === 'markdown')
      line = /^[-*_=~`\s]*$/.test(line)
        ? ''
        : stripMarkup(line.replace(/^(?:(?:#{1,6}|>|[*+-]|\d+[.)])(?:\s+|$))+/, ''));
    if (line) return shorten(line);
    from = end + 1;
  }
  return '';
}
