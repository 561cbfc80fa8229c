/**
 * Original files in a full backup (issue #12): a document extracted from a PDF, Word file, EPUB
 * or web page keeps its original bytes beside the extracted text, and a backup may carry them so
 * that a restore in another browser can still offer "Download original".
 *
 * Kept apart from backup.ts on purpose: the backup's documents, texts and annotations are read
 * there; this module only adds and reads the optional `original` part of each document entry:
 *
 *   documents[i].meta.original = { name, type, size, hash }      (DocumentMeta.original)
 *   documents[i].original      = { encoding: 'base64', data }    (the bytes; optional)
 *
 * A backup without `original` parts (older ones, or one made with originals left out) restores
 * as before: the documents simply have no original to download. Pure: no DOM, no storage.
 */
import { fail, ok } from './result';
import { get, isObj } from './import-validate';
import type { DocumentMeta, OriginalInfo, Result } from './types';

/** Above this total, the export menu offers a backup without originals first (see
 * `originalsSize`): a backup is one JSON file, and base64 makes the bytes a third larger. */
export const LARGE_ORIGINALS_BYTES = 25 * 1024 * 1024;

const HASH = /^[0-9a-f]{64}$/;

/** How many documents keep an original file, and their bytes added up (before base64). */
export function originalsSize(metas: readonly Pick<DocumentMeta, 'original'>[]): {
  count: number;
  bytes: number;
} {
  let count = 0;
  let bytes = 0;
  for (const m of metas)
    if (m.original) {
      count++;
      bytes += m.original.size;
    }
  return { count, bytes };
}

/** A size as a reader reads it: "812 B", "3.4 kB", "27.0 MB". */
export const sizeLabel = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1048576
      ? `${(n / 1024).toFixed(1)} kB`
      : `${(n / 1048576).toFixed(1)} MB`;

/** Bytes as base64, in chunks (a string of a whole 30 MB PDF would overflow the call stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000)
    parts.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(parts.join(''));
}

/** Base64 back to bytes, or null when `s` is not base64. */
export function base64ToBytes(s: string): Uint8Array | null {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Adds each document's original bytes to a serialized backup (`serializeBackup`'s result), by
 * document id. Documents without bytes in `originals` are left as they are, and a document
 * whose meta names no original gets none (the meta describes what the bytes are).
 */
export function addOriginals(
  backup: Record<string, unknown>,
  originals: ReadonlyMap<string, Uint8Array>,
): Record<string, unknown> {
  const docs = backup.documents as { meta: DocumentMeta }[];
  return {
    ...backup,
    documents: docs.map((d) => {
      const bytes = originals.get(d.meta.id);
      return bytes && d.meta.original
        ? { ...d, original: { encoding: 'base64', data: bytesToBase64(bytes) } }
        : d;
    }),
  };
}

/** A document meta's `original` as a backup holds it: checked, or a message naming the problem
 * (no final period). Undefined when absent. */
export function readOriginalInfo(o: unknown): OriginalInfo | undefined | string {
  if (o === undefined) return undefined;
  if (!isObj(o)) return 'its original file is not described by an object';
  const name = get(o, 'name');
  const type = get(o, 'type');
  const size = get(o, 'size');
  const hash = get(o, 'hash');
  if (typeof name !== 'string' || !name.trim()) return 'its original file has no name';
  if (typeof type !== 'string') return 'its original file has no type';
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    return 'its original file has no size';
  if (typeof hash !== 'string' || !HASH.test(hash))
    return 'its original file has no SHA-256 (64 lowercase hex digits)';
  return { name: name.slice(0, 300), type: type.slice(0, 200), size, hash };
}

/**
 * The original bytes a backup carries, by document id. `metas` are the parsed documents' metas
 * (parseBackup), in the file's order. All or nothing, like the rest of a restore: bytes that are
 * not base64, belong to a document with no described original, or differ in size from it
 * refuse the backup. Checking the bytes against `meta.original.hash` is the caller's job
 * (hashing is asynchronous).
 */
export function readOriginals(
  json: unknown,
  metas: readonly DocumentMeta[],
): Result<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const docs = isObj(json) ? get(json, 'documents') : undefined;
  if (!Array.isArray(docs)) return ok(out);
  for (let i = 0; i < docs.length && i < metas.length; i++) {
    const d: unknown = docs[i];
    const o = isObj(d) ? get(d, 'original') : undefined;
    if (o === undefined) continue;
    const meta = metas[i];
    const where = `document ${i + 1} (“${meta.title.slice(0, 80)}”)`;
    if (!meta.original) return fail(`${where} carries an original file but does not describe it.`);
    const data = isObj(o) ? get(o, 'data') : undefined;
    if (!isObj(o) || get(o, 'encoding') !== 'base64' || typeof data !== 'string')
      return fail(`${where}: its original file is not stored as base64.`);
    const bytes = base64ToBytes(data);
    if (!bytes) return fail(`${where}: its original file is not valid base64.`);
    if (bytes.length !== meta.original.size)
      return fail(
        `${where}: its original file has ${bytes.length} bytes, but ${meta.original.size} are recorded.`,
      );
    out.set(meta.id, bytes);
  }
  return ok(out);
}
