import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { DecorationSet, type EditorView } from '@tiptap/pm/view';
import { buildDecorationSet, decorationFor, type Highlight } from './annotation-decorations';

/** Replace every highlight (document opened) or change some (an action). */
export type HighlightMeta =
  | { type: 'reset'; highlights: readonly Highlight[] }
  | { type: 'update'; put: readonly Highlight[]; remove: readonly string[] };

export interface HighlightState {
  set: DecorationSet;
  /** Current range of each drawn annotation, so an update finds the old decoration by range
   * instead of walking the whole set. */
  ranges: ReadonlyMap<string, readonly [number, number]>;
}

export const highlightKey = new PluginKey<HighlightState>('marginaliaHighlights');

export interface HighlightPluginOptions {
  /** Called with the ids under a click, innermost first. */
  onHighlightClick?: (ids: string[], event: MouseEvent) => void;
}

function applyUpdate(state: HighlightState, tr: Transaction, meta: Extract<HighlightMeta, { type: 'update' }>): HighlightState {
  const ranges = new Map(state.ranges);
  let set = state.set;
  const stale = new Set<string>([...meta.remove, ...meta.put.map((h) => h.id)]);
  for (const id of stale) {
    const r = ranges.get(id);
    if (!r) continue;
    set = set.remove(set.find(r[0], r[1], (spec) => spec.id === id));
    ranges.delete(id);
  }
  const added = meta.put.filter((h) => h.to > h.from);
  for (const h of added) ranges.set(h.id, [h.from, h.to]);
  if (added.length) set = set.add(tr.doc, added.map(decorationFor));
  return { set, ranges };
}

/// Decorations live in a plugin StateField: `apply` returns the previous value untouched when a
/// transaction neither changes highlights nor the document, maps it when the document changes,
/// and rebuilds only the highlights named in an update.
export function highlightPlugin(options: HighlightPluginOptions = {}): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightKey,
    state: {
      init: () => ({ set: DecorationSet.empty, ranges: new Map() }),
      apply(tr, value) {
        const meta = tr.getMeta(highlightKey) as HighlightMeta | undefined;
        let next = value;
        if (tr.docChanged) {
          const ranges = new Map<string, readonly [number, number]>();
          for (const [id, [f, t]] of value.ranges) ranges.set(id, [tr.mapping.map(f, 1), tr.mapping.map(t, -1)]);
          next = { set: value.set.map(tr.mapping, tr.doc), ranges };
        }
        if (!meta) return next;
        if (meta.type === 'reset') {
          const ranges = new Map<string, readonly [number, number]>();
          for (const h of meta.highlights) if (h.to > h.from) ranges.set(h.id, [h.from, h.to]);
          return { set: buildDecorationSet(tr.doc, meta.highlights), ranges };
        }
        return applyUpdate(next, tr, meta);
      },
    },
    props: {
      decorations(state: EditorState) {
        return highlightKey.getState(state)?.set;
      },
      handleClick(view: EditorView, _pos: number, event: MouseEvent) {
        if (!options.onHighlightClick) return false;
        const ids: string[] = [];
        let el = event.target instanceof Element ? event.target : null;
        while (el && el !== view.dom) {
          const id = el.getAttribute('data-annotation-id');
          if (id) ids.push(id);
          el = el.parentElement;
        }
        if (ids.length === 0 || !view.state.selection.empty) return false;
        options.onHighlightClick(ids, event);
        return false;
      },
    },
  });
}
