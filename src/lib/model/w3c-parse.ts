import { PALETTE, type DocFormat, type Env, type PaletteColor, type Result, type TextPositionSelector, type TextQuoteSelector } from './types';

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_ITEMS = 100_000;
const MAX_TAGS = 1_000;
const MAX_TAG_NAME = 200;
const MAX_STRING = 1024 * 1024;

export interface ImportTag {
  id?: string;
  name: string;
  color?: PaletteColor;
  definition?: string;
}

export interface ImportItem {
  id: string;
  target: { quote?: TextQuoteSelector; position?: TextPositionSelector };
  tagNames: string[];
  note: string;
  color?: PaletteColor;
  creator: string;
  created: string;
  modified: string;
  replyTo?: string;
  prompt?: boolean;
  /** The target's `source`: the document the annotation was made on. */
  source?: string;
}

export interface ParsedImport {
  document?: { id?: string; title?: string; contentHash?: string; format?: DocFormat };
  tags: ImportTag[];
  items: ImportItem[];
  invalid: { index: number; message: string }[];
  warnings: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own, non-prototype property: `__proto__`, `constructor` and inherited keys are never read. */
const get = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const typesOf = (o: Obj): string[] => list(get(o, 'type')).filter((t): t is string => typeof t === 'string');
const isColor = (v: unknown): v is PaletteColor => typeof v === 'string' && (PALETTE as readonly string[]).includes(v);

export function checkImportSize(name: string, bytes: number): Result<null> {
  if (bytes === 0) return { ok: false, error: `“${name}” is empty.` };
  if (bytes > MAX_IMPORT_BYTES) return { ok: false, error: `“${name}” is ${(bytes / 1048576).toFixed(0)} MB; annotation files can be at most 100 MB.` };
  return { ok: true, value: null };
}

/** JSON.parse with a plain-words error (line and column when the engine gives a position). */
export function parseJsonText(text: string): Result<unknown> {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${pos - before.lastIndexOf('\n')}`;
    }
    return { ok: false, error: `this file is not valid JSON${where} (${msg.replace(/^JSON\.parse: /, '')}).` };
  }
}

/** Rejects structures no honest export has, before walking them. */
function guard(json: unknown): string | null {
  const stack: [unknown, number][] = [[json, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > MAX_DEPTH) return `the data is nested too deeply (more than ${MAX_DEPTH} levels).`;
    if (typeof v === 'string' && v.length > MAX_STRING) return 'a text value in it is longer than 1 MB.';
    if (typeof v !== 'object' || v === null) continue;
    if (++nodes > 5_000_000) return 'it holds too many values.';
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return null;
}

const SHAPE = 'this file is not a Web Annotation export: expected an Annotation, a list of annotations, an AnnotationPage or an AnnotationCollection.';

/// Reads W3C Web Annotation JSON from any tool: a single Annotation, an array, an
/// AnnotationPage, or an AnnotationCollection with its first page embedded. Never throws; whole
/// file problems are an error, item problems are listed in `invalid` with the item's number.
export function parseW3C(json: unknown, env: Env): Result<ParsedImport> {
  const g = guard(json);
  if (g) return { ok: false, error: g };
  const out: ParsedImport = { tags: [], items: [], invalid: [], warnings: [] };
  let raw: unknown[];
  if (Array.isArray(json)) raw = json;
  else if (!isObj(json)) return { ok: false, error: SHAPE };
  else {
    const types = typesOf(json);
    if (types.includes('Annotation')) raw = [json];
    else if (types.includes('AnnotationPage')) raw = list(get(json, 'items'));
    else if (types.includes('AnnotationCollection')) {
      const first = get(json, 'first');
      if (typeof first === 'string') return { ok: false, error: "the collection's pages are not included in this file (its “first” page is only a link)." };
      if (first !== undefined && !isObj(first)) return { ok: false, error: 'the collection’s “first” page is not an AnnotationPage.' };
      raw = first ? list(get(first, 'items')) : [];
      readCollectionExtras(json, out);
    } else return { ok: false, error: SHAPE };
  }
  if (raw.length > MAX_ITEMS) return { ok: false, error: `it holds ${raw.length} annotations; at most ${MAX_ITEMS} can be imported at once.` };
  if (out.tags.length > MAX_TAGS) return { ok: false, error: `it defines ${out.tags.length} tags; at most ${MAX_TAGS} are supported.` };
  const seen = new Set<string>();
  raw.forEach((r, i) => {
    const item = readItem(r, i + 1, env, out);
    if (typeof item === 'string') out.invalid.push({ index: i + 1, message: item });
    else if (seen.has(item.id)) out.invalid.push({ index: i + 1, message: `item ${i + 1}: the id ${item.id} appears twice in this file` });
    else {
      seen.add(item.id);
      out.items.push(item);
    }
  });
  const names = new Set(out.items.flatMap((i) => i.tagNames));
  if (names.size > MAX_TAGS) return { ok: false, error: `it uses ${names.size} different tags; at most ${MAX_TAGS} are supported.` };
  return { ok: true, value: out };
}

function readCollectionExtras(c: Obj, out: ParsedImport): void {
  const doc = get(c, 'marginalia:document');
  if (isObj(doc)) {
    const hash = str(get(doc, 'contentHash'));
    const format = get(doc, 'format');
    out.document = {
      id: str(get(doc, 'id')),
      title: str(get(doc, 'title')) ?? str(get(c, 'label')),
      contentHash: hash?.replace(/^sha256:/, ''),
      format: format === 'markdown' || format === 'text' ? format : undefined,
    };
  } else if (typeof get(c, 'label') === 'string') out.document = { title: get(c, 'label') as string };
  for (const t of list(get(c, 'marginalia:tagSet'))) {
    if (!isObj(t)) continue;
    const name = str(get(t, 'name'))?.trim();
    if (!name || name.length > MAX_TAG_NAME) continue;
    const color = get(t, 'color');
    const definition = str(get(t, 'definition'));
    out.tags.push({ id: str(get(t, 'id')), name, ...(isColor(color) ? { color } : {}), ...(definition ? { definition: definition.slice(0, 500) } : {}) });
  }
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s));
}

function readSelectors(target: Obj, n: number, warnings: string[]): { quote?: TextQuoteSelector; position?: TextPositionSelector } | string {
  const out: { quote?: TextQuoteSelector; position?: TextPositionSelector } = {};
  for (const s of list(get(target, 'selector'))) {
    if (!isObj(s)) continue;
    const type = get(s, 'type');
    if (type === 'TextQuoteSelector') {
      const exact = get(s, 'exact');
      if (typeof exact !== 'string' || exact === '') return `item ${n}: TextQuoteSelector has no exact text`;
      const prefix = get(s, 'prefix') ?? '';
      const suffix = get(s, 'suffix') ?? '';
      if (typeof prefix !== 'string' || typeof suffix !== 'string') return `item ${n}: TextQuoteSelector prefix and suffix must be text`;
      out.quote = { type, exact, prefix, suffix };
    } else if (type === 'TextPositionSelector') {
      const start = get(s, 'start');
      const end = get(s, 'end');
      for (const [k, v] of [['start', start], ['end', end]] as const) {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return `item ${n}: TextPositionSelector ${k} must be a whole number ≥ 0`;
      }
      if ((end as number) < (start as number)) return `item ${n}: TextPositionSelector end is before start`;
      out.position = { type, start: start as number, end: end as number };
    } else if (typeof type === 'string') warnings.push(`item ${n}: ${type} is not supported and was ignored`);
  }
  if (!out.quote && !out.position) return `item ${n}: target has no TextQuoteSelector or TextPositionSelector`;
  return out;
}

function readItem(r: unknown, n: number, env: Env, out: ParsedImport): ImportItem | string {
  if (!isObj(r)) return `item ${n}: is not an annotation object`;
  if (!typesOf(r).includes('Annotation')) return `item ${n}: its type is not “Annotation”`;
  const rawId = get(r, 'id');
  if (rawId !== undefined && typeof rawId !== 'string') return `item ${n}: id must be text`;
  const id = rawId ? (/^[a-z][a-z0-9+.-]*:/i.test(rawId) ? rawId : `urn:uuid:${env.uuid()}`) : `urn:uuid:${env.uuid()}`;
  // Target: an object or a list of them (Hypothesis style); the first with selectors counts.
  const targets = list(get(r, 'target'));
  if (!targets.length) return `item ${n}: has no target`;
  let selectors: ReturnType<typeof readSelectors> = `item ${n}: target has no TextQuoteSelector or TextPositionSelector`;
  let source: string | undefined;
  for (const t of targets) {
    if (!isObj(t)) continue;
    selectors = readSelectors(t, n, out.warnings);
    source = str(get(t, 'source'));
    if (typeof selectors !== 'string') break;
  }
  if (typeof selectors === 'string') return selectors;
  const tagNames: string[] = [];
  const notes: string[] = [];
  const bodyValue = get(r, 'bodyValue');
  if (typeof bodyValue === 'string') notes.push(bodyValue);
  for (const b of list(get(r, 'body'))) {
    if (typeof b === 'string') {
      out.warnings.push(`item ${n}: a body given only as a link (${b.slice(0, 80)}) was ignored`);
      continue;
    }
    if (!isObj(b)) continue;
    const value = get(b, 'value');
    if (typeof value !== 'string') continue;
    const purpose = list(get(b, 'purpose'));
    if (purpose.includes('tagging')) {
      const name = value.trim();
      if (name.length > MAX_TAG_NAME) return `item ${n}: a tag name is longer than ${MAX_TAG_NAME} characters`;
      if (name && !tagNames.includes(name)) tagNames.push(name);
    } else notes.push(value);
  }
  const created = get(r, 'created');
  const modified = get(r, 'modified');
  if (created !== undefined && (typeof created !== 'string' || !isDate(created))) return `item ${n}: created is not a date`;
  if (modified !== undefined && (typeof modified !== 'string' || !isDate(modified))) return `item ${n}: modified is not a date`;
  const createdIso = typeof created === 'string' ? created : env.now().toISOString();
  const creators = list(get(r, 'creator'));
  const c0 = creators[0];
  const creator = (typeof c0 === 'string' ? c0 : isObj(c0) ? (str(get(c0, 'name')) ?? str(get(c0, 'nickname'))) : undefined)?.trim().slice(0, 200) || 'Unknown reader';
  const color = get(r, 'marginalia:color');
  const replyTo = str(get(r, 'marginalia:replyTo'));
  return {
    id,
    target: selectors,
    tagNames,
    note: notes.join('\n\n'),
    ...(isColor(color) ? { color } : {}),
    creator,
    created: createdIso,
    modified: typeof modified === 'string' ? modified : createdIso,
    ...(replyTo ? { replyTo } : {}),
    ...(get(r, 'marginalia:prompt') === true ? { prompt: true } : {}),
    ...(source ? { source } : {}),
  };
}

/** Message when a position cannot lie in a text of `textLength` code points, else null. */
export function checkRange(itemNumber: number, position: TextPositionSelector, textLength: number): string | null {
  if (position.end > textLength) return `item ${itemNumber}: TextPositionSelector end (${position.end}) is beyond the end of the text (${textLength} characters)`;
  return null;
}
