/**
 * The class summary as an Obsidian note, in the style of the document export (obsidian.ts):
 * properties (title, exported, readers), each passage a `[!quote]` callout with who marked it
 * and each reader's tags (as #tags) and notes, then each question with its answers, each with a
 * block id to link to (`^passage-3`, `^question-1`). The counts and agreement tables stay in the
 * Markdown summary, which Obsidian also reads.
 */
import {
  SUMMARY_QUOTE_LENGTH,
  escapeMarkdown,
  excerpt,
  inParens,
  passageQuote,
  type ClassSummaryInput,
} from '../class-summary';
import { hashtag } from '../notes-export';
import { localDay } from '../filenames';
import { yamlString } from './obsidian';
import { tagNamesOf } from './location';

const lines = (s: string) =>
  s
    .split(/\r\n|\r|\n/)
    .map(escapeMarkdown)
    .map((l) => l.trimEnd())
    .filter(Boolean);

export function classSummaryObsidian(input: ClassSummaryInput): string {
  const who = (c: string) => escapeMarkdown(input.name(c));
  const total = input.readers.length;
  const out = [
    '---',
    `title: ${yamlString(`${input.title} — class summary`)}`,
    `exported: ${localDay(input.generated)}`,
    `readers: ${total}`,
    '---',
    '',
    `# ${escapeMarkdown(input.title)} — class summary`,
    '',
  ];
  input.passages.forEach((p, i) => {
    const quote = lines(excerpt(passageQuote(p, input.text), SUMMARY_QUOTE_LENGTH));
    out.push(
      `> [!quote] Passage ${i + 1}${inParens(input.cite?.(p.start, p.end))} — marked by ${p.readers.length} of ${total}`,
      ...quote.map((l) => `> ${l}`),
    );
    for (const m of p.marks) {
      const names = tagNamesOf(m.tags, input.tags);
      const tags = names.map(hashtag).filter(Boolean).join(' ');
      out.push('>', `> **${who(m.creator)}**${tags ? ` ${tags}` : ''}`);
      for (const l of lines(m.note)) out.push(`> ${l}`);
    }
    out.push('', `^passage-${i + 1}`, '');
  });
  (input.prompts ?? []).forEach((q, i) => {
    out.push(
      `> [!question] Question ${i + 1}${inParens(q.cite)}`,
      ...lines(q.question).map((l) => `> **${l}**`),
    );
    const quote = lines(excerpt(q.quote, SUMMARY_QUOTE_LENGTH));
    if (quote.length) out.push('>', ...quote.map((l) => `> > ${l}`));
    if (!q.answers.length) out.push('>', '> No answers.');
    for (const a of q.answers)
      out.push('>', `> **${who(a.creator)}**`, ...lines(a.note).map((l) => `> ${l}`));
    out.push('', `^question-${i + 1}`, '');
  });
  if (!input.passages.length && !input.prompts?.length) out.push('No marks.', '');
  return out.join('\n').trimEnd() + '\n';
}
