/**
 * Exports of the class view: a Markdown summary for the teacher's notes, and two CSV tables
 * (every mark by passage; counts per reader) for a spreadsheet.
 *
 * Every creator name goes through `input.name` first, so that an anonymised export holds no
 * real name anywhere. Everything a reader wrote — names, notes, quotes (which come from their
 * files) — and the tag names are escaped so that it stays text: in Markdown it can open no
 * heading, quote, list, table, code block or HTML and make no link or emphasis; in CSV no cell
 * is read as a formula (`csvCell`).
 */

import type { Tag } from './types';
import type { Passage, ReaderCounts, TagAgreement } from './class-analysis';
import { describeAgreement } from './class-analysis';
import { csvCell } from './notes-export';
import { localDay } from './filenames';
import { clip, excerpt, passageQuote } from './passage-text';

export { excerpt, passageQuote } from './passage-text';

export interface ClassSummaryInput {
  title: string;
  generated: Date;
  readers: readonly string[];
  tags: readonly Tag[];
  passages: readonly Passage[];
  counts: readonly ReaderCounts[];
  agreement: readonly TagAgreement[];
  /** Anonymiser applied to every creator name in the output. */
  name: (creator: string) => string;
  /** The document's plain text. When given, a passage's quote is exactly its range of the text;
   * otherwise it is pieced together from its marks' quotes (see `passageQuote`). */
  text?: string;
  /** The teacher's prompts (in text order) with every reader's answers. */
  prompts?: readonly PromptAnswers[];
  /** How a reader cites a range (code points) of a PDF ("p. 12", "pp. 12–13") or an EPUB (its
   * chapter), '' elsewhere (model/citation.ts `citeRange`). Passages and questions show it. */
  cite?: (start: number, end: number) => string;
}

export interface PromptAnswers {
  question: string;
  quote: string;
  /** The prompt's page(s) or chapter, when the document has them. */
  cite?: string;
  answers: readonly { creator: string; note: string }[];
}

