/**
 * Reading W3C Web Annotation JSON from any tool into import items. The model is ours; this only
 * maps the W3C shapes onto it. Validation helpers live in import-validate.ts.
 */
import { isFormatId } from './blocks';
import {
  PALETTE,
  defaultEnv,
  type DocFormat,
  type Env,
  type PaletteColor,
  type Result,
  type TextPositionSelector,
  type TextQuoteSelector,
} from './types';
import {
  MAX_ITEMS,
  MAX_TAGS,
  MAX_TAG_NAME,
  Warnings,
  checkStructure,
  get,
  idOf,
  isIri,
  isObj,
  list,
  readCreator,
  readDate,
  readId,
  readSelectors,
  str,
  typesOf,
  type Obj,
  type TextSelectors,
} from './import-validate';

export { MAX_IMPORT_BYTES, checkImportSize, checkRange, parseJsonText } from './import-validate';

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

const isColor = (v: unknown): v is PaletteColor =>
  typeof v === 'string' && (PALETTE as readonly string[]).includes(v);
const stripHash = (h: string | undefined) =>
  h && /^(sha256:)?[0-9a-f]{64}$/i.test(h) ? h.replace(/^sha256:/i, '').toLowerCase() : undefined;

const SHAPE =
  'this file is not a Web Annotation export: expected an Annotation, a list of annotations, an AnnotationPage or an AnnotationCollection.';
const NO_PAGES =
  "the collection's pages are not included in this file (its “first” page is only a link).";
const MAX_PAGES = 10_000;

/**
 * Reads W3C Web Annotation JSON: a single Annotation, an array of them, an AnnotationPage, or an
 * AnnotationCollection with its pages embedded (ours carries the document and tag set too).
 * Never throws, whatever `json` is. Whole-file problems are the error; problems of single items
 * are listed in `invalid` with the item's number, and the other items are still read.
 */
export function parseW3C(json: unknown, env: Env = defaultEnv): Result<ParsedImport> {
  try {
    return parse(json, env);
  } catch (err) {
    // Only reachable for values JSON.parse cannot produce (getters, proxies): say so, never throw.
    return {
      ok: false,
      error: `this data could not be read (${err instanceof Error ? err.message : 'unknown error'}).`,
    };
  }
}

function parse(json: unknown, env: Env): Result<ParsedImport> {
  const bad = checkStructure(json);
  if (bad) return { ok: false, error: bad };
  const out: ParsedImport = { tags: [], items: [], invalid: [], warnings: [] };
  const warnings = new Warnings();
  let raw: unknown[];
  if (Array.isArray(json)) raw = json;
  else if (!isObj(json)) return { ok: false, error: SHAPE };
  else {
    const types = typesOf(json);
    if (types.includes('Annotation')) raw = [json];
    else if (types.includes('AnnotationPage')) raw = pageItems(json, warnings);
    else if (types.includes('AnnotationCollection')) {
      const first = get(json, 'first');
      if (typeof first === 'string' || (isObj(first) && get(first, 'items') === undefined))
        return { ok: false, error: NO_PAGES };
      if (first !== undefined && !isObj(first))
        return { ok: false, error: 'the collection’s “first” page is not an AnnotationPage.' };
      raw = first ? pageItems(first, warnings) : [];
      const extras = readCollectionExtras(json, out);
      if (extras) return { ok: false, error: extras };
    } else return { ok: false, error: SHAPE };
  }
  if (raw.length > MAX_ITEMS)
    return {
      ok: false,
      error: `it holds ${raw.length} annotations; at most ${MAX_ITEMS.toLocaleString('en')} can be imported at once.`,
    };
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const n = i + 1;
    const item = readItem(raw[i], n, env, warnings);
    if (typeof item === 'string') out.invalid.push({ index: n, message: item });
    else if ('tooLong' in item)
      return {
        ok: false,
        error: `tag names can be at most ${MAX_TAG_NAME} characters; item ${n} has one of ${item.tooLong}.`,
      };
    else if (seen.has(item.id))
      out.invalid.push({
        index: n,
        message: `item ${n}: the id ${item.id} appears twice in this file`,
      });
    else {
      seen.add(item.id);
      out.items.push(item);
    }
  }
  const names = new Set(out.items.flatMap((i) => i.tagNames));
  if (names.size > MAX_TAGS)
    return {
      ok: false,
      error: `it uses ${names.size} different tags; at most ${MAX_TAGS.toLocaleString('en')} are supported.`,
    };
  if (!out.document) out.document = documentFromItems(out.items, raw);
  out.warnings = warnings.list();
  return { ok: true, value: out };
}

/** The items of a page and of the pages embedded after it (`next` as an object); a `next` that
 * is only a link ends the list with a warning. */
function pageItems(page: Obj, warnings: Warnings): unknown[] {
  const items: unknown[] = [];
  let p: unknown = page;
  for (let k = 0; isObj(p) && k < MAX_PAGES; k++) {
    for (const it of list(get(p, 'items'))) items.push(it);
    if (items.length > MAX_ITEMS) break;
    p = get(p, 'next');
    if (typeof p === 'string')
      warnings.add(
        'later pages of the collection are not included in this file; only the annotations present were read',
      );
  }
  return items;
}

