import { describe, it, expect } from 'vitest';
import { isPacket, packetDocument, parsePacket } from './packet';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';
import { parseDocument } from './parse';
import type { DocumentMeta, Tag } from './types';
import {
  DOC_ID,
  TEXT,
  doc,
  env,
  error,
  file,
  info,
  parsed,
  prompts,
  tags,
} from './packet.fixtures';

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
