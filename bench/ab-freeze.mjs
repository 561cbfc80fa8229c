// A/B of the import figure on a shared machine: `node bench/ab-freeze.mjs <other-root> [pairs]`
// serves this checkout's dist/ and another checkout's dist/ (each built beforehand), seeds
// W-book + A10k in each (two origins, two IndexedDBs, one browser) and alternates the freeze
// scenario's import (freeze.mjs, `importOnly`), so that both builds meet the same load. Prints
// each run's split (the app's `mg:batch:*` marks, ms after confirm), in view, near the view drawn
// and the longest task, with the load average beside it. `AB_TRACE=1` adds the page's annotation count
// every 20 ms and a `devtools.timeline` trace of each import (bench/trace.mjs: what each long
// task spent its time on, and when, in ms after confirm); `AB_PROFILE=1` a CPU profile of each
// build's last import (build with `--minify false` for names).
import { loadavg } from 'node:os';
import { stats } from './harness.mjs';
import { printTrace, profileOf, startTrace } from './trace.mjs';
import { openTimed, store } from './app.mjs';
import { freezeScenario } from './freeze.mjs';
import { W, abArgs, inTurn, withBuilds } from './ab-builds.mjs';

const { roots, turns: pairs } = abArgs(3);

const builds = await withBuilds(
  roots,
  () => {},
  async (builds) => {
    for (let k = 0; k < pairs; k++)
      for (const b of inTurn(builds, k)) {
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
        const profiled = process.env.AB_PROFILE && k === pairs - 1;
        const stop = process.env.AB_TRACE || profiled ? await startTrace(b.context, b.page) : null;
        const run = () =>
          freezeScenario(b.page, {
            bookText: W.book.text,
            store,
            record: () => {},
            importOnly: true,
          });
        let imp;
        const profile =
          stop || profiled
            ? await profileOf(b.context, b.page, 200, async () => void (imp = await run()))
            : null;
        if (!profile) imp = await run();
        if (stop)
          printTrace(await stop(), {
            label: b.name,
            top: 6,
            from: 'bench:import',
            until: 'bench:drawn',
            zero: 'bench:confirm',
            profile,
            phases: [
              'bench:confirm',
              ...['put', 'written', 'anchored', 'applied'].map((m) => `mg:batch:${m}`),
              'bench:drawn',
            ],
            window: profiled ? ['bench:confirm', 'bench:drawn'] : undefined,
          });
        b.runs.push(imp);
        if (process.env.AB_TRACE)
          console.log(
            await b.page.evaluate(() =>
              window.__trace.map(([t, n]) => `${(t - window.__benchT0).toFixed(0)}:${n}`).join(' '),
            ),
          );
        console.log(
          `${b.name}: ${imp.split}, in view ${imp.applied.toFixed(0)}, near drawn ` +
            `${imp.ms.toFixed(0)}, longest task ${imp.longest.toFixed(0)} (load ${load.toFixed(1)})`,
        );
      }
    return builds;
  },
);
const med = (xs) => stats(xs).median.toFixed(0);
for (const b of builds)
  console.log(
    `${b.name} (${b.root}): median in view ${med(b.runs.map((r) => r.applied))}, near drawn ` +
      `${med(b.runs.map((r) => r.ms))}, longest task ${med(b.runs.map((r) => r.longest))}`,
  );
