/**
 * The fields of a reading packet file (packet.ts), each read and checked on its own: the document,
 * the packet info (also as a backup's stored packet record), the text's history, the tag set and
 * each prompt. Every reader returns the value or a message naming the problem.
 */
import { isFormatId } from './blocks';
import {
  isColor,
  type Annotation,
  type DocFormat,
  type Env,
  type PacketInfo,
  type Tag,
} from './types';
import type { ImportItem, ImportTag } from './w3c-parse';
import { get, isIri, isObj, readCreator, readDate, shown, str, type Obj } from './import-validate';
import { TextIndex } from './text-index';
import { anchor } from './anchor';
import { describeRange } from './selectors';
import { nextColor } from './tags';
import { isEditMap, type EditMap } from './edit-map';

/** The document a packet holds. */
export interface PacketDocument {
  id: string;
  title: string;
  contentHash: string;
  format: DocFormat;
  fileName?: string;
}

/** One earlier text of a packet's document (issue 16): its SHA-256 and the code-point map from
 * it to the next one (the next entry's text, or for the last entry the packet's own text). */
export interface PacketHistoryEntry {
  contentHash: string;
  map: EditMap;
}

/** Longest instructions a packet may carry (characters, UTF-16 units as the textarea counts). */
export const MAX_INSTRUCTIONS = 20_000;
/** Most earlier texts a packet may name. */
export const MAX_HISTORY = 1000;
/** Most map steps (numbers) over the whole history. */
const MAX_HISTORY_NUMBERS = 3_000_000;

const HASH = /^(?:sha256:)?([0-9a-f]{64})$/i;
const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAG_ID = /^tag-[\w-]{1,100}$/;
const DUE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The packet's `history`: the earlier texts of its document that a teacher's edits went through,
 * oldest first, so a student holding one of them is carried to the packet's text through the maps
 * (packet-text.ts). Absent in packets of a never-edited text (empty list). Whether the maps fit
 * the texts is checked where a student's text is known.
 */
export function readHistory(h: unknown): PacketHistoryEntry[] | string {
  if (h === undefined) return [];
  if (!Array.isArray(h) || h.length > MAX_HISTORY)
    return `the packet’s text history is not a list of at most ${MAX_HISTORY} earlier texts.`;
  const out: PacketHistoryEntry[] = [];
  let numbers = 0;
  for (let i = 0; i < h.length; i++) {
    const e: unknown = h[i];
    const hash = isObj(e) ? HASH.exec(str(get(e, 'contentHash')) ?? '') : null;
    const map = isObj(e) ? get(e, 'map') : undefined;
    if (!hash || !isEditMap(map))
      return `entry ${i + 1} of the packet’s text history needs a SHA-256 fingerprint and an edit map.`;
    numbers += map.reduce((n, step) => n + step.length, 0);
    if (numbers > MAX_HISTORY_NUMBERS) return 'the packet’s text history is too large.';
    out.push({ contentHash: hash[1].toLowerCase(), map });
  }
  return out;
}

export function readDocument(
  d: unknown,
  label: string | undefined,
  fileName: string | undefined,
): PacketDocument | string {
  if (!isObj(d))
    return 'the packet does not say which document it holds (“marginalia:document” is missing).';
  const id = get(d, 'id');
  if (typeof id !== 'string' || !URN_UUID.test(id))
    return `the packet’s document id ${id === undefined ? 'is missing' : `“${shown(id)}” is not a urn:uuid`}.`;
  const hash = HASH.exec(str(get(d, 'contentHash')) ?? '');
  if (!hash)
    return 'the packet’s document has no SHA-256 fingerprint (contentHash), so its text cannot be checked.';
  const format = get(d, 'format') ?? 'text';
  if (!isFormatId(format))
    return `the packet’s document format “${shown(format)}” is not a format Marginalia knows.`;
  const title = (
    str(get(d, 'title'))?.trim() ||
    label?.trim() ||
    fileName?.trim() ||
    'Untitled reading packet'
  ).slice(0, 300);
  return {
    id,
    title,
    contentHash: hash[1].toLowerCase(),
    format,
    ...(fileName?.trim() ? { fileName: fileName.trim().slice(0, 300) } : {}),
  };
}

