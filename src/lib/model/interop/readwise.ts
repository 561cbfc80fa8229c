/**
 * Readwise's CSV import (its template's columns: Highlight, Title, Author, URL, Note, Location,
 * Date; only Highlight is required). Tags go into the note as Readwise's inline tags: its
 * documentation reads a note that starts with `.word` as a tag, so the tags come first (one
 * `.word` each, spaces in a name become `_`), then the reader's note on the next line.
 * Location is the page for paged documents, else the paragraph number (Readwise takes a number).
 */
import type { Result } from '../types';
import { csvCell } from '../notes-export';
import { inTextOrder } from '../w3c';
import type { ExportFormat, ExportInput } from './format';
import { choice } from './catalog';
import { locator, tagNamesOf } from './location';

export const READWISE_COLUMNS = ['Highlight', 'Title', 'Author', 'URL', 'Note', 'Location', 'Date'];

/** A tag as one Readwise inline tag: `.name`, no spaces, no dots inside. */
export const readwiseTag = (name: string) =>
  `.${name.trim().replace(/\s+/g, '_').replace(/\./g, '')}`;

/** `YYYY-MM-DD HH:MM:SS` in UTC, the date form of Readwise's template. */
const readwiseDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19).replace('T', ' ');
};

export function toReadwiseCsv(input: ExportInput): string {
  const at = locator(input);
  const rows = [READWISE_COLUMNS.join(',')];
  for (const a of inTextOrder(input.annotations)) {
    if (!a.target.quote.exact) continue;
    const tags = tagNamesOf(a.tags, input.tags)
      .map(readwiseTag)
      .filter((t) => t.length > 1);
    const note = [tags.join(' '), a.note.trim()].filter(Boolean).join('\n');
    rows.push(
      [
        a.target.quote.exact,
        input.doc.title,
        '',
        '',
        note,
        at(a.target.position.start).n,
        readwiseDate(a.created),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

export const readwise: ExportFormat = {
  ...choice('readwise'),
  extension: 'csv',
  suffix: 'readwise',
  mime: 'text/csv',
  serialize: toReadwiseCsv,
};

export interface ReadwiseRow {
  highlight: string;
  title: string;
  author: string;
  url: string;
  note: string;
  /** Inline tags found at the start of the note (without the dot). */
  tags: string[];
  location?: number;
  date: string;
}

/**
 * Reads a Readwise CSV back (RFC 4180; the apostrophe our cells get against spreadsheet
 * formulas is removed). Used to prove the export round-trips; the header must name Highlight.
 */
export function parseReadwiseCsv(text: string): Result<ReadwiseRow[]> {
  const table = parseCsv(text.replace(/^\ufeff/, ''));
  if (!table.ok) return table;
  const [header, ...rows] = table.value;
  const col = (name: string) =>
    header?.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase()) ?? -1;
  if (col('Highlight') < 0) return { ok: false, error: 'this CSV has no “Highlight” column.' };
  const cell = (r: string[], name: string) => {
    const v = col(name) < 0 ? '' : (r[col(name)] ?? '');
    return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
  };
  return {
    ok: true,
    value: rows
      .filter((r) => r.some((c) => c !== ''))
      .map((r) => {
        const raw = cell(r, 'Note');
        const m = /^((?:\.[^\s.]+[ ]?)+)(?:\n|$)/.exec(raw);
        const loc = Number.parseInt(cell(r, 'Location'), 10);
        return {
          highlight: cell(r, 'Highlight'),
          title: cell(r, 'Title'),
          author: cell(r, 'Author'),
          url: cell(r, 'URL'),
          note: m ? raw.slice(m[0].length) : raw,
          tags: m
            ? m[1]
                .trim()
                .split(' ')
                .map((t) => t.slice(1))
            : [],
          ...(Number.isFinite(loc) ? { location: loc } : {}),
          date: cell(r, 'Date'),
        };
      }),
  };
}

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): Result<string[][]> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), (i += 2));
      else if (c === '"') ((quoted = false), i++);
      else ((field += c), i++);
    } else if (c === '"' && field === '') ((quoted = true), i++);
    else if (c === ',') (row.push(field), (field = ''), i++);
    else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else ((field += c), i++);
  }
  if (quoted) return { ok: false, error: 'this CSV ends inside a quoted field.' };
  if (field !== '' || row.length) (row.push(field), rows.push(row));
  return { ok: true, value: rows };
}
