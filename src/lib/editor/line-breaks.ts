import { Extension } from '@tiptap/core';
import { DOMSerializer, type Fragment, type Schema } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/**
 * A line break inside a textblock is a '\n' character of its text, never a node of its own (the
 * reader schema has no hard-break node). Why: ProseMirror draws an inline decoration as one
 * element per inline node it covers, so with a node per break a highlight over a hard-wrapped
 * passage was one `mark` per line (120,000 elements for 10,000 annotations on the KJV); as text
 * it is one element, split only where another highlight or a format mark begins or ends. A '\n'
 * is one editor position and one code point, as the break node was, so positions and offsets
 * are the same. The block model keeps its `hardBreak` inline (`Inline`): `buildDoc` turns each
 * into '\n', `docToBlocks` turns each '\n' back.
 *
 * What makes it hold: `.ProseMirror` shows text with `white-space: pre-wrap` (app.css); the
 * textblocks' specs say `whitespace: 'pre'` (`PRE`), so ProseMirror reads typed changes back
 * from the DOM keeping '\n' (it would read them as spaces otherwise) and a `<br>` the browser
 * inserts as '\n'; Shift-Enter and Mod-Enter insert '\n' (here); pasted text keeps its line
 * breaks as '\n' (`plainTextSlice`); copied HTML shows them as `<br>` (`BreakSerializer`).
 */
export const PRE = { whitespace: 'pre' as const };

/** Serializes copied content as the schema does, then shows each '\n' of its text as a `<br>`:
 * the HTML copied to another application (or pasted back to open as a document) keeps the
 * lines, which whitespace collapsing would otherwise join. */
export class BreakSerializer extends DOMSerializer {
  static of(schema: Schema): BreakSerializer {
    return new BreakSerializer(
      DOMSerializer.nodesFromSchema(schema),
      DOMSerializer.marksFromSchema(schema),
    );
  }

  override serializeFragment(
    fragment: Fragment,
    options: { document?: Document } = {},
    target?: HTMLElement | DocumentFragment,
  ): HTMLElement | DocumentFragment {
    const out = super.serializeFragment(fragment, options, target);
    // Nested calls (a node's content) pass their target; the outermost one converts it all.
    if (!target) breaksToElements(out);
    return out;
  }
}

/** Replaces every '\n' in the text under `root` by a `<br>`. */
export function breaksToElements(root: Node): void {
  const doc = root.ownerDocument ?? (root as Document);
  const texts: Text[] = [];
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode())
    if ((n as Text).data.includes('\n')) texts.push(n as Text);
  for (const t of texts) {
    const parts = t.data.split('\n');
    const frag = doc.createDocumentFragment();
    parts.forEach((part, i) => {
      if (i) frag.appendChild(doc.createElement('br'));
      if (part) frag.appendChild(doc.createTextNode(part));
    });
    t.replaceWith(frag);
  }
}

/** Shift-Enter and Mod-Enter insert a line break ('\n') in the textblock (they pass only in
 * edit mode: `ReadOnlyText` drops changes otherwise); copied HTML keeps line breaks. */
export const LineBreaks = Extension.create({
  name: 'lineBreaks',
  addKeyboardShortcuts() {
    const insert = () =>
      this.editor.commands.command(({ tr, dispatch }) => {
        if (dispatch) tr.insertText('\n').scrollIntoView();
        return true;
      });
    return { 'Shift-Enter': insert, 'Mod-Enter': insert };
  },
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('lineBreaks'),
        props: { clipboardSerializer: BreakSerializer.of(this.editor.schema) },
      }),
    ];
  },
});
