// A/B of "create one annotation with 10,000 present" on a shared machine:
// `node bench/ab-create.mjs [<other-root>] [rounds]` serves this checkout's dist/ (and another
// checkout's dist/, each built beforehand), seeds W-book + A10k in each (two origins, one
// browser), and alternates rounds of creates so both builds meet the same load. Prints, per
// build, the medians of click → committed and drawn, the IndexedDB transaction and the rest.
// `AB_TRACE=1` adds a `devtools.timeline` trace of one round on each build (bench/trace.mjs);
// `AB_PROFILE=1` a CPU profile (build with `--minify false` for names).
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { launchBrowser, printProfile, startServer, stats } from './harness.mjs';
import { freshApp, openTimed, seedAnnotations, store } from './app.mjs';
import { createTimed } from './a10k-view.mjs';
import { workloads } from './workloads.mjs';
import { printInclusive, printTrace, startTrace } from './trace.mjs';

const here = resolve(import.meta.dirname, '..');
const roots = [['this', resolve(process.env.AB_ROOT ?? here)]];
if (process.argv[2]) roots.push(['other', resolve(process.argv[2])]);
const rounds = Number(process.argv[3] ?? 4);
const PER_ROUND = 5;
const W = workloads(here);

const browser = await launchBrowser();
const builds = [];
try {
  for (const [name, root] of roots) {
    const server = await startServer(root);
    const { context, page } = await freshApp(browser, server.origin);
    const id = await store(page, 'kjv-10000.txt', W.book.text);
    await seedAnnotations(page, id, 10000, 2);
    await openTimed(page, id);
    for (let k = 0; k < 2; k++) await createTimed(page); // warm-up
    builds.push({ name, root, server, context, page, runs: [] });
  }
  for (let k = 0; k < rounds; k++) {
    for (const b of k % 2 ? [...builds].reverse() : builds)
      for (let i = 0; i < PER_ROUND; i++) b.runs.push(await createTimed(b.page));
    console.log(`round ${k + 1}/${rounds}, load ${loadavg()[0].toFixed(1)}`);
  }
  for (const b of builds) {
    if (process.env.AB_TRACE) {
      const stop = await startTrace(b.context, b.page);
      for (let i = 0; i < PER_ROUND; i++) await createTimed(b.page);
      printTrace(await stop(), { label: `${b.name} trace (${PER_ROUND} creates)` });
    }
    if (process.env.AB_PROFILE) {
      const cdp = await b.context.newCDPSession(b.page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      for (let i = 0; i < PER_ROUND * 2; i++) await createTimed(b.page);
      const { profile } = await cdp.send('Profiler.stop');
      console.log(`${b.name}, profile of ${PER_ROUND * 2} creates:`);
      printProfile(profile, 30);
      printInclusive(profile, 60);
      await cdp.detach();
    }
  }
} finally {
  for (const b of builds) {
    await b.context.close();
    b.server.close();
  }
  await browser.close();
}

const fmt = (xs) => {
  const s = stats(xs);
  return `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
};
for (const b of builds)
  console.log(
    `${b.name} (${b.root}): total ${fmt(b.runs.map((r) => r.total))} ms, transaction ` +
      `${fmt(b.runs.map((r) => r.write))}, rest ${fmt(b.runs.map((r) => r.total - r.write))}, ` +
      `apply ${fmt(b.runs.map((r) => r.main))}`,
  );
