import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMarkdown } from './parse-markdown';
import { decodeEntities } from './html-entities';
import { textblocks } from './parse-text.checks';
import { checkInvariant, parse } from './parse-markdown.checks';

describe('parseMarkdown: text as a reader sees it', () => {
  it('raw HTML is shown as literal text, never as markup', () => {
    expect(parse('<script>alert(1)</script>').plainText).toBe('<script>alert(1)</script>');
    expect(parse('Hi <b onclick="x()">there</b>!').plainText).toBe(
      'Hi <b onclick="x()">there</b>!',
    );
    expect(parse('<div>\nblock\n</div>').plainText).toBe('<div>\nblock\n</div>');
  });

  it('decodes entities and shows escaped characters plainly', () => {
    expect(parse('a < b & c &amp; d &lt;x&gt; &copy; &#x1F600; &#233; &bogus;').plainText).toBe(
      'a < b & c & d <x> © 😀 é &bogus;',
    );
    expect(parse('\\*not em\\* \\<tag\\> \\&amp;').plainText).toBe('*not em* <tag> &amp;');
    expect(parse('"quotes" & \'apostrophes\'').plainText).toBe('"quotes" & \'apostrophes\'');
  });

  it('code keeps entities as written (CommonMark)', () => {
    expect(parse('`&amp; <b>`').plainText).toBe('&amp; <b>');
    expect(parse('    &lt;pre&gt;').plainText).toBe('&lt;pre&gt;');
  });

  it('offsets count code points across emoji sequences and combining accents', () => {
    const doc = parse('# 👩‍👩‍👧 family\n\ncafe\u0301 *😀 x*\n\n- 🇫🇷 e\u0301');
    expect(doc.plainText).toBe('👩‍👩‍👧 family\n\ncafe\u0301 😀 x\n\n🇫🇷 e\u0301');
    expect(textblocks(doc.blocks).map((b) => [b.start, b.end])).toEqual([
      [0, 12],
      [14, 23],
      [25, 30],
    ]);
  });
});

describe('decodeEntities', () => {
  it('decodes named and numeric entities, leaving unknown and invalid ones', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&nbsp;&eacute;&mdash;&#65;&#x42;')).toBe(
      '<>&"\u00a0é—AB',
    );
    expect(decodeEntities('&amp;lt; &nope; &#xD800; &#0;')).toBe('&lt; &nope; \ufffd \ufffd');
    expect(decodeEntities('&constructor; &toString;')).toBe('&constructor; &toString;');
  });
});

describe('parseMarkdown: invariant (property)', () => {
  const piece = fc.constantFrom(
    'a',
    'word ',
    ' ',
    '\n',
    '\n\n',
    '# ',
    '## ',
    '> ',
    '- ',
    '1. ',
    '*',
    '**',
    '_',
    '`',
    '```\n',
    '    ',
    '  \n',
    '\\\n',
    '[',
    '](u)',
    '![',
    '<b>',
    '</b>',
    '<div>\n',
    '&amp;',
    '&lt;',
    '&#x1F600;',
    '|',
    '---',
    '\n|---|---|\n',
    'é',
    'e\u0301',
    '😀',
    '👩‍👩‍👧',
    '\t',
  );
  it('holds for arbitrary Markdown-ish input', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(piece, { maxLength: 50 }).map((a) => a.join('')),
          fc.string({ maxLength: 120 }),
          fc.string({ unit: 'grapheme', maxLength: 120 }),
        ),
        (s) => {
          checkInvariant(parseMarkdown(s));
        },
      ),
      { numRuns: 400 },
    );
  });
});
