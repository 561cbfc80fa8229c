import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { Node as PMNode } from '@tiptap/pm/model';

/** What the editor needs to draw one annotation: editor positions, and its look, asked for
 * only when it is drawn (an import of 10,000 describes the few in view at once, the rest as
 * they are drawn in steps; one never drawn is never described). */
export interface Highlight {
  id: string;
  from: number;
  to: number;
  look: () => HighlightLook;
}

/** How a highlight looks and reads. */
export interface HighlightLook {
  /** Space-separated classes, e.g. "mg-hl mg-c-blue mg-u-green". */
  className: string;
  /** Tooltip: tags and the first line of the note. */
  title: string;
  /** Full description for assistive technology (`aria-description`): creator, tags, note.
   * Falls back to `title` when absent. */
  description?: string;
  /** Short text (a reader's initials) drawn in a small widget just before the highlight. */
  badge?: string;
  /** Extra classes of the badge widget, e.g. "mg-r-3" (`mg-badge` is always set). */
  badgeClass?: string;
}

/** Spec of every decoration drawn for an annotation, its highlight and its badge alike, so a
 * lookup by id finds (and removes) them together. */
export interface DecorationSpec {
  id: string;
}

/** Element used for each highlight: semantic (`mark` role), and distinct per annotation. */
export const HIGHLIGHT_NODE = 'mark';

/**
 * Each annotation gets its own `mark` element (`nodeName` set) so that overlapping and nested
 * annotations become nested elements: ProseMirror would otherwise merge them into one element
 * where later attributes overwrite earlier ones and a `data-annotation-id` would be lost.
 */
export function decorationFor(h: Highlight): Decoration {
  return inline(h, h.look());
}

function inline(h: Highlight, look: HighlightLook): Decoration {
  return Decoration.inline(
    h.from,
    h.to,
    {
      nodeName: HIGHLIGHT_NODE,
      class: look.className,
      'data-annotation-id': h.id,
      title: look.title,
      'aria-description': look.description || look.title,
    },
    { id: h.id, inclusiveStart: false, inclusiveEnd: false },
  );
}

function badgeClasses(h: HighlightLook): string {
  const extra = (h.badgeClass ?? '').split(/\s+/).filter((c) => c && c !== 'mg-badge');
  return ['mg-badge', ...extra].join(' ');
}

/**
 * The badge is a widget before the highlight, hidden from assistive technology (the
 * highlight's own description names the reader). Its key carries what it shows: ProseMirror
 * keeps the DOM of a widget whose key is unchanged, so a new text or colour needs a new key.
 */
export function badgeFor(h: Highlight): Decoration | null {
  return badgeWith(h, h.look());
}

function badgeWith(h: Highlight, look: HighlightLook): Decoration | null {
  const { badge } = look;
  if (!badge) return null;
  const { id } = h;
  const className = badgeClasses(look);
  const toDOM = (view: EditorView): HTMLElement => {
    const el = view.dom.ownerDocument.createElement('span');
    el.className = className;
    el.setAttribute('aria-hidden', 'true');
    el.setAttribute('data-badge-for', id);
    el.textContent = badge;
    return el;
  };
  return Decoration.widget(h.from, toDOM, {
    id,
    side: -1,
    key: `badge:${id}:${className}:${badge}`,
    ignoreSelection: true,
  });
}

/** Every decoration drawn for one highlight (none for an empty range). */
export function decorationsFor(h: Highlight): Decoration[] {
  if (h.to <= h.from) return [];
  const look = h.look();
  const badge = badgeWith(h, look);
  return badge ? [inline(h, look), badge] : [inline(h, look)];
}

/** Builds the whole set once, when a document opens. */
export function buildDecorationSet(doc: PMNode, highlights: readonly Highlight[]): DecorationSet {
  return DecorationSet.create(doc, highlights.flatMap(decorationsFor));
}
