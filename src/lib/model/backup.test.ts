import { describe, it, expect } from 'vitest';
import { isBackup, parseBackup, serializeBackup } from './backup';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import type { Annotation, DocumentMeta, Env, Tag } from './types';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-25T09:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};
const TEXT = 'Привет, мир 👋. The bloody war. مرحبا';
const index = new TextIndex(TEXT);
const meta = (id: string, title: string): DocumentMeta => ({
  id,
  title,
  format: 'text',
  size: 60,
  contentHash: 'b'.repeat(64),
  created: '2026-11-20T09:00:00.000Z',
  opened: '2026-11-25T09:00:00.000Z',
  annotationCount: 1,
});
const docA = meta('urn:uuid:11111111-1111-4111-8111-111111111111', 'A');
const docB = {
  ...meta('urn:uuid:66666666-6666-4666-8666-666666666666', 'B'),
  format: 'markdown' as const,
  fileName: 'b.md',
};
const tags: Tag[] = [
  { id: 'tag-a', name: 'Claim', color: 'blue', definition: 'A position' },
  { id: 'tag-b', name: 'Unused', color: 'pink' },
];
const ann = (id: string, docId: string, extra: Partial<Annotation> = {}): Annotation => ({
  id,
  docId,
  target: describeRange(index, 8, 11),
  tags: ['tag-a'],
  note: 'n',
  creator: 'Ана',
  created: '2026-11-25T09:00:00.000Z',
  modified: '2026-11-25T09:30:00.000Z',
  ...extra,
});
const data = {
  documents: [
    {
      meta: docA,
      text: TEXT,
      tags,
      annotations: [
        ann('urn:uuid:22222222-2222-4222-8222-222222222222', docA.id),
        ann('urn:uuid:33333333-3333-4333-8333-333333333333', docA.id, {
          tags: [],
          color: 'green',
          note: '',
          prompt: true,
        }),
      ],
    },
    { meta: docB, text: '# B\n\ntext', tags: [], annotations: [] },
  ],
};
const backup = () =>
  JSON.parse(JSON.stringify(serializeBackup(data, new Date('2026-11-25T12:00:00Z'))));
const fails = (mutate: (b: ReturnType<typeof backup>) => void) => {
  const b = backup();
  mutate(b);
  const r = parseBackup(b, env);
  return r.ok ? 'ok' : r.error;
};

const packet = {
  id: 'urn:uuid:77777777-7777-4777-8777-777777777777',
  revision: 2,
  issued: '2026-11-24T09:00:00.000Z',
  author: 'Ms Rivera',
  instructions: 'Read it.',
  due: '2026-12-01',
  role: 'student' as const,
  tagIds: ['tag-a'],
};

