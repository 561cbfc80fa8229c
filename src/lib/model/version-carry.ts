import type { AnnotationTarget, DocFormat, EditMap, TextVersion } from './types';
import { versionText } from './edit-source';
import type { ImportItem } from './w3c';
import { TextIndex } from './text-index';
import { traceRange, type EditOutcome } from './text-edit';
import { isValidRange } from './selectors';

/** What a target made on an older version became on the current text. */
export type Carried =
  { outcome: Exclude<EditOutcome, 'lost'>; start: number; end: number } | { outcome: 'lost' };

/**
 * Carries targets made on an older version of a text to the current one through the stored
 * edit maps (issue 16), before any quote search: work exported, handed in or backed up on
 * version N lands on exactly the characters it covered. Built from the document's stored
 * versions (oldest first) and its format (a block document's version is read to its plain text,
 * which the maps count in); `versionOf` names the version whose SHA-256 is `hash`.
 */
export class VersionCarrier {
  readonly #byHash = new Map<string, TextVersion>();
  readonly #texts = new Map<number, TextIndex>();

  constructor(
    private versions: readonly TextVersion[],
    private format: DocFormat = 'text',
  ) {
    for (const v of versions)
      if (!this.#byHash.has(v.contentHash)) this.#byHash.set(v.contentHash, v);
  }

  /** The version whose text has this SHA-256 (lowercase hex), if stored. */
  versionOf(hash: string | undefined): number | undefined {
    return hash ? this.#byHash.get(hash)?.n : undefined;
  }

  /** The map from version `n` to the newest stored one. */
  mapFrom(n: number): EditMap {
    return this.versions.filter((v) => v.n > n).flatMap((v) => v.map ?? []);
  }

  /**
   * Carries a target made on version `n`. Null when the maps cannot say: no position, the
   * position does not hold the quote on that version's text, or that version cannot be read;
   * the caller then anchors by quote as for any file.
   */
  carry(n: number, target: Partial<AnnotationTarget>): Carried | null {
    const v = this.versions.find((x) => x.n === n);
    const pos = target.position;
    if (!v || !pos) return null;
    let index = this.#texts.get(n);
    if (!index) {
      const text = versionText(v.source, this.format);
      if (!text.ok) return null;
      this.#texts.set(n, (index = new TextIndex(text.value)));
    }
    if (!isValidRange(index.length, pos.start, pos.end)) return null;
    if (target.quote && index.slice(pos.start, pos.end) !== target.quote.exact) return null;
    const t = traceRange(this.mapFrom(n), pos.start, pos.end);
    return t.outcome === 'lost' ? { outcome: 'lost' } : t;
  }
}

/** What carrying imported work needs (structured-cloneable: it is sent to the import worker). */
export interface CarryInput {
  /** The document's current version. */
  version: number;
  /** Its stored versions, oldest first. */
  versions: TextVersion[];
  /** The document's format (absent: plain text). */
  format?: DocFormat;
}

/**
 * `planImport`'s `carry` for work that names the text it was made on: each item by its own
 * `contentHash` (our exports name it on every target; merged hand-ins keep their file's), else
 * by `hash`, the file's. Undefined while the document has one version; an item made on the
 * current version, or on one this library does not have, gets null (it is placed by quote).
 */
export function carryItems(
  input: CarryInput,
  hash: string | undefined,
): { version: number; item: (item: ImportItem) => Carried | null } | undefined {
  if (input.version <= 1 || input.versions.length < 2) return undefined;
  const carrier = new VersionCarrier(input.versions, input.format);
  return {
    version: input.version,
    item: (item) => {
      const n = carrier.versionOf(item.contentHash ?? hash);
      return n === undefined || n === input.version ? null : carrier.carry(n, item.target);
    },
  };
}
