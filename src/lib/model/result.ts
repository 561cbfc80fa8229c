/**
 * Results of operations that can fail in an expected way (a bad file, a bad import): returned,
 * never thrown. Throwing is kept for programmer errors.
 */

/** Either the value, or a message for the reader naming what is wrong. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** A success carrying `value`. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** A failure; `error` is shown to the reader, so it names the problem in plain words. */
export const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
