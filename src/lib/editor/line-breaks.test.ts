// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { DOMParser as PMDOMParser, Schema, type Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { EditorView } from '@tiptap/pm/view';
import { readerSchemaExtensions } from './schema';
import { buildDoc } from './build-doc';
import { docToBlocks } from './doc-blocks';
import { plainTextSlice } from './read-only';
import { BreakSerializer } from './line-breaks';
import { buildDecorationSet, type Highlight } from './annotation-decorations';
import { OffsetMap } from '../model/offset-map';
import { parsePlainText } from '../model/parse-text';
import { layoutBlocks, type DraftBlock } from '../model/blocks';
import type { Inline, ParsedDocument } from '../model/types';

const schema = getSchema(readerSchemaExtensions);

/** A poem (short lines: hard breaks) with an astral character, then a hard-wrapped verse. */
const POEM = [
  'Because I could not stop for Death –',
  'He kindly stopped for me – 𝒜',
  '  The Carriage held but just Ourselves –',
  'And Immortality.',
].join('\n');
const TEXT = `${POEM}\n\nSecond paragraph.\n`;

/** The reader's document as it was built before line breaks were text: each hardBreak inline a
 * node of one position (TipTap's HardBreak), in a schema of the same shape. */
const oldSchema = new Schema({
  nodes: {
    doc: { content: 'section+' },
    section: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*' },
    text: { group: 'inline' },
    hardBreak: { group: 'inline', inline: true },
  },
});
function oldDoc(parsed: ParsedDocument): PMNode {
  const paras = parsed.blocks.map((b) => {
    if (b.type !== 'paragraph') throw new Error('paragraphs only');
    const inl = b.content.flatMap((i) =>
      i.type === 'hardBreak'
        ? [oldSchema.nodes.hardBreak.create()]
        : i.text
          ? [oldSchema.text(i.text)]
          : [],
    );
    return oldSchema.nodes.paragraph.create(null, inl);
  });
  return oldSchema.node('doc', null, [oldSchema.node('section', null, paras)]);
}

/** Each position's character (a break node read as '\n'), over the whole document. */
const chars = (doc: PMNode) =>
  Array.from({ length: doc.content.size }, (_, p) => doc.textBetween(p, p + 1, '|', '\n'));

