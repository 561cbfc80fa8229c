/**
 * Text versions in a full backup (issue 16): a document whose text was edited keeps every saved
 * version with its edit map, so a restore brings back the Version menu and work made on an
 * older version still maps onto the current text (model/version-carry.ts).
 *
 * Kept apart from backup.ts, like backup-originals.ts: this module only adds and reads the
 * optional `versions` part of each document entry, oldest first:
 *
 *   documents[i].versions = [{ n, created, contentHash, source?, map?, restoredFrom? }, …]
 *
 * The last one is the document's current text: its `source` is left out (it is `text`). A
 * backup without `versions` (older ones, or a never-edited document) restores as version 1.
 * Pure: no DOM, no storage.
 */
import { fail, ok } from './result';
import { get, isObj, readDate } from './import-validate';
import { cpLength, isEditMap, mapProblem } from './text-edit';
import { canWriteSource, versionText } from './edit-source';
import { sourceKind } from './blocks';
import type { DocumentMeta, EditMap, Result, TextVersion } from './types';

const HASH = /^[0-9a-f]{64}$/;

/**
 * Adds each document's versions to a serialized backup (`serializeBackup`'s result), by document
 * id. A document with fewer than two versions gets none (version 1 alone is the text itself).
 */
export function addVersions(
  backup: Record<string, unknown>,
  versions: ReadonlyMap<string, readonly TextVersion[]>,
): Record<string, unknown> {
  const docs = backup.documents as { meta: DocumentMeta }[];
  return {
    ...backup,
    documents: docs.map((d) => {
      const list = versions.get(d.meta.id);
      if (!list || list.length < 2) return d;
      return {
        ...d,
        versions: list.map((v, i) => ({
          n: v.n,
          created: v.created,
          contentHash: v.contentHash,
          ...(i < list.length - 1 ? { source: v.source } : {}),
          ...(v.map ? { map: v.map } : {}),
          ...(v.restoredFrom ? { restoredFrom: v.restoredFrom } : {}),
        })),
      };
    }),
  };
}

/** One version entry, or a message naming its problem (no final period). */
function readVersion(
  v: unknown,
  i: number,
  last: boolean,
  meta: DocumentMeta,
  text: string,
): TextVersion | string {
  const n = i + 1;
  if (!isObj(v)) return `version ${n} is not an object`;
  if (get(v, 'n') !== n) return `version ${n} is numbered ${String(get(v, 'n')).slice(0, 20)}`;
  const created = readDate(get(v, 'created'));
  if (!created) return `version ${n} has no date (created)`;
  const hash = get(v, 'contentHash');
  if (typeof hash !== 'string' || !HASH.test(hash))
    return `version ${n} has no SHA-256 (64 lowercase hex digits)`;
  const source = get(v, 'source') ?? (last ? text : undefined);
  if (typeof source !== 'string') return `version ${n} has no text (source)`;
  if (last && (source !== text || hash !== meta.contentHash))
    return `its last version (${n}) is not the document's text`;
  const map = get(v, 'map');
  if (n === 1 && map !== undefined) return 'version 1 has an edit map, but it follows no version';
  if (n > 1 && !isEditMap(map)) return `version ${n} has no valid edit map`;
  const restoredFrom = get(v, 'restoredFrom');
  if (
    restoredFrom !== undefined &&
    !(
      Number.isInteger(restoredFrom) &&
      (restoredFrom as number) >= 1 &&
      (restoredFrom as number) < n
    )
  )
    return `version ${n} says it restores a version that does not come before it`;
  return {
    docId: meta.id,
    n,
    created,
    contentHash: hash,
    source,
    ...(n > 1 ? { map: map as EditMap } : {}),
    ...(restoredFrom !== undefined ? { restoredFrom: restoredFrom as number } : {}),
  };
}

/**
 * The text versions a backup carries, by document id. `docs` are the parsed documents (meta and
 * text, parseBackup), in the file's order. All or nothing, like the rest of a restore: versions
 * not numbered 1, 2, … without gaps, a map that does not lead from one version's text to the
 * next, or a last version that is not the document's text refuse the backup. Checking each
 * source against its `contentHash` is the caller's job (hashing is asynchronous).
 */
export function readVersions(
  json: unknown,
  docs: readonly { meta: DocumentMeta; text: string }[],
): Result<Map<string, TextVersion[]>> {
  const out = new Map<string, TextVersion[]>();
  const entries = isObj(json) ? get(json, 'documents') : undefined;
  if (!Array.isArray(entries)) return ok(out);
  for (let i = 0; i < entries.length && i < docs.length; i++) {
    const e: unknown = entries[i];
    const list = isObj(e) ? get(e, 'versions') : undefined;
    if (list === undefined) continue;
    const { meta, text } = docs[i];
    const where = `document ${i + 1} (“${meta.title.slice(0, 80)}”)`;
    if (!Array.isArray(list) || list.length < 2)
      return fail(`${where}: its text versions are not a list of two or more.`);
    if (!canWriteSource(sourceKind(meta.format)))
      return fail(`${where}: ${meta.format} documents have no text versions.`);
    const versions: TextVersion[] = [];
    let before = 0;
    for (let k = 0; k < list.length; k++) {
      const v = readVersion(list[k], k, k === list.length - 1, meta, text);
      if (typeof v === 'string') return fail(`${where}: ${v}.`);
      // Maps count in each version's plain text (a block document's laid-out text).
      const plain = versionText(v.source, meta.format);
      if (!plain.ok) return fail(`${where}: version ${v.n} cannot be read (${plain.error}).`);
      const length = cpLength(plain.value);
      if (v.map) {
        const problem = mapProblem(v.map, before, length);
        if (problem) return fail(`${where}: the edit map of version ${v.n} ${problem}.`);
      }
      before = length;
      versions.push(v);
    }
    out.set(meta.id, versions);
  }
  return ok(out);
}
