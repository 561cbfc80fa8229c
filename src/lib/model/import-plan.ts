import type { Anchor, Annotation, Env, Tag } from './types';
import type { ImportItem, ParsedImport } from './w3c';
import type { TextIndex } from './text-index';
import { anchor } from './anchor';
import { describeRange } from './selectors';
import { checkRange } from './w3c';
import { newTagId, nextColor } from './tags';
import type { Skipped } from './import-validate';
import { skipLines } from './import-skips';
import type { Carried } from './version-carry';

export { skipLines, skipCounts, SKIP_LABELS } from './import-skips';

export interface ImportReport {
  fresh: number;
  present: number;
  updated: number;
  exact: number;
  fuzzy: number;
  unplaced: number;
  /** Of the placed and unplaced: items made on an older version of the text, carried through
   * its saved edits (never searched for); the rest were anchored by their quote. */
  carried?: number;
  /** Items not imported, each with its reason (see `skipLines`). */
  invalid: Skipped[];
  warnings: string[];
  newTags: string[];
}

export interface ImportPlan {
  docId: string;
  /** Annotations to write (new and updated), tags remapped to the document's tag set. */
  put: Annotation[];
  /** The document's tag set after the import (existing tags first, new ones appended). */
  tags: Tag[];
  report: ImportReport;
}

export interface PlanContext {
  docId: string;
  index: TextIndex;
  /** The document's stored annotations (only ids and modification times are read). */
  existing: readonly Pick<Annotation, 'id' | 'modified'>[];
  tags: readonly Tag[];
  env: Env;
  /** Told how many items are planned so far, every PROGRESS_STEP items and at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Items made on an older version of the text: where the saved edits carry them (null: the
   * maps cannot say, anchor by quote). With the current version's number for `edit` flags. */
  carry?: { version: number; item: (item: ImportItem) => Carried | null };
}

/** How often `planImport` reports progress, in items. */
export const PROGRESS_STEP = 500;

/**
 * Decides what an import would do, without writing anything: which items are new, already
 * present (same id, not newer), or updates (same id, newer `modified`); where each anchors in the
 * target text; which tags must be created. Importing the same file twice yields nothing to put.
 */
export function planImport(parsed: ParsedImport, ctx: PlanContext): ImportPlan {
  const existing = new Map(ctx.existing.map((a) => [a.id, a]));
  const tags = [...ctx.tags];
  const byName = new Map(tags.map((t) => [t.name.toLocaleLowerCase(), t]));
  const newTags: string[] = [];
  const importedTag = new Map(parsed.tags.map((t) => [t.name.toLocaleLowerCase(), t]));

  const byId = new Map(tags.map((t) => [t.id, t]));
  // A tag is matched by the id the file's tag set gives it first (a tag the teacher renamed in a
  // later packet revision is still the same tag), then by name.
  const tagId = (name: string): string => {
    const key = name.trim().toLocaleLowerCase();
    const fileId = importedTag.get(key)?.id;
    let tag = (fileId ? byId.get(fileId) : undefined) ?? byName.get(key);
    if (!tag) {
      const src = importedTag.get(key);
      tag = {
        id: newTagId(ctx.env),
        name: name.trim(),
        color: src?.color ?? nextColor(tags),
        ...(src?.definition ? { definition: src.definition } : {}),
      };
      tags.push(tag);
      byName.set(key, tag);
      newTags.push(tag.name);
    }
    return tag.id;
  };

  const report: ImportReport = {
    fresh: 0,
    present: 0,
    updated: 0,
    exact: 0,
    fuzzy: 0,
    unplaced: 0,
    invalid: [...parsed.invalid],
    warnings: [...parsed.warnings],
    newTags,
  };
  const put: Annotation[] = [];
  const disagree: number[] = [];
  const total = parsed.items.length;
  parsed.items.forEach((raw, i) => {
    if (ctx.onProgress && i > 0 && i % PROGRESS_STEP === 0) ctx.onProgress(i, total);
    const item = inCodePoints(raw, ctx.index);
    const rangeProblem =
      item.target.position && !item.target.quote
        ? checkRange(i + 1, item.target.position, ctx.index.length)
        : null;
    if (rangeProblem) {
      report.invalid.push({ index: i + 1, reason: 'invalid', message: rangeProblem });
      return;
    }
    const old = existing.get(item.id);
    if (old && !(Date.parse(item.modified) > Date.parse(old.modified))) {
      report.present++;
      return;
    }
    const carried = ctx.carry?.item(item) ?? null;
    if (carried) report.carried = (report.carried ?? 0) + 1;
    const placed: Anchor = !carried
      ? anchor(ctx.index, item.target)
      : carried.outcome === 'lost'
        ? { status: 'orphan' }
        : { status: 'exact', start: carried.start, end: carried.end };
    if (placed.status === 'exact') report.exact++;
    else if (placed.status === 'fuzzy') report.fuzzy++;
    else report.unplaced++;
    if (old) report.updated++;
    else report.fresh++;
    const { quote, position } = item.target;
    if (
      quote &&
      position &&
      placed.status !== 'orphan' &&
      (placed.start !== position.start || placed.end !== position.end) &&
      ctx.index.slice(position.start, position.end) !== quote.exact
    )
      disagree.push(i + 1);
    const a = toAnnotation(item, ctx, placed.status === 'orphan' ? null : placed, tagId);
    if (carried && carried.outcome !== 'unchanged')
      a.edit = {
        outcome: carried.outcome,
        oldQuote: item.target.quote?.exact ?? '',
        version: ctx.carry!.version,
      };
    put.push(a);
  });
  ctx.onProgress?.(total, total);
  if (disagree.length)
    report.warnings.push(
      `the position did not fit the quote, so the quote was trusted (${disagree.length === 1 ? 'item' : 'items'} ${disagree.slice(0, 5).join(', ')}${disagree.length > 5 ? ` and ${disagree.length - 5} more` : ''})`,
    );
  return { docId: ctx.docId, put, tags, report };
}

