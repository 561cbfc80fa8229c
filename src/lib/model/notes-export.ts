import type { Annotation, DocumentMeta, Tag } from './types';
import { inTextOrder as inOrder } from './w3c';
import { localDay } from './filenames';

const day = (iso: string) => iso.slice(0, 10);
const lines = (s: string) => s.split(/\r\n|\r|\n/);

function tagNames(a: Annotation, tags: ReadonlyMap<string, Tag>): string[] {
  return a.tags.map((id) => tags.get(id)?.name).filter((n): n is string => !!n);
}

/**
 * Keeps a line of the reader's text from changing the export's structure: a line that would
 * open a heading, block quote, code fence, HTML block or thematic break (or underline the line
 * above into a heading) gets its first character escaped. Everything else, lists and emphasis
 * included, is left as the reader wrote it.
 */
export function neutralizeLine(line: string): string {
  const m = /^( {0,3})(#|>|<|```|~~~|(?:[-=*_+] *)+$)/.exec(line);
  if (!m) return line;
  // A list bullet ("- x", "+ x", "* x") stays a list; a line of only -, =, * or _ is escaped.
  return `${m[1]}\\${line.slice(m[1].length)}`;
}

/** A quote as a Markdown block quote, line by line; blank lines kept inside the quote. */
function blockQuote(text: string): string {
  return lines(text.trim())
    .map((l) => (l.trim() ? `> ${neutralizeLine(l)}` : '>'))
    .join('\n');
}

/** Emphasis and link characters escaped, for names shown inside our own formatting. */
const inline = (s: string) => s.replace(/[\r\n]+/g, ' ').replace(/[\\*_`[\]<>]/g, '\\$&');

/** An Obsidian-style tag: lowercase, spaces as hyphens, only letters, digits, _ - and /;
 * empty when nothing usable is left or it is only digits (not a tag there). */
export function hashtag(name: string): string {
  const t = name
    .trim()
    .toLocaleLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}\p{M}_\-/]/gu, '');
  return t && !/^[\d\-/]+$/.test(t) ? `#${t}` : '';
}

/** Where an annotation is in a paged or chaptered document ("p. 12", a chapter); '' if nowhere. */
type Cite = (a: Annotation) => string;

function entry(a: Annotation, tags: ReadonlyMap<string, Tag>, cite?: Cite): string {
  const names = tagNames(a, tags);
  const where = cite?.(a);
  const out = [blockQuote(a.target.quote.exact), ''];
  if (where) out.push(`(${inline(where)})`, '');
  if (names.length) {
    const tagsLine = [names.map(inline).join(', '), ...names.map(hashtag).filter(Boolean)].join(
      ' ',
    );
    out.push(`**Tags:** ${tagsLine}`, '');
  }
  // The note as plain paragraphs: blank lines between paragraphs kept, nothing made structural.
  if (a.note.trim())
    out.push(
      lines(a.note.trim())
        .map((l) => neutralizeLine(l.trimEnd()))
        .join('\n'),
      '',
    );
  out.push(`*${inline(a.creator)}, ${day(a.modified)}*`, '');
  return out.join('\n');
}

/**
 * Notes as Markdown, for an essay or a notes app: the title, then each annotation as a block
 * quote with its tags and note beneath, in text order or grouped by tag ("Untagged" last; an
 * annotation with two tags appears under both).
 */
export function toMarkdown(
  doc: DocumentMeta,
  annotations: readonly Annotation[],
  tags: readonly Tag[],
  opts: { groupBy: 'position' | 'tag'; now: Date; cite?: Cite },
): string {
  const byId = new Map(tags.map((t) => [t.id, t]));
  const sorted = inOrder(annotations);
  const out = [
    `# ${doc.title.replace(/[\r\n]+/g, ' ')}`,
    '',
    `Exported from Marginalia on ${localDay(opts.now)} — ${sorted.length} ${sorted.length === 1 ? 'annotation' : 'annotations'}.`,
    '',
  ];
  if (opts.groupBy === 'position') {
    for (const a of sorted) out.push(entry(a, byId, opts.cite));
  } else {
    for (const t of tags) {
      const group = sorted.filter((a) => a.tags.includes(t.id));
      if (!group.length) continue;
      out.push(`## ${t.name.replace(/[\r\n]+/g, ' ')}`, '');
      for (const a of group) out.push(entry(a, byId, opts.cite));
    }
    const untagged = sorted.filter((a) => !a.tags.some((id) => byId.has(id)));
    if (untagged.length) {
      out.push('## Untagged', '');
      for (const a of untagged) out.push(entry(a, byId, opts.cite));
    }
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

/** A CSV cell (RFC 4180), neutralised against formula injection (OWASP): a cell starting with
 * = + - @ tab or CR is prefixed with an apostrophe so a spreadsheet shows it as text. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per annotation, in text order; CRLF line ends and a UTF-8 byte-order mark so that
 * spreadsheets read non-ASCII text and line breaks in notes correctly.
 */
export function toCsv(
  _doc: DocumentMeta,
  annotations: readonly Annotation[],
  tags: readonly Tag[],
  cite?: Cite,
): string {
  const byId = new Map(tags.map((t) => [t.id, t]));
  const header = ['quote', 'tags', 'note', 'creator', 'created', 'modified', 'start', 'end', 'id'];
  // The location column only for documents that have pages or chapters.
  const located = !!cite && annotations.some((a) => cite(a));
  const rows = [(located ? [...header, 'location'] : header).join(',')];
  for (const a of inOrder(annotations)) {
    rows.push(
      [
        a.target.quote.exact,
        tagNames(a, byId).join('; '),
        a.note,
        a.creator,
        a.created,
        a.modified,
        a.target.position.start,
        a.target.position.end,
        a.id,
        ...(located ? [cite!(a)] : []),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return '\ufeff' + rows.join('\r\n') + '\r\n';
}
