// Marginalia benchmark: `npm run bench` (builds first). Runs the production build in headless
// Chromium and measures each figure several times after a warm-up, against two baselines
// measured in the same run (floor: plain innerHTML page; naive: TipTap StarterKit + Highlight
// marks). Writes bench/results.json and bench/RESULTS.md. Never part of `npm test`.
// Each group of figures is a module: open.mjs (size, opening), a10k-view.mjs (create, reload,
// scroll, heap), a10k-data.mjs (re-anchor, export, import), class.mjs, freeze.mjs; harness.mjs
// and app.mjs are what they share.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { workloads } from './workloads.mjs';
import { report } from './report.mjs';
import { freezeScenario } from './freeze.mjs';
import { formatsScenario } from './formats.mjs';
import { editScenario } from './edit.mjs';
import { RUNS, createRecorder, launchBrowser, repeat, startServer } from './harness.mjs';
import { freshApp, openTimed, seedAnnotations, store } from './app.mjs';
import { bundleSizes, openScenarios } from './open.mjs';
import { a10kViewScenarios, createFigures } from './a10k-view.mjs';
import { a10kDataScenarios, exportScenarios } from './a10k-data.mjs';
import { classScenarios } from './class.mjs';
import { liveRows } from './live-rows.mjs';
import { liveClickRows } from './live-click.mjs';

const root = resolve(import.meta.dirname, '..');
/** `BENCH_ONLY=freeze` runs only the freeze scenario (with its A10k document) and create with none
 * and with 10,000 present, `BENCH_ONLY=edit`
 * only the text-edit save (with its A10k document), `BENCH_ONLY=formats` only the long PDF/EPUB
 * scenario (formats.mjs); each writes its figures to bench/.tmp/only.json; the edit run also
 * replaces its own rows in results.json and RESULTS.md, the others leave them alone.
 * `BENCH_ONLY=a10k` runs the reload, scroll, heap and export figures of W-book + A10k and
 * replaces only those rows in results.json and RESULTS.md. `BENCH_PROFILE=1` adds a CPU profile
 * of the reload (a10k-view.mjs) and of the edit's save (edit.mjs). */
const ONLY = process.env.BENCH_ONLY;

/** `BENCH_ONLY=live` runs only the live-class figures (load test, then click → drawn in the
 * browser) and `BENCH_ONLY=live-click` only the click → drawn one; each replaces its own rows in
 * results.json and RESULTS.md, keeping every other figure as it was. */
if (ONLY === 'live' || ONLY === 'live-click') {
  const prefix = ONLY === 'live' ? 'Live class' : 'Live class in the browser';
  const prev = JSON.parse(readFileSync(resolve(root, 'bench/results.json'), 'utf8'));
  const fresh = ONLY === 'live' ? liveRows(root) : [];
  fresh.push(...(await liveClickRows(root)));
  prev.results = prev.results.filter((r) => !r.name.startsWith(prefix)).concat(fresh);
  writeFileSync(resolve(root, 'bench/results.json'), JSON.stringify(prev, null, 2) + '\n');
  writeFileSync(resolve(root, 'bench/RESULTS.md'), report(prev));
  console.log(`wrote the ${ONLY} rows of bench/results.json and bench/RESULTS.md`);
  process.exit(0);
}

execSync('npx vite build --config bench/vite.config.mjs', { cwd: root, stdio: 'inherit' });

const { origin, close } = await startServer(root);
const browser = await launchBrowser();
const W = workloads(root);
const { results, record } = createRecorder();
/** The rows of the edit save (`BENCH_ONLY=edit`), which replace their own in results.json. */
const editRows = [];

