/** Shared fixtures of the packet tests (packet.test.ts, packet-update.test.ts,
 * packet-text.test.ts): a text with astral characters, combining marks and right-to-left script,
 * its tags, prompts and packet, and a student's own annotations on it. */
import { parsePacket, serializePacket, type PacketInput, type ParsedPacket } from './packet';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';
import type { Annotation, DocumentMeta, Env, PacketInfo, Tag } from './types';

let n = 0;
export const env: Env = {
  now: () => new Date('2026-11-25T09:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};

// Astral characters (emoji, a ZWJ family), a combining accent and right-to-left text: selector
// offsets count code points, so any UTF-16 slip shows up in the round trip.
export const TEXT =
  'The speaker 👩‍👩‍👧 avoids the word. A café (cafe\u0301) by the sea.\n\nWhat is never said? مرحبا. The end 👋.';
export const index = new TextIndex(TEXT);
export const at = (s: string, from = 0) => {
  const u = TEXT.indexOf(s, from);
  return [index.toCodePoint(u), index.toCodePoint(u + s.length)] as const;
};
export const range = (s: string) => describeRange(index, ...at(s));

export const DOC_ID = 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f';
export const doc: DocumentMeta = {
  id: DOC_ID,
  title: 'The speaker «текст»',
  format: 'text',
  fileName: 'speaker.txt',
  size: 120,
  contentHash: await sha256Hex(TEXT),
  created: '2026-11-19T09:00:00.000Z',
  opened: '2026-11-20T09:00:00.000Z',
  annotationCount: 3,
};
export const tags: Tag[] = [
  { id: 'tag-claim', name: 'Claim', color: 'blue', definition: 'A position the text argues for.' },
  { id: 'tag-silence', name: 'Silence', color: 'purple', definition: 'What is left unsaid.' },
  { id: 'tag-image', name: 'Imagery', color: 'pink' },
];
/** An annotation on `quote`'s first occurrence in TEXT; `group` tells prompts (a000) from a
 * student's own (b000) in the id. */
const on = (
  group: string,
  id: string,
  quote: string,
  by: { note: string; creator: string; at: string },
  extra: Partial<Annotation>,
): Annotation => ({
  id: `urn:uuid:00000000-0000-4000-${group}-${id.padStart(12, '0')}`,
  docId: DOC_ID,
  target: range(quote),
  tags: [],
  note: by.note,
  creator: by.creator,
  created: by.at,
  modified: by.at,
  ...extra,
});
/** The teacher's prompt on `quote`. */
export const prompt = (
  id: string,
  quote: string,
  note: string,
  extra: Partial<Annotation> = {},
): Annotation =>
  on(
    'a000',
    id,
    quote,
    { note, creator: 'Ms Teacher', at: '2026-11-20T09:00:00.000Z' },
    {
      prompt: true,
      ...extra,
    },
  );
export const prompts: Annotation[] = [
  prompt('1', '👩‍👩‍👧 avoids', 'What does the speaker avoid saying here?', { tags: ['tag-silence'] }),
  prompt('2', 'cafe\u0301', 'Why the accent?'),
  prompt('3', 'مرحبا. The end 👋', 'Who is greeted?', { tags: ['tag-image', 'tag-claim'] }),
];
/** A student's own annotation (Sam's, not a prompt) on `quote`. */
export const student = (id: string, quote: string, extra: Partial<Annotation> = {}): Annotation =>
  on('b000', id, quote, { note: 'mine', creator: 'Sam', at: '2026-11-26T09:00:00.000Z' }, extra);
export const info: Omit<PacketInfo, 'role'> = {
  id: 'urn:uuid:99999999-9999-4999-8999-999999999999',
  revision: 1,
  issued: '2026-11-20T10:00:00.000Z',
  author: 'Ms Teacher',
  instructions: 'Read twice.\nTag every silence.',
  due: '2026-12-01',
};

export const input = (over: Partial<PacketInput> = {}): PacketInput => ({
  doc,
  text: TEXT,
  tags,
  prompts,
  info,
  generatedAt: new Date('2026-11-20T10:00:00Z'),
  ...over,
});
/** The packet as a file: serialised, written and read back as JSON. */
export const file = (over: Partial<PacketInput> = {}): ReturnType<typeof JSON.parse> =>
  JSON.parse(JSON.stringify(serializePacket(input(over))));
export const parsed = async (json: unknown): Promise<ParsedPacket> => {
  const r = await parsePacket(json, env);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
export const error = async (mutate: (p: ReturnType<typeof file>) => void): Promise<string> => {
  const p = file();
  mutate(p);
  const r = await parsePacket(p, env);
  return r.ok ? 'ok' : r.error;
};
