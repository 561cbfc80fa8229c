import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';

/** What the editor needs to draw one annotation: editor positions and presentation only. */
export interface Highlight {
  id: string;
  from: number;
  to: number;
  /** Space-separated classes, e.g. "mg-hl mg-c-blue mg-u-green". */
  className: string;
  /** Tooltip and accessible description: tags and the first line of the note. */
  title: string;
}

export interface DecorationSpec {
  id: string;
}

/// Each annotation gets its own `span` (`nodeName` set) so that overlapping and nested
/// annotations become nested elements: ProseMirror would otherwise merge them into one element
/// where later attributes overwrite earlier ones and a `data-annotation-id` would be lost.
export function decorationFor(h: Highlight): Decoration {
  return Decoration.inline(
    h.from,
    h.to,
    {
      nodeName: 'span',
      class: h.className,
      'data-annotation-id': h.id,
      title: h.title,
    },
    { id: h.id, inclusiveStart: false, inclusiveEnd: false },
  );
}

/** Builds the whole set once, when a document opens. */
export function buildDecorationSet(doc: PMNode, highlights: readonly Highlight[]): DecorationSet {
  const decos: Decoration[] = [];
  for (const h of highlights) if (h.to > h.from) decos.push(decorationFor(h));
  return DecorationSet.create(doc, decos);
}
