import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeMarkdownEdit, sameBlocks } from './markdown-edit';
import { parseMarkdown, parseMarkdownGroups } from './parse-markdown';
import { display, textblocks } from './parse-text.checks';
import { edit, editSite, shownText } from './markdown-edit.fixtures';
import type { Block } from './types';

/** The source of every top-level token but the one holding textblock `i`: an edit of that
 * textblock must keep them byte for byte. */
function keptRaws(source: string, i: number) {
  const { parsed, groups } = parseMarkdownGroups(source);
  let seen = 0;
  const top = parsed.blocks.findIndex((b) => (seen += textblocks([b]).length) > i);
  return groups
    .filter((g) => !(g.first <= top && top < g.first + g.count))
    .map((g) => g.raw.replace(/\n+$/, ''))
    .filter((r) => r.trim());
}

describe('writeMarkdownEdit', () => {
  it('keeps the source when nothing changed', () => {
    const md = '# T\n\nSome *em* and [a link](http://x).\n\n- a\n- b\n';
    const parsed = parseMarkdown(md);
    expect(writeMarkdownEdit(md, parsed.blocks, parsed.plainText)).toEqual({ ok: true, value: md });
  });

  it('rewrites only the edited paragraph and escapes typed Markdown', () => {
    const md = '# Title\n\nFirst *one* with [link][r].\n\nSecond para.\n\n[r]: http://x\n';
    const blocks = edit(md, 2, 0, 6, 6, '*star* & <b> # ');
    const out = writeMarkdownEdit(md, blocks, shownText(blocks));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toBe(
      '# Title\n\nFirst *one* with [link][r].\n\nSecond\\*star\\* & \\<b> #  para.\n\n[r]: http://x\n',
    );
    expect(parseMarkdown(out.value).plainText).toBe(shownText(blocks));
  });

  it('edits a paragraph in place: its link, emphasis style and wrapping are kept', () => {
    const md = 'Go to [the old bridge](https://example.org/b) __now__,\nthen home.\n';
    const cases: [number, number, number, string, string][] = [
      // run, from, to (code points in the run), typed, expected source
      [0, 10, 13, 'new', 'Go to [the new bridge](https://example.org/b) __now__,\nthen home.\n'],
      [2, 7, 11, 'away', 'Go to [the old bridge](https://example.org/b) __now__,\nthen away.\n'],
      [1, 3, 3, '*', 'Go to [the old bridge](https://example.org/b) __now\\*__,\nthen home.\n'],
    ];
    for (const [k, a, b, typed, want] of cases) {
      const blocks = edit(md, 0, k, a, b, typed);
      expect(writeMarkdownEdit(md, blocks, shownText(blocks))).toEqual({ ok: true, value: want });
    }
  });

  it('keeps CRLF line ends', () => {
    const md = 'a\r\n\r\nb\r\n';
    const blocks = edit(md, 1, 0, 1, 1, 'c');
    const out = writeMarkdownEdit(md, blocks, shownText(blocks));
    expect(out).toEqual({ ok: true, value: 'a\r\n\r\nbc\r\n' });
  });

  it('writes structural edits: a split paragraph, a heading level, a removed item, lists kept apart', () => {
    const md = '# Title\n\nOne two three.\n\n* a\n* b\n\nLast *para*.\n';
    const { blocks: old } = parseMarkdown(md);
    const p = (text: string): Block => ({
      type: 'paragraph',
      content: [{ type: 'text', text }],
      start: 0,
      end: 0,
    });
    const cases: [Block[], string][] = [
      [
        [old[0], p('One two'), p('three.'), old[2], old[3]],
        '# Title\n\nOne two\n\nthree.\n\n* a\n* b\n\nLast *para*.\n',
      ],
      [
        [{ ...old[0], level: 2 } as Block, old[1], old[2], old[3]],
        '## Title\n\nOne two three.\n\n* a\n* b\n\nLast *para*.\n',
      ],
      [
        [old[0], old[1], { type: 'bulletList', items: [[p('b')]] }, old[3]],
        '# Title\n\nOne two three.\n\n- b\n\nLast *para*.\n',
      ],
    ];
    for (const [blocks, want] of cases) {
      const out = writeMarkdownEdit(md, blocks, shownText(blocks));
      expect(out).toEqual({ ok: true, value: want });
    }
    // A paragraph typed between two lists must not join them, nor they it.
    const lists = '- a\n\n1. b\n';
    const { blocks: lb } = parseMarkdown(lists);
    const mid: Block[] = [lb[0], { type: 'bulletList', items: [[p('new')]] }, lb[1]];
    const out = writeMarkdownEdit(lists, mid, shownText(mid));
    expect(out).toEqual({ ok: true, value: '- a\n\n* new\n\n1. b\n' });
  });

  it('refuses what Markdown cannot hold, naming it', () => {
    const md = 'a\n\nb\n';
    const blocks = edit(md, 1, 0, 0, 1, ' ');
    const out = writeMarkdownEdit(md, blocks, shownText(blocks));
    expect(out).toEqual({ ok: false, error: expect.stringMatching(/no text/) });
  });

  it('property: edits inside runs are written so the text shows exactly as edited', () => {
    fc.assert(
      fc.property(editSite, (site) => {
        if (!site) return;
        const { md, i, k, len, x, y, typed } = site;
        // Keep each run's first and last character: a run's edges are where its Markdown
        // delimiters sit, and edits there are checked in the next property.
        if (len < 2) return;
        const a = 1 + (x % (len - 1));
        const b = Math.min(len - 1, a + (y % 4));
        const blocks = edit(md, i, k, a, Math.max(a, b), typed);
        const text = shownText(blocks);
        const out = writeMarkdownEdit(md, blocks, text);
        if (!/\S/.test(display(textblocks(blocks)[i].content)))
          return void expect(out.ok).toBe(false);
        expect(out).toMatchObject({ ok: true });
        if (!out.ok) return;
        const after = parseMarkdown(out.value);
        expect(after.plainText).toBe(text);
        expect(sameBlocks(after.blocks, blocks)).toBe(true);
        for (const raw of keptRaws(md, i)) expect(out.value).toContain(raw);
      }),
      { numRuns: 400 },
    );
  });

  it('property: any edit is written exactly or refused with a message, never shown otherwise', () => {
    let tried = 0;
    let refused = 0;
    fc.assert(
      fc.property(editSite, (site) => {
        if (!site) return;
        const { md, i, k, len, x, y, typed } = site;
        const a = x % (len + 1);
        const b = Math.min(len, a + (y % 6));
        const blocks = edit(md, i, k, a, b, typed);
        const text = shownText(blocks);
        const out = writeMarkdownEdit(md, blocks, text);
        tried++;
        if (!out.ok) {
          refused++;
          return void expect(out.error).toMatch(/^This edit cannot be saved as Markdown: /);
        }
        const after = parseMarkdown(out.value);
        expect(after.plainText).toBe(text);
        expect(sameBlocks(after.blocks, blocks)).toBe(true);
      }),
      { numRuns: 400 },
    );
    // Refusals are for what Markdown cannot hold (an emptied paragraph, emphasis whose edge was
    // edited into punctuation against a letter…), not the common case.
    expect(refused / tried).toBeLessThan(0.2);
  });
});
