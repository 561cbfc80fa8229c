/**
 * The full backup: every document's text, tag set and annotations in one JSON file. Each
 * document's annotations are a regular W3C AnnotationCollection (ours, with the document and
 * tag set extensions), so the file stays readable by other Web Annotation tools.
 */
import { fail, ok } from './result';
import { isFormatId } from './blocks';
import { checkSource } from './parse';
import {
  PALETTE,
  defaultEnv,
  type Annotation,
  type DocumentMeta,
  type Env,
  type Result,
  type Tag,
} from './types';
import { CONTEXTS, serializeCollection } from './w3c';
import { parseW3C } from './w3c-parse';
import { get, isObj, readDate } from './import-validate';
import { readPacketRecord } from './packet';
import { readOriginalInfo } from './backup-originals';

export interface BackupDocument {
  /** As stored; `contentHash` is what the backup claims. Checking it against `text` is the
   * caller's job (hashing is asynchronous). */
  meta: DocumentMeta;
  text: string;
  tags: Tag[];
  annotations: Annotation[];
}

export interface ParsedBackup {
  generated?: string;
  documents: BackupDocument[];
}

export const BACKUP_TYPE = 'marginalia:Backup';
export const BACKUP_VERSION = 1;

type BackupInput = {
  meta: DocumentMeta;
  text: string;
  tags: readonly Tag[];
  annotations: readonly Annotation[];
};

/**
 * A backup of whole documents: for each, its meta, its text and its annotations as our W3C
 * collection (serializeCollection), so the annotations inside stay readable by any W3C tool.
 * `parseBackup` reads it back; `generatedAt` is the backup's and every collection's date.
 */
export function serializeBackup(
  data: { documents: readonly BackupInput[] } | readonly BackupInput[],
  generatedAt: Date,
): Record<string, unknown> {
  const docs = 'documents' in data ? data.documents : data;
  return {
    '@context': CONTEXTS,
    type: BACKUP_TYPE,
    version: BACKUP_VERSION,
    generated: generatedAt.toISOString(),
    documents: docs.map((d) => ({
      meta: d.meta,
      text: d.text,
      collection: serializeCollection(d.meta, d.annotations, d.tags, { generatedAt }),
    })),
  };
}

