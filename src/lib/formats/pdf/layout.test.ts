import { describe, expect, it } from 'vitest';
import { layoutPages, type PdfPageContent, type PdfTextItem } from './layout';

/** A recorded run: one item per line, 0.5 em per character, as pdf.js reports a set line. */
function run(str: string, x: number, y: number, size = 10): PdfTextItem {
  return { str, x, y, width: str.length * 0.5 * size, height: size };
}

function page(items: PdfTextItem[], index = 0, label = String(index + 1)): PdfPageContent {
  return { index, label, width: 600, height: 800, items };
}

/** Full-width lines of one paragraph starting at y, 12 pt apart, first line indented. */
function paragraph(lines: string[], y: number, x = 72, indent = 12): PdfTextItem[] {
  return lines.map((text, i) => run(text, i === 0 ? x + indent : x, y - 12 * i));
}

const WIDE = 'x'.repeat(80);

describe('layoutPages: lines and paragraphs', () => {
  it('joins lines of a paragraph with spaces and splits paragraphs at a first-line indent', () => {
    const items = [
      ...paragraph(
        [
          'The first paragraph starts here and runs on',
          'to a second line of text that is full',
          'and ends.',
        ],
        700,
      ),
      ...paragraph(['A second paragraph begins with an indent', 'and continues here.'], 664),
    ];
    const [result] = layoutPages([page(items)]);
    expect(result.paragraphs).toEqual([
      'The first paragraph starts here and runs on to a second line of text that is full and ends.',
      'A second paragraph begins with an indent and continues here.',
    ]);
    expect(result.label).toBe('1');
  });

  it('splits paragraphs at a wide line gap and at a change of font size (a heading)', () => {
    const items = [
      run('1. Introduction', 72, 720, 14),
      run('Block paragraphs have no indent at all and a', 72, 700),
      run('wide gap between them instead of one.', 72, 688),
      run('This is the second block paragraph of them', 72, 664),
      run('and it ends here.', 72, 652),
    ];
    expect(layoutPages([page(items)])[0].paragraphs).toEqual([
      '1. Introduction',
      'Block paragraphs have no indent at all and a wide gap between them instead of one.',
      'This is the second block paragraph of them and it ends here.',
    ]);
  });

  it('puts spaces between runs by their gap, not by their count', () => {
    const items = [
      { str: 'Spl', x: 72, y: 700, width: 15, height: 10 },
      { str: 'it', x: 87, y: 700, width: 10, height: 10 },
      { str: 'word', x: 100, y: 700, width: 20, height: 10 },
      { str: ' ', x: 120, y: 700, width: 3, height: 10 },
      { str: 'here', x: 123, y: 700, width: 20, height: 10 },
    ];
    expect(layoutPages([page(items)])[0].paragraphs).toEqual(['Split word here']);
  });

  it('reads a two-column page column by column, with a spanning title first', () => {
    const left = Array.from({ length: 8 }, (_, i) =>
      run(`left line ${i} of the first column here`, 50, 650 - 12 * i),
    );
    const right = Array.from({ length: 8 }, (_, i) =>
      run(`right line ${i} of the second column`, 320, 650 - 12 * i),
    );
    const title = run(
      'A Title That Spans Both Columns Of The Page Across The Gutter',
      120,
      720,
      16,
    );
    const [result] = layoutPages([page([title, ...right, ...left])]);
    expect(result.paragraphs[0]).toBe(
      'A Title That Spans Both Columns Of The Page Across The Gutter',
    );
    const body = result.paragraphs.slice(1).join(' ');
    expect(body.indexOf('left line 7')).toBeLessThan(body.indexOf('right line 0'));
    expect(body).not.toMatch(/left line 0 of the first column here right/);
    // The left column's last line is full and the right column's first is not indented: one flow.
    expect(result.paragraphs).toHaveLength(2);
  });

  it('finds the gutter below a full-width code listing whose own gap is elsewhere', () => {
    const listing = Array.from({ length: 10 }, (_, i) => [
      run(`v${i} := ld state`, 54, 740 - 10 * i),
      run(`// a comment that runs across the middle ${i}`, 240, 740 - 10 * i),
    ]).flat();
    const left = Array.from({ length: 8 }, (_, i) =>
      run(`left line ${i} of the first column, which is wide`, 50, 600 - 12 * i),
    );
    const right = Array.from({ length: 8 }, (_, i) =>
      run(`right line ${i} of the second column`, 320, 600 - 12 * i),
    );
    const body = layoutPages([page([...listing, ...right, ...left])])[0].paragraphs.join(' ');
    expect(body.indexOf('left line 7')).toBeLessThan(body.indexOf('right line 0'));
    expect(body).toContain('which is wide left line 1');
  });

  it('joins a word hyphenated at a line end and records where', () => {
    const items = paragraph(
      ['Dynamic languages are more difficult to com-', 'pile than statically typed ones.'],
      700,
      72,
      0,
    );
    const [result] = layoutPages([page(items)]);
    expect(result.paragraphs).toEqual([
      'Dynamic languages are more difficult to compile than statically typed ones.',
    ]);
    const offset = 'Dynamic languages are more difficult to com'.length;
    expect(result.joins).toEqual([{ paragraph: 0, offset, hyphen: '-' }]);
  });

  it('keeps a hyphen before a capital or a digit (a compound or a range, not a split word)', () => {
    const items = paragraph(
      ['the years 1914-', '1918 and the Franco-', 'Prussian war'],
      700,
      72,
      0,
    );
    expect(layoutPages([page(items)])[0].paragraphs).toEqual([
      'the years 1914- 1918 and the Franco- Prussian war',
    ]);
  });

  it('normalises ligatures and TeX accents with NFKC', () => {
    const items = [
      run('a \uFB01ne \uFB02ow, di\uFB00erent, na\u00A8\u0131ve, Universit\u00B4e', 72, 700),
    ];
    expect(layoutPages([page(items)])[0].paragraphs).toEqual([
      'a fine flow, different, naïve, Université',
    ]);
  });
});

