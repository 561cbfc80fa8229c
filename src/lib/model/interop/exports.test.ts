// Exports for the tools people keep notes in: golden files (src/lib/model/interop/golden/) and
// a Readwise round trip. Fixtures are made here.
import { describe, it, expect } from 'vitest';
import { toReadwiseCsv, parseReadwiseCsv, readwiseTag, READWISE_COLUMNS } from './readwise';
import { toObsidian, blockId } from './obsidian';
import { toZoteroRis, zoteroNote } from './zotero';
import { locator } from './location';
import { EXPORT_FORMATS, exportFormat } from './index';
import { EXPORT_CHOICES } from './catalog';
import { TextIndex } from '../text-index';
import { describeRange } from '../selectors';
import type { Annotation, DocumentMeta, Tag } from '../types';
import type { ExportInput } from './format';

const TEXT =
  'The first paragraph, about 😀 joy.\n\nA second paragraph with = formula-like text.\nIt runs on.\n\nThird: <b>not HTML</b> & more.';
const index = new TextIndex(TEXT);
const doc: DocumentMeta = {
  id: 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f',
  title: 'Essay: “On joy”',
  format: 'text',
  fileName: 'essay.txt',
  size: TEXT.length,
  contentHash: 'a'.repeat(64),
  created: '2026-11-01T10:00:00.000Z',
  opened: '2026-11-01T10:00:00.000Z',
  annotationCount: 3,
};
const tags: Tag[] = [
  { id: 'tag-1', name: 'Key term', color: 'yellow' },
  { id: 'tag-2', name: 'question', color: 'blue' },
];
const cp = (s: string) => [...TEXT.slice(0, TEXT.indexOf(s))].length;
function ann(id: number, quote: string, extra: Partial<Annotation> = {}): Annotation {
  const start = cp(quote);
  return {
    id: `urn:uuid:00000000-0000-4000-8000-00000000000${id}`,
    docId: doc.id,
    target: describeRange(index, start, start + [...quote].length),
    tags: [],
    note: '',
    creator: 'Ana',
    created: '2026-11-02T09:30:00.000Z',
    modified: '2026-11-03T09:30:00.000Z',
    ...extra,
  };
}
const annotations = [
  ann(3, '<b>not HTML</b> & more', { note: 'Is this <i>markup</i>?', tags: ['tag-2'] }),
  ann(1, 'joy', { note: 'Line one\nline two\n\n# not a heading', tags: ['tag-1', 'tag-2'] }),
  ann(2, '= formula-like text.\nIt runs', { tags: ['tag-1'] }),
];
const input: ExportInput = {
  doc,
  annotations,
  tags,
  text: TEXT,
  now: new Date('2026-11-30T12:00:00Z'),
};

describe('exports to other tools', () => {
  it('locations: paragraph numbers, or pages when the document has them', () => {
    const at = locator(input);
    expect([cp('joy'), cp('= formula'), cp('<b>')].map((o) => at(o).n)).toEqual([1, 2, 3]);
    expect(locator({ text: TEXT, pageAt: () => 7 })(0)).toEqual({ kind: 'page', n: 7 });
  });

  it('Readwise CSV (golden file)', async () => {
    const csv = toReadwiseCsv(input);
    expect(csv.split('\r\n')[0]).toBe(READWISE_COLUMNS.join(','));
    await expect(csv).toMatchFileSnapshot('./golden/readwise.csv');
  });

  it('Readwise CSV round trip: highlights, notes, tags and locations read back', () => {
    const rows = parseReadwiseCsv(toReadwiseCsv(input));
    if (!rows.ok) throw new Error(rows.error);
    expect(rows.value).toEqual([
      {
        highlight: 'joy',
        title: doc.title,
        author: '',
        url: '',
        note: 'Line one\nline two\n\n# not a heading',
        tags: ['Key_term', 'question'],
        location: 1,
        date: '2026-11-02 09:30:00',
      },
      expect.objectContaining({
        highlight: '= formula-like text.\nIt runs',
        note: '',
        tags: ['Key_term'],
        location: 2,
      }),
      expect.objectContaining({
        highlight: '<b>not HTML</b> & more',
        note: 'Is this <i>markup</i>?',
        tags: ['question'],
        location: 3,
      }),
    ]);
    expect(readwiseTag(' open  question.v2 ')).toBe('.open_questionv2');
    expect(parseReadwiseCsv('Title\r\nx\r\n')).toEqual({
      ok: false,
      error: 'this CSV has no “Highlight” column.',
    });
  });

  it('Obsidian note (golden file): front matter, callouts, #tags, block ids', async () => {
    const md = toObsidian(input);
    expect(md.startsWith('---\ntitle: "Essay: “On joy”"\nsource: "essay.txt"\nexported: ')).toBe(
      true,
    );
    expect(md).toContain('\n\n^a-00000000-0000-4000-8000-000000000001\n');
    expect(md).toContain('> \\# not a heading');
    expect(blockId('https://hypothes.is/a/xyz')).toMatch(/^a-[0-9a-f]{8}$/);
    await expect(md).toMatchFileSnapshot('./golden/obsidian.md');
  });

  it('Zotero RIS (golden file): one record, tags as KW, the notes as one HTML N1 line', async () => {
    const ris = toZoteroRis(input);
    const lines = ris.split('\r\n');
    expect(lines[0]).toBe('TY  - GEN');
    expect(lines).toContain('KW  - Key term');
    const n1 = lines.filter((l) => l.startsWith('N1  - '));
    expect(n1).toHaveLength(1);
    expect(n1[0]).toContain('&lt;b&gt;not HTML&lt;/b&gt; &amp; more');
    expect(zoteroNote(input)).toContain('<p>Line one<br>line two</p><p># not a heading</p>');
    expect(lines.at(-2)).toBe('ER  - ');
    await expect(ris).toMatchFileSnapshot('./golden/zotero.ris');
  });

  it('every menu choice has its adapter, and every adapter a menu choice', () => {
    expect(EXPORT_FORMATS.map((f) => f.id)).toEqual(EXPORT_CHOICES.map((c) => c.id));
    for (const c of EXPORT_CHOICES) expect(exportFormat(c.id)?.label).toBe(c.label);
  });
});
