// A/B of "create one annotation with 10,000 present" on a shared machine:
// `node bench/ab-create.mjs [<other-root>] [rounds]` serves this checkout's dist/ (and another
// checkout's dist/, each built beforehand), seeds W-book + A10k in each (two origins, one
// browser), and alternates rounds of creates so both builds meet the same load. Prints, per
// build, the medians of click → committed and drawn, the IndexedDB transaction and the rest.
// `AB_TRACE=1` adds a `devtools.timeline` trace of one round on each build (bench/trace.mjs);
// `AB_PROFILE=1` a CPU profile (build with `--minify false` for names).
import { loadavg } from 'node:os';
import { printProfile, stats } from './harness.mjs';
import { openTimed } from './app.mjs';
import { createTimed } from './a10k-view.mjs';
import { printInclusive, printTrace, profileOf, startTrace } from './trace.mjs';
import { abArgs, inTurn, withBuilds } from './ab-builds.mjs';

const { roots, turns: rounds } = abArgs(4);
const PER_ROUND = 5;

const builds = await withBuilds(
  roots,
  async ({ page, id }) => {
    await openTimed(page, id);
    for (let k = 0; k < 2; k++) await createTimed(page); // warm-up
  },
  async (builds) => {
    for (let k = 0; k < rounds; k++) {
      for (const b of inTurn(builds, k))
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
        const profile = await profileOf(b.context, b.page, 100, async () => {
          for (let i = 0; i < PER_ROUND * 2; i++) await createTimed(b.page);
        });
        console.log(`${b.name}, profile of ${PER_ROUND * 2} creates:`);
        printProfile(profile, 30);
        printInclusive(profile, 60);
      }
    }
    return builds;
  },
);

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
