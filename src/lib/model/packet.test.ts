import { describe, it, expect } from 'vitest';
import { isPacket, packetDocument } from './packet';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';
import { parseDocument } from './parse';
import type { DocumentMeta, Tag } from './types';
import { DOC_ID, TEXT, doc, file, info, parsed, prompts, tags } from './packet.fixtures';

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