describe('backup', () => {
  it('keeps a document’s reading-packet record (revision, role, packet tags)', () => {
    const withPacket = { documents: [{ ...data.documents[0], meta: { ...docA, packet } }] };
    const r = parseBackup(
      JSON.parse(JSON.stringify(serializeBackup(withPacket, new Date('2026-11-25T12:00:00Z')))),
      env,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.value.documents[0].meta.packet).toEqual(packet);
  });

  it('holds each document with its text and a W3C collection', () => {
    const b = backup();
    expect(isBackup(b)).toBe(true);
    expect(b).toMatchObject({
      type: 'marginalia:Backup',
      version: 1,
      generated: '2026-11-25T12:00:00.000Z',
    });
    expect(b.documents[0].collection).toMatchObject({ type: 'AnnotationCollection', total: 2 });
    expect(serializeBackup(data.documents, new Date('2026-11-25T12:00:00Z'))).toEqual(
      serializeBackup(data, new Date('2026-11-25T12:00:00Z')),
    );
  });

  it('restores documents, tag sets (ids, colours, definitions, unused tags) and annotations exactly', () => {
    const r = parseBackup(backup(), env);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.generated).toBe('2026-11-25T12:00:00.000Z');
    const [a, b] = r.value.documents;
    expect(a.meta).toEqual({ ...docA, annotationCount: 2 });
    expect(b.meta).toEqual({ ...docB, annotationCount: 0 });
    expect(a.text).toBe(TEXT);
    expect(a.tags).toEqual(tags);
    expect(a.annotations).toEqual(data.documents[0].annotations);
  });

  it('refuses the whole backup when any part is wrong', () => {
    expect(parseBackup({ type: 'AnnotationCollection' }, env)).toEqual({
      ok: false,
      error: 'this file is not a Marginalia backup.',
    });
    expect(fails((b) => (b.version = 9))).toBe(
      'this backup has version 9, which this version of Marginalia cannot read.',
    );
    expect(fails((b) => delete b.documents)).toBe('the backup has no list of documents.');
    expect(fails((b) => (b.documents[1] = 'x'))).toBe('document 2 is not an object.');
    expect(fails((b) => (b.documents[0].meta.id = 'doc-1'))).toBe(
      'document 1: id is missing or not a urn:uuid.',
    );
    expect(fails((b) => (b.documents[0].meta.contentHash = 'abc'))).toBe(
      'document 1: contentHash is not a SHA-256 (64 lowercase hex digits).',
    );
    expect(fails((b) => (b.documents[0].meta.format = 'Word 97'))).toBe(
      'document 1: format must be a format id such as “text”, “markdown” or “pdf”.',
    );
    expect(fails((b) => (b.documents[0].meta.format = 'html'))).toBe(
      'document 1 (“A”): The stored document is damaged (not valid JSON).',
    );
    expect(fails((b) => (b.documents[0].meta.packet = { ...packet, revision: 0 }))).toBe(
      'document 1: its reading-packet record is damaged (the packet’s revision must be a whole number from 1 up, not “0”).',
    );
    expect(fails((b) => (b.documents[0].meta.packet = { ...packet, role: 'admin' }))).toBe(
      'document 1: its reading-packet record is damaged (its role is neither teacher nor student).',
    );
    expect(fails((b) => (b.documents[0].meta.packet = { ...packet, due: '2026-02-30' }))).toBe(
      'document 1: its reading-packet record is damaged (the packet’s due date “2026-02-30” is not a date of the form YYYY-MM-DD).',
    );
    expect(fails((b) => (b.documents[0].meta.created = 'then'))).toBe(
      'document 1: created is not a date.',
    );
    expect(fails((b) => (b.documents[1].meta.id = docA.id))).toBe(
      'document 2 (“B”) appears twice in the backup.',
    );
    expect(fails((b) => (b.documents[0].text = ''))).toBe('document 1 (“A”) has no text.');
    expect(fails((b) => (b.documents[0].collection = 'x'))).toContain(
      'document 1 (“A”): this file is not a Web Annotation export',
    );
    expect(fails((b) => (b.documents[0].collection.first.items[1].created = 'x'))).toBe(
      'document 1 (“A”): item 2: created is not a date.',
    );
    expect(fails((b) => b.documents[0].collection.first.items[0].target.selector.pop())).toBe(
      'document 1 (“A”): annotation 1 lacks a TextPositionSelector.',
    );
    expect(fails((b) => (b.documents[0].collection['marginalia:document'].id = docB.id))).toBe(
      `document 1 (“A”): its annotations belong to another document (${docB.id}).`,
    );
    expect(
      fails(
        (b) =>
          (b.documents[0].collection['marginalia:document'].contentHash =
            `sha256:${'c'.repeat(64)}`),
      ),
    ).toBe('document 1 (“A”): its annotations were made on another version of the text.');
    expect(fails((b) => (b.documents[1].collection = b.documents[0].collection))).toBe(
      `document 2 (“B”): its annotations belong to another document (${docA.id}).`,
    );
  });

  it('fills what an older or hand-made backup leaves out, and makes tags for names missing from the tag set', () => {
    const b = backup();
    delete b.documents[0].meta.created;
    delete b.documents[0].meta.opened;
    delete b.documents[0].meta.size;
    b.documents[0].collection['marginalia:tagSet'] = [{ id: 'not-a-tag-id', name: 'Claim' }];
    const r = parseBackup(b, env);
    if (!r.ok) throw new Error(r.error);
    const a = r.value.documents[0];
    expect(a.meta).toMatchObject({
      created: '2026-11-25T12:00:00.000Z',
      opened: '2026-11-25T12:00:00.000Z',
      size: new TextEncoder().encode(TEXT).length,
    });
    expect(a.tags).toEqual([
      { id: expect.stringMatching(/^tag-0{8}-/), name: 'Claim', color: 'yellow' },
    ]);
    expect(a.annotations[0].tags).toEqual([a.tags[0].id]);
  });
});
