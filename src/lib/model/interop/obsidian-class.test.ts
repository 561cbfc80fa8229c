import { describe, it, expect } from 'vitest';
import { marked } from 'marked';
import { anonymiser, passages, type Mark } from '../class-analysis';
import type { ClassSummaryInput } from '../class-summary';
import type { Tag } from '../types';
import { classSummaryObsidian } from './obsidian-class';

const text = 'Hold 🍎 fast; dreams!';
const cps = [...text];
const tags: Tag[] = [
  { id: 'claim', name: 'Claim', color: 'blue' },
  { id: 'ev', name: 'Key evidence', color: 'green' },
];
const mk = (
  id: string,
  creator: string,
  s: number,
  e: number,
  t: string[],
  note: string,
): Mark => ({
  id,
  creator,
  start: s,
  end: e,
  tags: t,
  note,
  quote: cps.slice(s, e).join(''),
});
const marks = [
  mk('a', 'Ana', 0, 4, ['claim'], '<script>x</script>\nline two'),
  mk('b', 'Ben', 2, 6, ['claim', 'ev'], ''),
  mk('c', 'Cy', 14, 20, [], ''),
];
const readers = ['Ana', 'Ben', 'Cy'];
const input: ClassSummaryInput = {
  title: 'Dreams',
  generated: new Date('2026-11-25T12:00:00Z'),
  readers,
  tags,
  passages: passages(marks),
  counts: [],
  agreement: [],
  name: anonymiser(readers, false),
  text,
  prompts: [
    { question: 'Why fast?', quote: 'fast', answers: [{ creator: 'Cy', note: 'Because.' }] },
  ],
};

describe('class summary as an Obsidian note', () => {
  it('callouts per passage and question, #tags, block ids; no HTML from notes (golden file)', async () => {
    const md = classSummaryObsidian(input);
    expect(md).toContain('> [!quote] Passage 1 — marked by 2 of 3\n> Hold 🍎');
    expect(md).toContain('> **Ben** #claim #key-evidence');
    expect(md).toContain('\n\n^passage-2\n');
    expect(md).toContain('> [!question] Question 1');
    expect(await marked.parse(md)).not.toContain('<script');
    await expect(md).toMatchFileSnapshot('./golden/class-summary-obsidian.md');
  });

  it('names each passage’s page(s) and each question’s chapter when the document has them', () => {
    const md = classSummaryObsidian({
      ...input,
      cite: (start) => (start < 10 ? 'p. 11' : 'p. 12'),
      prompts: input.prompts!.map((q) => ({ ...q, cite: 'II. Departure' })),
    });
    expect(md).toContain('> [!quote] Passage 1 (p. 11) — marked by 2 of 3\n');
    expect(md).toContain('> [!quote] Passage 2 (p. 12) — marked by 1 of 3\n');
    expect(md).toContain('> [!question] Question 1 (II. Departure)\n');
  });
});