try {
  if (ONLY !== 'a10k') bundleSizes({ root, record });

  const { context, page } = await freshApp(browser, origin);
  const bookId = await store(page, 'kjv.txt', W.book.text);
  const versesId = await store(page, 'kjv-verses.txt', W.verses.text);
  const seedId = await store(page, 'sample-seed.txt', W.seed.text);

  const ctx = { root, origin, context, page, W, record };

  if (!ONLY) await openScenarios({ ...ctx, ids: { seed: seedId, book: bookId, verses: versesId } });
  if (!ONLY || ONLY === 'formats')
    await formatsScenario(browser, page, {
      paragraphs: W.verses.paragraphs,
      record,
      repeat,
      runs: Math.min(RUNS, 3),
    });

  // Create one annotation with 0, 1k and 10k present; at 10k, every A10k figure.
  const createRow = {};
  for (const [n, seed] of [
    [0, 0],
    [1000, 1],
    [10000, 2],
  ]) {
    // The freeze run also measures create with none and with 10,000 present (#13's targets).
    if ((ONLY && n !== 10000 && !(ONLY === 'freeze' && n === 0)) || ONLY === 'formats') continue;
    const id = await store(page, `kjv-${n}.txt`, W.book.text);
    if (n) await seedAnnotations(page, id, n, seed);
    await openTimed(page, id);
    if (ONLY === 'edit') {
      const from = results.length;
      await editScenario(page, { record, runs: Math.min(RUNS, 3) });
      editRows.push(...results.slice(from));
      continue;
    }
    if (ONLY === 'a10k') {
      await a10kViewScenarios(ctx, id, bookId);
      await exportScenarios(ctx);
      continue;
    }
    if (ONLY === 'freeze') {
      createRow[n] = await createFigures(ctx, n);
      if (n === 0) continue;
    }
    if (ONLY) {
      await freezeScenario(page, { bookText: W.book.text, store, record });
      continue;
    }
    createRow[n] = await createFigures(ctx, n);
    if (n === 10000) {
      createRow[n].ratios = { none: createRow[n].median / Math.max(0.01, createRow[0].median) };
      await a10kViewScenarios(ctx, id, bookId);
      await a10kDataScenarios(ctx);
      await classScenarios(ctx);

      // The freeze of issue #13: import A10k through the dialog, highlight, jump and select.
      await freezeScenario(page, { bookText: W.book.text, store, record });
      // Issue #16: save a 1% edit of the book with A10k (on the A10k document again).
      await openTimed(page, id);
      await editScenario(page, { record, runs: Math.min(RUNS, 3) });
    }
  }
  await context.close();
} finally {
  await browser.close();
  close();
}
// After the browser is closed, so the two compete for the machine as little as possible.
if (!ONLY) results.push(...liveRows(root), ...(await liveClickRows(root)));

const out = {
  generated: new Date().toISOString(),
  machine: `${process.platform} ${process.arch}, node ${process.version}`,
  runs: RUNS,
  workloads: W.describe,
  results,
};
if (ONLY === 'a10k') {
  // Only this run's rows change, each in its place; every other figure stays as it was.
  const prev = JSON.parse(readFileSync(resolve(root, 'bench/results.json'), 'utf8'));
  const fresh = new Map(results.map((r) => [r.name, r]));
  // A row renamed since (the reload is now measured to the paint) replaces its old self.
  const renamed = {
    'Reload W-book + A10k (navigation → highlights drawn)':
      'Reload W-book + A10k (navigation → highlights painted)',
  };
  prev.results = prev.results.map((r) => fresh.get(renamed[r.name] ?? r.name) ?? r);
  for (const r of results) if (!prev.results.includes(r)) prev.results.push(r);
  // The table says which rows came from this run, and under what load.
  prev.reruns = [
    ...(prev.reruns ?? []),
    { at: new Date().toISOString(), load: loadavg()[0].toFixed(1), rows: results.length },
  ];
  writeFileSync(resolve(root, 'bench/results.json'), JSON.stringify(prev, null, 2) + '\n');
  writeFileSync(resolve(root, 'bench/RESULTS.md'), report(prev));
  console.log(
    'wrote the A10k reload, scroll, heap and export rows of bench/results.json and RESULTS.md',
  );
} else if (ONLY) {
  writeFileSync(resolve(root, 'bench/.tmp/only.json'), JSON.stringify(out, null, 2) + '\n');
  console.log('wrote bench/.tmp/only.json');
}
if (ONLY === 'edit') {
  // The edit save's rows replace their own in results.json and RESULTS.md (added after the
  // others when absent); every other figure stays as it was.
  const prev = JSON.parse(readFileSync(resolve(root, 'bench/results.json'), 'utf8'));
  const names = new Set(editRows.map((r) => r.name));
  prev.results = prev.results.filter((r) => !names.has(r.name)).concat(editRows);
  // The table says which rows came from this run, and under what load (as for a10k).
  prev.reruns = [
    ...(prev.reruns ?? []).filter((r) => r.only !== 'edit'),
    {
      at: new Date().toISOString(),
      load: loadavg()[0].toFixed(1),
      rows: editRows.length,
      only: 'edit',
    },
  ];
  writeFileSync(resolve(root, 'bench/results.json'), JSON.stringify(prev, null, 2) + '\n');
  writeFileSync(resolve(root, 'bench/RESULTS.md'), report(prev));
  console.log('wrote the edit rows of bench/results.json and bench/RESULTS.md');
} else if (!ONLY) {
  writeFileSync(resolve(root, 'bench/results.json'), JSON.stringify(out, null, 2) + '\n');
  writeFileSync(resolve(root, 'bench/RESULTS.md'), report(out));
  console.log('wrote bench/results.json and bench/RESULTS.md');
}
