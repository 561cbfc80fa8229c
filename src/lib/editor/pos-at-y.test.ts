// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Schema } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, EditorView } from '@tiptap/pm/view';
import { posAtY } from './pos-at-y';

const schema = new Schema({
  nodes: {
    doc: { content: 'section+' },
    section: { content: 'paragraph+', toDOM: () => ['section', 0] },
    paragraph: { content: 'text*', toDOM: () => ['p', 0] },
    text: {},
  },
});

/** Characters per line and pixels per line of the fake layout. */
const WIDTH = 20;
const LINE = 10;

/**
 * jsdom lays nothing out: this gives every character of the view a box, as a single column of
 * fixed-width lines would (`WIDTH` characters, `LINE` px high; each paragraph starts a line;
 * text in a widget takes its place in the line like any other). An element's box ends where
 * its last character's does; one with no text has none (all zero). Returns the number of boxes measured since, and an undo.
 */
function fakeLayout(view: EditorView): { measured: () => number; undo: () => void } {
  const bottoms = new Map<Text, number[]>();
  let line = 0;
  for (const p of view.dom.querySelectorAll('p')) {
    let k = 0;
    const walk = p.ownerDocument.createTreeWalker(p, 4 /* SHOW_TEXT */);
    for (let t = walk.nextNode() as Text | null; t; t = walk.nextNode() as Text | null) {
      const list: number[] = [];
      for (let i = 0; i < t.length; i++, k++) list.push((line + Math.floor(k / WIDTH) + 1) * LINE);
      bottoms.set(t, list);
    }
    line += Math.max(1, Math.ceil(k / WIDTH));
  }
  const lastText = (n: Node): Text | null => {
    if (n.nodeType === 3) return n as Text;
    for (let c = n.lastChild; c; c = c.previousSibling) {
      const t = lastText(c);
      if (t) return t;
    }
    return null;
  };
  const rect = (bottom: number) => ({ top: bottom - LINE, bottom, left: 0, right: 100 }) as DOMRect;
  let count = 0;
  const el = Element.prototype.getBoundingClientRect;
  const hadRange = 'getBoundingClientRect' in Range.prototype;
  const range = (Range.prototype as { getBoundingClientRect?: () => DOMRect })
    .getBoundingClientRect;
  const none = { top: 0, bottom: 0, left: 0, right: 0 } as DOMRect;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    count++;
    const t = lastText(this);
    // An element with no text has no box here, as one not displayed has none in a browser.
    return t ? rect(bottoms.get(t)!.at(-1)!) : none;
  };
  Range.prototype.getBoundingClientRect = function (this: Range) {
    count++;
    const t = this.endContainer as Text;
    return rect(bottoms.get(t)?.[this.endOffset - 1] ?? 0);
  };
  return {
    measured: () => count,
    undo: () => {
      Element.prototype.getBoundingClientRect = el;
      if (hadRange) Range.prototype.getBoundingClientRect = range!;
      else delete (Range.prototype as { getBoundingClientRect?: unknown }).getBoundingClientRect;
    },
  };
}

/** `n` paragraphs of 100 characters (five lines each), in sections of ten. */
function book(n: number) {
  const para = (i: number) =>
    schema.node('paragraph', null, [schema.text(`${String(i).padStart(4, '0')}${'x'.repeat(96)}`)]);
  const sections = [];
  for (let s = 0; s < n; s += 10)
    sections.push(
      schema.node(
        'section',
        null,
        Array.from({ length: Math.min(10, n - s) }, (_, k) => para(s + k)),
      ),
    );
  return schema.node('doc', null, sections);
}

/** The editor position of character `k` of paragraph `i` (sections of ten, 100 characters). */
const posOf = (i: number, k: number) => 2 + Math.floor(i / 10) * 2 + i * 102 + k;

let view: EditorView;
let layout: ReturnType<typeof fakeLayout>;

function mount(decorations: Decoration[] = []) {
  const doc = book(200);
  view = new EditorView(document.createElement('div'), {
    state: EditorState.create({ doc }),
    decorations: (s) => DecorationSet.create(s.doc, decorations),
  });
  layout = fakeLayout(view);
}

beforeEach(() => mount());
afterEach(() => {
  layout.undo();
  view.destroy();
});

describe('posAtY', () => {
  it('finds the start of the line at a height, anywhere in a long text', () => {
    for (const [i, line] of [
      [0, 0],
      [57, 2],
      [199, 4],
    ]) {
      // Paragraph i starts at line 5·i; the point is halfway down its line `line`.
      const y = (5 * i + line) * LINE + LINE / 2;
      const pos = posAtY(view, y);
      expect(pos).toBe(posOf(i, line * WIDTH));
      expect(view.state.doc.textBetween(pos, pos + 4)).toBe(
        line === 0 ? String(i).padStart(4, '0') : 'xxxx',
      );
    }
  });

  it('measures a few dozen boxes, not the whole text', () => {
    const before = layout.measured();
    posAtY(view, 1234 * LINE + 3);
    // 20 sections, 10 paragraphs, 1 text node, 100 characters: ~5 + 4 + 1 + 7 boxes.
    expect(layout.measured() - before).toBeLessThan(30);
  });

  it('above the text is its first line; below it, its last', () => {
    expect(posAtY(view, -50)).toBe(posOf(0, 0));
    const end = posAtY(view, 1e6);
    expect(end).toBeGreaterThanOrEqual(posOf(199, 80));
    expect(end).toBeLessThanOrEqual(posOf(199, 100));
  });

  it('goes down through highlights and widgets', () => {
    layout.undo();
    view.destroy();
    const widget = (text: string) => () => {
      const el = document.createElement('span');
      el.textContent = text;
      return el;
    };
    // In paragraph 57: a highlight over lines 0–3, a widget with no box (not displayed) where
    // line 3 starts, and a badge (two characters of its own) where line 4 starts.
    mount([
      Decoration.inline(posOf(57, 10), posOf(57, 70), { nodeName: 'mark' }),
      Decoration.widget(posOf(57, 60), widget(''), { side: -1 }),
      Decoration.widget(posOf(57, 80), widget('AB'), { side: -1 }),
    ]);
    expect(view.dom.querySelectorAll('mark').length).toBeGreaterThan(1);
    for (const line of [1, 2, 3])
      expect(posAtY(view, (5 * 57 + line) * LINE + 1)).toBe(posOf(57, line * WIDTH));
    // Line 4 starts with the badge: its position is the badge's, before the line's text.
    expect(posAtY(view, (5 * 57 + 4) * LINE + 1)).toBe(posOf(57, 80));
  });
});
