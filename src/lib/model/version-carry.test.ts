import { describe, expect, it } from 'vitest';
import { VersionCarrier } from './version-carry';
import { applyReplaces } from './text-edit';
import type { TextVersion } from './types';

const V1 = 'Robin sang. Later, Robin slept under the old oak.';

describe('VersionCarrier', () => {
  const e1 = applyReplaces(V1, [{ start: 0, end: 0, text: 'At dawn ' }]);
  const e2 = applyReplaces(e1.text, [{ start: 8 + 12, end: 8 + 19, text: '' }]);
  const versions: TextVersion[] = [
    { docId: 'd', n: 1, created: '', contentHash: 'h1', source: V1 },
    { docId: 'd', n: 2, created: '', contentHash: 'h2', source: e1.text, map: e1.map },
    { docId: 'd', n: 3, created: '', contentHash: 'h3', source: e2.text, map: e2.map },
  ];
  const carrier = new VersionCarrier(versions);
  const target = (s: number, e: number) => ({
    quote: { type: 'TextQuoteSelector' as const, exact: V1.slice(s, e), prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector' as const, start: s, end: e },
  });

  it('carries a version-1 target through every later edit onto the same words', () => {
    expect(carrier.versionOf('h1')).toBe(1);
    const second = V1.indexOf('Robin slept');
    const c = carrier.carry(1, target(second, second + 5));
    expect(c).toMatchObject({ outcome: 'unchanged' });
    if (c && c.outcome !== 'lost') expect(e2.text.slice(c.start, c.end)).toBe('Robin');
    // Never the first "Robin", which a quote search near the old position could pick.
    expect(c && c.outcome !== 'lost' && c.start).not.toBe(e2.text.indexOf('Robin'));
  });

  it('reports a deleted passage as lost and leaves unknown positions to quote search', () => {
    expect(carrier.carry(1, target(12, 19))).toEqual({ outcome: 'lost' });
    expect(
      carrier.carry(1, {
        ...target(0, 5),
        position: { type: 'TextPositionSelector', start: 1, end: 6 },
      }),
    ).toBeNull();
    expect(carrier.carry(9, target(0, 5))).toBeNull();
  });

  it('counts a Markdown version’s positions in its displayed text, not its Markdown', () => {
    const md1 = '# Robin\n\nRobin *sang*. Later, Robin slept.\n';
    const md2 = '# Robin\n\nAt dawn Robin *sang*. Later, Robin slept.\n';
    const shown1 = 'Robin\n\nRobin sang. Later, Robin slept.';
    const e = applyReplaces(shown1, [{ start: 7, end: 7, text: 'At dawn ' }]);
    const md: TextVersion[] = [
      { docId: 'd', n: 1, created: '', contentHash: 'm1', source: md1 },
      { docId: 'd', n: 2, created: '', contentHash: 'm2', source: md2, map: e.map },
    ];
    const at = shown1.indexOf('sang');
    const c = new VersionCarrier(md, 'markdown').carry(1, {
      quote: { type: 'TextQuoteSelector', exact: 'sang', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: at, end: at + 4 },
    });
    expect(c).toEqual({ outcome: 'unchanged', start: at + 8, end: at + 12 });
    expect(e.text.slice(at + 8, at + 12)).toBe('sang');
  });
});
