import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getSchema } from '@tiptap/core';
import { EditorState, Plugin, TextSelection, type Transaction } from '@tiptap/pm/state';
import { deleteSelection, joinBackward, setBlockType, splitBlock } from '@tiptap/pm/commands';
import { readerSchemaExtensions } from './schema';
import { buildDoc } from './build-doc';
import { EditRecorder } from './edit-recorder';
import { docToBlocks, markerProblem } from './doc-blocks';
import { layoutBlocks, readBlockSource, type DraftBlock } from '../model/blocks';
import { blockSource } from '../model/edit-source';
import { applyReplaces, editOutcomes } from '../model/text-edit';
import { describeRange } from '../model/selectors';
import { TextIndex } from '../model/text-index';
import type { Inline, ParsedDocument } from '../model/types';

const schema = getSchema(readerSchemaExtensions);
const WORDS = ['alpha', 'beta', 'gamma', 'é𝒜', 'omega', 'delta'];

/** A random block document (seeded): paragraphs, headings, notes, lists, quotes, tables (some
 * cells empty), page and chapter markers, runs with marks, links, note references and breaks. */
function genBlocks(seed: number): DraftBlock[] {
  let s = seed >>> 0 || 1;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const runs = (): Inline[] => {
    const out: Inline[] = [];
    for (let k = 0, n = 1 + rnd(4); k < n; k++) {
      const text = Array.from({ length: 1 + rnd(3) }, () => WORDS[rnd(WORDS.length)]).join(' ');
      const pick = rnd(7);
      if (pick === 0) out.push({ type: 'hardBreak' });
      out.push({
        type: 'text',
        text: (k ? ' ' : '') + text,
        ...(pick === 1 ? { marks: ['italic' as const] } : {}),
        ...(pick === 2 ? { marks: ['bold' as const, 'sup' as const] } : {}),
        ...(pick === 3 ? { href: 'https://example.org/a' } : {}),
        ...(pick === 4 ? { noteRef: 'n1' } : {}),
      });
    }
    return out;
  };
  const para = (): DraftBlock => ({ type: 'paragraph', content: runs() });
  let page = 1;
  let chapter = 0;
  const block = (depth: number): DraftBlock => {
    switch (depth > 1 ? rnd(3) : rnd(10)) {
      case 0:
      case 1:
      case 2:
        return para();
      case 3:
        return { type: 'heading', level: (1 + rnd(3)) as 1, content: runs() };
      case 4:
        return { type: 'pageBreak', page: ++page, label: String(page) };
      case 5:
        return { type: 'chapter', title: `Chapter ${++chapter}`, href: `c${chapter}.xhtml` };
      case 6:
        return { type: 'note', id: 'n1', label: '1', content: runs() };
      case 7:
        return { type: 'blockquote', children: [block(depth + 1), para()] };
      case 8:
        return rnd(2)
          ? { type: 'bulletList', items: [[para()], [para(), block(depth + 1)]] }
          : { type: 'orderedList', start: 1 + rnd(5), items: [[para()], [para()]] };
      default:
        return {
          type: 'table',
          rows: [
            [[para()], rnd(2) ? [] : [para()]],
            [[{ type: 'paragraph', content: [] }], [para()]],
          ],
        };
    }
  };
  const out: DraftBlock[] = [{ type: 'pageBreak', page: 1, label: '1' }];
  for (let i = 0, n = 4 + rnd(8); i < n; i++) out.push(block(0));
  out.push(para());
  return out;
}

/** An edit session on a block document, with the edit mode's marker guard. */
function session(drafts: DraftBlock[]) {
  const parsed = layoutBlocks(drafts);
  const { doc, segments } = buildDoc(schema, parsed);
  const guard = new Plugin({ filterTransaction: (tr) => !markerProblem(tr) });
  let state = EditorState.create({ doc, plugins: [guard] });
  const rec = new EditRecorder(segments, parsed.plainText, 'blocks');
  let refused = 0;
  const run = (command: (s: EditorState, d: (tr: Transaction) => void) => boolean) => {
    command(state, (tr) => {
      const r = state.applyTransaction(tr);
      if (!r.transactions.length) refused++;
      state = r.state;
      for (const t of r.transactions) rec.record(t);
    });
  };
  return { parsed, rec, run, state: () => state, refused: () => refused };
}

const pageAt = (parsed: ParsedDocument, cp: number) =>
  (parsed.pages ?? []).filter((p) => p.offset <= cp).pop()?.page ?? 0;
const chapterAt = (parsed: ParsedDocument, cp: number) =>
  (parsed.chapters ?? []).filter((c) => c.offset <= cp).pop()?.title ?? '';

