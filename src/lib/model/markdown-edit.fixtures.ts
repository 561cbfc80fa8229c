/** Shared set-up of the Markdown edit tests (markdown-edit.test.ts): generated Markdown
 * documents, hostile typed text, the editor's edit of one text run, and the random edit site
 * both properties start from. Test support only: imported by *.test.ts. */
import fc from 'fast-check';
import { parseMarkdown } from './parse-markdown';
import { display, textblocks } from './parse-text.checks';
import type { Block, Inline } from './types';

/** The displayed text of blocks, as parseMarkdown lays it out. */
export const shownText = (blocks: Block[]) =>
  textblocks(blocks)
    .map((b) => display(b.content))
    .join('\n\n');

type Run = Extract<Inline, { type: 'text' }>;

/** The text runs of a textblock's content. */
const textRuns = (content: Inline[]) => content.filter((x): x is Run => x.type === 'text');

/** Replaces `[a, b)` (UTF-16 units, never splitting a pair: runs here hold whole code points) of
 * the `k`-th run of the `i`-th textblock by `typed`, as the editor would (a run left empty goes). */
export function edit(source: string, i: number, k: number, a: number, b: number, typed: string) {
  const blocks = structuredClone(parseMarkdown(source).blocks);
  const tb = textblocks(blocks)[i];
  const run = textRuns(tb.content)[k];
  const cps = [...run.text];
  run.text = [...cps.slice(0, a), typed, ...cps.slice(b)].join('');
  tb.content = tb.content.filter((x) => x.type !== 'text' || x.text);
  return blocks;
}

const words = fc.constantFrom('alpha', 'beta', 'gamma', 'Δelta', 'naïve', 'x😀y', 'the', 'of');
const line = fc.array(words, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const inline = fc
  .tuple(line, line, fc.constantFrom('*', '**', '_', '`', '[', '&amp;', '\\*', ''), line)
  .map(([a, b, k, c]) =>
    k === '['
      ? `${a} [${b}](https://example.org/${b.length}) ${c}`
      : k === '&amp;' || k === '\\*'
        ? `${a} ${k} ${b} ${c}`
        : `${a} ${k}${b}${k} ${c}`,
  );
const block = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 4 }), line).map(([l, t]) => `${'#'.repeat(l)} ${t}`),
  inline,
  fc.tuple(inline, line).map(([a, b]) => `${a}\n${b}`),
  fc.array(inline, { minLength: 1, maxLength: 3 }).map((xs) => xs.map((x) => `- ${x}`).join('\n')),
  fc
    .array(line, { minLength: 1, maxLength: 3 })
    .map((xs) => xs.map((x, i) => `${i + 3}. ${x}`).join('\n')),
  inline.map((x) => `> ${x}`),
  line.map((x) => '```\n' + x + '\n  ' + x + '\n```'),
  fc.constant('***'),
  line.map((x) => `| ${x} | b |\n|---|---|\n| c | d |`),
);
/** A Markdown document of 1–7 blocks: headings, paragraphs with emphasis, code, links,
 * entities and escapes, lists, quotes, code blocks, rules and tables. */
const doc = fc.array(block, { minLength: 1, maxLength: 7 }).map((bs) => bs.join('\n\n') + '\n');
/** Typed text that Markdown would read as syntax, astral characters, or any short string. */
const hostile = fc.oneof(
  fc.constantFrom(
    '*x*',
    '# ',
    '<b>',
    '&amp;',
    '\\',
    '_y_',
    '`',
    '1. ',
    '- ',
    '> ',
    '[a](b)',
    '😀',
    '𝔸',
    ' ',
    '**',
    '~~z~~',
    '|',
    '&#42;',
    '==',
  ),
  fc
    .string({ unit: 'grapheme', maxLength: 6 })
    .map((s) => s.replace(/[\u0000-\u0008\n-\u001f\u007f]/g, '')),
);

/** Where an edit is typed: textblock `i` of `md` and its text run `k`, `len` code points long;
 * `x` and `y` are free numbers each property turns into its range of that run. */
export interface EditSite {
  md: string;
  i: number;
  k: number;
  len: number;
  x: number;
  y: number;
  typed: string;
}

/** A random edit site, or null for a document without a textblock. */
export const editSite: fc.Arbitrary<EditSite | null> = fc
  .tuple(doc, fc.nat(), fc.nat(), fc.nat(), fc.nat(), hostile)
  .map(([md, bi, ri, x, y, typed]) => {
    const tbs = textblocks(parseMarkdown(md).blocks);
    if (!tbs.length) return null;
    const i = bi % tbs.length;
    const runs = textRuns(tbs[i].content);
    const k = ri % runs.length;
    return { md, i, k, len: [...runs[k].text].length, x, y, typed };
  });
