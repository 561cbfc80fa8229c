/**
 * The first step of every import, shared by the import worker and its in-page fallback: one
 * file's text read as a reading packet, a backup, or annotations of any known format, with the
 * reader's message when it is none of these. Pure: no DOM, no storage.
 */
import type { Env, Result } from './types';
import { fail, ok } from './result';
import type { ParsedImport } from './w3c-parse';
import { parseJsonText } from './import-validate';
import { isPacket } from './packet';
import { isBackup } from './backup';
import { parseAnnotationFile } from './interop';
import { skipLines } from './import-skips';

/** What a file is: packets and backups go back to the page whole (they are opened or restored
 * there); annotations stay where they were parsed and are planned there. */
export type ReadImport =
  | { kind: 'packet'; json: unknown }
  | { kind: 'backup'; json: unknown }
  | { kind: 'annotations'; parsed: ParsedImport };

/** Which document an annotation file names, to find it in the library: its id, its text's
 * hash, and the distinct `source` of its items (in the order found). */
export interface ImportTarget {
  docId?: string;
  contentHash?: string;
  sources: string[];
  /** Number of items that can be imported. */
  items: number;
}

/** Reads one file's text. Every failure is a message naming the file. */
export function readImportText(name: string, text: string, env: Env): Result<ReadImport> {
  const json = parseJsonText(text);
  if (!json.ok) return fail(`“${name}”: ${json.error}`);
  if (isPacket(json.value)) return ok({ kind: 'packet', json: json.value });
  if (isBackup(json.value)) return ok({ kind: 'backup', json: json.value });
  const parsed = parseAnnotationFile(json.value, env);
  if (!parsed.ok) return fail(`“${name}”: ${parsed.error}`);
  const skipped = parsed.value.invalid;
  if (parsed.value.items.length === 0) {
    const why = skipped.length
      ? `: ${skipped.length} skipped (${skipLines(skipped).join(', ')}). ${skipped
          .slice(0, 3)
          .map((i) => i.message)
          .join('; ')}.`
      : '.';
    return fail(`“${name}” has no annotations that can be imported${why}`);
  }
  return ok({ kind: 'annotations', parsed: parsed.value });
}

/** The document hints of a parsed file (see ImportTarget). */
export function importTarget(p: ParsedImport): ImportTarget {
  const sources = [...new Set(p.items.map((i) => i.source).filter((s): s is string => !!s))];
  return {
    ...(p.document?.id ? { docId: p.document.id } : {}),
    ...(p.document?.contentHash ? { contentHash: p.document.contentHash } : {}),
    sources,
    items: p.items.length,
  };
}
