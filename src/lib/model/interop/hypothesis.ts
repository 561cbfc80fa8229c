/**
 * Hypothesis (hypothes.is) annotations: the API's search answer (`{total, rows}`), a bare list of
 * rows, a single row, and the W3C JSON-LD Hypothesis serves for `.jsonld` links. Rows carry
 * Hypothesis's own fields: `text` (Markdown) → note, `tags` → tags (new ones marked as imported),
 * `user` (`acct:name@host`) → reader, `created`/`updated`, `references` → replies.
 *
 * Hypothesis counts TextPositionSelector offsets in UTF-16 code units (the browser's DOM
 * offsets), not code points: items say so (`positionUnits: 'utf16'`) and the import converts
 * them against the text. RangeSelector (XPath) and FragmentSelector are never used as positions.
 */
import { defaultEnv, type Env, type Result } from '../types';
import { parseW3C, type ImportItem, type ImportTag, type ParsedImport } from '../w3c-parse';
import {
  MAX_ITEMS,
  MAX_TAGS,
  MAX_TAG_NAME,
  Warnings,
  accountName,
  checkStructure,
  get,
  idOf,
  isObj,
  list,
  readDate,
  str,
  typesOf,
  type Obj,
  type Skipped,
  type SkipReason,
} from '../import-validate';
import { isSelectorProblem, readSelectors, type TextSelectors } from '../import-selectors';
import type { ImportFormat } from './format';

export const IMPORTED_FROM_HYPOTHESIS = 'Imported from Hypothesis';

/** Fields only a Hypothesis row has (a W3C annotation has `type` instead). */
const ROW_KEYS = ['uri', 'user', 'text', 'tags', 'permissions', 'links', 'group', 'document'];
const isRow = (v: unknown): v is Obj =>
  isObj(v) &&
  !typesOf(v).length &&
  get(v, '@context') === undefined &&
  get(v, 'target') !== undefined &&
  ROW_KEYS.some((k) => get(v, k) !== undefined);
const isSearchAnswer = (v: unknown): v is Obj =>
  isObj(v) && Array.isArray(get(v, 'rows')) && typeof get(v, 'total') === 'number';
/** Hypothesis's JSON-LD: W3C annotations with hypothes.is ids or `acct:` creators. */
const isJsonLd = (v: unknown): boolean =>
  isObj(v) &&
  typesOf(v).includes('Annotation') &&
  (/^https:\/\/hypothes\.is\/a\//.test(str(idOf(v)) ?? '') ||
    /^acct:/.test(str(get(v, 'creator')) ?? ''));

export const hypothesis: ImportFormat = {
  id: 'hypothesis',
  name: 'Hypothesis',
  recognizes: (json) =>
    isSearchAnswer(json) ||
    isRow(json) ||
    isJsonLd(json) ||
    (Array.isArray(json) && json.length > 0 && (json.every(isRow) || json.every(isJsonLd))),
  parse: (json, env = defaultEnv) => {
    try {
      return parseHypothesis(json, env);
    } catch (err) {
      return {
        ok: false,
        error: `this data could not be read (${err instanceof Error ? err.message : 'unknown error'}).`,
      };
    }
  },
};

/** Selector warnings other than “X is not supported” (Hypothesis always adds Range and Fragment
 * selectors, which are expected and not worth a line in the report). */
class SelectorWarnings extends Warnings {
  override add(kind: string, item?: number): void {
    if (!kind.endsWith('is not supported and was ignored')) super.add(kind, item);
  }
}

type Skip = { reason: SkipReason; message: string };
type Row = { n: number; item: ImportItem; root?: string };

function parseHypothesis(json: unknown, env: Env): Result<ParsedImport> {
  const bad = checkStructure(json);
  if (bad) return { ok: false, error: bad };
  if (isJsonLd(json) || (Array.isArray(json) && json.length && json.every(isJsonLd)))
    return fromJsonLd(json, env);
  const rows = isSearchAnswer(json) ? list(get(json, 'rows')) : list(json);
  if (rows.length > MAX_ITEMS)
    return {
      ok: false,
      error: `it holds ${rows.length} annotations; at most ${MAX_ITEMS.toLocaleString('en')} can be imported at once.`,
    };
  const page = mainPage(rows);
  const warnings = new SelectorWarnings();
  const invalid: Skipped[] = [];
  const read: Row[] = [];
  rows.forEach((r, i) => {
    const row = readRow(r, i + 1, page, env, warnings);
    if ('reason' in row) invalid.push({ index: i + 1, ...row });
    else read.push(row);
  });
  // Replies have no selector of their own: they are shown on the passage of the annotation that
  // starts their thread (`references[0]`), which must be in the file.
  const byId = new Map(read.map((r) => [r.item.id, r]));
  const items: ImportItem[] = [];
  const seen = new Set<string>();
  for (const r of read) {
    if (r.root !== undefined) {
      const root = byId.get(r.root);
      if (!root || root.root !== undefined) {
        invalid.push({
          index: r.n,
          reason: root ? 'page-note' : 'invalid',
          message: `item ${r.n}: a reply in a thread whose first annotation is ${root ? 'a page note' : 'not in this file'}`,
        });
        continue;
      }
      r.item.target = root.item.target;
    }
    if (seen.has(r.item.id)) {
      invalid.push({
        index: r.n,
        reason: 'invalid',
        message: `item ${r.n}: the id ${r.item.id} appears twice in this file`,
      });
      continue;
    }
    seen.add(r.item.id);
    items.push(r.item);
  }
  invalid.sort((a, b) => a.index - b.index);
  const tags = importedTags(items);
  if (tags.length > MAX_TAGS)
    return {
      ok: false,
      error: `it uses ${tags.length} different tags; at most ${MAX_TAGS.toLocaleString('en')} are supported.`,
    };
  const title = rows.map((r) => (isObj(r) ? titleOf(r) : undefined)).find(Boolean);
  return {
    ok: true,
    value: {
      ...(page || title
        ? { document: { ...(page ? { id: page } : {}), ...(title ? { title } : {}) } }
        : {}),
      tags,
      items,
      invalid,
      warnings: warnings.list(),
    },
  };
}

