import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Inline } from './types';
import { checkInvariant } from './invariant-check';
import { layoutBlocks, readBlockSource, serializeBlocks, type DraftBlock } from './blocks';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const inline: fc.Arbitrary<Inline> = fc.oneof(
  fc.record({
    type: fc.constant('text' as const),
    text,
    marks: fc.subarray(['bold', 'italic', 'image', 'sup'] as const),
  }),
  fc.constant({ type: 'hardBreak' as const }),
);
const para = fc.record({
  type: fc.constant('paragraph' as const),
  content: fc.array(inline, { maxLength: 4 }),
});
const leaf: fc.Arbitrary<DraftBlock> = fc.oneof(
  para,
  fc.record({
    type: fc.constant('heading' as const),
    level: fc.constant(2 as const),
    content: fc.array(inline, { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('pageBreak' as const),
    page: fc.integer({ min: 1, max: 9 }),
    label: fc.constant('ii'),
  }),
  fc.record({ type: fc.constant('chapter' as const), title: text }),
  fc.record({
    type: fc.constant('note' as const),
    id: fc.constant('footnote-1'),
    label: fc.constant('1'),
    content: fc.array(inline, { maxLength: 3 }),
  }),
);
const block: fc.Arbitrary<DraftBlock> = fc.oneof(
  leaf,
  fc.record({
    type: fc.constant('blockquote' as const),
    children: fc.array(leaf, { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('bulletList' as const),
    items: fc.array(fc.array(leaf, { maxLength: 2 }), { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('table' as const),
    rows: fc.array(fc.array(fc.array(para, { maxLength: 2 }), { minLength: 1, maxLength: 3 }), {
      maxLength: 3,
    }),
  }),
);

describe('block documents', () => {
  it('keep the canonical-text invariant for any tree (property)', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 8 }), (drafts) => {
        const doc = layoutBlocks(drafts);
        checkInvariant(doc);
        // Stored and read back, the same document and text.
        const back = readBlockSource(serializeBlocks(drafts));
        expect(back.ok).toBe(true);
        if (back.ok) expect(layoutBlocks(back.value).plainText).toBe(doc.plainText);
      }),
    );
  });

  it('records where pages and chapters start, without adding text', () => {
    const doc = layoutBlocks([
      { type: 'chapter', title: 'One', href: 'ch1.xhtml' },
      { type: 'pageBreak', page: 1, label: 'i' },
      { type: 'paragraph', content: [{ type: 'text', text: 'Alpha' }] },
      { type: 'pageBreak', page: 2, label: 'ii' },
      { type: 'paragraph', content: [{ type: 'text', text: 'Beta' }] },
    ]);
    expect(doc.plainText).toBe('Alpha\n\nBeta');
    expect(doc.pages).toEqual([
      { offset: 0, page: 1, label: 'i' },
      { offset: 7, page: 2, label: 'ii' },
    ]);
    expect(doc.chapters).toEqual([{ offset: 0, title: 'One', href: 'ch1.xhtml' }]);
  });

  it('drops unsafe links and refuses damaged sources with a message', () => {
    const doc = layoutBlocks([
      { type: 'paragraph', content: [{ type: 'text', text: 'x', href: 'javascript:alert(1)' }] },
    ]);
    expect(doc.blocks[0]).toMatchObject({ content: [{ type: 'text', text: 'x' }] });
    expect((doc.blocks[0] as { content: Inline[] }).content[0]).not.toHaveProperty('href');
    expect(readBlockSource('{').ok).toBe(false);
    expect(
      readBlockSource('{"marginalia":"blocks","version":1,"blocks":[{"type":"video"}]}'),
    ).toEqual({
      ok: false,
      error: 'The stored document has a block Marginalia cannot read.',
    });
  });
});
