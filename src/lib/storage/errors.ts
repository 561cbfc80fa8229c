export type StorageErrorKind =
  'quota' | 'unavailable' | 'blocked' | 'closed' | 'aborted' | 'unknown';

const MESSAGES: Record<StorageErrorKind, string> = {
  quota:
    "Your browser's storage for this site is full. Nothing was saved from the last action; export a backup and free space, then try again.",
  unavailable:
    'This browser is not letting Marginalia store data (private browsing or disabled site storage). You can read, but annotations cannot be saved; export a backup before closing.',
  blocked:
    'Another Marginalia tab is using an older version of your library. Close other Marginalia tabs, then reload this one.',
  closed:
    'The connection to your library was closed, because Marginalia was updated in another tab or the browser shut it. Reload this page to continue.',
  aborted: 'The browser stopped saving the last change. Nothing was half-saved; try again.',
  unknown: 'Could not save the last change. Nothing was half-saved; try again.',
};

/** A storage failure the reader must be told about, in plain words. */
export class StorageError extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    override readonly cause?: unknown,
  ) {
    const detail = cause instanceof Error && kind === 'unknown' ? ` (${cause.message})` : '';
    super(MESSAGES[kind] + detail);
    this.name = 'StorageError';
  }
}

/** Maps anything thrown by IndexedDB to a StorageError. */
export function toStorageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const name =
    err instanceof DOMException || (err instanceof Error && 'name' in err)
      ? (err as Error).name
      : '';
  if (name === 'QuotaExceededError') return new StorageError('quota', err);
  if (name === 'InvalidStateError' && /clos/i.test((err as Error).message))
    return new StorageError('closed', err);
  if (name === 'AbortError') {
    const inner = (err as DOMException & { cause?: unknown }).cause;
    if (inner && (inner as Error).name === 'QuotaExceededError')
      return new StorageError('quota', err);
    return new StorageError('aborted', err);
  }
  if (name === 'SecurityError' || name === 'UnknownError')
    return new StorageError('unavailable', err);
  return new StorageError('unknown', err);
}

/** Maps a failure to open the database. Anything but a full disk or a newer database (this page
 * runs older code than another tab: reloading fixes it) means the browser refuses storage. */
export function toOpenError(err: unknown): StorageError {
  const e = toStorageError(err);
  if (e.kind === 'quota' || e.kind === 'blocked') return e;
  if (err instanceof Error && err.name === 'VersionError') return new StorageError('closed', err);
  return new StorageError('unavailable', err);
}

/** A plain-words message for a failed write, for any error a write may throw: a StorageError
 * carries its own; a full disk gets the same message as a StorageError of kind 'quota'. */
export function describeStorageError(err: unknown): string {
  if (err && typeof err === 'object' && 'kind' in err && err instanceof Error) return err.message;
  if (err instanceof DOMException && err.name === 'QuotaExceededError') return MESSAGES.quota;
  const detail = err instanceof Error ? err.message : String(err);
  return `Could not save your last change (${detail}). Nothing was half-saved; try again.`;
}
