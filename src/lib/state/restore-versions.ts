import type { TextVersion } from '../model/types';
import type { BackupDocument } from '../model/backup';
import { sha256Hex } from '../model/hash';
import type { Notices } from './notices.svelte';

/**
 * The text versions a backup carries (none in older backups), read by `readVersions` and each
 * source checked against its recorded SHA-256; null after telling the reader what is wrong
 * (nothing is written then).
 */
export async function checkedVersions(
  fileName: string,
  json: unknown,
  docs: readonly BackupDocument[],
  notices: Notices,
): Promise<Map<string, TextVersion[]> | null> {
  const { readVersions } = await import('../model/backup-versions');
  const read = readVersions(json, docs);
  if (!read.ok) return (notices.error(`“${fileName}”: ${read.error}`), null);
  for (const d of docs)
    for (const v of read.value.get(d.meta.id) ?? [])
      if ((await sha256Hex(v.source)) !== v.contentHash) {
        notices.error(
          `“${fileName}”: version ${v.n} of “${d.meta.title}” does not match its recorded fingerprint; the backup is damaged and was not restored.`,
        );
        return null;
      }
  return read.value;
}
