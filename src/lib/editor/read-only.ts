import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { markerProblem } from './doc-blocks';
import { Fragment, Slice, type Schema } from '@tiptap/pm/model';

/** Transactions carrying this meta may replace the document (loading a text). */
export const LOAD_META = 'marginalia-load';

export interface ReadOnlyOptions {
  /** True while the reader edits the text (edit mode, issue 16): changes then pass. */
  editing: () => boolean;
  /** An edit step was refused (it would remove or move a page or chapter marker): why. */
  refused: (why: string) => void;
}

/** Pasted text as paragraphs (split at blank lines; other line breaks stay '\n' in the text,
 * as the reader holds them: line-breaks.ts), open at both ends so a single line joins the
 * paragraph it is pasted into. */
export function plainTextSlice(schema: Schema, text: string): Slice {
  const paras = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[^\S\n]*\n\s*/)
    .map((p) => schema.nodes.paragraph.create(null, p ? schema.text(p) : null));
  return new Slice(Fragment.from(paras), 1, 1);
}

/**
 * Keeps the text unchangeable while leaving the view editable, so that a caret, Shift+arrow
 * selection and touch selection work everywhere. Annotations are anchored to this text: any
 * transaction that would change the document is dropped unless it is a deliberate load, or the
 * reader is in edit mode (where every change is recorded and mapped, see EditRecorder) and the
 * change keeps every page and chapter marker where it was (`markerProblem`).
 */
export const ReadOnlyText = Extension.create<ReadOnlyOptions>({
  name: 'readOnlyText',
  addOptions: () => ({ editing: () => false, refused: () => {} }),
  addProseMirrorPlugins() {
    const { editing, refused } = this.options;
    const editable = (tr: Transaction) => {
      if (!editing()) return false;
      const why = markerProblem(tr);
      if (why) refused(why);
      return !why;
    };
    return [
      new Plugin({
        key: new PluginKey('readOnlyText'),
        filterTransaction: (tr) => !tr.docChanged || tr.getMeta(LOAD_META) === true || editable(tr),
        props: {
          // Dropped files are handled by the app; dropped text must not reach the doc. Pasted
          // text goes in only in edit mode, and only as plain text.
          handleDrop: () => true,
          handlePaste: (view, event) => {
            const text = editing() ? event.clipboardData?.getData('text/plain') : '';
            if (text)
              view.dispatch(
                view.state.tr.replaceSelection(plainTextSlice(view.state.schema, text)),
              );
            return true;
          },
          handleTextInput: () => !editing(),
          // The view is editable, so the browser would not follow links: a plain click on one
          // opens web links in a new tab (never this one) and jumps to in-document notes.
          handleClick: (_view, _pos, event) => {
            const a = (event.target as Element | null)?.closest?.('a[href]');
            if (!a || event.button !== 0) return false;
            const href = a.getAttribute('href') ?? '';
            event.preventDefault();
            if (href.startsWith('#'))
              document.getElementById(href.slice(1))?.scrollIntoView({ block: 'center' });
            else if (/^(?:https?:|mailto:)/i.test(href))
              window.open(href, '_blank', 'noopener,noreferrer');
            return true;
          },
          attributes: (): Record<string, string> =>
            editing()
              ? {
                  role: 'textbox',
                  'aria-multiline': 'true',
                  'aria-label': 'Document text, editing',
                  class: 'mg-editing',
                }
              : {
                  // No on-screen keyboard on touch devices: the text is for reading.
                  inputmode: 'none',
                  'aria-readonly': 'true',
                  role: 'textbox',
                  'aria-multiline': 'true',
                  'aria-label': 'Document text',
                },
        },
      }),
    ];
  },
});
