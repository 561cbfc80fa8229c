/**
 * Zotero: a RIS record for the document with all its annotations as one HTML child note. Zotero's
 * RIS importer (translator "RIS") turns each `N1` into a child note and keeps its value as HTML
 * when it contains tags; `KW` lines become the item's tags. A RIS value is one line, so the note
 * is written without line breaks (breaks inside quotes and notes become `<br>`). RIS has no
 * plain "document" type: `GEN` is its generic one (Zotero files it as a journal article, which
 * the reader can change).
 */
import { inTextOrder } from '../w3c';
import type { ExportFormat, ExportInput } from './format';
import { choice } from './catalog';
import { locator, placeName, tagNamesOf } from './location';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Text as HTML paragraphs: blank lines part paragraphs, single breaks become <br>. */
const paragraphs = (s: string) =>
  s
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
/** One RIS line: tag, two spaces, hyphen, space, value on one line. */
const ris = (tag: string, value: string) => `${tag}  - ${value.replace(/[\r\n]+/g, ' ').trim()}`;

/** The annotations as one Zotero note (HTML). */
export function zoteroNote(input: ExportInput): string {
  const at = locator(input);
  const parts = [`<h1>Annotations: ${escapeHtml(input.doc.title)}</h1>`];
  for (const a of inTextOrder(input.annotations)) {
    const loc = at(a.target.position.start);
    parts.push(`<blockquote>${paragraphs(a.target.quote.exact || '(no quote)')}</blockquote>`);
    if (a.note.trim()) parts.push(paragraphs(a.note));
    const tags = tagNamesOf(a.tags, input.tags);
    const meta = [
      placeName(input, loc, a.target.position, { page: 'page', paragraph: 'paragraph' }),
      ...(tags.length ? [`tags: ${tags.join(', ')}`] : []),
      `${a.creator}, ${a.modified.slice(0, 10)}`,
    ];
    parts.push(`<p><em>${escapeHtml(meta.join(' · '))}</em></p>`);
  }
  return parts.join('');
}

export function toZoteroRis(input: ExportInput): string {
  const used = new Set(input.annotations.flatMap((a) => a.tags));
  const tags = input.tags.filter((t) => used.has(t.id)).map((t) => t.name);
  const out = [
    ris('TY', 'GEN'),
    ris('TI', input.doc.title),
    ris('Y2', input.now.toISOString().slice(0, 10).replace(/-/g, '/')),
    ...tags.map((t) => ris('KW', t)),
    ris('N1', zoteroNote(input)),
    'ER  - ',
  ];
  return out.join('\r\n') + '\r\n';
}

export const zotero: ExportFormat = {
  ...choice('zotero'),
  extension: 'ris',
  suffix: 'zotero',
  mime: 'application/x-research-info-systems',
  serialize: toZoteroRis,
};
