/**
 * Validation for imported files: size and structure limits, JSON errors in plain words, and the
 * per-item checks of selectors, dates and creators. Every function here accepts any value and
 * never throws; problems are returned as messages naming the item the reader sees (1-based).
 * Only own properties are read (`__proto__`, `constructor` and inherited keys never are), and
 * nothing read from a file is ever assigned onto an object by its own key.
 */
import type { Result, TextPositionSelector } from './types';

export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
export const MAX_DEPTH = 64;
export const MAX_ITEMS = 100_000;
export const MAX_TAGS = 1_000;
export const MAX_TAG_NAME = 200;
export const MAX_STRING = 1024 * 1024;
const MAX_NODES = 5_000_000;

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** Own property only: inherited keys (`__proto__`, `constructor`, `toString`…) read as absent. */
export const get = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** JSON-LD lets a property hold one value or a list: both read as a list. */
export const list = (v: unknown): unknown[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
/** `type` (or `@type`), one or several. */
export const typesOf = (o: Obj): string[] =>
  list(get(o, 'type') ?? get(o, '@type')).filter((t): t is string => typeof t === 'string');
export const idOf = (o: Obj): unknown => get(o, 'id') ?? get(o, '@id');

/** Why an item of a file was not imported; the report counts items by reason. */
export type SkipReason = 'not-text' | 'other-document' | 'page-note' | 'linking' | 'invalid';

/** An item left out of an import: its number in the file (1-based), the reason and a message. */
export interface Skipped {
  index: number;
  message: string;
  /** Absent means 'invalid' (files read before reasons were recorded). */
  reason?: SkipReason;
}

export function checkImportSize(name: string, bytes: number): Result<null> {
  if (bytes === 0) return { ok: false, error: `“${name}” is empty.` };
  if (bytes > MAX_IMPORT_BYTES)
    return {
      ok: false,
      error: `“${name}” is ${Math.round(bytes / 1048576)} MB; annotation files can be at most ${MAX_IMPORT_BYTES / 1048576} MB.`,
    };
  return { ok: true, value: null };
}

/** JSON.parse with a plain-words error giving the line and column of the first mistake (engines
 * disagree on whether and how they report it, so it is located here). A leading BOM is allowed. */
export function parseJsonText(text: string): Result<unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trim()) return { ok: false, error: 'this file is empty.' };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    const at = jsonErrorOffset(body);
    if (at < 0)
      return {
        ok: false,
        error: `this file is not valid JSON (${err instanceof Error ? err.message.slice(0, 200) : String(err)}).`,
      };
    if (at >= body.length)
      return {
        ok: false,
        error: 'this file is not valid JSON: it ends too early (it may have been cut off).',
      };
    const line = countLines(body, at);
    const column = at - body.lastIndexOf('\n', at - 1);
    const found = JSON.stringify([...body.slice(at, at + 1)][0] ?? '');
    return {
      ok: false,
      error: `this file is not valid JSON: unexpected ${found} at line ${line}, column ${column}.`,
    };
  }
}

function countLines(s: string, end: number): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i !== -1 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

/** Offset of the first JSON syntax error in `s` (s.length when it ends too early), or -1. */
function jsonErrorOffset(s: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const expect = (c: string) => (s[i] === c ? i++ : fail());
  const string = () => {
    expect('"');
    STRING_BODY.lastIndex = i;
    STRING_BODY.test(s);
    i = STRING_BODY.lastIndex;
    expect('"');
  };
  const value = (depth: number): void => {
    ws();
    const c = s[i];
    if (depth > 10_000) fail();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          string();
          ws();
          expect(':');
        }
        value(depth + 1);
        ws();
        if (s[i] === ',') i++;
        else return void expect(close);
      }
    }
    if (c === '"') return string();
    for (const lit of ['true', 'false', 'null'])
      if (s.startsWith(lit, i)) return void (i += lit.length);
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) return void (i = NUMBER.lastIndex);
    fail();
  };
  try {
    value(0);
    ws();
    return i < s.length ? i : -1;
  } catch (at) {
    return typeof at === 'number' ? at : -1;
  }
}