/** Whether `json` claims to be a Marginalia backup (its contents are checked by parseBackup). */
export function isBackup(json: unknown): boolean {
  return isObj(json) && get(json, 'type') === BACKUP_TYPE;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const HASH = /^[0-9a-f]{64}$/;

function readMeta(m: unknown, n: number, fallbackDate: string): DocumentMeta | string {
  if (!isObj(m)) return `document ${n}: its description (meta) is missing`;
  const id = get(m, 'id');
  const title = get(m, 'title');
  const hash = get(m, 'contentHash');
  const format = get(m, 'format') ?? 'text';
  const fileName = get(m, 'fileName');
  const size = get(m, 'size');
  if (!isStr(id) || !/^urn:uuid:[0-9a-f-]{36}$/i.test(id))
    return `document ${n}: id is missing or not a urn:uuid`;
  if (!isStr(title) || !title.trim()) return `document ${n}: title is missing`;
  if (!isStr(hash) || !HASH.test(hash))
    return `document ${n}: contentHash is not a SHA-256 (64 lowercase hex digits)`;
  if (!isFormatId(format))
    return `document ${n}: format must be a format id such as “text”, “markdown” or “pdf”`;
  const created = get(m, 'created');
  const opened = get(m, 'opened');
  if (created !== undefined && !readDate(created)) return `document ${n}: created is not a date`;
  if (opened !== undefined && !readDate(opened)) return `document ${n}: opened is not a date`;
  const packet = readPacketRecord(get(m, 'packet'));
  if (typeof packet === 'string')
    return `document ${n}: its reading-packet record is damaged (${packet})`;
  const original = readOriginalInfo(get(m, 'original'));
  if (typeof original === 'string') return `document ${n}: ${original}`;
  const leftOut = get(m, 'leftOut');
  return {
    id,
    title: title.slice(0, 300),
    format,
    ...(isStr(fileName) && fileName ? { fileName: fileName.slice(0, 300) } : {}),
    size: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : 0,
    contentHash: hash,
    created: readDate(created) ?? fallbackDate,
    opened: readDate(opened) ?? readDate(created) ?? fallbackDate,
    annotationCount: 0,
    ...(packet ? { packet } : {}),
    ...(original ? { original } : {}),
    ...(Array.isArray(leftOut) && leftOut.every(isStr) && leftOut.length
      ? { leftOut: leftOut.slice(0, 50).map((s) => s.slice(0, 200)) }
      : {}),
  };
}

/**
 * Reads a backup. Never throws; any invalid document or annotation refuses the whole backup,
 * so a restore is all or nothing. Annotations are read through the W3C parser and must carry
 * both selectors; tags are mapped back to the document's tag set by name.
 */
export function parseBackup(json: unknown, env: Env = defaultEnv): Result<ParsedBackup> {
  try {
    return parse(json, env);
  } catch (err) {
    return fail(
      `this backup could not be read (${err instanceof Error ? err.message : 'unknown error'}).`,
    );
  }
}

function parse(json: unknown, env: Env): Result<ParsedBackup> {
  if (!isObj(json) || !isBackup(json)) return fail('this file is not a Marginalia backup.');
  const version = get(json, 'version');
  if (version !== BACKUP_VERSION)
    return fail(
      `this backup has version ${String(version).slice(0, 20)}, which this version of Marginalia cannot read.`,
    );
  const docs = get(json, 'documents');
  if (!Array.isArray(docs)) return fail('the backup has no list of documents.');
  const generated = readDate(get(json, 'generated')) ?? undefined;
  const docIds = new Set<string>();
  const annotationIds = new Set<string>();
  const out: BackupDocument[] = [];
  for (let i = 0; i < docs.length; i++) {
    const n = i + 1;
    const d: unknown = docs[i];
    if (!isObj(d)) return fail(`document ${n} is not an object.`);
    const meta = readMeta(get(d, 'meta'), n, generated ?? env.now().toISOString());
    if (typeof meta === 'string') return fail(`${meta}.`);
    const where = `document ${n} (“${meta.title.slice(0, 80)}”)`;
    if (docIds.has(meta.id)) return fail(`${where} appears twice in the backup.`);
    docIds.add(meta.id);
    const text = get(d, 'text');
    if (!isStr(text) || !text) return fail(`${where} has no text.`);
    const source = checkSource(text, meta.format);
    if (!source.ok) return fail(`${where}: ${source.error}`);
    const parsed = parseW3C(get(d, 'collection'), env);
    if (!parsed.ok) return fail(`${where}: ${parsed.error}`);
    const p = parsed.value;
    if (p.invalid.length) return fail(`${where}: ${p.invalid[0].message}.`);
    if (p.document?.id && p.document.id !== meta.id)
      return fail(
        `${where}: its annotations belong to another document (${p.document.id.slice(0, 80)}).`,
      );
    if (p.document?.contentHash && p.document.contentHash !== meta.contentHash)
      return fail(`${where}: its annotations were made on another version of the text.`);

    const tags: Tag[] = [];
    const byName = new Map<string, Tag>();
    const tagIds = new Set<string>();
    const addTag = (name: string, id?: string, color?: Tag['color'], definition?: string): Tag => {
      const tag: Tag = {
        id: id && /^tag-[\w-]{1,100}$/.test(id) && !tagIds.has(id) ? id : `tag-${env.uuid()}`,
        name,
        color: color ?? PALETTE[tags.length % PALETTE.length],
        ...(definition ? { definition } : {}),
      };
      tags.push(tag);
      tagIds.add(tag.id);
      byName.set(name, tag);
      return tag;
    };
    for (const t of p.tags) if (!byName.has(t.name)) addTag(t.name, t.id, t.color, t.definition);

    const annotations: Annotation[] = [];
    for (let k = 0; k < p.items.length; k++) {
      const it = p.items[k];
      const { quote, position } = it.target;
      if (!quote || !position)
        return fail(
          `${where}: annotation ${k + 1} lacks a ${quote ? 'TextPositionSelector' : 'TextQuoteSelector'}.`,
        );
      if (annotationIds.has(it.id))
        return fail(`${where}: the annotation ${it.id.slice(0, 80)} appears in two documents.`);
      annotationIds.add(it.id);
      const ids = it.tagNames.map((name) => (byName.get(name) ?? addTag(name)).id);
      annotations.push({
        id: it.id,
        docId: meta.id,
        target: { quote, position },
        tags: ids,
        note: it.note,
        ...(it.color && !ids.length ? { color: it.color } : {}),
        creator: it.creator,
        created: it.created,
        modified: it.modified,
        ...(it.replyTo ? { replyTo: it.replyTo } : {}),
        ...(it.prompt ? { prompt: true } : {}),
      });
    }
    const size = meta.size || new TextEncoder().encode(text).length;
    out.push({
      meta: { ...meta, size, annotationCount: annotations.length },
      text,
      tags,
      annotations,
    });
  }
  return ok({ ...(generated ? { generated } : {}), documents: out });
}
