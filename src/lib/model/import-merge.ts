import type { ParsedImport } from './w3c-parse';

/// Several files for one document as one import: tags by name, items by id (the most recently
/// modified copy wins), and each file's problems prefixed with its name.
export function mergeImports(names: readonly string[], list: readonly ParsedImport[]): ParsedImport {
  if (list.length === 1) return list[0];
  const tags = new Map<string, ParsedImport['tags'][number]>();
  const items = new Map<string, ParsedImport['items'][number]>();
  const invalid: ParsedImport['invalid'] = [];
  const warnings: string[] = [];
  let n = 0;
  list.forEach((p, i) => {
    for (const t of p.tags) if (!tags.has(t.name.toLocaleLowerCase())) tags.set(t.name.toLocaleLowerCase(), t);
    for (const it of p.items) {
      const had = items.get(it.id);
      if (!had || Date.parse(it.modified) > Date.parse(had.modified)) items.set(it.id, it);
    }
    for (const bad of p.invalid) invalid.push({ index: ++n, message: `“${names[i]}”: ${bad.message}` });
    for (const w of p.warnings) warnings.push(`“${names[i]}”: ${w}`);
  });
  return { document: list[0].document, tags: [...tags.values()], items: [...items.values()], invalid, warnings };
}
