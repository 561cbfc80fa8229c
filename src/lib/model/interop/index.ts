/**
 * The formats Marginalia reads and writes besides its own W3C collection and backups. Adding a
 * format is one adapter module plus one entry here (and a menu entry comes from EXPORT_FORMATS).
 */
import { defaultEnv, type Env, type Result } from '../types';
import type { ParsedImport } from '../w3c-parse';
import type { ExportFormat, ImportFormat } from './format';
import { hypothesis } from './hypothesis';
import { recogitoNative } from './recogito-native';
import { w3c } from './w3c-format';
import { readwise } from './readwise';
import { obsidian } from './obsidian';
import { zotero } from './zotero';

export type { ExportFormat, ExportInput, ImportFormat } from './format';

/** Tried in order; the first that recognizes a file reads it. W3C (last) takes the rest. */
export const IMPORT_FORMATS: readonly ImportFormat[] = [hypothesis, recogitoNative, w3c];

export const EXPORT_FORMATS: readonly ExportFormat[] = [readwise, obsidian, zotero];

/** Reads an annotation file of any known format. Never throws. */
export function parseAnnotationFile(json: unknown, env: Env = defaultEnv): Result<ParsedImport> {
  let format = w3c;
  try {
    format = IMPORT_FORMATS.find((f) => f.recognizes(json)) ?? w3c;
  } catch {
    // A value no JSON file produces (getters, proxies): the W3C reader reports it.
  }
  return format.parse(json, env);
}

export function exportFormat(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.id === id);
}
