/**
 * Reading packets (issue #8): one file a teacher hands out, holding a document's text, its tag
 * set, the teacher's prompts, instructions and an optional due date. The file is our W3C
 * AnnotationCollection (the prompts are its annotations, so it validates like any export) with
 * the packet's own parts in `marginalia:packet` (docs/w3c-extension.md, "Reading packets").
 *
 * Contracts:
 *  - `serializePacket` → JSON.stringify → JSON.parse → `parsePacket` gives back the same text,
 *    tags (ids, colours, definitions, order), prompts (ids, notes, targets) and packet info.
 *  - `parsePacket` never throws and accepts a packet only when it is whole: the text matches its
 *    SHA-256, every prompt is a valid annotation that anchors exactly in that text. A teacher's
 *    packet is all or nothing, so a student never starts from a half-read one.
 *  - What re-opening a packet does to a document already in the library: packet-update.ts.
 */
import { isFormatId } from './blocks';
import {
  isColor,
  defaultEnv,
  type Annotation,
  type DocFormat,
  type DocumentMeta,
  type Env,
  type PacketInfo,
  type Result,
  type Tag,
} from './types';
import { fail, ok } from './result';
import { serializeCollection } from './w3c';
import { parseW3C, type ImportItem, type ImportTag } from './w3c-parse';
import {
  get,
  isIri,
  isObj,
  readCreator,
  readDate,
  shown,
  str,
  typesOf,
  type Obj,
} from './import-validate';
import { MAX_FILE_BYTES } from './decode';
import { checkSource, parseDocument } from './parse';
import { TextIndex } from './text-index';
import { anchor } from './anchor';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';
import { nextColor } from './tags';

/** The `marginalia:packet` key on the collection. */
export const PACKET_KEY = 'marginalia:packet';
/** Longest instructions a packet may carry (characters, UTF-16 units as the textarea counts). */
export const MAX_INSTRUCTIONS = 20_000;
/** Tags 1–9 get a number key, in tag-set order. */
export const MAX_KEYED_TAGS = 9;

export interface PacketInput {
  doc: DocumentMeta;
  /** The document's normalised source; `doc.contentHash` must be its SHA-256 (the caller's job:
   * hashing is asynchronous), else the packet will be refused as damaged when opened. */
  text: string;
  tags: readonly Tag[];
  /** The teacher's prompts: annotations whose note is the question. Marked `prompt` on export. */
  prompts: readonly Annotation[];
  info: Omit<PacketInfo, 'role'>;
  generatedAt: Date;
  /** A target's page or chapter (FragmentSelector), as in the W3C export; optional. */
  locate?: (start: number) => Record<string, unknown> | undefined;
}

/**
 * The packet file: `serializeCollection(doc, prompts, tags)` with every prompt marked
 * `marginalia:prompt`, a `key` (1–9) on the first nine tag-set entries, and
 * `marginalia:packet` = { id, revision, issued, author, instructions, due?, fileName?, text }.
 * The packet part comes last and the text last within it, so the file still reads well.
 */
export function serializePacket(input: PacketInput): Record<string, unknown> {
  const { doc, text, tags, prompts, info, generatedAt, locate } = input;
  const collection = serializeCollection(
    doc,
    prompts.map((p) => ({ ...p, prompt: true })),
    tags,
    { generatedAt, locate },
  );
  const tagSet = (collection['marginalia:tagSet'] as Record<string, unknown>[]).map((t, i) =>
    i < MAX_KEYED_TAGS ? { ...t, key: i + 1 } : t,
  );
  const { first, ...head } = collection;
  return {
    ...head,
    'marginalia:tagSet': tagSet,
    first,
    [PACKET_KEY]: {
      id: info.id,
      revision: info.revision,
      issued: info.issued,
      author: info.author,
      instructions: info.instructions,
      ...(info.due ? { due: info.due } : {}),
      ...(doc.fileName ? { fileName: doc.fileName } : {}),
      text,
    },
  };
}

/** Cheap shape check, to route a dropped JSON file: an object with a `marginalia:packet` object.
 * Whether it is a usable packet is parsePacket's job. */
export function isPacket(json: unknown): boolean {
  return isObj(json) && isObj(get(json, PACKET_KEY));
}

export interface ParsedPacket {
  info: Omit<PacketInfo, 'role'>;
  document: {
    id: string;
    title: string;
    contentHash: string;
    format: DocFormat;
    fileName?: string;
  };
  /** The document's normalised source (LF line endings, no BOM). */
  text: string;
  /** The packet's tag set in its order: valid, unique `tag-…` ids kept, others new (via env);
   * colours are palette keys (a missing or unknown colour gets the next free one). */
  tags: Tag[];
  /** In the file's (text) order: docId = document.id, `prompt: true`, ids as in the file,
   * targets recomputed against the text, tags as ids of `tags`. */
  prompts: Annotation[];
}

const HASH = /^(?:sha256:)?([0-9a-f]{64})$/i;
const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAG_ID = /^tag-[\w-]{1,100}$/;
const DUE = /^(\d{4})-(\d{2})-(\d{2})$/;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads and checks a packet. Never throws; any problem refuses the whole packet with a message
 * naming it (phrased to follow “<file> is not a usable reading packet: ”). Checks, in order:
 * the shape (an AnnotationCollection with `marginalia:packet`); the text (present, at most the
 * size of a file Marginalia opens, normalised); the document (urn:uuid id, SHA-256
 * fingerprint, format); the packet info (id, revision ≥ 1, issued, author, instructions,
 * due date); the text against its fingerprint; the prompts as W3C annotations (parseW3C on the
 * same JSON, where any invalid item refuses the packet); and each prompt anchoring exactly.
 */
