import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextSelection } from '@tiptap/pm/state';
import { recorderSession, schema } from './edit-session.fixtures';
import { parsePlainText } from '../model/parse-text';
import { applyReplaces, editOutcomes } from '../model/text-edit';
import { describeRange } from '../model/selectors';
import { TextIndex } from '../model/text-index';

function session(text: string) {
  const base = recorderSession(parsePlainText(text), text);
  const shown = () => {
    const out: string[] = [];
    base.state().doc.descendants((n) => {
      if (n.isTextblock) out.push(n.textContent);
      return !n.isTextblock;
    });
    return out;
  };
  return { ...base, shown };
}

const TEXT = 'First paragraph here.\n\n\nSecond one, with words.\n\nThird and last.\n';

describe('EditRecorder', () => {
  it('records typing, deleting, splitting and joining as code-point replacements', () => {
    const s = session(TEXT);
    s.apply((st) => st.tr.insertText('very ', s.posOf('paragraph')));
    s.apply((st) => st.tr.delete(s.posOf(', with'), s.posOf(', with') + 6));
    s.apply((st) => st.tr.split(s.posOf('and last')));
    s.apply((st) => st.tr.join(s.posOf('Second') - 1));
    expect(s.rec.error).toBeNull();
    // The blank lines between untouched paragraphs and the final newline are kept as they were.
    expect(s.rec.text).toBe('First very paragraph here.Second one words.\n\nThird \n\nand last.\n');
    expect(applyReplaces(TEXT, s.rec.replaces).text).toBe(s.rec.text);
    expect(parsePlainText(s.rec.text).blocks.length).toBe(3);
  });

  it('replaces nothing for a heading level change and keeps a reflowed line break', () => {
    const wrapped =
      'A long line of prose that was wrapped by the file at seventy columns or\nso, continued here.\n\nNext.';
    const s = session(wrapped);
    s.apply((st) =>
      st.tr.setBlockType(s.posOf('Next'), s.posOf('Next'), schema.nodes.heading, { level: 2 }),
    );
    expect(s.rec.replaces).toEqual([]);
    s.apply((st) => st.tr.insertText('!', s.posOf('continued')));
    expect(s.rec.text).toBe(wrapped.replace('continued', '!continued'));
  });

  it('undoes through inverted steps like any other edit', () => {
    const s = session(TEXT);
    const from = s.posOf('Second');
    s.apply((st) => st.tr.insertText('X', from));
    s.apply((st) => st.tr.delete(from, from + 1));
    expect(s.rec.text).toBe(TEXT);
  });

  it('keeps every untouched annotation on its exact text after random edits', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'é𝒜', 'omega'];
    const text = Array.from({ length: 6 }, (_, p) =>
      Array.from({ length: 6 }, (_, w) => words[(p * 7 + w * 3) % words.length]).join(' '),
    ).join('\n\n');
    const index = new TextIndex(text);
    const items = [...text.matchAll(/\S+/g)].map((m, i) => {
      const start = index.toCodePoint(m.index!);
      const end = index.toCodePoint(m.index! + m[0].length);
      return { id: String(i), start, end, target: describeRange(index, start, end) };
    });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.constantFrom('', 'z', 'new words', '\n')),
          {
            maxLength: 5,
          },
        ),
        (edits) => {
          const s = session(text);
          for (const [at, len, ins] of edits) {
            s.apply((st) => {
              const size = st.doc.content.size;
              // A caret never stands inside a surrogate pair: step off one.
              const off = (p: number) => {
                const c = st.doc.textBetween(p - 1, p).charCodeAt(0);
                return c >= 0xd800 && c <= 0xdbff ? p + 1 : p;
              };
              const from = off(TextSelection.near(st.doc.resolve(1 + (at % (size - 2)))).from);
              const to = off(
                TextSelection.near(st.doc.resolve(Math.min(size - 1, from + len)), -1).to,
              );
              const tr = st.tr.setSelection(TextSelection.create(st.doc, from, Math.max(from, to)));
              return ins === '\n' ? tr.split(tr.selection.from) : tr.insertText(ins);
            });
          }
          expect(s.rec.error).toBeNull();
          const { text: next, map } = applyReplaces(text, s.rec.replaces);
          expect(next).toBe(s.rec.text);
          // The editor shows the recorded text's paragraphs (which the text parser trims).
          expect(
            s
              .shown()
              .map((t) => t.trim())
              .filter(Boolean),
          ).toEqual(
            parsePlainText(next).blocks.map((b) =>
              b.type === 'paragraph'
                ? b.content.map((c) => (c.type === 'text' ? c.text : '\n')).join('')
                : '',
            ),
          );
          for (const o of editOutcomes(next, map, items))
            if (o.outcome === 'unchanged') expect(o.target.quote.exact).toBe(o.oldQuote);
        },
      ),
      { numRuns: 150 },
    );
  });
});
