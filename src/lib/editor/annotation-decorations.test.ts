import { describe, it, expect } from 'vitest';
import { Schema } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import type { Decoration, DecorationSet, EditorView } from '@tiptap/pm/view';
import {
  badgeFor,
  buildDecorationSet,
  decorationFor,
  decorationsFor,
  type Highlight,
  type HighlightLook,
} from './annotation-decorations';
import { highlightKey, highlightPlugin, type HighlightMeta } from './annotation-plugin';

const schema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: { content: 'text*', toDOM: () => ['p', 0] },
    text: {},
  },
});
// Positions 1…41 are the text of the first paragraph.
const doc = schema.node('doc', null, [
  schema.node('paragraph', null, [schema.text('The quick brown fox jumps over the lazy dog')]),
]);

const h = (
  id: string,
  from: number,
  to: number,
  extra: Partial<HighlightLook> = {},
): Highlight => ({
  id,
  from,
  to,
  look: () => ({ className: 'mg-hl mg-c-yellow', title: `title ${id}`, ...extra }),
});

/** Attributes an inline decoration draws (ProseMirror keeps them on its type). */
const attrs = (d: Decoration): Record<string, string> =>
  (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
const isWidget = (d: Decoration) => d.from === d.to;

/** A stand-in for the view's document: records what the widget's DOM gets, refuses innerHTML. */
function fakeView() {
  const created: Record<string, unknown>[] = [];
  const ownerDocument = {
    createElement(tag: string) {
      const el: Record<string, unknown> = {
        tag,
        attributes: {} as Record<string, string>,
        className: '',
        textContent: '',
      };
      el.setAttribute = (k: string, v: string) =>
        ((el.attributes as Record<string, string>)[k] = v);
      Object.defineProperty(el, 'innerHTML', {
        set: () => {
          throw new Error('innerHTML used');
        },
      });
      created.push(el);
      return el;
    },
  };
  return { view: { dom: { ownerDocument } } as unknown as EditorView, created };
}
const render = (d: Decoration) => {
  const { view, created } = fakeView();
  const toDOM = (
    d as unknown as { type: { toDOM: (v: EditorView, getPos: () => number) => unknown } }
  ).type.toDOM;
  toDOM(view, () => d.from);
  return created[0] as {
    tag: string;
    attributes: Record<string, string>;
    className: string;
    textContent: string;
  };
};

describe('highlight decorations', () => {
  it('draws each annotation as its own mark with id, title and description', () => {
    const d = decorationFor(h('a', 1, 10, { description: 'Annotation by Ana: Claim. Note: why' }));
    expect(d.spec).toMatchObject({ id: 'a' });
    expect(attrs(d)).toEqual({
      nodeName: 'mark',
      class: 'mg-hl mg-c-yellow',
      'data-annotation-id': 'a',
      title: 'title a',
      'aria-description': 'Annotation by Ana: Claim. Note: why',
    });
    // Without a description the tooltip text is read out.
    expect(attrs(decorationFor(h('b', 1, 10)))['aria-description']).toBe('title b');
  });

  it('keeps every id and description where annotations overlap and nest', () => {
    const list = [
      h('outer', 1, 30, { description: 'd outer' }),
      h('inner', 5, 10, { description: 'd inner' }),
      h('cross', 8, 35, { description: 'd cross' }),
    ];
    const set = buildDecorationSet(doc, list);
    // Position 9 lies in all three: each keeps its own decoration (so its own nested element).
    const here = set.find(9, 9).filter((d) => !isWidget(d));
    expect(here.map((d) => attrs(d)['data-annotation-id']).sort()).toEqual([
      'cross',
      'inner',
      'outer',
    ]);
    expect(here.map((d) => attrs(d)['aria-description']).sort()).toEqual([
      'd cross',
      'd inner',
      'd outer',
    ]);
    expect(here.every((d) => attrs(d).nodeName === 'mark')).toBe(true);
  });

  it('draws nothing for an empty range', () => {
    expect(decorationsFor(h('e', 5, 5, { badge: 'AL' }))).toEqual([]);
    expect(buildDecorationSet(doc, [h('e', 5, 5)]).find()).toEqual([]);
  });

  it('adds a hidden badge widget before the highlight, built without HTML', () => {
    const ds = decorationsFor(h('a', 4, 9, { badge: '<b>AL</b>', badgeClass: 'mg-badge mg-r-3' }));
    expect(ds).toHaveLength(2);
    const w = ds.find(isWidget)!;
    expect(w.from).toBe(4);
    expect(w.spec).toMatchObject({ id: 'a', side: -1 });
    expect(String(w.spec.key)).toMatch(/^badge:a/);
    const el = render(w);
    expect(el.tag).toBe('span');
    expect(el.className).toBe('mg-badge mg-r-3');
    expect(el.attributes['aria-hidden']).toBe('true');
    expect(el.attributes['data-badge-for']).toBe('a');
    expect(el.textContent).toBe('<b>AL</b>');
    expect(render(badgeFor(h('a', 4, 9, { badge: 'AL' }))!).className).toBe('mg-badge');
    expect(badgeFor(h('a', 4, 9))).toBeNull();
  });

  it('gives a badge a new key when what it shows changes, so the view redraws it', () => {
    const key = (x: Partial<HighlightLook>) => badgeFor(h('a', 4, 9, x))!.spec.key;
    expect(key({ badge: 'AL', badgeClass: 'mg-r-1' })).toBe(
      key({ badge: 'AL', badgeClass: 'mg-r-1' }),
    );
    expect(key({ badge: 'AL', badgeClass: 'mg-r-1' })).not.toBe(
      key({ badge: 'S1', badgeClass: 'mg-r-1' }),
    );
    expect(key({ badge: 'AL', badgeClass: 'mg-r-1' })).not.toBe(
      key({ badge: 'AL', badgeClass: 'mg-r-2' }),
    );
    expect(key({ badge: 'AL' })).not.toBe(badgeFor(h('b', 4, 9, { badge: 'AL' }))!.spec.key);
  });
});

describe('highlight plugin', () => {
  const start = () => EditorState.create({ doc, plugins: [highlightPlugin()] });
  const send = (state: EditorState, meta: HighlightMeta) =>
    state.apply(state.tr.setMeta(highlightKey, meta));
  const set = (state: EditorState): DecorationSet => highlightKey.getState(state)!.set;
  const ids = (state: EditorState) =>
    set(state)
      .find()
      .map((d) => `${isWidget(d) ? 'badge' : 'mark'}:${d.spec.id}`)
      .sort();

  it('removes a badge together with its highlight, leaving overlapping ones', () => {
    let state = send(start(), {
      type: 'reset',
      highlights: [h('a', 5, 20, { badge: 'AL' }), h('b', 5, 12, { badge: 'BO' }), h('c', 1, 30)],
    });
    expect(ids(state)).toEqual(['badge:a', 'badge:b', 'mark:a', 'mark:b', 'mark:c']);
    state = send(state, { type: 'update', put: [], remove: [{ id: 'a', from: 5, to: 20 }] });
    expect(ids(state)).toEqual(['badge:b', 'mark:b', 'mark:c']);
    // Redrawn with another badge (an update names the id in both lists).
    state = send(state, {
      type: 'update',
      put: [h('b', 5, 12, { badge: 'S1', badgeClass: 'mg-r-0' })],
      remove: [{ id: 'b', from: 5, to: 12 }],
    });
    expect(ids(state)).toEqual(['badge:b', 'mark:b', 'mark:c']);
    expect(
      render(
        set(state)
          .find()
          .find((d) => isWidget(d))!,
      ).textContent,
    ).toBe('S1');
    state = send(state, {
      type: 'update',
      put: [],
      remove: [
        { id: 'b', from: 5, to: 12 },
        { id: 'c', from: 1, to: 30 },
      ],
    });
    expect(ids(state)).toEqual([]);
  });

  it('keeps badges with their highlights when the text grows, and removes them after', () => {
    let state = send(start(), { type: 'reset', highlights: [h('a', 5, 20, { badge: 'AL' })] });
    const grown = state.tr.insert(
      state.doc.content.size,
      schema.node('paragraph', null, [schema.text('More text.')]),
    );
    state = state.apply(grown);
    expect(ids(state)).toEqual(['badge:a', 'mark:a']);
    expect(set(state).find().find(isWidget)!.from).toBe(5);
    state = send(state, { type: 'update', put: [h('b', 44, 48, { badge: 'BO' })], remove: [] });
    expect(ids(state)).toEqual(['badge:a', 'badge:b', 'mark:a', 'mark:b']);
    state = send(state, {
      type: 'update',
      put: [],
      remove: [
        { id: 'a', from: 5, to: 20 },
        { id: 'b', from: 44, to: 48 },
      ],
    });
    expect(ids(state)).toEqual([]);
  });
});
