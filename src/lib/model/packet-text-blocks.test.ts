import { describe, it, expect } from 'vitest';
import { packetDocument } from './packet';
import { planPacketUpdate } from './packet-update';
import { applyReplaces } from './text-edit';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';
import { layoutBlocks, serializeBlocks, type DraftBlock } from './blocks';
import { TEXT, at, doc, file, parsed, prompts, student } from './packet.fixtures';

/** The fixture text as a two-page PDF's blocks (its layout is TEXT exactly). */
const pages = (text: string): DraftBlock[] =>
  text.split('\n\n').flatMap((p, i) => [
    { type: 'pageBreak' as const, page: i + 1, label: String(i + 1) },
    { type: 'paragraph' as const, content: [{ type: 'text' as const, text: p }] },
  ]);
const EDITED = applyReplaces(TEXT, [
  { start: at(' by the sea')[0], end: at(' by the sea')[1], text: '' },
  { start: at('the word')[0], end: at('the word')[0] + 3, text: 'that' },
]);
const S1 = serializeBlocks(pages(TEXT));
const S2 = serializeBlocks(pages(EDITED.text));
const i2 = new TextIndex(EDITED.text);
const on2 = (quote: string) => {
  const u = EDITED.text.indexOf(quote);
  return describeRange(i2, i2.toCodePoint(u), i2.toCodePoint(u + quote.length));
};
describe('a corrected packet of a block document (PDF)', () => {
  it('carries the student’s annotations through the map, counted in each version’s laid-out text', async () => {
    expect(layoutBlocks(pages(TEXT)).plainText).toBe(TEXT);
    const pdf = { ...doc, format: 'pdf' as const, fileName: 'speaker.pdf' };
    const r1 = await parsed(file({ doc: { ...pdf, contentHash: await sha256Hex(S1) }, text: S1 }));
    const d = packetDocument(r1, new Date('2026-11-21T08:00:00Z'));
    const own = [
      student('1', 'A café'),
      student('2', 'avoids the word'),
      student('3', 'never said'),
    ];
    const lib = { meta: d.meta, tags: d.tags, annotations: [...d.prompts, ...own], text: S1 };
    const r2 = await parsed(
      file({
        doc: { ...pdf, contentHash: await sha256Hex(S2) },
        text: S2,
        prompts: prompts.map((p) => ({ ...p, target: on2(p.target.quote.exact) })),
        info: { ...r1.info, revision: 2 },
        history: [{ contentHash: await sha256Hex(S1), map: EDITED.map }],
      }),
    );
    const r = planPacketUpdate(lib, r2);
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    expect(r.value.text).toMatchObject({ source: S2, map: EDITED.map });
    const byId = new Map(r.value.put.map((a) => [a.id, a]));
    expect(byId.get(own[0].id)?.target).toEqual(on2('A café'));
    expect(byId.get(own[2].id)?.target).toEqual(on2('never said'));
    expect(byId.get(own[1].id)?.edit).toMatchObject({ outcome: 'changed' });
  });
});