/** The page most rows are on (ties: the first seen); rows on other pages are skipped. */
function mainPage(rows: unknown[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const uri = isObj(r) ? uriOf(r) : undefined;
    if (uri) counts.set(uri, (counts.get(uri) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [uri, c] of counts) if (best === undefined || c > counts.get(best)!) best = uri;
  return best;
}

const uriOf = (r: Obj): string | undefined => {
  const t = list(get(r, 'target')).find(isObj);
  return str(get(r, 'uri')) ?? (t ? str(get(t, 'source')) : undefined);
};
const titleOf = (r: Obj): string | undefined => {
  const d = get(r, 'document');
  const t = isObj(d) ? list(get(d, 'title')).find((x) => typeof x === 'string') : undefined;
  return typeof t === 'string' && t.trim() ? t.trim().slice(0, 500) : undefined;
};
/** Hypothesis ids are short url-safe strings; as IRIs, the annotation's public address (the
 * same id its JSON-LD uses), so a file imported twice finds the same annotations. */
const iriOf = (id: string) => `https://hypothes.is/a/${encodeURIComponent(id)}`;

function readRow(
  r: unknown,
  n: number,
  page: string | undefined,
  env: Env,
  warnings: Warnings,
): Row | Skip {
  const invalid = (message: string): Skip => ({
    reason: 'invalid',
    message: `item ${n}: ${message}`,
  });
  if (!isObj(r)) return invalid('is not an annotation object');
  const rawId = str(get(r, 'id'))?.trim();
  const id = rawId ? iriOf(rawId) : `urn:uuid:${env.uuid()}`;
  const uri = uriOf(r);
  if (page && uri && uri !== page)
    return { reason: 'other-document', message: `item ${n}: it is on another page (${uri})` };
  const references = list(get(r, 'references')).filter((x): x is string => typeof x === 'string');

  let selectors: TextSelectors | undefined;
  for (const t of list(get(r, 'target'))) {
    if (!isObj(t)) continue;
    const s = readSelectors(t, n, warnings);
    if (!isSelectorProblem(s)) {
      selectors = s;
      break;
    }
    if (s.reason === 'invalid') return s;
  }
  if (!selectors && !references.length)
    return {
      reason: 'page-note',
      message: `item ${n}: a page note (about the whole page, not a passage)`,
    };

  const tagNames: string[] = [];
  for (const t of list(get(r, 'tags'))) {
    const name = typeof t === 'string' ? t.trim() : '';
    if (name.length > MAX_TAG_NAME)
      return invalid(
        `a tag is ${name.length} characters long; at most ${MAX_TAG_NAME} are supported`,
      );
    if (name && !tagNames.includes(name)) tagNames.push(name);
  }
  const rawCreated = get(r, 'created');
  const rawUpdated = get(r, 'updated');
  const created = readDate(rawCreated);
  const updated = readDate(rawUpdated);
  if (rawCreated !== undefined && !created) return invalid('created is not a date');
  if (rawUpdated !== undefined && !updated) return invalid('updated is not a date');
  const createdIso = created ?? updated ?? env.now().toISOString();
  const info = get(r, 'user_info');
  const display = isObj(info) ? str(get(info, 'display_name'))?.trim() : undefined;
  const creator = (display || accountName(str(get(r, 'user'))) || 'Unknown reader').slice(0, 200);
  const item: ImportItem = {
    id,
    target: selectors ?? {},
    tagNames,
    note: str(get(r, 'text')) ?? '',
    creator,
    created: createdIso,
    modified: updated ?? createdIso,
    ...(references.length ? { replyTo: iriOf(references.at(-1)!) } : {}),
    ...(uri ? { source: uri } : {}),
    positionUnits: 'utf16',
  };
  return { n, item, ...(selectors ? {} : { root: iriOf(references[0]) }) };
}

/** Tags of the file, each marked as imported (the definition shows as the tag's tooltip). */
function importedTags(items: ImportItem[]): ImportTag[] {
  const names = new Map<string, string>();
  for (const i of items)
    for (const t of i.tagNames)
      if (!names.has(t.toLocaleLowerCase())) names.set(t.toLocaleLowerCase(), t);
  return [...names.values()].map((name) => ({ name, definition: IMPORTED_FROM_HYPOTHESIS }));
}

/** Hypothesis's JSON-LD is W3C-shaped: read as W3C, then positions marked as UTF-16 units. */
function fromJsonLd(json: unknown, env: Env): Result<ParsedImport> {
  const parsed = parseW3C(json, env);
  if (!parsed.ok) return parsed;
  const items = parsed.value.items.map((i) => ({ ...i, positionUnits: 'utf16' as const }));
  return { ok: true, value: { ...parsed.value, items, tags: importedTags(items) } };
}
