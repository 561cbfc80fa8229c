/** A plain-words message for a failed write. Storage errors already carry one. */
export function describeStorageError(err: unknown): string {
  if (err && typeof err === 'object' && 'kind' in err && err instanceof Error) return err.message;
  if (err instanceof DOMException && err.name === 'QuotaExceededError') {
    return "Your browser's storage for this site is full. Nothing was saved from the last action; export a backup and free space, then try again.";
  }
  const detail = err instanceof Error ? err.message : String(err);
  return `Could not save your last change (${detail}). Nothing was half-saved; try again.`;
}