export function readInfo(p: Obj): Omit<PacketInfo, 'role'> | string {
  const id = get(p, 'id');
  if (!isIri(id))
    return `the packet’s id ${id === undefined ? 'is missing' : `“${shown(id)}” is not an IRI (such as urn:uuid:…)`}.`;
  const revision = get(p, 'revision');
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 1) {
    return `the packet’s revision must be a whole number from 1 up, not ${revision === undefined ? 'missing' : `“${shown(revision)}”`}.`;
  }
  const issued = readDate(get(p, 'issued'));
  if (!issued) return 'the packet’s date of issue (issued) is missing or not a date.';
  const author = get(p, 'author');
  if (author !== undefined && typeof author !== 'string' && !isObj(author))
    return 'the packet’s author is not a name.';
  const instructions = get(p, 'instructions') ?? '';
  if (typeof instructions !== 'string') return 'the packet’s instructions are not text.';
  if (instructions.length > MAX_INSTRUCTIONS) {
    return `the packet’s instructions are ${instructions.length.toLocaleString('en')} characters long; at most ${MAX_INSTRUCTIONS.toLocaleString('en')} are allowed.`;
  }
  const due = get(p, 'due');
  if (due !== undefined && due !== null && due !== '' && !isDay(due))
    return `the packet’s due date “${shown(due)}” is not a date of the form YYYY-MM-DD.`;
  return {
    id,
    revision,
    issued,
    author: readCreator(author) ?? '',
    instructions,
    ...(typeof due === 'string' && due ? { due } : {}),
  };
}

/**
 * A document's stored packet record (`DocumentMeta.packet`), as a backup carries it: the packet
 * info checked exactly as in a packet file, plus the role and the ids of the packet's tags.
 * Undefined when absent; a message (no final period) when malformed.
 */
export function readPacketRecord(p: unknown): PacketInfo | undefined | string {
  if (p === undefined) return undefined;
  if (!isObj(p)) return 'it is not an object';
  const info = readInfo(p);
  if (typeof info === 'string') return info.replace(/\.$/, '');
  const role = get(p, 'role');
  const tagIds = get(p, 'tagIds');
  if (role !== 'teacher' && role !== 'student') return 'its role is neither teacher nor student';
  if (
    tagIds !== undefined &&
    !(
      Array.isArray(tagIds) &&
      tagIds.length <= 10_000 &&
      tagIds.every((t) => typeof t === 'string')
    )
  )
    return 'its tag list is not a list of ids';
  return { ...info, role, ...(Array.isArray(tagIds) ? { tagIds: tagIds as string[] } : {}) };
}

/** YYYY-MM-DD naming a real calendar day (so 2026-02-30 is refused). */
export function isDay(v: unknown): v is string {
  const m = typeof v === 'string' ? DUE.exec(v) : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The packet's tag set in order; names are unique ignoring case (the first wins), as the app's
 * tag editor requires. */
export function readTags(list: readonly ImportTag[], env: Env): Tag[] {
  const tags: Tag[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const t of list) {
    const key = t.name.toLocaleLowerCase();
    if (names.has(key)) continue;
    names.add(key);
    const id = t.id && TAG_ID.test(t.id) && !ids.has(t.id) ? t.id : `tag-${env.uuid()}`;
    ids.add(id);
    tags.push({
      id,
      name: t.name,
      color: isColor(t.color) ? t.color : nextColor(tags),
      ...(t.definition ? { definition: t.definition } : {}),
    });
  }
  return tags;
}

/** Tag id for a body's tag name: the tag set's tag of that name (exact, else ignoring case);
 * a name missing from the tag set becomes a new tag appended to `tags`. */
export function tagLookup(tags: Tag[], env: Env): (name: string) => string {
  const exact = new Map(tags.map((t) => [t.name, t]));
  const folded = new Map(tags.map((t) => [t.name.toLocaleLowerCase(), t]));
  return (name) => {
    let tag = exact.get(name) ?? folded.get(name.toLocaleLowerCase());
    if (!tag) {
      tag = { id: `tag-${env.uuid()}`, name, color: nextColor(tags) };
      tags.push(tag);
      exact.set(name, tag);
      folded.set(name.toLocaleLowerCase(), tag);
    }
    return tag.id;
  };
}

export function readPrompt(
  item: ImportItem,
  n: number,
  docId: string,
  index: TextIndex,
  tagFor: (name: string) => string,
  minted: ReadonlySet<string>,
): Annotation | string {
  const what = `prompt ${n}${item.note.trim() ? ` (“${shown(item.note.trim())}”)` : ''}`;
  // A later revision finds its prompts by id: an id made up on reading would change every time.
  if (minted.has(item.id))
    return `${what} has no id, so a later revision of the packet could not update it.`;
  if (item.source !== undefined && item.source !== docId)
    return `${what} was made on another document (${shown(item.source)}).`;
  const placed = anchor(index, item.target);
  if (placed.status !== 'exact') {
    const passage = item.target.quote?.exact;
    return `${what} does not match the packet’s text${passage ? `: the passage “${shown(passage)}” is not in it` : ''}; the file is damaged.`;
  }
  const tags = [...new Set(item.tagNames.map(tagFor))];
  return {
    id: item.id,
    docId,
    // Recomputed, so prefix, suffix and position are exactly those of this text.
    target: describeRange(index, placed.start, placed.end),
    tags,
    note: item.note,
    ...(item.color && !tags.length ? { color: item.color } : {}),
    creator: item.creator,
    created: item.created,
    modified: item.modified,
    ...(item.replyTo ? { replyTo: item.replyTo } : {}),
    prompt: true,
  };
}
