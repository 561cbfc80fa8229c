import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { DecorationSet, type EditorView } from '@tiptap/pm/view';
import { buildDecorationSet, decorationsFor, type Highlight } from './annotation-decorations';

/** Replace every highlight (document opened) or change some (an action). `remove` carries the
 * drawn range of each annotation to take away, so its old decorations (the highlight and its
 * badge widget at `from`, all with spec `{ id }`) are found by a lookup in that range instead
 * of a walk over the whole set. */
export type HighlightMeta =
  | { type: 'reset'; highlights: readonly Highlight[] }
  | {
      type: 'update';
      put: readonly Highlight[];
      remove: readonly { id: string; from: number; to: number }[];
    };

export interface HighlightState {
  set: DecorationSet;
}

export const highlightKey = new PluginKey<HighlightState>('marginaliaHighlights');

export interface HighlightPluginOptions {
  /** Called with the ids under a click, innermost first. */
  onHighlightClick?: (ids: string[], event: MouseEvent) => void;
}

function applyUpdate(
  state: HighlightState,
  tr: Transaction,
  meta: Extract<HighlightMeta, { type: 'update' }>,
): HighlightState {
  let set = state.set;
  for (const r of meta.remove) set = set.remove(set.find(r.from, r.to, (spec) => spec.id === r.id));
  const added = meta.put.flatMap(decorationsFor);
  if (added.length) set = set.add(tr.doc, added);
  return { set };
}

/**
 * Decorations live in a plugin StateField: `apply` returns the previous value untouched when a
 * transaction neither changes highlights nor the document, maps it when the document changes,
 * and rebuilds only the highlights named in an update.
 */
export function highlightPlugin(options: HighlightPluginOptions = {}): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightKey,
    state: {
      init: () => ({ set: DecorationSet.empty }),
      apply(tr, value) {
        const meta = tr.getMeta(highlightKey) as HighlightMeta | undefined;
        // Documents only change by appending sections (progressive loading), which moves no
        // existing position; mapping keeps the set right for any change all the same.
        const next = tr.docChanged ? { set: value.set.map(tr.mapping, tr.doc) } : value;
        if (!meta) return next;
        if (meta.type === 'reset') return { set: buildDecorationSet(tr.doc, meta.highlights) };
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
        // A badge stands just before its highlight, outside it: a click on it means that one.
        const badgeOf = el?.closest('[data-badge-for]')?.getAttribute('data-badge-for');
        if (badgeOf) ids.push(badgeOf);
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