/** Rejects structures no honest export has, before anything walks them: too deep (this also
 * stops cycles), strings over 1 MB, or an absurd number of values. */
export function checkStructure(json: unknown): string | null {
  const stack: [unknown, number][] = [[json, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > MAX_DEPTH) return `the data is nested too deeply (more than ${MAX_DEPTH} levels).`;
    if (typeof v === 'string' && v.length > MAX_STRING)
      return 'a text value in it is longer than 1 MB.';
    if (typeof v !== 'object' || v === null) continue;
    if (++nodes > MAX_NODES) return 'it holds too many values.';
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return null;
}

/** Collects warnings by kind, so 10,000 items with the same issue give one line naming a few. */
export class Warnings {
  #byKind = new Map<string, number[]>();
  add(kind: string, item?: number): void {
    const items = this.#byKind.get(kind) ?? [];
    if (item !== undefined && items.at(-1) !== item) items.push(item);
    this.#byKind.set(kind, items);
  }
  list(): string[] {
    return [...this.#byKind].map(([kind, items]) => {
      if (!items.length) return kind;
      const shown = items.slice(0, 5).join(', ');
      const more = items.length > 5 ? ` and ${items.length - 5} more` : '';
      return `${kind} (${items.length === 1 ? 'item' : 'items'} ${shown}${more})`;
    });
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An ISO 8601 date-time as stored: unchanged when it carries a time zone (so round trips are
 * exact), with `Z` added when it has none, midnight UTC for a bare date; null when not a date.
 */
export function readDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let iso: string;
  if (DATE_ONLY.test(s)) iso = `${s}T00:00:00.000Z`;
  else {
    const m = DATE_TIME.exec(s);
    if (!m) return null;
    iso = m[3] ? s : `${s}Z`;
  }
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** The creator's display name: a string, an Agent's name or nickname (else its id), the first
 * of a list; trimmed and at most 200 characters. A Hypothesis account (`acct:name@host`) gives
 * its name. */
export function readCreator(v: unknown): string | undefined {
  const c = list(v)[0];
  const name =
    typeof c === 'string'
      ? c
      : isObj(c)
        ? (str(get(c, 'name')) ?? str(get(c, 'nickname')) ?? str(idOf(c)))
        : undefined;
  return accountName(name)?.trim().slice(0, 200) || undefined;
}

/** `acct:name@host` (Hypothesis users) → `name`; anything else unchanged. */
export function accountName(v: string | undefined): string | undefined {
  const m = v ? /^acct:([^@\s]+)@\S+$/.exec(v.trim()) : null;
  return m ? m[1] : v;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** An item's id as an IRI: kept when it is one, a bare UUID (or Recogito's `#uuid`) becomes
 * `urn:uuid:…`, so importing the same file again finds the same annotations; otherwise (missing
 * or not an IRI) a new `urn:uuid:` from `uuid`. */
export function readId(v: unknown, uuid: () => string): string {
  if (typeof v === 'string') {
    const s = v.trim().replace(/^#(?=[0-9a-f]{8}-)/i, '');
    if (UUID.test(s)) return `urn:uuid:${s.toLowerCase()}`;
    if (IRI.test(s) && s.length <= 2048) return s;
  }
  return `urn:uuid:${uuid()}`;
}

export const isIri = (v: unknown): v is string =>
  typeof v === 'string' && IRI.test(v) && v.length <= 2048;

/** Message when a position cannot lie in a text of `textLength` code points, else null. */
export function checkRange(
  itemNumber: number,
  position: TextPositionSelector,
  textLength: number,
): string | null {
  if (position.end > textLength)
    return `item ${itemNumber}: TextPositionSelector end (${position.end}) is beyond the end of the text (${textLength} characters)`;
  return null;
}
