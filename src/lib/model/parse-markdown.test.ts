import { describe, expect, it } from 'vitest';
import { textblocks, display } from './parse-text.checks';
import { parse } from './parse-markdown.checks';

describe('parseMarkdown: structure', () => {
  it('headings and paragraphs, with soft breaks as spaces and br as hardBreak', () => {
    const doc = parse('# Title\n\nSetext\n------\n\nline one\nline two  \nline three\\\nfour');
    expect(doc.plainText).toBe('Title\n\nSetext\n\nline one line two\nline three\nfour');
    expect(doc.blocks).toEqual([
      { type: 'heading', level: 1, content: [{ type: 'text', text: 'Title' }], start: 0, end: 5 },
      { type: 'heading', level: 2, content: [{ type: 'text', text: 'Setext' }], start: 7, end: 13 },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'line one line two' },
          { type: 'hardBreak' },
          { type: 'text', text: 'line three' },
          { type: 'hardBreak' },
          { type: 'text', text: 'four' },
        ],
        start: 15,
        end: 48,
      },
    ]);
  });

  it('emphasis, strong, code spans and their nesting become marks', () => {
    const [p] = textblocks(parse('a *it* __bold__ `co*de*` **b _bi_**').blocks);
    expect(p.content).toEqual([
      { type: 'text', text: 'a ' },
      { type: 'text', text: 'it', marks: ['italic'] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'bold', marks: ['bold'] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'co*de*', marks: ['code'] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'b ', marks: ['bold'] },
      { type: 'text', text: 'bi', marks: ['bold', 'italic'] },
    ]);
  });

  it('bullet and ordered lists, tight and loose, nested', () => {
    const doc = parse('- one\n- two\n  - nested\n\n3. three\n\n   more\n4. four');
    expect(doc.plainText).toBe('one\n\ntwo\n\nnested\n\nthree\n\nmore\n\nfour');
    const [bullets, ordered] = doc.blocks;
    expect(bullets.type).toBe('bulletList');
    if (bullets.type !== 'bulletList') return;
    expect(bullets.items).toHaveLength(2);
    expect(bullets.items[1].map((b) => b.type)).toEqual(['paragraph', 'bulletList']);
    expect(ordered).toMatchObject({ type: 'orderedList', start: 3 });
    if (ordered.type !== 'orderedList') return;
    expect(ordered.items.map((i) => i.length)).toEqual([2, 1]);
  });

  it('task list items show their checkbox', () => {
    expect(parse('- [ ] todo\n- [x] done').plainText).toBe('☐ todo\n\n☑ done');
  });

  it('blockquotes hold blocks', () => {
    const doc = parse('> quoted\n> still\n>\n> # inner');
    expect(doc.blocks).toEqual([
      {
        type: 'blockquote',
        children: [
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'quoted still' }],
            start: 0,
            end: 12,
          },
          {
            type: 'heading',
            level: 1,
            content: [{ type: 'text', text: 'inner' }],
            start: 14,
            end: 19,
          },
        ],
      },
    ]);
  });

  it('links show their text only; images their alt text', () => {
    const doc = parse(
      'See [the **docs**](https://example.com "t") and ![a cat](cat.png). <https://x.org>',
    );
    expect(doc.plainText).toBe('See the docs and a cat. https://x.org');
    expect(JSON.stringify(doc)).not.toContain('example.com');
  });

  it('code blocks become a paragraph of code with a hardBreak per line', () => {
    const [p] = textblocks(parse('```js\nif (a < b) {\n  go();\n}\n```').blocks);
    expect(p.content).toEqual([
      { type: 'text', text: 'if (a < b) {', marks: ['code'] },
      { type: 'hardBreak' },
      { type: 'text', text: '  go();', marks: ['code'] },
      { type: 'hardBreak' },
      { type: 'text', text: '}', marks: ['code'] },
    ]);
  });

  it('tables become one paragraph per row, cells joined by " | "', () => {
    expect(parse('| a | *b* |\n|---|---|\n| 1 | 2 |\n| 3 | |').plainText).toBe(
      'a | b\n\n1 | 2\n\n3 | ',
    );
  });

  it('horizontal rules, link definitions and blank input show nothing', () => {
    expect(parse('a\n\n---\n\n[x]: http://x\n\nb').plainText).toBe('a\n\nb');
    expect(parse('').blocks).toEqual([]);
    expect(parse('  \n\n').blocks).toEqual([]);
  });
});