describe('docToBlocks', () => {
  it('gives back the loaded document: same layout, markers, marks, links and notes', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const laid = layoutBlocks(genBlocks(seed));
        const back = docToBlocks(buildDoc(schema, laid).doc);
        expect(back.ok).toBe(true);
        if (back.ok) expect(layoutBlocks(back.value)).toEqual(laid);
      }),
      { numRuns: 100 },
    );
  });

  it('stores a random edit as blocks that lay out to the recorded text; untouched words keep their quote, page and chapter', () => {
    const ops = fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 12 }),
        fc.constantFrom('type', 'delete', 'split', 'backspace', 'heading', 'paragraph'),
        fc.constantFrom('z', 'new words', '𝒜', ' '),
      ),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(fc.nat(), ops, (seed, edits) => {
        const s = session(genBlocks(seed));
        const text = s.parsed.plainText;
        const index = new TextIndex(text);
        const items = [...text.matchAll(/\S+/g)].map((m, i) => {
          const start = index.toCodePoint(m.index!);
          const end = index.toCodePoint(m.index! + m[0].length);
          return { id: String(i), start, end, target: describeRange(index, start, end) };
        });
        for (const [at, len, op, ins] of edits) {
          const st = s.state();
          const size = st.doc.content.size;
          const off = (p: number) => {
            const c = st.doc.textBetween(p - 1, p).charCodeAt(0);
            return c >= 0xd800 && c <= 0xdbff ? p + 1 : p;
          };
          const from = off(TextSelection.near(st.doc.resolve(1 + (at % (size - 2)))).from);
          const to = off(TextSelection.near(st.doc.resolve(Math.min(size - 1, from + len)), -1).to);
          const select = (x: EditorState, d: (tr: Transaction) => void) => (
            d(x.tr.setSelection(TextSelection.create(x.doc, from, Math.max(from, to)))),
            true
          );
          s.run(select);
          if (op === 'type') s.run((x, d) => (d(x.tr.insertText(ins)), true));
          else if (op === 'delete') s.run(deleteSelection);
          else if (op === 'split') s.run(splitBlock);
          else if (op === 'backspace') s.run((x, d) => joinBackward(x, d) || deleteSelection(x, d));
          else if (op === 'heading')
            s.run(setBlockType(schema.nodes.heading, { level: 1 + (at % 6) }));
          else s.run(setBlockType(schema.nodes.paragraph));
        }
        expect(s.rec.error).toBeNull();
        const { text: next, map } = applyReplaces(text, s.rec.replaces);
        expect(next).toBe(s.rec.text);
        const blocks = docToBlocks(s.state().doc);
        expect(blocks.ok).toBe(true);
        if (!blocks.ok) return;
        const source = blockSource(blocks.value, next);
        expect(source).toMatchObject({ ok: true });
        if (!source.ok) return;
        const read = readBlockSource(source.value);
        if (!read.ok) throw new Error(read.error);
        const after = layoutBlocks(read.value);
        expect(after.plainText).toBe(next);
        // Every marker is still there, in order.
        expect(after.pages?.map((p) => p.page)).toEqual(s.parsed.pages?.map((p) => p.page));
        expect(after.chapters?.map((c) => c.title)).toEqual(s.parsed.chapters?.map((c) => c.title));
        for (const o of editOutcomes(next, map, items)) {
          if (o.outcome !== 'unchanged') continue;
          const was = items[Number(o.id)];
          const now = o.target.position;
          expect(o.target.quote.exact).toBe(o.oldQuote);
          expect(pageAt(after, now.start)).toBe(pageAt(s.parsed, was.start));
          expect(chapterAt(after, now.start)).toBe(chapterAt(s.parsed, was.start));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a join across a page break; words typed at a page’s start are cited on that page', () => {
    const para = (text: string): DraftBlock => ({
      type: 'paragraph',
      content: [{ type: 'text', text }],
    });
    const s = session([
      { type: 'pageBreak', page: 11, label: '11' },
      para('The end of a hyphen-'),
      { type: 'pageBreak', page: 12, label: '12' },
      para('ated word.'),
    ]);
    const at = (text: string) => {
      let found = -1;
      s.state().doc.descendants((n, pos) => {
        if (found < 0 && n.isText && n.text!.includes(text)) found = pos + n.text!.indexOf(text);
      });
      return found;
    };
    const caret = (pos: number) => (x: EditorState, d: (tr: Transaction) => void) => (
      d(x.tr.setSelection(TextSelection.create(x.doc, pos))),
      true
    );
    s.run(caret(at('ated')));
    s.run(joinBackward);
    expect(s.refused()).toBe(1);
    s.run((x, d) => (d(x.tr.insertText('separ')), true));
    s.run(caret(at('-')));
    s.run((x, d) => (d(x.tr.delete(at('-'), at('-') + 1)), true));
    const blocks = docToBlocks(s.state().doc);
    if (!blocks.ok) throw new Error(blocks.error);
    const source = blockSource(blocks.value, s.rec.text);
    if (!source.ok) throw new Error(source.error);
    const read = readBlockSource(source.value);
    if (!read.ok) throw new Error(read.error);
    const after = layoutBlocks(read.value);
    expect(after.plainText).toBe('The end of a hyphen\n\nseparated word.');
    expect(pageAt(after, after.plainText.indexOf('separated'))).toBe(12);
    expect(pageAt(after, after.plainText.indexOf('hyphen'))).toBe(11);
  });
});