/** An item whose position counts UTF-16 units (Hypothesis) with its position in code points of
 * this text; a position beyond the text is left as it is, for the range check to report. */
function inCodePoints(item: ImportItem, index: TextIndex): ImportItem {
  const p = item.target.position;
  if (item.positionUnits !== 'utf16' || !p || p.end > index.text.length) return item;
  return {
    ...item,
    target: {
      ...item.target,
      position: {
        type: 'TextPositionSelector',
        start: index.toCodePoint(p.start),
        end: index.toCodePointCeil(p.end),
      },
    },
  };
}

function toAnnotation(
  item: ImportItem,
  ctx: PlanContext,
  placed: { start: number; end: number } | null,
  tagId: (name: string) => string,
): Annotation {
  // Anchored items get selectors recomputed against this text, so they stay consistent with it;
  // unplaced ones keep what the file said, so nothing of the original is lost.
  const target = placed
    ? describeRange(ctx.index, placed.start, placed.end)
    : {
        quote: item.target.quote ?? {
          type: 'TextQuoteSelector' as const,
          exact: '',
          prefix: '',
          suffix: '',
        },
        position: item.target.position ?? {
          type: 'TextPositionSelector' as const,
          start: 0,
          end: 0,
        },
      };
  const tags = [...new Set(item.tagNames.filter((n) => n.trim()).map(tagId))];
  return {
    id: item.id,
    docId: ctx.docId,
    target,
    tags,
    note: item.note,
    ...(item.color && tags.length === 0 ? { color: item.color } : {}),
    creator: item.creator,
    created: item.created,
    modified: item.modified,
    ...(item.replyTo ? { replyTo: item.replyTo } : {}),
    ...(item.prompt ? { prompt: true } : {}),
  };
}

/** One sentence for the import report, e.g. "3 new, 1 already present, 0 updated; …; 2
 * skipped (1 a page note, 1 invalid)". */
export function describeReport(r: ImportReport): string {
  const parts = [`${r.fresh} new`, `${r.present} already present`, `${r.updated} updated`];
  const carried = r.carried ? ` (${r.carried} carried through the text's saved edits)` : '';
  const anchoring = `${r.exact} anchor exactly, ${r.fuzzy} fuzzily, ${r.unplaced} unplaced${carried}`;
  const skipped = r.invalid.length
    ? `; ${r.invalid.length} skipped (${skipLines(r.invalid).join(', ')})`
    : '';
  return `${parts.join(', ')}; ${anchoring}${skipped}.`;
}
