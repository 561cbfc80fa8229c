/**
 * Obsidian Markdown: one note per document. YAML front matter (Obsidian's properties: title,
 * source, exported), then each annotation as a `[!quote]` callout titled with its page or
 * paragraph, holding the quote, the note, the tags as `#tags` and who wrote it when. A block id
 * on its own line after each callout (Obsidian's form for blocks such as callouts: blank lines
 * around it) lets other notes link to or embed one annotation with `[[note#^id]]`.
 */
import type { Annotation } from '../types';
import { hashtag, neutralizeLine } from '../notes-export';
import { inTextOrder } from '../w3c';
import { localDay } from '../filenames';
import type { ExportFormat, ExportInput } from './format';
import { choice } from './catalog';
import { locator, placeName, tagNamesOf, type Location } from './location';

/** A YAML scalar that is always a string: JSON's double-quoted form is valid YAML. */
export const yamlString = (s: string) => JSON.stringify(s.replace(/[\r\n]+/g, ' '));

/** Obsidian block ids allow letters, digits and hyphens: the UUID of our ids, else a hash. */
export function blockId(id: string): string {
  const uuid = /^urn:uuid:([0-9a-f-]{36})$/i.exec(id);
  if (uuid) return `a-${uuid[1].toLowerCase()}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return `a-${h.toString(16).padStart(8, '0')}`;
}

const lines = (s: string) => s.split(/\r\n|\r|\n/);
/** Text inside a callout: every line prefixed, structure-changing starts escaped. */
const inCallout = (s: string) =>
  lines(s.trim())
    .map((l) => (l.trim() ? `> ${neutralizeLine(l.trimEnd())}` : '>'))
    .join('\n');

const WORDS = { page: 'Page', paragraph: 'Paragraph' };

/** One annotation as a callout followed by its block id. `cite` names its page(s) or chapter
 * where the document has them (ExportInput.cite). */
export function obsidianCallout(
  a: Annotation,
  loc: Location,
  tagNames: readonly string[],
  cite?: ExportInput['cite'],
): string {
  // The quote is the document's text, not Markdown: no tag in it may become HTML.
  const quote = (a.target.quote.exact || '(no quote)').replace(/</g, '\\<');
  const where = placeName({ cite }, loc, a.target.position, WORDS).replace(/[\r\n]+/g, ' ');
  const out = [`> [!quote] ${where}`, inCallout(quote)];
  if (a.note.trim()) out.push('>', inCallout(a.note));
  const tags = tagNames.map(hashtag).filter(Boolean);
  if (tags.length) out.push('>', `> ${tags.join(' ')}`);
  out.push('>', `> — ${a.creator.replace(/[\r\n]+/g, ' ')}, ${a.modified.slice(0, 10)}`);
  return `${out.join('\n')}\n\n^${blockId(a.id)}\n`;
}

export function toObsidian(input: ExportInput): string {
  const at = locator(input);
  const sorted = inTextOrder(input.annotations);
  const head = [
    '---',
    `title: ${yamlString(input.doc.title)}`,
    `source: ${yamlString(input.doc.fileName ?? input.doc.id)}`,
    `exported: ${localDay(input.now)}`,
    '---',
    '',
    `# ${input.doc.title.replace(/[\r\n]+/g, ' ')}`,
    '',
    '',
  ];
  const body = sorted.map((a) =>
    obsidianCallout(a, at(a.target.position.start), tagNamesOf(a.tags, input.tags), input.cite),
  );
  return `${head.join('\n')}${body.join('\n')}`;
}

export const obsidian: ExportFormat = {
  ...choice('obsidian'),
  extension: 'md',
  suffix: 'obsidian',
  mime: 'text/markdown',
  serialize: toObsidian,
};
