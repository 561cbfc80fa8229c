import { describe, it, expect } from 'vitest';
import { mergeImports } from './import-merge';
import type { ImportItem, ParsedImport } from './w3c-parse';

const item = (id: string, creator: string, modified: string, note = ''): ImportItem => ({
  id,
  creator,
  modified,
  created: modified,
  note,
  tagNames: [],
  target: { quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' } },
});
const parsed = (items: ImportItem[], extra: Partial<ParsedImport> = {}): ParsedImport => ({
  tags: [],
  items,
  invalid: [],
  warnings: [],
  ...extra,
});

describe('mergeImports: a class’s hand-ins for one document as one import', () => {
  it('keeps every reader’s items, one per id (the most recently modified wins)', () => {
    const m = mergeImports(
      ['ana.json', 'ben.json', 'ana-again.json'],
      [
        parsed([item('a1', 'Ana', '2026-11-20T10:00:00Z', 'old')]),
        parsed([item('b1', 'Ben', '2026-11-20T10:00:00Z')]),
        parsed([item('a1', 'Ana', '2026-11-21T10:00:00Z', 'new')]),
      ],
    );
    expect(m.items.map((i) => [i.id, i.creator, i.note])).toEqual([
      ['a1', 'Ana', 'new'],
      ['b1', 'Ben', ''],
    ]);
  });

  it('unites tag sets by name, the first file’s definition winning', () => {
    const m = mergeImports(
      ['a', 'b'],
      [
        parsed([], { tags: [{ name: 'Claim', color: 'blue', definition: 'first' }] }),
        parsed([], { tags: [{ name: 'claim', color: 'pink' }, { name: 'Irony' }] }),
      ],
    );
    expect(m.tags).toEqual([
      { name: 'Claim', color: 'blue', definition: 'first' },
      { name: 'Irony' },
    ]);
  });

  it('names the file of every problem and numbers them across files', () => {
    const m = mergeImports(
      ['ana.json', 'ben.json'],
      [
        parsed([], {
          invalid: [{ index: 3, message: 'item 3: has no target' }],
          warnings: ['a body without text was ignored'],
        }),
        parsed([], { invalid: [{ index: 1, message: 'item 1: is not an annotation object' }] }),
      ],
    );
    expect(m.invalid).toEqual([
      { index: 1, message: '“ana.json”: item 3: has no target' },
      { index: 2, message: '“ben.json”: item 1: is not an annotation object' },
    ]);
    expect(m.warnings).toEqual(['“ana.json”: a body without text was ignored']);
  });

  it('warns when one name is in two files that share no annotation (two people, one name)', () => {
    const m = mergeImports(
      ['ana-1.json', 'ana-2.json', 'ana-again.json'],
      [
        parsed([item('x1', 'Ana', '2026-11-20T10:00:00Z')]),
        parsed([item('y1', 'Ana', '2026-11-20T10:00:00Z')]),
        parsed([item('x1', 'Ana', '2026-11-21T10:00:00Z')]),
      ],
    );
    expect(m.warnings).toEqual([
      '“ana-1.json” and “ana-2.json” are both by “Ana” but share no annotation: if they are two people, they will show as one reader.',
    ]);
  });

  it('returns a single file unchanged', () => {
    const one = parsed([item('x', 'Ana', '2026-11-20T10:00:00Z')]);
    expect(mergeImports(['one.json'], [one])).toBe(one);
  });
});
