// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { convertDocx } from './docx-convert';
import { detectFormat } from './registry';
import { layoutBlocks, type DraftBlock } from '../model/blocks';
import { checkInvariant } from '../model/invariant-check';

/** A real .docx written by the `docx` package: headings, a list, a quote, a footnote, a table,
 * a comment and a tracked change. */
export async function makeDocx(): Promise<Uint8Array> {
  const doc = new Document({
    styles: { paragraphStyles: [{ id: 'Quote', name: 'Quote', basedOn: 'Normal' }] },
    comments: {
      children: [
        { id: 0, author: 'Ann', date: new Date(0), children: [new Paragraph('A comment')] },
      ],
    },
    footnotes: { 1: { children: [new Paragraph('The footnote text.')] } },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Handout title', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'First section', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('A sentence with '),
              new TextRun({ text: 'bold', bold: true }),
              new TextRun(' and a note.'),
              new FootnoteReferenceRun(1),
            ],
          }),
          new Paragraph({ text: 'Point one', bullet: { level: 0 } }),
          new Paragraph({ text: 'Point two', bullet: { level: 0 } }),
          new Paragraph({ text: 'A quoted line.', style: 'Quote' }),
          new Paragraph({
            children: [
              new CommentRangeStart(0),
              new TextRun('Commented words'),
              new CommentRangeEnd(0),
              new TextRun({ children: [new CommentReference(0)] }),
              new InsertedTextRun({
                text: ' inserted',
                id: 1,
                author: 'Ann',
                date: '2024-01-01T00:00:00Z',
              }),
              new DeletedTextRun({
                text: ' deleted',
                id: 2,
                author: 'Ann',
                date: '2024-01-01T00:00:00Z',
              }),
            ],
          }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('Name')] }),
                  new TableCell({ children: [new Paragraph('Year')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('Woolf')] }),
                  new TableCell({ children: [new Paragraph('1929')] }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe('DOCX → blocks', () => {
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
