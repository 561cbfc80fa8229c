import { describe, it, expect, beforeAll } from 'vitest';
import {
  isPacket,
  packetDocument,
  parsePacket,
  serializePacket,
  type PacketInput,
  type ParsedPacket,
} from './packet';
import { planPacketUpdate } from './packet-update';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';
import { parseDocument } from './parse';
import type { Annotation, DocumentMeta, Env, PacketInfo, Tag } from './types';

let n = 0;
const env: Env = {
  now: () => new Date('2026-11-25T09:00:00Z'),
  uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
};

// Astral characters (emoji, a ZWJ family), a combining accent and right-to-left text: selector
// offsets count code points, so any UTF-16 slip shows up in the round trip.
const TEXT =
  'The speaker 👩‍👩‍👧 avoids the word. A café (cafe\u0301) by the sea.\n\nWhat is never said? مرحبا. The end 👋.';
const index = new TextIndex(TEXT);
const at = (s: string, from = 0) => {
  const u = TEXT.indexOf(s, from);
  return [index.toCodePoint(u), index.toCodePoint(u + s.length)] as const;
};
const range = (s: string) => describeRange(index, ...at(s));

const DOC_ID = 'urn:uuid:6a2f41a3-c54c-4a1c-8f3a-2b1e0c9d8e7f';
let doc: DocumentMeta;
const tags: Tag[] = [
  { id: 'tag-claim', name: 'Claim', color: 'blue', definition: 'A position the text argues for.' },
  { id: 'tag-silence', name: 'Silence', color: 'purple', definition: 'What is left unsaid.' },
  { id: 'tag-image', name: 'Imagery', color: 'pink' },
];
const prompt = (
  id: string,
  quote: string,
  note: string,
  extra: Partial<Annotation> = {},
): Annotation => ({
  id: `urn:uuid:00000000-0000-4000-a000-${id.padStart(12, '0')}`,
  docId: DOC_ID,
  target: range(quote),
  tags: [],
  note,
  creator: 'Ms Teacher',
  created: '2026-11-20T09:00:00.000Z',
  modified: '2026-11-20T09:00:00.000Z',
  prompt: true,
  ...extra,
});
const prompts: Annotation[] = [
  prompt('1', '👩‍👩‍👧 avoids', 'What does the speaker avoid saying here?', { tags: ['tag-silence'] }),
  prompt('2', 'cafe\u0301', 'Why the accent?'),
  prompt('3', 'مرحبا. The end 👋', 'Who is greeted?', { tags: ['tag-image', 'tag-claim'] }),
];
const info: Omit<PacketInfo, 'role'> = {
  id: 'urn:uuid:99999999-9999-4999-8999-999999999999',
  revision: 1,
  issued: '2026-11-20T10:00:00.000Z',
  author: 'Ms Teacher',
  instructions: 'Read twice.\nTag every silence.',
  due: '2026-12-01',
};

