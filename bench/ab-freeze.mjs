// A/B of the import figure on a shared machine: `node bench/ab-freeze.mjs <other-root> [pairs]`
// serves this checkout's dist/ and another checkout's dist/ (each built beforehand), seeds
// W-book + A10k in each (two origins, two IndexedDBs, one browser) and alternates the freeze
// scenario's import (freeze.mjs, `importOnly`), so that both builds meet the same load. Prints
// each run's split (the app's `mg:batch:*` marks, ms after confirm), in view, all drawn and the
// longest task, with the load average beside it.
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { launchBrowser, startServer, stats } from './harness.mjs';
import { freshApp, openTimed, seedAnnotations, store } from './app.mjs';
import { freezeScenario } from './freeze.mjs';
import { workloads } from './workloads.mjs';

const here = resolve(import.meta.dirname, '..');
const mine = resolve(process.env.AB_ROOT ?? here);
const other = resolve(process.argv[2] ?? '.');
const pairs = Number(process.argv[3] ?? 3);
const W = workloads(here);

const browser = await launchBrowser();
const builds = [];
try {
  for (const [name, root] of [
    ['this', mine],
    ['other', other],
  ]) {
    const server = await startServer(root);
    const { context, page } = await freshApp(browser, server.origin);
    const id = await store(page, 'kjv-10000.txt', W.book.text);
    await seedAnnotations(page, id, 10000, 2);
    builds.push({ name, root, server, context, page, id, runs: [] });
  }
  for (let k = 0; k < pairs; k++) {
    const order = k % 2 ? [...builds].reverse() : builds;
    for (const b of order) {
      await openTimed(b.page, b.id);
      const load = loadavg()[0];
      if (process.env.AB_TRACE)
        await b.page.evaluate(() => {
          const { app } = window.__marginalia;
          window.__trace = [];
          setInterval(() => {
            const n = app.doc.annotations.length;
            if (window.__trace.at(-1)?.[1] !== n) window.__trace.push([performance.now(), n]);
          }, 20);
        });
      const imp = await freezeScenario(b.page, {
        bookText: W.book.text,
        store,
        record: () => {},
        importOnly: true,
      });
      b.runs.push(imp);
      if (process.env.AB_TRACE)
        console.log(
          await b.page.evaluate(() =>
            window.__trace.map(([t, n]) => `${(t - window.__benchT0).toFixed(0)}:${n}`).join(' '),
          ),
        );
      console.log(
        `${b.name}: ${imp.split}, in view ${imp.applied.toFixed(0)}, all drawn ` +
          `${imp.ms.toFixed(0)}, longest task ${imp.longest.toFixed(0)} (load ${load.toFixed(1)})`,
      );
    }
  }
} finally {
  for (const b of builds) {
    await b.context.close();
    b.server.close();
  }
  await browser.close();
}
const med = (xs) => stats(xs).median.toFixed(0);
for (const b of builds)
  console.log(
    `${b.name} (${b.root}): median in view ${med(b.runs.map((r) => r.applied))}, all drawn ` +
      `${med(b.runs.map((r) => r.ms))}, longest task ${med(b.runs.map((r) => r.longest))}`,
  );
