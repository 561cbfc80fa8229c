/**
 * Reading W3C Web Annotation JSON from any tool into import items. The model is ours; this only
 * maps the W3C shapes onto it. Validation helpers live in import-validate.ts.
 */
import { fail, ok } from './result';
import {
  isColor,
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
  str,
  typesOf,
  type Obj,
  type Skipped,
  type SkipReason,
} from './import-validate';
import { isSelectorProblem, readSelectors, type TextSelectors } from './import-selectors';
import { documentFromItems, readCollectionExtras } from './w3c-collection-read';

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
  /** SHA-256 (lowercase hex) of the text version the selectors count in, where the item names
   * it (`marginalia:contentHash` on its target, as our exports write): hand-ins made on
   * different versions and imported together are each carried from their own (issue 16). */
  contentHash?: string;
  /** 'utf16' when the file's TextPositionSelector counts UTF-16 code units (Hypothesis) instead
   * of code points; the import converts against the text. */
  positionUnits?: 'utf16';
}

export interface ParsedImport {
  document?: { id?: string; title?: string; contentHash?: string; format?: DocFormat };
  tags: ImportTag[];
  items: ImportItem[];
  /** Items left out, each with its reason (the report counts them by reason). */
  invalid: Skipped[];
  warnings: string[];
}

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
    return fail(
      `this data could not be read (${err instanceof Error ? err.message : 'unknown error'}).`,
    );
  }
}

function parse(json: unknown, env: Env): Result<ParsedImport> {
  const bad = checkStructure(json);
  if (bad) return fail(bad);
  const out: ParsedImport = { tags: [], items: [], invalid: [], warnings: [] };
  const warnings = new Warnings();
  let raw: unknown[];
  if (Array.isArray(json)) raw = json;
  else if (!isObj(json)) return fail(SHAPE);
  else {
    const types = typesOf(json);
    // A lone object with a target but no type is an annotation written without JSON-LD
    // decoration (Europeana's API fixtures leave out @context, id and type).
    if (types.includes('Annotation') || (!types.length && get(json, 'target') !== undefined))
      raw = [json];
    else if (types.includes('AnnotationPage')) raw = pageItems(json, warnings);
    else if (types.includes('AnnotationCollection')) {
      const first = get(json, 'first');
      if (typeof first === 'string' || (isObj(first) && get(first, 'items') === undefined))
        return fail(NO_PAGES);
      if (first !== undefined && !isObj(first))
        return fail('the collection’s “first” page is not an AnnotationPage.');
      raw = first ? pageItems(first, warnings) : [];
      const extras = readCollectionExtras(json, out);
      if (extras) return fail(extras);
    } else return fail(SHAPE);
  }
  if (raw.length > MAX_ITEMS)
    return fail(
      `it holds ${raw.length} annotations; at most ${MAX_ITEMS.toLocaleString('en')} can be imported at once.`,
    );
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const n = i + 1;
    const item = readItem(raw[i], n, env, warnings);
    if ('reason' in item) out.invalid.push({ index: n, ...item });
    else if ('tooLong' in item)
      return fail(
        `tag names can be at most ${MAX_TAG_NAME} characters; item ${n} has one of ${item.tooLong}.`,
      );
    else if (seen.has(item.id))
      out.invalid.push({
        index: n,
        reason: 'invalid',
        message: `item ${n}: the id ${item.id} appears twice in this file`,
      });
    else {
      seen.add(item.id);
      out.items.push(item);
    }
  }
  const names = new Set(out.items.flatMap((i) => i.tagNames));
  if (names.size > MAX_TAGS)
    return fail(
      `it uses ${names.size} different tags; at most ${MAX_TAGS.toLocaleString('en')} are supported.`,
    );
  if (!out.document) out.document = documentFromItems(out.items, raw);
  out.warnings = warnings.list();
  return ok(out);
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

type Skip = { reason: SkipReason; message: string };
const invalid = (message: string): Skip => ({ reason: 'invalid', message });

/** A target that is another annotation (by id only), as Recogito's relations have. */
const isAnnotationRef = (t: unknown): boolean =>
  isObj(t) &&
  idOf(t) !== undefined &&
  get(t, 'selector') === undefined &&
  get(t, 'source') === undefined;

function readItem(
  r: unknown,
  n: number,
  env: Env,
  warnings: Warnings,
): ImportItem | { tooLong: number } | Skip {
  if (typeof r === 'string')
    return invalid(`item ${n}: is only a link to an annotation, not the annotation itself`);
  if (!isObj(r)) return invalid(`item ${n}: is not an annotation object`);
  const types = typesOf(r);
  if (types.length && !types.includes('Annotation'))
    return invalid(`item ${n}: its type is “${types[0]}”, not “Annotation”`);
  const id = readId(idOf(r), env.uuid);

  // Target: an object or a list (Hypothesis, Recogito); the first with text selectors counts. Our
  // replies target the other annotation by its id and keep their text in marginalia:textTarget.
  const targets = list(get(r, 'target'));
  if (!targets.length) return invalid(`item ${n}: has no target`);
  const textTarget = get(r, 'marginalia:textTarget');
  if (
    !isObj(textTarget) &&
    (list(get(r, 'motivation')).includes('linking') || targets.every(isAnnotationRef))
  )
    return {
      reason: 'linking',
      message: `item ${n}: a linking annotation (it relates other annotations, not a passage of text)`,
    };
  let selectors: TextSelectors | Skip = {
    reason: 'not-text',
    message: `item ${n}: its target is a whole resource, not a passage of text`,
  };
  let source: string | undefined;
  let hash: string | undefined;
  let replyTo = str(get(r, 'marginalia:replyTo'));
  for (const t of isObj(textTarget) ? [textTarget] : targets) {
    if (!isObj(t)) continue;
    const read = readSelectors(t, n, warnings);
    // A malformed text selector outweighs another target's lack of one.
    if (isSelectorProblem(read) && 'reason' in selectors && selectors.reason === 'invalid')
      continue;
    selectors = read;
    const src = get(t, 'source');
    source = str(src) ?? (isObj(src) ? str(idOf(src)) : undefined);
    hash = /^sha256:([0-9a-f]{64})$/i.exec(str(get(t, 'marginalia:contentHash')) ?? '')?.[1];
    if (!isSelectorProblem(selectors)) break;
  }
  if ('reason' in selectors) return selectors;
  if (isObj(textTarget) && isIri(targets[0])) replyTo = targets[0];

  const tagNames: string[] = [];
  const notes: string[] = [];
  const bodyValue = get(r, 'bodyValue');
  if (typeof bodyValue === 'string' && bodyValue.trim()) notes.push(bodyValue);
  for (const b of list(get(r, 'body')).map(choose)) {
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
  if (rawCreated !== undefined && !created) return invalid(`item ${n}: created is not a date`);
  if (rawModified !== undefined && !modified) return invalid(`item ${n}: modified is not a date`);
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
    ...(hash ? { contentHash: hash.toLowerCase() } : {}),
  };
}

/** A `Choice` body stands for its first textual option (the spec's default); others as they are. */
function choose(b: unknown): unknown {
  if (!isObj(b) || !typesOf(b).includes('Choice')) return b;
  const items = list(get(b, 'items'));
  return items.find((o) => isObj(o) && typeof get(o, 'value') === 'string') ?? items[0];
}
