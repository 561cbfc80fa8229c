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
import {
  defaultEnv,
  type Annotation,
  type DocumentMeta,
  type Env,
  type PacketInfo,
  type Result,
  type Tag,
} from './types';
import { fail, ok } from './result';
import { serializeCollection } from './w3c';
import { parseW3C } from './w3c-parse';
import { get, isObj, shown, str, typesOf } from './import-validate';
import { MAX_FILE_BYTES } from './decode';
import { checkSource, parseDocument } from './parse';
import { TextIndex } from './text-index';
import { sha256Hex } from './hash';
import {
  readDocument,
  readHistory,
  readInfo,
  readPrompt,
  readTags,
  tagLookup,
  type PacketDocument,
  type PacketHistoryEntry,
} from './packet-read';

export {
  MAX_INSTRUCTIONS,
  readPacketRecord,
  type PacketDocument,
  type PacketHistoryEntry,
} from './packet-read';

/** The `marginalia:packet` key on the collection. */
export const PACKET_KEY = 'marginalia:packet';
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
  /** The earlier texts of an edited document, oldest first, each with the map to the next (the
   * document's stored versions: `packetHistory`), so students on an older revision's text are
   * carried to this one. */
  history?: readonly PacketHistoryEntry[];
}

/**
 * The packet file: `serializeCollection(doc, prompts, tags)` with every prompt marked
 * `marginalia:prompt`, a `key` (1–9) on the first nine tag-set entries, and
 * `marginalia:packet` = { id, revision, issued, author, instructions, due?, fileName?, text }.
 * The packet part comes last and the text last within it, so the file still reads well.
 */
export function serializePacket(input: PacketInput): Record<string, unknown> {
  const { doc, text, tags, prompts, info, generatedAt, locate, history } = input;
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
      ...(history?.length
        ? { history: history.map((h) => ({ contentHash: `sha256:${h.contentHash}`, map: h.map })) }
        : {}),
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
  document: PacketDocument;
  /** The document's normalised source (LF line endings, no BOM). */
  text: string;
  /** The earlier texts the teacher's edits went through, oldest first (empty if none): a
   * student's copy of one of them is carried to `text` through the maps (packet-text.ts). */
  history: PacketHistoryEntry[];
  /** The packet's tag set in its order: valid, unique `tag-…` ids kept, others new (via env);
   * colours are palette keys (a missing or unknown colour gets the next free one). */
  tags: Tag[];
  /** In the file's (text) order: docId = document.id, `prompt: true`, ids as in the file,
   * targets recomputed against the text, tags as ids of `tags`. */
  prompts: Annotation[];
}

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
  const history = readHistory(get(packet, 'history'));
  if (typeof history === 'string') return fail(history);
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
  return ok({ info, document: doc, text, history, tags, prompts });
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
