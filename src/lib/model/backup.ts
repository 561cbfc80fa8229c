import { PALETTE, type Annotation, type DocumentMeta, type Env, type Result, type Tag } from './types';
import { CONTEXTS, serializeCollection } from './w3c';
import { parseW3C } from './w3c-parse';

export interface BackupDocument {
  meta: DocumentMeta;
  text: string;
  tags: Tag[];
  annotations: Annotation[];
}

export const BACKUP_TYPE = 'marginalia:Backup';

/// A full backup: every document's text, tag set and annotations. Each document's annotations
/// are a regular W3C AnnotationCollection, so the file stays readable by other tools.
export function serializeBackup(docs: readonly { meta: DocumentMeta; text: string; tags: readonly Tag[]; annotations: readonly Annotation[] }[], generatedAt: Date): Record<string, unknown> {
  return {
    '@context': CONTEXTS,
    type: BACKUP_TYPE,
    version: 1,
    generated: generatedAt.toISOString(),
    documents: docs.map((d) => ({ meta: d.meta, text: d.text, collection: serializeCollection(d.meta, d.annotations, d.tags, { generatedAt }) })),
  };
}

export function isBackup(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && Object.hasOwn(json, 'type') && (json as { type: unknown }).type === BACKUP_TYPE;
}

const isStr = (v: unknown): v is string => typeof v === 'string';

function readMeta(m: unknown, n: number): DocumentMeta | string {
  if (typeof m !== 'object' || m === null) return `document ${n}: its description is missing`;
  const o = m as Record<string, unknown>;
  const g = (k: string) => (Object.hasOwn(o, k) ? o[k] : undefined);
  const id = g('id');
  const title = g('title');
  const hash = g('contentHash');
  if (!isStr(id) || !/^urn:uuid:/.test(id)) return `document ${n}: id is missing or not a urn:uuid`;
  if (!isStr(title)) return `document ${n}: title is missing`;
  if (!isStr(hash) || !/^[0-9a-f]{64}$/.test(hash)) return `document ${n}: contentHash is not a SHA-256`;
  const format = g('format') === 'markdown' ? 'markdown' : 'text';
  const now = new Date(0).toISOString();
  return {
    id,
    title: title.slice(0, 300),
    format,
    ...(isStr(g('fileName')) ? { fileName: g('fileName') as string } : {}),
    size: typeof g('size') === 'number' ? (g('size') as number) : 0,
    contentHash: hash,
    created: isStr(g('created')) ? (g('created') as string) : now,
    opened: isStr(g('opened')) ? (g('opened') as string) : now,
    annotationCount: 0,
  };
}

/// Reads a backup. Never throws; any invalid document refuses the whole backup, so a restore is
/// all or nothing. Annotations are read through the W3C parser; tags are mapped back to ids.
export function parseBackup(json: unknown, env: Env): Result<{ documents: BackupDocument[] }> {
  if (!isBackup(json)) return { ok: false, error: 'this file is not a Marginalia backup.' };
  const o = json as Record<string, unknown>;
  if (o.version !== 1) return { ok: false, error: `this backup has version ${String(o.version)}, which this version of Marginalia cannot read.` };
  const docs = Object.hasOwn(o, 'documents') ? o.documents : undefined;
  if (!Array.isArray(docs)) return { ok: false, error: 'the backup has no list of documents.' };
  const out: BackupDocument[] = [];
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i] as Record<string, unknown> | null;
    if (typeof d !== 'object' || d === null) return { ok: false, error: `document ${i + 1} is not an object.` };
    const meta = readMeta(Object.hasOwn(d, 'meta') ? d.meta : undefined, i + 1);
    if (typeof meta === 'string') return { ok: false, error: meta + '.' };
    const text = Object.hasOwn(d, 'text') ? d.text : undefined;
    if (!isStr(text) || !text) return { ok: false, error: `document ${i + 1} (“${meta.title}”) has no text.` };
    const parsed = parseW3C(Object.hasOwn(d, 'collection') ? d.collection : undefined, env);
    if (!parsed.ok) return { ok: false, error: `document ${i + 1} (“${meta.title}”): ${parsed.error}` };
    if (parsed.value.invalid.length) return { ok: false, error: `document ${i + 1} (“${meta.title}”): ${parsed.value.invalid[0].message}.` };
    const tags: Tag[] = parsed.value.tags.map((t, k) => ({ id: t.id && /^tag-/.test(t.id) ? t.id : `tag-${env.uuid()}`, name: t.name, color: t.color ?? PALETTE[k % PALETTE.length], ...(t.definition ? { definition: t.definition } : {}) }));
    const byName = new Map(tags.map((t) => [t.name, t]));
    const annotations: Annotation[] = parsed.value.items.map((it) => {
      const tagIds = it.tagNames.map((name) => {
        let t = byName.get(name);
        if (!t) {
          t = { id: `tag-${env.uuid()}`, name, color: PALETTE[tags.length % PALETTE.length] };
          tags.push(t);
          byName.set(name, t);
        }
        return t.id;
      });
      return {
        id: it.id,
        docId: meta.id,
        target: {
          quote: it.target.quote ?? { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' },
          position: it.target.position ?? { type: 'TextPositionSelector', start: 0, end: 0 },
        },
        tags: tagIds,
        note: it.note,
        ...(it.color && !tagIds.length ? { color: it.color } : {}),
        creator: it.creator,
        created: it.created,
        modified: it.modified,
        ...(it.replyTo ? { replyTo: it.replyTo } : {}),
        ...(it.prompt ? { prompt: true } : {}),
      };
    });
    out.push({ meta: { ...meta, annotationCount: annotations.length }, text, tags, annotations });
  }
  return { ok: true, value: { documents: out } };
}
