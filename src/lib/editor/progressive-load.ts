import type { Node as PMNode, Fragment } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { LOAD_META } from './read-only';

/** Characters shown before the text becomes selectable: a few screens. */
export const FIRST_CHUNK_CHARS = 40_000;
/** Characters appended per step afterwards; small enough that no step is a long task. */
export const CHUNK_CHARS = 120_000;

/** Splits the document's sections into the first screenful and the rest, in order. */
export function splitSections(doc: PMNode): { first: PMNode[]; rest: PMNode[] } {
  const first: PMNode[] = [];
  const rest: PMNode[] = [];
  let chars = 0;
  doc.forEach((section) => {
    if (chars < FIRST_CHUNK_CHARS || first.length === 0) first.push(section);
    else rest.push(section);
    chars += section.nodeSize;
  });
  return { first, rest };
}

const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    const w = globalThis as typeof globalThis & {
      requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number;
    };
    if (w.requestIdleCallback) w.requestIdleCallback(() => resolve(), { timeout: 50 });
    else setTimeout(resolve, 0);
  });

/**
 * Appends the remaining sections to the end of the document in steps, each its own task, so a
 * whole book becomes readable and selectable after its first screens are built and the page
 * stays responsive while the rest arrives. Appending at the end never moves earlier positions,
 * so positions computed for the full document stay valid throughout. Resolves false when
 * `cancelled()` turns true (another document was opened).
 */
export async function appendInSteps(
  view: EditorView,
  rest: readonly PMNode[],
  fragmentOf: (nodes: PMNode[]) => Fragment,
  onStep: (loadedSize: number) => void,
  cancelled: () => boolean,
): Promise<boolean> {
  let i = 0;
  while (i < rest.length) {
    await nextTask();
    if (cancelled() || view.isDestroyed) return false;
    const batch: PMNode[] = [];
    let chars = 0;
    while (i < rest.length && (chars < CHUNK_CHARS || batch.length === 0)) {
      batch.push(rest[i]);
      chars += rest[i++].nodeSize;
    }
    const tr = view.state.tr
      .insert(view.state.doc.content.size, fragmentOf(batch))
      .setMeta(LOAD_META, true)
      .setMeta('addToHistory', false);
    view.dispatch(tr);
    onStep(view.state.doc.content.size);
  }
  return true;
}
