import type { ReaderEditor, ReaderEditorOptions } from '../editor/reader-editor';
import { loadEditor } from '../editor/load';

/** What a mounted reader tells its owner (EditorSync) and asks of it. */
export interface MountHooks {
  /** True from the mount until it is undone. */
  mounted(on: boolean): void;
  /** The editor was created: start driving it. */
  attach(editor: ReaderEditor): void;
  /** The editor is about to be destroyed: stop driving it. */
  detach(editor: ReaderEditor): void;
  /** Options the owner sets over the caller's (`onEdited`, `whenApplied`, …); its
   * `onSelectionChange` runs before the caller's. */
  options: ReaderEditorOptions;
}

/**
 * Creates a `ReaderEditor` in `host` once its code has loaded (on first use) and attaches it.
 * Returns the function that detaches and destroys it; safe before the editor has loaded (it is
 * then never created).
 */
export function mountEditor(
  host: HTMLElement,
  options: ReaderEditorOptions,
  hooks: MountHooks,
): () => void {
  let disposed = false;
  hooks.mounted(true);
  let created: ReaderEditor | null = null;
  void loadEditor().then(({ ReaderEditor }) => {
    if (disposed) return;
    created = new ReaderEditor(host, {
      ...options,
      ...hooks.options,
      onSelectionChange: (range) => {
        hooks.options.onSelectionChange?.(range);
        options.onSelectionChange?.(range);
      },
    });
    hooks.attach(created);
  });
  return () => {
    disposed = true;
    hooks.mounted(false);
    if (!created) return;
    hooks.detach(created);
    created.destroy();
  };
}
