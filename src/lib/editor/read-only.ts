import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** Transactions carrying this meta may replace the document (loading a text). */
export const LOAD_META = 'marginalia-load';

/**
 * Keeps the text unchangeable while leaving the view editable, so that a caret, Shift+arrow
 * selection and touch selection work everywhere. Annotations are anchored to this text: any
 * transaction that would change the document is dropped unless it is a deliberate load.
 */
export const ReadOnlyText = Extension.create({
  name: 'readOnlyText',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('readOnlyText'),
        filterTransaction: (tr) => !tr.docChanged || tr.getMeta(LOAD_META) === true,
        props: {
          // Dropped files are handled by the app; dropped or pasted text must not reach the doc.
          handleDrop: () => true,
          handlePaste: () => true,
          handleTextInput: () => true,
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
          attributes: {
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