/** Our collection's document and tag set; an error message for a tag set over the limits. */
function readCollectionExtras(c: Obj, out: ParsedImport): string | null {
  const doc = get(c, 'marginalia:document');
  const label = str(get(c, 'label'));
  if (isObj(doc)) {
    const format = get(doc, 'format');
    const id = str(get(doc, 'id'));
    const title = str(get(doc, 'title')) ?? label;
    const contentHash = stripHash(str(get(doc, 'contentHash')));
    out.document = {
      ...(id ? { id } : {}),
      ...(title ? { title } : {}),
      ...(contentHash ? { contentHash } : {}),
      ...(isFormatId(format) ? { format: format as DocFormat } : {}),
    };
  } else if (label) out.document = { title: label };
  const set = list(get(c, 'marginalia:tagSet'));
  if (set.length > MAX_TAGS)
    return `it defines ${set.length} tags; at most ${MAX_TAGS.toLocaleString('en')} are supported.`;
  const names = new Set<string>();
  for (const t of set) {
    if (!isObj(t)) continue;
    const name = str(get(t, 'name'))?.trim();
    if (!name || names.has(name)) continue;
    if (name.length > MAX_TAG_NAME)
      return `tag names can be at most ${MAX_TAG_NAME} characters; the tag set has one of ${name.length}.`;
    names.add(name);
    const id = str(get(t, 'id'));
    const color = get(t, 'color');
    const definition = str(get(t, 'definition'))?.trim();
    out.tags.push({
      ...(id ? { id } : {}),
      name,
      ...(isColor(color) ? { color } : {}),
      ...(definition ? { definition: definition.slice(0, 500) } : {}),
    });
  }
  return null;
}

/** Without a collection: the document all items were made on, when they agree on one. */
function documentFromItems(items: ImportItem[], raw: unknown[]): ParsedImport['document'] {
  const sources = new Set(items.map((i) => i.source));
  if (sources.size !== 1 || !items[0].source) return undefined;
  const hashes = new Set(raw.map((r) => (isObj(r) ? contentHashOf(r) : undefined)));
  const hash = hashes.size === 1 ? [...hashes][0] : undefined;
  return { id: items[0].source, ...(hash ? { contentHash: hash } : {}) };
}

function contentHashOf(r: Obj): string | undefined {
  for (const t of [...list(get(r, 'marginalia:textTarget')), ...list(get(r, 'target'))])
    if (isObj(t)) return stripHash(str(get(t, 'marginalia:contentHash')));
  return undefined;
}

function readItem(
  r: unknown,
  n: number,
  env: Env,
  warnings: Warnings,
): ImportItem | { tooLong: number } | string {
  if (typeof r === 'string')
    return `item ${n}: is only a link to an annotation, not the annotation itself`;
  if (!isObj(r)) return `item ${n}: is not an annotation object`;
  const types = typesOf(r);
  if (types.length && !types.includes('Annotation'))
    return `item ${n}: its type is “${types[0]}”, not “Annotation”`;
  const id = readId(idOf(r), env.uuid);

  // Target: an object or a list (Hypothesis style); the first with text selectors counts. Our
  // replies target the other annotation by its id and keep their text in marginalia:textTarget.
  const targets = list(get(r, 'target'));
  if (!targets.length) return `item ${n}: has no target`;
  const textTarget = get(r, 'marginalia:textTarget');
  let selectors: TextSelectors | string =
    `item ${n}: target has no TextQuoteSelector or TextPositionSelector`;
  let source: string | undefined;
  let replyTo = str(get(r, 'marginalia:replyTo'));
  for (const t of isObj(textTarget) ? [textTarget] : targets) {
    if (!isObj(t)) continue;
    selectors = readSelectors(t, n, warnings);
    const src = get(t, 'source');
    source = str(src) ?? (isObj(src) ? str(idOf(src)) : undefined);
    if (typeof selectors !== 'string') break;
  }
  if (typeof selectors === 'string') return selectors;
  if (isObj(textTarget) && isIri(targets[0])) replyTo = targets[0];

  const tagNames: string[] = [];
  const notes: string[] = [];
  const bodyValue = get(r, 'bodyValue');
  if (typeof bodyValue === 'string' && bodyValue.trim()) notes.push(bodyValue);
  for (const b of list(get(r, 'body'))) {
    if (typeof b === 'string') {
      warnings.add('a body given only as a link was ignored', n);
      continue;
    }
    const value = isObj(b) ? (get(b, 'value') ?? get(b, 'chars')) : undefined;
    if (typeof value !== 'string') {
      warnings.add('a body without text was ignored', n);
      continue;
    }
    if (list(get(b as Obj, 'purpose')).includes('tagging')) {
      const name = value.trim();
      if (name.length > MAX_TAG_NAME) return { tooLong: name.length };
      if (name && !tagNames.includes(name)) tagNames.push(name);
    } else if (value.trim()) notes.push(value);
  }

  const rawCreated = get(r, 'created');
  const rawModified = get(r, 'modified');
  const created = readDate(rawCreated);
  const modified = readDate(rawModified);
  if (rawCreated !== undefined && !created) return `item ${n}: created is not a date`;
  if (rawModified !== undefined && !modified) return `item ${n}: modified is not a date`;
  const createdIso = created ?? modified ?? env.now().toISOString();
  const color = get(r, 'marginalia:color');
  return {
    id,
    target: selectors,
    tagNames,
    note: notes.join('\n\n'),
    ...(isColor(color) ? { color } : {}),
    creator: readCreator(get(r, 'creator')) ?? 'Unknown reader',
    created: createdIso,
    modified: modified ?? createdIso,
    ...(isIri(replyTo) ? { replyTo } : {}),
    ...(get(r, 'marginalia:prompt') === true ? { prompt: true } : {}),
    ...(source ? { source } : {}),
  };
}
