import { describe, it, expect } from 'vitest';
import {
  serializeAnnotation,
  serializeCollection,
  parseW3C,
  collectionIri,
  MARGINALIA_CONTEXT,
} from './w3c';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { planImport } from './import-plan';
import type { Annotation, DocumentMeta, Env, Tag } from './types';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-25T09:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};
const TEXT = 'Привет, мир 👋. The bloody war, and the bloody war again. مرحبا';
const index = new TextIndex(TEXT);
const doc: DocumentMeta = {
  id: 'urn:uuid:11111111-1111-4111-8111-111111111111',
  title: 'Doc',
  format: 'text',
  size: 1,
  contentHash: 'b'.repeat(64),
  created: '2026-11-25T09:00:00.000Z',
  opened: '2026-11-25T09:00:00.000Z',
  annotationCount: 2,
};
const tags: Tag[] = [
  { id: 'tag-a', name: 'Claim', color: 'blue', definition: 'A position' },
  { id: 'tag-b', name: 'Imagery', color: 'pink' },
];
const anns: Annotation[] = [
  {
    id: 'urn:uuid:33333333-3333-4333-8333-333333333333',
    docId: doc.id,
    target: describeRange(index, 46, 56),
    tags: [],
    note: '',
    color: 'green',
    creator: 'Ben',
    created: '2026-11-25T09:00:00.000Z',
    modified: '2026-11-25T09:00:00.000Z',
  },
  {
    id: 'urn:uuid:22222222-2222-4222-8222-222222222222',
    docId: doc.id,
    target: describeRange(index, 8, 13),
    tags: ['tag-a', 'tag-b'],
    note: 'line one\nline <b>two</b>',
    creator: 'Ана',
    created: '2026-11-25T09:00:00.000Z',
    modified: '2026-11-25T09:30:00.000+02:00',
  },
  {
    id: 'urn:uuid:44444444-4444-4444-8444-444444444444',
    docId: doc.id,
    target: describeRange(index, 57, 62),
    tags: [],
    note: 'Why?',
    creator: 'Teacher',
    created: '2026-11-25T09:00:00.000Z',
    modified: '2026-11-25T09:00:00.000Z',
    prompt: true,
  },
  {
    id: 'urn:uuid:55555555-5555-4555-8555-555555555555',
    docId: doc.id,
    target: describeRange(index, 57, 62),
    tags: ['tag-a'],
    note: 'Because.',
    creator: 'Ана',
    created: '2026-11-25T10:00:00.000Z',
    modified: '2026-11-25T10:00:00.000Z',
    replyTo: 'urn:uuid:44444444-4444-4444-8444-444444444444',
  },
];
const exported = () =>
  JSON.parse(JSON.stringify(serializeCollection(doc, anns, tags, { generatedAt: env.now() })));

describe('W3C serialisation', () => {
  it('writes a collection in text order with the document, tag set and both selectors', () => {
    const json = exported();
    expect(json['@context']).toEqual(['http://www.w3.org/ns/anno.jsonld', MARGINALIA_CONTEXT]);
    expect(json).toMatchObject({
      id: collectionIri(doc.id),
      type: 'AnnotationCollection',
      label: 'Doc',
      total: 4,
    });
    expect(json.id).toBe('tag:marginalia.app,2026:collection/11111111-1111-4111-8111-111111111111');
    expect(json['marginalia:document']).toEqual({
      id: doc.id,
      title: 'Doc',
      contentHash: `sha256:${'b'.repeat(64)}`,
      format: 'text',
    });
    expect(json['marginalia:tagSet']).toEqual([
      { id: 'tag-a', name: 'Claim', color: 'blue', definition: 'A position' },
      { id: 'tag-b', name: 'Imagery', color: 'pink' },
    ]);
    expect(json.first.items.map((i: { id: string }) => i.id)).toEqual([
      anns[1].id,
      anns[0].id,
      anns[2].id,
      anns[3].id,
    ]);
    expect(json.first.items.map((i: { motivation: string }) => i.motivation)).toEqual([
      'commenting',
      'highlighting',
      'commenting',
      'replying',
    ]);
  });

  it('writes tags as tagging bodies, the note as a commenting body, no body for a plain highlight', () => {
    const byId = new Map(tags.map((t) => [t.id, t]));
    expect(serializeAnnotation(anns[1], { doc, tags: byId }).body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'Claim' },
      { type: 'TextualBody', purpose: 'tagging', value: 'Imagery' },
      {
        type: 'TextualBody',
        purpose: 'commenting',
        value: 'line one\nline <b>two</b>',
        format: 'text/plain',
      },
    ]);
    const plain = serializeAnnotation(anns[0], { doc, tags: byId });
    expect(plain.body).toBeUndefined();
    expect(plain['marginalia:color']).toBe('green');
    expect(plain.target).toMatchObject({
      source: doc.id,
      styleClass: 'mg-c-green',
      'marginalia:contentHash': `sha256:${'b'.repeat(64)}`,
    });
    expect(plain.creator).toEqual({ type: 'Person', name: 'Ben' });
  });

  it('a reply targets the annotation it answers and keeps its passage in marginalia:textTarget', () => {
    const reply = serializeAnnotation(anns[3], { doc, tags: new Map() });
    expect(reply.target).toBe(anns[2].id);
    expect(reply['marginalia:textTarget']).toMatchObject({
      source: doc.id,
      selector: [
        { type: 'TextQuoteSelector', exact: 'مرحبا' },
        { type: 'TextPositionSelector', start: 57, end: 62 },
      ],
    });
    expect(serializeAnnotation(anns[2], { doc, tags: new Map() })['marginalia:prompt']).toBe(true);
  });
});

