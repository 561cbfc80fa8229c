/**
 * Checks one annotation record received from a live class (a value of the room's Y.Map) with
 * the import validation's rules: own properties only, selectors as `readSelectors` demands,
 * dates as `readDate` reads them, ids as IRIs, positions inside the text, bounded strings.
 * Returns a clean copy built field by field (nothing received is assigned by its own key), or
 * a message naming the problem. Never throws.
 */
import {
  MAX_STRING,
  MAX_TAGS,
  Warnings,
  checkRange,
  get,
  isIri,
  isObj,
  readDate,
} from '../model/import-validate';
import { isSelectorProblem, readSelectors } from '../model/import-selectors';
import {
  PALETTE,
  type Annotation,
  type AnnotationEdit,
  type PaletteColor,
  type Result,
} from '../model/types';

const MAX_CREATOR = 200;

export interface RecordContext {
  /** The document every record must belong to. */
  docId: string;
  /** Length of its text in code points: positions must lie inside it. */
  textLength: number;
}

export function readAnnotationRecord(
  key: string,
  value: unknown,
  ctx: RecordContext,
): Result<Annotation> {
  const fail = (why: string): Result<Annotation> => ({
    ok: false,
    error: `annotation ${JSON.stringify(key.slice(0, 80))}: ${why}`,
  });
  if (!isObj(value)) return fail('is not an object');
  const id = get(value, 'id');
  if (!isIri(id) || id !== key) return fail('its id is missing or differs from its key');
  if (get(value, 'docId') !== ctx.docId) return fail('belongs to another document');

  const target = get(value, 'target');
  if (!isObj(target)) return fail('has no target');
  const sel = readSelectors(
    { selector: [get(target, 'quote'), get(target, 'position')] },
    1,
    new Warnings(),
  );
  if (isSelectorProblem(sel)) return fail(sel.message.replace(/^item 1: /, ''));
  if (!sel.quote || !sel.position) return fail('needs both a quote and a position selector');
  if (sel.quote.exact.length > MAX_STRING) return fail('its quote is longer than 1 MB');
  const edit = readEdit(get(value, 'edit'));
  if (edit === null) return fail('its edit mark is not an edit outcome of a text version');
  // A passage a text edit deleted keeps its old target (never placed): it may lie beyond the text.
  const range = edit?.outcome === 'lost' ? null : checkRange(1, sel.position, ctx.textLength);
  if (range) return fail(range.replace(/^item 1: /, ''));

  const tags = get(value, 'tags') ?? [];
  if (
    !Array.isArray(tags) ||
    tags.length > MAX_TAGS ||
    !tags.every((t) => isIri(t) || isShortId(t))
  )
    return fail('its tags are not a list of tag ids');
  const note = get(value, 'note') ?? '';
  if (typeof note !== 'string' || note.length > MAX_STRING)
    return fail('its note is not text up to 1 MB');
  const creator = get(value, 'creator');
  if (typeof creator !== 'string' || creator.length > MAX_CREATOR)
    return fail(`its creator is not a name of up to ${MAX_CREATOR} characters`);
  const created = readDate(get(value, 'created'));
  const modified = readDate(get(value, 'modified'));
  if (!created || !modified) return fail('its created or modified date is not an ISO 8601 date');
  const color = get(value, 'color');
  if (color !== undefined && !(PALETTE as readonly string[]).includes(color as string))
    return fail('its colour is not one of the palette');
  const replyTo = get(value, 'replyTo');
  if (replyTo !== undefined && !isIri(replyTo)) return fail('it replies to an invalid id');
  const prompt = get(value, 'prompt');
  if (prompt !== undefined && typeof prompt !== 'boolean')
    return fail('its prompt flag is not true/false');

  return {
    ok: true,
    value: {
      id,
      docId: ctx.docId,
      target: { quote: sel.quote, position: sel.position },
      tags: [...(tags as string[])],
      note,
      ...(color !== undefined ? { color: color as PaletteColor } : {}),
      creator,
      created,
      modified,
      ...(replyTo !== undefined ? { replyTo } : {}),
      ...(prompt !== undefined ? { prompt } : {}),
      ...(edit ? { edit } : {}),
    },
  };
}

const OUTCOMES: readonly AnnotationEdit['outcome'][] = ['changed', 'adjusted', 'lost'];

/**
 * `Annotation.edit` (what a text edit did to the passage, model/types.ts), rebuilt field by
 * field: undefined when absent, null when present but not an edit mark.
 */
function readEdit(v: unknown): AnnotationEdit | undefined | null {
  if (v === undefined) return undefined;
  if (!isObj(v)) return null;
  const outcome = get(v, 'outcome');
  const oldQuote = get(v, 'oldQuote');
  const version = get(v, 'version');
  const reviewed = get(v, 'reviewed');
  if (
    !OUTCOMES.includes(outcome as AnnotationEdit['outcome']) ||
    typeof oldQuote !== 'string' ||
    oldQuote.length > MAX_STRING ||
    !Number.isSafeInteger(version) ||
    (version as number) < 1 ||
    (reviewed !== undefined && typeof reviewed !== 'boolean')
  )
    return null;
  return {
    outcome: outcome as AnnotationEdit['outcome'],
    oldQuote,
    version: version as number,
    ...(reviewed !== undefined ? { reviewed } : {}),
  };
}

/** Tag ids are IRIs or short tokens (as the tag model makes them). */
function isShortId(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= 200;
}