export async function parsePacket(
  json: unknown,
  env: Env = defaultEnv,
): Promise<Result<ParsedPacket>> {
  try {
    return await parse(json, env);
  } catch (err) {
    // Only reachable for values JSON.parse cannot produce (getters, proxies): say so, never throw.
    return fail(
      `this packet could not be read (${err instanceof Error ? err.message : 'unknown error'}).`,
    );
  }
}

async function parse(json: unknown, env: Env): Promise<Result<ParsedPacket>> {
  if (!isObj(json))
    return fail('the file does not hold a JSON object, so it is not a reading packet.');
  const packet = get(json, PACKET_KEY);
  if (!isObj(packet))
    return fail('it has no “marginalia:packet” part, so it is not a reading packet.');
  const types = typesOf(json);
  if (!types.includes('AnnotationCollection'))
    return fail(
      `a reading packet is an AnnotationCollection, but this file’s type is “${shown(types[0] ?? 'none')}”.`,
    );

  // The text: as a backup holds it, and no bigger than a file Marginalia opens.
  const text = get(packet, 'text');
  if (typeof text !== 'string' || !text) return fail('the packet has no text.');
  // UTF-8 takes at least one byte per UTF-16 unit, so the length alone refuses most oversize texts.
  const bytes = text.length > MAX_FILE_BYTES ? text.length : new TextEncoder().encode(text).length;
  if (bytes > MAX_FILE_BYTES)
    return fail(
      `the packet’s text is ${mb(bytes)}; Marginalia opens texts up to ${MAX_FILE_BYTES / 1024 / 1024} MB.`,
    );
  if (!/\S/.test(text)) return fail('the packet’s text is blank.');
  // Offsets count code points of exactly the stored text, which is always normalised.
  if (text.charCodeAt(0) === 0xfeff || text.includes('\r'))
    return fail(
      'the packet’s text has a byte-order mark or CR line endings, which Marginalia never writes; the file was changed by another program.',
    );

  const doc = readDocument(
    get(json, 'marginalia:document'),
    str(get(json, 'label')),
    str(get(packet, 'fileName')),
  );
  if (typeof doc === 'string') return fail(doc);
  const info = readInfo(packet);
  if (typeof info === 'string') return fail(info);
  if ((await sha256Hex(text)) !== doc.contentHash)
    return fail('the packet’s text does not match its fingerprint; the file is damaged.');

  // The prompts, read as any export is. The text is left out: it is not part of the W3C
  // collection, and parseW3C refuses single strings over 1 MB, which a long text is.
  const { [PACKET_KEY]: _packet, ...collection } = json;
  const minted = new Set<string>();
  const counting: Env = {
    now: env.now,
    uuid: () => {
      const u = env.uuid();
      minted.add(`urn:uuid:${u}`);
      return u;
    },
  };
  const parsed = parseW3C(collection, counting);
  if (!parsed.ok) return fail(parsed.error);
  const p = parsed.value;
  if (p.invalid.length) return fail(`${p.invalid[0].message.replace(/^item /, 'prompt ')}.`);

  const tags = readTags(p.tags, env);
  const tagFor = tagLookup(tags, env);
  const source = checkSource(text, doc.format);
  if (!source.ok) return fail(`its document cannot be read: ${source.error}`);
  const plain = (await parseDocument(text, doc.format)).plainText;
  const index = new TextIndex(plain);
  const prompts: Annotation[] = [];
  for (let i = 0; i < p.items.length; i++) {
    const made = readPrompt(p.items[i], i + 1, doc.id, index, tagFor, minted);
    if (typeof made === 'string') return fail(made);
    prompts.push(made);
  }
  return ok({ info, document: doc, text, tags, prompts });
}

function readDocument(
  d: unknown,
  label: string | undefined,
  fileName: string | undefined,
): ParsedPacket['document'] | string {
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

function readInfo(p: Obj): Omit<PacketInfo, 'role'> | string {
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

/** YYYY-MM-DD naming a real calendar day (so 2026-02-30 is refused). */
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

function isDay(v: unknown): v is string {
  const m = typeof v === 'string' ? DUE.exec(v) : null;
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The packet's tag set in order; names are unique ignoring case (the first wins), as the app's
 * tag editor requires. */
function readTags(list: readonly ImportTag[], env: Env): Tag[] {
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
function tagLookup(tags: Tag[], env: Env): (name: string) => string {
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

function readPrompt(
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

/**
 * The student's new document when a packet is opened for the first time: the packet's text,
 * tag set and prompts, with the packet recorded as the student's copy (role 'student', and the
 * ids of the packet's tags: see PacketInfo).
 */
export function packetDocument(
  p: ParsedPacket,
  now: Date,
): { meta: DocumentMeta; tags: Tag[]; prompts: Annotation[] } {
  const iso = now.toISOString();
  const packet: PacketInfo = { ...p.info, role: 'student', tagIds: p.tags.map((t) => t.id) };
  return {
    meta: {
      id: p.document.id,
      title: p.document.title,
      format: p.document.format,
      ...(p.document.fileName ? { fileName: p.document.fileName } : {}),
      size: new TextEncoder().encode(p.text).length,
      contentHash: p.document.contentHash,
      created: iso,
      opened: iso,
      annotationCount: p.prompts.length,
      packet,
    },
    tags: p.tags.map((t) => ({ ...t })),
    prompts: p.prompts.map((a) => ({ ...a, docId: p.document.id })),
  };
}
