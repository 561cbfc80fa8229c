import type { Editor } from '@tiptap/core';
import { history, redo, undo } from '@tiptap/pm/history';
import { keydownHandler } from '@tiptap/pm/keymap';
import { Plugin, PluginKey } from '@tiptap/pm/state';

/** The edit-mode plugins' keys, to remove them when the edit ends. */
const EDIT_PLUGINS = ['history', 'marginaliaEditKeys'];

/** Adds what edit mode needs beyond the reader (issue 16): an undo history for the edit and
 * its keys (Mod-Z, Mod-Y, Shift-Mod-Z), ahead of every other key handler. */
export function addEditPlugins(editor: Editor): void {
  editor.registerPlugin(history());
  editor.registerPlugin(
    new Plugin({
      key: new PluginKey('marginaliaEditKeys'),
      props: {
        handleKeyDown: keydownHandler({ 'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo }),
      },
    }),
    (plugin, plugins) => [plugin, ...plugins],
  );
}

/** Removes what `addEditPlugins` added (the edit's undo history goes with it). */
export function removeEditPlugins(editor: Editor): void {
  editor.unregisterPlugin(EDIT_PLUGINS);
}
