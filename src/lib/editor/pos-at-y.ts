import type { EditorView } from '@tiptap/pm/view';

/**
 * The editor position at the start of the line shown at viewport height `y`: the first line
 * whose box reaches below `y`, or the text's last line when none does. Found by binary search
 * on boxes, from the view's sections down through their blocks and inline nodes to the
 * characters of one text node: some thirty boxes measured whatever the size of the text, and
 * no hit test, so that whatever covers the text at `y` (the app's header, a dialog) does not
 * matter and only the height counts.
 *
 * This is what the view's reach is found by on every scroll frame (`visibleRange`), where
 * ProseMirror's `posAtCoords` cannot be used: where its hit test falls on an element that is not
 * the text (the app's header over the top of the view) or finds no caret, it walks the elements
 * under the point and measures every line and highlight of the paragraph one by one
 * (`getClientRects` on each), 20–90 ms a frame in a long chapter with its highlights drawn.
 * Boxes in document order are assumed to run down the page, as the reader's single column of
 * text does.
 */
export function posAtY(view: EditorView, y: number): number {
  let node: Node = view.dom;
  for (;;) {
    if (node.nodeType === Node.TEXT_NODE) return at(view, node, offsetAtY(node as Text, y));
    const kids = node.childNodes;
    if (!kids.length) return at(view, node, 0);
    const i = firstReaching(kids.length, (k) => bottomOf(kids[k]), y);
    const child = kids[i];
    // A leaf element (a line break, an image): before it, or after it when `y` is below it.
    if (child.nodeType !== Node.TEXT_NODE && !child.childNodes.length)
      return at(view, node, bottomOf(child) > y ? i : i + 1);
    node = child;
  }
}

/** The first index in 0..count-1 whose bottom is below `y` (the last index when none is):
 * bottoms in document order do not decrease down a single column. A box not laid out (NaN:
 * an element not displayed) counts as the next laid-out one after it. */
function firstReaching(count: number, bottom: (i: number) => number, y: number): number {
  let lo = 0;
  let hi = count - 1;
  const known = (i: number): number => {
    for (let j = i; j < count; j++) {
      const b = bottom(j);
      if (!Number.isNaN(b)) return b;
    }
    return -Infinity;
  };
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (known(mid) > y) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The offset in `text` of the first character whose line reaches below `y`. */
function offsetAtY(text: Text, y: number): number {
  const range = text.ownerDocument.createRange();
  const n = text.length;
  if (!n) return 0;
  return firstReaching(
    n,
    (i) => {
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      return range.getBoundingClientRect().bottom;
    },
    y,
  );
}

/** The bottom of a node's box; NaN where it has none (not displayed: an all-zero box). */
function bottomOf(node: Node): number {
  let r: DOMRect;
  if (node.nodeType === Node.ELEMENT_NODE) r = (node as Element).getBoundingClientRect();
  else {
    const range = node.ownerDocument!.createRange();
    range.selectNodeContents(node);
    r = range.getBoundingClientRect();
  }
  return r.top === 0 && r.bottom === 0 && r.left === 0 && r.right === 0 ? NaN : r.bottom;
}

/** The editor position of a DOM point; the position before its node where the view does not
 * describe it (inside a widget). */
function at(view: EditorView, node: Node, offset: number): number {
  try {
    return view.posAtDOM(node, offset);
  } catch {
    const parent = node.parentNode;
    if (!parent || node === view.dom) return 0;
    return at(view, parent, Array.prototype.indexOf.call(parent.childNodes, node));
  }
}