beforeAll(async () => {
  doc = {
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
});

const input = (over: Partial<PacketInput> = {}): PacketInput => ({
  doc,
  text: TEXT,
  tags,
  prompts,
  info,
  generatedAt: new Date('2026-11-20T10:00:00Z'),
  ...over,
});
/** The packet as a file: serialised, written and read back as JSON. */
const file = (over: Partial<PacketInput> = {}): any =>
  JSON.parse(JSON.stringify(serializePacket(input(over))));
const parsed = async (json: unknown): Promise<ParsedPacket> => {
  const r = await parsePacket(json, env);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const error = async (mutate: (p: any) => void): Promise<string> => {
  const p = file();
  mutate(p);
  const r = await parsePacket(p, env);
  return r.ok ? 'ok' : r.error;
};

describe('serializePacket', () => {
  it('writes our AnnotationCollection with the prompts, keyed tag set and marginalia:packet', () => {
    const p = file();
    expect(isPacket(p)).toBe(true);
    expect(p).toMatchObject({ type: 'AnnotationCollection', total: 3, label: doc.title });
    expect(p['marginalia:document']).toEqual({
      id: DOC_ID,
      title: doc.title,
      contentHash: `sha256:${doc.contentHash}`,
      format: 'text',
    });
    expect(p['marginalia:tagSet']).toEqual([
      {
        id: 'tag-claim',
        name: 'Claim',
        color: 'blue',
        definition: 'A position the text argues for.',
        key: 1,
      },
      {
        id: 'tag-silence',
        name: 'Silence',
        color: 'purple',
        definition: 'What is left unsaid.',
        key: 2,
      },
      { id: 'tag-image', name: 'Imagery', color: 'pink', key: 3 },
    ]);
    expect(p['marginalia:packet']).toEqual({ ...info, fileName: 'speaker.txt', text: TEXT });
    expect(Object.keys(p).at(-1)).toBe('marginalia:packet');
    expect(p.first.items.map((i: Record<string, unknown>) => i['marginalia:prompt'])).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('marks every shipped annotation as a prompt and keys only the first nine tags', () => {
    const many = Array.from({ length: 11 }, (_, i): Tag => ({
      id: `tag-${i}`,
      name: `T${i}`,
      color: 'gray',
    }));
    const p = file({ tags: many, prompts: [{ ...prompts[1], prompt: undefined }] });
    expect(p.first.items[0]['marginalia:prompt']).toBe(true);
    expect(p['marginalia:tagSet'].map((t: { key?: number }) => t.key)).toEqual([
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      9,
      undefined,
      undefined,
    ]);
    const { due: _due, ...noDue } = info;
    expect(
      file({ info: noDue, doc: { ...doc, fileName: undefined } })['marginalia:packet'],
    ).toEqual({ ...noDue, text: TEXT });
  });

  it('isPacket is a cheap shape check', () => {
    expect(isPacket(null)).toBe(false);
    expect(isPacket([file()])).toBe(false);
    expect(isPacket({ type: 'AnnotationCollection' })).toBe(false);
    expect(isPacket({ 'marginalia:packet': 'x' })).toBe(false);
    expect(isPacket({ 'marginalia:packet': {} })).toBe(true);
  });
});

describe('parsePacket', () => {
  it('round-trips text, tags, prompts, instructions and due date exactly', async () => {
    const p = await parsed(file());
    expect(p.text).toBe(TEXT);
    expect(p.info).toEqual(info);
    expect(p.document).toEqual({
      id: DOC_ID,
      title: doc.title,
      contentHash: doc.contentHash,
      format: 'text',
      fileName: 'speaker.txt',
    });
    expect(p.tags).toEqual(tags);
    // In text order, which is also the order of `prompts` here.
    expect(p.prompts).toEqual(prompts);
  });

  it('prompts may name their page (FragmentSelector, as the W3C export adds); read back the same', async () => {
    const located = file({
      locate: (start) => ({
        type: 'FragmentSelector',
        conformsTo: 'http://tools.ietf.org/rfc/rfc3778',
        value: `page=${start < 20 ? 1 : 2}`,
      }),
    });
    expect(JSON.stringify(located.first.items[0].target)).toContain('page=1');
    expect((await parsed(located)).prompts).toEqual(prompts);
  });

  it('counts offsets in code points: emoji, ZWJ sequences and combining marks', async () => {
    const p = await parsed(file());
    const cps = [...TEXT];
    for (const a of p.prompts) {
      expect(cps.slice(a.target.position.start, a.target.position.end).join('')).toBe(
        a.target.quote.exact,
      );
      expect(
        cps
          .slice(
            a.target.position.start - [...a.target.quote.prefix].length,
            a.target.position.start,
          )
          .join(''),
      ).toBe(a.target.quote.prefix);
    }
    expect(p.prompts[0].target.position).toEqual({
      type: 'TextPositionSelector',
      start: 12,
      end: 24,
    });
    expect(p.prompts[1].target.quote.exact).toBe('cafe\u0301');
  });

  it('reads a Markdown packet, whose prompts point into the displayed text', async () => {
    const source = '# Letter\n\nDear *friend*, I will not say it 👋.\n';
    const plain = (await parseDocument(source, 'markdown')).plainText;
    const ix = new TextIndex(plain);
    const u = plain.indexOf('friend');
    const md: DocumentMeta = {
      ...doc,
      format: 'markdown',
      fileName: 'letter.md',
      contentHash: await sha256Hex(source),
    };
    const q = {
      ...prompts[0],
      target: describeRange(
        ix,
        ix.toCodePoint(u),
        ix.toCodePoint(u + 'friend, I will not say it 👋'.length),
      ),
    };
    const p = await parsed(file({ doc: md, text: source, prompts: [q] }));
    expect(p.document.format).toBe('markdown');
    expect(p.prompts[0].target).toEqual(q.target);
    expect(p.text).toBe(source);
  });

  it('keeps valid tag ids, replaces missing or bad ones, checks colours, adds tags named only by a prompt', async () => {
    const p = file();
    p['marginalia:tagSet'][0].id = 'not a tag id';
    p['marginalia:tagSet'][1].color = 'hotpink';
    p['marginalia:tagSet'][2].id = 'tag-silence';
    p['marginalia:tagSet'].push({ id: 'tag-x', name: 'claim', color: 'green' });
    p.first.items[0].body.unshift({ type: 'TextualBody', purpose: 'tagging', value: 'Irony' });
    const r = await parsed(p);
    expect(r.tags.map((t) => t.name)).toEqual(['Claim', 'Silence', 'Imagery', 'Irony']);
    expect(r.tags[0].id).toMatch(/^tag-00000000-0000-4000-8000-\d{12}$/);
    expect(r.tags[1]).toMatchObject({ id: 'tag-silence', color: 'green' });
    expect(r.tags[2].id).toMatch(/^tag-00000000-/);
    expect(r.tags[3]).toMatchObject({ name: 'Irony', color: 'purple' });
    expect(r.prompts[0].tags).toEqual([r.tags[3].id, 'tag-silence']);
  });

  it('refuses bad packets with a message naming the problem', async () => {
    expect(await parsePacket('packet', env)).toEqual({
      ok: false,
      error: 'the file does not hold a JSON object, so it is not a reading packet.',
    });
    expect(await parsePacket([file()], env)).toEqual({
      ok: false,
      error: 'the file does not hold a JSON object, so it is not a reading packet.',
    });
    expect(await error((p) => delete p['marginalia:packet'])).toBe(
      'it has no “marginalia:packet” part, so it is not a reading packet.',
    );
    expect(await error((p) => (p.type = 'AnnotationPage'))).toBe(
      'a reading packet is an AnnotationCollection, but this file’s type is “AnnotationPage”.',
    );
    expect(await error((p) => delete p['marginalia:packet'].text)).toBe('the packet has no text.');
    expect(await error((p) => (p['marginalia:packet'].text = 42))).toBe('the packet has no text.');
    expect(await error((p) => (p['marginalia:packet'].text = ' \n '))).toBe(
      'the packet’s text is blank.',
    );
    expect(
      await error((p) => (p['marginalia:packet'].text = TEXT.replace(/\n/g, '\r\n'))),
    ).toContain('CR line endings');
    expect(
      await error((p) => (p['marginalia:packet'].text = TEXT.replace('avoids', 'evades'))),
    ).toBe('the packet’s text does not match its fingerprint; the file is damaged.');
    expect(await error((p) => (p['marginalia:document'].contentHash = 'sha256:abc'))).toBe(
      'the packet’s document has no SHA-256 fingerprint (contentHash), so its text cannot be checked.',
    );
    expect(await error((p) => (p['marginalia:document'].id = 'doc-1'))).toBe(
      'the packet’s document id “doc-1” is not a urn:uuid.',
    );
    expect(await error((p) => delete p['marginalia:document'])).toBe(
      'the packet does not say which document it holds (“marginalia:document” is missing).',
    );
    expect(await error((p) => (p['marginalia:document'].format = 'Word 97'))).toBe(
      'the packet’s document format “Word 97” is not a format Marginalia knows.',
    );
    expect(await error((p) => (p['marginalia:document'].format = 'html'))).toBe(
      'its document cannot be read: The stored document is damaged (not valid JSON).',
    );
    expect(await error((p) => (p['marginalia:packet'].revision = 0))).toBe(
      'the packet’s revision must be a whole number from 1 up, not “0”.',
    );
    expect(await error((p) => (p['marginalia:packet'].revision = '2'))).toBe(
      'the packet’s revision must be a whole number from 1 up, not “2”.',
    );
    expect(await error((p) => (p['marginalia:packet'].revision = 1.5))).toBe(
      'the packet’s revision must be a whole number from 1 up, not “1.5”.',
    );
    expect(await error((p) => delete p['marginalia:packet'].revision)).toBe(
      'the packet’s revision must be a whole number from 1 up, not missing.',
    );
    expect(await error((p) => (p['marginalia:packet'].id = 'my packet'))).toBe(
      'the packet’s id “my packet” is not an IRI (such as urn:uuid:…).',
    );
    expect(await error((p) => (p['marginalia:packet'].issued = 'Monday'))).toBe(
      'the packet’s date of issue (issued) is missing or not a date.',
    );
    expect(await error((p) => (p['marginalia:packet'].due = '1 December'))).toBe(
      'the packet’s due date “1 December” is not a date of the form YYYY-MM-DD.',
    );
    expect(await error((p) => (p['marginalia:packet'].due = '2026-02-30'))).toBe(
      'the packet’s due date “2026-02-30” is not a date of the form YYYY-MM-DD.',
    );
    expect(await error((p) => (p['marginalia:packet'].instructions = 'x'.repeat(20_001)))).toBe(
      'the packet’s instructions are 20,001 characters long; at most 20,000 are allowed.',
    );
    expect(await error((p) => (p['marginalia:packet'].instructions = ['Read']))).toBe(
      'the packet’s instructions are not text.',
    );
  });

  it('refuses a packet whose prompts are not whole: not valid W3C, not in the text, without ids', async () => {
    expect(await error((p) => (p.first.items[1].created = 'yesterday'))).toBe(
      'prompt 2: created is not a date.',
    );
    expect(await error((p) => delete p.first.items[2].target)).toBe('prompt 3: has no target.');
    expect(await error((p) => (p.first = 'https://example.org/page1'))).toBe(
      "the collection's pages are not included in this file (its “first” page is only a link).",
    );
    expect(
      await error((p) => {
        const q = p.first.items[1].target.selector[0];
        q.exact = 'coffee';
        p.first.items[1].target.selector[1].end = p.first.items[1].target.selector[1].start + 6;
      }),
    ).toBe(
      'prompt 2 (“Why the accent?”) does not match the packet’s text: the passage “coffee” is not in it; the file is damaged.',
    );
    expect(await error((p) => delete p.first.items[0].id)).toBe(
      'prompt 1 (“What does the speaker avoid saying here?”) has no id, so a later revision of the packet could not update it.',
    );
    expect(
      await error(
        (p) => (p.first.items[0].target.source = 'urn:uuid:11111111-1111-4111-8111-111111111111'),
      ),
    ).toBe(
      'prompt 1 (“What does the speaker avoid saying here?”) was made on another document (urn:uuid:11111111-1111-4111-8111-111111111111).',
    );
  });

  it('refuses texts larger than Marginalia opens, without hashing them', async () => {
    const r = await error((p) => (p['marginalia:packet'].text = 'a'.repeat(50 * 1024 * 1024 + 1)));
    expect(r).toBe('the packet’s text is 50.0 MB; Marginalia opens texts up to 50 MB.');
  });

  it('accepts a long text (over the 1 MB limit on single import strings) and never throws', async () => {
    const long = `${'Long line of prose. '.repeat(60_000)}The end.`;
    const big: DocumentMeta = { ...doc, contentHash: await sha256Hex(long) };
    const ix = new TextIndex(long);
    const q = { ...prompts[1], target: describeRange(ix, ix.length - 4, ix.length - 1) };
    const p = await parsed(file({ doc: big, text: long, prompts: [q] }));
    expect(p.prompts[0].target.quote.exact).toBe('end');
    const hostile = {
      'marginalia:packet': {},
      get type() {
        throw new Error('boom');
      },
    };
    expect(await parsePacket(hostile, env)).toEqual({
      ok: false,
      error: 'this packet could not be read (boom).',
    });
  });
});

describe('packetDocument', () => {
  it('makes the student’s document from a packet', async () => {
    const p = await parsed(file());
    const now = new Date('2026-11-26T08:00:00Z');
    const d = packetDocument(p, now);
    expect(d.meta).toEqual({
      id: DOC_ID,
      title: doc.title,
      format: 'text',
      fileName: 'speaker.txt',
      size: new TextEncoder().encode(TEXT).length,
      contentHash: doc.contentHash,
      created: now.toISOString(),
      opened: now.toISOString(),
      annotationCount: 3,
      packet: { ...info, role: 'student', tagIds: ['tag-claim', 'tag-silence', 'tag-image'] },
    });
    expect(d.tags).toEqual(tags);
    expect(d.prompts).toEqual(prompts);
  });
});

// ---------------------------------------------------------------------------------------------
// Re-opening a packet

const student = (id: string, quote: string, extra: Partial<Annotation> = {}): Annotation => ({
  id: `urn:uuid:00000000-0000-4000-b000-${id.padStart(12, '0')}`,
  docId: DOC_ID,
  target: range(quote),
  tags: [],
  note: 'mine',
  creator: 'Sam',
  created: '2026-11-26T09:00:00.000Z',
  modified: '2026-11-26T09:00:00.000Z',
  ...extra,
});

describe('planPacketUpdate', () => {
  /** The student's library after opening revision 1 and working on it. */
  const library = async () => {
    const d = packetDocument(await parsed(file()), new Date('2026-11-21T08:00:00Z'));
    const own: Tag = { id: 'tag-own', name: 'My idea', color: 'teal' };
    const ownUnused: Tag = { id: 'tag-own2', name: 'Later', color: 'gray' };
    const annotations = [
      ...d.prompts,
      student('1', 'avoids the word', { tags: ['tag-own', 'tag-image'] }),
      student('2', 'café', { replyTo: prompts[1].id, note: 'Because it is French.' }),
    ];
    return { meta: d.meta, tags: [...d.tags, own, ownUnused], annotations };
  };
  const revision2 = async (over: Partial<PacketInput> = {}) =>
    parsed(file({ info: { ...info, revision: 2, issued: '2026-11-27T10:00:00.000Z' }, ...over }));

  it('adds, changes and removes prompts, keeps removed prompts that have replies, never touches the student’s annotations', async () => {
    const lib = await library();
    const changed = {
      ...prompts[0],
      note: 'What is avoided, and why?',
      modified: '2026-11-27T09:00:00.000Z',
    };
    const added = prompt('4', 'never said', 'Who never says it?');
    // Revision 2 drops prompt 2 (replied to) and prompt 3 (not).
    const r = planPacketUpdate(lib, await revision2({ prompts: [changed, added] }));
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    const u = r.value;
    expect(u.put).toEqual([changed, added]);
    expect(u.delete).toEqual([prompts[2].id]);
    expect(u.packet).toEqual({
      ...info,
      revision: 2,
      issued: '2026-11-27T10:00:00.000Z',
      role: 'student',
      tagIds: ['tag-claim', 'tag-silence', 'tag-image'],
    });
    expect(u.summary).toBe(
      'Updated to revision 2: 1 new prompt, 1 prompt changed, 1 prompt removed, 1 removed prompt kept because it has replies.',
    );
    expect(u.tags).toEqual(lib.tags);
    const studentIds = lib.annotations.filter((a) => !a.prompt).map((a) => a.id);
    for (const id of studentIds) {
      expect(u.put.map((a) => a.id)).not.toContain(id);
      expect(u.delete).not.toContain(id);
    }
  });

  it('puts nothing for unchanged prompts', async () => {
    const r = planPacketUpdate(
      await library(),
      await revision2({ info: { ...info, revision: 2, instructions: 'New.', due: undefined } }),
    );
    expect(r).toMatchObject({
      ok: true,
      value: {
        kind: 'update',
        put: [],
        delete: [],
        summary: 'Updated to revision 2: new instructions, no due date any more.',
      },
    });
  });

  it('merges tags: packet tags first (by id, else by name), student tags after, removed packet tags only while used', async () => {
    const lib = await library();
    // Revision 2: Silence recoloured and defined anew, Claim renamed, Imagery removed (the
    // student used it), a new tag; "my idea" is now also a packet tag (matched by name).
    const next: Tag[] = [
      { id: 'tag-new', name: 'Irony', color: 'orange' },
      { id: 'tag-silence', name: 'Silence', color: 'gray', definition: 'Unsaid.' },
      {
        id: 'tag-claim',
        name: 'Assertion',
        color: 'blue',
        definition: 'A position the text argues for.',
      },
      { id: 'tag-teacher-idea', name: 'MY IDEA', color: 'yellow', definition: 'From the teacher' },
    ];
    const p = await revision2({
      tags: next,
      prompts: [
        { ...prompts[0], tags: ['tag-teacher-idea', 'tag-silence'] },
        prompts[1],
        prompts[2],
      ],
    });
    const r = planPacketUpdate(lib, p);
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    expect(r.value.tags).toEqual([
      { id: 'tag-new', name: 'Irony', color: 'orange' },
      { id: 'tag-silence', name: 'Silence', color: 'gray', definition: 'Unsaid.' },
      {
        id: 'tag-claim',
        name: 'Assertion',
        color: 'blue',
        definition: 'A position the text argues for.',
      },
      { id: 'tag-own', name: 'MY IDEA', color: 'yellow', definition: 'From the teacher' },
      // Removed from the packet but used by the student; then the student's own, used or not.
      { id: 'tag-image', name: 'Imagery', color: 'pink' },
      { id: 'tag-own2', name: 'Later', color: 'gray' },
    ]);
    // Prompt 1 uses the library's id for the name-matched tag. Prompt 3 changed too: the file
    // names only the tags of its tag set, so it lost Imagery.
    expect(r.value.put.find((a) => a.id === prompts[0].id)?.tags).toEqual([
      'tag-own',
      'tag-silence',
    ]);
    expect(r.value.put.find((a) => a.id === prompts[2].id)?.tags).toEqual(['tag-claim']);
    expect(r.value.packet.tagIds).toEqual(['tag-new', 'tag-silence', 'tag-claim', 'tag-own']);
    expect(r.value.summary).toBe(
      'Updated to revision 2: 2 prompts changed, 1 tag added, 3 tags changed.',
    );
  });

  it('drops a removed packet tag nobody uses and renames a student tag whose name the packet now takes', async () => {
    const lib = await library();
    lib.tags.push({ id: 'tag-q', name: 'Question', color: 'orange' });
    lib.annotations.push(student('3', 'The end', { tags: ['tag-q'] }));
    // Only the deleted prompt 3 used Imagery.
    lib.annotations = lib.annotations.map((a) =>
      a.tags.includes('tag-image') && !a.prompt ? { ...a, tags: ['tag-own'] } : a,
    );
    const next: Tag[] = [{ id: 'tag-claim', name: 'question', color: 'blue' }, tags[1]];
    const r = planPacketUpdate(lib, await revision2({ tags: next, prompts: [prompts[0]] }));
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    expect(r.value.delete).toEqual([prompts[2].id]);
    // Claim (id match) is renamed by the packet; the student's own “Question” must not clash.
    expect(r.value.tags.map((t) => `${t.id}:${t.name}`)).toEqual([
      'tag-claim:question',
      'tag-silence:Silence',
      'tag-own:My idea',
      'tag-own2:Later',
      'tag-q:Question (2)',
    ]);
    expect(r.value.summary).toBe(
      'Updated to revision 2: 1 prompt removed, 1 removed prompt kept because it has replies, 1 tag changed, 1 tag removed.',
    );
  });

  it('is current for the same or an older revision, and for the teacher’s own document', async () => {
    const lib = await library();
    expect(planPacketUpdate(lib, await parsed(file()))).toEqual({
      ok: true,
      value: {
        kind: 'current',
        summary: 'You already have revision 1 of this packet; nothing was changed.',
      },
    });
    const newer = { ...lib, meta: { ...lib.meta, packet: { ...lib.meta.packet!, revision: 3 } } };
    expect(planPacketUpdate(newer, await revision2())).toEqual({
      ok: true,
      value: {
        kind: 'current',
        summary:
          'You already have revision 3 of this packet (this file is the older revision 2); nothing was changed.',
      },
    });
    const teacher = {
      ...lib,
      meta: { ...lib.meta, packet: { ...info, role: 'teacher' as const } },
    };
    expect(planPacketUpdate(teacher, await revision2())).toEqual({
      ok: true,
      value: {
        kind: 'current',
        summary: `“${doc.title}” is the source document of this reading packet (you made it); nothing was changed.`,
      },
    });
  });

  it('refuses a packet for a different text or a different packet for the same document', async () => {
    const lib = await library();
    const otherText = { ...lib, meta: { ...lib.meta, contentHash: 'c'.repeat(64) } };
    expect(planPacketUpdate(otherText, await revision2())).toEqual({
      ok: false,
      error: `this is a packet for a different text than “${doc.title}” in your library; nothing was changed.`,
    });
    const otherPacket = await revision2({
      info: { ...info, id: 'urn:uuid:88888888-8888-4888-8888-888888888888', revision: 5 },
    });
    expect(planPacketUpdate(lib, otherPacket)).toEqual({
      ok: false,
      error: `this is a different reading packet for “${doc.title}” than the one you opened before (from Ms Teacher); nothing was changed.`,
    });
  });

  it('adds the packet to the same document already in the library without a packet record', async () => {
    const lib = await library();
    const { packet: _p, ...meta } = lib.meta;
    const plain = { meta, tags: [], annotations: lib.annotations.filter((a) => !a.prompt) };
    const r = planPacketUpdate(plain, await parsed(file()));
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    expect(r.value.put).toEqual(prompts);
    expect(r.value.tags.map((t) => t.id)).toEqual(['tag-claim', 'tag-silence', 'tag-image']);
    expect(r.value.summary).toBe(
      `Opened revision 1 of the reading packet on “${doc.title}”: 3 new prompts, 3 tags added.`,
    );
  });
});
