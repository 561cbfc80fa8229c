/**
 * Every kind of file Marginalia exports, built from one small document with the hard cases
 * (astral characters, a ZWJ emoji family, a combining accent, right-to-left text, markup and
 * quotes in notes, tags, colours, a reply, prompts). Used by the conformance tests
 * (w3c-conformance.test.ts, and the official W3C suite in w3c-suite.shared.test.ts) so both
 * check the same exports. Test support only: imported by *.test.ts.
 */
import type { Annotation, DocumentMeta, Tag } from './types';
import { serializeAnnotation, serializeCollection } from './w3c';
import { serializePacket } from './packet';
import { serializeBackup } from './backup';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';

export const TEXT =
  'Свобода — это слово. 👩‍👩‍👧 A family of emoji, café (cafe\u0301), and Arabic: مرحبا بالعالم. Repeat: word word word.';

export const tags: Tag[] = [
  { id: 'tag-1', name: 'Claim', color: 'blue', definition: 'A position' },
  { id: 'tag-2', name: 'Ключ', color: 'green' },
];

/** The document, with the SHA-256 of TEXT as its fingerprint (packets check it). */
export async function fixtureDoc(): Promise<DocumentMeta> {
  return {
    id: 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f',
    title: 'Suite test ✓ «текст»',
    format: 'text',
    size: 100,
    contentHash: await sha256Hex(TEXT),
    created: '2026-11-25T10:00:00.000Z',
    opened: '2026-11-25T10:00:00.000Z',
    annotationCount: 0,
  };
}

/** `n` annotations over TEXT: highlights, tags, notes, a colour, a reply (i = 5), a prompt
 * (i = 4); creators alternate between two readers. */
export function fixtureAnnotations(docId: string, n: number): Annotation[] {
  const index = new TextIndex(TEXT);
  const out: Annotation[] = [];
  for (let i = 0; i < n; i++) {
    const start = (i * 7) % (index.length - 12);
    out.push({
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      docId,
      target: describeRange(index, start, start + 5 + (i % 7)),
      tags: i % 3 === 0 ? [] : i % 3 === 1 ? ['tag-1'] : ['tag-1', 'tag-2'],
      note: i % 2 ? `Note ${i} with <b>markup</b> and “quotes”\nsecond line` : '',
      ...(i % 3 === 0 ? { color: 'pink' as const } : {}),
      creator: i % 4 ? 'Ana' : 'Бен',
      created: '2026-11-25T10:00:00.000Z',
      modified: '2026-11-25T11:00:00.000+01:00',
      ...(i === 5 ? { replyTo: 'urn:uuid:00000000-0000-4000-8000-000000000001' } : {}),
      ...(i === 4 ? { prompt: true } : {}),
    });
  }
  return out;
}

/** One exported file: what the app writes, after a JSON round trip (as a reader's disk has it). */
export interface ExportCase {
  name: string;
  kind: 'annotation' | 'collection';
  json: Record<string, unknown>;
}

const asFile = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

/**
 * Every export the app makes: single annotations (each kind), the annotations export with 0, 1
 * and 12 annotations, a reading packet (the teacher's prompts), a student's hand-in (their own
 * annotations, replies included, prompts not) and each collection inside a backup.
 */
export async function allExports(): Promise<ExportCase[]> {
  const doc = await fixtureDoc();
  const generatedAt = new Date('2026-11-25T12:00:00Z');
  const byId = new Map(tags.map((t) => [t.id, t]));
  const cases: ExportCase[] = fixtureAnnotations(doc.id, 7).map((a, i) => ({
    name: `annotation ${i}${a.replyTo ? ' (reply)' : ''}${a.prompt ? ' (prompt)' : ''}`,
    kind: 'annotation',
    json: asFile(serializeAnnotation(a, { doc, tags: byId })),
  }));
  for (const n of [0, 1, 12])
    cases.push({
      name: `annotations export with ${n}`,
      kind: 'collection',
      json: asFile(serializeCollection(doc, fixtureAnnotations(doc.id, n), tags, { generatedAt })),
    });
  const all = fixtureAnnotations(doc.id, 12);
  cases.push({
    name: 'reading packet',
    kind: 'collection',
    json: asFile(
      serializePacket({
        doc,
        text: TEXT,
        tags,
        prompts: all.filter((a) => !a.replyTo).map((a) => ({ ...a, prompt: true })),
        info: {
          id: 'urn:uuid:99999999-9999-4999-8999-999999999999',
          revision: 2,
          issued: '2026-11-20T10:00:00.000Z',
          author: 'Ms Teacher',
          instructions: 'Read twice.\nTag every silence.',
          due: '2026-12-01',
        },
        generatedAt,
      }),
    ),
  });
  // The hand-in is what PacketState.handIn writes: the reader's own annotations, no prompts.
  const mine = all.filter((a) => a.creator === 'Ana' && !a.prompt);
  cases.push({
    name: 'hand-in',
    kind: 'collection',
    json: asFile(serializeCollection(doc, mine, tags, { generatedAt })),
  });
  const backup = asFile(
    serializeBackup([{ meta: doc, text: TEXT, tags, annotations: all }], generatedAt),
  ) as { documents: { collection: Record<string, unknown> }[] };
  backup.documents.forEach((d, i) =>
    cases.push({ name: `backup document ${i}`, kind: 'collection', json: d.collection }),
  );
  return cases;
}
