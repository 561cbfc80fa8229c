import { describe, it, expect } from 'vitest';
import { packetDocument } from './packet';
import { planPacketUpdate } from './packet-update';
import { carryToPacketText, mapFromHistory, packetHistory } from './packet-text';
import { applyReplaces, cpLength } from './text-edit';
import { TextIndex } from './text-index';
import { describeRange } from './selectors';
import { sha256Hex } from './hash';
import type { TextVersion } from './types';
import { DOC_ID, TEXT, at, doc, file, info, parsed, prompts, student } from './packet.fixtures';

// The teacher corrects the text of revision 1 (right to left, so each replacement's offsets
// are those of TEXT): a sentence start inserted, " by the sea" deleted, "the" → "that".
const EDITED = applyReplaces(TEXT, [
  { start: at('What is')[0], end: at('What is')[0], text: 'Indeed, ' },
  { start: at(' by the sea')[0], end: at(' by the sea')[1], text: '' },
  { start: at('the word')[0], end: at('the word')[0] + 3, text: 'that' },
]);
const V2 = EDITED.text;
const i2 = new TextIndex(V2);
const on2 = (quote: string) => {
  const u = V2.indexOf(quote);
  return describeRange(i2, i2.toCodePoint(u), i2.toCodePoint(u + quote.length));
};

/** The student's copy of revision 1 with their own annotations. */
const library = async () => {
  const d = packetDocument(await parsed(file()), new Date('2026-11-21T08:00:00Z'));
  const own = [
    student('1', 'A café'),
    student('2', 'avoids the word'),
    student('3', 'by the sea'),
    student('4', 'never said'),
  ];
  return { meta: d.meta, tags: d.tags, annotations: [...d.prompts, ...own], text: TEXT, own };
};

/** Revision 2, made on the corrected text, naming revision 1's text in its history. */
const revision2 = async (history = [{ contentHash: doc.contentHash, map: EDITED.map }]) =>
  parsed(
    file({
      doc: { ...doc, contentHash: await sha256Hex(V2) },
      text: V2,
      prompts: prompts.map((p) => ({ ...p, target: on2(p.target.quote.exact) })),
      info: { ...info, revision: 2, issued: '2026-11-27T10:00:00.000Z' },
      history,
    }),
  );

describe('packet text history', () => {
  it('is made from the stored versions and read back from the packet file', async () => {
    const versions: TextVersion[] = [
      { docId: DOC_ID, n: 1, created: '', contentHash: doc.contentHash, source: TEXT },
      {
        docId: DOC_ID,
        n: 2,
        created: '',
        contentHash: 'b'.repeat(64),
        source: V2,
        map: EDITED.map,
      },
    ];
    const history = packetHistory(versions);
    expect(history).toEqual([{ contentHash: doc.contentHash, map: EDITED.map }]);
    expect(packetHistory([versions[0], { ...versions[1], map: undefined }])).toEqual([]);
    const p = await revision2(history);
    expect(p.history).toEqual(history);
    expect(mapFromHistory(p.history, doc.contentHash)).toEqual(
      EDITED.map.flat().length ? EDITED.map : [],
    );
    expect(mapFromHistory(p.history, 'c'.repeat(64))).toBeNull();
    // A packet without history reads as an empty one; a malformed one refuses the packet.
    expect((await parsed(file())).history).toEqual([]);
    const bad = file();
    bad['marginalia:packet'].history = [{ contentHash: 'sha256:zz', map: [[1, 2]] }];
    await expect(parsed(bad)).rejects.toThrow(
      'entry 1 of the packet’s text history needs a SHA-256 fingerprint and an edit map.',
    );
  });

  it('carries the student’s annotations to a corrected revision through the map, flagged for review', async () => {
    const lib = await library();
    const r = planPacketUpdate(lib, await revision2());
    if (!r.ok || r.value.kind !== 'update') throw new Error(JSON.stringify(r));
    const u = r.value;
    expect(u.text).toEqual({
      source: V2,
      contentHash: await sha256Hex(V2),
      map: EDITED.map,
      counts: { unchanged: 2, changed: 1, adjusted: 0, lost: 1 },
    });
    expect(u.summary).toContain('the text was corrected (2 of your annotations to review)');
    const byId = new Map(u.put.map((a) => [a.id, a]));
    const [cafe, avoids, sea, never] = lib.own.map((a) => byId.get(a.id));
    // Untouched passages keep their exact words on the new text, and are not flagged.
    for (const a of [cafe!, never!]) {
      expect(i2.slice(a.target.position.start, a.target.position.end)).toBe(a.target.quote.exact);
      expect(a.edit).toBeUndefined();
    }
    expect(cafe!.target).toEqual(on2('A café'));
    expect(never!.target).toEqual(on2('never said'));
    expect(avoids!.target.quote.exact).toBe('avoids that word');
    expect(avoids!.edit).toEqual({ outcome: 'changed', oldQuote: 'avoids the word', version: 2 });
    expect(sea!.edit).toEqual({ outcome: 'lost', oldQuote: 'by the sea', version: 2 });
    // The prompts follow the packet's text.
    for (const p of prompts) expect(byId.get(p.id)?.target).toEqual(on2(p.target.quote.exact));
  });

  it('refuses a corrected text that does not name the student’s text, or whose map does not fit it', async () => {
    const lib = await library();
    const other = await revision2([{ contentHash: 'c'.repeat(64), map: EDITED.map }]);
    const r = planPacketUpdate(lib, other);
    expect(r.ok ? r.value : r.error).toContain('a packet for a different text');
    const short = await revision2([{ contentHash: doc.contentHash, map: [[0, 1, 0]] }]);
    const s = planPacketUpdate(lib, short);
    expect(s.ok ? s.value : s.error).toBe(
      'the packet’s text history does not lead from your copy’s text to the packet’s text; the file is damaged.',
    );
    // Without the copy's text nothing can be carried.
    const n = planPacketUpdate({ ...lib, text: undefined }, await revision2());
    expect(n.ok ? n.value : n.error).toBe('the text of your copy is missing.');
  });

  it('leaves lost and unplaceable annotations as they are', () => {
    const gone = student('5', 'never said', {
      edit: { outcome: 'lost', oldQuote: 'x', version: 1 },
    });
    const nowhere = student('6', 'A café', {
      target: {
        quote: {
          type: 'TextQuoteSelector',
          exact: 'not in this text at all',
          prefix: '',
          suffix: '',
        },
        position: { type: 'TextPositionSelector', start: 0, end: 3 },
      },
    });
    const c = carryToPacketText(TEXT, V2, EDITED.map, [gone, nowhere], 2);
    if (typeof c === 'string') throw new Error(c);
    expect(c.put).toEqual([]);
    expect(cpLength(V2)).toBe(i2.length);
  });
});
