// A/B of the reload figure on a shared machine: `node bench/ab-reload.mjs <other-root> [pairs]`
// serves this checkout's dist/ and another checkout's dist/ (each built beforehand), seeds
// W-book + A10k in each (two origins, two IndexedDBs, one browser) and alternates their reloads,
// so that both builds meet the same load. Prints, per build, the median reload to "highlights
// painted" (bench/app.mjs, `markPainted`) with and without the annotations, the extra, and the median of each `mg:open:*` mark.
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { launchBrowser, printProfile, startServer, stats } from './harness.mjs';
import { freshApp, openTimed, reloadTimed, seedAnnotations, store } from './app.mjs';
import { workloads } from './workloads.mjs';

const here = resolve(import.meta.dirname, '..');
/** Where this build's dist/ is (`AB_ROOT`, default this checkout). */
const mine = resolve(process.env.AB_ROOT ?? here);
const other = resolve(process.argv[2] ?? '.');
const pairs = Number(process.argv[3] ?? 6);
const W = workloads(here);

const reload = reloadTimed;

const browser = await launchBrowser();
const builds = [];
try {
  for (const [name, root] of [
    ['this', mine],
    ['other', other],
  ]) {
    const server = await startServer(root);
    const { context, page } = await freshApp(browser, server.origin);
    const bookId = await store(page, 'kjv.txt', W.book.text);
    const id = await store(page, 'kjv-10000.txt', W.book.text);
    await seedAnnotations(page, id, 10000, 2);
    await openTimed(page, id);
    await reload(page, bookId); // warm-up
    await reload(page, id);
    builds.push({ name, root, server, context, page, bookId, id, plain: [], a10k: [] });
  }
  for (let k = 0; k < pairs; k++) {
    const order = k % 2 ? [...builds].reverse() : builds;
    for (const b of order) {
      // Each recorded reload follows one of the same document, as a reader reloading it.
      await reload(b.page, b.bookId);
      b.plain.push(await reload(b.page, b.bookId));
      await reload(b.page, b.id);
      b.a10k.push(await reload(b.page, b.id));
    }
    console.log(`pair ${k + 1}/${pairs}, load ${loadavg()[0].toFixed(1)}`);
  }
  // `AB_PROFILE=1`: the top functions of a CPU profile of one A10k reload of each build (build
  // with `--minify false` for names).
  if (process.env.AB_PROFILE)
    for (const b of builds) {
      await reload(b.page, b.id); // the profiled reload follows one of the same document
      const cdp = await b.context.newCDPSession(b.page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      const marks = await reload(b.page, b.id);
      const { profile } = await cdp.send('Profiler.stop');
      console.log(`${b.name}, profiled reload:`, JSON.stringify(marks));
      printProfile(profile, 30);
      printInclusive(profile, 40);
      await cdp.detach();
    }
} finally {
  for (const b of builds) {
    await b.context.close();
    b.server.close();
  }
  await browser.close();
}

/** The `top` functions of the app's own files with the most time including their callees. */
function printInclusive(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, k) =>
    self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[k] / 1000),
  );
  const total = new Map();
  const visit = (n, seen) => {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    let ms = self.get(n.id) ?? 0;
    for (const c of n.children ?? []) ms += visit(byId.get(c), new Set([...seen, key]));
    if (f.url.includes('/assets/') && !seen.has(key)) total.set(key, (total.get(key) ?? 0) + ms);
    return ms;
  };
  visit(profile.nodes[0], new Set());
  for (const [k, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`inclusive ${ms.toFixed(0).padStart(7)} ms  ${k}`);
}

/** The figure: navigation → the highlights in view painted (bench/app.mjs, `markPainted`). */
const FIGURE = 'bench:painted';
const med = (runs, mark) => stats(runs.map((r) => r[mark] ?? NaN)).median;
for (const b of pairs ? builds : []) {
  const plain = med(b.plain, FIGURE);
  const a10k = med(b.a10k, FIGURE);
  console.log(
    `${b.name} (${b.root}): reload ${a10k.toFixed(0)} ms with A10k, ${plain.toFixed(0)} ms ` +
      `without, extra ${(a10k - plain).toFixed(0)} ms; pairs' extras ` +
      b.a10k.map((r, i) => (r[FIGURE] - b.plain[i][FIGURE]).toFixed(0)),
  );
  const marks = Object.keys(b.a10k[0]).sort((x, y) => med(b.a10k, x) - med(b.a10k, y));
  for (const [label, runs] of [
    ['  marks with A10k', b.a10k],
    ['  marks without', b.plain],
  ])
    console.log(label + ': ' + marks.map((m) => `${m} ${med(runs, m).toFixed(0)}`).join(', '));
}
