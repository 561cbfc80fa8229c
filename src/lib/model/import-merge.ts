import type { ParsedImport } from './w3c-parse';

/**
 * Several files for one document as one import: tags by name, items by id (the most recently
 * modified copy wins), and each file's problems prefixed with its name. A reader's name found
 * in two files that share no annotation is probably two people with one name: they would show
 * as one reader, so the report warns. Each item keeps the SHA-256 of the text its file was made
 * on (`contentHash`), since `document` is only the first file's.
 */
export function mergeImports(
  names: readonly string[],
  list: readonly ParsedImport[],
): ParsedImport {
  if (list.length === 1) return list[0];
  const tags = new Map<string, ParsedImport['tags'][number]>();
  const items = new Map<string, ParsedImport['items'][number]>();
  const invalid: ParsedImport['invalid'] = [];
  const warnings: string[] = [];
  let n = 0;
  const seen = new Map<string, { file: number; ids: Set<string> }>();
  list.forEach((p, i) => {
    const mine = new Map<string, Set<string>>();
    for (const it of p.items) mine.set(it.creator, (mine.get(it.creator) ?? new Set()).add(it.id));
    for (const [who, ids] of mine) {
      const before = seen.get(who);
      if (!before) seen.set(who, { file: i, ids });
      else if (before.file !== i && ![...ids].some((id) => before.ids.has(id))) {
        warnings.push(
          `“${names[before.file]}” and “${names[i]}” are both by “${who}” but share no annotation: if they are two people, they will show as one reader.`,
        );
      }
    }
    for (const t of p.tags)
      if (!tags.has(t.name.toLocaleLowerCase())) tags.set(t.name.toLocaleLowerCase(), t);
    // Each item keeps the text version its file was made on: hand-ins made on different
    // versions are each carried from their own (issue 16).
    const fileHash = p.document?.contentHash;
    for (const item of p.items) {
      const it = item.contentHash || !fileHash ? item : { ...item, contentHash: fileHash };
      const had = items.get(it.id);
      if (!had || Date.parse(it.modified) > Date.parse(had.modified)) items.set(it.id, it);
    }
    for (const bad of p.invalid)
      invalid.push({ ...bad, index: ++n, message: `“${names[i]}”: ${bad.message}` });
    for (const w of p.warnings) warnings.push(`“${names[i]}”: ${w}`);
  });
  return {
    document: list[0].document,
    tags: [...tags.values()],
    items: [...items.values()],
    invalid,
    warnings,
  };
}
