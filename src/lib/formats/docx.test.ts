// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { makeDocx } from './fixtures/docx-fixture';

import { convertDocx } from './docx-convert';
import { detectFormat } from './registry';
import { layoutBlocks, type DraftBlock } from '../model/blocks';
import { checkInvariant } from '../model/invariant-check';

describe('DOCX → blocks', { timeout: 30_000 }, () => {
  it('keeps headings, lists, quotes, tables and footnotes; says what it left out', async () => {
    const bytes = await makeDocx();
    const detected = detectFormat('handout.docx', '', bytes);
    expect(detected.ok && detected.value.id).toBe('docx');
    const out = await convertDocx(bytes, { fileName: 'handout.docx' });
    if (!out.ok) throw new Error(out.error);
    if (out.value.kind !== 'blocks') throw new Error('expected blocks');
    const blocks: DraftBlock[] = out.value.blocks;
    const doc = layoutBlocks(blocks);
    checkInvariant(doc);
    expect(blocks.map((b) => b.type)).toEqual([
      'heading',
      'heading',
      'paragraph',
      'bulletList',
      'blockquote',
      'paragraph',
      'table',
      'note',
    ]);
    expect(doc.plainText).toContain('A sentence with bold and a note.1');
    expect(doc.plainText).toContain('Commented words inserted');
    expect(doc.plainText).not.toContain('deleted');
    expect(doc.plainText).not.toContain('A comment');
    expect(doc.plainText.endsWith('The footnote text.')).toBe(true);
    const para = blocks[2] as Extract<DraftBlock, { type: 'paragraph' }>;
    expect(para.content.at(-1)).toMatchObject({ text: '1', noteRef: 'footnote-1' });
    expect(blocks.at(-1)).toMatchObject({ type: 'note', id: 'footnote-1', label: '1' });
    expect(out.value.leftOut).toEqual(['comments', 'tracked changes (shown as accepted)']);
  });

  it('refuses damaged, truncated and mislabelled files with a clear message', async () => {
    const bytes = await makeDocx();
    const cut = await convertDocx(bytes.slice(0, bytes.length / 2), { fileName: 'cut.docx' });
    expect(cut).toEqual({
      ok: false,
      error:
        '“cut.docx” is damaged or incomplete: it could not be read as a Word document. Try saving it again from Word.',
    });
    const pdfNamedDocx = detectFormat('x.docx', '', new TextEncoder().encode('%PDF-1.7\n'));
    expect(pdfNamedDocx.ok).toBe(false);
    const old = detectFormat(
      'old.doc',
      '',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    );
    expect(!old.ok && old.error).toMatch(/save it as \.docx/);
    const macro = detectFormat('m.docm', '', bytes);
    expect(!macro.ok && macro.error).toMatch(/save it as \.docx/);
  });
});
