import type { Annotation, DocumentMeta, Tag } from './types';

const inOrder = (list: readonly Annotation[]) => [...list].sort((a, b) => a.target.position.start - b.target.position.start || a.target.position.end - b.target.position.end);
const day = (iso: string) => iso.slice(0, 10);

function tagNames(a: Annotation, tags: ReadonlyMap<string, Tag>): string[] {
  return a.tags.map((id) => tags.get(id)?.name).filter((n): n is string => !!n);
}

/** A quote as a Markdown block quote, line by line; blank lines kept inside the quote. */
function blockQuote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((l) => (l.trim() ? `> ${l}` : '>'))
    .join('\n');
}

function entry(a: Annotation, tags: ReadonlyMap<string, Tag>): string {
  const names = tagNames(a, tags);
  const lines = [blockQuote(a.target.quote.exact), ''];
  if (names.length) lines.push(`**Tags:** ${names.join(', ')} ${names.map((n) => `#${n.replace(/\s+/g, '-')}`).join(' ')}`, '');
  if (a.note.trim()) lines.push(a.note.trim(), '');
  lines.push(`*${a.creator}, ${day(a.modified)}*`, '');
  return lines.join('\n');
}

/// Notes as Markdown, for an essay or a notes app: the title, then each annotation as a block
/// quote with its tags and note beneath, in text order or grouped by tag ("Untagged" last; an
/// annotation with two tags appears under both).
export function toMarkdown(doc: DocumentMeta, annotations: readonly Annotation[], tags: readonly Tag[], opts: { groupBy: 'position' | 'tag'; now: Date }): string {
  const byId = new Map(tags.map((t) => [t.id, t]));
  const sorted = inOrder(annotations);
  const out = [`# ${doc.title.replace(/\n/g, ' ')}`, '', `Exported from Marginalia on ${opts.now.toISOString().slice(0, 10)} — ${sorted.length} ${sorted.length === 1 ? 'annotation' : 'annotations'}.`, ''];
  if (opts.groupBy === 'position') {
    for (const a of sorted) out.push(entry(a, byId));
  } else {
    for (const t of tags) {
      const group = sorted.filter((a) => a.tags.includes(t.id));
      if (!group.length) continue;
      out.push(`## ${t.name}`, '');
      for (const a of group) out.push(entry(a, byId));
    }
    const untagged = sorted.filter((a) => !a.tags.some((id) => byId.has(id)));
    if (untagged.length) {
      out.push('## Untagged', '');
      for (const a of untagged) out.push(entry(a, byId));
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/** A CSV cell (RFC 4180), neutralised against formula injection (OWASP): a cell starting with
 * = + - @ tab or CR is prefixed with an apostrophe so a spreadsheet shows it as text. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/// One row per annotation, in text order; CRLF line ends and a UTF-8 byte-order mark so that
/// spreadsheets read non-ASCII text and line breaks in notes correctly.
export function toCsv(_doc: DocumentMeta, annotations: readonly Annotation[], tags: readonly Tag[]): string {
  const byId = new Map(tags.map((t) => [t.id, t]));
  const rows = [['quote', 'tags', 'note', 'creator', 'created', 'modified', 'start', 'end', 'id'].join(',')];
  for (const a of inOrder(annotations)) {
    rows.push(
      [a.target.quote.exact, tagNames(a, byId).join('; '), a.note, a.creator, a.created, a.modified, a.target.position.start, a.target.position.end, a.id]
        .map(csvCell)
        .join(','),
    );
  }
  return '\ufeff' + rows.join('\r\n') + '\r\n';
}
