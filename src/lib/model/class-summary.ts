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
}

export interface PromptAnswers {
  question: string;
  quote: string;
  answers: readonly { creator: string; note: string }[];
}

/** Longest passage quote in the Markdown summary, in code points (the CSV has it whole). */
export const SUMMARY_QUOTE_LENGTH = 300;
/** Longest quote in a CSV cell, in UTF-16 units: spreadsheets hold at most 32,767 characters per cell. */
const CSV_CELL_LIMIT = 32_000;

// ---------------------------------------------------------------------------------------------
// Passage text

/**
 * The text of a passage. With the document's text: exactly code points [start, end). Without:
 * the marks' quotes stitched in position order, each contributing what lies beyond the text
 * already covered — exact when every quote is as long as its range; when one is not (a mark
 * placed by fuzzy anchoring), the longest quote stands for the passage.
 */
export function passageQuote(p: Passage, text?: string): string {
  if (text !== undefined) return sliceCodePoints(text, p.start, p.end);
  const marks = [...p.marks].sort((x, y) => x.start - y.start || y.end - x.end);
  if (marks.every((m) => [...m.quote].length === m.end - m.start)) {
    let out = '';
    let at = p.start;
    for (const m of marks) {
      if (m.end <= at) continue;
      out += [...m.quote].slice(Math.max(0, at - m.start)).join('');
      at = m.end;
    }
    return out;
  }
  return marks.reduce((best, m) => (m.quote.length > best.length ? m.quote : best), '');
}

/** Code points [start, end) of `text`, found without splitting the whole text into an array. */
function sliceCodePoints(text: string, start: number, end: number): string {
  let i = 0;
  let cp = 0;
  const advance = (to: number) => {
    while (cp < to && i < text.length) {
      const c = text.charCodeAt(i);
      i +=
        c >= 0xd800 &&
        c <= 0xdbff &&
        i + 1 < text.length &&
        (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
          ? 2
          : 1;
      cp++;
    }
    return i;
  };
  const from = advance(Math.max(0, start));
  return text.slice(from, advance(Math.max(start, end)));
}

/** At most `max` code points, cut after a word when one ends in the last third, with "…". */
export function excerpt(s: string, max: number): string {
  const cps = [...s.trim()];
  if (cps.length <= max) return cps.join('');
  let cut = cps.slice(0, max).join('');
  const space = cut.search(/\s\S*$/);
  if (space > (cut.length * 2) / 3) cut = cut.slice(0, space);
  return `${cut.trimEnd()} …`;
}

/** At most `max` UTF-16 units, never ending inside a surrogate pair. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

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
    out.push(`### Passage ${i + 1}`, '');
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
      out.push(`### Question ${i + 1}`, '', ...escapedLines(q.question).map((l) => `**${l}**`), '');
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
 * and end are the passage's code-point offsets; tags are joined with "; " (unknown ids left out).
 */
export function classPassagesCsv(input: ClassSummaryInput): string {
  const tagNames = tagNamer(input.tags);
  const rows: (string | number)[][] = [
    ['passage', 'start', 'end', 'quote', 'readers', 'reader', 'tags', 'note'],
  ];
  input.passages.forEach((p, i) => {
    const quote = clip(passageQuote(p, input.text), CSV_CELL_LIMIT);
    const readers = p.readers.map(input.name).join('; ');
    for (const m of p.marks)
      rows.push([
        i + 1,
        p.start,
        p.end,
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
