/**
 * The editor (TipTap and ProseMirror, most of the app's code) is its own chunk, fetched while
 * the app shell opens storage. Calling this early starts the download; later calls share it.
 */
let pending: Promise<typeof import('./reader-editor')> | null = null;
export function loadEditor(): Promise<typeof import('./reader-editor')> {
  pending ??= import('./reader-editor');
  return pending;
}