describe('parseMarkdown: brief checks', () => {
  it('keeps each heading level 1–6', () => {
    const doc = parse(
      '# one\n\n## two\n\n### three\n\n#### four\n\n##### five\n\n###### six\n\n####### seven',
    );
    const heads = doc.blocks.filter((b) => b.type === 'heading');
    expect(heads.map((h) => (h.type === 'heading' ? [h.level, display(h.content)] : null))).toEqual(
      [
        [1, 'one'],
        [2, 'two'],
        [3, 'three'],
        [4, 'four'],
        [5, 'five'],
        [6, 'six'],
      ],
    );
    // Seven hashes are not a heading: a paragraph showing them literally.
    expect(doc.blocks[6]).toMatchObject({
      type: 'paragraph',
      content: [{ type: 'text', text: '####### seven' }],
    });
  });

  it('em, strong and code each become exactly one mark, and markers are not shown', () => {
    const [p] = textblocks(parse('*em* **strong** `code`').blocks);
    expect(p.content).toEqual([
      { type: 'text', text: 'em', marks: ['italic'] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'strong', marks: ['bold'] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'code', marks: ['code'] },
    ]);
  });

  it('ordered lists default to start 1 and keep another start', () => {
    expect(parse('1. a\n2. b').blocks[0]).toMatchObject({
      type: 'orderedList',
      start: 1,
      items: [[{ type: 'paragraph' }], [{ type: 'paragraph' }]],
    });
    expect(parse('7) g\n8) h').blocks[0]).toMatchObject({ type: 'orderedList', start: 7 });
    expect(parse('* x\n* y').blocks[0]).toMatchObject({ type: 'bulletList' });
  });

  it('a link shows its text only, never its URL or title', () => {
    const doc = parse('Read [*this* page](https://evil.example/x "Title text") now.');
    expect(doc.plainText).toBe('Read this page now.');
    expect(JSON.stringify(doc.blocks)).not.toMatch(/evil|Title text/);
  });

  it('<script> is literal text in a text run (no node can carry HTML)', () => {
    const doc = parse('<script>alert(1)</script>');
    expect(doc.blocks).toEqual([
      {
        type: 'paragraph',
        content: [{ type: 'text', text: '<script>alert(1)</script>' }],
        start: 0,
        end: 25,
      },
    ]);
    expect(parse('before <script>alert(1)</script> after').plainText).toBe(
      'before <script>alert(1)</script> after',
    );
  });

  it('&amp; shows as &', () => {
    expect(parse('Fish &amp; chips').plainText).toBe('Fish & chips');
  });

  it('two trailing spaces make a hard break; a plain newline is a soft break shown as a space', () => {
    const [hard] = textblocks(parse('roses are red  \nviolets').blocks);
    expect(hard.content).toEqual([
      { type: 'text', text: 'roses are red' },
      { type: 'hardBreak' },
      { type: 'text', text: 'violets' },
    ]);
    const [soft] = textblocks(parse('roses are red\nviolets').blocks);
    expect(soft.content).toEqual([{ type: 'text', text: 'roses are red violets' }]);
  });

  it('each block’s start/end select exactly its text in code points (ZWJ family, combining accent)', () => {
    const doc = parse('## 👩‍👩‍👧 family\n\ne\u0301 and **👩‍👩‍👧**\n\n> cafe\u0301  \n> 😀');
    expect(doc.plainText).toBe('👩‍👩‍👧 family\n\ne\u0301 and 👩‍👩‍👧\n\ncafe\u0301\n😀');
    const blocks = textblocks(doc.blocks);
    expect(blocks.map((b) => [b.start, b.end])).toEqual([
      [0, 12], // family emoji = 5 code points (3 people + 2 ZWJ) + ' family'
      [14, 26], // 'e' + U+0301 + ' and ' (7) + the family (5)
      [28, 35], // 'cafe' + U+0301 + hardBreak + 😀
    ]);
    const cps = [...doc.plainText];
    expect(cps.slice(0, 12).join('')).toBe('👩‍👩‍👧 family');
    expect(cps.slice(14, 16).join('')).toBe('e\u0301');
    // UTF-16 offsets would differ: the family is 8 units, 😀 two.
    expect(doc.plainText.indexOf(' family')).toBe(8);
  });
});