describe('line breaks are text', () => {
  it('keeps every editor position and code-point offset of a multi-line paragraph', () => {
    const parsed = parsePlainText(TEXT);
    expect(parsed.blocks[0].type === 'paragraph' && parsed.blocks[0].content).toContainEqual({
      type: 'hardBreak',
    });
    const { doc, segments } = buildDoc(schema, parsed);
    const before = oldDoc(parsed);
    expect(doc.content.size).toBe(before.content.size);
    expect(chars(doc)).toEqual(chars(before));
    // The poem is one text node: a highlight over its lines is one element.
    const poem = doc.firstChild!.firstChild!;
    expect(poem.childCount).toBe(1);
    expect(poem.textContent).toBe(POEM);
    // Offsets ↔ positions: each code point lands on the same character in both documents.
    const map = new OffsetMap(segments);
    const cps = [...parsed.plainText];
    for (let k = 0; k < cps.length; k++) {
      const pos = map.toPos(k, 'start');
      if (map.segmentAt(k) < 0 || map.toPos(k + 1, 'end') === pos) continue;
      const shown = doc.textBetween(pos, map.toPos(k + 1, 'end'), '|', '\n');
      expect(shown).toBe(before.textBetween(pos, map.toPos(k + 1, 'end'), '|', '\n'));
      expect(shown === ' ' && cps[k] === '\n' ? '\n' : shown).toBe(cps[k]);
      expect(map.toOffset(pos, 'start')).toBe(k);
    }
  });

  it('joins a marked run over breaks into one node and gives the same blocks back', () => {
    const content: Inline[] = [
      { type: 'text', text: 'plain ' },
      { type: 'text', text: 'bold', marks: ['bold'] },
      { type: 'hardBreak' },
      { type: 'hardBreak' },
      { type: 'text', text: 'still bold', marks: ['bold'] },
      { type: 'hardBreak' },
      { type: 'text', text: 'a link', href: 'https://example.org/' },
      { type: 'hardBreak' },
    ];
    const blocks: DraftBlock[] = [{ type: 'paragraph', content }];
    const parsed = layoutBlocks(blocks);
    const { doc, segments } = buildDoc(schema, parsed);
    const p = doc.firstChild!.firstChild!;
    const nodes: [string, string[]][] = [];
    p.forEach((n) => nodes.push([n.text!, n.marks.map((m) => m.type.name)]));
    expect(nodes).toEqual([
      ['plain ', []],
      ['bold\n\nstill bold', ['bold']],
      ['\n', []],
      ['a link', ['link']],
      ['\n', []],
    ]);
    expect(segments[0].display).toBe('plain bold\n\nstill bold\na link\n');
    const back = docToBlocks(doc);
    expect(back).toEqual({ ok: true, value: blocks });
  });

  it('reads typed text back keeping its line breaks, and a <br> as one', () => {
    const parse = (html: string) => {
      const el = document.createElement('div');
      el.innerHTML = html;
      return PMDOMParser.fromSchema(schema).parse(el, {
        topNode: schema.nodes.section.create(),
        preserveWhitespace: true,
      });
    };
    // As ProseMirror reads a changed paragraph (`preserveWhitespace: true`, made "full" by
    // the textblocks' `whitespace: 'pre'`): '\n' stays '\n', never a space.
    expect(parse('<p>one\ntwo  three<br>four</p>').firstChild!.textContent).toBe(
      'one\ntwo  three\nfour',
    );
    expect(parse('<h2>a\nb</h2>').firstChild!.textContent).toBe('a\nb');
  });

  it('pastes lines as text with breaks, blank lines as paragraphs', () => {
    const slice = plainTextSlice(schema, 'one\r\ntwo\n\nthree');
    const texts: string[] = [];
    slice.content.forEach((p) => texts.push(p.textContent));
    expect(texts).toEqual(['one\ntwo', 'three']);
  });

  it('copies breaks as <br> in HTML', () => {
    const { doc } = buildDoc(schema, parsePlainText(TEXT));
    const out = BreakSerializer.of(schema).serializeFragment(doc.firstChild!.content, {
      document,
    });
    const div = document.createElement('div');
    div.append(out);
    expect(div.querySelectorAll('p')[0].querySelectorAll('br')).toHaveLength(3);
    expect(div.textContent).not.toContain('\n');
  });

  it('draws a highlight over several lines as one element', () => {
    const parsed = parsePlainText(TEXT);
    const { doc, segments } = buildDoc(schema, parsed);
    const map = new OffsetMap(segments);
    const look = () => ({ className: 'mg-hl', title: '' });
    const at = (s: string) => parsed.plainText.indexOf(s);
    const hs: Highlight[] = [
      // Over all four lines, and one inside it over two lines.
      {
        id: 'a',
        from: map.toPos(at('could'), 'start'),
        to: map.toPos(at('Ourselves'), 'end'),
        look,
      },
      {
        id: 'b',
        from: map.toPos(at('stopped'), 'start'),
        to: map.toPos(at('Carriage'), 'end'),
        look,
      },
    ];
    const place = document.createElement('div');
    const view = new EditorView(place, {
      state: EditorState.create({ doc }),
      decorations: (s) => buildDecorationSet(s.doc, hs),
    });
    const marks = [...place.querySelectorAll('mark')];
    // a: before b, over b, after b (3 pieces); b: 1 piece. With a node per break: 4 + 2 more.
    expect(marks.map((m) => m.dataset.annotationId)).toEqual(['a', 'a', 'b', 'a']);
    expect(place.querySelectorAll('br')).toHaveLength(0);
    expect(place.querySelector('p')!.textContent).toBe(POEM);
    view.destroy();
  });
});
