/**
 * The architecture rules in eslint.config.js fire: each case lints a small fixture with the
 * project's own config through ESLint's Node API and expects the rule's error (or none).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** Rule ids (with messages) reported for `code` as if it were the file at `filePath`. */
async function lint(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return r.messages.map((m) => `${m.ruleId}: ${m.message}`);
}
const layerErrors = async (filePath: string, code: string) =>
  (await lint(filePath, code)).filter((m) => m.startsWith('boundaries/dependencies'));

describe('layer rule (boundaries/dependencies)', { timeout: 60_000 }, () => {
  it('rejects an import against components → state → editor / storage → model', async () => {
    const up: [string, string][] = [
      ['src/lib/model/fixture.ts', "import { AppState } from '../state/app.svelte';"],
      ['src/lib/model/fixture.ts', "import { LibraryStore } from '../storage/library-store';"],
      ['src/lib/model/fixture.ts', "import { ReaderEditor } from '../editor/reader-editor';"],
      ['src/lib/storage/fixture.ts', "import { AppState } from '../state/app.svelte';"],
      ['src/lib/editor/fixture.ts', "import { LibraryStore } from '../storage/library-store';"],
      ['src/lib/state/fixture.ts', "import App from '../../components/App.svelte';"],
    ];
    for (const [file, code] of up) {
      const errors = await layerErrors(file, `${code}\nexport const x = 1;\n`);
      expect(errors, `${file}: ${code}`).toHaveLength(1);
      expect(errors[0]).toContain('layer rule');
    }
  });

  it('rejects model importing any app file outside model, or a UI / browser-storage package', async () => {
    for (const code of [
      "import '../../main';",
      "import { mount } from 'svelte';",
      "import { Editor } from '@tiptap/core';",
      "import { openDB } from 'idb';",
    ])
      expect(await layerErrors('src/lib/model/fixture.ts', `${code}\n`), code).toHaveLength(1);
  });

  it('accepts imports that point down the layers', async () => {
    const down: [string, string][] = [
      [
        'src/lib/model/fixture.ts',
        "import { anchor } from './anchor';\nimport { readFileSync } from 'node:fs';",
      ],
      ['src/lib/storage/fixture.ts', "import type { Annotation } from '../model/types';"],
      ['src/lib/editor/fixture.ts', "import type { Annotation } from '../model/types';"],
      [
        'src/lib/state/fixture.ts',
        "import { LibraryStore } from '../storage/library-store';\nimport { ReaderEditor } from '../editor/reader-editor';",
      ],
    ];
    for (const [file, code] of down) expect(await layerErrors(file, `${code}\n`), code).toEqual([]);
    expect(
      await layerErrors(
        'src/components/Fixture.svelte',
        "<script lang=\"ts\">\n  import { AppState } from '../lib/state/app.svelte';\n  import { anchor } from '../lib/model/anchor';\n  console.log(AppState, anchor);\n</script>\n",
      ),
    ).toEqual([]);
  });
});

describe('cycle rule (import-x/no-cycle)', { timeout: 60_000 }, () => {
  const dir = resolve(root, 'src/lib/model/lint-cycle-fixture');
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b();\n");
    writeFileSync(resolve(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a();\n");
    writeFileSync(resolve(dir, 'c.ts'), "import { b } from './b';\nexport const c = () => b();\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports both files of a cycle, and not a file that only imports into it', async () => {
    const results = await eslint.lintFiles([resolve(dir, '*.ts')]);
    const cycles = Object.fromEntries(
      results.map((r) => [
        r.filePath.slice(dir.length + 1),
        r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').length,
      ]),
    );
    expect(cycles).toEqual({ 'a.ts': 1, 'b.ts': 1, 'c.ts': 0 });
  });
});
