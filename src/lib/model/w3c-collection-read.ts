/**
 * The parts of a W3C file around its items: our collection's document and tag set, or, without
 * them, the document the items agree on. Split from w3c-parse.ts, which reads the items.
 */
import { PALETTE, type DocFormat, type PaletteColor } from './types';
import { MAX_TAGS, MAX_TAG_NAME, get, isObj, list, str, type Obj } from './import-validate';
import type { ImportItem, ParsedImport } from './w3c-parse';

export const isColor = (v: unknown): v is PaletteColor =>
  typeof v === 'string' && (PALETTE as readonly string[]).includes(v);
const stripHash = (h: string | undefined) =>
  h && /^(sha256:)?[0-9a-f]{64}$/i.test(h) ? h.replace(/^sha256:/i, '').toLowerCase() : undefined;

/** Our collection's document and tag set; an error message for a tag set over the limits. */
export function readCollectionExtras(c: Obj, out: ParsedImport): string | null {
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
      ...(format === 'markdown' || format === 'text' ? { format: format as DocFormat } : {}),
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
export function documentFromItems(items: ImportItem[], raw: unknown[]): ParsedImport['document'] {
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