describe('W3C round trip', () => {
  it('keeps ids, tags with colours and definitions, notes, colours, creators, dates, selectors, replies and prompts', () => {
    const parsed = parseW3C(exported(), env);
    if (!parsed.ok) throw new Error(parsed.error);
    const p = parsed.value;
    expect(p.document).toEqual({
      id: doc.id,
      title: 'Doc',
      contentHash: doc.contentHash,
      format: 'text',
    });
    expect(p.tags).toEqual([
      { id: 'tag-a', name: 'Claim', color: 'blue', definition: 'A position' },
      { id: 'tag-b', name: 'Imagery', color: 'pink' },
    ]);
    expect(p.invalid).toEqual([]);
    expect(p.warnings).toEqual([]);
    const byId = new Map(p.items.map((i) => [i.id, i]));
    for (const a of anns) {
      const i = byId.get(a.id)!;
      expect(i.target).toEqual({ quote: a.target.quote, position: a.target.position });
      expect(i.tagNames).toEqual(a.tags.map((t) => tags.find((x) => x.id === t)!.name));
      expect([
        i.note,
        i.color,
        i.creator,
        i.created,
        i.modified,
        i.replyTo,
        i.prompt,
        i.source,
      ]).toEqual([a.note, a.color, a.creator, a.created, a.modified, a.replyTo, a.prompt, doc.id]);
    }
  });

  it('reads a single exported annotation back, with the document taken from its target', () => {
    const one = JSON.parse(
      JSON.stringify(
        serializeAnnotation(anns[1], { doc, tags: new Map(tags.map((t) => [t.id, t])) }),
      ),
    );
    const r = parseW3C(one, env);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.document).toEqual({ id: doc.id, contentHash: doc.contentHash });
    expect(r.value.items[0]).toMatchObject({
      id: anns[1].id,
      tagNames: ['Claim', 'Imagery'],
      note: anns[1].note,
    });
  });
});
describe('import planning of an export', () => {
  it('new, present, updated, exact, fuzzy, unplaced; a second import adds nothing', () => {
    const parsed = parseW3C(exported(), env);
    if (!parsed.ok) throw new Error(parsed.error);
    const first = planImport(parsed.value, {
      docId: doc.id,
      index,
      existing: [],
      tags: [{ id: 'mine', name: 'claim', color: 'gray' }],
      env,
    });
    expect(first.report).toMatchObject({
      fresh: 4,
      present: 0,
      updated: 0,
      exact: 4,
      fuzzy: 0,
      unplaced: 0,
      newTags: ['Imagery'],
    });
    const again = planImport(parsed.value, {
      docId: doc.id,
      index,
      existing: first.put,
      tags: first.tags,
      env,
    });
    expect(again.put).toHaveLength(0);
    expect(again.report.present).toBe(4);
    const edited = new TextIndex(
      TEXT.replace('Привет', 'Здравствуй').replace('bloody war again', 'nothing'),
    );
    const moved = planImport(parsed.value, {
      docId: doc.id,
      index: edited,
      existing: [],
      tags: [],
      env,
    });
    expect(moved.report.exact + moved.report.fuzzy + moved.report.unplaced).toBe(4);
  });

  it('matches tags by the file’s tag id before the name (a tag renamed since is the same tag)', () => {
    const parsed = parseW3C(exported(), env);
    if (!parsed.ok) throw new Error(parsed.error);
    const claim = parsed.value.tags.find((t) => t.name.toLocaleLowerCase() === 'claim');
    if (!claim?.id) throw new Error('the export carries tag ids');
    const renamed = { id: claim.id, name: 'Assertion', color: 'blue' as const };
    const plan = planImport(parsed.value, {
      docId: doc.id,
      index,
      existing: [],
      tags: [renamed],
      env,
    });
    expect(plan.tags.map((t) => t.name)).not.toContain('Claim');
    expect(plan.put.some((a) => a.tags.includes(claim.id!))).toBe(true);
  });
});