describe('layoutPages: pages', () => {
  function bookPage(index: number, body: string[], label = String(index + 1)): PdfPageContent {
    return page(
      [
        run('A RUNNING HEADER OF THE BOOK', 200, 760),
        ...paragraph(body, 700),
        run(`Page ${label}`, 280, 40),
      ],
      index,
      label,
    );
  }

  it('takes running headers and page numbers out of the flow', () => {
    const pages = [0, 1, 2, 3].map((i) =>
      bookPage(
        i,
        [`${['One', 'Two', 'Three', 'Four'][i]} paragraph which is long enough`, 'to end here.'],
        `${i + 10}`,
      ),
    );
    const result = layoutPages(pages);
    expect(result.map((p) => p.label)).toEqual(['10', '11', '12', '13']);
    for (const p of result) {
      expect(p.paragraphs.join(' ')).not.toMatch(/RUNNING|Page \d/);
      expect(p.paragraphs).toHaveLength(1);
    }
  });

  it('keeps a first line that merely looks like others on fewer pages', () => {
    const pages = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      page(
        paragraph(
          [i === 0 ? 'Chapter 1 starts' : `Different text ${'y'.repeat(i)} on this page`, WIDE],
          700,
        ),
        i,
      ),
    );
    expect(layoutPages(pages)[0].paragraphs[0]).toMatch(/^Chapter 1 starts/);
  });

  it('marks a paragraph that continues across a page break, joining a split word', () => {
    const first = page(
      [...paragraph(['A paragraph that runs to the foot of the', 'page and is then con-'], 100)],
      0,
    );
    const second = page([run('tinued on the next page without an indent.', 72, 700)], 1);
    const third = page(paragraph(['A new paragraph, indented.', WIDE], 700), 2);
    const [a, b, c] = layoutPages([first, second, third]);
    expect(a.paragraphs).toEqual(['A paragraph that runs to the foot of the page and is then con']);
    expect(a.joins).toEqual([{ paragraph: 0, offset: a.paragraphs[0].length, hyphen: '-' }]);
    expect(b.continuation).toBe('hyphen');
    expect(b.paragraphs).toEqual(['tinued on the next page without an indent.']);
    expect(c.continuation).toBe('none');
  });

  it('continues with a space when the break falls between words', () => {
    const first = page(
      paragraph(['A paragraph that runs to the foot of the', 'page and then goes on'], 100),
      0,
    );
    const second = page([run('to the next page.', 72, 700)], 1);
    expect(layoutPages([first, second])[1].continuation).toBe('space');
  });

  it('gives an empty page no paragraphs and does not fail on no items', () => {
    expect(layoutPages([page([])])).toEqual([
      { index: 0, label: '1', paragraphs: [], joins: [], continuation: 'none' },
    ]);
  });
});