/** Longest passage quote in the Markdown summary, in code points (the CSV has it whole). */
export const SUMMARY_QUOTE_LENGTH = 300;
/** Longest quote in a CSV cell, in UTF-16 units: spreadsheets hold at most 32,767 characters per cell. */
const CSV_CELL_LIMIT = 32_000;

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Escapes one line of user text for Markdown (CommonMark and GFM). Characters that make
 * inline structure — emphasis, code, links and images, HTML and entities, table cells,
 * strikethrough, Obsidian-style #tags — are escaped wherever they are (an image's "!" needs
 * no escape: without its "[" it is plain text); characters that make block structure only at
 * the start of a line (- + = : and "1." / "1)") are escaped there. GFM's bare links
 * ("scheme://", "www.", e-mail addresses) are broken with an escape too, so that nothing a
 * reader wrote becomes a link. Line breaks become spaces; leading spaces go, so no line
 * becomes indented code. Rendered, the text reads exactly as written.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\r\n\t]+/g, ' ')
    .trimStart()
    .replace(/[\\`*_[\]<>|~&#$@]/g, '\\$&')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/^[-+=:]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Lines of user text, blank ones dropped, each escaped. */
const escapedLines = (s: string) =>
  s
    .split(/\r\n|\r|\n/)
    .map(escapeMarkdown)
    .map((l) => l.trimEnd())
    .filter(Boolean);

/** " (p. 12)" after a heading, escaped (a chapter title is the book's text), or ''. */
export const inParens = (cite: string | undefined) =>
  cite?.trim() ? ` (${escapeMarkdown(cite.trim())})` : '';
const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

function tagNamer(tags: readonly Tag[]): (ids: readonly string[]) => string[] {
  const byId = new Map(tags.map((t) => [t.id, t.name]));
  return (ids) =>
    [...new Set(ids)].map((id) => byId.get(id)).filter((n): n is string => n !== undefined);
}

/**
 * The class summary as Markdown: title and date, the readers, then every passage (an excerpt
 * of its text as a block quote, who marked it, and each reader's tags and notes under it),
 * a table of marks per reader and tag, and a table of agreement per tag with the pairwise
 * kappas for "any mark". Notes keep their line breaks (as hard breaks inside a list item).
 */
export function classSummaryMarkdown(input: ClassSummaryInput): string {
  const { name } = input;
  const who = (creator: string) => escapeMarkdown(name(creator));
  const tagNames = tagNamer(input.tags);
  const tagName = (id: string | null) =>
    id === null ? 'Any mark' : (tagNames([id])[0] ?? 'Untitled tag');
  const marks = input.passages.reduce((n, p) => n + p.marks.length, 0);
  const total = input.readers.length;

  const out = [
    `# ${escapeMarkdown(input.title)} — class summary`,
    '',
    `Generated by Marginalia on ${localDay(input.generated)}: ${plural(marks, 'mark', 'marks')} in ${plural(input.passages.length, 'passage', 'passages')}.`,
    '',
    total ? `Readers (${total}): ${input.readers.map(who).join(', ')}.` : 'No readers.',
    '',
    '## Passages',
    '',
  ];
  if (!input.passages.length) out.push('No marks.', '');
  input.passages.forEach((p, i) => {
    out.push(`### Passage ${i + 1}${inParens(input.cite?.(p.start, p.end))}`, '');
    const quote = escapedLines(excerpt(passageQuote(p, input.text), SUMMARY_QUOTE_LENGTH));
    if (quote.length) out.push(quote.map((l) => `> ${l}`).join('\n'), '');
    out.push(
      `Marked by ${p.readers.length} of ${total} ${total === 1 ? 'reader' : 'readers'}: ${p.readers.map(who).join(', ')}.`,
      '',
    );
    for (const reader of p.readers) {
      for (const m of p.marks) {
        if (m.creator !== reader) continue;
        const tags = tagNames(m.tags).map(escapeMarkdown).join(', ') || 'Highlight';
        // Hard breaks (a backslash before the line end) keep the note's lines inside the item.
        out.push([`- **${who(reader)}** — ${tags}`, ...escapedLines(m.note)].join('\\\n  '));
      }
    }
    out.push('');
  });

  if (input.prompts?.length) {
    out.push('## Answers to the questions', '');
    input.prompts.forEach((q, i) => {
      out.push(
        `### Question ${i + 1}${inParens(q.cite)}`,
        '',
        ...escapedLines(q.question).map((l) => `**${l}**`),
        '',
      );
      const quote = escapedLines(excerpt(q.quote, SUMMARY_QUOTE_LENGTH));
      if (quote.length) out.push(quote.map((l) => `> ${l}`).join('\n'), '');
      if (!q.answers.length) out.push('No answers.', '');
      for (const a of q.answers)
        out.push([`- **${who(a.creator)}**`, ...escapedLines(a.note)].join('\\\n  '));
      out.push('');
    });
  }

  out.push('## Readers', '');
  if (input.counts.length) {
    out.push(
      row([
        'Reader',
        'Marks',
        'Untagged',
        'With note',
        ...input.tags.map((t) => escapeMarkdown(t.name)),
      ]),
      row(['---', '---:', '---:', '---:', ...input.tags.map(() => '---:')]),
      ...input.counts.map((c) =>
        row([
          who(c.reader),
          c.total,
          c.untagged,
          c.withNote,
          ...input.tags.map((t) => c.byTag[t.id] ?? 0),
        ]),
      ),
      '',
    );
  } else out.push('No readers.', '');

  out.push('## Agreement', '');
  if (total < 2 || !input.agreement.length) {
    out.push('Agreement needs at least two readers.', '');
  } else {
    out.push(
      'Each character of the text counts as marked or not by each reader. Cohen’s kappa compares two readers (the mean over all pairs is shown), Krippendorff’s alpha all of them; both are 1 for identical marking and 0 for what chance alone would give.',
      '',
      row(['Tag', 'Mean kappa', 'Alpha', 'In plain words']),
      row(['---', '---:', '---:', '---']),
      ...input.agreement.map((g) =>
        row([
          escapeMarkdown(tagName(g.tagId)),
          fmt(g.meanKappa),
          fmt(g.alpha),
          describeAgreement(g.alpha ?? g.meanKappa),
        ]),
      ),
      '',
    );
    const any = input.agreement.find((g) => g.tagId === null);
    if (any?.pairs.length) {
      out.push(
        '### Pairs of readers, any mark',
        '',
        row(['Readers', 'Kappa', 'Same']),
        row(['---', '---:', '---:']),
        ...any.pairs.map((p) =>
          row([`${who(p.a)} · ${who(p.b)}`, fmt(p.kappa), `${(p.observed * 100).toFixed(1)}%`]),
        ),
        '',
      );
    }
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * Rows joined RFC 4180 style: CRLF after every row, the last included. No byte-order mark
 * (the first line starts with the header itself); prepend '\ufeff' when the file is for a
 * spreadsheet that needs it to read UTF-8.
 */
const csv = (rows: (string | number)[][]) =>
  rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/**
 * Every mark, one row each, grouped by passage (numbered from 1, in the order given) and, in a
 * passage, in the passage's order of marks. Passage columns repeat on each of its rows; start
 * and end are the passage's code-point offsets, location its page(s) or chapter ('' when the
 * document has none); tags are joined with "; " (unknown ids left out).
 */
export function classPassagesCsv(input: ClassSummaryInput): string {
  const tagNames = tagNamer(input.tags);
  const rows: (string | number)[][] = [
    ['passage', 'start', 'end', 'location', 'quote', 'readers', 'reader', 'tags', 'note'],
  ];
  input.passages.forEach((p, i) => {
    const quote = clip(passageQuote(p, input.text), CSV_CELL_LIMIT);
    const readers = p.readers.map(input.name).join('; ');
    const location = input.cite?.(p.start, p.end) ?? '';
    for (const m of p.marks)
      rows.push([
        i + 1,
        p.start,
        p.end,
        location,
        quote,
        readers,
        input.name(m.creator),
        tagNames(m.tags).join('; '),
        m.note,
      ]);
  });
  return csv(rows);
}

/** One row per reader of `counts`, one column per tag of `tags` (by name, in that order). */
export function classReadersCsv(input: ClassSummaryInput): string {
  const rows: (string | number)[][] = [
    ['reader', 'total', 'untagged', 'with note', ...input.tags.map((t) => t.name)],
  ];
  for (const c of input.counts)
    rows.push([
      input.name(c.reader),
      c.total,
      c.untagged,
      c.withNote,
      ...input.tags.map((t) => c.byTag[t.id] ?? 0),
    ]);
  return csv(rows);
}
