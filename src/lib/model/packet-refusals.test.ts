import { describe, it, expect } from 'vitest';
import { parsePacket } from './packet';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';
import type { DocumentMeta } from './types';
import { TEXT, doc, env, error, file, parsed, prompts } from './packet.fixtures';

describe('parsePacket: refusals', () => {
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
